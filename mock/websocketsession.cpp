#include "websocketsession.h"

#include "core/jsonparser.h"
#include "core/jsonpointer.h"
#include "core/jsonwriter.h"

#include <QTimer>

using namespace Qt::StringLiterals;
using namespace portico::core;

namespace portico::mock {

WebSocketSession::WebSocketSession(std::unique_ptr<QWebSocket> socket, std::shared_ptr<const RouteTable> table,
                                   const WebSocketScript &script)
    : m_socket(std::move(socket)), m_table(std::move(table)), m_script(script)
{
    connect(m_socket.get(), &QWebSocket::textMessageReceived, this, &WebSocketSession::onMessage);
    connect(m_socket.get(), &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &data) {
        onMessage(QString::fromUtf8(data));
    });
    connect(m_socket.get(), &QWebSocket::disconnected, this, &QObject::deleteLater);
    for (const Json &message : m_script.onOpen)
        send(message);
    const Json &stream = m_script.stream;
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
    for (const WebSocketScript::Reply &reply : m_script.replies) {
        // The selectors are body ones ("body", "body/pointer"); any other source finds no value here.
        const bool matched = std::all_of(reply.when.begin(), reply.when.end(), [&message](const RuleCondition &c) {
            const Json *value = c.source == RuleCondition::Source::Body ? jsonpointer::resolve(message, c.name) : nullptr;
            return c.holds(value ? QList<Json>{*value} : QList<Json>{});
        });
        if (!matched)
            continue;
        if (reply.send.isArray()) {
            for (const Json &m : reply.send.toArray())
                send(m);
        } else {
            send(reply.send);
        }
        return;
    }
    if (m_script.echo)
        m_socket->sendTextMessage(text);
}

} // namespace portico::mock
