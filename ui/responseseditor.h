#pragma once

#include "keylist.h"
#include "operationref.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QTableView;

namespace portico::ui {

class ContentEditor;
class ProjectSession;
class ResponseHeadersModel;

// The responses of one operation: the status codes (added, removed, renamed; "default" and "4XX" ranges
// too), and for the selected one its description, its headers and its media types with their schemas and
// named examples. A response shared through `$ref` (#/components/responses/..) is edited where it lives.
class ResponsesEditor final : public QWidget
{
    Q_OBJECT

public:
    explicit ResponsesEditor(ProjectSession *session, QWidget *parent = nullptr);

    void setOperation(const OperationRef &operation);

    static bool isValidStatus(const QString &status); // 200, 4XX, default
    static QString reasonPhrase(const QString &status); // the description a new response starts with
    QStringList statuses() const;
    QString currentStatus() const;
    void selectResponse(const QString &status);
    bool addResponse(const QString &status);
    bool removeResponse(const QString &status);
    bool changeStatus(const QString &from, const QString &to);
    // Where the selected response lives (after $ref resolution).
    QString responsePointer() const;

    QListWidget *statusList() const { return m_keys->list(); }
    QComboBox *newStatus() const { return m_keys->newKey(); }
    QLineEdit *statusEdit() const { return m_status; }
    QLineEdit *descriptionEdit() const { return m_description; }
    QTableView *headersView() const { return m_headersView; }
    ResponseHeadersModel *headersModel() const { return m_headers; }
    ContentEditor *content() const { return m_content; }

private:
    void refresh();
    void showResponse();
    QString responsesPointer() const;

    ProjectSession *m_session;
    OperationRef m_operation;
    KeyList *m_keys;
    QWidget *m_detail;
    QLabel *m_shared;
    QLineEdit *m_status;
    QLineEdit *m_description;
    ResponseHeadersModel *m_headers;
    QTableView *m_headersView;
    ContentEditor *m_content;
};

} // namespace portico::ui
