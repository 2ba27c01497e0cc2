#include "codegen.h"

#include "jsonpointer.h"

using namespace Qt::StringLiterals;

namespace portico::core::codegen {

QStringList words(QStringView text)
{
    QStringList out;
    QString current;
    auto flush = [&] {
        if (!current.isEmpty())
            out.append(current.toLower());
        current.clear();
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (!c.isLetterOrNumber()) {
            flush();
            continue;
        }
        if (c.isUpper() && !current.isEmpty()) {
            const QChar previous = text[i - 1];
            const bool nextIsLower = i + 1 < text.size() && text[i + 1].isLower();
            // "listItems" splits before the capital; "HTTPError" splits before the last capital of the run.
            if (previous.isLower() || previous.isDigit() || (previous.isUpper() && nextIsLower))
                flush();
        }
        current.append(c);
    }
    flush();
    return out;
}

namespace {

QString capitalized(const QString &word)
{
    return word.isEmpty() ? word : word.left(1).toUpper() + word.mid(1);
}

} // namespace

QString camelCase(QStringView text)
{
    const QStringList parts = words(text);
    QString out;
    for (qsizetype i = 0; i < parts.size(); ++i)
        out += i == 0 ? parts[i] : capitalized(parts[i]);
    return out;
}

QString pascalCase(QStringView text)
{
    QString out;
    for (const QString &part : words(text))
        out += capitalized(part);
    return out;
}

QString snakeCase(QStringView text)
{
    return words(text).join(u'_');
}

QString NameRegistry::claim(const QString &wanted)
{
    QString name = wanted;
    for (int n = 2; m_taken.contains(name); ++n)
        name = wanted + QString::number(n);
    m_taken.insert(name);
    return name;
}

std::optional<QString> modelReference(const Json &schema)
{
    const Json &ref = schema[u"$ref"];
    static const QString prefix = u"#/components/schemas/"_s;
    if (!ref.isString() || !ref.toString().startsWith(prefix))
        return std::nullopt;
    const QString pointer = jsonpointer::fromUriFragment(ref.toString());
    const auto tokens = jsonpointer::split(pointer);
    if (!tokens || tokens->size() != 3)
        return std::nullopt;
    return tokens->last();
}

QStringList schemaTypes(const Json &schema)
{
    QStringList types;
    const Json &type = schema[u"type"];
    if (type.isString())
        types.append(type.toString());
    for (const Json &t : type.toArray())
        types.append(t.toString());
    if (schema[u"nullable"].toBool() && !types.isEmpty() && !types.contains(u"null"_s))
        types.append(u"null"_s);
    return types;
}

bool isJsonMediaType(QStringView mediaType)
{
    const QStringView type = mediaType.left(mediaType.indexOf(u';')).trimmed();
    return type.compare(u"application/json", Qt::CaseInsensitive) == 0 ||
           type.endsWith(u"+json", Qt::CaseInsensitive) || type.compare(u"text/json", Qt::CaseInsensitive) == 0;
}

std::optional<Json> firstExample(const ApiMediaType &media, const ApiDocument &document)
{
    if (media.example)
        return media.example;
    for (const auto &[name, raw] : media.examples) {
        const Json &example = *document.resolveLocal(raw, {}).first;
        if (const Json *value = example.toObject().find(u"value"))
            return *value;
    }
    const Json &schema = *document.resolveLocal(media.schema, {}).first;
    if (const Json &examples = schema[u"examples"]; examples.isArray() && !examples.toArray().empty())
        return examples.toArray().front();
    if (const Json *example = schema.toObject().find(u"example"))
        return *example;
    return std::nullopt;
}

QString operationName(const ApiEndpoint &endpoint)
{
    if (!endpoint.operationId.trimmed().isEmpty())
        return endpoint.operationId;
    QString name = endpoint.method;
    for (const QString &segment : endpoint.path.split(u'/', Qt::SkipEmptyParts)) {
        if (segment.startsWith(u'{') && segment.endsWith(u'}'))
            name += u" by "_s + segment.mid(1, segment.size() - 2);
        else
            name += u' ' + segment;
    }
    return name;
}

const Json &parameterObject(const ApiParameter &parameter, const ApiDocument &document)
{
    const Json *p = jsonpointer::resolve(document.root(), parameter.pointer);
    return p ? *p : Json::null();
}

Json parameterSchema(const ApiParameter &parameter, const ApiDocument &document)
{
    if (!parameter.schema.isNull())
        return parameter.schema;
    for (const auto &[type, media] : parameterObject(parameter, document)[u"content"].toObject())
        return media[u"schema"];
    return Json(true);
}

QString defaultServerUrl(const Json &document)
{
    const Json &server = document[u"servers"][0];
    QString url = server[u"url"].toString();
    for (const auto &[name, variable] : server[u"variables"].toObject())
        url.replace(u'{' + name + u'}', variable[u"default"].toString());
    return url;
}

} // namespace portico::core::codegen
