#pragma once

#include <QWidget>

class QsciScintilla;

namespace portico::ui {

// The one place QScintilla is used: a JSON or YAML editor with line numbers, folding, brace matching and
// error markers (a squiggle under a range and the message beside the line). Everything else in ui/ talks
// to this class only, so the editing component can be replaced without touching the editors.
class CodeEditor final : public QWidget
{
    Q_OBJECT

public:
    enum class Language { Json, Yaml };

    explicit CodeEditor(QWidget *parent = nullptr);

    void setLanguage(Language language);
    Language language() const { return m_language; }
    QString text() const;
    // Replaces the text without emitting textEdited; keeps the cursor line where possible.
    void setText(const QString &text);
    void setReadOnly(bool readOnly);
    bool isReadOnly() const;

    // Error markers: a squiggle from (line, column) to the end of that line's token and the message as an
    // annotation below it. Lines and columns are 1-based, as the core reports them.
    void addErrorMarker(int line, int column, const QString &message);
    void clearErrorMarkers();
    int errorMarkerCount() const { return m_markerCount; }
    QStringList errorMessages() const { return m_messages; }

    QsciScintilla *scintilla() const { return m_editor; }

signals:
    // The user changed the text (not setText).
    void textEdited();

protected:
    void changeEvent(QEvent *event) override;

private:
    // Colours from the widget's palette (paper, text, tokens, margins, selection, markers): readable whether
    // the palette is light or dark. Redone on every palette change and on enabling/disabling.
    void applyPalette();

    QsciScintilla *m_editor;
    Language m_language = Language::Json;
    bool m_settingText = false;
    int m_markerCount = 0;
    QStringList m_messages;
};

} // namespace portico::ui
