#include "exampleseditor.h"

#include "codeeditor.h"
#include "projectsession.h"
#include "theme.h"

#include "core/datagenerator.h"
#include "core/jsonparser.h"
#include "core/jsonpointer.h"
#include "core/jsonwriter.h"
#include "core/schema.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;
using core::JsonObject;

namespace {
constexpr int kExampleMergeId = 0x4558; // "EX": typing in one example is one undo step
constexpr int kSummaryMergeId = 0x4553;
} // namespace

ExamplesEditor::ExamplesEditor(ProjectSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_examples(new QComboBox(this)), m_add(new QPushButton(tr("Add example"), this)),
      m_remove(new QPushButton(tr("Remove"), this)), m_name(new QLineEdit(this)), m_summary(new QLineEdit(this)),
      m_editor(new CodeEditor(this)), m_status(new QLabel(this)), m_timer(new QTimer(this))
{
    m_examples->setObjectName(u"examples"_s);
    m_add->setObjectName(u"addExample"_s);
    m_remove->setObjectName(u"removeExample"_s);
    m_name->setObjectName(u"exampleName"_s);
    m_summary->setObjectName(u"exampleSummary"_s);
    m_summary->setPlaceholderText(tr("Short description of this example"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_examples, 1);
    bar->addWidget(m_add);
    bar->addWidget(m_remove);
    layout->addLayout(bar);
    auto *form = new QFormLayout;
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Summary"), m_summary);
    layout->addLayout(form);
    m_editor->setLanguage(CodeEditor::Language::Json);
    m_editor->setMinimumHeight(140);
    layout->addWidget(m_editor, 1);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    connect(m_examples, &QComboBox::currentIndexChanged, this, &ExamplesEditor::showExample);
    connect(m_add, &QPushButton::clicked, this, &ExamplesEditor::addExample);
    connect(m_remove, &QPushButton::clicked, this, &ExamplesEditor::removeExample);
    connect(m_name, &QLineEdit::editingFinished, this, [this] {
        if (m_name->text().trimmed() != m_examples->currentText())
            renameExample(m_name->text().trimmed());
    });
    connect(m_summary, &QLineEdit::textEdited, this, [this](const QString &text) {
        const int i = m_examples->currentIndex();
        if (i < 0 || i >= m_entries.size() || m_entries[i].legacy)
            return;
        const QString pointer = m_entries[i].entryPointer + u"/summary"_s;
        m_applying = true;
        if (text.isEmpty())
            m_session->removeValue(pointer, tr("Clear summary of example %1").arg(m_entries[i].name));
        else
            m_session->setValue(pointer, Json(text), tr("Set summary of example %1").arg(m_entries[i].name), kSummaryMergeId);
        m_applying = false;
    });
    m_timer->setSingleShot(true);
    m_timer->setInterval(300);
    connect(m_timer, &QTimer::timeout, this, &ExamplesEditor::checkExample);
    connect(m_editor, &CodeEditor::textEdited, m_timer, qOverload<>(&QTimer::start));

    auto *doc = session->document();
    connect(doc, &core::ApiDocument::documentReset, this, &ExamplesEditor::refresh);
    connect(doc, &core::ApiDocument::valueChanged, this, [this](const QString &changed) {
        // The media type itself, or a component its schema or examples point into.
        if (!m_applying && !m_media.isEmpty()
            && (changed.startsWith(m_media) || m_media.startsWith(changed) || changed.startsWith(u"/components")))
            refresh();
    });
    refresh();
}

void ExamplesEditor::setMediaType(const QString &mediaPointer, const QString &label)
{
    if (m_media == mediaPointer && m_label == label)
        return refresh();
    m_timer->stop();
    m_unparsedText = false;
    m_media = mediaPointer;
    m_label = label;
    m_examples->blockSignals(true);
    m_examples->clear();
    m_examples->blockSignals(false);
    m_shown = -1;
    refresh();
}

QList<ExamplesEditor::Entry> ExamplesEditor::readEntries() const
{
    QList<Entry> out;
    if (m_media.isEmpty())
        return out;
    const core::ApiDocument *doc = m_session->document();
    const Json &media = doc->value(m_media);
    for (const auto &[name, raw] : media[u"examples"].toObject()) {
        // A $ref example (#/components/examples/..) is edited where it lives.
        const QString at = m_media + u"/examples/"_s + core::jsonpointer::escape(name);
        const QString resolved = doc->resolveLocal(raw, at).second;
        out.append({name, resolved, resolved + u"/value"_s, false});
    }
    if (media.toObject().contains(u"example"))
        out.append({u"example"_s, m_media + u"/example"_s, m_media + u"/example"_s, true});
    return out;
}

QStringList ExamplesEditor::exampleNames() const
{
    QStringList out;
    for (const Entry &e : m_entries)
        out << e.name;
    return out;
}

QString ExamplesEditor::statusText() const
{
    return m_status->text();
}

void ExamplesEditor::refresh()
{
    const QList<Entry> entries = readEntries();
    const bool hasMedia = !m_media.isEmpty() && m_session->document()->value(m_media).isObject();
    m_add->setEnabled(hasMedia);
    QStringList labels;
    for (const Entry &e : entries)
        labels << (e.legacy ? tr("example (single)") : e.name);
    QStringList current;
    for (int i = 0; i < m_examples->count(); ++i)
        current << m_examples->itemText(i);
    m_entries = entries;
    if (current != labels) {
        const QString keep = m_examples->currentText();
        m_examples->blockSignals(true);
        m_examples->clear();
        m_examples->addItems(labels);
        const int at = labels.indexOf(keep);
        m_examples->setCurrentIndex(at >= 0 ? at : (labels.isEmpty() ? -1 : 0));
        m_examples->blockSignals(false);
        m_unparsedText = false;
        m_timer->stop();
        m_shown = -1; // the rows changed: show the current one afresh
    }
    showExample(m_examples->currentIndex());
}

bool ExamplesEditor::editingBlocked() const
{
    // Pending typing, or text that does not parse yet, wins over a refresh caused by another edit.
    return m_timer->isActive() || m_unparsedText;
}

void ExamplesEditor::showExample(int index)
{
    // Typing still pending for the example being left is applied to that example, not to the next one.
    if (index != m_shown && m_timer->isActive())
        checkExample();
    const bool switched = index != m_shown;
    m_shown = index;
    const bool valid = index >= 0 && index < m_entries.size();
    m_editor->setReadOnly(!valid);
    m_remove->setEnabled(valid);
    m_name->setEnabled(valid && !m_entries[index].legacy);
    m_summary->setEnabled(valid && !m_entries[index].legacy);
    if (switched) {
        m_timer->stop();
        m_unparsedText = false;
    }
    if (!valid) {
        m_editor->clearErrorMarkers();
        m_editor->setText({});
        m_name->clear();
        m_summary->clear();
        theme::tint(m_status, std::nullopt);
        m_status->setText(m_media.isEmpty() ? QString() : tr("No examples yet: add one, or the mock generates data from the schema."));
        return;
    }
    const Entry &e = m_entries[index];
    if (!m_name->hasFocus() && m_name->text() != e.name)
        m_name->setText(e.name);
    const QString summary = e.legacy ? QString() : m_session->document()->value(QString(e.entryPointer + u"/summary"_s)).toString();
    if (m_summary->text() != summary)
        m_summary->setText(summary);
    if (editingBlocked())
        return;
    const Json &value = m_session->document()->value(e.valuePointer);
    auto shown = core::JsonParser().parse(m_editor->text().toUtf8());
    if (switched || !shown.ok() || !shown.value().identical(value))
        m_editor->setText(QString::fromUtf8(core::toJson(value, core::JsonStyle::Indented)));
    checkExample();
}

void ExamplesEditor::checkExample()
{
    m_timer->stop();
    const int index = m_shown;
    m_editor->clearErrorMarkers();
    if (index < 0 || index >= m_entries.size())
        return;
    const Entry entry = m_entries[index];
    core::SourceMap map;
    core::JsonParseOptions options;
    options.sourceMap = &map;
    auto parsed = core::JsonParser(options).parse(m_editor->text().toUtf8());
    if (!parsed.ok()) {
        m_unparsedText = true;
        m_editor->addErrorMarker(parsed.error().location.line, parsed.error().location.column, parsed.error().message);
        m_status->setText(tr("Not applied: %1").arg(parsed.error().message));
        theme::tint(m_status, theme::Tone::Error);
        return;
    }
    m_unparsedText = false;
    QStringList messages;
    const QString schemaPointer = m_media + u"/schema"_s;
    if (core::jsonpointer::resolve(m_session->document()->root(), schemaPointer)) {
        core::SchemaCompiler compiler;
        compiler.addDocument(u"urn:portico:document"_s, m_session->document()->root());
        auto schema = compiler.compile(u"urn:portico:document#"_s + schemaPointer);
        if (schema.ok()) {
            for (const core::ValidationError &e : schema->validate(parsed.value())) {
                QString at;
                QStringList loc;
                for (const Json &part : e.loc) {
                    const QString token = part.isString() ? part.toString() : QString::number(part.toInteger());
                    at = core::jsonpointer::append(at, token);
                    loc << token;
                }
                const auto pos = map.find(at);
                const QString message = loc.isEmpty() ? e.msg : loc.join(u'.') + u": "_s + e.msg;
                m_editor->addErrorMarker(std::max(1, pos.line), std::max(1, pos.column), message);
                messages << message;
            }
        }
    }
    if (!core::jsonpointer::resolve(m_session->document()->root(), schemaPointer))
        m_status->setText(tr("No schema to check the example against."));
    else if (messages.isEmpty())
        m_status->setText(tr("✔ The example matches its schema."));
    else
        m_status->setText(tr("The example breaks its schema:\n%1").arg(messages.join(u'\n')));
    theme::tint(m_status, messages.isEmpty() ? theme::Tone::Success : theme::Tone::Error);
    const Json *current = core::jsonpointer::resolve(m_session->document()->root(), entry.valuePointer);
    if (!current || !current->identical(parsed.value())) {
        m_applying = true;
        m_session->setValue(entry.valuePointer, parsed.value(), tr("Edit example %1 of %2").arg(entry.name, m_label),
                            kExampleMergeId);
        m_applying = false;
    }
}

QString ExamplesEditor::addExample()
{
    core::ApiDocument *doc = m_session->document();
    if (m_media.isEmpty() || !doc->value(m_media).isObject())
        return {};
    // A generated value is a better start than {}: it already has the schema's shape.
    const QString schemaPointer = m_media + u"/schema"_s;
    const Json value = core::jsonpointer::resolve(doc->root(), schemaPointer)
        ? core::DataGenerator(doc->root()).generateAt(schemaPointer)
        : Json(JsonObject{});
    const QString media = m_media;
    QString name;
    m_session->edit(tr("Add example to %1").arg(m_label), [&](core::ApiDocument &d) {
        JsonObject examples = d.value(QString(media + u"/examples"_s)).toObject();
        // `example` and `examples` are exclusive in OpenAPI: the single one becomes a named one.
        if (d.value(media).toObject().contains(u"example")) {
            examples.insertAt(0, u"example"_s, Json(JsonObject{{u"value"_s, d.value(QString(media + u"/example"_s))}}));
            d.removeValue(media + u"/example"_s);
        }
        name = u"example"_s;
        for (int i = 2; examples.contains(name); ++i)
            name = u"example"_s + QString::number(i);
        examples.insert(name, Json(JsonObject{{u"value"_s, value}}));
        return d.setValue(media + u"/examples"_s, Json(examples));
    });
    const int at = exampleNames().indexOf(name);
    if (at >= 0)
        m_examples->setCurrentIndex(at);
    return name;
}

bool ExamplesEditor::removeExample()
{
    const int index = m_examples->currentIndex();
    if (index < 0 || index >= m_entries.size())
        return false;
    const Entry e = m_entries[index];
    const QString text = tr("Remove example %1 of %2").arg(e.name, m_label);
    if (e.legacy) {
        m_session->removeValue(m_media + u"/example"_s, text);
        return true;
    }
    JsonObject examples = m_session->document()->value(QString(m_media + u"/examples"_s)).toObject();
    examples.remove(e.name);
    if (examples.isEmpty())
        m_session->removeValue(m_media + u"/examples"_s, text);
    else
        m_session->setValue(m_media + u"/examples"_s, Json(examples), text);
    return true;
}

bool ExamplesEditor::renameExample(const QString &to)
{
    const int index = m_examples->currentIndex();
    if (index < 0 || index >= m_entries.size() || m_entries[index].legacy || to.isEmpty())
        return false;
    const QString from = m_entries[index].name;
    JsonObject examples = m_session->document()->value(QString(m_media + u"/examples"_s)).toObject();
    if (to == from || examples.contains(to)) {
        m_name->setText(from);
        return false;
    }
    examples.rename(from, to);
    m_session->setValue(m_media + u"/examples"_s, Json(examples), tr("Rename example %1 of %2 to %3").arg(from, m_label, to));
    m_examples->setCurrentIndex(exampleNames().indexOf(to));
    return true;
}

} // namespace portico::ui
