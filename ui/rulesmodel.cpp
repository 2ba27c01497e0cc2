#include "rulesmodel.h"

#include "projectsession.h"

#include "core/apidocument.h"
#include "core/jsonparser.h"
#include "core/jsonwriter.h"
#include "core/regex.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;
using core::JsonArray;
using core::JsonObject;

namespace {
const QStringList kMatchers = {u"equals"_s, u"regex"_s, u"exists"_s, u"absent"_s};
const QStringList kSources = {u"path"_s, u"query"_s, u"header"_s, u"cookie"_s};
} // namespace

RulesModel::RulesModel(ProjectSession *session, QObject *parent)
    : OperationListModel(session, u"x-portico-rules"_s, {tr("When"), tr("Status"), tr("Example")}, parent)
{
}

QStringList RulesModel::conditionProblems(const Json &when)
{
    if (when.isNull())
        return {};
    if (!when.isObject())
        return {tr("the conditions must be an object of selector: matcher")};
    QStringList out;
    for (const auto &[selector, matcher] : when.toObject()) {
        const bool body = selector == u"body" || selector.startsWith(u"body/");
        const QString source = selector.section(u'.', 0, 0);
        if (!body && (!kSources.contains(source) || selector.section(u'.', 1).isEmpty()))
            out << tr("%1: a selector is path.NAME, query.NAME, header.NAME, cookie.NAME, body or body/POINTER").arg(selector);
        const JsonObject &m = matcher.toObject();
        if (!matcher.isObject() || m.size() != 1 || !kMatchers.contains(m.at(0).first)) {
            out << tr("%1: a matcher is exactly one of {equals: V}, {regex: \"...\"}, {exists: true}, {absent: true}").arg(selector);
            continue;
        }
        const QString test = m.at(0).first;
        const Json &v = m.at(0).second;
        if (test == u"regex") {
            QString error;
            if (!v.isString())
                out << tr("%1: regex must be a string").arg(selector);
            else if (!core::Regex::compile(v.toString(), &error))
                out << tr("%1: regex: %2").arg(selector, error);
        } else if ((test == u"exists" || test == u"absent") && !v.toBool()) {
            out << tr("%1: %2 must be true").arg(selector, test);
        }
    }
    return out;
}

QString RulesModel::summary(const Json &when)
{
    QStringList parts;
    for (const auto &[selector, matcher] : when.toObject()) {
        const JsonObject &m = matcher.toObject();
        const QString test = m.isEmpty() ? QString() : m.at(0).first;
        if (test == u"equals")
            parts << selector + u" = "_s + QString::fromUtf8(core::toJson(matcher[u"equals"]));
        else if (test == u"regex")
            parts << selector + u" ~ /"_s + matcher[u"regex"].toString() + u'/';
        else if (test == u"exists" || test == u"absent")
            parts << selector + u' ' + test;
        else
            parts << selector + u" ?"_s;
    }
    return parts.isEmpty() ? tr("always") : parts.join(tr(" and "));
}

QStringList RulesModel::documentedStatuses() const
{
    QStringList out;
    if (const auto ep = session()->document()->endpoint(operation().path, operation().method)) {
        for (const core::ApiResponse &r : ep->responses) {
            bool numeric = false;
            r.status.toInt(&numeric);
            if (numeric)
                out << r.status;
        }
    }
    return out;
}

QStringList RulesModel::exampleNames(int status) const
{
    QStringList out;
    if (const auto ep = session()->document()->endpoint(operation().path, operation().method)) {
        for (const core::ApiResponse &r : ep->responses) {
            if (r.status != QString::number(status))
                continue;
            for (const core::ApiMediaType &m : r.content) {
                for (const auto &[name, example] : m.examples) {
                    if (!out.contains(name))
                        out << name;
                }
            }
        }
    }
    return out;
}

QVariant RulesModel::data(const QModelIndex &index, int role) const
{
    if (!isValidCell(index))
        return {};
    const Json &rule = entry(index.row());
    if (role == WhenRole)
        return QString::fromUtf8(core::toJson(rule[u"when"].isNull() ? Json(JsonObject{}) : rule[u"when"], core::JsonStyle::Indented));
    switch (index.column()) {
    case Conditions:
        if (role == Qt::DisplayRole)
            return summary(rule[u"when"]);
        if (role == Qt::EditRole)
            return QString::fromUtf8(core::toJson(rule[u"when"].isNull() ? Json(JsonObject{}) : rule[u"when"]));
        if (role == Qt::ToolTipRole) {
            const QStringList problems = conditionProblems(rule[u"when"]);
            return problems.isEmpty() ? QString() : problems.join(u'\n');
        }
        break;
    case Status:
        if (role == Qt::DisplayRole || role == Qt::EditRole)
            return QString::number(rule[u"respond"][u"status"].toInteger(200));
        break;
    case Example:
        if (role == Qt::DisplayRole || role == Qt::EditRole) {
            if (rule[u"respond"].toObject().contains(u"body"))
                return role == Qt::DisplayRole ? tr("(literal body)") : QString();
            return rule[u"respond"][u"example"].toString();
        }
        break;
    default:
        break;
    }
    return {};
}

bool RulesModel::setConditions(int row, const Json &when)
{
    if (row < 0 || row >= rowCount() || !conditionProblems(when).isEmpty())
        return false;
    Json rule = entry(row);
    rule.object().insert(u"when"_s, when.isNull() ? Json(JsonObject{}) : when);
    return replaceEntry(row, std::move(rule), tr("Set the conditions of rule %1 of %2").arg(row + 1).arg(operation().label()));
}

bool RulesModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !isValidCell(index))
        return false;
    const int row = index.row();
    const QString text = value.toString().trimmed();
    if (index.column() == Conditions) {
        auto parsed = core::JsonParser().parse(text.isEmpty() ? QByteArrayLiteral("{}") : text.toUtf8());
        return parsed.ok() && setConditions(row, parsed.value());
    }
    JsonObject rule = entry(row).toObject();
    JsonObject respond = rule.value(u"respond").toObject();
    QString step;
    if (index.column() == Status) {
        bool ok = false;
        const int status = text.toInt(&ok);
        if (!ok || status < 100 || status > 599)
            return false;
        respond.insert(u"status"_s, Json(status));
        // A named example belongs to one response: it goes when the status no longer has it.
        if (!exampleNames(status).contains(respond.value(u"example").toString()))
            respond.remove(u"example");
        step = tr("Make rule %1 of %2 answer %3").arg(row + 1).arg(operation().label()).arg(status);
    } else if (index.column() == Example) {
        if (text.isEmpty()) {
            respond.remove(u"example");
        } else {
            respond.insert(u"example"_s, Json(text));
            respond.remove(u"body"); // `example` and `body` are exclusive
        }
        step = text.isEmpty() ? tr("Clear the example of rule %1 of %2").arg(row + 1).arg(operation().label())
                              : tr("Make rule %1 of %2 answer example %3").arg(row + 1).arg(operation().label(), text);
    } else {
        return false;
    }
    rule.insert(u"respond"_s, Json(respond));
    return replaceEntry(row, Json(rule), step);
}

int RulesModel::addRule()
{
    if (operation().isEmpty())
        return -1;
    // A new rule must not catch everything (an empty `when` always matches): it starts on a path
    // parameter when there is one, else on a query parameter a client opts into.
    static const QRegularExpression templ(u"\\{([^}/]+)\\}"_s);
    const auto match = templ.match(operation().path);
    const Json when = match.hasMatch()
        ? Json(JsonObject{{u"path."_s + match.captured(1), Json(JsonObject{{u"equals"_s, Json(u"0"_s)}})}})
        : Json(JsonObject{{u"query.scenario"_s, Json(JsonObject{{u"equals"_s, Json(u"error"_s)}})}});
    const QStringList statuses = documentedStatuses();
    int status = statuses.isEmpty() ? 200 : statuses.first().toInt();
    for (const QString &s : statuses) {
        if (s.toInt() >= 400) {
            status = s.toInt();
            break;
        }
    }
    return appendEntry(Json(JsonObject{{u"when"_s, when}, {u"respond"_s, Json(JsonObject{{u"status"_s, Json(status)}})}}),
                       tr("Add a rule to %1").arg(operation().label()));
}

bool RulesModel::removeRule(int row)
{
    return removeEntry(row, tr("Remove rule %1 of %2").arg(row + 1).arg(operation().label()));
}

bool RulesModel::moveRule(int row, int delta)
{
    const int to = row + delta;
    if (row < 0 || row >= rowCount() || to < 0 || to >= rowCount() || delta == 0)
        return false;
    JsonArray rules = entries();
    std::swap(rules[size_t(row)], rules[size_t(to)]);
    write(std::move(rules), tr("Move rule %1 of %2").arg(row + 1).arg(operation().label()));
    return true;
}

} // namespace portico::ui
