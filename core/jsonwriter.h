#pragma once

#include "json.h"

#include <QByteArray>

namespace portico::core {

enum class JsonStyle { Compact, Indented };

// Serialises a value as UTF-8 JSON, keys in their stored order. Deterministic: the same value always gives
// the same bytes, and a double that was written as 1.0 stays 1.0 so formatting never changes a number's type.
QByteArray toJson(const Json &value, JsonStyle style = JsonStyle::Compact);
void appendJson(QByteArray &out, const Json &value, JsonStyle style = JsonStyle::Compact);

// Shortest text that reads back as the same double (JSON has no NaN or infinity: those become null).
QByteArray formatDouble(double d);

} // namespace portico::core
