#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTimer;

namespace portico::ui {

class CodeEditor;
class ProjectSession;
class RawValueEditor;

// The editor of one operation: method, path (kept in step with its path parameters), operationId, summary,
// description, tags, deprecated; the response examples in a JSON editor that marks, as you type, where an
// example breaks its response schema (pydantic-style messages); and the raw view of the operation.
class EndpointEditor final : public QWidget
{
    Q_OBJECT

public:
    explicit EndpointEditor(ProjectSession *session, QWidget *parent = nullptr);

    void setEndpoint(const QString &path, const QString &method);
    QString path() const { return m_path; }
    QString method() const { return m_method; }
    QString pointer() const;

    QLineEdit *pathEdit() const { return m_pathEdit; }
    QComboBox *exampleCombo() const { return m_examples; }
    CodeEditor *exampleEditor() const { return m_exampleEditor; }
    RawValueEditor *rawEditor() const { return m_raw; }
    QTabWidget *tabs() const { return m_tabs; }
    // The path template's parameters without a path parameter, and the reverse.
    QStringList missingPathParameters() const;
    QStringList extraPathParameters() const;
    void syncPathParameters();
    // Validates the example text now (otherwise a short pause after typing does it); applies it if it parses.
    void checkExample();

signals:
    void endpointMoved(const QString &path, const QString &method);

private:
    void refresh();
    void refreshExamples();
    void showExample(int index);
    void commitText(const QString &key, const QString &value);
    void moveTo(const QString &path, const QString &method);

    ProjectSession *m_session;
    QString m_path;
    QString m_method;
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
    QLabel *m_parameters;
    QComboBox *m_examples;
    CodeEditor *m_exampleEditor;
    QLabel *m_exampleStatus;
    QTimer *m_exampleTimer;
    RawValueEditor *m_raw;
    struct ExampleRef
    {
        QString valuePointer;
        QString schemaPointer;
    };
    QList<ExampleRef> m_exampleRefs;
    bool m_refreshing = false;
};

} // namespace portico::ui
