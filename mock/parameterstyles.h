// Parameter values as OpenAPI serializes them (3.1 §4.8.12.4, style and explode) in each location, turned
// back into strings, arrays of strings and objects of strings for validation (which then converts the
// strings to the schema's types). Stripe-style bracketed keys (`metadata[plan]=gold`, `expand[]=a`,
// `items[0][price]=x`) are read as deepObject, in the query and in form bodies alike.
#pragma once

#include "core/json.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace portico::mock {

enum class ParameterStyle { Form, SpaceDelimited, PipeDelimited, DeepObject, Simple, Label, Matrix };

// The style a parameter is written with, or the default of its location (form for query and cookie, simple
// for path and header); nullopt for a style OpenAPI does not define.
std::optional<ParameterStyle> parameterStyle(const QString &style, const QString &in);
// OpenAPI's explode default: true for form, false otherwise.
bool defaultExplode(ParameterStyle style);

// The items of an array parameter from its raw values (repeated keys for exploded form; one value to split
// for the others).
QStringList arrayItems(const QStringList &raw, ParameterStyle style, bool explode, const QString &name);
// An object parameter from one raw value of a path or header (simple, label, matrix) or of a non-exploded
// form query (`id=role,admin,name,Ada`); nullopt when it is not in that shape.
std::optional<core::JsonObject> objectFromValue(const QString &raw, ParameterStyle style, bool explode, const QString &name);
// An object parameter from query items: deepObject (`name[key]=value`, nested and with arrays), or the
// exploded form style's keys that are the object's `properties` (when it lists none, every key no other
// parameter of the operation claims).
std::optional<core::JsonObject> objectFromQuery(const QList<std::pair<QString, QString>> &query, ParameterStyle style,
                                                const QString &name, const QStringList &properties,
                                                const QStringList &claimed);
// The items of an array sent as `name[]=a&name[]=b` or `name[0]=a&name[1]=b` (deepObject-style clients).
QStringList bracketedItems(const QList<std::pair<QString, QString>> &query, const QString &name);

// Adds `key=value` to `root`, reading brackets as nesting: `a[b][c]` is {"a":{"b":{"c":…}}}, `a[]` and `a[0]`
// are array items. Returns false for a key whose brackets do not close (it is then a plain key).
bool insertBracketed(core::JsonObject &root, QStringView key, const QString &value);

} // namespace portico::mock
