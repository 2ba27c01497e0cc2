#pragma once

#include "mockrequest.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace portico::mock {

// A stream of events sent one by one: Server-Sent Events or NDJSON lines.
struct StreamPlan
{
    enum class Kind { ServerSentEvents, NdJson };
    Kind kind = Kind::ServerSentEvents;
    QList<QByteArray> events; // already framed ("event: x\ndata: {...}\n\n" or "{...}\n")
    int intervalMs = 1000;
    bool repeatForever = false; // cycle through `events` until the client leaves
};

// What the engine decided to send. The server turns it into bytes on the socket, applying the delay and the
// fault without blocking anything else.
struct MockResponse
{
    int status = 200;
    HeaderList headers; // names lower-cased
    QByteArray body;

    int delayMs = 0; // latency to add before answering
    enum class Fault { None, ConnectionReset, SlowBody };
    Fault fault = Fault::None;
    int slowBodyMs = 0; // with SlowBody: spread the body over this long
    std::optional<StreamPlan> stream;

    void setHeader(const QByteArray &name, const QByteArray &value); // replaces
    void addHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(QByteArrayView name) const;

private:
    void append(const QByteArray &lowerCaseName, const QByteArray &value);
};

} // namespace portico::mock
