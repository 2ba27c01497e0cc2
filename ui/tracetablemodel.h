#pragma once

#include "mock/trace.h"

#include <QAbstractTableModel>
#include <QIcon>
#include <deque>

namespace portico::ui {

// The rows of the live trace table: the last `capacity` exchanges the mock server recorded (or a HAR file
// held), oldest first. Records arrive in batches and each batch is one insertion (and at most one removal of
// the oldest rows), so a server answering thousands of requests a second costs the view a few signals per
// batch, and memory stays bounded however long the server runs.
class TraceTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Time,
        Method,
        Path,
        Operation,
        Status,
        Duration,
        Latency,
        Errors,
        ColumnCount
    };
    enum Role
    {
        StatusRole = Qt::UserRole + 1, // int, 0 when the connection failed before a status was sent
        HasErrorsRole,                 // bool: request or response validation errors
        ErrorCountRole,                // int
        OperationPointerRole,          // QString
        TraceIdRole,                   // quint64
    };

    static constexpr int kDefaultCapacity = 10000;

    explicit TraceTableModel(QObject *parent = nullptr);

    // Appends a batch (oldest first), dropping the oldest rows beyond the capacity.
    void appendRecords(const QList<mock::TraceRecord> &records);
    void clear();
    int capacity() const { return m_capacity; }
    // Drops the oldest rows at once when the new capacity is smaller. At least 1.
    void setCapacity(int capacity);

    const mock::TraceRecord &record(int row) const { return m_records[size_t(row)]; }
    int count() const { return int(m_records.size()); }

    // The number of validation errors the record carries (request `detail` entries plus response mismatches).
    static int errorCount(const mock::TraceRecord &record);
    // What "status class" filters and colours go by: 2 for 2xx ... 5 for 5xx, 0 when there was no status.
    static int statusClass(int status) { return status >= 100 && status < 600 ? status / 100 : 0; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void dropOldest(int rows);
    QVariant display(const mock::TraceRecord &record, int column) const;

    // A deque: the oldest rows leave from the front and new ones join at the back, both O(1) per row.
    std::deque<mock::TraceRecord> m_records;
    int m_capacity = kDefaultCapacity;
    mutable QIcon m_errorIcon; // looked up once; data() runs for every visible cell on every repaint
};

} // namespace portico::ui
