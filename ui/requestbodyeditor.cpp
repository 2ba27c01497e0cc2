#include "requestbodyeditor.h"

#include "contenteditor.h"
#include "projectsession.h"
#include "theme.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;

namespace {
constexpr int kDescriptionMergeId = 0x5242;
}

RequestBodyEditor::RequestBodyEditor(ProjectSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_shared(new QLabel(this)), m_required(new QCheckBox(tr("Required"), this)),
      m_description(new QLineEdit(this)), m_remove(new QPushButton(tr("Remove request body"), this)),
      m_content(new ContentEditor(session, this))
{
    m_required->setObjectName(u"bodyRequired"_s);
    m_description->setObjectName(u"bodyDescription"_s);
    m_remove->setObjectName(u"removeBody"_s);
    auto *layout = new QVBoxLayout(this);
    m_shared->setWordWrap(true);
    theme::tint(m_shared, theme::Tone::Warning);
    layout->addWidget(m_shared);
    auto *form = new QFormLayout;
    auto *top = new QHBoxLayout;
    top->addWidget(m_required);
    top->addStretch(1);
    top->addWidget(m_remove);
    form->addRow(QString(), top);
    form->addRow(tr("Description"), m_description);
    layout->addLayout(form);
    layout->addWidget(m_content, 1);

    connect(m_required, &QCheckBox::clicked, this, [this](bool on) {
        const QString pointer = bodyPointer() + u"/required"_s;
        if (on)
            m_session->setValue(pointer, Json(true), tr("Require the request body of %1").arg(m_operation.label()));
        else
            m_session->removeValue(pointer, tr("Make the request body of %1 optional").arg(m_operation.label()));
    });
    connect(m_description, &QLineEdit::textEdited, this, [this](const QString &text) {
        const QString pointer = bodyPointer() + u"/description"_s;
        if (text.isEmpty())
            m_session->removeValue(pointer, tr("Clear the request body description of %1").arg(m_operation.label()));
        else
            m_session->setValue(pointer, Json(text), tr("Describe the request body of %1").arg(m_operation.label()),
                                kDescriptionMergeId);
    });
    connect(m_remove, &QPushButton::clicked, this, &RequestBodyEditor::removeBody);
    followOperation(session->document(), this, m_operation, [this] { refresh(); });
}

void RequestBodyEditor::setOperation(const OperationRef &operation)
{
    m_operation = operation;
    m_content->setContent(bodyPointer() + u"/content"_s, tr("the request body of %1").arg(m_operation.label()));
    refresh();
}

QString RequestBodyEditor::bodyPointer() const
{
    const QString own = m_operation.pointer() + u"/requestBody"_s;
    const core::ApiDocument *doc = m_session->document();
    return doc->resolveLocal(doc->value(own), own).second;
}

void RequestBodyEditor::refresh()
{
    if (m_operation.isEmpty())
        return;
    const core::ApiDocument *doc = m_session->document();
    const QString own = m_operation.pointer() + u"/requestBody"_s;
    const QString at = bodyPointer();
    const Json &body = doc->value(at);
    const bool exists = body.isObject();
    m_shared->setVisible(at != own);
    m_shared->setText(tr("Shared request body %1: changes here apply to every operation that uses it.")
                          .arg(doc->value(own)[u"$ref"].toString()));
    // `required` and `description` wait for a body to exist: a body is its media types first.
    m_required->setEnabled(exists);
    m_description->setEnabled(exists);
    m_remove->setEnabled(doc->value(own).isObject());
    m_required->setChecked(body[u"required"].toBool());
    if (m_description->text() != body[u"description"].toString())
        m_description->setText(body[u"description"].toString());
    // The body became (or stopped being) a $ref: its content moved.
    if (m_content->contentPointer() != at + u"/content"_s)
        m_content->setContent(at + u"/content"_s, tr("the request body of %1").arg(m_operation.label()));
}

void RequestBodyEditor::removeBody()
{
    m_session->removeValue(m_operation.pointer() + u"/requestBody"_s,
                           tr("Remove the request body of %1").arg(m_operation.label()));
}

} // namespace portico::ui
