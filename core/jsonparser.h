#pragma once

#include "json.h"
#include "result.h"
#include "sourcemap.h"

#include <QByteArrayView>

namespace portico::core {

struct JsonParseOptions
{
    // Deeper nesting is an error, never a stack overflow.
    int maxDepth = 256;
    // Project files reject duplicate keys (almost always a mistake); request bodies keep the last one, as
    // Python's json module (and so FastAPI) does.
    bool rejectDuplicateKeys = false;
    // When set, receives the position of every value (costly; for project files, not request bodies).
    SourceMap *sourceMap = nullptr;
};

// Details of a syntax error, in the terms FastAPI reports json_invalid: Python's json module message
// ("Expecting value", "Expecting ',' delimiter", ...) and the character offset into the text.
struct JsonSyntaxError
{
    QString message;
    qsizetype characterOffset = 0;
    int line = 0;
    int column = 0;
};

// A strict RFC 8259 parser of UTF-8 text that keeps key order and (optionally) positions. Qt's
// QJsonDocument sorts keys and reports no line numbers, so it cannot serve as the project file reader; one
// parser then also serves request bodies, giving both the same depth limit and error wording.
struct JsonParserScratch;

class JsonParser
{
public:
    explicit JsonParser(JsonParseOptions options = {}) : m_options(options) {}

    // On failure the Error's message is the syntax error text and location.line/column are set;
    // syntaxError() gives the Python-style details.
    Result<Json> parse(QByteArrayView utf8);
    const JsonSyntaxError &syntaxError() const { return m_error; }

private:
    JsonParseOptions m_options;
    JsonSyntaxError m_error;
};

// Convenience for trusted or test input; returns null on error.
Json parseJson(QByteArrayView utf8);

} // namespace portico::core
