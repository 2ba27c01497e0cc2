#pragma once

#include "documentio.h"
#include "json.h"
#include "openapiconvert.h"
#include "result.h"
#include "sourcemap.h"

#include <QObject>
#include <QRegularExpression>
#include <QStringList>

#include <functional>
#include <optional>

namespace portico::core {

struct ApiInfo
{
    QString title;
    QString version;
    QString summary;
    QString description;
};

struct ApiServer
{
    QString url;
    QString description;
};

struct ApiTag
{
    QString name;
    QString description;
};

// One property of a model, as a visual editor shows it: the table row of the model editor.
struct ModelField
{
    QString name;
    Json schema;
    bool required = false;
    QString description;
    std::optional<Json> defaultValue;
    JsonArray examples;

    // `type: [X, "null"]` or `anyOf: [X, {type: null}]`.
    bool isNullable() const;
};

struct ApiParameter
{
    QString name;
    QString in; // path, query, header, cookie
    bool required = false;
    bool deprecated = false;
    QString description;
    Json schema;
    std::optional<Json> example;
    QString pointer; // where it is defined (after $ref resolution)
};

struct ApiMediaType
{
    QString name; // application/json, ...
    Json schema;
    std::optional<Json> example;
    JsonObject examples; // name → Example Object
    QString pointer;
};

struct ApiRequestBody
{
    QString description;
    bool required = false;
    QList<ApiMediaType> content;
    QString pointer;
};

struct ApiResponse
{
    QString status; // "200", "4XX", "default"
    QString description;
    QList<ApiMediaType> content;
    JsonObject headers;
    QString pointer;
};

// Whether a `content` member is a media type object under a media type or range ("application/json", "*/*"):
// hand-written documents put other things there (`content: {description: ok}`), which are left out.
bool isMediaTypeEntry(const QString &name, const Json &value);

// A parameter in a path template, "{name}": capture 1 is the name. One definition for the checks that compare
// templates with their parameters and for the mock's router.
const QRegularExpression &pathTemplateParameter();

// One operation: a path × method, with path-level parameters merged in as OpenAPI specifies.
struct ApiEndpoint
{
    QString path;
    QString method; // lower case, as in the document
    QString pointer; // /paths/~1items/get
    QString operationId;
    QString summary;
    QString description;
    QStringList tags;
    bool deprecated = false;
    QList<ApiParameter> parameters;
    std::optional<ApiRequestBody> requestBody;
    QList<ApiResponse> responses;
    std::optional<JsonArray> security; // absent: the document's default applies
    JsonObject extensions; // x-* members of the operation
};

struct ApiSecurityScheme
{
    QString name;
    QString type; // apiKey, http, oauth2, openIdConnect, mutualTLS
    QString scheme; // http: bearer, basic
    QString in; // apiKey: header, query, cookie
    QString parameterName; // apiKey: the header/query/cookie name
    QString bearerFormat;
    QString description;
};

// A document file made ready to be a project: parsed, bundled and converted to OpenAPI 3.1, with where each
// value was written. Preparing touches no ApiDocument, so it can run on any thread (the window prepares a
// large spec off the GUI thread and installs it when it is ready).
struct PreparedDocument
{
    Json root;
    QString filePath;
    FileFormat format = FileFormat::Yaml;
    SourceMap sourceMap;
    QString sourceVersion;
    bool convertedOnLoad = false;
    QList<ConversionWarning> conversionWarnings;
    QStringList referencedFiles;
};

Result<PreparedDocument> prepareDocument(LoadedFile file);
// Parses and prepares a document's bytes.
Result<PreparedDocument> prepareDocumentData(const QByteArray &content, const QString &path, FileFormat format);
// Reads, parses and prepares a file (see ApiDocument::load); `bytesRead`, when given, receives the file as read.
Result<PreparedDocument> prepareDocumentFile(const QString &path, QByteArray *bytesRead = nullptr);

// The API document a project is: an OpenAPI 3.1 tree that keeps everything the author wrote (unknown keys,
// extensions, key order), with typed views for editors and the engine, and edit operations that emit signals
// so views can follow. The JSON tree is the single source of truth; the typed structs are read from it.
class ApiDocument : public QObject
{
    Q_OBJECT

public:
    static inline const QStringList kMethods = {QStringLiteral("get"), QStringLiteral("put"), QStringLiteral("post"),
                                                QStringLiteral("delete"), QStringLiteral("options"),
                                                QStringLiteral("head"), QStringLiteral("patch"), QStringLiteral("trace")};

    explicit ApiDocument(QObject *parent = nullptr);

    static Json emptyDocument(const QString &title = QStringLiteral("Untitled API"));

    // Replaces the document only when the whole file parses and is an OpenAPI document; otherwise the current
    // content is untouched and the error says where the file is wrong. Swagger 2.0 and OpenAPI 3.0 are converted
    // to 3.1 in memory, and `$ref`s to other local files are bundled in (see bundler.h).
    Result<bool> load(const QString &path);
    Result<bool> loadFromData(const QByteArray &content, const QString &path, FileFormat format);
    // Replaces the document with one prepared elsewhere (emits documentReset).
    void install(PreparedDocument prepared);
    // Canonical, atomic save; an empty path saves to the current file.
    Result<bool> save(const QString &path = {});
    QByteArray serialized() const;

    const Json &root() const { return m_root; }
    void setRoot(Json root);
    const QString &filePath() const { return m_filePath; }
    FileFormat format() const { return m_format; }
    void setFormat(FileFormat format) { m_format = format; }
    const SourceMap &sourceMap() const { return m_sourceMap; }

    // The version the file was written in ("2.0", "3.0.3", "3.1.0"). Saving always writes 3.1, so the GUI asks
    // before saving over a converted file.
    const QString &sourceVersion() const { return m_sourceVersion; }
    bool convertedOnLoad() const { return m_convertedOnLoad; }
    // What the conversion (or bundling) on load could not carry over exactly; pointers are into the file as
    // written, so locate() finds them.
    const QList<ConversionWarning> &conversionWarnings() const { return m_conversionWarnings; }
    // Other files merged in through `$ref`s (canonical paths). Saving writes one self-contained file.
    const QStringList &referencedFiles() const { return m_referencedFiles; }
    bool bundledOnLoad() const { return !m_referencedFiles.isEmpty(); }
    // File, line and column of a pointer as loaded (nearest known ancestor).
    Location locate(const QString &pointer) const;

    // Generic edits by JSON pointer; missing parent objects are created. Emit valueChanged(pointer).
    const Json &value(QStringView pointer) const;
    bool setValue(const QString &pointer, const Json &value);
    bool removeValue(const QString &pointer);

    ApiInfo info() const;
    void setInfo(const ApiInfo &info);
    QList<ApiServer> servers() const;
    QList<ApiTag> tags() const;
    QList<ApiSecurityScheme> securitySchemes() const;

    QStringList modelNames() const;
    Json modelSchema(const QString &name) const;
    static QString modelPointer(const QString &name);
    bool addModel(const QString &name, const Json &schema = {});
    void setModelSchema(const QString &name, const Json &schema);
    bool removeModel(const QString &name);
    // Renames a model and rewrites every `$ref` (and discriminator mapping) that points to it.
    bool renameModel(const QString &from, const QString &to);

    QList<ModelField> fields(const QString &model) const;
    // Replaces the field with this name, or appends it.
    void setField(const QString &model, const ModelField &field);
    bool removeField(const QString &model, const QString &field);
    bool renameField(const QString &model, const QString &from, const QString &to);
    bool moveField(const QString &model, qsizetype from, qsizetype to);

    QList<ApiEndpoint> endpoints() const;
    // The same, one at a time, without holding them all.
    void forEachEndpoint(const std::function<void(const ApiEndpoint &)> &visit) const;
    std::optional<ApiEndpoint> endpoint(const QString &path, const QString &method) const;
    static QString operationPointer(const QString &path, const QString &method);
    bool addEndpoint(const QString &path, const QString &method, const Json &operation);
    bool removeEndpoint(const QString &path, const QString &method);

    // Follows local `$ref`s ("#/components/...") up to a small bound; returns the value and its pointer.
    std::pair<const Json *, QString> resolveLocal(const Json &value, const QString &pointer) const;

signals:
    void documentReset();
    void valueChanged(const QString &pointer);
    void modelsChanged();
    void endpointsChanged();

private:
    Json *mutableAt(const QString &pointer, bool create);
    void notify(const QString &pointer);
    ApiEndpoint readEndpoint(const QString &path, const QString &method, const Json &pathItem) const;

    Json m_root;
    QString m_filePath;
    FileFormat m_format = FileFormat::Yaml;
    SourceMap m_sourceMap;
    QString m_sourceVersion = QStringLiteral("3.1.0");
    bool m_convertedOnLoad = false;
    QList<ConversionWarning> m_conversionWarnings;
    QStringList m_referencedFiles;
};

// Checks that a parsed tree is an OpenAPI 3.1 document at all (an object with `openapi: 3.1.x` and `info`);
// what is wrong inside it is for the document checks to report.
std::optional<Error> checkIsOpenApi31(const Json &root, const QString &path, const SourceMap &map);

} // namespace portico::core
