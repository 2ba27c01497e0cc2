// JSON values as XML, for answering `application/xml` with what a schema describes. The OpenAPI `xml`
// object of each schema shapes the document: element names, attributes, wrapped arrays, namespaces and
// prefixes (OpenAPI 3.1 §4.8.26).
#pragma once

#include "json.h"

#include <QByteArray>

namespace portico::core {

// `value` as an XML document. `schema` (resolved against `document`) names the elements; without a name
// the root is named after the model a `$ref` points to, else "root". Strings that are already XML (an
// example written as XML text) are returned as they are.
QByteArray toXml(const Json &value, const Json &schema, const Json &document);

} // namespace portico::core
