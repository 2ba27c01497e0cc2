#include "schemapicker.h"

#include "fieldschema.h"
#include "projectsession.h"
#include "rawvalueeditor.h"

#include "core/jsonpointer.h"

#include <QComboBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;
using core::JsonObject;

namespace {

const QString kNone = u"none"_s;
const QString kInline = u"inline"_s;
const QString kArrayOf = u"array of "_s;

QString modelOf(const Json &schema)
{
    const QString ref = schema[u"$ref"].toString();
    return schema.toObject().size() == 1 && ref.startsWith(fieldschema::kRefPrefix) ? ref.mid(fieldschema::kRefPrefix.size())
                                                                                    : QString();
}

// What a schema is, in the picker's terms. Anything beyond a bare reference (a description next to the
// $ref, constraints on the array) is an inline schema, so the picker never hides what it would overwrite.
QString classify(const Json *schema, const QStringList &models)
{
    if (!schema)
        return kNone;
    if (const QString model = modelOf(*schema); models.contains(model))
        return model;
    if (schema->toObject().size() == 2 && (*schema)[u"type"].toString() == u"array") {
        if (const QString model = modelOf((*schema)[u"items"]); models.contains(model))
            return kArrayOf + model;
    }
    return kInline;
}

Json refTo(const QString &model)
{
    return Json(JsonObject{{u"$ref"_s, Json(fieldschema::kRefPrefix.toString() + model)}});
}

} // namespace

SchemaPicker::SchemaPicker(ProjectSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_combo(new QComboBox(this)), m_inline(new RawValueEditor(session, this))
{
    m_combo->setObjectName(u"schemaPicker"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_combo);
    m_inline->setMinimumHeight(120);
    layout->addWidget(m_inline, 1);
    m_inline->hide();
    connect(m_combo, &QComboBox::activated, this, [this] { choose(m_combo->currentData().toString()); });
    auto *doc = session->document();
    connect(doc, &core::ApiDocument::documentReset, this, &SchemaPicker::refresh);
    connect(doc, &core::ApiDocument::valueChanged, this, [this](const QString &changed) {
        if (!m_pointer.isEmpty() && (changed.startsWith(m_pointer) || m_pointer.startsWith(changed)
                                     || changed.startsWith(u"/components/schemas")))
            refresh();
    });
}

void SchemaPicker::setSchemaPointer(const QString &schemaPointer, const QString &label)
{
    m_pointer = schemaPointer;
    m_label = label;
    refresh();
}

QString SchemaPicker::currentChoice() const
{
    return classify(core::jsonpointer::resolve(m_session->document()->root(), m_pointer), m_session->document()->modelNames());
}

void SchemaPicker::refresh()
{
    const QStringList models = m_session->document()->modelNames();
    m_combo->blockSignals(true);
    m_combo->clear();
    m_combo->addItem(tr("None"), kNone);
    for (const QString &m : models)
        m_combo->addItem(m, m);
    for (const QString &m : models)
        m_combo->addItem(QString(kArrayOf + m), QString(kArrayOf + m));
    m_combo->addItem(tr("Inline schema…"), kInline);
    const QString current = m_pointer.isEmpty() ? kNone : currentChoice();
    m_combo->setCurrentIndex(m_combo->findData(current));
    m_combo->blockSignals(false);
    setEnabled(!m_pointer.isEmpty());
    const bool showInline = current == kInline;
    if (showInline && m_inline->pointer() != m_pointer)
        m_inline->setPointer(m_pointer, tr("schema of %1").arg(m_label));
    m_inline->setVisible(showInline);
}

void SchemaPicker::choose(const QString &choice)
{
    if (m_pointer.isEmpty() || choice == currentChoice())
        return;
    core::ApiDocument *doc = m_session->document();
    if (choice == kNone) {
        m_session->removeValue(m_pointer, tr("Remove the schema of %1").arg(m_label));
    } else if (choice == kInline) {
        // Detaching from a model starts from a copy of it; from nothing, from an empty object.
        const QString was = currentChoice();
        Json schema(JsonObject{{u"type"_s, Json(u"object"_s)}});
        if (was.startsWith(kArrayOf))
            schema = Json(JsonObject{{u"type"_s, Json(u"array"_s)}, {u"items"_s, doc->modelSchema(was.mid(kArrayOf.size()))}});
        else if (was != kNone)
            schema = doc->modelSchema(was);
        m_session->setValue(m_pointer, schema, tr("Make the schema of %1 inline").arg(m_label));
    } else if (choice.startsWith(kArrayOf)) {
        const QString model = choice.mid(kArrayOf.size());
        m_session->setValue(m_pointer, Json(JsonObject{{u"type"_s, Json(u"array"_s)}, {u"items"_s, refTo(model)}}),
                            tr("Set the schema of %1 to an array of %2").arg(m_label, model));
    } else {
        m_session->setValue(m_pointer, refTo(choice), tr("Set the schema of %1 to %2").arg(m_label, choice));
    }
    refresh();
}

} // namespace portico::ui
