#include "tracetablemodel.h"

#include "theme.h"

#include "core/json.h"

#include <QApplication>
#include <QColor>
#include <QStyle>
#include <algorithm>

using namespace Qt::StringLiterals;
using portico::core::Json;
using portico::mock::TraceRecord;

namespace portico::ui {
namespace {

int arraySize(const Json &errors)
{
    return errors.isArray() ? int(errors.toArray().size()) : (errors.isNull() ? 0 : 1);
}

QString locText(const Json &loc)
{
    QStringList parts;
    for (const Json &part : loc.toArray())
        parts << (part.isString() ? part.toString() : QString::number(part.toInteger()));
    return parts.join(u'.');
}

// "body.price: Input should be greater than 0" per error, for the tooltip of the errors cell.
QString errorLines(const TraceRecord &record)
{
    QStringList lines;
    for (const Json *errors : {&record.requestErrors, &record.responseErrors}) {
        for (const Json &error : errors->toArray()) {
            if (lines.size() == 10) {
                lines << u"…"_s;
                return lines.join(u'\n');
            }
            lines << locText(error[u"loc"]) + u": "_s + error[u"msg"].toString();
        }
    }
    return lines.join(u'\n');
}

// Asked at paint time from the application palette, so the colours follow a theme change on the next repaint.
QColor statusColor(int status)
{
    using theme::Tone;
    const QPalette palette = QApplication::palette();
    switch (TraceTableModel::statusClass(status)) {
    case 2:
        return theme::toneColor(Tone::Success, palette);
    case 3:
        return theme::toneColor(Tone::Info, palette);
    case 4:
        return theme::toneColor(Tone::Warning, palette);
    case 5:
        return theme::toneColor(Tone::Error, palette);
    default:
        return theme::toneColor(Tone::Muted, palette);
    }
}

} // namespace

TraceTableModel::TraceTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int TraceTableModel::errorCount(const TraceRecord &record)
{
    return arraySize(record.requestErrors) + arraySize(record.responseErrors);
}

void TraceTableModel::appendRecords(const QList<TraceRecord> &records)
{
    if (records.isEmpty())
        return;
    // Of a batch larger than the whole table only its newest rows would survive: skip the rest up front.
    const qsizetype first = std::max<qsizetype>(0, records.size() - m_capacity);
    const int incoming = int(records.size() - first);
    dropOldest(count() + incoming - m_capacity);
    const int row = count();
    beginInsertRows({}, row, row + incoming - 1);
    for (qsizetype i = first; i < records.size(); ++i)
        m_records.push_back(records[i]);
    endInsertRows();
}

void TraceTableModel::dropOldest(int rows)
{
    rows = std::min(rows, count());
    if (rows <= 0)
        return;
    beginRemoveRows({}, 0, rows - 1);
    m_records.erase(m_records.begin(), m_records.begin() + rows);
    endRemoveRows();
}

void TraceTableModel::clear()
{
    beginResetModel();
    m_records.clear();
    endResetModel();
}

void TraceTableModel::setCapacity(int capacity)
{
    m_capacity = std::max(1, capacity);
    dropOldest(count() - m_capacity);
}

int TraceTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

int TraceTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TraceTableModel::display(const TraceRecord &record, int column) const
{
    switch (column) {
    case Time:
        return record.started.toLocalTime().toString(u"HH:mm:ss.zzz"_s);
    case Method:
        return QString::fromLatin1(record.method);
    case Path:
        return QString::fromUtf8(record.target);
    case Operation:
        return record.operationId.isEmpty() ? record.operationPointer : record.operationId;
    case Status:
        return record.status > 0 ? QVariant(record.status) : QVariant(record.fault.isEmpty() ? u"—"_s : record.fault);
    case Duration:
        return QString(QString::number(double(record.durationUs) / 1000.0, 'f', 1) + u" ms"_s);
    case Latency:
        return record.latencyMs > 0 ? QString(QString::number(record.latencyMs) + u" ms"_s) : QString();
    case Errors: {
        const int requestCount = arraySize(record.requestErrors);
        const int responseCount = arraySize(record.responseErrors);
        if (requestCount && responseCount)
            return tr("%1 request, %2 response").arg(requestCount).arg(responseCount);
        if (requestCount)
            return tr("%n request error(s)", nullptr, requestCount);
        if (responseCount)
            return tr("%n response mismatch(es)", nullptr, responseCount);
        return QString();
    }
    default:
        return {};
    }
}

QVariant TraceTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TraceRecord &r = record(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(r, index.column());
    case StatusRole:
        return r.status;
    case HasErrorsRole:
        return r.hasErrors();
    case ErrorCountRole:
        return errorCount(r);
    case OperationPointerRole:
        return r.operationPointer;
    case TraceIdRole:
        return r.id;
    case Qt::ForegroundRole:
        if (index.column() == Status)
            return statusColor(r.status);
        if (index.column() == Errors && r.hasErrors())
            return theme::toneColor(theme::Tone::Error, QApplication::palette());
        return {};
    case Qt::DecorationRole:
        if (index.column() == Errors && r.hasErrors()) {
            if (m_errorIcon.isNull())
                m_errorIcon = QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
            return m_errorIcon;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Errors && r.hasErrors())
            return errorLines(r);
        if (index.column() == Operation)
            return r.operationPointer;
        if (index.column() == Path)
            return QString::fromUtf8(r.target);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Duration || index.column() == Latency)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant TraceTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Method:
        return tr("Method");
    case Path:
        return tr("Path");
    case Operation:
        return tr("Operation");
    case Status:
        return tr("Status");
    case Duration:
        return tr("Duration");
    case Latency:
        return tr("Added latency");
    case Errors:
        return tr("Errors");
    default:
        return {};
    }
}

} // namespace portico::ui
