// portico generate fastapi end to end: the generated Python text, the CLI, every oas-example importing under
// a real FastAPI, and a differential test of each bundled example against Debian's FastAPI + Pydantic 1: every
// operation answers its example, and a request that breaks a constraint gets 422 exactly where Portico's own
// mock says 422.
#include "core/apidocument.h"
#include "core/datagenerator.h"
#include "core/documentio.h"
#include "core/fastapigenerator.h"
#include "core/jsonparser.h"
#include "core/jsonpointer.h"
#include "core/jsonwriter.h"
#include "core/openapiconvert.h"
#include "mock/mockengine.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace portico::core;
using namespace portico::mock;

namespace {

const QString kPortico = QStringLiteral(PORTICO_BINARY_DIR "/app/portico");
const QString kSource = QStringLiteral(PORTICO_SOURCE_DIR);
const QString kOasExamples = QStringLiteral(PORTICO_NPM_DIR "/@readme/oas-examples");
// Debian's python3-fastapi and python3-uvicorn belong to Debian's interpreter; another python3 may come first
// on PATH without them.
const QString kDebianPython = u"/usr/bin/python3"_s;

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

Run runProcess(const QString &program, const QStringList &arguments, const QString &directory = {},
               int timeoutMs = 300000)
{
    QProcess p;
    if (!directory.isEmpty())
        p.setWorkingDirectory(directory);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PYTHONDONTWRITEBYTECODE"_s, u"1"_s);
    p.setProcessEnvironment(env);
    p.start(program, arguments);
    if (!p.waitForStarted(10000))
        return {-1, {}, program + u" did not start"_s};
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {-1, p.readAllStandardOutput(), program + u" did not finish"_s};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            QString::fromUtf8(p.readAllStandardError())};
}

Json yaml(const QByteArray &text)
{
    auto parsed = parseDocument(text, u"test.yaml"_s, FileFormat::Yaml);
    if (!parsed.ok())
        qFatal("bad test YAML: %s", qPrintable(parsed.error().toString()));
    return parsed->root;
}

Json documentWith(const QByteArray &schemasYaml, const QByteArray &pathsYaml = "{}")
{
    return yaml("openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: " + pathsYaml +
                "\ncomponents:\n  schemas: " + schemasYaml + "\n");
}

bool writeFiles(const QString &directory, const GeneratedFiles &files)
{
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        const QString path = QDir(directory).filePath(it.key());
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(it.value()) != it.value().size())
            return false;
    }
    return true;
}

// Imports `module` ("main" or "models") of every generated application in one interpreter; prints a JSON object
// directory → "" or the traceback.
const char kImportChecker[] = R"PY(import importlib, json, sys, traceback
results = {}
for path in sys.argv[2:]:
    for name in [m for m in sys.modules if m in ("main", "models", "routers") or m.startswith("routers.")]:
        del sys.modules[name]
    sys.path.insert(0, path)
    try:
        module = importlib.import_module(sys.argv[1])
        if hasattr(module, "app"):
            module.app.openapi()  # FastAPI builds the schema of every route and model
        results[path] = ""
    except BaseException:
        results[path] = traceback.format_exc(limit=4)
    finally:
        sys.path.remove(path)
print(json.dumps(results))
)PY";

struct Source
{
    QString name;
    QString path;
};

QList<Source> allSources()
{
    QList<Source> out;
    QDir examples(kSource + u"/resources/examples"_s);
    for (const QString &f : examples.entryList({u"*.yaml"_s}, QDir::Files, QDir::Name))
        out.append({u"example "_s + f, examples.filePath(f)});
    for (const QString &version : {u"3.1"_s, u"3.0"_s, u"2.0"_s}) {
        const QString root = kOasExamples + u'/' + version + u"/json"_s;
        QDirIterator it(root, {u"*.json"_s}, QDir::Files, QDirIterator::Subdirectories);
        QStringList files;
        while (it.hasNext())
            files.append(it.next());
        files.sort();
        for (const QString &f : std::as_const(files))
            out.append({u"oas "_s + version + u' ' + QDir(root).relativeFilePath(f), f});
    }
    return out;
}

QString stem(const QString &rowName)
{
    QString s = rowName;
    s.replace(QRegularExpression(u"[^A-Za-z0-9]+"_s), u"_"_s);
    return s;
}

// ---- HTTP ----

struct HttpReply
{
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QString error;
};

HttpReply httpSend(QNetworkAccessManager &nam, const QByteArray &method, const QUrl &url, const HeaderList &headers,
                   const QByteArray &body)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = nam.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    HttpReply out;
    if (!reply->isFinished()) {
        out.error = u"timed out"_s;
        reply->abort();
    }
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    out.contentType = reply->rawHeader("content-type");
    if (out.status == 0)
        out.error = reply->errorString();
    reply->deleteLater();
    return out;
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

// uvicorn serving a generated application; stopped (by its own pid) when destroyed.
class Uvicorn
{
public:
    ~Uvicorn()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(5000)) {
                m_process.kill();
                m_process.waitForFinished(5000);
            }
        }
    }

    // Starts and waits until /openapi.json answers (FastAPI builds every route's schema for it).
    QString start(const QString &directory, QNetworkAccessManager &nam)
    {
        QString lastError;
        for (int attempt = 0; attempt < 3; ++attempt) {
            m_port = freePort();
            m_process.setWorkingDirectory(directory);
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(u"PYTHONDONTWRITEBYTECODE"_s, u"1"_s);
            m_process.setProcessEnvironment(env);
            m_process.setProcessChannelMode(QProcess::MergedChannels);
            m_process.start(kDebianPython, {u"-m"_s, u"uvicorn"_s, u"main:app"_s, u"--host"_s, u"127.0.0.1"_s,
                                            u"--port"_s, QString::number(m_port), u"--log-level"_s, u"warning"_s});
            if (!m_process.waitForStarted(10000))
                return u"uvicorn did not start"_s;
            QElapsedTimer timer;
            timer.start();
            while (timer.elapsed() < 60000 && m_process.state() == QProcess::Running) {
                const HttpReply r = httpSend(nam, "GET", baseUrl().resolved(QUrl(u"/openapi.json"_s)), {}, {});
                if (r.status == 200)
                    return {};
                if (r.status != 0)
                    return u"GET /openapi.json answered %1: %2"_s.arg(r.status).arg(QString::fromUtf8(r.body));
                QTest::qWait(100);
            }
            m_process.waitForFinished(2000);
            lastError = QString::fromUtf8(m_process.readAll());
            if (!lastError.contains(u"address already in use"_s, Qt::CaseInsensitive))
                break;
        }
        return u"uvicorn exited: "_s + lastError;
    }

    QUrl baseUrl() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(m_port)); }
    QByteArray output() { return m_process.readAll(); }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

// ---- Requests built from the document ----

QString parameterText(const Json &value, bool explode, QStringList *repeated)
{
    auto scalar = [](const Json &v) {
        if (v.isString())
            return v.toString();
        if (v.isBool())
            return v.toBool() ? u"true"_s : u"false"_s;
        if (v.isNumber())
            return QString::fromUtf8(toJson(v));
        return QString::fromUtf8(toJson(v));
    };
    if (value.isArray()) {
        QStringList items;
        for (const Json &item : value.toArray())
            items.append(scalar(item));
        if (explode && repeated) {
            *repeated = items;
            return {};
        }
        return items.join(u',');
    }
    return scalar(value);
}

struct Request
{
    QByteArray method;
    QString path; // decoded
    QList<std::pair<QString, QString>> query;
    HeaderList headers; // lower-case names
    QByteArray body;
    bool hasBody = false;

    QString encodedPath() const
    {
        QStringList parts;
        for (const QString &part : path.split(u'/'))
            parts.append(QString::fromUtf8(QUrl::toPercentEncoding(part)));
        return parts.join(u'/');
    }
    QByteArray target() const
    {
        QByteArray t = encodedPath().toUtf8();
        for (qsizetype i = 0; i < query.size(); ++i)
            t += (i == 0 ? "?" : "&") + QUrl::toPercentEncoding(query[i].first) + '=' +
                 QUrl::toPercentEncoding(query[i].second);
        return t;
    }
};

struct ParameterValue
{
    ApiParameter parameter;
    Json schema; // resolved
    Json value;
    bool explode = true;
};

Json resolved(const ApiDocument &doc, const Json &schema)
{
    return *doc.resolveLocal(schema, {}).first;
}

std::optional<Json> parameterExample(const ApiParameter &p, const ApiDocument &doc)
{
    if (p.example)
        return p.example;
    const Json *raw = jsonpointer::resolve(doc.root(), p.pointer);
    if (raw) {
        for (const auto &[name, example] : (*raw)[u"examples"].toObject())
            return (*doc.resolveLocal(example, {}).first)[u"value"];
    }
    const Json schema = resolved(doc, p.schema);
    if (schema[u"examples"].isArray() && !schema[u"examples"].toArray().empty())
        return schema[u"examples"][0];
    if (schema.toObject().contains(u"example"))
        return schema[u"example"];
    return std::nullopt;
}

// Path parameters and required or exemplified query/header parameters, with example (or generated) values.
QList<ParameterValue> parameterValues(const ApiEndpoint &e, const ApiDocument &doc, const DataGenerator &generator)
{
    QList<ParameterValue> out;
    for (const ApiParameter &p : e.parameters) {
        if (p.in != u"path" && p.in != u"query" && p.in != u"header")
            continue;
        const std::optional<Json> example = parameterExample(p, doc);
        if (!p.required && !example)
            continue;
        const Json *raw = jsonpointer::resolve(doc.root(), p.pointer);
        const QString style = raw ? (*raw)[u"style"].toString() : QString();
        ParameterValue v{p, resolved(doc, p.schema), example ? *example : generator.generate(p.schema, 0),
                         raw ? (*raw)[u"explode"].toBool(style.isEmpty() || style == u"form") : true};
        // A comma-separated list (explode: false) is a plain string to the generated app, and the mock does not
        // split it yet; one item reads the same in every style, so both sides see a valid value.
        if (!v.explode && v.value.isArray() && v.value.toArray().size() > 1)
            v.value = Json(JsonArray{v.value.toArray().front()});
        out.append(v);
    }
    return out;
}

Request buildRequest(const ApiEndpoint &e, const QList<ParameterValue> &parameters)
{
    Request r;
    r.method = e.method.toUpper().toLatin1();
    r.path = e.path;
    for (const ParameterValue &p : parameters) {
        QStringList repeated;
        const QString text = parameterText(p.value, p.explode && p.parameter.in == u"query", &repeated);
        if (p.parameter.in == u"path") {
            r.path.replace(u'{' + p.parameter.name + u'}', text);
        } else if (p.parameter.in == u"query") {
            if (!repeated.isEmpty()) {
                for (const QString &item : std::as_const(repeated))
                    r.query.append({p.parameter.name, item});
            } else {
                r.query.append({p.parameter.name, text});
            }
        } else {
            r.headers.append({p.parameter.name.toLower().toLatin1(), text.toUtf8()});
        }
    }
    return r;
}

std::optional<ApiMediaType> preferredMedia(const QList<ApiMediaType> &content)
{
    if (content.isEmpty())
        return std::nullopt;
    for (const ApiMediaType &m : content) {
        if (codegen::isJsonMediaType(m.name))
            return m;
    }
    return content.front();
}

// What the generated handler returns: the generator's choice of success response and value.
struct Expected
{
    int status = 200;
    std::optional<ApiMediaType> media;
    Json value;
};

Expected expectedResponse(const ApiEndpoint &e, const ApiDocument &doc, const DataGenerator &generator)
{
    const ApiResponse *success = nullptr;
    for (const ApiResponse &r : e.responses) {
        if (!success && r.status.startsWith(u'2'))
            success = &r;
    }
    for (const ApiResponse &r : e.responses) {
        if (!success && r.status == u"default")
            success = &r;
    }
    for (const ApiResponse &r : e.responses) {
        if (!success && !r.status.startsWith(u'1'))
            success = &r;
    }
    Expected x;
    bool numeric = false;
    x.status = success ? success->status.toInt(&numeric) : 200;
    if (!numeric)
        x.status = success && success->status.front().isDigit() ? success->status.left(1).toInt() * 100 : 200;
    if (success)
        x.media = preferredMedia(success->content);
    if (x.media) {
        const auto example = codegen::firstExample(*x.media, doc);
        x.value = example ? *example : generator.generate(x.media->schema, 0);
    }
    return x;
}

// Pydantic 1 writes date-times as "+00:00" where the examples say "Z"; compare the instants.
Json normalized(const Json &v)
{
    static const QRegularExpression dateTime(u"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}"_s);
    if (v.isString() && dateTime.match(v.toString()).hasMatch()) {
        const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
        if (t.isValid())
            return Json(u"instant:"_s + QString::number(t.toMSecsSinceEpoch()));
    }
    if (v.isArray()) {
        JsonArray out;
        for (const Json &item : v.toArray())
            out.push_back(normalized(item));
        return Json(std::move(out));
    }
    if (v.isObject()) {
        JsonObject out;
        for (const auto &[key, value] : v.toObject())
            out.append(key, normalized(value));
        return Json(std::move(out));
    }
    return v;
}

// ---- Constraint-breaking variants of a valid value ----

struct Mutation
{
    QString label;
    Json value;
};

Json withValue(const Json &root, const QStringList &path, qsizetype at, const std::optional<Json> &value)
{
    if (at == path.size())
        return value ? *value : Json();
    Json copy = root;
    const bool last = at == path.size() - 1;
    if (copy.isObject()) {
        JsonObject &o = copy.object();
        if (last && !value)
            o.remove(path[at]);
        else
            o.insert(path[at], withValue(root[path[at]], path, at + 1, value));
    } else if (copy.isArray()) {
        JsonArray &a = copy.array();
        const qsizetype i = path[at].toLongLong();
        if (i >= 0 && i < qsizetype(a.size())) {
            if (last && !value)
                a.erase(a.begin() + i);
            else
                a[size_t(i)] = withValue(root[i], path, at + 1, value);
        }
    }
    return copy;
}

class Mutator
{
public:
    explicit Mutator(const ApiDocument &doc)
        : m_doc(doc)
    {}

    QList<Mutation> run(const Json &schema, const Json &value, bool parameter = false)
    {
        m_root = value;
        m_parameter = parameter;
        m_out.clear();
        walk(schema, value, {}, 0);
        return m_out;
    }

private:
    void add(const QString &what, const QStringList &path, const std::optional<Json> &replacement)
    {
        m_out.append({what + u" at /"_s + path.join(u'/'), withValue(m_root, path, 0, replacement)});
    }

    // Which alternative of a oneOf/anyOf the value is an instance of (consts and required properties decide).
    bool fits(const Json &schema, const Json &value) const
    {
        const Json s = resolved(m_doc, schema);
        const QStringList types = codegen::schemaTypes(s);
        if (value.isNull())
            return types.contains(u"null"_s);
        if (types.contains(u"null"_s) && types.size() == 1)
            return false;
        if (value.isObject()) {
            for (const Json &r : s[u"required"].toArray()) {
                if (!value.toObject().contains(r.toString()))
                    return false;
            }
            for (const auto &[name, property] : s[u"properties"].toObject()) {
                const Json p = resolved(m_doc, property);
                if (p.toObject().contains(u"const") && value.toObject().contains(name) && p[u"const"] != value[name])
                    return false;
            }
            if (s[u"additionalProperties"].isBool() && !s[u"additionalProperties"].toBool()) {
                for (const auto &[name, v] : value.toObject()) {
                    if (!s[u"properties"].toObject().contains(name))
                        return false;
                }
            }
        }
        return true;
    }

    void walk(const Json &schema, const Json &value, const QStringList &path, int depth)
    {
        if (depth > 24)
            return;
        const Json s = resolved(m_doc, schema);
        if (!s.isObject())
            return;
        for (const Json &member : s[u"allOf"].toArray())
            walk(member, value, path, depth + 1);
        for (const QString &key : {u"oneOf"_s, u"anyOf"_s}) {
            for (const Json &member : s[key].toArray()) {
                if (fits(member, value)) {
                    if (!value.isNull())
                        walk(member, value, path, depth + 1);
                    break;
                }
            }
        }
        if (const Json &values = s[u"enum"]; values.isArray() && value.isString())
            add(u"enum"_s, path, Json(value.toString() + u"-not-a-member"_s));
        if (s.toObject().contains(u"const") && s[u"const"].isString())
            add(u"const"_s, path, Json(s[u"const"].toString() + u"-other"_s));
        auto number = [&](QStringView key) { return s[key]; };
        switch (value.type()) {
        case Json::Type::Object: {
            const JsonObject &o = value.toObject();
            for (const Json &r : s[u"required"].toArray()) {
                if (o.contains(r.toString()))
                    add(u"missing required property"_s, path + QStringList{r.toString()}, std::nullopt);
            }
            const Json &additional = s[u"additionalProperties"];
            if (additional.isBool() && !additional.toBool())
                add(u"additional property"_s, path + QStringList{u"portico_unexpected"_s}, Json(1));
            if (s[u"minProperties"].toInteger(0) == 1)
                add(u"minProperties"_s, path, Json(JsonObject{}));
            for (const auto &[key, v] : o) {
                if (const Json *property = s[u"properties"].toObject().find(key))
                    walk(*property, v, path + QStringList{key}, depth + 1);
                else if (additional.isObject())
                    walk(additional, v, path + QStringList{key}, depth + 1);
            }
            add(u"type"_s, path, Json(u"not an object"_s));
            break;
        }
        case Json::Type::Array: {
            const JsonArray &a = value.toArray();
            const qint64 minItems = s[u"minItems"].toInteger(0);
            if (minItems > 0 && qint64(a.size()) >= minItems)
                add(u"minItems"_s, path, Json(JsonArray(a.begin(), a.begin() + (minItems - 1))));
            if (s[u"maxItems"].isNumber() && !a.empty()) {
                JsonArray longer;
                for (qint64 i = 0; i <= s[u"maxItems"].toInteger(); ++i)
                    longer.push_back(a[size_t(i % qint64(a.size()))]);
                add(u"maxItems"_s, path, Json(std::move(longer)));
            }
            if (s[u"uniqueItems"].toBool() && !a.empty()) {
                JsonArray twice = a;
                twice.push_back(a.front());
                add(u"uniqueItems"_s, path, Json(std::move(twice)));
            }
            if (s.toObject().contains(u"items")) {
                for (size_t i = 0; i < a.size() && i < 2; ++i)
                    walk(s[u"items"], a[i], path + QStringList{QString::number(i)}, depth + 1);
            }
            add(u"type"_s, path, Json(u"not an array"_s));
            break;
        }
        case Json::Type::String: {
            if (s[u"minLength"].toInteger(0) > 0)
                add(u"minLength"_s, path, Json(QString(s[u"minLength"].toInteger() - 1, u'x')));
            if (s[u"maxLength"].isNumber())
                add(u"maxLength"_s, path, Json(QString(s[u"maxLength"].toInteger() + 1, u'x')));
            if (s[u"pattern"].isString())
                add(u"pattern"_s, path, Json(u"~no match~"_s));
            static const QStringList typedFormats = {u"date"_s, u"date-time"_s, u"time"_s,
                                                     u"uuid"_s, u"ipv4"_s,      u"ipv6"_s};
            if (typedFormats.contains(s[u"format"].toString()))
                add(u"format"_s, path, Json(u"not-a-"_s + s[u"format"].toString()));
            if (!m_parameter)
                add(u"type"_s, path, Json(JsonObject{{u"not"_s, Json(u"a string"_s)}}));
            break;
        }
        case Json::Type::Integer:
        case Json::Type::Double: {
            const bool integer = codegen::schemaTypes(s).contains(u"integer"_s);
            auto shifted = [&](const Json &bound, double delta) {
                return integer && bound.isIntegral() ? Json(bound.toInteger() + qint64(delta))
                                                     : Json(bound.toDouble() + delta);
            };
            if (number(u"minimum").isNumber())
                add(u"minimum"_s, path, shifted(number(u"minimum"), -1));
            if (number(u"exclusiveMinimum").isNumber())
                add(u"exclusiveMinimum"_s, path, number(u"exclusiveMinimum"));
            if (number(u"maximum").isNumber())
                add(u"maximum"_s, path, shifted(number(u"maximum"), 1));
            if (number(u"exclusiveMaximum").isNumber())
                add(u"exclusiveMaximum"_s, path, number(u"exclusiveMaximum"));
            if (const Json &m = number(u"multipleOf"); m.isNumber()) {
                if (integer && m.isIntegral() && m.toInteger() > 1)
                    add(u"multipleOf"_s, path, Json(value.toInteger() + 1));
                else if (!integer)
                    add(u"multipleOf"_s, path, Json(value.toDouble() + m.toDouble() / 2));
            }
            add(u"type"_s, path, Json(u"not a number"_s));
            break;
        }
        case Json::Type::Bool:
            add(u"type"_s, path, Json(u"not a boolean"_s));
            break;
        case Json::Type::Null:
            break;
        }
    }

    const ApiDocument &m_doc;
    Json m_root;
    bool m_parameter = false;
    QList<Mutation> m_out;
};

// The document as the mock serves it for a comparison of validation alone: no scripted rules, latency, faults,
// rate limits, resources or credentials in the way.
Json validationOnly(const Json &document)
{
    Json out = document;
    JsonObject &root = out.object();
    root.remove(u"x-portico");
    root.insert(u"security"_s, Json(JsonArray{}));
    if (Json *paths = root.find(u"paths")) {
        for (auto &[path, item] : paths->object()) {
            for (auto &[method, op] : item.object()) {
                if (!op.isObject() || !ApiDocument::kMethods.contains(method))
                    continue;
                JsonObject &o = op.object();
                QStringList drop;
                for (const auto &[key, value] : o) {
                    if (key.startsWith(u"x-portico"))
                        drop.append(key);
                }
                for (const QString &key : std::as_const(drop))
                    o.remove(key);
                o.insert(u"security"_s, Json(JsonArray{}));
            }
        }
    }
    return out;
}

std::pair<int, QByteArray> mockAnswer(MockEngine &engine, const Request &r)
{
    MockRequest m;
    m.method = r.method;
    m.path = r.path;
    m.target = r.target();
    m.query = r.query;
    m.headers = r.headers;
    m.body = r.body;
    m.client = u"127.0.0.1:1"_s;
    const MockResponse response = engine.handle(m, *engine.table()).response;
    return {response.status, response.body};
}

} // namespace

class tst_FastApi : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void generatedPython_data();
    void generatedPython();
    void warningsForWhatPydanticCannotCheck();
    void commandLine_data();
    void commandLine();
    void generatedAppsImport_data();
    void generatedAppsImport();
    void pydantic2ModelsImport();
    void differential_data();
    void differential();

private:
    QString m_pythonProblem; // why Debian's FastAPI cannot be used; empty when it can
    QTemporaryDir m_importDir;
    std::optional<QHash<QString, QString>> m_importResults; // row → traceback ("" when it imported)
};

void tst_FastApi::initTestCase()
{
    const Run probe =
        runProcess(kDebianPython, {u"-c"_s, u"import fastapi, uvicorn, pydantic; print(pydantic.VERSION)"_s});
    if (probe.exitCode != 0)
        m_pythonProblem = u"Debian's python3-fastapi/python3-uvicorn cannot be imported by /usr/bin/python3 "
                          u"(apt-get install -y python3-fastapi python3-uvicorn): "_s +
                          probe.err.trimmed().split(u'\n').last();
    else if (!probe.out.startsWith("1."))
        qInfo("Debian's Pydantic is %s; the differential test targets Pydantic 1", probe.out.trimmed().constData());
}

void tst_FastApi::generatedPython_data()
{
    QTest::addColumn<QByteArray>("schemas");
    QTest::addColumn<QByteArray>("paths");
    QTest::addColumn<int>("pydantic");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("expected");

    const QByteArray lengths = "{Name: {type: object, required: [name], properties: {name: {type: string, minLength: "
                               "1, maxLength: 80, pattern: '^[A-Z]'}}}}";
    QTest::addRow("v1 string constraints, regex=")
        << lengths << QByteArray("{}") << 1 << u"models.py"_s
        << QStringList{u"    name: str = Field(..., min_length=1, max_length=80, regex=r\"^[A-Z]\")"_s};
    QTest::addRow("v2 string constraints, pattern=")
        << lengths << QByteArray("{}") << 2 << u"models.py"_s
        << QStringList{u"    name: str = Field(..., min_length=1, max_length=80, pattern=r\"^[A-Z]\")"_s};
    QTest::addRow("v1 unanchored pattern searches like JSON Schema")
        << QByteArray("{S: {type: object, properties: {s: {type: string, pattern: 'b+'}}}}") << QByteArray("{}") << 1
        << u"models.py"_s << QStringList{u"regex=r\"^(?s:.*?)(?:b+)\""_s};
    QTest::addRow("ECMA named groups become Python's")
        << QByteArray("{S: {type: object, properties: {s: {type: string, pattern: '^(?<y>\\d{4})-\\k<y>$'}}}}")
        << QByteArray("{}") << 2 << u"models.py"_s << QStringList{u"pattern=r\"^(?P<y>\\d{4})-(?P=y)$\""_s};
    const QByteArray numbers = "{N: {type: object, properties: {a: {type: integer, minimum: 1, maximum: 10}, b: {type: "
                               "number, exclusiveMinimum: 0, exclusiveMaximum: 1, multipleOf: 0.25}}}}";
    QTest::addRow("numeric bounds") << numbers << QByteArray("{}") << 1 << u"models.py"_s
                                    << QStringList{
                                           u"    a: Optional[int] = Field(None, ge=1, le=10)"_s,
                                           u"    b: Optional[float] = Field(None, gt=0, lt=1, multiple_of=0.25)"_s};
    QTest::addRow("OpenAPI 3.0 boolean exclusive bounds")
        << QByteArray("{N: {type: object, properties: {a: {type: number, minimum: 0, exclusiveMinimum: true}}}}")
        << QByteArray("{}") << 2 << u"models.py"_s << QStringList{u"    a: Optional[float] = Field(None, gt=0)"_s};
    const QByteArray lists = "{L: {type: object, properties: {tags: {type: array, items: {type: string, maxLength: 5}, "
                             "minItems: 1, maxItems: 3, uniqueItems: true}}}}";
    QTest::addRow("v1 list sizes: min_items/max_items, items constrained with constr")
        << lists << QByteArray("{}") << 1 << u"models.py"_s
        << QStringList{
               u"    tags: Optional[List[constr(max_length=5)]] = Field(\n        None, min_items=1, max_items=3, unique_items=True\n    )"_s};
    QTest::addRow("v2 list sizes: min_length/max_length, uniqueness by validator")
        << lists << QByteArray("{}") << 2 << u"models.py"_s
        << QStringList{
               u"    tags: Optional[List[Annotated[str, Field(max_length=5)]]] = Field(\n        None, min_length=1, max_length=3\n    )"_s,
               u"    @field_validator(\"tags\")"_s, u"        return unique_items(value)"_s};
    const QByteArray closed = "{C: {type: object, additionalProperties: false, properties: {a: {type: string}}}}";
    QTest::addRow("v1 additionalProperties false") << closed << QByteArray("{}") << 1 << u"models.py"_s
                                                   << QStringList{u"    class Config:\n        extra = Extra.forbid"_s};
    QTest::addRow("v2 additionalProperties false") << closed << QByteArray("{}") << 2 << u"models.py"_s
                                                   << QStringList{u"    model_config = ConfigDict(extra=\"forbid\")"_s};
    QTest::addRow("component enum is an Enum, inline enum a Literal")
        << QByteArray("{Status: {type: string, enum: [available, 1m, req/s, class]}, I: {type: object, properties: {s: "
                      "{$ref: '#/components/schemas/Status'}, w: {enum: [a, b]}}}}")
        << QByteArray("{}") << 1 << u"models.py"_s
        << QStringList{u"class Status(str, Enum):"_s,
                       u"    available = \"available\""_s,
                       u"    v_1m = \"1m\""_s,
                       u"    req_s = \"req/s\""_s,
                       u"    class_ = \"class\""_s,
                       u"    s: Optional[Status] = None"_s,
                       u"    w: Optional[Literal[\"a\", \"b\"]] = None"_s};
    QTest::addRow("nullable and defaults")
        << QByteArray("{D: {type: object, required: [n], properties: {n: {type: [string, 'null']}, m: {anyOf: [{type: "
                      "integer}, {type: 'null'}]}, d: {type: integer, default: 3}, e: {type: string, default: null}}}}")
        << QByteArray("{}") << 1 << u"models.py"_s
        << QStringList{u"    n: Optional[str]\n"_s, u"    m: Optional[int] = None"_s, u"    d: int = 3"_s,
                       u"    e: Optional[str] = None"_s};
    const QByteArray recursive = "{Node: {type: object, properties: {children: {type: array, maxItems: 3, items: "
                                 "{$ref: '#/components/schemas/Node'}}}}}";
    QTest::addRow("v1 recursive model: forward reference, validator, update_forward_refs")
        << recursive << QByteArray("{}") << 1 << u"models.py"_s
        << QStringList{u"    children: Optional[List[\"Node\"]] = None"_s,
                       u"        return check_size(value, None, 3, \"items\")"_s, u"Node.update_forward_refs()"_s};
    QTest::addRow("v2 recursive model: model_rebuild")
        << recursive << QByteArray("{}") << 2 << u"models.py"_s
        << QStringList{u"    children: Optional[List[\"Node\"]] = Field(None, max_length=3)"_s,
                       u"Node.model_rebuild()"_s};
    QTest::addRow("models are written after the models they use")
        << QByteArray("{Outer: {type: object, properties: {i: {$ref: '#/components/schemas/Inner'}}}, Inner: {type: "
                      "object, properties: {n: {type: integer}}}}")
        << QByteArray("{}") << 2 << u"models.py"_s
        << QStringList{u"class Inner(ApiModel):"_s, u"    i: Optional[Inner] = None"_s};
    QTest::addRow("allOf of models is inheritance")
        << QByteArray("{Base: {type: object, properties: {id: {type: integer}}}, Derived: {allOf: [{$ref: "
                      "'#/components/schemas/Base'}, {type: object, properties: {x: {type: string}}}]}}")
        << QByteArray("{}") << 2 << u"models.py"_s
        << QStringList{u"class Derived(Base):"_s, u"    x: Optional[str] = None"_s};
    QTest::addRow("oneOf is a Union alias")
        << QByteArray("{A: {type: object, properties: {a: {type: string}}}, B: {type: object, properties: {b: {type: "
                      "string}}}, AB: {oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]}}")
        << QByteArray("{}") << 1 << u"models.py"_s << QStringList{u"AB = Union[A, B]"_s};
    QTest::addRow("v1 minProperties is a root validator")
        << QByteArray("{P: {type: object, minProperties: 1, properties: {a: {type: string}}}}") << QByteArray("{}") << 1
        << u"models.py"_s
        << QStringList{u"    @root_validator(pre=True)"_s,
                       u"        return check_size(values, 1, None, \"properties\")"_s};
    QTest::addRow("fields that are not identifiers or shadow names get aliases")
        << QByteArray("{F: {type: object, properties: {'content-type': {type: string}, date: {type: string, format: "
                      "date}, json: {type: integer}, _id: {type: string}}}}")
        << QByteArray("{}") << 1 << u"models.py"_s
        << QStringList{u"    content_type: Optional[str] = Field(None, alias=\"content-type\")"_s,
                       u"    date_: Optional[date] = Field(None, alias=\"date\")"_s,
                       u"    json_: Optional[int] = Field(None, alias=\"json\")"_s,
                       u"    id: Optional[str] = Field(None, alias=\"_id\")"_s};
    const QByteArray op = "{'/items/{itemId}': {get: {operationId: getItem, tags: [items], parameters: [{name: itemId, "
                          "in: path, required: true, schema: {type: integer, minimum: 0}},"
                          " {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 100, default: 20}}, "
                          "{name: X-Trace, in: header, schema: {type: string, maxLength: 8}},"
                          " {name: tag, in: query, schema: {type: array, items: {type: string}}}],"
                          " responses: {'404': {description: missing}, '200': {description: ok, content: "
                          "{application/json: {schema: {$ref: '#/components/schemas/Item'}, example: {id: 1}}}}}}},"
                          " '/health': {get: {responses: {'204': {description: alive}}}}}";
    const QByteArray item = "{Item: {type: object, properties: {id: {type: integer}}}}";
    QTest::addRow("router per tag with typed parameters")
        << item << op << 1 << u"routers/items.py"_s
        << QStringList{u"router = APIRouter(tags=[\"items\"])"_s,
                       u"@router.get(\n    \"/items/{itemId}\",\n    response_model=Item,\n    status_code=200,"_s,
                       u"    response_model_exclude_unset=True,"_s,
                       u"    operation_id=\"getItem\","_s,
                       u"    itemId: int = Path(..., ge=0),"_s,
                       u"    limit: int = Query(20, ge=1, le=100),"_s,
                       u"    x_trace: Optional[str] = Header(None, alias=\"X-Trace\", max_length=8),"_s,
                       u"    tag: Optional[List[str]] = Query(None),"_s,
                       u"    return {\"id\": 1}"_s,
                       u"    responses={404: {\"description\": \"missing\"}},"_s};
    QTest::addRow("untagged operations go to the default router")
        << item << op << 1 << u"routers/default.py"_s
        << QStringList{u"router = APIRouter()"_s, u"async def get_health():"_s,
                       u"    return Response(status_code=204)"_s};
    QTest::addRow("main includes every router")
        << item << op << 2 << u"main.py"_s
        << QStringList{u"from routers import default, items"_s, u"app.include_router(items.router)"_s,
                       u"app.include_router(default.router)"_s};
    QTest::addRow("request body model and first 2xx status")
        << item
        << QByteArray("{'/items': {post: {operationId: createItem, requestBody: {required: true, content: "
                      "{application/json: {schema: {$ref: '#/components/schemas/Item'}}}},"
                      " responses: {'201': {description: created, content: {application/json: {schema: {$ref: "
                      "'#/components/schemas/Item'}, example: {id: 7}}}}}}}}")
        << 2 << u"routers/default.py"_s
        << QStringList{u"    status_code=201,"_s, u"async def create_item(\n    body: Item,\n):"_s,
                       u"    return {\"id\": 7}"_s};
    QTest::addRow("requirements follow the Pydantic version")
        << item << QByteArray("{}") << 1 << u"requirements.txt"_s << QStringList{u"pydantic>=1.10,<2"_s};
}

void tst_FastApi::generatedPython()
{
    QFETCH(QByteArray, schemas);
    QFETCH(QByteArray, paths);
    QFETCH(int, pydantic);
    QFETCH(QString, file);
    QFETCH(QStringList, expected);
    FastApiOptions options;
    options.pydantic = pydantic;
    const GeneratedFiles files = generateFastApi(documentWith(schemas, paths), options);
    QVERIFY2(files.contains(file), qPrintable(QStringList(files.keys()).join(u", "_s)));
    const QString text = QString::fromUtf8(files.value(file));
    for (const QString &e : std::as_const(expected))
        QVERIFY2(text.contains(e), qPrintable(u"missing: "_s + e + u"\n--- "_s + file + u" ---\n"_s + text));
}

void tst_FastApi::warningsForWhatPydanticCannotCheck()
{
    QList<CodegenWarning> warnings;
    generateFastApi(documentWith("{X: {type: object, properties: {p: {type: string, not: {const: a}}, t: {type: array, "
                                 "prefixItems: [{type: string}]}}}}"),
                    {}, &warnings);
    QStringList messages;
    for (const CodegenWarning &w : std::as_const(warnings))
        messages.append(w.pointer + u": "_s + w.message);
    QVERIFY2(messages.size() == 2, qPrintable(messages.join(u'\n')));
    QVERIFY(messages[0].startsWith(u"/components/schemas/X/properties/p: not/if"_s));
    QVERIFY(messages[1].startsWith(u"/components/schemas/X/properties/t: tuple"_s));
}

void tst_FastApi::commandLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QString store = kSource + u"/resources/examples/store.yaml"_s;
    QTest::addRow("no target") << QStringList{} << 2 << u"expected typescript|fastapi FILE"_s;
    QTest::addRow("unknown target") << QStringList{u"java"_s, store} << 2 << u"expected typescript|fastapi FILE"_s;
    QTest::addRow("fastapi needs -o") << QStringList{u"fastapi"_s, store} << 2 << u"-o DIR is required"_s;
    QTest::addRow("bad pydantic version") << QStringList{u"fastapi"_s, store, u"-o"_s, u"x"_s, u"--pydantic"_s, u"3"_s}
                                          << 2 << u"--pydantic must be 1 or 2"_s;
    QTest::addRow("missing file") << QStringList{u"typescript"_s, u"/nonexistent.yaml"_s} << 2 << u"no such file"_s;
    QTest::addRow("invalid document") << QStringList{u"typescript"_s,
                                                     kSource + u"/tests/data/broken/syntax-error.yaml"_s}
                                      << 1 << u"error:"_s;
    QTest::addRow("help") << QStringList{u"--help"_s} << 0 << QString();
}

void tst_FastApi::commandLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const Run run = runProcess(kPortico, QStringList{u"generate"_s} + arguments);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
}

void tst_FastApi::generatedAppsImport_data()
{
    QTest::addColumn<QString>("path");
    const QList<Source> sources = allSources();
    QVERIFY2(sources.size() > 40, "the @readme/oas-examples package is not installed (run tools/setup.sh)");
    for (const Source &s : sources)
        QTest::addRow("%s", qPrintable(s.name)) << s.path;
}

// Every document's application (Pydantic 1) imports under Debian's FastAPI and builds its OpenAPI schema; one
// interpreter imports them all on the first row.
void tst_FastApi::generatedAppsImport()
{
    if (!m_pythonProblem.isEmpty())
        QSKIP(qPrintable(m_pythonProblem));
    QFETCH(QString, path);
    const QString row = QString::fromUtf8(QTest::currentDataTag());
    if (!m_importResults) {
        m_importResults.emplace();
        QVERIFY(m_importDir.isValid());
        QStringList directories;
        QHash<QString, QString> rowOf;
        for (const Source &s : allSources()) {
            auto file = readDocumentFile(s.path);
            if (!file.ok()) {
                m_importResults->insert(s.name, file.error().toString());
                continue;
            }
            auto converted = convertToOpenApi31(file->root);
            if (!converted.ok()) {
                m_importResults->insert(s.name, u"conversion to 3.1 failed: "_s + converted.error().toString());
                continue;
            }
            FastApiOptions options;
            options.pydantic = 1;
            const QString dir = m_importDir.filePath(stem(s.name));
            QVERIFY(writeFiles(dir, generateFastApi(converted->document, options)));
            directories.append(dir);
            rowOf.insert(dir, s.name);
        }
        const QString checker = m_importDir.filePath(u"check_imports.py"_s);
        QFile f(checker);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kImportChecker);
        f.close();
        const Run run = runProcess(kDebianPython, QStringList{checker, u"main"_s} + directories);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const Json results = parseJson(run.out);
        int ok = 0;
        for (const auto &[dir, traceback] : results.toObject()) {
            m_importResults->insert(rowOf.value(dir), traceback.toString());
            ok += traceback.toString().isEmpty() ? 1 : 0;
        }
        qInfo("FastAPI (Pydantic 1): %d of %d generated applications import and build their OpenAPI", ok,
              int(directories.size()));
    }
    QVERIFY2(m_importResults->contains(row), "not checked");
    QVERIFY2(m_importResults->value(row).isEmpty(), qPrintable(m_importResults->value(row)));
}

// The Pydantic 2 flavour, where an interpreter with Pydantic 2 exists (PORTICO_PYDANTIC2_PYTHON, else python3
// on PATH): models.py of every document imports, and main.py too when that interpreter has FastAPI ≥ 0.100.
void tst_FastApi::pydantic2ModelsImport()
{
    QString python = qEnvironmentVariable("PORTICO_PYDANTIC2_PYTHON");
    if (python.isEmpty())
        python = QStandardPaths::findExecutable(u"python3"_s);
    const Run probe =
        python.isEmpty()
            ? Run{}
            : runProcess(
                  python,
                  {u"-c"_s,
                   u"import pydantic, sys; sys.exit(0 if tuple(map(int, pydantic.VERSION.split('.')[:2])) >= (2, 5) else 1)"_s});
    if (probe.exitCode != 0)
        QSKIP("no interpreter with Pydantic >= 2.5 (set PORTICO_PYDANTIC2_PYTHON to check the --pydantic 2 output)");
    const bool hasFastApi =
        runProcess(
            python,
            {u"-c"_s,
             u"import fastapi, sys; sys.exit(0 if tuple(map(int, fastapi.__version__.split('.')[:2])) >= (0, 100) else 1)"_s})
            .exitCode == 0;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QStringList directories;
    for (const Source &s : allSources()) {
        auto file = readDocumentFile(s.path);
        QVERIFY2(file.ok(), qPrintable(s.name));
        auto converted = convertToOpenApi31(file->root);
        QVERIFY2(converted.ok(), qPrintable(s.name));
        const QString target = dir.filePath(stem(s.name));
        QVERIFY(writeFiles(target, generateFastApi(converted->document)));
        directories.append(target);
    }
    const QString checker = dir.filePath(u"check_imports.py"_s);
    QFile f(checker);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kImportChecker);
    f.close();
    const Run run = runProcess(python, QStringList{checker, hasFastApi ? u"main"_s : u"models"_s} + directories);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QStringList failures;
    for (const auto &[path, traceback] : parseJson(run.out).toObject()) {
        if (!traceback.toString().isEmpty())
            failures.append(path + u":\n"_s + traceback.toString());
    }
    qInfo("Pydantic 2 (%s): %d of %d generated %s import", qPrintable(python),
          int(directories.size() - failures.size()), int(directories.size()),
          hasFastApi ? "applications" : "models.py files");
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u"\n\n"_s)));
}

void tst_FastApi::differential_data()
{
    QTest::addColumn<QString>("path");
    QDir examples(kSource + u"/resources/examples"_s);
    for (const QString &f : examples.entryList({u"*.yaml"_s}, QDir::Files, QDir::Name))
        QTest::addRow("%s", qPrintable(f)) << examples.filePath(f);
}

void tst_FastApi::differential()
{
    if (!m_pythonProblem.isEmpty())
        QSKIP(qPrintable(m_pythonProblem));
    QFETCH(QString, path);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Run generated =
        runProcess(kPortico, {u"generate"_s, u"fastapi"_s, path, u"-o"_s, dir.path(), u"--pydantic"_s, u"1"_s});
    QVERIFY2(generated.exitCode == 0, qPrintable(generated.err));

    QNetworkAccessManager nam;
    Uvicorn server;
    const QString problem = server.start(dir.path(), nam);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    ApiDocument doc;
    QVERIFY(doc.load(path).ok());
    MockEngine engine;
    const auto set = engine.setDocument(validationOnly(doc.root()), MockSettings{});
    QVERIFY2(set.ok(), qPrintable(set.ok() ? QString() : set.error().toString()));
    const DataGenerator generator(doc.root());
    Mutator mutator(doc);

    QStringList failures;
    int operations = 0, variants = 0, bothRefused = 0;
    auto send = [&](const Request &r) {
        QUrl url = QUrl::fromEncoded(server.baseUrl().toEncoded() + r.target());
        HeaderList headers = r.headers;
        return httpSend(nam, r.method, url, headers, r.body);
    };
    // Where FastAPI and the mock must agree: both 422, or neither.
    auto compare = [&](const QString &where, const Request &r) {
        const HttpReply fastapi = send(r);
        const auto [mock, mockBody] = mockAnswer(engine, r);
        ++variants;
        bothRefused += mock == 422 && fastapi.status == 422 ? 1 : 0;
        if ((fastapi.status == 422) != (mock == 422))
            failures.append(u"%1: FastAPI %2, mock %3 for %4 %5 %6\n  FastAPI: %7\n  mock: %8"_s.arg(where)
                                .arg(fastapi.status)
                                .arg(mock)
                                .arg(QString::fromLatin1(r.method), QString::fromUtf8(r.target()),
                                     QString::fromUtf8(r.body.left(300)), QString::fromUtf8(fastapi.body.left(300)),
                                     QString::fromUtf8(mockBody.left(300))));
    };

    for (const ApiEndpoint &e : doc.endpoints()) {
        ++operations;
        const QString op = e.method.toUpper() + u' ' + e.path;
        const QList<ParameterValue> parameters = parameterValues(e, doc, generator);
        Request valid = buildRequest(e, parameters);
        std::optional<ApiMediaType> bodyMedia;
        QList<Json> bodies;
        if (e.requestBody) {
            bodyMedia = preferredMedia(e.requestBody->content);
            if (bodyMedia) {
                if (bodyMedia->example)
                    bodies.append(*bodyMedia->example);
                for (const auto &[name, example] : bodyMedia->examples)
                    bodies.append((*doc.resolveLocal(example, {}).first)[u"value"]);
                if (bodies.isEmpty())
                    bodies.append(generator.generate(bodyMedia->schema, 0));
                valid.body = toJson(bodies.front());
                valid.hasBody = true;
                valid.headers.append({"content-type", bodyMedia->name.toUtf8()});
            }
        }

        // The operation answers its example (or the generated sample) with the success status.
        const Expected expected = expectedResponse(e, doc, generator);
        const HttpReply reply = send(valid);
        if (reply.status != expected.status) {
            failures.append(u"%1: status %2, expected %3: %4"_s.arg(op)
                                .arg(reply.status)
                                .arg(expected.status)
                                .arg(QString::fromUtf8(reply.body.left(500))));
        } else if (expected.media && codegen::isJsonMediaType(expected.media->name)) {
            JsonParser parser;
            const auto body = parser.parse(reply.body);
            if (!body.ok() || normalized(*body) != normalized(expected.value))
                failures.append(u"%1: body %2\n  expected %3"_s.arg(
                    op, QString::fromUtf8(reply.body.left(800)), QString::fromUtf8(toJson(expected.value).left(800))));
        } else if (expected.media) {
            const QByteArray text =
                expected.value.isString() ? expected.value.toString().toUtf8() : toJson(expected.value);
            if (reply.body != text)
                failures.append(u"%1: body %2\n  expected %3"_s.arg(op, QString::fromUtf8(reply.body.left(300)),
                                                                    QString::fromUtf8(text.left(300))));
        } else if (!reply.body.isEmpty()) {
            failures.append(u"%1: expected no body, got %2"_s.arg(op, QString::fromUtf8(reply.body.left(300))));
        }

        // The valid request itself: neither side may refuse it.
        compare(op + u" (valid request)"_s, valid);

        // Bodies that break one constraint each.
        if (bodyMedia && codegen::isJsonMediaType(bodyMedia->name)) {
            for (const Json &body : std::as_const(bodies)) {
                for (const Mutation &m : mutator.run(bodyMedia->schema, body)) {
                    Request r = valid;
                    r.body = toJson(m.value);
                    compare(op + u" body "_s + m.label, r);
                }
            }
        }
        // Path and query parameters with scalar schemas that break one constraint each.
        for (qsizetype i = 0; i < parameters.size(); ++i) {
            const ParameterValue &p = parameters[i];
            const QStringList types = codegen::schemaTypes(p.schema);
            const bool scalar = !types.isEmpty() && !types.contains(u"array"_s) && !types.contains(u"object"_s);
            if (!scalar || p.parameter.in == u"header")
                continue;
            for (const Mutation &m : mutator.run(p.parameter.schema, p.value, true)) {
                if (m.value.isObject() || m.value.isArray() ||
                    (p.parameter.in == u"path" && m.value.isString() && m.value.toString().isEmpty()))
                    continue;
                QList<ParameterValue> changed = parameters;
                changed[i].value = m.value;
                Request r = buildRequest(e, changed);
                r.body = valid.body;
                r.hasBody = valid.hasBody;
                r.headers = valid.headers;
                compare(op + u" "_s + p.parameter.in + u" parameter "_s + p.parameter.name + u": "_s + m.label, r);
            }
        }
    }
    qInfo("%s: %d operations answered their examples; %d requests compared with the mock, %d of them refused (422) "
          "by both",
          QTest::currentDataTag(), operations, variants, bothRefused);
    QVERIFY2(failures.isEmpty(),
             qPrintable(failures.join(u'\n') + u"\n--- uvicorn ---\n"_s + QString::fromUtf8(server.output())));
}

QTEST_GUILESS_MAIN(tst_FastApi)
#include "tst_fastapi.moc"
