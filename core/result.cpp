#include "result.h"

namespace portico::core {

QString Error::toString(QStringView severity) const
{
    QString out;
    if (!location.file.isEmpty()) {
        out += location.file + u':';
        if (location.line > 0) {
            out += QString::number(location.line) + u':';
            if (location.column > 0)
                out += QString::number(location.column) + u':';
        }
        out += u' ';
    }
    out += severity + u": " + message;
    if (!location.pointer.isNull())
        out += u" [at " + (location.pointer.isEmpty() ? QStringLiteral("/") : location.pointer) + u']';
    return out;
}

} // namespace portico::core
