#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;

namespace portico::ui {

class CodeEditor;
class ProjectSession;

// The named examples of one media type (of a request body or a response), one at a time in a JSON editor
// that marks, as you type, where the example breaks the media type's schema, with pydantic-style messages.
// Text that parses is applied (consecutive typing merges into one undo step) even when it breaks the schema,
// since the Problems panel reports it too; text that does not parse is marked and never applied.
class ExamplesEditor final : public QWidget
{
    Q_OBJECT

public:
    explicit ExamplesEditor(ProjectSession *session, QWidget *parent = nullptr);

    // The media type object (after $ref resolution), e.g. /paths/~1pets/get/responses/200/content/application~1json.
    void setMediaType(const QString &mediaPointer, const QString &label);
    const QString &mediaPointer() const { return m_media; }

    QComboBox *exampleCombo() const { return m_examples; }
    CodeEditor *editor() const { return m_editor; }
    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *summaryEdit() const { return m_summary; }
    QString statusText() const;
    QStringList exampleNames() const;

    // Validates the text now (otherwise a short pause after typing does it) and applies it if it parses.
    void checkExample();
    // Adds an example generated from the schema (named "example", "example2", ...), shows it, returns its name.
    QString addExample();
    bool removeExample();
    bool renameExample(const QString &to);

private:
    struct Entry
    {
        QString name;
        QString entryPointer; // the Example Object (resolved), or the legacy `example` value
        QString valuePointer;
        bool legacy = false; // the single `example` member rather than a named one
    };

    void refresh();
    QList<Entry> readEntries() const;
    void showExample(int index);
    bool editingBlocked() const;

    ProjectSession *m_session;
    QString m_media;
    QString m_label;
    QComboBox *m_examples;
    QPushButton *m_add;
    QPushButton *m_remove;
    QLineEdit *m_name;
    QLineEdit *m_summary;
    CodeEditor *m_editor;
    QLabel *m_status;
    QTimer *m_timer;
    QList<Entry> m_entries;
    int m_shown = -1; // the entry whose value the editor holds
    bool m_applying = false;
    bool m_unparsedText = false; // the editor holds text that does not parse: a refresh must not replace it
};

} // namespace portico::ui
