#include "codeeditor.h"

#include <Qsci/qscilexerjson.h>
#include <Qsci/qscilexeryaml.h>
#include <Qsci/qsciscintilla.h>

#include <QFontDatabase>
#include <QVBoxLayout>

namespace portico::ui {

namespace {
constexpr int kErrorIndicator = 8;
}

CodeEditor::CodeEditor(QWidget *parent) : QWidget(parent), m_editor(new QsciScintilla(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_editor);

    const QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_editor->setFont(font);
    m_editor->setMarginsFont(font);
    m_editor->setMarginType(0, QsciScintilla::NumberMargin);
    m_editor->setMarginWidth(0, QStringLiteral("00000"));
    m_editor->setMarginLineNumbers(0, true);
    m_editor->setFolding(QsciScintilla::BoxedTreeFoldStyle, 2);
    m_editor->setBraceMatching(QsciScintilla::SloppyBraceMatch);
    m_editor->setAutoIndent(true);
    m_editor->setIndentationsUseTabs(false);
    m_editor->setIndentationWidth(2);
    m_editor->setTabWidth(2);
    m_editor->setUtf8(true);
    m_editor->setAnnotationDisplay(QsciScintilla::AnnotationBoxed);
    m_editor->indicatorDefine(QsciScintilla::SquiggleIndicator, kErrorIndicator);
    m_editor->setIndicatorForegroundColor(QColor(0xd0, 0x20, 0x20), kErrorIndicator);
    setLanguage(Language::Json);
    setFocusProxy(m_editor);

    connect(m_editor, &QsciScintilla::textChanged, this, [this] {
        if (!m_settingText)
            emit textEdited();
    });
}

void CodeEditor::setLanguage(Language language)
{
    m_language = language;
    QsciLexer *lexer = nullptr;
    if (language == Language::Json)
        lexer = new QsciLexerJSON(m_editor);
    else
        lexer = new QsciLexerYAML(m_editor);
    lexer->setDefaultFont(m_editor->font());
    lexer->setFont(m_editor->font());
    QsciLexer *old = m_editor->lexer();
    m_editor->setLexer(lexer);
    delete old;
}

QString CodeEditor::text() const
{
    return m_editor->text();
}

void CodeEditor::setText(const QString &text)
{
    if (text == m_editor->text())
        return;
    int line = 0, index = 0;
    m_editor->getCursorPosition(&line, &index);
    const int first = m_editor->firstVisibleLine();
    m_settingText = true;
    m_editor->setText(text);
    m_settingText = false;
    m_editor->setCursorPosition(std::min(line, std::max(0, m_editor->lines() - 1)), 0);
    m_editor->setFirstVisibleLine(first);
}

void CodeEditor::setReadOnly(bool readOnly)
{
    m_editor->setReadOnly(readOnly);
}

bool CodeEditor::isReadOnly() const
{
    return m_editor->isReadOnly();
}

void CodeEditor::addErrorMarker(int line, int column, const QString &message)
{
    const int l = std::clamp(line - 1, 0, std::max(0, m_editor->lines() - 1));
    const int length = m_editor->lineLength(l);
    int from = std::clamp(column - 1, 0, std::max(0, length - 1));
    int to = length;
    const QString lineText = m_editor->text(l);
    while (to > from && to > 0 && lineText.at(std::min<int>(to - 1, int(lineText.size()) - 1)).isSpace())
        --to;
    if (to <= from) {
        from = 0;
        to = std::max(1, length);
    }
    m_editor->fillIndicatorRange(l, from, l, to, kErrorIndicator);
    const QString previous = m_editor->annotation(l);
    m_editor->annotate(l, previous.isEmpty() ? message : previous + u'\n' + message, 0);
    ++m_markerCount;
    m_messages.append(message);
}

void CodeEditor::clearErrorMarkers()
{
    m_editor->clearIndicatorRange(0, 0, std::max(0, m_editor->lines() - 1),
                                  m_editor->lineLength(std::max(0, m_editor->lines() - 1)), kErrorIndicator);
    m_editor->clearAnnotations();
    m_markerCount = 0;
    m_messages.clear();
}

} // namespace portico::ui
