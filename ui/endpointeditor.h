#pragma once

#include "operationref.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableView;

namespace portico::ui {

class CodeEditor;
class MockBehaviourPane;
class ParametersTableModel;
class ProjectSession;
class RawValueEditor;
class RequestBodyEditor;
class ResponsesEditor;

// The editor of one operation, composed of one pane per concern: the form (method, path kept in step with
// its path parameters, operationId, summary, description, tags, deprecated, and the parameters table), the
// request body, the responses (with their examples checked against their schemas as you type), the mock
// behaviour (x-portico-* extensions) and the raw view. Every pane follows the document, so an edit anywhere
// (another pane, the raw view, undo) shows everywhere.
class EndpointEditor final : public QWidget
{
    Q_OBJECT

public:
    explicit EndpointEditor(ProjectSession *session, QWidget *parent = nullptr);

    void setEndpoint(const QString &path, const QString &method);
    QString path() const { return m_operation.path; }
    QString method() const { return m_operation.method; }
    QString pointer() const { return m_operation.pointer(); }

    QLineEdit *pathEdit() const { return m_pathEdit; }
    QTabWidget *tabs() const { return m_tabs; }
    RawValueEditor *rawEditor() const { return m_raw; }
    ParametersTableModel *parametersModel() const { return m_parameters; }
    QTableView *parametersView() const { return m_parametersView; }
    RequestBodyEditor *requestBody() const { return m_requestBody; }
    ResponsesEditor *responses() const { return m_responses; }
    MockBehaviourPane *mockPane() const { return m_mock; }
    // The examples of the selected response's selected media type.
    QComboBox *exampleCombo() const;
    CodeEditor *exampleEditor() const;
    // Validates that example's text now (otherwise a short pause after typing does it); applies it if it parses.
    void checkExample();

    // The path template's parameters without a path parameter, and the reverse.
    QStringList missingPathParameters() const;
    QStringList extraPathParameters() const;
    void syncPathParameters();

    void addParameter();
    void duplicateParameter();
    void removeParameter();

signals:
    void endpointMoved(const QString &path, const QString &method);

private:
    void refresh();
    void commitText(const QString &key, const QString &value);
    void moveTo(const QString &path, const QString &method);
    void editParameterName(int row);

    ProjectSession *m_session;
    OperationRef m_operation;
    QTabWidget *m_tabs;
    QComboBox *m_methodCombo;
    QLineEdit *m_pathEdit;
    QLineEdit *m_operationId;
    QLineEdit *m_summary;
    QLineEdit *m_description;
    QLineEdit *m_tags;
    QCheckBox *m_deprecated;
    QLabel *m_pathHint;
    QPushButton *m_syncButton;
    ParametersTableModel *m_parameters;
    QTableView *m_parametersView;
    RequestBodyEditor *m_requestBody;
    ResponsesEditor *m_responses;
    MockBehaviourPane *m_mock;
    RawValueEditor *m_raw;
    bool m_refreshing = false;
};

} // namespace portico::ui
