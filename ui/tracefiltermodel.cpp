#include "tracefiltermodel.h"

#include "mock/trace.h"
#include "tracetablemodel.h"

using namespace Qt::StringLiterals;
using portico::mock::TraceRecord;

namespace portico::ui {

TraceFilterModel::TraceFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // Rows arrive by the hundred every few tens of milliseconds; only re-sort when the user asked for an order.
    setDynamicSortFilter(true);
}

void TraceFilterModel::setSourceModel(QAbstractItemModel *model)
{
    m_model = qobject_cast<TraceTableModel *>(model);
    QSortFilterProxyModel::setSourceModel(model);
}

void TraceFilterModel::setText(const QString &text)
{
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    if (words == m_words)
        return;
    m_words = words;
    refilter();
}

void TraceFilterModel::setMethod(const QString &method)
{
    const QString upper = method.toUpper();
    if (upper == m_method)
        return;
    m_method = upper;
    refilter();
}

void TraceFilterModel::setStatusClass(int statusClass)
{
    if (statusClass == m_statusClass)
        return;
    m_statusClass = statusClass;
    refilter();
}

void TraceFilterModel::setOnlyErrors(bool onlyErrors)
{
    if (onlyErrors == m_onlyErrors)
        return;
    m_onlyErrors = onlyErrors;
    refilter();
}

void TraceFilterModel::refilter()
{
    invalidateRowsFilter();
}

bool TraceFilterModel::isError(const TraceRecord &record)
{
    return record.hasErrors() || record.status >= 400 || record.status == 0 || !record.fault.isEmpty();
}

bool TraceFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_model || sourceParent.isValid())
        return true;
    const TraceRecord &r = m_model->record(sourceRow);
    if (!m_method.isEmpty() && QLatin1String(r.method) != m_method)
        return false;
    if (m_statusClass && TraceTableModel::statusClass(r.status) != m_statusClass)
        return false;
    if (m_onlyErrors && !isError(r))
        return false;
    if (m_words.isEmpty())
        return true;
    const QString target = QString::fromUtf8(r.target);
    const QString method = QString::fromLatin1(r.method);
    const QString status = QString::number(r.status);
    for (const QString &word : m_words) {
        const bool found = target.contains(word, Qt::CaseInsensitive) ||
                           method.compare(word, Qt::CaseInsensitive) == 0 ||
                           r.operationId.contains(word, Qt::CaseInsensitive) ||
                           r.operationPointer.contains(word, Qt::CaseInsensitive) || status == word;
        if (!found)
            return false;
    }
    return true;
}

bool TraceFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_model)
        return QSortFilterProxyModel::lessThan(left, right);
    const TraceRecord &a = m_model->record(left.row());
    const TraceRecord &b = m_model->record(right.row());
    switch (left.column()) {
    case TraceTableModel::Time:
        return a.started != b.started ? a.started < b.started : left.row() < right.row();
    case TraceTableModel::Status:
        return a.status < b.status;
    case TraceTableModel::Duration:
        return a.durationUs < b.durationUs;
    case TraceTableModel::Latency:
        return a.latencyMs < b.latencyMs;
    case TraceTableModel::Errors:
        return TraceTableModel::errorCount(a) < TraceTableModel::errorCount(b);
    default:
        return QSortFilterProxyModel::lessThan(left, right);
    }
}

const TraceRecord &TraceFilterModel::record(int proxyRow) const
{
    Q_ASSERT(m_model);
    return m_model->record(mapToSource(index(proxyRow, 0)).row());
}

QList<TraceRecord> TraceFilterModel::visibleRecords() const
{
    QList<TraceRecord> records;
    if (!m_model)
        return records;
    records.reserve(rowCount());
    for (int row = 0; row < rowCount(); ++row)
        records.append(record(row));
    return records;
}

} // namespace portico::ui
