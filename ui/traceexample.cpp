#include "traceexample.h"

#include "core/apidocument.h"
#include "core/jsonparser.h"
#include "core/jsonpointer.h"
#include "projectsession.h"

using namespace Qt::StringLiterals;
using portico::core::Error;
using portico::core::Json;
using portico::core::JsonObject;
using portico::mock::firstHeader;
using portico::mock::TraceRecord;

namespace portico::ui {
namespace {

QByteArray essence(QByteArrayView contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.first(semicolon)).trimmed().toByteArray().toLower();
}

bool isJson(QStringView mediaType)
{
    return mediaType == u"application/json" || mediaType.endsWith(u"+json");
}

// The content entry for a body's media type: the exact one, then a range (image/*, */*), then the only one
// when the exchange named none.
std::optional<QString> pickMediaType(const JsonObject &content, const QByteArray &contentType)
{
    const QString wanted = QString::fromLatin1(essence(contentType));
    for (const auto &[name, media] : content) {
        if (QString::fromLatin1(essence(name.toLatin1())) == wanted && !wanted.isEmpty())
            return name;
    }
    const QString range = wanted.section(u'/', 0, 0) + u"/*"_s;
    for (const QString &fallback : {range, u"*/*"_s}) {
        if (!wanted.isEmpty() && content.contains(fallback))
            return fallback;
    }
    if (wanted.isEmpty() && content.size() == 1)
        return content.at(0).first;
    return std::nullopt;
}

Error failure(const QString &message)
{
    return Error{message, {}};
}

} // namespace

core::Result<ExampleTarget> findExampleTarget(const core::ApiDocument &document, const TraceRecord &record,
                                              ExampleSide side)
{
    const bool request = side == ExampleSide::Request;
    if (record.operationPointer.isEmpty())
        return failure(QObject::tr("The exchange matched no operation."));
    const Json &operation = document.value(record.operationPointer);
    if (!operation.isObject())
        return failure(QObject::tr("The operation %1 is no longer in the document.").arg(record.operationPointer));
    const QByteArray &body = request ? record.requestBody : record.responseBody;
    if (body.isEmpty())
        return failure(request ? QObject::tr("The request has no body.") : QObject::tr("The response has no body."));
    if (request ? record.requestBodyTruncated : record.responseBodyTruncated)
        return failure(QObject::tr("The body was cut short in the trace; it cannot be saved as an example."));

    QString ownerPointer;
    if (request) {
        ownerPointer = core::jsonpointer::append(record.operationPointer, u"requestBody");
        if (document.value(ownerPointer).isNull())
            return failure(QObject::tr("The operation declares no request body."));
    } else {
        if (record.status <= 0)
            return failure(QObject::tr("The exchange has no response status."));
        const Json &responses = operation[u"responses"];
        const QString code = QString::number(record.status);
        const QString range = QString::number(record.status / 100) + u"XX"_s;
        QString key;
        for (const QString &candidate : {code, range, range.toLower(), u"default"_s}) {
            if (responses.toObject().contains(candidate)) {
                key = candidate;
                break;
            }
        }
        if (key.isEmpty())
            return failure(QObject::tr("The operation declares no response for status %1.").arg(record.status));
        ownerPointer = core::jsonpointer::append(core::jsonpointer::append(record.operationPointer, u"responses"), key);
    }
    // A request body or response may be a $ref to components: the example then goes where it is defined.
    const auto [owner, ownerAt] = document.resolveLocal(document.value(ownerPointer), ownerPointer);
    const JsonObject &content = (*owner)[u"content"].toObject();
    const QByteArray contentType =
        firstHeader(request ? record.requestHeaders : record.responseHeaders, "content-type");
    const auto mediaType = pickMediaType(content, contentType);
    if (!mediaType) {
        return failure(
            QObject::tr("The operation declares no %1 content for %2.")
                .arg(contentType.isEmpty() ? QObject::tr("such") : QString::fromLatin1(essence(contentType)),
                     request ? QObject::tr("the request body") : QObject::tr("status %1").arg(record.status)));
    }

    ExampleTarget target;
    target.mediaType = *mediaType;
    target.mediaPointer = core::jsonpointer::append(core::jsonpointer::append(ownerAt, u"content"), *mediaType);
    if (!body.isValidUtf8())
        return failure(QObject::tr("The body is binary; only text bodies can be saved as examples."));
    const QString bodyType = QString::fromLatin1(essence(contentType));
    if (isJson(bodyType) || (bodyType.isEmpty() && isJson(*mediaType))) {
        core::JsonParser parser;
        auto parsed = parser.parse(body);
        if (!parsed.ok())
            return failure(QObject::tr("The body is not valid JSON: %1").arg(parsed.error().message));
        target.value = std::move(parsed).value();
    } else {
        target.value = QString::fromUtf8(body);
    }
    return target;
}

QString uniqueExampleName(const core::ApiDocument &document, const QString &mediaPointer, const QString &wanted)
{
    const Json &media = document.value(mediaPointer);
    const JsonObject &examples = media[u"examples"].toObject();
    // A singular `example` moves to examples/example when the first named one is added.
    const auto taken = [&](const QString &name) {
        return examples.contains(name) || (name == u"example" && media.toObject().contains(u"example"));
    };
    QString name = wanted;
    for (int n = 2; taken(name); ++n)
        name = wanted + u'-' + QString::number(n);
    return name;
}

core::Result<QString> saveTraceExample(ProjectSession &session, const TraceRecord &record, ExampleSide side,
                                       const QString &name)
{
    if (name.trimmed().isEmpty())
        return failure(QObject::tr("An example needs a name."));
    auto target = findExampleTarget(*session.document(), record, side);
    if (!target.ok())
        return target.error();
    const ExampleTarget &t = target.value();
    const QString used = uniqueExampleName(*session.document(), t.mediaPointer, name.trimmed());
    const QString examplesPointer = core::jsonpointer::append(t.mediaPointer, u"examples");
    const QString summary = QObject::tr("Captured from %1 %2 (%3)")
                                .arg(QString::fromLatin1(record.method), QString::fromUtf8(record.target))
                                .arg(record.status);
    const QString text = side == ExampleSide::Request ? QObject::tr("Save request body as example “%1”").arg(used)
                                                      : QObject::tr("Save response body as example “%1”").arg(used);
    const bool changed = session.edit(text, [&](core::ApiDocument &doc) {
        const QString singular = core::jsonpointer::append(t.mediaPointer, u"example");
        const Json &media = doc.value(t.mediaPointer);
        if (media.toObject().contains(u"example")) {
            const Json old = media[u"example"];
            const JsonObject &examples = media[u"examples"].toObject();
            QString moved = u"example"_s;
            for (int n = 2; examples.contains(moved) || moved == used; ++n)
                moved = u"example-"_s + QString::number(n);
            doc.setValue(core::jsonpointer::append(examplesPointer, moved), Json(JsonObject{{u"value"_s, old}}));
            doc.removeValue(singular);
        }
        return doc.setValue(core::jsonpointer::append(examplesPointer, used),
                            Json(JsonObject{{u"summary"_s, summary}, {u"value"_s, t.value}}));
    });
    if (!changed)
        return failure(QObject::tr("The document did not change."));
    return used;
}

} // namespace portico::ui
