#pragma once

#include "operationlistmodel.h"

namespace portico::ui {

// An operation's `x-portico-rules` (docs/extensions.md) as an ordered table: the conditions (`when`), the
// status and the named example each rule answers with. The first matching rule wins, so order matters and
// rows move. Conditions are edited as JSON (`{"path.itemId": {"equals": "0"}}`), and only conditions the
// engine understands are accepted. Each edit rewrites the list as one undo step.
class RulesModel final : public OperationListModel
{
    Q_OBJECT

public:
    enum Column { Conditions, Status, Example, ColumnCount };
    enum Role { WhenRole = Qt::UserRole + 1 }; // the `when` object as indented JSON

    explicit RulesModel(ProjectSession *session, QObject *parent = nullptr);

    // What is wrong with a `when` object, in the terms of docs/extensions.md; empty when the engine takes it.
    static QStringList conditionProblems(const core::Json &when);
    // "path.itemId = "0" and header.X-Debug absent"
    static QString summary(const core::Json &when);
    // The numeric statuses the operation documents, and the example names of one of them.
    QStringList documentedStatuses() const;
    QStringList exampleNames(int status) const;

    int addRule();
    bool removeRule(int row);
    bool moveRule(int row, int delta);
    bool setConditions(int row, const core::Json &when);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
};

} // namespace portico::ui
