#include "codeeditor.h"

#include "theme.h"

#include <Qsci/qscilexerjson.h>
#include <Qsci/qscilexeryaml.h>
#include <Qsci/qsciscintilla.h>
#include <Qsci/qscistyle.h>

#include <QEvent>
#include <QFontDatabase>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portico::ui {

namespace {

constexpr int kErrorIndicator = 8;
// Above every lexer's own styles and below Scintilla's predefined ones (32-39 are taken, lexers stop at 13).
constexpr int kAnnotationStyle = 60;

// What a token is, across the two lexers, so one colour table serves both.
enum class Token { Key, String, Number, Keyword, Operator, Comment, Escape, Reference, Delimiter, Error };

QColor tokenColour(Token token, bool dark)
{
    // Hues chosen so keys and values tell apart at a glance; contrast is enforced against the paper afterwards.
    switch (token) {
    case Token::Key:
        return dark ? QColor(0x9c, 0xdc, 0xfe) : QColor(0x04, 0x51, 0xa5);
    case Token::String:
        return dark ? QColor(0xce, 0x91, 0x78) : QColor(0xa3, 0x15, 0x15);
    case Token::Number:
        return dark ? QColor(0xb5, 0xce, 0xa8) : QColor(0x09, 0x6e, 0x48);
    case Token::Keyword:
        return dark ? QColor(0xc5, 0x86, 0xc0) : QColor(0x7b, 0x30, 0xa8);
    case Token::Operator:
        return dark ? QColor(0xb4, 0xb4, 0xb4) : QColor(0x4a, 0x4a, 0x4a);
    case Token::Comment:
        return dark ? QColor(0x8f, 0xae, 0x78) : QColor(0x4e, 0x6e, 0x3a);
    case Token::Escape:
        return dark ? QColor(0xd7, 0xba, 0x7d) : QColor(0x9a, 0x50, 0x00);
    case Token::Reference:
        return dark ? QColor(0x4e, 0xc9, 0xb0) : QColor(0x26, 0x7f, 0x99);
    case Token::Delimiter:
        return dark ? QColor(0xa8, 0xa8, 0xad) : QColor(0x5f, 0x63, 0x68);
    case Token::Error:
        break;
    }
    return dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xb0, 0x1c, 0x1c);
}

QList<std::pair<int, Token>> lexerTokens(CodeEditor::Language language)
{
    if (language == CodeEditor::Language::Json)
        return {{QsciLexerJSON::Property, Token::Key},        {QsciLexerJSON::String, Token::String},
                {QsciLexerJSON::UnclosedString, Token::Error}, {QsciLexerJSON::Number, Token::Number},
                {QsciLexerJSON::Keyword, Token::Keyword},      {QsciLexerJSON::KeywordLD, Token::Keyword},
                {QsciLexerJSON::Operator, Token::Operator},    {QsciLexerJSON::CommentLine, Token::Comment},
                {QsciLexerJSON::CommentBlock, Token::Comment}, {QsciLexerJSON::EscapeSequence, Token::Escape},
                {QsciLexerJSON::IRI, Token::Reference},        {QsciLexerJSON::IRICompact, Token::Reference},
                {QsciLexerJSON::Error, Token::Error}};
    return {{QsciLexerYAML::Identifier, Token::Key},          {QsciLexerYAML::Keyword, Token::Keyword},
            {QsciLexerYAML::Number, Token::Number},           {QsciLexerYAML::Comment, Token::Comment},
            {QsciLexerYAML::Reference, Token::Reference},     {QsciLexerYAML::DocumentDelimiter, Token::Delimiter},
            {QsciLexerYAML::TextBlockMarker, Token::Operator}, {QsciLexerYAML::SyntaxErrorMarker, Token::Error},
            {QsciLexerYAML::Operator, Token::Operator}};
}

QColor blend(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

} // namespace

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
    // Scintilla's default scroll width is 2000 px, so a horizontal scroll bar shows under every short text;
    // tracking the longest line shown makes it appear only when a line is wider than the view.
    m_editor->SendScintilla(QsciScintilla::SCI_SETSCROLLWIDTH, 1);
    m_editor->SendScintilla(QsciScintilla::SCI_SETSCROLLWIDTHTRACKING, true);
    m_editor->setAnnotationDisplay(QsciScintilla::AnnotationBoxed);
    m_editor->indicatorDefine(QsciScintilla::SquiggleIndicator, kErrorIndicator);
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
    applyPalette(); // a lexer brings its own (light) colours
}

void CodeEditor::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::EnabledChange)
        applyPalette();
}

void CodeEditor::applyPalette()
{
    // Scintilla keeps the colours it was given: take them from the group the editor is shown in now, and again
    // when it is enabled or disabled (QWidget::palette() answers with the group of the moment).
    QPalette p = palette();
    p.setCurrentColorGroup(isEnabled() ? QPalette::Active : QPalette::Disabled);
    const bool dark = theme::isDark(p);
    const QColor paper = p.color(QPalette::Base);
    const QColor text = p.color(QPalette::Text);

    // Setting the lexer's colours restyles the editor through the lexer's change signals.
    QsciLexer *lexer = m_editor->lexer();
    lexer->setDefaultPaper(paper);
    lexer->setDefaultColor(text);
    lexer->setPaper(paper, -1);
    lexer->setColor(text, -1);
    for (const auto &[style, token] : lexerTokens(m_language))
        lexer->setColor(theme::readableOn(tokenColour(token, dark), paper), style);

    // With a lexer set, setColor() and setPaper() leave Scintilla's default style alone: set it directly.
    m_editor->SendScintilla(QsciScintillaBase::SCI_STYLESETFORE, QsciScintillaBase::STYLE_DEFAULT, text);
    m_editor->SendScintilla(QsciScintillaBase::SCI_STYLESETBACK, QsciScintillaBase::STYLE_DEFAULT, paper);
    m_editor->setPaper(paper);
    m_editor->setColor(text);
    m_editor->setCaretForegroundColor(text);
    m_editor->setSelectionBackgroundColor(p.color(QPalette::Highlight));
    m_editor->setSelectionForegroundColor(p.color(QPalette::HighlightedText));

    // The margins read as part of the window frame, not the text.
    const QColor margin = p.color(QPalette::Window);
    m_editor->setMarginsBackgroundColor(margin);
    m_editor->setMarginsForegroundColor(theme::readableOn(p.color(QPalette::PlaceholderText), margin));
    m_editor->setFoldMarginColors(margin, margin);
    m_editor->setMarkerForegroundColor(margin);                                       // fold box fill
    m_editor->setMarkerBackgroundColor(theme::readableOn(blend(margin, text, 0.5), margin, 3.0)); // its lines

    m_editor->setMatchedBraceBackgroundColor(blend(paper, p.color(QPalette::Highlight), dark ? 0.45 : 0.25));
    m_editor->setMatchedBraceForegroundColor(text);
    m_editor->setUnmatchedBraceBackgroundColor(paper);
    m_editor->setUnmatchedBraceForegroundColor(theme::toneColor(theme::Tone::Error, p));
    m_editor->setIndicatorForegroundColor(theme::toneColor(theme::Tone::Error, p), kErrorIndicator);

    const QColor annotationPaper = theme::toneFill(theme::Tone::Error, p);
    QsciStyle annotation(kAnnotationStyle, u"error annotation"_s,
                         theme::readableOn(theme::toneColor(theme::Tone::Error, p), annotationPaper), annotationPaper,
                         m_editor->font());
    annotation.apply(m_editor);
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
    m_editor->annotate(l, previous.isEmpty() ? message : previous + u'\n' + message, kAnnotationStyle);
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
