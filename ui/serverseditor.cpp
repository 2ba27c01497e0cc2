#include "serverseditor.h"

#include "collectionmodel.h"
#include "formedits.h"
#include "projectsession.h"
#include "rawvalueeditor.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;
using core::JsonObject;
using Column = CollectionModel::Column;
using ColumnKind = CollectionModel::ColumnKind;

namespace {

const QString kServers = u"/servers"_s;

QTableView *makeTable(QAbstractItemModel *model, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                           | QAbstractItemView::AnyKeyPressed);
    table->horizontalHeader()->setStretchLastSection(true);
    table->verticalHeader()->hide();
    return table;
}

} // namespace

ServersEditor::ServersEditor(ProjectSession *session, QWidget *parent)
    : QWidget(parent), m_session(session),
      m_servers(new CollectionModel(session, CollectionModel::Shape::Array,
                                    {Column{tr("URL"), ColumnKind::Text, u"/url"_s, true},
                                     Column{tr("Description"), ColumnKind::Text, u"/description"_s}},
                                    tr("server"), this)),
      m_variables(new CollectionModel(session, CollectionModel::Shape::Map,
                                      {Column{tr("Name"), ColumnKind::Key, {}},
                                       Column{tr("Default"), ColumnKind::Text, u"/default"_s, true},
                                       Column{tr("Enum"), ColumnKind::List, u"/enum"_s},
                                       Column{tr("Description"), ColumnKind::Text, u"/description"_s}},
                                      tr("variable"), this)),
      m_tabs(new QTabWidget(this)), m_serversTable(makeTable(m_servers, this)),
      m_variablesTable(makeTable(m_variables, this)), m_variablesTitle(new QLabel(this)),
      m_raw(new RawValueEditor(session, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    auto *split = new QSplitter(Qt::Vertical, m_tabs);
    auto *top = new QWidget(split);
    auto *topLayout = new QVBoxLayout(top);
    auto *serverBar = new QToolBar(top);
    serverBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    serverBar->addAction(tr("Add server"), this, &ServersEditor::addServer)->setObjectName(u"addServer"_s);
    serverBar->addAction(tr("Remove"), this, &ServersEditor::removeServer)->setObjectName(u"removeServer"_s);
    serverBar->addSeparator();
    serverBar->addAction(tr("Move up"), this, [this] { moveServer(-1); })->setObjectName(u"moveServerUp"_s);
    serverBar->addAction(tr("Move down"), this, [this] { moveServer(1); })->setObjectName(u"moveServerDown"_s);
    topLayout->addWidget(serverBar);
    m_serversTable->horizontalHeader()->resizeSection(0, 320);
    topLayout->addWidget(m_serversTable);

    auto *bottom = new QWidget(split);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->addWidget(m_variablesTitle);
    auto *variableBar = new QToolBar(bottom);
    variableBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    variableBar->addAction(tr("Add variable"), this, &ServersEditor::addVariable)->setObjectName(u"addVariable"_s);
    variableBar->addAction(tr("Remove"), this, &ServersEditor::removeVariable)->setObjectName(u"removeVariable"_s);
    bottomLayout->addWidget(variableBar);
    bottomLayout->addWidget(m_variablesTable);
    split->addWidget(top);
    split->addWidget(bottom);

    m_tabs->addTab(split, tr("Form"));
    m_tabs->addTab(m_raw, tr("Raw"));

    m_servers->setPointer(kServers);
    connect(m_serversTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    m_current = current.row();
                followSelection();
            });
    // Adding or removing a server (here, in the raw view, by undo) resets the table: keep a row selected.
    connect(m_servers, &QAbstractItemModel::modelReset, this, [this] { selectRow(m_current); });
    connect(m_servers, &QAbstractItemModel::dataChanged, this, &ServersEditor::followSelection);
    showServer(0);
}

int ServersEditor::currentServer() const
{
    return m_current >= 0 && m_current < m_servers->rowCount() ? m_current : -1;
}

void ServersEditor::showServer(int row)
{
    // Also picks up the document's format (JSON or YAML) for the raw view.
    m_raw->setPointer(kServers, tr("servers"));
    selectRow(row);
}

void ServersEditor::selectRow(int row)
{
    if (row < 0)
        row = m_current;
    row = std::min(std::max(row, 0), m_servers->rowCount() - 1);
    m_current = row;
    if (row >= 0) {
        m_serversTable->setCurrentIndex(m_servers->index(row, 0));
        m_serversTable->selectRow(row);
    }
    followSelection();
}

void ServersEditor::followSelection()
{
    const int row = currentServer();
    const QString pointer = row < 0 ? QString() : m_servers->entryPointer(row) + u"/variables"_s;
    if (pointer != m_variables->pointer())
        m_variables->setPointer(pointer);
    m_variablesTitle->setText(row < 0 ? tr("Variables (select a server)")
                                      : tr("Variables of %1 (write them in the URL as {name})").arg(m_servers->entryName(row)));
}

void ServersEditor::addServer()
{
    // The mock server's default address: the first thing most projects list.
    const int row = m_servers->addEntry({}, Json(JsonObject{{u"url"_s, Json(u"http://localhost:8000"_s)}}));
    if (row < 0)
        return;
    selectRow(row);
    m_serversTable->edit(m_servers->index(row, 0));
}

void ServersEditor::removeServer()
{
    const int row = currentServer();
    if (m_servers->removeEntry(row))
        selectRow(std::min(row, m_servers->rowCount() - 1));
}

void ServersEditor::moveServer(int delta)
{
    const int row = currentServer();
    if (m_servers->moveEntry(row, row + delta))
        selectRow(row + delta);
}

void ServersEditor::addVariable()
{
    if (currentServer() < 0)
        return;
    QStringList taken;
    for (int r = 0; r < m_variables->rowCount(); ++r)
        taken.append(m_variables->entryName(r));
    const QString name = formedits::uniqueName(u"variable"_s, taken);
    const int row = m_variables->addEntry(name, Json(JsonObject{{u"default"_s, Json(QString())}}));
    if (row < 0)
        return;
    m_variablesTable->setCurrentIndex(m_variables->index(row, 0));
    m_variablesTable->edit(m_variables->index(row, 0));
}

void ServersEditor::removeVariable()
{
    const QModelIndex current = m_variablesTable->currentIndex();
    if (current.isValid())
        m_variables->removeEntry(current.row());
}

} // namespace portico::ui
