#pragma once

#include "core/apidocument.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QUrl>
#include <QWidget>

#include <optional>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QNetworkReply;
class QPushButton;
class QTreeWidget;

namespace portico::ui {

class CodeEditor;

// "Try it" for one operation: a field per parameter (and per credential its security asks for), the body in a
// JSON editor with a media type chooser when there are several, all pre-filled from the document's examples or
// generated data; Send issues the request to the running server without blocking the GUI and shows status,
// timing, response headers and the pretty-printed body. What the user typed is kept per operation, also when
// the document changes underneath.
class TryItPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit TryItPanel(QWidget *parent = nullptr);
    ~TryItPanel() override;

    // The server requests go to; an empty URL disables Send with a hint to start the server.
    void setBaseUrl(const QUrl &url);
    QUrl baseUrl() const { return m_baseUrl; }

    // Builds the form for an operation (again, when the document changed); false when it does not exist.
    bool setEndpoint(const core::ApiDocument &document, const QString &path, const QString &method);
    void clear();
    // Sends the request as the form describes it (what the Send button does). Returns at once.
    void send();
    bool isSending() const { return !m_reply.isNull(); }

    QLineEdit *field(const QString &in, const QString &name) const;
    QComboBox *mediaTypeCombo() const { return m_mediaTypes; }
    CodeEditor *bodyEditor() const { return m_body; }
    QPushButton *sendButton() const { return m_send; }
    QLabel *hintLabel() const { return m_hint; }
    QLabel *statusLabel() const { return m_status; }
    QTreeWidget *responseHeaders() const { return m_responseHeaders; }
    CodeEditor *responseBody() const { return m_responseBody; }
    int lastStatus() const { return m_lastStatus; }

signals:
    // A response arrived (status 0: the request failed before one did; see the status label).
    void responseReceived(int status);

private:
    struct Field
    {
        QString in;
        QString name;
        bool isArray = false;
        bool explode = true;
        QLineEdit *edit = nullptr;
        QString style; // declared, or empty for the location's default
    };

    void addField(const QString &in, const QString &name, const QString &label, const QString &value,
                  const QString &placeholder, const QString &toolTip, bool isArray, bool explode,
                  const QString &style = {});
    void addCredentialFields(const core::ApiDocument &document);
    void showMediaType(int index);
    void updateSendState();
    void finished(QNetworkReply *reply);
    QString editKey(const QString &what) const;

    QUrl m_baseUrl;
    std::optional<core::ApiEndpoint> m_endpoint;
    QList<Field> m_fields;
    QStringList m_bodySamples; // per media type of the request body
    // What the user typed, by operation pointer + field (or body media type): survives rebuilding the form.
    QHash<QString, QString> m_edits;

    QLabel *m_requestLine;
    QWidget *m_form;
    QFormLayout *m_formLayout;
    QLabel *m_mediaLabel;
    QComboBox *m_mediaTypes;
    CodeEditor *m_body;
    QPushButton *m_send;
    QLabel *m_hint;
    QLabel *m_status;
    QTreeWidget *m_responseHeaders;
    CodeEditor *m_responseBody;

    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
    QElapsedTimer m_elapsed;
    int m_lastStatus = -1;
};

} // namespace portico::ui
