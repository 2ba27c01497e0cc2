// portico serve: the mock engine headless, for frontend teams and CI.
#include "cli.h"

#include "core/apidocument.h"
#include "core/checks.h"
#include "core/jsonparser.h"
#include "core/jsonpointer.h"
#include "core/jsonwriter.h"
#include "mock/har.h"
#include "mock/mockengine.h"
#include "mock/mockserver.h"
#include "mock/projectsettings.h"
#include "mock/resourcestore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QSocketNotifier>
#include <QSslCertificate>
#include <QSslKey>
#include <QTextStream>
#include <QTimer>

#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace portico::core;
using namespace portico::mock;

namespace portico::app {
namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &c, 1);
}

// Ten thousand concurrent connections need ten thousand descriptors; the soft limit is often 1024.
void raiseDescriptorLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

// A hand-written document often lacks what OpenAPI requires but a mock can do without (`info`, a response's
// description, a stray key in `content`): it is served all the same, and the user is told what was worked
// around. Only for documents of a hand-written size: checking costs about what loading does, and a large
// public spec has `portico check` for that.
void printWorkedAround(const ApiDocument &doc, const QString &file)
{
    constexpr qint64 kCheckedSize = 1 << 20;
    constexpr qsizetype kShown = 10;
    if (QFileInfo(file).size() > kCheckedSize)
        return;
    QList<Problem> problems = checkDocument(doc);
    // Errors the mock works around (examples that break their schema) have their own line in the banner.
    problems.removeIf([](const Problem &p) { return p.severity != Problem::Severity::Warning; });
    for (qsizetype i = 0; i < std::min(kShown, problems.size()); ++i)
        std::fprintf(stderr, "%s\n", qPrintable(problems[i].toString()));
    if (problems.size() > kShown)
        std::fprintf(stderr, "  … and %d more: portico check %s lists them\n", int(problems.size() - kShown), qPrintable(file));
}

QString firstError(const TraceRecord &t)
{
    const Json &errors = t.requestErrors.isNull() ? t.responseErrors : t.requestErrors;
    if (!errors.isArray() || errors.toArray().empty())
        return {};
    const Json &e = errors[0];
    QStringList loc;
    for (const Json &part : e[u"loc"].toArray())
        loc.append(part.isString() ? part.toString() : QString::number(part.toInteger()));
    return u"  "_s + loc.join(u'.') + u": "_s + e[u"msg"].toString();
}

// "12:03:07.113 GET /items/42 200 0.1ms", and the first validation error if any. Built with std::string and
// std::to_chars: this runs on the main thread for every request the server answers.
void appendAccessLine(std::string &out, const TraceRecord &t, qint64 utcOffsetMs)
{
    const auto digits = [&out](qint64 value, int width) {
        char buffer[20];
        for (int i = width - 1; i >= 0; --i, value /= 10)
            buffer[i] = char('0' + value % 10);
        out.append(buffer, size_t(width));
    };
    const auto number = [&out](qint64 value) {
        char buffer[24];
        out.append(buffer, size_t(std::to_chars(buffer, buffer + sizeof buffer, value).ptr - buffer));
    };
    const qint64 ms = (t.started.toMSecsSinceEpoch() + utcOffsetMs) % (24 * 3600 * 1000);
    digits(ms / 3600000, 2);
    out += ':';
    digits(ms / 60000 % 60, 2);
    out += ':';
    digits(ms / 1000 % 60, 2);
    out += '.';
    digits(ms % 1000, 3);
    out += ' ';
    out.append(t.method.constData(), size_t(t.method.size()));
    out += ' ';
    out.append(t.target.constData(), size_t(t.target.size()));
    out += ' ';
    number(t.status);
    out += ' ';
    number(t.durationUs / 1000);
    out += '.';
    digits(t.durationUs / 100 % 10, 1);
    out += "ms";
    if (t.hasErrors())
        out += firstError(t).toStdString();
    out += '\n';
}

// --record: what the proxy saw becomes examples of the document (and new operations for paths it lacked),
// so a real backend can be captured into a mock.
int recordInto(ApiDocument &doc, const QList<TraceRecord> &traces)
{
    int recorded = 0;
    for (const TraceRecord &t : traces) {
        if (!t.proxied || t.status <= 0)
            continue;
        const QString method = QString::fromLatin1(t.method).toLower();
        if (!ApiDocument::kMethods.contains(method))
            continue;
        QString path = QString::fromUtf8(t.target).section(u'?', 0, 0);
        QString pointer;
        if (!t.operationPointer.isEmpty()) {
            pointer = t.operationPointer;
        } else {
            if (!doc.endpoint(path, method))
                doc.addEndpoint(path, method, Json(JsonObject{{u"summary"_s, Json(u"Recorded from the proxied backend"_s)},
                                                              {u"responses"_s, Json(JsonObject{})}}));
            pointer = ApiDocument::operationPointer(path, method);
        }
        QByteArray type = "application/json";
        for (const auto &[name, value] : t.responseHeaders) {
            if (name == "content-type")
                type = value.split(';').first().trimmed();
        }
        const QString status = QString::number(t.status);
        const QString responsePointer = pointer + u"/responses/"_s + status;
        if (doc.value(responsePointer).isNull())
            doc.setValue(responsePointer, Json(JsonObject{{u"description"_s, Json(u"Recorded"_s)}}));
        Json value;
        if (type.contains("json")) {
            auto parsed = JsonParser().parse(t.responseBody);
            if (!parsed.ok())
                continue;
            value = std::move(parsed).value();
        } else {
            value = Json(QString::fromUtf8(t.responseBody));
        }
        const QString examples = responsePointer + u"/content/"_s + jsonpointer::escape(QString::fromLatin1(type)) + u"/examples"_s;
        const qsizetype existing = doc.value(examples).toObject().size();
        doc.setValue(examples + u"/recorded-"_s + QString::number(existing + 1), Json(JsonObject{{u"value"_s, value}}));
        ++recorded;
    }
    return recorded;
}

} // namespace

int runServe(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"portico serve: run an OpenAPI document as a validating mock server"_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"FILE"_s, u"The OpenAPI 3.1 document (JSON or YAML)."_s);
    const QCommandLineOption host(u"host"_s, u"Address to bind (default 127.0.0.1; 0.0.0.0 exposes it to the network)."_s, u"HOST"_s, u"127.0.0.1"_s);
    const QCommandLineOption port(u"port"_s, u"Port (default 8000; 0 picks a free one)."_s, u"PORT"_s, u"8000"_s);
    const QCommandLineOption threads(u"threads"_s, u"Listener threads (default: one per core)."_s, u"N"_s, u"0"_s);
    const QCommandLineOption watch(u"watch"_s, u"Reload when FILE changes; a broken version keeps the last good one running."_s);
    const QCommandLineOption seed(u"seed"_s, u"Seed for generated data, latency ranges and faults."_s, u"N"_s);
    const QCommandLineOption lax(u"lax"_s, u"pydantic's lax coercion for request bodies."_s);
    const QCommandLineOption strict(u"strict-responses"_s, u"A mock response that breaks its schema becomes a 500."_s);
    const QCommandLineOption proxy(u"proxy"_s, u"Forward requests that match no operation to this URL."_s, u"URL"_s);
    const QCommandLineOption proxyAll(u"proxy-all"_s, u"Forward every request to the --proxy URL."_s);
    const QCommandLineOption failOnMismatch(u"fail-on-mismatch"_s, u"Exit 1 at shutdown if a response broke its schema."_s);
    const QCommandLineOption record(u"record"_s, u"Write what the proxy saw back into FILE as examples."_s);
    const QCommandLineOption data(u"data"_s, u"Persist x-portico-resource collections in this JSON file."_s, u"FILE"_s);
    const QCommandLineOption noCors(u"no-cors"_s, u"Do not answer CORS preflights or add CORS headers."_s);
    const QCommandLineOption tlsCert(u"tls-cert"_s, u"PEM certificate: serve HTTPS."_s, u"FILE"_s);
    const QCommandLineOption tlsKey(u"tls-key"_s, u"PEM private key for --tls-cert."_s, u"FILE"_s);
    const QCommandLineOption logFormat(u"log-format"_s, u"Access log: text (default) or json (one trace record per line)."_s, u"FORMAT"_s, u"text"_s);
    const QCommandLineOption har(u"har"_s, u"Write every exchange as HAR 1.2 to FILE at shutdown."_s, u"FILE"_s);
    const QCommandLineOption maxBody(u"max-body"_s, u"Largest request body in bytes (default 10 MiB; 413 beyond)."_s, u"BYTES"_s);
    const QCommandLineOption traceCapacity(u"traces"_s, u"Exchanges kept for /_portico/traces (default 10000)."_s, u"N"_s, u"10000"_s);
    const QCommandLineOption traceMemory(u"trace-memory"_s, u"Memory the kept exchanges may use, in MiB (default 64)."_s, u"MIB"_s, u"64"_s);
    const QCommandLineOption traceSecrets(u"trace-secrets"_s, u"Keep credentials (Authorization, cookies, API keys) in traces, "
                                                             "the access log and --har; they are redacted by default."_s);
    const QCommandLineOption corsOrigin(u"cors-origin"_s, u"Allow this origin, with credentials (repeatable). Without it any "
                                                         "origin is allowed, without credentials."_s, u"ORIGIN"_s);
    parser.addOptions({host, port, threads, watch, seed, lax, strict, proxy, proxyAll, failOnMismatch, record, data, noCors,
                       corsOrigin, tlsCert, tlsKey, logFormat, har, maxBody, traceCapacity, traceMemory, traceSecrets});
    if (!parser.parse(QStringList{u"portico serve"_s} + arguments)) {
        std::fprintf(stderr, "portico serve: %s\nTry 'portico serve --help'.\n", qPrintable(parser.errorText()));
        return ExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitOk;
    }
    if (parser.positionalArguments().size() != 1) {
        std::fprintf(stderr, "portico serve: expected one FILE\n");
        return ExitUsage;
    }
    const QString file = parser.positionalArguments().first();
    const QString format = parser.value(logFormat);
    bool portOk = false;
    const uint portNumber = parser.value(port).toUInt(&portOk);
    const QHostAddress address(parser.value(host) == u"localhost" ? u"127.0.0.1"_s : parser.value(host));
    if (!portOk || portNumber > 65535 || address.isNull() || (format != u"text" && format != u"json")
        || parser.isSet(tlsCert) != parser.isSet(tlsKey) || ((parser.isSet(proxyAll) || parser.isSet(record)) && !parser.isSet(proxy))) {
        std::fprintf(stderr, "portico serve: invalid option (see 'portico serve --help')\n");
        return ExitUsage;
    }
    if (!QFileInfo::exists(file)) {
        std::fprintf(stderr, "%s: error: no such file\n", qPrintable(file));
        return ExitUsage;
    }

    ApiDocument doc;
    if (const auto loaded = doc.load(file); !loaded.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(loaded.error().toString()));
        return ExitInvalid;
    }
    printConversionWarnings(doc);
    printWorkedAround(doc, file);
    if (parser.isSet(record) && (doc.convertedOnLoad() || doc.bundledOnLoad())) {
        // Saving would replace a 2.0/3.0 file, or a root file and its $refs, with one OpenAPI 3.1 file.
        std::fprintf(stderr, "%s: error: --record writes back into FILE, which is %s; import it first "
                             "(portico import FILE -o project.yaml)\n", qPrintable(file),
                     doc.convertedOnLoad() ? qPrintable(u"OpenAPI/Swagger "_s + doc.sourceVersion())
                                           : "split over several files");
        return ExitUsage;
    }
    auto settingsFor = [&](const Json &document) {
        MockSettings s = readProjectSettings(document).mock;
        if (parser.isSet(seed))
            s.seed = parser.value(seed).toULongLong();
        s.lax = s.lax || parser.isSet(lax);
        s.strictResponses = s.strictResponses || parser.isSet(strict);
        if (parser.isSet(noCors))
            s.cors = false;
        if (parser.isSet(corsOrigin))
            s.corsOrigins = parser.values(corsOrigin);
        if (parser.isSet(proxy)) {
            s.proxyUrl = parser.value(proxy);
            s.proxyAll = parser.isSet(proxyAll);
        }
        if (parser.isSet(maxBody))
            s.maxBodyBytes = parser.value(maxBody).toLongLong();
        return s;
    };

    // The project's own run settings (x-portico), unless an option says otherwise.
    const ProjectSettings project = readProjectSettings(doc.root());
    const QString dataFile = parser.isSet(data) ? parser.value(data) : project.dataFilePath(file);
    MockEngine engine;
    if (!dataFile.isEmpty()) {
        if (const auto ok = engine.resources().setDataFile(dataFile); !ok.ok()) {
            std::fprintf(stderr, "%s\n", qPrintable(ok.error().toString()));
            return ExitUsage;
        }
    }
    if (const auto set = engine.setDocument(doc.root(), settingsFor(doc.root())); !set.ok()) {
        Error e = set.error();
        e.location.file = file;
        std::fprintf(stderr, "%s\n", qPrintable(e.toString()));
        return ExitInvalid;
    }

    ServerOptions options;
    options.host = parser.isSet(host) || project.hostAddress().isNull() ? address : project.hostAddress();
    options.port = parser.isSet(port) ? quint16(portNumber) : project.portOr(quint16(portNumber));
    options.threads = parser.isSet(threads) ? parser.value(threads).toInt() : project.threads;
    options.traceCapacity = std::max(1, parser.value(traceCapacity).toInt());
    options.traceBytes = std::max<qsizetype>(1, parser.value(traceMemory).toLongLong()) * 1024 * 1024;
    options.traceSecrets = parser.isSet(traceSecrets);
    options.limits.maxBodyBytes = settingsFor(doc.root()).maxBodyBytes;
    if (parser.isSet(tlsCert)) {
        QFile certFile(parser.value(tlsCert)), keyFile(parser.value(tlsKey));
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "portico serve: cannot read the TLS certificate or key\n");
            return ExitUsage;
        }
        const QSslCertificate cert(&certFile, QSsl::Pem);
        const QSslKey key(&keyFile, QSsl::Rsa, QSsl::Pem);
        const QSslKey ecKey = key.isNull() ? QSslKey(keyFile.seek(0) ? &keyFile : &keyFile, QSsl::Ec, QSsl::Pem) : key;
        if (cert.isNull() || ecKey.isNull()) {
            std::fprintf(stderr, "portico serve: --tls-cert/--tls-key are not a valid PEM certificate and key\n");
            return ExitUsage;
        }
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(cert);
        tls.setPrivateKey(ecKey);
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        options.tls = tls;
    }

    raiseDescriptorLimit();
    // Ctrl+C / SIGTERM: a self-pipe wakes the event loop, which then shuts down in order. Installed before the
    // server starts: a client (or a test) may stop it the moment the URL is printed, and the default action
    // would kill the process without writing the HAR and data files.
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_signalPipe) == 0) {
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }
    MockServer server(&engine);
    const auto started = server.start(options);
    if (!started.ok()) {
        const bool portTaken = started.error().message.startsWith(u"cannot listen"_s);
        std::fprintf(stderr, "portico serve: %s\n%s", qPrintable(started.error().message),
                     portTaken ? "  (is another server running? try another --port, or --port 0 for a free one)\n" : "");
        return ExitUsage;
    }

    QTextStream out(stdout);
    const QString base = server.baseUrl();
    if (doc.info().title.isEmpty())
        out << "Serving " << file << " on " << base << '\n';
    else
        out << "Serving \"" << doc.info().title << "\" from " << file << " on " << base << '\n';
    // The document's servers' paths: the URL its clients call (the root answers too).
    const auto table = engine.table();
    if (table && !table->basePaths().isEmpty())
        out << "  api:     " << base << table->basePaths().last() << "  (as the document's servers say; / works too)\n";
    // Sent as written all the same (a client sees what the document promises), but the user should know.
    if (const int invalid = table ? table->invalidExampleCount() : 0)
        out << "  note:    " << invalid
            << (invalid == 1 ? " example does not match its schema" : " examples do not match their schemas")
            << "; `portico check " << file << "` lists them\n";
    out << "  docs:    " << base << "/docs  (also /redoc, /openapi.json)\n"
        << "  traces:  " << base << "/_portico/traces\n"
        << "Press Ctrl+C to stop." << Qt::endl;

    bool mismatch = false;
    // The access log runs on the main thread at the full request rate, so a line is a few byte appends:
    // no QDateTime formatting (toLocalTime() even re-reads the time zone per call), no QTextStream.
    const qint64 utcOffsetMs = qint64(QDateTime::currentDateTime().offsetFromUtc()) * 1000;
    QObject::connect(&server, &MockServer::tracesRecorded, &server, [&](const QList<TraceRecord> &batch) {
        std::string lines;
        lines.reserve(size_t(batch.size()) * 96);
        for (const TraceRecord &t : batch) {
            mismatch = mismatch || !t.responseErrors.isNull();
            if (format == u"json") {
                const QByteArray json = toJson(t.toJson());
                lines.append(json.constData(), size_t(json.size()));
                lines += '\n';
            } else {
                appendAccessLine(lines, t, utcOffsetMs);
            }
        }
        std::fwrite(lines.data(), 1, lines.size(), stdout);
        std::fflush(stdout);
    });

    QFileSystemWatcher watcher;
    QTimer reload;
    reload.setSingleShot(true);
    reload.setInterval(150); // editors save in several steps; wait for the last
    if (parser.isSet(watch)) {
        watcher.addPath(QFileInfo(file).absoluteFilePath());
        watcher.addPath(QFileInfo(file).absolutePath());
        QObject::connect(&watcher, &QFileSystemWatcher::fileChanged, &reload, qOverload<>(&QTimer::start));
        QObject::connect(&watcher, &QFileSystemWatcher::directoryChanged, &reload, qOverload<>(&QTimer::start));
        QObject::connect(&reload, &QTimer::timeout, &server, [&] {
            // An atomic save replaces the file; watch the new one.
            if (!watcher.files().contains(QFileInfo(file).absoluteFilePath()))
                watcher.addPath(QFileInfo(file).absoluteFilePath());
            ApiDocument next;
            const auto loaded = next.load(file);
            if (!loaded.ok()) {
                std::fprintf(stderr, "%s\n  (still serving the last good version)\n", qPrintable(loaded.error().toString()));
                return;
            }
            if (next.root() == engine.table()->document())
                return;
            if (const auto set = engine.setDocument(next.root(), settingsFor(next.root())); !set.ok()) {
                std::fprintf(stderr, "%s: error: %s\n  (still serving the last good version)\n", qPrintable(file), qPrintable(set.error().message));
                return;
            }
            out << "Reloaded " << file << Qt::endl;
        });
    }

    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &server, [] { QCoreApplication::quit(); });
    std::signal(SIGPIPE, SIG_IGN);

    QCoreApplication::exec();

    const QList<TraceRecord> traces = server.traces();
    const bool stopped = server.stop(2000);
    if (!stopped)
        std::fprintf(stderr, "portico serve: a request was still being answered after 2 s; saving and exiting without it\n");
    QCoreApplication::sendPostedEvents(); // the last trace batches (access log, --fail-on-mismatch)
    int code = ExitOk;
    if (parser.isSet(har)) {
        const auto written = writeFileAtomically(parser.value(har), toJson(toHar(traces, QStringLiteral(PORTICO_VERSION)), JsonStyle::Indented));
        if (!written.ok()) {
            std::fprintf(stderr, "%s\n", qPrintable(written.error().toString()));
            code = ExitUsage;
        }
    }
    if (const auto flushed = engine.flush(); !flushed.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(flushed.error().toString()));
        code = ExitUsage;
    }
    if (parser.isSet(record)) {
        ApiDocument current;
        if (current.load(file).ok()) {
            const int recorded = recordInto(current, traces);
            if (recorded > 0) {
                if (const auto saved = current.save(); !saved.ok()) {
                    std::fprintf(stderr, "%s\n", qPrintable(saved.error().toString()));
                    code = ExitUsage;
                } else {
                    out << "Recorded " << recorded << " proxied responses into " << file << Qt::endl;
                }
            }
        }
    }
    out << "Stopped after " << server.requestCount() << (server.requestCount() == 1 ? " request." : " requests.") << Qt::endl;
    if (parser.isSet(failOnMismatch) && mismatch) {
        std::fprintf(stderr, "portico serve: responses did not match the document (--fail-on-mismatch)\n");
        code = ExitInvalid;
    }
    if (!stopped) {
        // Everything is saved; returning would destroy the engine under the busy worker.
        std::fflush(stdout);
        std::fflush(stderr);
        std::_Exit(code);
    }
    return code;
}

} // namespace portico::app
