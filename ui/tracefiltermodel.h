#pragma once

#include <QSortFilterProxyModel>

namespace portico::mock {
struct TraceRecord;
}

namespace portico::ui {

class TraceTableModel;

// What the trace table shows of the TraceTableModel: free text over path, method, operation and status, one
// method, one status class, or only the exchanges that went wrong. Sorting compares the underlying values
// (numbers as numbers, time by arrival), not the display text.
class TraceFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit TraceFilterModel(QObject *parent = nullptr);

    // Filters only a TraceTableModel (any other source shows unfiltered).
    void setSourceModel(QAbstractItemModel *model) override;
    TraceTableModel *traceModel() const { return m_model; }

    // Case-insensitive; every whitespace-separated word must occur in the path, method, operation id or
    // pointer, or status code.
    void setText(const QString &text);
    QString text() const { return m_words.join(u' '); }
    // Upper case ("GET"); empty for any.
    void setMethod(const QString &method);
    QString method() const { return m_method; }
    // 2 for 2xx ... 5 for 5xx; 0 for any.
    void setStatusClass(int statusClass);
    int statusClass() const { return m_statusClass; }
    // Exchanges with validation errors (request or response), with a 4xx/5xx status, or cut off by a fault.
    void setOnlyErrors(bool onlyErrors);
    bool onlyErrors() const { return m_onlyErrors; }

    static bool isError(const mock::TraceRecord &record);
    // The records of the visible rows, in view order (what "Export visible" writes).
    QList<mock::TraceRecord> visibleRecords() const;
    const mock::TraceRecord &record(int proxyRow) const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void refilter();

    TraceTableModel *m_model = nullptr;
    QStringList m_words;
    QString m_method;
    int m_statusClass = 0;
    bool m_onlyErrors = false;
};

} // namespace portico::ui
