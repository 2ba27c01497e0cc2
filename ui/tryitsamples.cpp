#include "tryitsamples.h"

#include "core/apidocument.h"
#include "core/datagenerator.h"
#include "core/jsonwriter.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace portico::ui::tryitsamples {

using core::Json;

namespace {

std::optional<Json> schemaExample(const core::ApiDocument &document, const Json &schema)
{
    const Json &resolved = *document.resolveLocal(schema, {}).first;
    for (const Json *s : {&schema, &resolved}) {
        if (const auto &examples = (*s)[u"examples"].toArray(); !examples.empty())
            return examples.front();
        if (const Json *example = s->toObject().find(u"example"))
            return *example;
    }
    for (const Json *s : {&schema, &resolved}) {
        if (const Json *value = s->toObject().find(u"default"))
            return *value;
    }
    return std::nullopt;
}

QString formEncoded(const Json &value)
{
    QByteArrayList pairs;
    for (const auto &[name, member] : value.toObject()) {
        const QByteArray key = QUrl::toPercentEncoding(name);
        if (member.isArray()) {
            for (const Json &element : member.toArray())
                pairs.append(key + '=' + QUrl::toPercentEncoding(fieldText(element)));
        } else {
            pairs.append(key + '=' + QUrl::toPercentEncoding(fieldText(member)));
        }
    }
    return QString::fromLatin1(pairs.join('&'));
}

} // namespace

bool isJsonMediaType(QStringView mediaType)
{
    const QStringView type = mediaType.left(mediaType.indexOf(u';')).trimmed();
    return type.endsWith(u"/json", Qt::CaseInsensitive) || type.endsWith(u"+json", Qt::CaseInsensitive) ||
           type == u"*/*";
}

std::optional<Json> parameterExample(const core::ApiDocument &document, const core::ApiParameter &parameter)
{
    if (parameter.example)
        return parameter.example;
    const Json &declared = document.value(parameter.pointer);
    if (const auto &examples = declared[u"examples"].toObject(); !examples.isEmpty()) {
        const Json &example = *document.resolveLocal(examples.at(0).second, {}).first;
        if (example.toObject().contains(u"value"))
            return example[u"value"];
    }
    return schemaExample(document, parameter.schema);
}

Json generatedParameter(const core::ApiDocument &document, const core::ApiParameter &parameter)
{
    return core::DataGenerator(document.root()).generate(parameter.schema, qHash(parameter.name));
}

QString fieldText(const Json &value)
{
    if (value.isString())
        return value.toString();
    if (value.isArray()) {
        QStringList parts;
        for (const Json &element : value.toArray())
            parts.append(fieldText(element));
        return parts.join(u',');
    }
    return QString::fromUtf8(core::toJson(value));
}

bool isArrayParameter(const core::ApiDocument &document, const core::ApiParameter &parameter)
{
    const Json &schema = *document.resolveLocal(parameter.schema, {}).first;
    const Json &type = schema[u"type"];
    if (type.isString())
        return type.toString() == u"array";
    const auto &types = type.toArray();
    return std::find(types.begin(), types.end(), Json(u"array"_s)) != types.end();
}

bool explodes(const core::ApiDocument &document, const core::ApiParameter &parameter)
{
    const Json &declared = document.value(parameter.pointer);
    if (declared[u"explode"].isBool())
        return declared[u"explode"].toBool();
    const QString style = declared[u"style"].toString();
    return style.isEmpty() ? (parameter.in == u"query" || parameter.in == u"cookie") : style == u"form";
}

QString bodyText(const core::ApiDocument &document, const core::ApiMediaType &media)
{
    std::optional<Json> value = media.example;
    if (!value && !media.examples.isEmpty()) {
        const Json &example = *document.resolveLocal(media.examples.at(0).second, {}).first;
        if (example.toObject().contains(u"value"))
            value = example[u"value"];
    }
    if (!value)
        value = schemaExample(document, media.schema);
    if (!value)
        value = core::DataGenerator(document.root()).generate(media.schema, qHash(media.name));

    if (isJsonMediaType(media.name))
        return QString::fromUtf8(core::toJson(*value, core::JsonStyle::Indented));
    if (media.name.startsWith(u"application/x-www-form-urlencoded") && value->isObject())
        return formEncoded(*value);
    if (value->isString())
        return value->toString();
    return QString::fromUtf8(core::toJson(*value, core::JsonStyle::Indented));
}

} // namespace portico::ui::tryitsamples
