#pragma once

#include "core/checks.h"

#include <QAbstractTableModel>

class QTimer;

namespace portico::core {
class ApiDocument;
}

namespace portico::ui {

// The Problems panel's rows: what `portico check` reports, re-run (debounced) whenever the document
// changes, so the panel is live while the user types.
class ProblemsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Severity, Message, Location, ColumnCount };
    enum Role { PointerRole = Qt::UserRole + 1 };

    explicit ProblemsModel(core::ApiDocument *document, QObject *parent = nullptr);

    void setDelay(int ms);
    // Runs the checks now (the debounce timer calls this).
    void recheck();
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
    core::ApiDocument *m_document;
    QTimer *m_timer;
    QList<core::Problem> m_problems;
};

} // namespace portico::ui
