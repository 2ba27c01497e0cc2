#include "apidocument.h"

#include "bundler.h"
#include "jsonpointer.h"
#include "openapiwalk.h"

using namespace Qt::StringLiterals;

namespace portico::core {

const QRegularExpression &pathTemplateParameter()
{
    static const QRegularExpression parameter(QStringLiteral("\\{([^{}/]+)\\}"));
    return parameter;
}

bool isMediaTypeEntry(const QString &name, const Json &value)
{
    return value.isObject() && name.indexOf(u'/') > 0;
}

namespace {

QString stringAt(const Json &o, QStringView key)
{
    return o[key].toString();
}

std::optional<Json> optionalMember(const Json &o, QStringView key)
{
    if (const Json *v = o.toObject().find(key))
        return *v;
    return std::nullopt;
}

// Rewrites every `$ref` (and discriminator mapping) equal to `from` or below it.
void rewriteRefs(Json &value, const QString &from, const QString &to, int depth = 0)
{
    if (depth > 512)
        return;
    auto rewrite = [&](Json &s) {
        const QString &ref = s.toString();
        if (ref == from || ref.startsWith(from + u'/'))
            s = Json(to + ref.mid(from.size()));
    };
    if (value.isObject()) {
        for (auto &[key, member] : value.object()) {
            if (key == u"$ref" && member.isString())
                rewrite(member);
            else if (key == u"mapping" && member.isObject()) {
                for (auto &[name, target] : member.object()) {
                    if (target.isString())
                        rewrite(target);
                }
            } else if (member.isObject() || member.isArray()) {
                rewriteRefs(member, from, to, depth + 1);
            }
        }
    } else if (value.isArray()) {
        for (Json &item : value.array())
            rewriteRefs(item, from, to, depth + 1);
    }
}

} // namespace

bool ModelField::isNullable() const
{
    const Json &type = schema[u"type"];
    if (type.isArray()) {
        for (const Json &t : type.toArray()) {
            if (t.toString() == u"null")
                return true;
        }
    }
    for (const Json &branch : schema[u"anyOf"].toArray()) {
        if (branch[u"type"].toString() == u"null")
            return true;
    }
    return false;
}

ApiDocument::ApiDocument(QObject *parent) : QObject(parent), m_root(emptyDocument()) {}

Json ApiDocument::emptyDocument(const QString &title)
{
    return Json(JsonObject{{u"openapi"_s, Json(u"3.1.0"_s)},
                           {u"info"_s, Json(JsonObject{{u"title"_s, Json(title)}, {u"version"_s, Json(u"0.1.0"_s)}})},
                           {u"paths"_s, Json(JsonObject{})}});
}

std::optional<Error> checkIsOpenApi31(const Json &root, const QString &path, const SourceMap &map)
{
    auto error = [&](const QString &message, const QString &pointer) {
        const auto pos = map.find(pointer);
        return Error{message, {path, pos.line, pos.column, pointer}};
    };
    if (!root.isObject())
        return error(u"not an OpenAPI document: the top level must be an object"_s, u""_s);
    const Json &version = root[u"openapi"];
    if (version.isNull()) {
        if (root.toObject().contains(u"swagger"))
            return error(u"Swagger 2.0 documents need converting to OpenAPI 3.1 first"_s, u"/swagger"_s);
        return error(u"not an OpenAPI document: no \"openapi\" version field"_s, u""_s);
    }
    if (!version.isString())
        return error(u"\"openapi\" must be a string such as \"3.1.0\""_s, u"/openapi"_s);
    if (!version.toString().startsWith(u"3.1"))
        return error(u"OpenAPI %1 is not supported here; Portico projects are OpenAPI 3.1"_s.arg(version.toString()), u"/openapi"_s);
    // A missing `info` is a warning from the checks: Prism, Mockoon and Swagger UI all take such documents.
    return std::nullopt;
}

Result<PreparedDocument> prepareDocumentData(const QByteArray &content, const QString &path, FileFormat format)
{
    auto file = parseDocument(content, path, format);
    if (!file.ok())
        return file.error();
    return prepareDocument(std::move(file).value());
}

Result<PreparedDocument> prepareDocumentFile(const QString &path, QByteArray *bytesRead)
{
    const auto content = readDocumentBytes(path);
    if (!content.ok())
        return content.error();
    if (bytesRead)
        *bytesRead = *content;
    return prepareDocumentData(*content, path, detectFormat(path, *content));
}

Result<bool> ApiDocument::load(const QString &path)
{
    auto prepared = prepareDocumentFile(path);
    if (!prepared.ok())
        return prepared.error();
    install(std::move(prepared).value());
    return true;
}

Result<bool> ApiDocument::loadFromData(const QByteArray &content, const QString &path, FileFormat format)
{
    auto prepared = prepareDocumentData(content, path, format);
    if (!prepared.ok())
        return prepared.error();
    install(std::move(prepared).value());
    return true;
}

Result<PreparedDocument> prepareDocument(LoadedFile loaded)
{
    auto locate = [&](Error error) {
        const auto pos = loaded.sourceMap.find(error.location.pointer);
        error.location = {loaded.path, pos.line, pos.column, error.location.pointer};
        return error;
    };
    QList<ConversionWarning> warnings;
    QStringList referenced;
    const bool wasSwagger = loaded.root[u"swagger"].isString();
    if (openapi::specOf(loaded.root) && hasExternalRefs(loaded.root)) {
        auto bundled = bundleDocument(loaded, &warnings);
        if (!bundled.ok())
            return bundled.error();
        loaded.root = std::move(bundled.value().document);
        referenced = bundled->files.mid(1);
    }
    const auto spec = openapi::specOf(loaded.root);
    if (!spec) {
        // checkIsOpenApi31 words the common cases (no version, not an object) the way `portico check` does.
        const auto error = checkIsOpenApi31(loaded.root, loaded.path, loaded.sourceMap);
        if (error && !loaded.root.toObject().contains(u"swagger"))
            return *error;
    }
    const bool isOpenApi31 = spec == openapi::Spec::OpenApi31;
    // 3.1 goes through too: 3.0 syntax left in a 3.1 document is converted (with warnings). The conversion gets
    // the only copy of the tree, so it edits in place rather than holding a large spec twice.
    auto converted = convertToOpenApi31(std::move(loaded.root));
    if (!converted.ok())
        return locate(converted.error());
    Json root = std::move(converted.value().document);
    warnings.append(converted->warnings);
    const QString version = converted->sourceVersion;
    if (auto error = checkIsOpenApi31(root, loaded.path, loaded.sourceMap))
        return *error;
    if (wasSwagger) {
        // Problems are reported at 3.1 pointers; these prefixes moved, the rest of the layout found its place.
        loaded.sourceMap.alias(u"/definitions", u"/components/schemas"_s);
        loaded.sourceMap.alias(u"/parameters", u"/components/parameters"_s);
        loaded.sourceMap.alias(u"/responses", u"/components/responses"_s);
        loaded.sourceMap.alias(u"/securityDefinitions", u"/components/securitySchemes"_s);
    }
    PreparedDocument prepared;
    prepared.root = std::move(root);
    prepared.sourceMap = std::move(loaded.sourceMap);
    prepared.filePath = loaded.path;
    prepared.format = loaded.format;
    prepared.sourceVersion = version;
    prepared.convertedOnLoad = !isOpenApi31;
    prepared.conversionWarnings = std::move(warnings);
    prepared.referencedFiles = std::move(referenced);
    return prepared;
}

void ApiDocument::install(PreparedDocument prepared)
{
    m_root = std::move(prepared.root);
    m_sourceMap = std::move(prepared.sourceMap);
    m_filePath = std::move(prepared.filePath);
    m_format = prepared.format;
    m_sourceVersion = std::move(prepared.sourceVersion);
    m_convertedOnLoad = prepared.convertedOnLoad;
    m_conversionWarnings = std::move(prepared.conversionWarnings);
    m_referencedFiles = std::move(prepared.referencedFiles);
    emit documentReset();
}

QByteArray ApiDocument::serialized() const
{
    return serializeDocument(m_root, m_format);
}

Result<bool> ApiDocument::save(const QString &path)
{
    const QString target = path.isEmpty() ? m_filePath : path;
    if (target.isEmpty())
        return Error{u"no file to save to"_s, {}};
    auto written = writeFileAtomically(target, serialized());
    if (!written.ok())
        return written;
    m_filePath = target;
    // What is on disk now is OpenAPI 3.1, whatever the file held when it was opened.
    m_convertedOnLoad = false;
    m_sourceVersion = m_root[u"openapi"].toString();
    return true;
}

void ApiDocument::setRoot(Json root)
{
    m_root = std::move(root);
    emit documentReset();
}

Location ApiDocument::locate(const QString &pointer) const
{
    const auto pos = m_sourceMap.find(pointer);
    return Location{m_filePath, pos.line, pos.column, pointer};
}

const Json &ApiDocument::value(QStringView pointer) const
{
    const Json *v = jsonpointer::resolve(m_root, pointer);
    return v ? *v : Json::null();
}

Json *ApiDocument::mutableAt(const QString &pointer, bool create)
{
    const auto tokens = jsonpointer::split(pointer);
    if (!tokens)
        return nullptr;
    Json *current = &m_root;
    for (const QString &token : *tokens) {
        if (current->isArray()) {
            bool ok = false;
            const qsizetype index = token.toLongLong(&ok);
            JsonArray &a = current->array();
            if (!ok || index < 0 || index > qsizetype(a.size()))
                return nullptr;
            if (index == qsizetype(a.size())) {
                if (!create)
                    return nullptr;
                a.emplace_back();
            }
            current = &a[size_t(index)];
            continue;
        }
        if (!current->isObject()) {
            if (!create || !current->isNull())
                return nullptr;
        }
        JsonObject &o = current->object();
        Json *next = o.find(token);
        if (!next) {
            if (!create)
                return nullptr;
            o.append(token, Json(JsonObject{}));
            next = &o.at(o.size() - 1).second;
        }
        current = next;
    }
    return current;
}

void ApiDocument::notify(const QString &pointer)
{
    emit valueChanged(pointer);
    if (pointer.startsWith(u"/components/schemas"))
        emit modelsChanged();
    if (pointer.startsWith(u"/paths") || pointer.isEmpty())
        emit endpointsChanged();
}

bool ApiDocument::setValue(const QString &pointer, const Json &value)
{
    Json *target = mutableAt(pointer, true);
    if (!target)
        return false;
    *target = value;
    notify(pointer);
    return true;
}

bool ApiDocument::removeValue(const QString &pointer)
{
    if (pointer.isEmpty())
        return false;
    const qsizetype slash = pointer.lastIndexOf(u'/');
    Json *parent = mutableAt(pointer.left(slash), false);
    const auto last = jsonpointer::split(pointer.mid(slash));
    if (!parent || !last || last->size() != 1)
        return false;
    bool removed = false;
    if (parent->isObject()) {
        removed = parent->object().remove(last->first());
    } else if (parent->isArray()) {
        bool ok = false;
        const qsizetype index = last->first().toLongLong(&ok);
        JsonArray &a = parent->array();
        if (ok && index >= 0 && index < qsizetype(a.size())) {
            a.erase(a.begin() + index);
            removed = true;
        }
    }
    if (removed)
        notify(pointer);
    return removed;
}

ApiInfo ApiDocument::info() const
{
    const Json &i = m_root[u"info"];
    return {stringAt(i, u"title"), stringAt(i, u"version"), stringAt(i, u"summary"), stringAt(i, u"description")};
}

void ApiDocument::setInfo(const ApiInfo &info)
{
    Json i = m_root[u"info"];
    auto put = [&](const QString &key, const QString &value) {
        if (value.isEmpty() && key != u"title" && key != u"version")
            i.object().remove(key);
        else
            i.object().insert(key, Json(value));
    };
    put(u"title"_s, info.title);
    put(u"summary"_s, info.summary);
    put(u"description"_s, info.description);
    put(u"version"_s, info.version);
    setValue(u"/info"_s, i);
}

QList<ApiServer> ApiDocument::servers() const
{
    QList<ApiServer> out;
    for (const Json &s : m_root[u"servers"].toArray())
        out.append({stringAt(s, u"url"), stringAt(s, u"description")});
    return out;
}

QList<ApiTag> ApiDocument::tags() const
{
    QList<ApiTag> out;
    for (const Json &t : m_root[u"tags"].toArray())
        out.append({stringAt(t, u"name"), stringAt(t, u"description")});
    return out;
}

QList<ApiSecurityScheme> ApiDocument::securitySchemes() const
{
    QList<ApiSecurityScheme> out;
    for (const auto &[name, raw] : m_root[u"components"][u"securitySchemes"].toObject()) {
        const Json &s = *resolveLocal(raw, {}).first;
        out.append({name, stringAt(s, u"type"), stringAt(s, u"scheme").toLower(), stringAt(s, u"in"),
                    stringAt(s, u"name"), stringAt(s, u"bearerFormat"), stringAt(s, u"description")});
    }
    return out;
}

QStringList ApiDocument::modelNames() const
{
    QStringList names;
    for (const auto &[name, schema] : m_root[u"components"][u"schemas"].toObject())
        names.append(name);
    return names;
}

QString ApiDocument::modelPointer(const QString &name)
{
    return u"/components/schemas/"_s + jsonpointer::escape(name);
}

Json ApiDocument::modelSchema(const QString &name) const
{
    return m_root[u"components"][u"schemas"][name];
}

bool ApiDocument::addModel(const QString &name, const Json &schema)
{
    if (name.isEmpty() || modelNames().contains(name))
        return false;
    return setValue(modelPointer(name), schema.isNull() ? Json(JsonObject{{u"type"_s, Json(u"object"_s)}, {u"properties"_s, Json(JsonObject{})}}) : schema);
}

void ApiDocument::setModelSchema(const QString &name, const Json &schema)
{
    setValue(modelPointer(name), schema);
}

bool ApiDocument::removeModel(const QString &name)
{
    return removeValue(modelPointer(name));
}

bool ApiDocument::renameModel(const QString &from, const QString &to)
{
    if (from == to || to.isEmpty() || !modelNames().contains(from) || modelNames().contains(to))
        return false;
    Json root = m_root;
    JsonObject &schemas = root.object().find(u"components")->object().find(u"schemas")->object();
    schemas.rename(from, to);
    rewriteRefs(root, u"#"_s + modelPointer(from), u"#"_s + modelPointer(to));
    m_root = std::move(root);
    notify(u"/components/schemas"_s);
    notify(u"/paths"_s);
    return true;
}

QList<ModelField> ApiDocument::fields(const QString &model) const
{
    const Json schema = modelSchema(model);
    QStringList required;
    for (const Json &r : schema[u"required"].toArray())
        required.append(r.toString());
    QList<ModelField> out;
    for (const auto &[name, property] : schema[u"properties"].toObject()) {
        ModelField f;
        f.name = name;
        f.schema = property;
        f.required = required.contains(name);
        f.description = stringAt(property, u"description");
        f.defaultValue = optionalMember(property, u"default");
        f.examples = property[u"examples"].toArray();
        out.append(f);
    }
    return out;
}

void ApiDocument::setField(const QString &model, const ModelField &field)
{
    Json schema = modelSchema(model);
    Json property = field.schema;
    if (!property.isObject())
        property = Json(JsonObject{});
    JsonObject &p = property.object();
    if (field.description.isEmpty())
        p.remove(u"description");
    else
        p.insert(u"description"_s, Json(field.description));
    if (field.defaultValue)
        p.insert(u"default"_s, *field.defaultValue);
    else
        p.remove(u"default");
    if (field.examples.empty())
        p.remove(u"examples");
    else
        p.insert(u"examples"_s, Json(field.examples));
    JsonObject &s = schema.object();
    if (!s.contains(u"type"))
        s.insert(u"type"_s, Json(u"object"_s));
    Json *properties = s.find(u"properties");
    if (!properties) {
        s.insert(u"properties"_s, Json(JsonObject{}));
        properties = s.find(u"properties");
    }
    properties->object().insert(field.name, property);
    JsonArray required = s.value(u"required").toArray();
    const auto it = std::find(required.begin(), required.end(), Json(field.name));
    if (field.required && it == required.end())
        required.push_back(Json(field.name));
    else if (!field.required && it != required.end())
        required.erase(it);
    if (required.empty())
        s.remove(u"required");
    else
        s.insert(u"required"_s, Json(std::move(required)));
    setModelSchema(model, schema);
}

bool ApiDocument::removeField(const QString &model, const QString &field)
{
    Json schema = modelSchema(model);
    Json *properties = schema.object().find(u"properties");
    if (!properties || !properties->object().remove(field))
        return false;
    if (Json *required = schema.object().find(u"required")) {
        JsonArray &r = required->array();
        r.erase(std::remove(r.begin(), r.end(), Json(field)), r.end());
        if (r.empty())
            schema.object().remove(u"required");
    }
    setModelSchema(model, schema);
    return true;
}

bool ApiDocument::renameField(const QString &model, const QString &from, const QString &to)
{
    Json schema = modelSchema(model);
    Json *properties = schema.object().find(u"properties");
    if (!properties || !properties->object().rename(from, to))
        return false;
    if (Json *required = schema.object().find(u"required")) {
        for (Json &r : required->array()) {
            if (r.toString() == from)
                r = Json(to);
        }
    }
    setModelSchema(model, schema);
    return true;
}

bool ApiDocument::moveField(const QString &model, qsizetype from, qsizetype to)
{
    Json schema = modelSchema(model);
    Json *properties = schema.object().find(u"properties");
    if (!properties || from < 0 || to < 0 || from >= properties->toObject().size() || to >= properties->toObject().size())
        return false;
    properties->object().move(from, to);
    setModelSchema(model, schema);
    return true;
}

QString ApiDocument::operationPointer(const QString &path, const QString &method)
{
    return u"/paths/"_s + jsonpointer::escape(path) + u'/' + method.toLower();
}

std::pair<const Json *, QString> ApiDocument::resolveLocal(const Json &value, const QString &pointer) const
{
    const Json *current = &value;
    QString at = pointer;
    for (int hops = 0; hops < 16; ++hops) {
        const Json &ref = (*current)[u"$ref"];
        if (!ref.isString() || !ref.toString().startsWith(u'#'))
            break;
        at = jsonpointer::fromUriFragment(ref.toString());
        const Json *target = jsonpointer::resolve(m_root, at);
        if (!target)
            break;
        current = target;
    }
    return {current, at};
}

ApiEndpoint ApiDocument::readEndpoint(const QString &path, const QString &method, const Json &pathItem) const
{
    ApiEndpoint e;
    e.path = path;
    e.method = method;
    e.pointer = operationPointer(path, method);
    const Json &op = pathItem[method];
    e.operationId = stringAt(op, u"operationId");
    e.summary = stringAt(op, u"summary");
    e.description = stringAt(op, u"description");
    e.deprecated = op[u"deprecated"].toBool();
    for (const Json &t : op[u"tags"].toArray())
        e.tags.append(t.toString());
    auto readParameters = [&](const Json &list, const QString &listPointer) {
        const JsonArray &a = list.toArray();
        for (size_t i = 0; i < a.size(); ++i) {
            const auto [p, at] = resolveLocal(a[i], jsonpointer::append(listPointer, qsizetype(i)));
            ApiParameter param{stringAt(*p, u"name"), stringAt(*p, u"in"), (*p)[u"required"].toBool(),
                               (*p)[u"deprecated"].toBool(), stringAt(*p, u"description"), (*p)[u"schema"],
                               optionalMember(*p, u"example"), at};
            if (param.in == u"path")
                param.required = true; // OpenAPI: path parameters are always required
            // An operation parameter overrides a path-level one with the same name and location.
            const auto same = std::find_if(e.parameters.begin(), e.parameters.end(), [&](const ApiParameter &x) {
                return x.name == param.name && x.in == param.in;
            });
            if (same != e.parameters.end())
                *same = param;
            else
                e.parameters.append(param);
        }
    };
    const QString pathPointer = u"/paths/"_s + jsonpointer::escape(path);
    readParameters(pathItem[u"parameters"], pathPointer + u"/parameters"_s);
    readParameters(op[u"parameters"], e.pointer + u"/parameters"_s);

    auto readContent = [&](const Json &content, const QString &contentPointer) {
        QList<ApiMediaType> out;
        for (const auto &[name, media] : content.toObject()) {
            if (!isMediaTypeEntry(name, media))
                continue; // `content: {description: ok}`: the checks warn, the mock answers without it
            const QString at = jsonpointer::append(contentPointer, name);
            out.append({name, media[u"schema"], optionalMember(media, u"example"), media[u"examples"].toObject(), at});
        }
        return out;
    };
    if (op.toObject().contains(u"requestBody")) {
        const auto [body, at] = resolveLocal(op[u"requestBody"], e.pointer + u"/requestBody"_s);
        e.requestBody = ApiRequestBody{stringAt(*body, u"description"), (*body)[u"required"].toBool(),
                                       readContent((*body)[u"content"], at + u"/content"_s), at};
    }
    for (const auto &[status, raw] : op[u"responses"].toObject()) {
        if (status.startsWith(u"x-"))
            continue;
        const auto [r, at] = resolveLocal(raw, e.pointer + u"/responses/"_s + jsonpointer::escape(status));
        e.responses.append({status, stringAt(*r, u"description"), readContent((*r)[u"content"], at + u"/content"_s),
                            (*r)[u"headers"].toObject(), at});
    }
    if (const Json *security = op.toObject().find(u"security"))
        e.security = security->toArray();
    for (const auto &[key, value] : op.toObject()) {
        if (key.startsWith(u"x-"))
            e.extensions.append(key, value);
    }
    return e;
}

QList<ApiEndpoint> ApiDocument::endpoints() const
{
    QList<ApiEndpoint> out;
    forEachEndpoint([&](const ApiEndpoint &e) { out.append(e); });
    return out;
}

void ApiDocument::forEachEndpoint(const std::function<void(const ApiEndpoint &)> &visit) const
{
    for (const auto &[path, item] : m_root[u"paths"].toObject()) {
        if (path.startsWith(u"x-"))
            continue;
        for (const auto &[key, op] : item.toObject()) {
            if (kMethods.contains(key))
                visit(readEndpoint(path, key, item));
        }
    }
}

std::optional<ApiEndpoint> ApiDocument::endpoint(const QString &path, const QString &method) const
{
    const Json &item = m_root[u"paths"][path];
    if (!item[method.toLower()].isObject())
        return std::nullopt;
    return readEndpoint(path, method.toLower(), item);
}

bool ApiDocument::addEndpoint(const QString &path, const QString &method, const Json &operation)
{
    if (!path.startsWith(u'/') || !kMethods.contains(method.toLower()) || endpoint(path, method))
        return false;
    return setValue(operationPointer(path, method),
                    operation.isNull() ? Json(JsonObject{{u"responses"_s, Json(JsonObject{{u"200"_s, Json(JsonObject{{u"description"_s, Json(u"OK"_s)}})}})}})
                                       : operation);
}

bool ApiDocument::removeEndpoint(const QString &path, const QString &method)
{
    if (!removeValue(operationPointer(path, method)))
        return false;
    // A path item left without operations goes too.
    const Json &item = m_root[u"paths"][path];
    bool hasOperation = false;
    for (const auto &[key, value] : item.toObject())
        hasOperation = hasOperation || kMethods.contains(key);
    if (!hasOperation)
        removeValue(u"/paths/"_s + jsonpointer::escape(path));
    return true;
}

} // namespace portico::core
