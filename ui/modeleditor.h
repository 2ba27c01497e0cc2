#pragma once

#include <QWidget>

class QLineEdit;
class QTabWidget;
class QTableView;
class QTimer;

namespace portico::ui {

class CodeEditor;
class ConstraintsPane;
class FieldsModel;
class ProjectSession;
class RawValueEditor;

// The editor of one model: its fields as an ordered table, the constraints of the selected field, a live
// preview (a generated sample and the JSON Schema), and the raw view of the same schema.
class ModelEditor final : public QWidget
{
    Q_OBJECT

public:
    explicit ModelEditor(ProjectSession *session, QWidget *parent = nullptr);

    void setModelName(const QString &model);
    QString modelName() const;

    FieldsModel *fieldsModel() const { return m_fields; }
    QTableView *table() const { return m_table; }
    ConstraintsPane *constraints() const { return m_constraints; }
    CodeEditor *sampleView() const { return m_sample; }
    CodeEditor *schemaView() const { return m_schema; }
    RawValueEditor *rawEditor() const { return m_raw; }
    QTabWidget *tabs() const { return m_tabs; }
    QLineEdit *nameEdit() const { return m_name; }

    // Selects the field's row (for jumps from a validation error); false when the model has no such field.
    bool selectField(const QString &name);
    void addField();
    void duplicateField();
    void removeField();
    void moveField(int delta);
    void refreshPreview();

signals:
    // The model was renamed from here; the window follows the new name.
    void modelRenamed(const QString &from, const QString &to);

private:
    void renameModel();
    void selectRow(int row);
    void updateConstraints();
    int currentRow() const;

    ProjectSession *m_session;
    FieldsModel *m_fields;
    QTabWidget *m_tabs;
    QLineEdit *m_name;
    QLineEdit *m_description;
    QTableView *m_table;
    ConstraintsPane *m_constraints;
    CodeEditor *m_sample;
    CodeEditor *m_schema;
    RawValueEditor *m_raw;
    QTimer *m_previewTimer;
};

} // namespace portico::ui
