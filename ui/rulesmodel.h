#pragma once

#include "operationref.h"

#include "core/json.h"

#include <QAbstractTableModel>

namespace portico::ui {

class ProjectSession;

// An operation's `x-portico-rules` (docs/extensions.md) as an ordered table: the conditions (`when`), the
// status and the named example each rule answers with. The first matching rule wins, so order matters and
// rows move. Conditions are edited as JSON (`{"path.itemId": {"equals": "0"}}`), and only conditions the
// engine understands are accepted. Each edit rewrites the list as one undo step.
class RulesModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Conditions, Status, Example, ColumnCount };
    enum Role { WhenRole = Qt::UserRole + 1 }; // the `when` object as indented JSON

    explicit RulesModel(ProjectSession *session, QObject *parent = nullptr);

    void setOperation(const OperationRef &operation);
    QString rulesPointer() const;

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

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

private:
    void refresh();
    void write(core::JsonArray rules, const QString &text);

    ProjectSession *m_session;
    OperationRef m_operation;
    core::JsonArray m_rules;
};

} // namespace portico::ui
