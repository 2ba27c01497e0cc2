#include "infoeditor.h"

#include "fieldbinder.h"
#include "projectsession.h"
#include "rawvalueeditor.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QTabWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;
using Check = FieldBinder::Check;

namespace {
const QString kInfo = u"/info"_s;
}

InfoEditor::InfoEditor(ProjectSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_binder(new FieldBinder(session, this)), m_tabs(new QTabWidget(this)),
      m_description(new QPlainTextEdit(this)), m_licenseKind(new QComboBox(this)), m_raw(new RawValueEditor(session, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    auto *form = new QWidget;
    auto *formLayout = new QVBoxLayout(form);
    // `what` names the field in undo texts ("Set contact e-mail of info").
    auto addField = [&](QFormLayout *to, const QString &member, const QString &label, const QString &what,
                        const QString &placeholder, Check check = Check::None, bool keepEmpty = false) {
        auto *edit = new QLineEdit(form);
        edit->setObjectName(member);
        edit->setPlaceholderText(placeholder);
        m_fields.insert(member, edit);
        to->addRow(label, edit);
        m_binder->bind(edit, u'/' + member, what, check, keepEmpty);
        return edit;
    };

    auto *api = new QGroupBox(tr("API"), form);
    auto *apiForm = new QFormLayout(api);
    // title and version are required by OpenAPI: cleared, they stay as empty strings.
    addField(apiForm, u"title"_s, tr("Title"), tr("title"), tr("Required"), Check::None, true);
    addField(apiForm, u"version"_s, tr("Version"), tr("version"), tr("Required, e.g. 1.0.0"), Check::None, true);
    addField(apiForm, u"summary"_s, tr("Summary"), tr("summary"), tr("One line"));
    m_description->setObjectName(u"description"_s);
    m_description->setPlaceholderText(tr("Markdown (CommonMark)"));
    m_description->setTabChangesFocus(true);
    apiForm->addRow(tr("Description"), m_description);
    m_binder->bind(m_description, u"/description"_s, tr("description"));
    addField(apiForm, u"termsOfService"_s, tr("Terms of service"), tr("terms of service"), u"https://example.com/terms"_s, Check::Url);
    formLayout->addWidget(api);

    auto *contact = new QGroupBox(tr("Contact"), form);
    auto *contactForm = new QFormLayout(contact);
    addField(contactForm, u"contact/name"_s, tr("Name"), tr("contact name"), QString());
    addField(contactForm, u"contact/url"_s, tr("URL"), tr("contact URL"), u"https://example.com/support"_s, Check::Url);
    addField(contactForm, u"contact/email"_s, tr("E-mail"), tr("contact e-mail"), u"api@example.com"_s, Check::Email);
    formLayout->addWidget(contact);

    auto *license = new QGroupBox(tr("License"), form);
    auto *licenseForm = new QFormLayout(license);
    addField(licenseForm, u"license/name"_s, tr("Name"), tr("license name"), u"Apache 2.0"_s);
    m_licenseKind->setObjectName(u"licenseKind"_s);
    m_licenseKind->addItem(tr("SPDX identifier"), u"/license/identifier"_s);
    m_licenseKind->addItem(tr("URL"), u"/license/url"_s);
    auto *value = new QLineEdit(form);
    value->setObjectName(u"license"_s);
    value->setPlaceholderText(u"Apache-2.0"_s);
    m_fields.insert(u"license"_s, value);
    auto *valueLine = new QHBoxLayout;
    valueLine->addWidget(m_licenseKind);
    valueLine->addWidget(value, 1);
    licenseForm->addRow(tr("License"), valueLine);
    m_binder->bind(value, u"/license/identifier"_s, tr("license"));
    formLayout->addWidget(license);
    formLayout->addStretch(1);

    auto *scroll = new QScrollArea(m_tabs);
    scroll->setWidgetResizable(true);
    scroll->setWidget(form);
    m_tabs->addTab(scroll, tr("Form"));
    m_tabs->addTab(m_raw, tr("Raw"));

    connect(m_licenseKind, &QComboBox::activated, this, [this](int index) { setLicenseIsUrl(index == 1); });
    auto *doc = session->document();
    connect(doc, &core::ApiDocument::documentReset, this, &InfoEditor::followLicenseKind);
    connect(doc, &core::ApiDocument::valueChanged, this, [this](const QString &pointer) {
        if (pointer.startsWith(kInfo) || kInfo.startsWith(pointer))
            followLicenseKind();
    });
    reload();
}

void InfoEditor::reload()
{
    m_binder->setBase(kInfo, tr("info"));
    m_raw->setPointer(kInfo, tr("info"));
    followLicenseKind();
}

QLineEdit *InfoEditor::field(const QString &member) const
{
    return m_fields.value(member);
}

void InfoEditor::followLicenseKind()
{
    // The document says which one the license is; when it has neither, the user's last choice stands.
    const Json &license = m_session->document()->value(u"/info/license");
    const bool url = license[u"url"].isString() || (!license[u"identifier"].isString() && m_licenseKind->currentIndex() == 1);
    QLineEdit *value = m_fields.value(u"license"_s);
    m_licenseKind->setCurrentIndex(url ? 1 : 0);
    value->setPlaceholderText(url ? u"https://www.apache.org/licenses/LICENSE-2.0"_s : u"Apache-2.0"_s);
    const QString member = m_licenseKind->currentData().toString();
    if (m_binder->member(value) != member)
        m_binder->rebind(value, member, url ? Check::Url : Check::None);
}

void InfoEditor::setLicenseIsUrl(bool url)
{
    const QString from = url ? u"/info/license/identifier"_s : u"/info/license/url"_s;
    const QString to = url ? u"/info/license/url"_s : u"/info/license/identifier"_s;
    const Json value = m_session->document()->value(from);
    if (value.isString()) {
        // The two are mutually exclusive in OpenAPI 3.1: the value moves, in one step.
        m_session->edit(url ? tr("Give the license as a URL") : tr("Give the license as an SPDX identifier"),
                        [&](core::ApiDocument &d) {
                            d.removeValue(from);
                            return d.setValue(to, value);
                        });
    }
    m_licenseKind->setCurrentIndex(url ? 1 : 0);
    m_binder->rebind(m_fields.value(u"license"_s), to.mid(kInfo.size()), url ? Check::Url : Check::None);
}

} // namespace portico::ui
