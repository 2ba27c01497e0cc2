#include "rawvalueeditor.h"

#include "codeeditor.h"
#include "projectsession.h"
#include "theme.h"

#include "core/jsonparser.h"
#include "core/jsonpointer.h"
#include "core/jsonwriter.h"
#include "core/yamlio.h"

#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;

namespace {
constexpr int kRawMergeId = 0x5241; // "RA": consecutive raw edits of one object merge
}

RawValueEditor::RawValueEditor(ProjectSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_editor(new CodeEditor(this)), m_error(new QLabel(this)),
      m_apply(new QTimer(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_error->setWordWrap(true);
    m_error->setMargin(4);
    theme::tint(m_error, theme::Tone::Error, /*fill=*/true);
    m_error->hide();
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_error);
    m_apply->setSingleShot(true);
    m_apply->setInterval(500);
    connect(m_apply, &QTimer::timeout, this, &RawValueEditor::applyNow);
    connect(m_editor, &CodeEditor::textEdited, m_apply, qOverload<>(&QTimer::start));
    auto *doc = session->document();
    connect(doc, &core::ApiDocument::documentReset, this, &RawValueEditor::refresh);
    connect(doc, &core::ApiDocument::valueChanged, this, [this](const QString &changed) {
        if (!m_pointer.isEmpty() && (changed.startsWith(m_pointer) || m_pointer.startsWith(changed)))
            refresh();
    });
}

void RawValueEditor::setPointer(const QString &pointer, const QString &title)
{
    m_apply->stop();
    m_pointer = pointer;
    m_title = title;
    m_editor->setLanguage(m_session->document()->format() == core::FileFormat::Json ? CodeEditor::Language::Json
                                                                                   : CodeEditor::Language::Yaml);
    refresh();
}

QString RawValueEditor::render() const
{
    const Json &value = m_session->document()->value(m_pointer);
    if (m_session->document()->format() == core::FileFormat::Json)
        return QString::fromUtf8(core::toJson(value, core::JsonStyle::Indented));
    return QString::fromUtf8(core::toYaml(value));
}

void RawValueEditor::refresh()
{
    if (m_applying || m_pointer.isEmpty())
        return;
    // Pending text the user is still typing wins over a refresh caused by an unrelated edit.
    if (m_apply->isActive())
        return;
    m_editor->clearErrorMarkers();
    m_error->hide();
    m_editor->setText(render());
}

QString RawValueEditor::errorText() const
{
    return m_error->isVisible() || !m_error->text().isEmpty() ? m_error->text() : QString();
}

bool RawValueEditor::applyNow()
{
    m_apply->stop();
    if (m_pointer.isEmpty())
        return false;
    const QByteArray text = m_editor->text().toUtf8();
    core::Result<Json> parsed = Json();
    if (m_editor->language() == CodeEditor::Language::Json)
        parsed = core::JsonParser().parse(text);
    else
        parsed = core::readYaml(text);
    m_editor->clearErrorMarkers();
    if (!parsed.ok()) {
        const core::Error &e = parsed.error();
        m_editor->addErrorMarker(e.location.line, e.location.column, e.message);
        m_error->setText(tr("Not applied: line %1, column %2: %3").arg(e.location.line).arg(e.location.column).arg(e.message));
        m_error->show();
        return false;
    }
    m_error->clear();
    m_error->hide();
    const Json *current = core::jsonpointer::resolve(m_session->document()->root(), m_pointer);
    if (current && current->identical(parsed.value()))
        return true;
    m_applying = true;
    m_session->setValue(m_pointer, parsed.value(), tr("Edit %1 (raw)").arg(m_title), kRawMergeId);
    m_applying = false;
    return true;
}

} // namespace portico::ui
