#include "canonicalorder.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace portico::core {
namespace {

enum class Kind {
    Data, // never reordered
    Document, Info, Contact, License, Server, ServerVariable, Tag, ExternalDocs, PathItem, Operation, Parameter,
    RequestBody, MediaType, Encoding, Response, Header, Example, Link, Components, SecurityScheme, OAuthFlows,
    OAuthFlow, Schema, Discriminator, Xml,
    // Containers whose own keys keep the author's order; the value says what their members are.
    MapOfServerVariable, MapOfPathItem, MapOfResponse, MapOfMediaType, MapOfHeader, MapOfExample, MapOfLink,
    MapOfEncoding, MapOfSchema, MapOfParameter, MapOfRequestBody, MapOfSecurityScheme, MapOfCallback,
    ArrayOfServer, ArrayOfTag, ArrayOfParameter, ArrayOfSchema,
};

struct Field
{
    QString name;
    Kind kind;
};

struct Shape
{
    QList<Field> fields;
    Kind extra = Kind::Data; // for maps: the kind of every member
    bool isMap = false;
    bool isArray = false;
};

QHash<Kind, Shape> buildShapes()
{
    const QList<Field> schemaFields = {
        {u"$schema"_s, Kind::Data}, {u"$id"_s, Kind::Data}, {u"$anchor"_s, Kind::Data}, {u"$dynamicAnchor"_s, Kind::Data},
        {u"$ref"_s, Kind::Data}, {u"$dynamicRef"_s, Kind::Data}, {u"$comment"_s, Kind::Data}, {u"title"_s, Kind::Data},
        {u"description"_s, Kind::Data}, {u"type"_s, Kind::Data}, {u"format"_s, Kind::Data},
        {u"contentMediaType"_s, Kind::Data}, {u"contentEncoding"_s, Kind::Data}, {u"contentSchema"_s, Kind::Schema},
        {u"const"_s, Kind::Data}, {u"enum"_s, Kind::Data}, {u"default"_s, Kind::Data}, {u"multipleOf"_s, Kind::Data},
        {u"minimum"_s, Kind::Data}, {u"exclusiveMinimum"_s, Kind::Data}, {u"maximum"_s, Kind::Data},
        {u"exclusiveMaximum"_s, Kind::Data}, {u"minLength"_s, Kind::Data}, {u"maxLength"_s, Kind::Data},
        {u"pattern"_s, Kind::Data}, {u"prefixItems"_s, Kind::ArrayOfSchema}, {u"items"_s, Kind::Schema},
        {u"contains"_s, Kind::Schema}, {u"minContains"_s, Kind::Data}, {u"maxContains"_s, Kind::Data},
        {u"minItems"_s, Kind::Data}, {u"maxItems"_s, Kind::Data}, {u"uniqueItems"_s, Kind::Data},
        {u"unevaluatedItems"_s, Kind::Schema}, {u"properties"_s, Kind::MapOfSchema},
        {u"patternProperties"_s, Kind::MapOfSchema}, {u"additionalProperties"_s, Kind::Schema},
        {u"propertyNames"_s, Kind::Schema}, {u"unevaluatedProperties"_s, Kind::Schema}, {u"required"_s, Kind::Data},
        {u"dependentRequired"_s, Kind::Data}, {u"dependentSchemas"_s, Kind::MapOfSchema},
        {u"minProperties"_s, Kind::Data}, {u"maxProperties"_s, Kind::Data}, {u"allOf"_s, Kind::ArrayOfSchema},
        {u"anyOf"_s, Kind::ArrayOfSchema}, {u"oneOf"_s, Kind::ArrayOfSchema}, {u"not"_s, Kind::Schema},
        {u"if"_s, Kind::Schema}, {u"then"_s, Kind::Schema}, {u"else"_s, Kind::Schema},
        {u"discriminator"_s, Kind::Discriminator}, {u"readOnly"_s, Kind::Data}, {u"writeOnly"_s, Kind::Data},
        {u"deprecated"_s, Kind::Data}, {u"xml"_s, Kind::Xml}, {u"externalDocs"_s, Kind::ExternalDocs},
        {u"example"_s, Kind::Data}, {u"examples"_s, Kind::Data}, {u"$defs"_s, Kind::MapOfSchema}};
    const QList<Field> operationFields = {
        {u"tags"_s, Kind::Data}, {u"summary"_s, Kind::Data}, {u"description"_s, Kind::Data},
        {u"externalDocs"_s, Kind::ExternalDocs}, {u"operationId"_s, Kind::Data},
        {u"parameters"_s, Kind::ArrayOfParameter}, {u"requestBody"_s, Kind::RequestBody},
        {u"responses"_s, Kind::MapOfResponse}, {u"callbacks"_s, Kind::MapOfCallback}, {u"deprecated"_s, Kind::Data},
        {u"security"_s, Kind::Data}, {u"servers"_s, Kind::ArrayOfServer}};
    QHash<Kind, Shape> s;
    s[Kind::Document] = {{{u"openapi"_s, Kind::Data}, {u"info"_s, Kind::Info}, {u"jsonSchemaDialect"_s, Kind::Data},
                          {u"servers"_s, Kind::ArrayOfServer}, {u"tags"_s, Kind::ArrayOfTag}, {u"security"_s, Kind::Data},
                          {u"paths"_s, Kind::MapOfPathItem}, {u"webhooks"_s, Kind::MapOfPathItem},
                          {u"components"_s, Kind::Components}, {u"externalDocs"_s, Kind::ExternalDocs}}};
    s[Kind::Info] = {{{u"title"_s, Kind::Data}, {u"summary"_s, Kind::Data}, {u"description"_s, Kind::Data},
                      {u"termsOfService"_s, Kind::Data}, {u"contact"_s, Kind::Contact}, {u"license"_s, Kind::License},
                      {u"version"_s, Kind::Data}}};
    s[Kind::Contact] = {{{u"name"_s, Kind::Data}, {u"url"_s, Kind::Data}, {u"email"_s, Kind::Data}}};
    s[Kind::License] = {{{u"name"_s, Kind::Data}, {u"identifier"_s, Kind::Data}, {u"url"_s, Kind::Data}}};
    s[Kind::Server] = {{{u"url"_s, Kind::Data}, {u"description"_s, Kind::Data}, {u"variables"_s, Kind::MapOfServerVariable}}};
    s[Kind::ServerVariable] = {{{u"enum"_s, Kind::Data}, {u"default"_s, Kind::Data}, {u"description"_s, Kind::Data}}};
    s[Kind::Tag] = {{{u"name"_s, Kind::Data}, {u"description"_s, Kind::Data}, {u"externalDocs"_s, Kind::ExternalDocs}}};
    s[Kind::ExternalDocs] = {{{u"description"_s, Kind::Data}, {u"url"_s, Kind::Data}}};
    s[Kind::PathItem] = {{{u"$ref"_s, Kind::Data}, {u"summary"_s, Kind::Data}, {u"description"_s, Kind::Data},
                          {u"servers"_s, Kind::ArrayOfServer}, {u"parameters"_s, Kind::ArrayOfParameter},
                          {u"get"_s, Kind::Operation}, {u"put"_s, Kind::Operation}, {u"post"_s, Kind::Operation},
                          {u"delete"_s, Kind::Operation}, {u"options"_s, Kind::Operation}, {u"head"_s, Kind::Operation},
                          {u"patch"_s, Kind::Operation}, {u"trace"_s, Kind::Operation}}};
    s[Kind::Operation] = {operationFields};
    s[Kind::Parameter] = {{{u"$ref"_s, Kind::Data}, {u"name"_s, Kind::Data}, {u"in"_s, Kind::Data}, {u"description"_s, Kind::Data},
                           {u"required"_s, Kind::Data}, {u"deprecated"_s, Kind::Data}, {u"allowEmptyValue"_s, Kind::Data},
                           {u"style"_s, Kind::Data}, {u"explode"_s, Kind::Data}, {u"allowReserved"_s, Kind::Data},
                           {u"schema"_s, Kind::Schema}, {u"example"_s, Kind::Data}, {u"examples"_s, Kind::MapOfExample},
                           {u"content"_s, Kind::MapOfMediaType}}};
    s[Kind::RequestBody] = {{{u"$ref"_s, Kind::Data}, {u"description"_s, Kind::Data}, {u"content"_s, Kind::MapOfMediaType},
                             {u"required"_s, Kind::Data}}};
    s[Kind::MediaType] = {{{u"schema"_s, Kind::Schema}, {u"example"_s, Kind::Data}, {u"examples"_s, Kind::MapOfExample},
                           {u"encoding"_s, Kind::MapOfEncoding}}};
    s[Kind::Encoding] = {{{u"contentType"_s, Kind::Data}, {u"headers"_s, Kind::MapOfHeader}, {u"style"_s, Kind::Data},
                          {u"explode"_s, Kind::Data}, {u"allowReserved"_s, Kind::Data}}};
    s[Kind::Response] = {{{u"$ref"_s, Kind::Data}, {u"description"_s, Kind::Data}, {u"headers"_s, Kind::MapOfHeader},
                          {u"content"_s, Kind::MapOfMediaType}, {u"links"_s, Kind::MapOfLink}}};
    s[Kind::Header] = {{{u"$ref"_s, Kind::Data}, {u"description"_s, Kind::Data}, {u"required"_s, Kind::Data},
                        {u"deprecated"_s, Kind::Data}, {u"style"_s, Kind::Data}, {u"explode"_s, Kind::Data},
                        {u"schema"_s, Kind::Schema}, {u"example"_s, Kind::Data}, {u"examples"_s, Kind::MapOfExample},
                        {u"content"_s, Kind::MapOfMediaType}}};
    s[Kind::Example] = {{{u"$ref"_s, Kind::Data}, {u"summary"_s, Kind::Data}, {u"description"_s, Kind::Data},
                         {u"value"_s, Kind::Data}, {u"externalValue"_s, Kind::Data}}};
    s[Kind::Link] = {{{u"$ref"_s, Kind::Data}, {u"operationRef"_s, Kind::Data}, {u"operationId"_s, Kind::Data},
                      {u"parameters"_s, Kind::Data}, {u"requestBody"_s, Kind::Data}, {u"description"_s, Kind::Data},
                      {u"server"_s, Kind::Server}}};
    s[Kind::Components] = {{{u"schemas"_s, Kind::MapOfSchema}, {u"responses"_s, Kind::MapOfResponse},
                            {u"parameters"_s, Kind::MapOfParameter}, {u"examples"_s, Kind::MapOfExample},
                            {u"requestBodies"_s, Kind::MapOfRequestBody}, {u"headers"_s, Kind::MapOfHeader},
                            {u"securitySchemes"_s, Kind::MapOfSecurityScheme}, {u"links"_s, Kind::MapOfLink},
                            {u"callbacks"_s, Kind::MapOfCallback}, {u"pathItems"_s, Kind::MapOfPathItem}}};
    s[Kind::SecurityScheme] = {{{u"$ref"_s, Kind::Data}, {u"type"_s, Kind::Data}, {u"description"_s, Kind::Data},
                                {u"name"_s, Kind::Data}, {u"in"_s, Kind::Data}, {u"scheme"_s, Kind::Data},
                                {u"bearerFormat"_s, Kind::Data}, {u"flows"_s, Kind::OAuthFlows},
                                {u"openIdConnectUrl"_s, Kind::Data}}};
    s[Kind::OAuthFlows] = {{{u"implicit"_s, Kind::OAuthFlow}, {u"password"_s, Kind::OAuthFlow},
                            {u"clientCredentials"_s, Kind::OAuthFlow}, {u"authorizationCode"_s, Kind::OAuthFlow}}};
    s[Kind::OAuthFlow] = {{{u"authorizationUrl"_s, Kind::Data}, {u"tokenUrl"_s, Kind::Data}, {u"refreshUrl"_s, Kind::Data},
                           {u"scopes"_s, Kind::Data}}};
    s[Kind::Schema] = {schemaFields};
    s[Kind::Discriminator] = {{{u"propertyName"_s, Kind::Data}, {u"mapping"_s, Kind::Data}}};
    s[Kind::Xml] = {{{u"name"_s, Kind::Data}, {u"namespace"_s, Kind::Data}, {u"prefix"_s, Kind::Data},
                     {u"attribute"_s, Kind::Data}, {u"wrapped"_s, Kind::Data}}};
    auto map = [](Kind member) { return Shape{{}, member, true, false}; };
    auto array = [](Kind member) { return Shape{{}, member, false, true}; };
    s[Kind::MapOfServerVariable] = map(Kind::ServerVariable);
    s[Kind::MapOfPathItem] = map(Kind::PathItem);
    s[Kind::MapOfResponse] = map(Kind::Response);
    s[Kind::MapOfMediaType] = map(Kind::MediaType);
    s[Kind::MapOfHeader] = map(Kind::Header);
    s[Kind::MapOfExample] = map(Kind::Example);
    s[Kind::MapOfLink] = map(Kind::Link);
    s[Kind::MapOfEncoding] = map(Kind::Encoding);
    s[Kind::MapOfSchema] = map(Kind::Schema);
    s[Kind::MapOfParameter] = map(Kind::Parameter);
    s[Kind::MapOfRequestBody] = map(Kind::RequestBody);
    s[Kind::MapOfSecurityScheme] = map(Kind::SecurityScheme);
    s[Kind::MapOfCallback] = map(Kind::MapOfPathItem);
    s[Kind::ArrayOfServer] = array(Kind::Server);
    s[Kind::ArrayOfTag] = array(Kind::Tag);
    s[Kind::ArrayOfParameter] = array(Kind::Parameter);
    s[Kind::ArrayOfSchema] = array(Kind::Schema);
    return s;
}

const QHash<Kind, Shape> &shapes()
{
    static const QHash<Kind, Shape> s = buildShapes();
    return s;
}

Json reorder(const Json &value, Kind kind)
{
    if (kind == Kind::Data)
        return value;
    const Shape &shape = shapes()[kind];
    if (shape.isArray) {
        if (!value.isArray())
            return value;
        JsonArray out;
        for (const Json &item : value.toArray())
            out.push_back(reorder(item, shape.extra));
        return Json(std::move(out));
    }
    if (!value.isObject())
        return value;
    const JsonObject &o = value.toObject();
    JsonObject out;
    out.reserve(o.size());
    if (shape.isMap) {
        for (const auto &[key, member] : o)
            out.append(key, key.startsWith(u"x-"_s) ? member : reorder(member, shape.extra));
        return Json(std::move(out));
    }
    for (const Field &field : shape.fields) {
        if (const Json *member = o.find(field.name))
            out.append(field.name, reorder(*member, field.kind));
    }
    for (const auto &[key, member] : o) {
        if (!key.startsWith(u"x-"_s) && !out.contains(key))
            out.append(key, member);
    }
    for (const auto &[key, member] : o) {
        if (key.startsWith(u"x-"_s))
            out.append(key, member);
    }
    return Json(std::move(out));
}

} // namespace

Json canonicalOpenApiOrder(const Json &document)
{
    return reorder(document, Kind::Document);
}

} // namespace portico::core
