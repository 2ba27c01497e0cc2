#include "operationlistmodel.h"

#include "projectsession.h"

#include "core/apidocument.h"

namespace portico::ui {

using core::Json;
using core::JsonArray;

OperationListModel::OperationListModel(ProjectSession *session, const QString &member, QStringList columnTitles,
                                       QObject *parent)
    : DocumentTableModel(std::move(columnTitles), parent), m_session(session), m_member(member)
{
    followOperation(session->document(), this, m_operation, [this] { refresh(); });
}

void OperationListModel::setOperation(const OperationRef &operation)
{
    beginResetModel();
    m_operation = operation;
    m_entries = m_session->document()->value(listPointer()).toArray();
    endResetModel();
}

QString OperationListModel::listPointer() const
{
    return m_operation.pointer() + u'/' + m_member;
}

void OperationListModel::refresh()
{
    replaceRows(m_entries, m_operation.isEmpty() ? JsonArray() : m_session->document()->value(listPointer()).toArray());
}

int OperationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

void OperationListModel::write(JsonArray list, const QString &undoText)
{
    if (list.empty())
        m_session->removeValue(listPointer(), undoText);
    else
        m_session->setValue(listPointer(), Json(std::move(list)), undoText);
}

int OperationListModel::appendEntry(Json entry, const QString &undoText)
{
    if (m_operation.isEmpty())
        return -1;
    JsonArray list = m_entries;
    list.push_back(std::move(entry));
    write(std::move(list), undoText);
    return int(m_entries.size()) - 1;
}

bool OperationListModel::replaceEntry(int row, Json entry, const QString &undoText)
{
    if (row < 0 || row >= int(m_entries.size()) || entry.identical(m_entries[size_t(row)]))
        return false;
    JsonArray list = m_entries;
    list[size_t(row)] = std::move(entry);
    write(std::move(list), undoText);
    return true;
}

bool OperationListModel::removeEntry(int row, const QString &undoText)
{
    if (row < 0 || row >= int(m_entries.size()))
        return false;
    JsonArray list = m_entries;
    list.erase(list.begin() + row);
    write(std::move(list), undoText);
    return true;
}

} // namespace portico::ui
