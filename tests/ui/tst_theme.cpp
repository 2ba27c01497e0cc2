// The Light and Dark themes: every coloured thing the workbench draws must stay readable on the palette it is
// drawn on, measured with the WCAG 2.x contrast formula (computed here, independently of ui/theme.cpp), and the
// choice made under View → Theme must survive a restart.
#include "ui/codeeditor.h"
#include "ui/mainwindow.h"
#include "ui/methodbadge.h"
#include "ui/projectsession.h"
#include "ui/projecttreemodel.h"
#include "ui/servercontroller.h"
#include "ui/servertoolbar.h"
#include "ui/theme.h"
#include "ui/tracetablemodel.h"

#include "core/apidocument.h"
#include "core/documentio.h"

#include <Qsci/qscilexerjson.h>
#include <Qsci/qscilexeryaml.h>
#include <Qsci/qsciscintilla.h>

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QUndoStack>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace portico;
using ui::theme::Theme;

namespace {

// WCAG 2.x relative luminance and contrast ratio.
double luminance(const QColor &colour)
{
    auto channel = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    const QColor c = colour.toRgb();
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// Fails with both colours, the ratio and the expressions, so a failure says which pair is unreadable.
#define QVERIFY_CONTRAST(fg, bg, minimum)                                                                        \
    do {                                                                                                         \
        const QColor f_ = (fg), b_ = (bg);                                                                       \
        const double ratio_ = contrast(f_, b_);                                                                  \
        QVERIFY2(ratio_ >= (minimum),                                                                            \
                 qPrintable(u"%1 on %2: %3:1, want %4:1 (%5 on %6)"_s.arg(f_.name(), b_.name())                  \
                                .arg(ratio_, 0, 'f', 2)                                                          \
                                .arg(minimum)                                                                    \
                                .arg(QLatin1StringView(#fg), QLatin1StringView(#bg))));                          \
    } while (false)

// Scintilla keeps colours as 0xBBGGRR.
QColor sciColour(QsciScintilla *sci, unsigned int message, unsigned long wParam)
{
    const long bgr = sci->SendScintilla(message, wParam);
    return QColor(int(bgr & 0xff), int((bgr >> 8) & 0xff), int((bgr >> 16) & 0xff));
}

int styleAt(QsciScintilla *sci, const QString &text, const QString &needle)
{
    const qsizetype at = text.indexOf(needle);
    Q_ASSERT(at >= 0);
    return int(sci->SendScintilla(QsciScintilla::SCI_GETSTYLEAT, static_cast<unsigned long>(at)));
}

mock::TraceRecord record(quint64 id, int status, bool withErrors = false)
{
    mock::TraceRecord r;
    r.id = id;
    r.started = QDateTime::currentDateTimeUtc();
    r.method = "GET";
    r.target = "/items";
    r.status = status;
    if (withErrors)
        r.requestErrors = core::Json(core::JsonArray{core::Json(core::JsonObject{{u"msg"_s, core::Json(u"bad"_s)}})});
    return r;
}

// Qt hands a new application palette to the widgets through a posted event: let it arrive, as the event loop would.
void applyTheme(Theme theme)
{
    ui::theme::apply(theme);
    QCoreApplication::processEvents();
}

const QStringList kMethods = {u"get"_s, u"post"_s, u"put"_s, u"patch"_s, u"delete"_s, u"head"_s, u"options"_s, u"trace"_s};

} // namespace

class tst_Theme : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void isDarkFollowsThePalette();
    void codeEditorIsReadable_data();
    void codeEditorIsReadable();
    void traceStatusColoursAreReadable_data();
    void traceStatusColoursAreReadable();
    void methodBadgesAreReadable_data();
    void methodBadgesAreReadable();
    void tintedLabelsFollowTheTheme();
    void serverStateDotIsVisible_data();
    void serverStateDotIsVisible();
    void themeChoicePersists();
};

void tst_Theme::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PorticoTest"_s);
    QCoreApplication::setApplicationName(u"tst_theme"_s);
    // The system look must be captured before any theme is applied, as runWorkbench does.
    ui::theme::apply(Theme::System);
}

void tst_Theme::init()
{
    QSettings().clear();
}

void tst_Theme::cleanupTestCase()
{
    QSettings().clear();
}

void tst_Theme::isDarkFollowsThePalette()
{
    applyTheme(Theme::Dark);
    QVERIFY(ui::theme::isDark(QApplication::palette()));
    QVERIFY(luminance(QApplication::palette().color(QPalette::Base)) < 0.05);
    QVERIFY_CONTRAST(QApplication::palette().color(QPalette::Text), QApplication::palette().color(QPalette::Base), 7.0);
    QVERIFY_CONTRAST(QApplication::palette().color(QPalette::WindowText), QApplication::palette().color(QPalette::Window), 7.0);
    applyTheme(Theme::Light);
    QVERIFY(!ui::theme::isDark(QApplication::palette()));
    QVERIFY(luminance(QApplication::palette().color(QPalette::Base)) > 0.8);
}

void tst_Theme::codeEditorIsReadable_data()
{
    QTest::addColumn<Theme>("theme");
    QTest::addColumn<Theme>("before");
    QTest::addColumn<bool>("json");
    // The editor is always made under the other theme: the colours must follow the PaletteChange.
    QTest::addRow("dark json, made under light") << Theme::Dark << Theme::Light << true;
    QTest::addRow("dark yaml, made under light") << Theme::Dark << Theme::Light << false;
    QTest::addRow("light json, made under dark") << Theme::Light << Theme::Dark << true;
    QTest::addRow("light yaml, made under dark") << Theme::Light << Theme::Dark << false;
}

void tst_Theme::codeEditorIsReadable()
{
    QFETCH(Theme, theme);
    QFETCH(Theme, before);
    QFETCH(bool, json);
    applyTheme(before);
    ui::CodeEditor editor;
    editor.resize(500, 300);
    editor.setLanguage(json ? ui::CodeEditor::Language::Json : ui::CodeEditor::Language::Yaml);
    const QString text = json ? u"{\n  \"name\": \"Biscuit\",\n  \"price\": 450,\n  \"good\": true\n}\n"_s
                              : u"# a comment\nname: Biscuit\nprice: 450\ngood: true\n"_s;
    editor.setText(text);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    // Disabled while the theme changes, as an editor is until something is selected: once enabled it must
    // not keep the disabled group's greys.
    editor.setEnabled(false);
    applyTheme(theme);
    editor.setEnabled(true);
    QCOMPARE(ui::theme::isDark(editor.palette()), theme == Theme::Dark);

    QsciScintilla *sci = editor.scintilla();
    sci->SendScintilla(QsciScintilla::SCI_COLOURISE, 0UL, -1L);
    const QColor paper = sciColour(sci, QsciScintilla::SCI_STYLEGETBACK, QsciScintilla::STYLE_DEFAULT);
    const QColor text0 = sciColour(sci, QsciScintilla::SCI_STYLEGETFORE, QsciScintilla::STYLE_DEFAULT);
    // The paper is the palette's, not the lexer's white.
    QCOMPARE(paper, editor.palette().color(QPalette::Active, QPalette::Base));
    QCOMPARE(text0, editor.palette().color(QPalette::Active, QPalette::Text));
    QVERIFY_CONTRAST(text0, paper, 4.5);

    // The styles the lexer really gives the key, the string and the number of the sample.
    const int key = styleAt(sci, text, json ? u"\"name\""_s : u"name"_s);
    const int number = styleAt(sci, text, u"450"_s);
    const int keyword = styleAt(sci, text, u"true"_s);
    QCOMPARE(key, json ? int(QsciLexerJSON::Property) : int(QsciLexerYAML::Identifier));
    QCOMPARE(number, json ? int(QsciLexerJSON::Number) : int(QsciLexerYAML::Number));
    QCOMPARE(keyword, json ? int(QsciLexerJSON::Keyword) : int(QsciLexerYAML::Keyword));
    QList<int> styles{key, number, keyword, 0};
    if (json) {
        const int string = styleAt(sci, text, u"\"Biscuit\""_s);
        QCOMPARE(string, int(QsciLexerJSON::String));
        styles << string << int(QsciLexerJSON::Operator);
        // Keys and values must not look alike.
        QVERIFY(sciColour(sci, QsciScintilla::SCI_STYLEGETFORE, ulong(key))
                != sciColour(sci, QsciScintilla::SCI_STYLEGETFORE, ulong(string)));
    } else {
        const int comment = styleAt(sci, text, u"# a comment"_s);
        QCOMPARE(comment, int(QsciLexerYAML::Comment));
        styles << comment << int(QsciLexerYAML::Operator);
    }
    for (const int style : std::as_const(styles)) {
        QCOMPARE(sciColour(sci, QsciScintilla::SCI_STYLEGETBACK, ulong(style)), paper);
        QVERIFY_CONTRAST(sciColour(sci, QsciScintilla::SCI_STYLEGETFORE, ulong(style)), paper, 4.5);
    }

    // Line numbers on their margin, the caret on the paper.
    QVERIFY_CONTRAST(sciColour(sci, QsciScintilla::SCI_STYLEGETFORE, QsciScintilla::STYLE_LINENUMBER),
                     sciColour(sci, QsciScintilla::SCI_STYLEGETBACK, QsciScintilla::STYLE_LINENUMBER), 4.5);
    QVERIFY_CONTRAST(sciColour(sci, QsciScintilla::SCI_GETCARETFORE, 0), paper, 4.5);

    // An error: the squiggle is a graphic (3:1), its message text (4.5:1) on the annotation's own fill.
    editor.addErrorMarker(2, 3, u"Input should be a valid integer"_s);
    const int annotation = int(sci->SendScintilla(QsciScintilla::SCI_ANNOTATIONGETSTYLE, 1UL));
    QVERIFY_CONTRAST(sciColour(sci, QsciScintilla::SCI_STYLEGETFORE, ulong(annotation)),
                     sciColour(sci, QsciScintilla::SCI_STYLEGETBACK, ulong(annotation)), 4.5);
    QVERIFY_CONTRAST(sciColour(sci, QsciScintilla::SCI_INDICGETFORE, 8), paper, 3.0);

    // What is on screen: the editor's background pixels are the paper, not a white box.
    const QImage shot = editor.grab().toImage();
    QCOMPARE(shot.pixelColor(shot.width() - 40, shot.height() - 30).rgb(), paper.rgb());
}

void tst_Theme::traceStatusColoursAreReadable_data()
{
    QTest::addColumn<Theme>("theme");
    QTest::addRow("light") << Theme::Light;
    QTest::addRow("dark") << Theme::Dark;
}

void tst_Theme::traceStatusColoursAreReadable()
{
    QFETCH(Theme, theme);
    applyTheme(theme);
    ui::TraceTableModel model;
    model.appendRecords({record(1, 200), record(2, 302), record(3, 404), record(4, 500), record(5, 0), record(6, 422, true)});
    const QPalette palette = QApplication::palette();
    QSet<QRgb> distinct;
    for (int row = 0; row < model.rowCount(); ++row) {
        const auto colour = model.index(row, ui::TraceTableModel::Status).data(Qt::ForegroundRole).value<QColor>();
        QVERIFY(colour.isValid());
        distinct.insert(colour.rgb());
        // Rows alternate between Base and AlternateBase.
        QVERIFY_CONTRAST(colour, palette.color(QPalette::Base), 4.5);
        QVERIFY_CONTRAST(colour, palette.color(QPalette::AlternateBase), 4.5);
    }
    QCOMPARE(distinct.size(), 5); // 2xx, 3xx, 4xx, 5xx, none: told apart
    const auto errors = model.index(5, ui::TraceTableModel::Errors).data(Qt::ForegroundRole).value<QColor>();
    QVERIFY_CONTRAST(errors, palette.color(QPalette::Base), 4.5);
}

void tst_Theme::methodBadgesAreReadable_data()
{
    QTest::addColumn<Theme>("theme");
    QTest::addRow("light") << Theme::Light;
    QTest::addRow("dark") << Theme::Dark;
}

void tst_Theme::methodBadgesAreReadable()
{
    QFETCH(Theme, theme);
    applyTheme(theme);
    // A document with one operation per method: the badges the tree really shows.
    core::ApiDocument document;
    QString yaml = u"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n"_s;
    for (const QString &method : kMethods)
        yaml += u"    %1: {responses: {'200': {description: ok}}}\n"_s.arg(method);
    QVERIFY(document.loadFromData(yaml.toUtf8(), QString(), core::FileFormat::Yaml).ok());
    ui::ProjectTreeModel tree(&document);
    const QPalette palette = QApplication::palette();
    int badges = 0;
    for (const QString &method : kMethods) {
        const QModelIndex index = tree.indexForPointer(core::ApiDocument::operationPointer(u"/x"_s, method));
        QVERIFY2(index.isValid(), qPrintable(method));
        const QImage badge = index.data(Qt::DecorationRole).value<QIcon>().pixmap(QSize(52, 18), 2.0).toImage();
        QVERIFY(!badge.isNull());
        const QColor fill = ui::ProjectTreeModel::methodColor(method);
        const QColor ink = ui::methodBadgeTextColor(method);
        // The pill is drawn in the method's colour (sampled beside the letters), the letters in the ink.
        QCOMPARE(badge.pixelColor(int(4 * badge.devicePixelRatio()), badge.height() / 2).rgb(), fill.rgb());
        bool inkDrawn = false;
        for (int y = 0; y < badge.height() && !inkDrawn; ++y) {
            for (int x = 0; x < badge.width() && !inkDrawn; ++x)
                inkDrawn = badge.pixelColor(x, y).rgb() == ink.rgb();
        }
        QVERIFY2(inkDrawn, qPrintable(method));
        QVERIFY_CONTRAST(ink, fill, 4.5);
        // The pill itself stands out from the tree's background (a graphic: 2:1 is plenty for a filled shape).
        QVERIFY_CONTRAST(fill, palette.color(QPalette::Base), 2.0);
        // The same colours in the rich-text badge of the docs heading.
        const QString html = ui::methodBadgeHtml(method);
        QVERIFY(html.contains(fill.name()) && html.contains(ink.name()));
        ++badges;
    }
    QCOMPARE(badges, kMethods.size());
}

void tst_Theme::tintedLabelsFollowTheTheme()
{
    applyTheme(Theme::Light);
    QLabel error(u"Not applied"_s);
    QLabel muted(u"hint"_s);
    QLabel banner(u"Could not parse"_s);
    ui::theme::tint(&error, ui::theme::Tone::Error);
    ui::theme::tint(&muted, ui::theme::Tone::Muted);
    ui::theme::tint(&banner, ui::theme::Tone::Error, /*fill=*/true);
    for (const Theme theme : {Theme::Dark, Theme::Light, Theme::Dark}) {
        applyTheme(theme); // no re-tinting by hand: the labels follow the PaletteChange
        for (QLabel *label : {&error, &muted}) {
            QVERIFY_CONTRAST(label->palette().color(QPalette::WindowText), label->palette().color(QPalette::Window), 4.5);
            QVERIFY(label->palette().color(QPalette::WindowText) != QApplication::palette().color(QPalette::WindowText));
        }
        QCOMPARE(ui::theme::isDark(banner.palette()), theme == Theme::Dark);
        QVERIFY(banner.autoFillBackground());
        QVERIFY_CONTRAST(banner.palette().color(QPalette::WindowText), banner.palette().color(QPalette::Window), 4.5);
        QVERIFY(banner.palette().color(QPalette::Window) != QApplication::palette().color(QPalette::Window));
    }
    // An invalid field (ConstraintsPane's mark): what is painted is the fill, under readable text.
    QLineEdit field(u"^[a-z"_s);
    field.resize(200, 30);
    ui::theme::tint(&field, ui::theme::Tone::Error, /*fill=*/true);
    const QImage painted = field.grab().toImage();
    const QColor fill = painted.pixelColor(painted.width() - 10, painted.height() / 2);
    QCOMPARE(fill.rgb(), ui::theme::toneFill(ui::theme::Tone::Error, QApplication::palette()).rgb());
    QVERIFY(fill.rgb() != QApplication::palette().color(QPalette::Base).rgb());
    QVERIFY_CONTRAST(field.palette().color(QPalette::Text), fill, 4.5);

    // Back to normal: the palette's own text colour again.
    ui::theme::tint(&error, std::nullopt);
    QCOMPARE(error.palette().color(QPalette::WindowText), QApplication::palette().color(QPalette::WindowText));
    applyTheme(Theme::Light);
    QCOMPARE(error.palette().color(QPalette::WindowText), QApplication::palette().color(QPalette::WindowText));
}

void tst_Theme::serverStateDotIsVisible_data()
{
    QTest::addColumn<Theme>("theme");
    QTest::addRow("light") << Theme::Light;
    QTest::addRow("dark") << Theme::Dark;
}

void tst_Theme::serverStateDotIsVisible()
{
    QFETCH(Theme, theme);
    applyTheme(theme == Theme::Dark ? Theme::Light : Theme::Dark);
    core::ApiDocument document;
    ui::ServerController controller(&document);
    ui::ServerToolBar bar(&controller);
    applyTheme(theme); // the toolbar redraws its dot on the PaletteChange
    static const QRegularExpression colourOf(u"color:(#[0-9a-fA-F]{6})"_s);
    auto dot = [&] { return QColor(colourOf.match(bar.stateLabel()->text()).captured(1)); };
    // The dot is redrawn once the event loop has handed the new palette to the labels too.
    QTRY_VERIFY2(dot().isValid() && contrast(dot(), bar.palette().color(QPalette::Window)) >= 3.0,
                 qPrintable(bar.stateLabel()->text() + u" on "_s + bar.palette().color(QPalette::Window).name()));
    QCOMPARE(ui::theme::isDark(bar.palette()), theme == Theme::Dark);
}

void tst_Theme::themeChoicePersists()
{
    {
        ui::MainWindow window;
        auto *dark = window.findChild<QAction *>(u"Theme_dark"_s);
        auto *light = window.findChild<QAction *>(u"Theme_light"_s);
        auto *systemAction = window.findChild<QAction *>(u"Theme_system"_s);
        QVERIFY(dark && light && systemAction);
        QVERIFY(systemAction->isChecked()); // nothing saved yet
        dark->trigger();
        QCoreApplication::processEvents();
        QVERIFY(dark->isChecked());
        QVERIFY(!systemAction->isChecked());
        QVERIFY(ui::theme::isDark(QApplication::palette()));
        QVERIFY(ui::theme::isDark(window.palette()));
        QCOMPARE(QSettings().value(u"ui/theme"_s).toString(), u"dark"_s);
        window.session()->undoStack()->setClean();
    }
    // A restart: the saved choice is what the next start applies, and what the menu shows.
    QCOMPARE(ui::theme::saved(), Theme::Dark);
    applyTheme(ui::theme::saved());
    {
        ui::MainWindow window;
        QVERIFY(window.findChild<QAction *>(u"Theme_dark"_s)->isChecked());
        QVERIFY(ui::theme::isDark(window.palette()));
        window.findChild<QAction *>(u"Theme_light"_s)->trigger();
        QCoreApplication::processEvents();
        QCOMPARE(QSettings().value(u"ui/theme"_s).toString(), u"light"_s);
        QVERIFY(!ui::theme::isDark(window.palette()));
        window.findChild<QAction *>(u"Theme_dark"_s)->trigger();
        window.findChild<QAction *>(u"Theme_system"_s)->trigger();
        QCoreApplication::processEvents();
        QCOMPARE(QSettings().value(u"ui/theme"_s).toString(), u"system"_s);
        // System hands the colours back to the platform (light here) instead of pinning a palette of its own.
        QVERIFY(!QCoreApplication::testAttribute(Qt::AA_SetPalette));
        QVERIFY(!ui::theme::isDark(window.palette()));
    }
    QCOMPARE(ui::theme::saved(), Theme::System);
    // An unknown value (a newer version's theme, a typo) falls back to System.
    QSettings().setValue(u"ui/theme"_s, u"solarized"_s);
    QCOMPARE(ui::theme::saved(), Theme::System);
}

QTEST_MAIN(tst_Theme)
#include "tst_theme.moc"
