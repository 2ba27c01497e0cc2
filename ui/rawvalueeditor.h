#pragma once

#include <QWidget>

class QLabel;
class QTimer;

namespace portico::ui {

class CodeEditor;
class ProjectSession;

// The raw view of one object of the document (a model, an operation, the info block): its JSON or YAML in
// the code editor, synced both ways. Text that does not parse is marked where it is wrong and not applied;
// once it parses, it replaces the object as one undo step (consecutive typing merges into one).
class RawValueEditor final : public QWidget
{
    Q_OBJECT

public:
    explicit RawValueEditor(ProjectSession *session, QWidget *parent = nullptr);

    void setPointer(const QString &pointer, const QString &title);
    const QString &pointer() const { return m_pointer; }
    CodeEditor *editor() const { return m_editor; }
    // Parses and applies pending text now (otherwise a short pause after typing does it).
    bool applyNow();
    QString errorText() const;

private:
    void refresh();
    QString render() const;

    ProjectSession *m_session;
    CodeEditor *m_editor;
    QLabel *m_error;
    QTimer *m_apply;
    QString m_pointer;
    QString m_title;
    bool m_applying = false;
};

} // namespace portico::ui
