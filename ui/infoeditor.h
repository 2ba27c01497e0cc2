#pragma once

#include <QWidget>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QTabWidget;

namespace portico::ui {

class FieldBinder;
class ProjectSession;
class RawValueEditor;

// The editor of the document's `info`: title, version, summary, description, terms of service, contact and
// license as a form, and the same object raw. URLs and the e-mail address are flagged where typed.
class InfoEditor final : public QWidget
{
    Q_OBJECT

public:
    explicit InfoEditor(ProjectSession *session, QWidget *parent = nullptr);

    // Reads the document again (the window calls it when the item is selected).
    void reload();

    QTabWidget *tabs() const { return m_tabs; }
    RawValueEditor *rawEditor() const { return m_raw; }
    // The fields by member: "title", "version", "summary", "termsOfService", "contact/name", "contact/url",
    // "contact/email", "license/name", "license" (the identifier or URL, as licenseKind() says).
    QLineEdit *field(const QString &member) const;
    QPlainTextEdit *descriptionEdit() const { return m_description; }
    QComboBox *licenseKind() const { return m_licenseKind; }
    // Whether the license is given as a URL rather than an SPDX identifier; switching moves the value.
    void setLicenseIsUrl(bool url);

private:
    void followLicenseKind();

    ProjectSession *m_session;
    FieldBinder *m_binder;
    QTabWidget *m_tabs;
    QHash<QString, QLineEdit *> m_fields;
    QPlainTextEdit *m_description;
    QComboBox *m_licenseKind;
    RawValueEditor *m_raw;
};

} // namespace portico::ui
