#include "rulecondition.h"

#include "core/jsonwriter.h"

using namespace Qt::StringLiterals;

namespace portico::mock {

using core::Json;

namespace {

QString textOf(const Json &v)
{
    return v.isString() ? v.toString() : QString::fromUtf8(core::toJson(v));
}

} // namespace

bool RuleCondition::holds(const QList<Json> &values) const
{
    switch (test) {
    case Test::Exists:
        return !values.isEmpty();
    case Test::Absent:
        return values.isEmpty();
    case Test::Equals:
        return std::any_of(values.begin(), values.end(), [this](const Json &v) {
            return source == Source::Body ? v == expected : textOf(v) == textOf(expected);
        });
    case Test::Regex:
        return std::any_of(values.begin(), values.end(),
                           [this](const Json &v) { return regex->search(textOf(v)) == core::Regex::Match::Yes; });
    }
    return false;
}

QList<RuleCondition> compileConditions(const Json &when)
{
    QList<RuleCondition> conditions;
    for (const auto &[selector, matcher] : when.toObject()) {
        RuleCondition c;
        if (selector == u"body" || selector.startsWith(u"body/")) {
            c.source = RuleCondition::Source::Body;
            c.name = selector.mid(4);
        } else {
            const QString kind = selector.section(u'.', 0, 0);
            c.name = selector.section(u'.', 1);
            if (kind == u"path")
                c.source = RuleCondition::Source::Path;
            else if (kind == u"query")
                c.source = RuleCondition::Source::Query;
            else if (kind == u"header")
                c.source = RuleCondition::Source::Header, c.name = c.name.toLower();
            else if (kind == u"cookie")
                c.source = RuleCondition::Source::Cookie;
            else
                continue;
        }
        if (matcher.toObject().contains(u"equals")) {
            c.test = RuleCondition::Test::Equals;
            c.expected = matcher[u"equals"];
        } else if (matcher[u"regex"].isString()) {
            c.test = RuleCondition::Test::Regex;
            c.regex = core::Regex::compile(matcher[u"regex"].toString());
            if (!c.regex)
                continue;
        } else if (matcher[u"exists"].toBool()) {
            c.test = RuleCondition::Test::Exists;
        } else if (matcher[u"absent"].toBool()) {
            c.test = RuleCondition::Test::Absent;
        } else {
            continue;
        }
        conditions.append(std::move(c));
    }
    return conditions;
}

} // namespace portico::mock
