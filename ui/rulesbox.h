#pragma once

#include "operationref.h"

#include <QGroupBox>

class QLabel;
class QTableView;
class QTimer;

namespace portico::ui {

class CodeEditor;
class ProjectSession;
class RulesModel;

// The operation's `x-portico-rules`: the ordered table (conditions, status, example) with add, remove and
// move, and the selected rule's conditions in a JSON editor for the ones too long for a cell. Conditions the
// engine would not understand are marked there and not applied.
class RulesBox final : public QGroupBox
{
    Q_OBJECT

public:
    explicit RulesBox(ProjectSession *session, QWidget *parent = nullptr);

    void setOperation(const OperationRef &operation);
    RulesModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    CodeEditor *conditionsEditor() const { return m_conditions; }
    QString conditionsStatus() const;
    // Applies the conditions editor's text now (otherwise a short pause after typing does it).
    bool applyConditions();

private:
    void showConditions();
    int currentRow() const;

    ProjectSession *m_session;
    RulesModel *m_model;
    QTableView *m_view;
    CodeEditor *m_conditions;
    QLabel *m_status;
    QTimer *m_timer;
};

} // namespace portico::ui
