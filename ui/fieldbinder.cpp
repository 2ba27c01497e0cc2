#include "fieldbinder.h"

#include "formedits.h"
#include "projectsession.h"
#include "theme.h"

#include "core/jsonpointer.h"

#include <QLineEdit>
#include <QPlainTextEdit>

using namespace Qt::StringLiterals;

namespace portico::ui {

FieldBinder::FieldBinder(ProjectSession *session, QObject *parent) : QObject(parent), m_session(session)
{
    auto *doc = session->document();
    connect(doc, &core::ApiDocument::documentReset, this, &FieldBinder::refresh);
    connect(doc, &core::ApiDocument::valueChanged, this, [this](const QString &pointer) {
        if (!m_base.isEmpty() && (pointer.startsWith(m_base) || m_base.startsWith(pointer)))
            refresh();
    });
}

void FieldBinder::setBase(const QString &pointer, const QString &subject)
{
    m_base = pointer;
    m_subject = subject;
    refresh();
}

void FieldBinder::bind(QLineEdit *edit, const QString &member, const QString &label, Check check, bool keepEmpty)
{
    m_bindings.append({edit, member, label, check, keepEmpty});
    connect(edit, &QLineEdit::textEdited, this, [this, edit](const QString &text) {
        if (Binding *b = find(edit))
            commit(*b, text);
    });
}

void FieldBinder::bind(QPlainTextEdit *edit, const QString &member, const QString &label)
{
    m_bindings.append({edit, member, label, Check::None, false});
    // QPlainTextEdit has no "edited by the user" signal; refresh() sets m_refreshing around its own changes.
    connect(edit, &QPlainTextEdit::textChanged, this, [this, edit] {
        if (Binding *b = find(edit); b && !m_refreshing)
            commit(*b, edit->toPlainText());
    });
}

void FieldBinder::rebind(QWidget *field, const QString &member, Check check)
{
    if (Binding *b = find(field)) {
        b->member = member;
        b->check = check;
    }
    refresh();
}

QString FieldBinder::member(const QWidget *field) const
{
    for (const Binding &b : m_bindings) {
        if (b.field == field)
            return b.member;
    }
    return {};
}

FieldBinder::Binding *FieldBinder::find(const QWidget *field)
{
    for (Binding &b : m_bindings) {
        if (b.field == field)
            return &b;
    }
    return nullptr;
}

void FieldBinder::commit(Binding &binding, const QString &text)
{
    flag(binding, text);
    if (m_base.isEmpty() || m_refreshing)
        return;
    const QString undoText = text.isEmpty() ? tr("Clear %1 of %2").arg(binding.label, m_subject)
                                            : tr("Set %1 of %2").arg(binding.label, m_subject);
    formedits::commitText(m_session, m_base + binding.member, text, undoText, binding.keepEmpty, m_base);
}

void FieldBinder::flag(const Binding &binding, const QString &text)
{
    QString problem;
    if (binding.check == Check::Url && !formedits::isValidUrl(text))
        problem = tr("Not an absolute URL (scheme://host/path)");
    else if (binding.check == Check::Email && !formedits::isValidEmail(text))
        problem = tr("Not an e-mail address (name@example.com)");
    if (binding.field->property("invalid").toBool() == !problem.isEmpty() && binding.field->toolTip() == problem)
        return;
    binding.field->setProperty("invalid", !problem.isEmpty());
    binding.field->setToolTip(problem);
    // An outline, so the mark does not rest on colour alone, and a soft fill; both from the field's palette, so
    // they read on a dark theme too (a field flagged while the theme changes keeps the old colours until edited).
    const QPalette palette = binding.field->palette();
    binding.field->setStyleSheet(problem.isEmpty() ? QString()
                                                   : u"border: 1px solid %1; background: %2;"_s.arg(
                                                         theme::toneColor(theme::Tone::Error, palette).name(),
                                                         theme::toneFill(theme::Tone::Error, palette).name()));
}

void FieldBinder::refresh()
{
    m_refreshing = true;
    const core::Json &object = m_session->document()->value(m_base);
    for (const Binding &b : std::as_const(m_bindings)) {
        const core::Json *value = m_base.isEmpty() ? nullptr : core::jsonpointer::resolve(object, b.member);
        const QString text = value ? value->toString() : QString();
        if (auto *line = qobject_cast<QLineEdit *>(b.field)) {
            // Only when it differs: setText moves the cursor, and the field being typed in already agrees.
            if (line->text() != text)
                line->setText(text);
        } else if (auto *plain = qobject_cast<QPlainTextEdit *>(b.field)) {
            if (plain->toPlainText() != text)
                plain->setPlainText(text);
        }
        flag(b, text);
    }
    m_refreshing = false;
}

bool FieldBinder::isFlagged(const QWidget *field)
{
    return field->property("invalid").toBool();
}

} // namespace portico::ui
