#include "documenttablemodel.h"

namespace portico::ui {

DocumentTableModel::DocumentTableModel(QStringList columnTitles, QObject *parent)
    : QAbstractTableModel(parent), m_titles(std::move(columnTitles))
{
}

int DocumentTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_titles.size());
}

QVariant DocumentTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    return section >= 0 && section < m_titles.size() ? QVariant(m_titles[section]) : QVariant();
}

Qt::ItemFlags DocumentTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable;
}

bool DocumentTableModel::isValidCell(const QModelIndex &index) const
{
    return checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid);
}

} // namespace portico::ui
