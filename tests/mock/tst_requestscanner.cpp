// The connection guard's framing decisions (RequestScanner) on streams given whole and cut into pieces: the
// answers, which requests close the connection, and the bytes Qt's parser gets to see.
#include "mock/mockserver.h"
#include "mock/requestscanner.h"

#include <QTest>

using namespace portico::mock;

namespace {

struct Scanned
{
    int status = 0;
    qsizetype keep = -1;
    QList<bool> closeAfter;
    QByteArray forParser;
};

Scanned scanInPieces(const QByteArray &stream, const QList<qsizetype> &cuts)
{
    ServerLimits limits;
    limits.maxHeaderBytes = 256;
    limits.maxBodyBytes = 1024;
    RequestScanner scanner(limits);
    Scanned out;
    qsizetype from = 0;
    for (qsizetype i = 0; i <= cuts.size(); ++i) {
        const qsizetype to = i < cuts.size() ? cuts[i] : stream.size();
        const QByteArray piece = stream.mid(from, to - from);
        from = to;
        const auto rejection = scanner.scan(piece);
        while (const auto close = scanner.takeCloseAfter())
            out.closeAfter.append(*close);
        if (rejection) {
            out.status = rejection->status;
            out.keep = rejection->keep;
            out.forParser += scanner.applyEdits(piece, rejection->keep);
            return out;
        }
        out.forParser += scanner.applyEdits(piece, piece.size());
    }
    return out;
}

const QByteArray get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
const QByteArray chunkedHead = "POST /items HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";

} // namespace

class tst_RequestScanner : public QObject
{
    Q_OBJECT

private slots:
    void framing_data();
    void framing();
};

void tst_RequestScanner::framing_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QList<qsizetype>>("cuts");
    QTest::addColumn<int>("status");
    QTest::addColumn<QList<bool>>("closeAfter");
    QTest::addColumn<QByteArray>("forParser"); // what precedes a rejection, or everything

    QTest::newRow("pipelined, closes") << get + "GET / HTTP/1.0\r\n\r\nGET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                                               "GET / HTTP/1.1\r\nConnection: keep-alive, Close\r\n\r\n"
                                       << QList<qsizetype>{3, 40} << 0 << QList<bool>{false, true, false, true}
                                       << get + "GET / HTTP/1.0\r\n\r\nGET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                                                "GET / HTTP/1.1\r\nConnection: keep-alive, Close\r\n\r\n";
    // Qt 6.4's parser reads a trailer field as the next request line: the fields never reach it.
    QTest::newRow("trailers taken out") << chunkedHead + "3\r\nabc\r\n0\r\nX-Sum: 1\r\nX-More: 2\r\n\r\n" + get
                                        << QList<qsizetype>{} << 0 << QList<bool>{false, false}
                                        << chunkedHead + "3\r\nabc\r\n0\r\n\r\n" + get;
    QTest::newRow("trailers in pieces") << chunkedHead + "3\r\nabc\r\n0\r\nX-Sum: 1\r\nX-More: 2\r\n\r\n" + get
                                        << QList<qsizetype>{qsizetype(chunkedHead.size()) + 14, qsizetype(chunkedHead.size()) + 22,
                                                            qsizetype(chunkedHead.size()) + 33}
                                        << 0 << QList<bool>{false, false} << chunkedHead + "3\r\nabc\r\n0\r\n\r\n" + get;
    // Found by fuzz_scanner: the CRLF put back for a closing line cut after its CR went missing when the read
    // ended right there, and the parser waited for ever.
    QTest::newRow("closing line cut at the end") << chunkedHead + "0;ext\r\n\r\n"
                                                 << QList<qsizetype>{qsizetype(chunkedHead.size()) + 8} << 0
                                                 << QList<bool>{false} << chunkedHead + "0;ext\r\n\r\n";

    // The GET before the bad request is answered; a request whose head was good and whose body is not still
    // counted as one.
    // A head of exactly the limit (256 here) passes in any cuts, also when its blank line comes in pieces.
    const QByteArray atLimit = "GET / HTTP/1.1\r\nX-Fill: " + QByteArray(256 - 24, 'a');
    QTest::newRow("head at the limit") << atLimit + "\r\n\r\n" << QList<qsizetype>{qsizetype(atLimit.size()) + 2}
                                       << 0 << QList<bool>{false} << atLimit + "\r\n\r\n";

    const auto bad = [](const char *name, const QByteArray &request, int status, bool headWasGood = false) {
        QTest::newRow(name) << get + request << QList<qsizetype>{} << status
                            << (headWasGood ? QList<bool>{false, false} : QList<bool>{false}) << get;
    };
    bad("garbage after a GET", "GARBAGE\r\n\r\n", 400);
    bad("signed length", "POST / HTTP/1.1\r\nContent-Length: +2\r\n\r\n{}", 400);
    bad("lengths disagree", "POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400);
    bad("length and chunked", "POST / HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n", 400);
    bad("unknown coding", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501);
    bad("chunk size zz", chunkedHead + "zz\r\n", 400, true);
    bad("chunk size -1", chunkedHead + "-1\r\n", 400, true);
    bad("chunk size overflow", chunkedHead + "ffffffffffffffff\r\n", 400, true);
    bad("chunks past the limit", chunkedHead + "401\r\n", 413, true);
    bad("length past the limit", "POST / HTTP/1.1\r\nContent-Length: 1025\r\n\r\n", 413);
    bad("head past the limit", "GET / HTTP/1.1\r\nX-Big: " + QByteArray(300, 'a') + "\r\n\r\n", 431);
    bad("websocket key abc", "GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                             "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: abc\r\n\r\n", 400);
    bad("websocket version 8", "GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                               "Sec-WebSocket-Version: 8\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", 426);
}

void tst_RequestScanner::framing()
{
    QFETCH(QByteArray, stream);
    QFETCH(QList<qsizetype>, cuts);
    QFETCH(int, status);
    QFETCH(QList<bool>, closeAfter);
    QFETCH(QByteArray, forParser);
    // Whole, as cut, and one byte at a time: the same decisions.
    QList<qsizetype> bytewise;
    for (qsizetype i = 1; i < stream.size(); ++i)
        bytewise.append(i);
    for (const QList<qsizetype> &pieces : {QList<qsizetype>{}, cuts, bytewise}) {
        const Scanned scanned = scanInPieces(stream, pieces);
        QCOMPARE(scanned.status, status);
        QCOMPARE(scanned.closeAfter, closeAfter);
        if (pieces.isEmpty() || status == 0)
            QCOMPARE(scanned.forParser, forParser);
    }
}

QTEST_GUILESS_MAIN(tst_RequestScanner)
#include "tst_requestscanner.moc"
