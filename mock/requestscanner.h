#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <deque>
#include <optional>
#include <vector>

namespace portico::mock {

struct ServerLimits;

// Milliseconds since an arbitrary epoch, shared by the guards' timeouts.
qint64 monotonicMs();

// The HTTP/1.1 framing of one connection's byte stream (RFC 9112), judged before Qt's parser sees it: request
// lines and header fields well formed, Content-Length digits that agree, Transfer-Encoding chunked only and
// never with a length, chunk sizes and trailers, WebSocket handshakes; heads (431) and bodies (413) within the
// limits. Pure bookkeeping over the bytes it is shown, so it can be tested and fuzzed without a socket; the
// Connection applies what it decides.
class RequestScanner
{
public:
    explicit RequestScanner(const ServerLimits &limits) : m_limits(limits) {}

    // Why the stream cannot go on: the status to answer, and how many bytes of the scanned read, before the bad
    // request, belong to whole requests (which still deserve their own answers).
    struct Rejection
    {
        int status = 400;
        qsizetype keep = 0;
    };
    // A range of a read that Qt's parser must not see, and what it sees there instead.
    struct Edit
    {
        qsizetype start = 0, end = 0;
        QByteArray insert;
    };

    // Scans bytes[from, size()); the first `from` bytes were scanned by an earlier call. After a rejection the
    // scanner is not to be used again.
    std::optional<Rejection> scan(const QByteArray &bytes, qsizetype from = 0);
    // bytes[0, upTo) as Qt's parser is to see them, with the edits of the last scan made; forgets the edits.
    QByteArray applyEdits(const QByteArray &bytes, qsizetype upTo);
    bool hasEdits() const { return !m_edits.empty(); }

    // Whether the oldest request scanned and not yet taken ends the connection after its response
    // (`Connection: close`, HTTP/1.0 without keep-alive); nothing when no request is waiting.
    std::optional<bool> takeCloseAfter();
    void forgetCloseAfter() { m_closeAfter.clear(); }

    // The last request asked for a WebSocket upgrade: what follows is no longer HTTP.
    bool isUpgraded() const { return m_state == State::Upgraded; }
    // A request is under way: its head or its body has begun and is not complete.
    bool inRequest() const { return m_headStartedMs >= 0 || m_state == State::Body || m_state == State::ChunkedBody; }
    // The head took longer than the limit, or the body came slower than the minimum rate allows.
    bool overdue(qint64 nowMs) const;

private:
    std::optional<Rejection> scanChunked(const QByteArray &bytes, qsizetype &i, qsizetype requestStart);

    const ServerLimits &m_limits;
    enum class State { Head, Body, ChunkedBody, Upgraded };
    State m_state = State::Head;
    QByteArray m_head; // a head that has come in pieces so far
    qint64 m_bodyRemaining = 0;
    qint64 m_bodySeen = 0; // declared chunk sizes and trailers, against maxBodyBytes
    qint64 m_bodyReceived = 0; // bytes of the body so far, against the minimum rate
    qint64 m_headStartedMs = -1;
    qint64 m_bodyStartedMs = -1;
    // A chunked body (RFC 9112 §7.1): size line, data, CRLF, ..., a zero size, trailer lines, an empty line.
    enum class Chunk { SizeLine, Data, DataEnd, Trailer };
    Chunk m_chunk = Chunk::SizeLine;
    QByteArray m_line; // the line being read (chunk size or trailer)
    bool m_trailerHeldBack = false; // the start of the line that ends a chunked body was taken out
    std::vector<Edit> m_edits;
    std::deque<bool> m_closeAfter; // per request scanned and not yet taken: does it end the connection?
};

} // namespace portico::mock
