#pragma once

#include "operationlistmodel.h"

namespace portico::ui {

// An operation's `x-portico-faults` (docs/extensions.md) as a table: each entry is an error status, a
// connection reset or a slow body, with the probability it fires. Each edit rewrites the list as one undo
// step; an empty list removes the extension.
class FaultsModel final : public OperationListModel
{
    Q_OBJECT

public:
    enum Column { Kind, Value, Probability, ColumnCount };

    explicit FaultsModel(ProjectSession *session, QObject *parent = nullptr);

    static const QStringList &kinds(); // "status", "reset", "slow body"

    int addFault();
    bool removeFault(int row);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
};

} // namespace portico::ui
