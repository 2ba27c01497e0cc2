#pragma once

#include "core/json.h"

#include <QStringList>

namespace portico::core {
class ApiDocument;
}

namespace portico::ui::fieldschema {

// How the model editor presents and changes a property schema: one "type" word for the table ("string",
// "array of Item", "Item", "enum", "union", "any") and the edits behind the type, nullable and constraint
// controls. Pure functions over Json, so they are tested without widgets.

inline constexpr QStringView kRefPrefix = u"#/components/schemas/";

// The base kind that decides which constraints apply: string, integer, number, boolean, array, object,
// ref, enum, union, any.
QString kind(const core::Json &schema);
QString typeLabel(const core::Json &schema);
// The labels offered in the type picker for a document with these models.
QStringList typeChoices(const QStringList &models);
// The schema with its type replaced by `label`; constraints that do not apply to the new type are dropped,
// description, default (if still valid in kind), examples and x-* members stay.
core::Json withType(const core::Json &schema, const QString &label);
bool isNullable(const core::Json &schema);
core::Json withNullable(const core::Json &schema, bool nullable);

// The constraint keywords shown for a kind, in display order.
QStringList constraintKeys(const QString &kind);

// What is wrong with the constraints as typed: min > max, a pattern that does not compile, a default or an
// example that breaks the schema. Each entry is "keyword: message".
QStringList constraintProblems(const core::Json &schema, const core::Json &documentRoot);

} // namespace portico::ui::fieldschema
