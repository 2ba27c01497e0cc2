#include "websocketsession.h"

#include "core/jsonparser.h"
#include "core/jsonpointer.h"
#include "core/jsonwriter.h"
#include "core/regex.h"

#include <QTimer>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace portico::mock {
namespace {

QString textOf(const Json &v)
{
    return v.isString() ? v.toString() : QString::fromUtf8(toJson(v));
}

// `when` with the body selectors of x-portico-rules: {"body": matcher} or {"body/pointer": matcher}.
bool matches(const Json &when, const Json &message)
{
    for (const auto &[selector, matcher] : when.toObject()) {
        if (!(selector == u"body" || selector.startsWith(u"body/")))
            return false;
        const Json *value = jsonpointer::resolve(message, selector.mid(4));
        if (matcher.toObject().contains(u"equals")) {
            if (!value || !(*value == matcher[u"equals"]))
                return false;
        } else if (matcher[u"regex"].isString()) {
            const auto regex = Regex::compile(matcher[u"regex"].toString());
            if (!value || !regex || regex->search(textOf(*value)) != Regex::Match::Yes)
                return false;
        } else if (matcher[u"exists"].toBool()) {
            if (!value)
                return false;
        } else if (matcher[u"absent"].toBool()) {
            if (value)
                return false;
        }
    }
    return true;
}

} // namespace

WebSocketSession::WebSocketSession(std::unique_ptr<QWebSocket> socket, std::shared_ptr<const RouteTable> table, Json script)
    : m_socket(std::move(socket)), m_table(std::move(table)), m_script(std::move(script))
{
    connect(m_socket.get(), &QWebSocket::textMessageReceived, this, &WebSocketSession::onMessage);
    connect(m_socket.get(), &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &data) {
        onMessage(QString::fromUtf8(data));
    });
    connect(m_socket.get(), &QWebSocket::disconnected, this, &QObject::deleteLater);
    for (const Json &message : m_script[u"on_open"].toArray())
        send(message);
    const Json &stream = m_script[u"stream"];
    if (stream.isObject()) {
        auto *timer = new QTimer(this);
        const int count = int(stream[u"count"].toInteger(10));
        connect(timer, &QTimer::timeout, this, [this, timer, count, stream] {
            if (count > 0 && m_streamed >= count) {
                timer->stop();
                return;
            }
            const JsonArray &examples = stream[u"examples"].toArray();
            send(!examples.empty() ? examples[size_t(m_streamed) % examples.size()]
                                   : m_table->generator().generate(stream[u"item_schema"], quint64(m_streamed)));
            ++m_streamed;
        });
        timer->start(std::max(1, int(stream[u"interval_ms"].toInteger(1000))));
    }
}

WebSocketSession::~WebSocketSession() = default;

void WebSocketSession::send(const Json &message)
{
    if (message.isString())
        m_socket->sendTextMessage(message.toString());
    else
        m_socket->sendTextMessage(QString::fromUtf8(toJson(message)));
}

void WebSocketSession::onMessage(const QString &text)
{
    // The text is matched as JSON when it parses, else as a string.
    auto parsed = JsonParser().parse(text.toUtf8());
    const Json message = parsed.ok() ? std::move(parsed).value() : Json(text);
    for (const Json &reply : m_script[u"replies"].toArray()) {
        if (!matches(reply[u"when"], message))
            continue;
        const Json &out = reply[u"send"];
        if (out.isArray()) {
            for (const Json &m : out.toArray())
                send(m);
        } else {
            send(out);
        }
        return;
    }
    if (m_script[u"echo"].toBool())
        m_socket->sendTextMessage(text);
}

} // namespace portico::mock
