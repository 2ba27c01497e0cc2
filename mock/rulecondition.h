#pragma once

#include "core/json.h"
#include "core/regex.h"

#include <QList>

#include <memory>

namespace portico::mock {

// One `when` entry of x-portico-rules (and of x-portico-websocket replies), compiled once per document
// version: the selector split into where the value comes from, the test, and a compiled regex.
struct RuleCondition
{
    enum class Source { Path, Query, Header, Cookie, Body };
    Source source = Source::Path;
    QString name; // parameter name, or JSON pointer into the body ("" = whole body)
    enum class Test { Equals, Regex, Exists, Absent };
    Test test = Test::Equals;
    core::Json expected;
    std::shared_ptr<const core::Regex> regex;

    // Whether the condition holds for the values its source yielded (none: absent). Parameters are strings,
    // so for them `equals` compares with the expected value written as a string.
    bool holds(const QList<core::Json> &values) const;
};

// Compiles a `when` object ({"path.id": {"equals": "0"}, "body/kind": {"regex": "^a"}}). Entries with an
// unknown selector or matcher, or a regex that does not compile, are skipped, as the reference describes.
QList<RuleCondition> compileConditions(const core::Json &when);

} // namespace portico::mock
