#pragma once

#include "documenttablemodel.h"
#include "operationref.h"

#include "core/json.h"

namespace portico::ui {

class ProjectSession;

// A table over a list an operation keeps in one member (`x-portico-faults`, `x-portico-rules`), one row per
// entry. Each edit rewrites the whole list as one undo step; an emptied list removes the member.
class OperationListModel : public DocumentTableModel
{
    Q_OBJECT

public:
    void setOperation(const OperationRef &operation);
    const OperationRef &operation() const { return m_operation; }
    QString listPointer() const; // the operation's pointer + "/x-portico-faults"

    int rowCount(const QModelIndex &parent = {}) const final;

protected:
    OperationListModel(ProjectSession *session, const QString &member, QStringList columnTitles, QObject *parent);

    ProjectSession *session() const { return m_session; }
    const core::JsonArray &entries() const { return m_entries; }
    const core::Json &entry(int row) const { return m_entries[size_t(row)]; }

    // Each one undo step named `undoText`.
    void write(core::JsonArray list, const QString &undoText);
    int appendEntry(core::Json entry, const QString &undoText); // the new row; -1 without an operation
    bool replaceEntry(int row, core::Json entry, const QString &undoText); // false when that changes nothing
    bool removeEntry(int row, const QString &undoText);

private:
    void refresh();

    ProjectSession *m_session;
    QString m_member;
    OperationRef m_operation;
    core::JsonArray m_entries;
};

} // namespace portico::ui
