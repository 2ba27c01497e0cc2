#pragma once

#include "operationref.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace portico::ui {

class ContentEditor;
class ProjectSession;

// The request body of one operation: required, description, and its media types with their schemas and
// examples. A body shared through `$ref` (#/components/requestBodies/..) is edited where it lives, and says so.
class RequestBodyEditor final : public QWidget
{
    Q_OBJECT

public:
    explicit RequestBodyEditor(ProjectSession *session, QWidget *parent = nullptr);

    void setOperation(const OperationRef &operation);
    // Where the body object lives (after $ref resolution); under the operation when there is none yet.
    QString bodyPointer() const;

    QCheckBox *requiredBox() const { return m_required; }
    QLineEdit *descriptionEdit() const { return m_description; }
    ContentEditor *content() const { return m_content; }
    void removeBody();

private:
    void refresh();

    ProjectSession *m_session;
    OperationRef m_operation;
    QLabel *m_shared;
    QCheckBox *m_required;
    QLineEdit *m_description;
    QPushButton *m_remove;
    ContentEditor *m_content;
};

} // namespace portico::ui
