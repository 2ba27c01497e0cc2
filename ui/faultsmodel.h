#pragma once

#include "operationref.h"

#include "core/json.h"

#include <QAbstractTableModel>

namespace portico::ui {

class ProjectSession;

// An operation's `x-portico-faults` (docs/extensions.md) as a table: each entry is an error status, a
// connection reset or a slow body, with the probability it fires. Each edit rewrites the list as one undo
// step; an empty list removes the extension.
class FaultsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Kind, Value, Probability, ColumnCount };

    explicit FaultsModel(ProjectSession *session, QObject *parent = nullptr);

    void setOperation(const OperationRef &operation);
    QString faultsPointer() const;
    static const QStringList &kinds(); // "status", "reset", "slow body"

    int addFault();
    bool removeFault(int row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

private:
    void refresh();
    void write(core::JsonArray faults, const QString &text);

    ProjectSession *m_session;
    OperationRef m_operation;
    core::JsonArray m_faults;
};

} // namespace portico::ui
