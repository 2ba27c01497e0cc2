#pragma once

#include <QList>
#include <QObject>

class QLineEdit;
class QPlainTextEdit;
class QWidget;

namespace portico::ui {

class ProjectSession;

// Binds text fields to string members under one object of the document (the info block, a security
// scheme), both ways: typing sets the member (see formedits::commitText), and a change of the document from
// anywhere else (the raw view, undo) shows up in the fields. URL and e-mail fields are flagged where typed:
// a red frame and the reason as tooltip; the text is applied anyway, as the Problems panel does for the rest.
class FieldBinder final : public QObject
{
    Q_OBJECT

public:
    enum class Check { None, Url, Email };

    FieldBinder(ProjectSession *session, QObject *parent);

    // The object the members live under ("/info") and how undo texts name it ("info").
    void setBase(const QString &pointer, const QString &subject);
    const QString &base() const { return m_base; }

    // `member` is a pointer relative to the base ("/contact/email"); `label` names it in undo texts.
    void bind(QLineEdit *edit, const QString &member, const QString &label, Check check = Check::None,
              bool keepEmpty = false);
    void bind(QPlainTextEdit *edit, const QString &member, const QString &label);
    // Points a bound field at another member (the license field is an identifier or a URL).
    void rebind(QWidget *field, const QString &member, Check check);
    QString member(const QWidget *field) const;

    // Reads every field from the document (done on every change under the base).
    void refresh();
    static bool isFlagged(const QWidget *field);

private:
    struct Binding
    {
        QWidget *field;
        QString member;
        QString label;
        Check check;
        bool keepEmpty;
    };
    Binding *find(const QWidget *field);
    void commit(Binding &binding, const QString &text);
    void flag(const Binding &binding, const QString &text);

    ProjectSession *m_session;
    QString m_base;
    QString m_subject;
    QList<Binding> m_bindings;
    bool m_refreshing = false;
};

} // namespace portico::ui
