// Form bodies (application/x-www-form-urlencoded, multipart/form-data) decoded into the object their schema
// describes, so that every constraint applies as to a JSON body. How each field is read is planned once per
// operation from the schema and the media type's `encoding` object (OpenAPI 3.1 §4.8.15): arrays from
// repeated fields or one delimited value, objects from `k,v` pairs or bracketed keys, multipart parts that
// hold JSON, and the content types a part may have.
#pragma once

#include "parameterstyles.h"

#include "core/json.h"
#include "core/validationerror.h"

#include <QHash>
#include <QStringList>

#include <optional>

namespace portico::mock {

struct FormField
{
    enum class Shape { Scalar, Array, Object };
    Shape shape = Shape::Scalar;
    bool jsonItems = false; // a multipart part without a type of its own holds JSON (objects, by default)
    bool text = false; // a string (or strings): a part stays text whatever type it says it is
    ParameterStyle style = ParameterStyle::Form;
    bool explode = true;
    QStringList contentTypes; // a multipart part's allowed types ("image/png", "image/*"); empty: any
};

struct FormPlan
{
    QHash<QString, FormField> fields; // by property name; a field not listed is a string
    QStringList propertyNames;
};

// Plans the fields of `schema` (a `$ref` chain is followed in `document`) with `encoding`.
FormPlan planForm(const core::Json &schema, const core::Json &encoding, const core::Json &document, bool multipart);

struct FormPart
{
    QString name;
    QByteArray contentType; // as the part says, lower case without parameters; empty when it says none
    QByteArray content;
};

// A multipart/form-data body's parts; nullopt when it is malformed.
std::optional<QList<FormPart>> parseMultipart(const QByteArray &body, const QByteArray &contentType);
// An application/x-www-form-urlencoded body's fields, decoded.
QList<FormPart> parseUrlEncoded(const QByteArray &body);

// The object the fields make, values still strings where the form sent strings (validation converts them);
// errors for parts that are not what the plan allows (JSON that does not parse, a type not allowed).
core::Json decodeForm(const QList<FormPart> &parts, const FormPlan &plan, core::ValidationErrors *errors);

} // namespace portico::mock
