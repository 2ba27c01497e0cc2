#include "fieldlocator.h"

#include "core/apidocument.h"
#include "core/jsonpointer.h"

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;

namespace {

// Resolves $refs; records the model when the chain passes through one.
const Json *resolve(const core::ApiDocument &document, const Json *schema, QString *pointer, QString *model)
{
    for (int hops = 0; schema && schema->isObject() && schema->toObject().contains(u"$ref") && hops < 16; ++hops) {
        const QString ref = (*schema)[u"$ref"].toString();
        if (!ref.startsWith(u'#'))
            return nullptr;
        *pointer = core::jsonpointer::fromUriFragment(ref);
        const auto tokens = core::jsonpointer::split(*pointer);
        if (tokens && tokens->size() == 3 && tokens->at(0) == u"components" && tokens->at(1) == u"schemas")
            *model = tokens->at(2);
        schema = &document.value(*pointer);
    }
    return schema;
}

} // namespace

FieldLocation locateRequestField(const core::ApiDocument &document, const QString &operationPointer, const QStringList &loc)
{
    if (loc.size() < 2 || loc.first() != u"body")
        return {};
    QString pointer = operationPointer + u"/requestBody"_s;
    QString model;
    const Json *body = resolve(document, &document.value(pointer), &pointer, &model);
    if (!body)
        return {};
    // The JSON media type when there is one (that is what validation errors come from), else the first.
    const Json *schema = nullptr;
    for (const auto &[type, media] : (*body)[u"content"].toObject()) {
        if (!schema || type.contains(u"json"))
            schema = &media[u"schema"];
        if (type.contains(u"json"))
            break;
    }
    model.clear();
    FieldLocation found;
    for (qsizetype i = 1; schema && i < loc.size(); ++i) {
        schema = resolve(document, schema, &pointer, &model);
        if (!schema)
            break;
        bool isIndex = false;
        loc[i].toLongLong(&isIndex);
        if (isIndex && (*schema)[u"items"].isObject()) {
            schema = &(*schema)[u"items"];
            continue;
        }
        const Json &property = (*schema)[u"properties"][loc[i]];
        if (property.isNull())
            break; // an additional property, or a union branch this simple walk does not follow
        if (!model.isEmpty())
            found = {model, loc[i]};
        schema = &property;
        model.clear(); // a nested inline object is not the model's own field
    }
    return found;
}

} // namespace portico::ui
