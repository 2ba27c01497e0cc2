#include "collectiontable.h"

#include "collectionmodel.h"

#include <QAction>
#include <QHeaderView>
#include <QToolBar>

using namespace Qt::StringLiterals;

namespace portico::ui {

void setUpEditableTable(QTableView *table)
{
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                           | QAbstractItemView::AnyKeyPressed);
    table->horizontalHeader()->setStretchLastSection(true);
    table->verticalHeader()->hide();
}

CollectionTable::CollectionTable(CollectionModel *model, QWidget *parent) : QTableView(parent), m_model(model)
{
    setModel(model);
    setUpEditableTable(this);
    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            m_current = current.row();
        emit entryShown();
    });
    connect(model, &QAbstractItemModel::modelReset, this, [this] { showEntry(m_current); });
}

int CollectionTable::currentEntry() const
{
    return m_current >= 0 && m_current < m_model->rowCount() ? m_current : -1;
}

void CollectionTable::showEntry(int row)
{
    if (row < 0)
        row = m_current;
    row = std::min(std::max(row, 0), m_model->rowCount() - 1);
    m_current = row;
    if (row >= 0) {
        setCurrentIndex(m_model->index(row, 0));
        selectRow(row);
    }
    emit entryShown();
}

int CollectionTable::addEntry(const QString &key, const core::Json &value)
{
    const int row = m_model->addEntry(key, value);
    if (row >= 0) {
        showEntry(row);
        edit(m_model->index(row, 0));
    }
    return row;
}

bool CollectionTable::removeCurrentEntry()
{
    const int row = currentEntry();
    if (!m_model->removeEntry(row))
        return false;
    showEntry(std::min(row, m_model->rowCount() - 1));
    return true;
}

bool CollectionTable::moveCurrentEntry(int delta)
{
    const int row = currentEntry();
    if (!m_model->moveEntry(row, row + delta))
        return false;
    showEntry(row + delta);
    return true;
}

QToolBar *CollectionTable::createToolBar(const QString &addText, const QString &noun, const std::function<void()> &add,
                                         QWidget *parent)
{
    auto *bar = new QToolBar(parent);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(addText, this, add)->setObjectName(u"add"_s + noun);
    bar->addAction(tr("Remove"), this, [this] { removeCurrentEntry(); })->setObjectName(u"remove"_s + noun);
    bar->addSeparator();
    bar->addAction(tr("Move up"), this, [this] { moveCurrentEntry(-1); })->setObjectName(u"move"_s + noun + u"Up"_s);
    bar->addAction(tr("Move down"), this, [this] { moveCurrentEntry(1); })->setObjectName(u"move"_s + noun + u"Down"_s);
    return bar;
}

} // namespace portico::ui
