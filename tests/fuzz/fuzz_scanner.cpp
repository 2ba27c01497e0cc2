// The connection guard's view of a byte stream (RequestScanner), fed as the network would: in pieces. The
// first byte says how many cuts there are and the next ones where, the rest is the stream. Besides crashes it
// checks that the cuts change nothing: the same answer for a bad stream, the same requests asking to close
// the connection, and, with the edits made, the same bytes for Qt's parser as when the stream comes whole.
#include "mock/mockserver.h"
#include "mock/requestscanner.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace portico::mock;

namespace {

struct Outcome
{
    int status = 0; // of the rejection; 0 when none
    std::vector<bool> closeAfter;
    bool upgraded = false; // what follows a WebSocket handshake is not HTTP, nor the scanner's business
    QByteArray forParser; // meaningful without a rejection or an upgrade
};

Outcome run(const ServerLimits &limits, const QByteArray &stream, const std::vector<qsizetype> &cuts)
{
    RequestScanner scanner(limits);
    Outcome out;
    qsizetype from = 0;
    for (qsizetype i = 0; i <= qsizetype(cuts.size()); ++i) {
        const qsizetype to = i < qsizetype(cuts.size()) ? cuts[size_t(i)] : stream.size();
        const QByteArray piece = stream.mid(from, to - from);
        from = to;
        const auto rejection = scanner.scan(piece);
        while (const auto close = scanner.takeCloseAfter())
            out.closeAfter.push_back(*close);
        if (rejection) {
            if (rejection->keep < 0 || rejection->keep > piece.size())
                std::abort();
            out.status = rejection->status;
            return out;
        }
        out.forParser += scanner.applyEdits(piece, piece.size());
        if (scanner.isUpgraded()) {
            out.upgraded = true;
            return out;
        }
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const size_t cutCount = std::min<size_t>(data[0] % 8, size - 1);
    const QByteArray stream(reinterpret_cast<const char *>(data) + 1 + cutCount, qsizetype(size - 1 - cutCount));
    std::vector<qsizetype> cuts;
    qsizetype at = 0;
    for (size_t i = 0; i < cutCount; ++i) {
        at = std::min<qsizetype>(at + data[1 + i], stream.size());
        cuts.push_back(at);
    }
    ServerLimits limits;
    limits.maxHeaderBytes = 512;
    limits.maxBodyBytes = 4096;
    const Outcome whole = run(limits, stream, {});
    const Outcome pieces = run(limits, stream, cuts);
    if (whole.status != pieces.status || whole.closeAfter != pieces.closeAfter || whole.upgraded != pieces.upgraded
        || (whole.status == 0 && !whole.upgraded && whole.forParser != pieces.forParser)) {
        std::fprintf(stderr, "whole: %d, %zu requests, %s\npieces: %d, %zu requests, %s\n", whole.status,
                     whole.closeAfter.size(), whole.forParser.toPercentEncoding().constData(), pieces.status,
                     pieces.closeAfter.size(), pieces.forParser.toPercentEncoding().constData());
        std::abort();
    }
    return 0;
}
