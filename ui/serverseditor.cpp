#include "serverseditor.h"

#include "collectionmodel.h"
#include "collectiontable.h"
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
}

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
      m_tabs(new QTabWidget(this)), m_serversTable(new CollectionTable(m_servers, this)),
      m_variablesTable(new QTableView(this)), m_variablesTitle(new QLabel(this)),
      m_raw(new RawValueEditor(session, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    auto *split = new QSplitter(Qt::Vertical, m_tabs);
    auto *top = new QWidget(split);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->addWidget(m_serversTable->createToolBar(tr("Add server"), u"Server"_s, [this] { addServer(); }, top));
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
    m_variablesTable->setModel(m_variables);
    setUpEditableTable(m_variablesTable);
    bottomLayout->addWidget(m_variablesTable);
    split->addWidget(top);
    split->addWidget(bottom);

    m_tabs->addTab(split, tr("Form"));
    m_tabs->addTab(m_raw, tr("Raw"));

    m_servers->setPointer(kServers);
    connect(m_serversTable, &CollectionTable::entryShown, this, &ServersEditor::followSelection);
    connect(m_servers, &QAbstractItemModel::dataChanged, this, &ServersEditor::followSelection);
    showServer(0);
}

int ServersEditor::currentServer() const
{
    return m_serversTable->currentEntry();
}

void ServersEditor::showServer(int row)
{
    // Also picks up the document's format (JSON or YAML) for the raw view.
    m_raw->setPointer(kServers, tr("servers"));
    m_serversTable->showEntry(row);
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
    m_serversTable->addEntry({}, Json(JsonObject{{u"url"_s, Json(u"http://localhost:8000"_s)}}));
}

void ServersEditor::removeServer()
{
    m_serversTable->removeCurrentEntry();
}

void ServersEditor::moveServer(int delta)
{
    m_serversTable->moveCurrentEntry(delta);
}

void ServersEditor::addVariable()
{
    if (currentServer() < 0)
        return;
    const QString name = formedits::uniqueName(u"variable"_s, m_variables->entryNames());
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
