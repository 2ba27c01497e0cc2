#pragma once

#include "core/checks.h"

#include <QAbstractTableModel>
#include <QFutureWatcher>

class QTimer;

namespace portico::core {
class ApiDocument;
}

namespace portico::ui {

// The Problems panel's rows: what `portico check` reports, re-run (debounced) whenever the document
// changes, so the panel is live while the user types. The checks run on a snapshot of the document off the
// GUI thread (a large spec takes seconds); a result that an edit has made stale is dropped.
class ProblemsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Severity, Message, Location, ColumnCount };
    enum Role { PointerRole = Qt::UserRole + 1 };

    explicit ProblemsModel(core::ApiDocument *document, QObject *parent = nullptr);

    void setDelay(int ms);
    // Starts the checks now (the debounce timer calls this); checked() says when the rows are in.
    void recheck();
    bool isChecking() const { return m_watcher.isRunning(); }
    const QList<core::Problem> &problems() const { return m_problems; }
    int errorCount() const;
    int warningCount() const;
    // Errors that should keep a live server on its last good version (not mismatching examples).
    int servingErrorCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void checked();

private:
    void takeResult();

    core::ApiDocument *m_document;
    QTimer *m_timer;
    QFutureWatcher<QList<core::Problem>> m_watcher;
    quint64 m_version = 0; // counts the document's changes
    quint64 m_checkedVersion = 0; // the version the running check looks at
    QList<core::Problem> m_problems;
};

} // namespace portico::ui
