#include "contenteditor.h"

#include "exampleseditor.h"
#include "projectsession.h"
#include "schemapicker.h"

#include "core/jsonpointer.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;
using core::JsonObject;

ContentEditor::ContentEditor(ProjectSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_keys(new KeyList(tr("Media types"), commonMediaTypes(), this)),
      m_empty(new QLabel(this)), m_detail(new QWidget(this)), m_schema(new SchemaPicker(session, m_detail)),
      m_examples(new ExamplesEditor(session, m_detail))
{
    m_keys->list()->setObjectName(u"mediaTypes"_s);
    m_keys->newKey()->setObjectName(u"newMediaType"_s);
    m_keys->addButton()->setObjectName(u"addMediaType"_s);
    m_keys->removeButton()->setObjectName(u"removeMediaType"_s);
    m_keys->newKey()->setMaximumWidth(220);
    m_keys->newKey()->setToolTip(tr("Pick a media type or type your own (e.g. application/vnd.acme+json)"));
    m_keys->list()->setMaximumWidth(220);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_keys);

    auto *detail = new QVBoxLayout(m_detail);
    detail->setContentsMargins(0, 0, 0, 0);
    auto *form = new QFormLayout;
    form->addRow(tr("Schema"), m_schema);
    detail->addLayout(form);
    detail->addWidget(m_examples, 1);
    auto *right = new QVBoxLayout;
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    right->addWidget(m_empty, 1);
    right->addWidget(m_detail, 1);
    layout->addLayout(right, 1);

    connect(m_keys, &KeyList::addRequested, this, [this](const QString &name) {
        if (addMediaType(name))
            selectMediaType(name);
    });
    connect(m_keys, &KeyList::removeRequested, this, [this](const QString &name) { removeMediaType(name); });
    connect(m_keys, &KeyList::currentKeyChanged, this, &ContentEditor::showMediaType);
    auto *doc = session->document();
    connect(doc, &core::ApiDocument::documentReset, this, &ContentEditor::refresh);
    connect(doc, &core::ApiDocument::valueChanged, this, [this](const QString &changed) {
        // Only a change to the set of media types matters here (the content map or one of its members, not
        // what is inside them): the schema picker and the examples follow their own objects.
        if (m_content.isEmpty())
            return;
        const bool member = changed.startsWith(QString(m_content + u'/')) && !changed.mid(m_content.size() + 1).contains(u'/');
        if (m_content.startsWith(changed) || member)
            refresh();
    });
}

const QStringList &ContentEditor::commonMediaTypes()
{
    static const QStringList list = {u"application/json"_s, u"application/x-www-form-urlencoded"_s,
                                     u"multipart/form-data"_s, u"text/plain"_s, u"application/problem+json"_s,
                                     u"application/merge-patch+json"_s, u"text/event-stream"_s,
                                     u"application/x-ndjson"_s, u"application/octet-stream"_s, u"text/csv"_s};
    return list;
}

void ContentEditor::setContent(const QString &contentPointer, const QString &label)
{
    m_content = contentPointer;
    m_label = label;
    m_keys->clear();
    refresh();
}

QString ContentEditor::mediaPointer(const QString &name) const
{
    return m_content + u'/' + core::jsonpointer::escape(name);
}

QStringList ContentEditor::mediaTypes() const
{
    QStringList out;
    for (const auto &[name, media] : m_session->document()->value(m_content).toObject())
        out << name;
    return out;
}

QString ContentEditor::currentMediaType() const
{
    return m_keys->currentKey();
}

void ContentEditor::selectMediaType(const QString &name)
{
    m_keys->selectKey(name);
}

void ContentEditor::refresh()
{
    m_keys->setKeys(m_content.isEmpty() ? QStringList() : mediaTypes());
    m_keys->addButton()->setEnabled(!m_content.isEmpty());
    showMediaType();
}

void ContentEditor::showMediaType()
{
    const QString name = currentMediaType();
    m_detail->setVisible(!name.isEmpty());
    m_empty->setVisible(name.isEmpty());
    m_empty->setText(tr("No media types yet: add one on the left (application/json for a JSON body)."));
    const QString label = name + u' ' + m_label;
    m_schema->setSchemaPointer(name.isEmpty() ? QString() : mediaPointer(name) + u"/schema"_s, label);
    m_examples->setMediaType(name.isEmpty() ? QString() : mediaPointer(name), label);
}

bool ContentEditor::addMediaType(const QString &name)
{
    if (m_content.isEmpty() || name.isEmpty() || !name.contains(u'/') || mediaTypes().contains(name))
        return false;
    // Text and streams are strings on the wire; the other types wait for a schema to be picked.
    const bool text = name.startsWith(u"text/") || name == u"application/x-ndjson";
    const Json media = text ? Json(JsonObject{{u"schema"_s, Json(JsonObject{{u"type"_s, Json(u"string"_s)}})}})
                            : Json(JsonObject{});
    const QString at = mediaPointer(name);
    // Through a snapshot edit: a first media type creates `content` (and the request body) around it, and
    // undoing it must remove them again.
    const bool added = m_session->edit(tr("Add %1 to %2").arg(name, m_label), [&](core::ApiDocument &d) {
        return d.setValue(at, media);
    });
    if (added)
        selectMediaType(name);
    return added;
}

bool ContentEditor::removeMediaType(const QString &name)
{
    if (name.isEmpty() || !mediaTypes().contains(name))
        return false;
    const QString content = m_content;
    const QString at = mediaPointer(name);
    return m_session->edit(tr("Remove %1 from %2").arg(name, m_label), [&](core::ApiDocument &d) {
        d.removeValue(at);
        if (d.value(content).toObject().isEmpty())
            d.removeValue(content); // no empty `content: {}` left behind
        return true;
    });
}

} // namespace portico::ui
