#include "tagseditor.h"

#include "collectionmodel.h"
#include "formedits.h"
#include "projectsession.h"
#include "rawvalueeditor.h"

#include "core/renames.h"

#include <QAction>
#include <QHeaderView>
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
const QString kTags = u"/tags"_s;
}

TagsEditor::TagsEditor(ProjectSession *session, QWidget *parent)
    : QWidget(parent), m_session(session),
      m_tags(new CollectionModel(session, CollectionModel::Shape::Array,
                                 {Column{tr("Name"), ColumnKind::Text, u"/name"_s, true},
                                  Column{tr("Description"), ColumnKind::Text, u"/description"_s},
                                  Column{tr("External docs URL"), ColumnKind::Text, u"/externalDocs/url"_s}},
                                 tr("tag"), this)),
      m_tabs(new QTabWidget(this)), m_table(new QTableView(this)), m_raw(new RawValueEditor(session, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    auto *form = new QWidget(m_tabs);
    auto *formLayout = new QVBoxLayout(form);
    auto *toolbar = new QToolBar(form);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(tr("Add tag"), this, &TagsEditor::addTag)->setObjectName(u"addTag"_s);
    toolbar->addAction(tr("Remove"), this, &TagsEditor::removeTag)->setObjectName(u"removeTag"_s);
    toolbar->addSeparator();
    toolbar->addAction(tr("Move up"), this, [this] { moveTag(-1); })->setObjectName(u"moveTagUp"_s);
    toolbar->addAction(tr("Move down"), this, [this] { moveTag(1); })->setObjectName(u"moveTagDown"_s);
    formLayout->addWidget(toolbar);
    m_table->setModel(m_tags);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->resizeSection(0, 160);
    m_table->horizontalHeader()->resizeSection(1, 360);
    m_table->verticalHeader()->hide();
    formLayout->addWidget(m_table);
    m_tabs->addTab(form, tr("Form"));
    m_tabs->addTab(m_raw, tr("Raw"));

    m_tags->setPointer(kTags);
    m_tags->setColumnEditor(0, [this](int row, const QString &to) { return renameTag(row, to); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            m_current = current.row();
    });
    connect(m_tags, &QAbstractItemModel::modelReset, this, [this] { selectRow(m_current); });
    showTag(0);
}

int TagsEditor::currentTag() const
{
    return m_current >= 0 && m_current < m_tags->rowCount() ? m_current : -1;
}

void TagsEditor::showTag(int row)
{
    // Also picks up the document's format (JSON or YAML) for the raw view.
    m_raw->setPointer(kTags, tr("tags"));
    selectRow(row);
}

void TagsEditor::selectRow(int row)
{
    if (row < 0)
        row = m_current;
    row = std::min(std::max(row, 0), m_tags->rowCount() - 1);
    m_current = row;
    if (row >= 0) {
        m_table->setCurrentIndex(m_tags->index(row, 0));
        m_table->selectRow(row);
    }
}

bool TagsEditor::renameTag(int row, const QString &to)
{
    const QString from = m_tags->entryName(row);
    if (from.isEmpty() || to.isEmpty() || from == to)
        return false;
    return m_session->edit(tr("Rename tag %1 to %2").arg(from, to),
                           [&](core::ApiDocument &d) { return core::renameTag(d, from, to); });
}

void TagsEditor::addTag()
{
    QStringList taken;
    for (int r = 0; r < m_tags->rowCount(); ++r)
        taken.append(m_tags->entryName(r));
    const int row = m_tags->addEntry({}, Json(JsonObject{{u"name"_s, Json(formedits::uniqueName(u"newTag"_s, taken))}}));
    if (row < 0)
        return;
    selectRow(row);
    m_table->edit(m_tags->index(row, 0));
}

void TagsEditor::removeTag()
{
    // Operations keep the name in their `tags`: an undeclared tag is still a valid one.
    const int row = currentTag();
    if (m_tags->removeEntry(row))
        selectRow(std::min(row, m_tags->rowCount() - 1));
}

void TagsEditor::moveTag(int delta)
{
    const int row = currentTag();
    if (m_tags->moveEntry(row, row + delta))
        selectRow(row + delta);
}

} // namespace portico::ui
