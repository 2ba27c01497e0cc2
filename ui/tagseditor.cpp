#include "tagseditor.h"

#include "collectionmodel.h"
#include "collectiontable.h"
#include "formedits.h"
#include "projectsession.h"
#include "rawvalueeditor.h"

#include "core/renames.h"

#include <QHeaderView>
#include <QTabWidget>
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
      m_tabs(new QTabWidget(this)), m_table(new CollectionTable(m_tags, this)), m_raw(new RawValueEditor(session, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    auto *form = new QWidget(m_tabs);
    auto *formLayout = new QVBoxLayout(form);
    formLayout->addWidget(m_table->createToolBar(tr("Add tag"), u"Tag"_s, [this] { addTag(); }, form));
    m_table->horizontalHeader()->resizeSection(0, 160);
    m_table->horizontalHeader()->resizeSection(1, 360);
    formLayout->addWidget(m_table);
    m_tabs->addTab(form, tr("Form"));
    m_tabs->addTab(m_raw, tr("Raw"));

    m_tags->setPointer(kTags);
    m_tags->setColumnEditor(0, [this](int row, const QString &to) { return renameTag(row, to); });
    showTag(0);
}

int TagsEditor::currentTag() const
{
    return m_table->currentEntry();
}

void TagsEditor::showTag(int row)
{
    // Also picks up the document's format (JSON or YAML) for the raw view.
    m_raw->setPointer(kTags, tr("tags"));
    m_table->showEntry(row);
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
    m_table->addEntry({}, Json(JsonObject{{u"name"_s, Json(formedits::uniqueName(u"newTag"_s, m_tags->entryNames()))}}));
}

void TagsEditor::removeTag()
{
    // Operations keep the name in their `tags`: an undeclared tag is still a valid one.
    m_table->removeCurrentEntry();
}

void TagsEditor::moveTag(int delta)
{
    m_table->moveCurrentEntry(delta);
}

} // namespace portico::ui
