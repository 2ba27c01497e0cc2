#pragma once

#include "routetable.h"

#include <QObject>
#include <QWebSocket>

#include <memory>

namespace portico::mock {

// Plays an operation's `x-portico-websocket` script on one connection: messages on open, periodic stream
// items, replies matched like x-portico-rules on the message body, optional echo. Deletes itself when the
// client leaves.
class WebSocketSession : public QObject
{
    Q_OBJECT

public:
    // Takes the socket; `script` is the operation's compiled x-portico-websocket, owned by `table`.
    WebSocketSession(std::unique_ptr<QWebSocket> socket, std::shared_ptr<const RouteTable> table, const WebSocketScript &script);
    ~WebSocketSession() override;

private:
    void onMessage(const QString &text);
    void send(const core::Json &message);

    std::unique_ptr<QWebSocket> m_socket;
    std::shared_ptr<const RouteTable> m_table; // keeps the document version the session started with alive
    const WebSocketScript &m_script; // in m_table
    int m_streamed = 0;
};

} // namespace portico::mock
