// The form editors of the project's other items (info, servers, tags, security schemes) driven as a user
// drives them: typing into fields and cells, clicking toolbar actions; every edit checked in the document,
// undone and redone; renames followed into every reference; the raw view kept in step both ways.
#include "ui/codeeditor.h"
#include "ui/collectionmodel.h"
#include "ui/fieldbinder.h"
#include "ui/infoeditor.h"
#include "ui/mainwindow.h"
#include "ui/projectsession.h"
#include "ui/projecttreemodel.h"
#include "ui/rawvalueeditor.h"
#include "ui/securityschemeeditor.h"
#include "ui/serverseditor.h"
#include "ui/tagseditor.h"

#include "core/jsonparser.h"
#include "core/renames.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QToolBar>
#include <QTreeView>
#include <QUndoStack>

using namespace Qt::StringLiterals;
using namespace portico;
using core::Json;
using core::JsonArray;

namespace {

const QString kStore = QStringLiteral(PORTICO_SOURCE_DIR "/resources/examples/store.yaml");

// Tags and security requirements in every place an operation can be (paths, a callback, a webhook), the
// document's default requirement and Redoc's tag groups. (A file: moc misreads a multi-line raw string with
// "//" in it and then finds no test class.)
const QString kDocument = QStringLiteral(PORTICO_SOURCE_DIR "/tests/data/forms/project.json");

void typeInto(QWidget *w, const QString &text)
{
    w->setFocus();
    if (auto *edit = qobject_cast<QLineEdit *>(w))
        edit->selectAll();
    QTest::keyClicks(w, text);
}

void clearField(QLineEdit *edit)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
}

void clickAction(QWidget *editor, const QString &name)
{
    auto *action = editor->findChild<QAction *>(name);
    QVERIFY2(action, qPrintable(name));
    for (auto *bar : editor->findChildren<QToolBar *>()) {
        if (QWidget *button = bar->widgetForAction(action)) {
            QTest::mouseClick(button, Qt::LeftButton);
            return;
        }
    }
    QFAIL(qPrintable(u"no button for "_s + name));
}

// Types into a table cell through the view's delegate: open the editor, type, press Return.
void typeIntoCell(QTableView *table, const QModelIndex &index, const QString &text)
{
    table->setCurrentIndex(index);
    table->edit(index);
    QTRY_VERIFY(QApplication::focusWidget() && QApplication::focusWidget()->parentWidget() == table->viewport());
    QWidget *cell = QApplication::focusWidget();
    if (auto *edit = qobject_cast<QLineEdit *>(cell))
        edit->selectAll();
    QTest::keyClicks(cell, text);
    QTest::keyClick(cell, Qt::Key_Return);
}

QStringList strings(const Json &array)
{
    QStringList out;
    for (const Json &v : array.toArray())
        out.append(v.toString());
    return out;
}

} // namespace

class tst_ProjectForms : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void infoFormTyping();
    void infoFlagsInvalidUrlAndEmail_data();
    void infoFlagsInvalidUrlAndEmail();
    void infoLicenseIdentifierOrUrl();
    void infoRawViewSyncsBothWays();
    void serversTableAndVariables();
    void serversRawViewSyncsBothWays();
    void tagsTableAndRenamePropagation();
    void tagRenameRefusesTakenName();
    void securitySchemeFieldsFollowType();
    void securitySchemeOAuthFlowsAndScopes();
    void securitySchemeRenamePropagation();
    void securitySchemeAddAndDelete();
    void securitySchemeRawViewSyncsBothWays();
    void windowShowsTheForms();

private:
    ui::ProjectSession *m_session = nullptr;
    Json m_initial;
};

void tst_ProjectForms::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PorticoTest"_s);
    QCoreApplication::setApplicationName(u"portico-forms-test"_s);
}

void tst_ProjectForms::init()
{
    m_session = new ui::ProjectSession;
    m_session->setAutosaveInterval(0);
    QFile file(kDocument);
    QVERIFY(file.open(QIODevice::ReadOnly));
    m_session->newProject(file.readAll(), core::FileFormat::Json);
    m_initial = m_session->document()->root();
    QVERIFY(m_initial[u"paths"].isObject());
}

void tst_ProjectForms::cleanup()
{
    m_session->undoStack()->setClean();
    delete m_session;
    m_session = nullptr;
}

void tst_ProjectForms::infoFormTyping()
{
    ui::InfoEditor editor(m_session);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    auto *doc = m_session->document();
    QUndoStack *undo = m_session->undoStack();
    QCOMPARE(editor.field(u"title"_s)->text(), u"Pets"_s);
    QCOMPARE(editor.field(u"contact/name"_s)->text(), u"Ops"_s);

    // Typing a word is one undo step, named after the field.
    typeInto(editor.field(u"title"_s), u"Pet Store"_s);
    QCOMPARE(doc->value(u"/info/title").toString(), u"Pet Store"_s);
    QCOMPARE(undo->count(), 1);
    QCOMPARE(undo->text(0), u"Set title of info"_s);
    typeInto(editor.field(u"summary"_s), u"Buy a pet"_s);
    QCOMPARE(doc->value(u"/info/summary").toString(), u"Buy a pet"_s);
    QCOMPARE(undo->count(), 2);

    // The description is multi-line.
    auto *description = editor.descriptionEdit();
    description->setFocus();
    QTest::keyClicks(description, u"Line one"_s);
    QTest::keyClick(description, Qt::Key_Return);
    QTest::keyClicks(description, u"Line two"_s);
    QCOMPARE(doc->value(u"/info/description").toString(), u"Line one\nLine two"_s);
    QCOMPARE(undo->count(), 3);

    // Members are created with their parent object, and clearing the last one drops the object.
    typeInto(editor.field(u"contact/email"_s), u"ops@example.com"_s);
    QCOMPARE(doc->value(u"/info/contact/email").toString(), u"ops@example.com"_s);
    typeInto(editor.field(u"license/name"_s), u"MIT"_s);
    QCOMPARE(doc->value(u"/info/license"), Json(core::JsonObject{{u"name"_s, Json(u"MIT"_s)}}));
    clearField(editor.field(u"license/name"_s));
    QVERIFY(!doc->value(u"/info").toObject().contains(u"license"));
    QCOMPARE(undo->text(undo->count() - 1), u"Clear license name of info"_s);
    clearField(editor.field(u"contact/name"_s));
    clearField(editor.field(u"contact/email"_s));
    QVERIFY(!doc->value(u"/info").toObject().contains(u"contact"));
    // A required member stays, empty.
    clearField(editor.field(u"version"_s));
    QCOMPARE(doc->value(u"/info/version"), Json(QString()));

    // Undo everything, then redo: the fields follow the document each time.
    const Json final = doc->root();
    while (undo->canUndo())
        undo->undo();
    QVERIFY(doc->root().identical(m_initial));
    QCOMPARE(editor.field(u"title"_s)->text(), u"Pets"_s);
    QCOMPARE(editor.field(u"contact/name"_s)->text(), u"Ops"_s);
    QCOMPARE(description->toPlainText(), QString());
    while (undo->canRedo())
        undo->redo();
    QVERIFY(doc->root().identical(final));
    QCOMPARE(editor.field(u"title"_s)->text(), u"Pet Store"_s);
    QCOMPARE(description->toPlainText(), u"Line one\nLine two"_s);
    QCOMPARE(editor.field(u"contact/name"_s)->text(), QString());
}

void tst_ProjectForms::infoFlagsInvalidUrlAndEmail_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("flagged");
    QTest::addRow("e-mail without @ is flagged") << u"contact/email"_s << u"ops.example.com"_s << true;
    QTest::addRow("e-mail without a dotted domain is flagged") << u"contact/email"_s << u"ops@localhost"_s << true;
    QTest::addRow("e-mail with a space is flagged") << u"contact/email"_s << u"o ps@example.com"_s << true;
    QTest::addRow("plain e-mail is fine") << u"contact/email"_s << u"ops+api@mail.example.com"_s << false;
    QTest::addRow("URL without scheme is flagged") << u"contact/url"_s << u"example.com/help"_s << true;
    QTest::addRow("http URL without host is flagged") << u"contact/url"_s << u"https:///help"_s << true;
    QTest::addRow("URL with a space is flagged") << u"termsOfService"_s << u"https://example.com/terms of use"_s << true;
    QTest::addRow("https URL is fine") << u"termsOfService"_s << u"https://example.com/terms"_s << false;
    QTest::addRow("mailto URL is fine") << u"contact/url"_s << u"mailto:ops@example.com"_s << false;
    QTest::addRow("the title is never checked") << u"title"_s << u"not a url"_s << false;
}

void tst_ProjectForms::infoFlagsInvalidUrlAndEmail()
{
    QFETCH(QString, field);
    QFETCH(QString, text);
    QFETCH(bool, flagged);
    ui::InfoEditor editor(m_session);
    QLineEdit *edit = editor.field(field);
    QVERIFY(edit);
    QVERIFY(!ui::FieldBinder::isFlagged(edit));
    typeInto(edit, text);
    QCOMPARE(ui::FieldBinder::isFlagged(edit), flagged);
    QCOMPARE(edit->toolTip().isEmpty(), !flagged);
    // Flagged or not, what was typed is in the document (the Problems panel has its say too).
    QCOMPARE(m_session->document()->value(QString(u"/info/"_s + field)).toString(), text);
    // Fixing it clears the flag; so does an undo that brings back a valid value.
    clearField(edit);
    QVERIFY(!ui::FieldBinder::isFlagged(edit));
}

void tst_ProjectForms::infoLicenseIdentifierOrUrl()
{
    ui::InfoEditor editor(m_session);
    auto *doc = m_session->document();
    QUndoStack *undo = m_session->undoStack();
    typeInto(editor.field(u"license/name"_s), u"Apache 2.0"_s);
    QCOMPARE(editor.licenseKind()->currentIndex(), 0);
    typeInto(editor.field(u"license"_s), u"Apache-2.0"_s);
    QCOMPARE(doc->value(u"/info/license/identifier").toString(), u"Apache-2.0"_s);
    QVERIFY(!ui::FieldBinder::isFlagged(editor.field(u"license"_s)));

    // Switching to a URL moves the value in one step (identifier and url exclude each other), and the field
    // is now checked as a URL.
    const int before = undo->count();
    editor.setLicenseIsUrl(true);
    QCOMPARE(undo->count(), before + 1);
    QVERIFY(!doc->value(u"/info/license").toObject().contains(u"identifier"));
    QCOMPARE(doc->value(u"/info/license/url").toString(), u"Apache-2.0"_s);
    QVERIFY(ui::FieldBinder::isFlagged(editor.field(u"license"_s)));
    typeInto(editor.field(u"license"_s), u"https://www.apache.org/licenses/LICENSE-2.0"_s);
    QCOMPARE(doc->value(u"/info/license/url").toString(), u"https://www.apache.org/licenses/LICENSE-2.0"_s);
    QVERIFY(!ui::FieldBinder::isFlagged(editor.field(u"license"_s)));

    // Undo the typing and the move: the combo follows the document back to an identifier.
    undo->undo();
    undo->undo();
    QCOMPARE(editor.licenseKind()->currentIndex(), 0);
    QCOMPARE(editor.field(u"license"_s)->text(), u"Apache-2.0"_s);
    QCOMPARE(doc->value(u"/info/license/identifier").toString(), u"Apache-2.0"_s);
}

void tst_ProjectForms::infoRawViewSyncsBothWays()
{
    ui::InfoEditor editor(m_session);
    ui::RawValueEditor *raw = editor.rawEditor();
    QCOMPARE(raw->pointer(), u"/info"_s);
    // Form → raw.
    typeInto(editor.field(u"version"_s), u"2.0.0"_s);
    QVERIFY2(raw->editor()->text().contains(u"2.0.0"_s), qPrintable(raw->editor()->text()));
    // Raw → form, as one step.
    const int before = m_session->undoStack()->count();
    QString text = raw->editor()->text();
    text.replace(u"Pets"_s, u"Zoo"_s);
    raw->editor()->setText(text);
    QVERIFY(raw->applyNow());
    QCOMPARE(m_session->undoStack()->count(), before + 1);
    QCOMPARE(editor.field(u"title"_s)->text(), u"Zoo"_s);
    QCOMPARE(editor.field(u"version"_s)->text(), u"2.0.0"_s);
    m_session->undoStack()->undo();
    QCOMPARE(editor.field(u"title"_s)->text(), u"Pets"_s);
}

void tst_ProjectForms::serversTableAndVariables()
{
    ui::ServersEditor editor(m_session);
    editor.resize(900, 700);
    editor.show();
    QVERIFY(QTest::qWaitForWindowActive(&editor));
    auto *servers = editor.serversModel();
    auto *variables = editor.variablesModel();
    QAbstractItemModelTester serversTester(servers, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester variablesTester(variables, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto *doc = m_session->document();
    QUndoStack *undo = m_session->undoStack();

    QCOMPARE(servers->rowCount(), 2);
    QCOMPARE(servers->index(0, 0).data().toString(), u"https://api.example.com/{version}"_s);
    QCOMPARE(editor.currentServer(), 0);
    QCOMPARE(variables->rowCount(), 1);
    QCOMPARE(variables->index(0, 2).data().toString(), u"v1, v2"_s);

    // Add a server: the URL cell opens for typing.
    clickAction(&editor, u"addServer"_s);
    QCOMPARE(servers->rowCount(), 3);
    QCOMPARE(undo->text(undo->count() - 1), u"Add server"_s);
    QTRY_VERIFY(QApplication::focusWidget() && QApplication::focusWidget()->parentWidget() == editor.serversTable()->viewport());
    QWidget *cell = QApplication::focusWidget();
    qobject_cast<QLineEdit *>(cell)->selectAll();
    QTest::keyClicks(cell, u"https://staging.example.com"_s);
    QTest::keyClick(cell, Qt::Key_Return);
    QTRY_COMPARE(doc->value(u"/servers/2/url").toString(), u"https://staging.example.com"_s);
    typeIntoCell(editor.serversTable(), servers->index(2, 1), u"Staging"_s);
    QTRY_COMPARE(doc->value(u"/servers/2/description").toString(), u"Staging"_s);
    QCOMPARE(undo->text(undo->count() - 1), u"Set description of server https://staging.example.com"_s);

    // Reorder: staging moves to the top, and stays selected.
    QCOMPARE(editor.currentServer(), 2);
    clickAction(&editor, u"moveServerUp"_s);
    clickAction(&editor, u"moveServerUp"_s);
    QCOMPARE(editor.currentServer(), 0);
    QCOMPARE(doc->value(u"/servers/0/url").toString(), u"https://staging.example.com"_s);
    QCOMPARE(doc->value(u"/servers/1/url").toString(), u"https://api.example.com/{version}"_s);
    QCOMPARE(undo->text(undo->count() - 1), u"Move server https://staging.example.com up"_s);

    // Variables of the selected server: add one, rename it, give it a default, an enum and a description.
    QCOMPARE(variables->rowCount(), 0);
    clickAction(&editor, u"addVariable"_s);
    QCOMPARE(variables->rowCount(), 1);
    QCOMPARE(doc->value(u"/servers/0/variables/variable/default"), Json(QString()));
    QVERIFY(variables->setData(variables->index(0, 0), u"region"_s));
    QVERIFY(variables->setData(variables->index(0, 1), u"eu"_s));
    QVERIFY(variables->setData(variables->index(0, 2), u"eu, us ,, ap"_s));
    QVERIFY(variables->setData(variables->index(0, 3), u"Data centre"_s));
    QCOMPARE(doc->value(u"/servers/0/variables"),
             core::parseJson(R"({"region": {"default": "eu", "enum": ["eu", "us", "ap"], "description": "Data centre"}})"));
    QCOMPARE(undo->text(undo->count() - 4), u"Rename variable variable to region"_s);
    QCOMPARE(undo->text(undo->count() - 2), u"Set enum of variable region"_s);
    // Clearing the enum removes it; the required default stays, empty.
    QVERIFY(variables->setData(variables->index(0, 2), QString()));
    QVERIFY(!doc->value(u"/servers/0/variables/region").toObject().contains(u"enum"));
    QVERIFY(variables->setData(variables->index(0, 1), QString()));
    QCOMPARE(doc->value(u"/servers/0/variables/region/default"), Json(QString()));
    // A name that is taken is refused.
    QVERIFY(variables->setData(variables->index(0, 0), u"other"_s));
    clickAction(&editor, u"addVariable"_s);
    QVERIFY(!variables->setData(variables->index(1, 0), u"other"_s));

    // Selecting another server shows its variables.
    editor.serversTable()->setCurrentIndex(servers->index(1, 0));
    QCOMPARE(variables->pointer(), u"/servers/1/variables"_s);
    QCOMPARE(variables->index(0, 0).data().toString(), u"version"_s);

    // Remove the selected server.
    const int count = undo->count();
    clickAction(&editor, u"removeServer"_s);
    QCOMPARE(servers->rowCount(), 2);
    QCOMPARE(doc->value(u"/servers").toArray().size(), size_t(2));
    QCOMPARE(undo->text(count), u"Remove server https://api.example.com/{version}"_s);

    // Every step undone and redone.
    const Json final = doc->root();
    while (undo->canUndo())
        undo->undo();
    QVERIFY(doc->root().identical(m_initial));
    QCOMPARE(servers->rowCount(), 2);
    while (undo->canRedo())
        undo->redo();
    QVERIFY(doc->root().identical(final));
}

void tst_ProjectForms::serversRawViewSyncsBothWays()
{
    ui::ServersEditor editor(m_session);
    auto *servers = editor.serversModel();
    QAbstractItemModelTester tester(servers, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ui::RawValueEditor *raw = editor.rawEditor();
    QCOMPARE(raw->pointer(), u"/servers"_s);
    QVERIFY(servers->setData(servers->index(1, 1), u"Local mock"_s));
    QVERIFY(raw->editor()->text().contains(u"Local mock"_s));
    raw->editor()->setText(uR"([{"url": "https://only.example.com", "variables": {"v": {"default": "1"}}}])"_s);
    QVERIFY(raw->applyNow());
    QCOMPARE(servers->rowCount(), 1);
    QCOMPARE(servers->index(0, 0).data().toString(), u"https://only.example.com"_s);
    QCOMPARE(editor.currentServer(), 0);
    QCOMPARE(editor.variablesModel()->rowCount(), 1);
    QCOMPARE(editor.variablesModel()->index(0, 0).data().toString(), u"v"_s);
}

void tst_ProjectForms::tagsTableAndRenamePropagation()
{
    ui::TagsEditor editor(m_session);
    editor.resize(900, 600);
    editor.show();
    QVERIFY(QTest::qWaitForWindowActive(&editor));
    auto *tags = editor.tagsModel();
    QAbstractItemModelTester tester(tags, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto *doc = m_session->document();
    QUndoStack *undo = m_session->undoStack();
    QCOMPARE(tags->rowCount(), 2);

    // Rename "pets" by typing in its cell: the tag and every operation, callback, webhook and tag group
    // that uses it follow, in one undo step.
    typeIntoCell(editor.table(), tags->index(0, 0), u"animals"_s);
    QTRY_COMPARE(doc->value(u"/tags/0/name").toString(), u"animals"_s);
    QCOMPARE(undo->count(), 1);
    QCOMPARE(undo->text(0), u"Rename tag pets to animals"_s);
    QCOMPARE(strings(doc->value(u"/paths/~1pets/get/tags")), QStringList{u"animals"_s});
    QCOMPARE(strings(doc->value(u"/paths/~1pets/post/tags")), (QStringList{u"animals"_s, u"orders"_s}));
    QCOMPARE(strings(doc->value(u"/paths/~1pets/post/callbacks/onSold/{$request.body#~1hook}/post/tags")),
             QStringList{u"animals"_s});
    QCOMPARE(strings(doc->value(u"/webhooks/petAdded/post/tags")), QStringList{u"animals"_s});
    QCOMPARE(strings(doc->value(u"/x-tagGroups/0/tags")), (QStringList{u"animals"_s, u"orders"_s}));
    QCOMPARE(strings(doc->value(u"/paths/~1orders/get/tags")), QStringList{u"orders"_s});
    // An object that merely looks like an operation under a response is left alone.
    QCOMPARE(doc->value(u"/paths/~1pets/post/responses/x-note"), m_initial[u"paths"][u"/pets"][u"post"][u"responses"][u"x-note"]);

    // Description and external docs; clearing the URL drops the empty externalDocs object.
    QVERIFY(tags->setData(tags->index(1, 1), u"Orders placed"_s));
    QVERIFY(tags->setData(tags->index(1, 2), u"https://docs.example.com/orders"_s));
    QCOMPARE(doc->value(u"/tags/1/externalDocs/url").toString(), u"https://docs.example.com/orders"_s);
    QCOMPARE(undo->text(undo->count() - 1), u"Set external docs url of tag orders"_s);
    QVERIFY(tags->setData(tags->index(1, 2), QString()));
    QVERIFY(!doc->value(u"/tags/1").toObject().contains(u"externalDocs"));

    // Add, reorder, remove.
    clickAction(&editor, u"addTag"_s);
    QCOMPARE(tags->rowCount(), 3);
    QCOMPARE(doc->value(u"/tags/2/name").toString(), u"newTag"_s);
    QTRY_VERIFY(QApplication::focusWidget() && QApplication::focusWidget()->parentWidget() == editor.table()->viewport());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    clickAction(&editor, u"moveTagUp"_s);
    QCOMPARE(doc->value(u"/tags/1/name").toString(), u"newTag"_s);
    QCOMPARE(editor.currentTag(), 1);
    clickAction(&editor, u"removeTag"_s);
    QCOMPARE(tags->rowCount(), 2);
    QCOMPARE(doc->value(u"/tags/1/name").toString(), u"orders"_s);

    // Undo back to the start, everything restored; redo to the end.
    const Json final = doc->root();
    while (undo->canUndo())
        undo->undo();
    QVERIFY(doc->root().identical(m_initial));
    QCOMPARE(tags->index(0, 0).data().toString(), u"pets"_s);
    while (undo->canRedo())
        undo->redo();
    QVERIFY(doc->root().identical(final));

    // Raw → table.
    editor.rawEditor()->editor()->setText(uR"([{"name": "solo"}])"_s);
    QVERIFY(editor.rawEditor()->applyNow());
    QCOMPARE(tags->rowCount(), 1);
    QCOMPARE(tags->index(0, 0).data().toString(), u"solo"_s);
}

void tst_ProjectForms::tagRenameRefusesTakenName()
{
    ui::TagsEditor editor(m_session);
    auto *tags = editor.tagsModel();
    QVERIFY(!tags->setData(tags->index(0, 0), u"orders"_s));
    QVERIFY(!tags->setData(tags->index(0, 0), QString()));
    QVERIFY(m_session->document()->root().identical(m_initial));
    QCOMPARE(m_session->undoStack()->count(), 0);
    // The core function on its own: an undeclared tag cannot be renamed, an operation that already lists
    // the new name does not get it twice.
    core::ApiDocument &doc = *m_session->document();
    QVERIFY(!core::renameTag(doc, u"missing"_s, u"x"_s));
    QVERIFY(doc.setValue(u"/paths/~1orders/get/tags"_s, Json(JsonArray{Json(u"orders"_s), Json(u"sales"_s)})));
    QVERIFY(core::renameTag(doc, u"orders"_s, u"sales"_s));
    QCOMPARE(strings(doc.value(u"/paths/~1orders/get/tags")), QStringList{u"sales"_s});
}

void tst_ProjectForms::securitySchemeFieldsFollowType()
{
    ui::SecuritySchemeEditor editor(m_session);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    auto *doc = m_session->document();
    QUndoStack *undo = m_session->undoStack();
    editor.setScheme(u"apiKey"_s);
    QCOMPARE(editor.typeCombo()->currentText(), u"apiKey"_s);
    QCOMPARE(editor.typePages()->currentWidget(), editor.field(u"name"_s)->parentWidget());
    QCOMPARE(editor.field(u"name"_s)->text(), u"X-API-Key"_s);
    QCOMPARE(editor.inCombo()->currentText(), u"header"_s);
    QCOMPARE(editor.field(u"description"_s)->text(), u"Key from the dashboard"_s);

    typeInto(editor.field(u"name"_s), u"api_key"_s);
    QCOMPARE(doc->value(u"/components/securitySchemes/apiKey/name").toString(), u"api_key"_s);
    QCOMPARE(undo->text(undo->count() - 1), u"Set parameter name of scheme apiKey"_s);
    editor.inCombo()->setFocus();
    QTest::keyClick(editor.inCombo(), Qt::Key_Down); // header → query, as a user picks it
    QCOMPARE(doc->value(u"/components/securitySchemes/apiKey/in").toString(), u"query"_s);

    // To http: the apiKey members go, the description stays, bearer is the default.
    editor.typeCombo()->setFocus();
    QTest::keyClick(editor.typeCombo(), Qt::Key_Down); // apiKey → http
    QCOMPARE(doc->value(u"/components/securitySchemes/apiKey"),
             core::parseJson(R"({"type": "http", "description": "Key from the dashboard", "scheme": "bearer"})"));
    QCOMPARE(undo->text(undo->count() - 1), u"Make apiKey an http scheme"_s);
    QCOMPARE(editor.typePages()->currentWidget(), editor.field(u"bearerFormat"_s)->parentWidget());
    QVERIFY(editor.field(u"bearerFormat"_s)->isEnabled());
    typeInto(editor.field(u"bearerFormat"_s), u"JWT"_s);
    QCOMPARE(doc->value(u"/components/securitySchemes/apiKey/bearerFormat").toString(), u"JWT"_s);
    // Basic has no bearer format to give.
    editor.httpSchemeCombo()->setFocus();
    QTest::keyClick(editor.httpSchemeCombo(), Qt::Key_Down);
    QCOMPARE(doc->value(u"/components/securitySchemes/apiKey/scheme").toString(), u"basic"_s);
    QVERIFY(!editor.field(u"bearerFormat"_s)->isEnabled());

    // openIdConnect: the URL, flagged while it is not one.
    QVERIFY(editor.setType(u"openIdConnect"_s));
    QCOMPARE(editor.typePages()->currentWidget(), editor.field(u"openIdConnectUrl"_s)->parentWidget());
    typeInto(editor.field(u"openIdConnectUrl"_s), u"auth.example.com"_s);
    QVERIFY(ui::FieldBinder::isFlagged(editor.field(u"openIdConnectUrl"_s)));
    typeInto(editor.field(u"openIdConnectUrl"_s), u"https://auth.example.com/.well-known/openid-configuration"_s);
    QVERIFY(!ui::FieldBinder::isFlagged(editor.field(u"openIdConnectUrl"_s)));
    QCOMPARE(doc->value(u"/components/securitySchemes/apiKey/openIdConnectUrl").toString(),
             u"https://auth.example.com/.well-known/openid-configuration"_s);

    const Json final = doc->root();
    while (undo->canUndo())
        undo->undo();
    QVERIFY(doc->root().identical(m_initial));
    QCOMPARE(editor.typeCombo()->currentText(), u"apiKey"_s);
    QCOMPARE(editor.field(u"name"_s)->text(), u"X-API-Key"_s);
    while (undo->canRedo())
        undo->redo();
    QVERIFY(doc->root().identical(final));
}

void tst_ProjectForms::securitySchemeOAuthFlowsAndScopes()
{
    ui::SecuritySchemeEditor editor(m_session);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    auto *doc = m_session->document();
    QUndoStack *undo = m_session->undoStack();
    editor.setScheme(u"oauth"_s);
    auto *scopes = editor.scopesModel();
    QAbstractItemModelTester tester(scopes, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // The first flow the scheme offers is shown, with its URLs and scopes.
    QCOMPARE(editor.flowCombo()->currentData().toString(), u"clientCredentials"_s);
    QVERIFY(editor.flowEnabled()->isChecked());
    QCOMPARE(editor.field(u"tokenUrl"_s)->text(), u"https://auth.example.com/token"_s);
    QVERIFY(!editor.field(u"authorizationUrl"_s)->isEnabled());
    QCOMPARE(scopes->rowCount(), 1);
    QCOMPARE(scopes->index(0, 1).data().toString(), u"Read pets"_s);

    // Scopes: add, rename, describe, remove.
    QCOMPARE(editor.addScope(), 1);
    QVERIFY(scopes->setData(scopes->index(1, 0), u"write"_s));
    QVERIFY(scopes->setData(scopes->index(1, 1), u"Change pets"_s));
    QCOMPARE(doc->value(u"/components/securitySchemes/oauth/flows/clientCredentials/scopes"),
             core::parseJson(R"({"read": "Read pets", "write": "Change pets"})"));
    QCOMPARE(undo->text(undo->count() - 1), u"Set description of scope write"_s);

    // Another flow: not offered yet; offering it creates what it requires.
    editor.showFlow(u"authorizationCode"_s);
    QVERIFY(!editor.flowEnabled()->isChecked());
    QVERIFY(!editor.field(u"tokenUrl"_s)->isEnabled());
    QCOMPARE(scopes->rowCount(), 0);
    QTest::mouseClick(editor.flowEnabled(), Qt::LeftButton);
    QCOMPARE(doc->value(u"/components/securitySchemes/oauth/flows/authorizationCode"),
             core::parseJson(R"({"authorizationUrl": "", "tokenUrl": "", "scopes": {}})"));
    QCOMPARE(undo->text(undo->count() - 1), u"Offer the authorizationCode flow in oauth"_s);
    QVERIFY(editor.field(u"authorizationUrl"_s)->isEnabled());
    typeInto(editor.field(u"authorizationUrl"_s), u"https://auth.example.com/authorize"_s);
    typeInto(editor.field(u"tokenUrl"_s), u"https://auth.example.com/token"_s);
    typeInto(editor.field(u"refreshUrl"_s), u"https://auth.example.com/refresh"_s);
    QCOMPARE(doc->value(u"/components/securitySchemes/oauth/flows/authorizationCode/authorizationUrl").toString(),
             u"https://auth.example.com/authorize"_s);
    QCOMPARE(doc->value(u"/components/securitySchemes/oauth/flows/authorizationCode/refreshUrl").toString(),
             u"https://auth.example.com/refresh"_s);
    // The client-credentials flow is untouched by typing into the other.
    QCOMPARE(doc->value(u"/components/securitySchemes/oauth/flows/clientCredentials/tokenUrl").toString(),
             u"https://auth.example.com/token"_s);
    QVERIFY(!doc->value(u"/components/securitySchemes/oauth/flows/clientCredentials").toObject().contains(u"refreshUrl"));
    // Clearing the optional refresh URL removes it; the required ones stay, empty.
    clearField(editor.field(u"refreshUrl"_s));
    QVERIFY(!doc->value(u"/components/securitySchemes/oauth/flows/authorizationCode").toObject().contains(u"refreshUrl"));
    clearField(editor.field(u"tokenUrl"_s));
    QCOMPARE(doc->value(u"/components/securitySchemes/oauth/flows/authorizationCode/tokenUrl"), Json(QString()));
    QCOMPARE(editor.addScope(), 0);

    // Stop offering it.
    QTest::mouseClick(editor.flowEnabled(), Qt::LeftButton);
    QVERIFY(!doc->value(u"/components/securitySchemes/oauth/flows").toObject().contains(u"authorizationCode"));

    const Json final = doc->root();
    while (undo->canUndo())
        undo->undo();
    QVERIFY(doc->root().identical(m_initial));
    while (undo->canRedo())
        undo->redo();
    QVERIFY(doc->root().identical(final));
}

void tst_ProjectForms::securitySchemeRenamePropagation()
{
    ui::SecuritySchemeEditor editor(m_session);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    auto *doc = m_session->document();
    QUndoStack *undo = m_session->undoStack();
    QSignalSpy shown(&editor, &ui::SecuritySchemeEditor::schemeShown);
    editor.setScheme(u"apiKey"_s);

    typeInto(editor.nameEdit(), u"key"_s);
    QTest::keyClick(editor.nameEdit(), Qt::Key_Return);
    QCOMPARE(undo->count(), 1);
    QCOMPARE(undo->text(0), u"Rename security scheme apiKey to key"_s);
    QCOMPARE(editor.scheme(), u"key"_s);
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.first().first().toString(), u"/components/securitySchemes/key"_s);
    // Same position among the schemes; every requirement follows, the other schemes' too stay.
    QCOMPARE(doc->value(u"/components/securitySchemes").toObject().at(0).first, u"key"_s);
    QCOMPARE(doc->value(u"/components/securitySchemes/key/name").toString(), u"X-API-Key"_s);
    QCOMPARE(doc->value(u"/security"), core::parseJson(R"([{"key": []}])"));
    QCOMPARE(doc->value(u"/paths/~1pets/get/security"), core::parseJson(R"([{"key": []}, {"oauth": ["read"]}])"));
    QCOMPARE(doc->value(u"/paths/~1pets/post/callbacks/onSold/{$request.body#~1hook}/post/security"),
             core::parseJson(R"([{"key": []}])"));
    QCOMPARE(doc->value(u"/webhooks/petAdded/post/security"), core::parseJson(R"([{"oauth": []}])"));
    QCOMPARE(editor.schemeCombo()->currentText(), u"key"_s);

    // A taken name or an empty one is refused and the field shows the name again.
    typeInto(editor.nameEdit(), u"oauth"_s);
    QTest::keyClick(editor.nameEdit(), Qt::Key_Return);
    QCOMPARE(undo->count(), 1);
    QCOMPARE(editor.nameEdit()->text(), u"key"_s);

    undo->undo();
    QVERIFY(doc->root().identical(m_initial));
    // The editor shows what exists after the undo.
    editor.setScheme({});
    QCOMPARE(editor.scheme(), u"apiKey"_s);
    undo->redo();
    QCOMPARE(doc->value(u"/security"), core::parseJson(R"([{"key": []}])"));
}

void tst_ProjectForms::securitySchemeAddAndDelete()
{
    ui::SecuritySchemeEditor editor(m_session);
    auto *doc = m_session->document();
    QUndoStack *undo = m_session->undoStack();
    QTest::mouseClick(editor.findChild<QWidget *>(u"addScheme"_s), Qt::LeftButton);
    QCOMPARE(editor.scheme(), u"newScheme"_s);
    QCOMPARE(doc->value(u"/components/securitySchemes/newScheme"), core::parseJson(R"({"type": "http", "scheme": "bearer"})"));
    QCOMPARE(undo->text(0), u"Add security scheme newScheme"_s);
    QCOMPARE(editor.addScheme(), u"newScheme2"_s);
    QCOMPARE(editor.schemeCombo()->count(), 4);

    // Deleting shows the first remaining scheme; requirements naming a deleted scheme stay (reported by the
    // checks rather than silently making operations public).
    editor.setScheme(u"apiKey"_s);
    QTest::mouseClick(editor.findChild<QWidget *>(u"deleteScheme"_s), Qt::LeftButton);
    QVERIFY(!doc->value(u"/components/securitySchemes").toObject().contains(u"apiKey"));
    QCOMPARE(undo->text(undo->count() - 1), u"Delete security scheme apiKey"_s);
    QCOMPARE(editor.scheme(), u"oauth"_s);
    QCOMPARE(doc->value(u"/security"), m_initial[u"security"]);
    // Picking a scheme in the combo shows it.
    editor.schemeCombo()->setFocus();
    QTest::keyClick(editor.schemeCombo(), Qt::Key_Down);
    QCOMPARE(editor.scheme(), u"newScheme"_s);
    QCOMPARE(editor.typeCombo()->currentText(), u"http"_s);

    while (editor.removeScheme()) {
    }
    QCOMPARE(editor.scheme(), QString());
    QVERIFY(!editor.nameEdit()->isEnabled());
    while (undo->canUndo())
        undo->undo();
    QVERIFY(doc->root().identical(m_initial));
    QCOMPARE(editor.scheme(), u"apiKey"_s);
}

void tst_ProjectForms::securitySchemeRawViewSyncsBothWays()
{
    ui::SecuritySchemeEditor editor(m_session);
    editor.setScheme(u"oauth"_s);
    ui::RawValueEditor *raw = editor.rawEditor();
    QCOMPARE(raw->pointer(), u"/components/securitySchemes/oauth"_s);
    editor.field(u"description"_s)->setFocus();
    QTest::keyClicks(editor.field(u"description"_s), u"Sign in"_s);
    QVERIFY(raw->editor()->text().contains(u"Sign in"_s));
    raw->editor()->setText(u"{\"type\": \"apiKey\", \"name\": \"token\", \"in\": \"cookie\"}"_s);
    QVERIFY(raw->applyNow());
    QCOMPARE(editor.typeCombo()->currentText(), u"apiKey"_s);
    QCOMPARE(editor.field(u"name"_s)->text(), u"token"_s);
    QCOMPARE(editor.inCombo()->currentText(), u"cookie"_s);
    QCOMPARE(editor.field(u"description"_s)->text(), QString());
}

void tst_ProjectForms::windowShowsTheForms()
{
    ui::MainWindow window;
    window.session()->setAutosaveInterval(0);
    QVERIFY(window.openFile(kStore));
    QVERIFY(window.reveal(u"/info"_s));
    QCOMPARE(window.currentEditor(), window.infoEditor());
    QCOMPARE(window.infoEditor()->field(u"title"_s)->text(), window.session()->document()->info().title);
    QVERIFY(window.reveal(u"/servers/0"_s));
    QCOMPARE(window.currentEditor(), window.serversEditor());
    QVERIFY(window.reveal(u"/tags/1"_s));
    QCOMPARE(window.currentEditor(), window.tagsEditor());
    QCOMPARE(window.tagsEditor()->currentTag(), 1);
    QVERIFY(window.reveal(u"/tags"_s));
    QCOMPARE(window.currentEditor(), window.tagsEditor());

    // Sections open their form too; the models and endpoints sections keep the raw view.
    const QString scheme = window.session()->document()->securitySchemes().value(0).name;
    QVERIFY(!scheme.isEmpty());
    QVERIFY(window.reveal(u"/components/securitySchemes"_s));
    QCOMPARE(window.currentEditor(), window.securitySchemeEditor());
    QCOMPARE(window.securitySchemeEditor()->scheme(), scheme);

    // Renaming a scheme in its form: the tree follows to the renamed item.
    QVERIFY(window.reveal(u"/components/securitySchemes/"_s + scheme));
    ui::SecuritySchemeEditor *editor = window.securitySchemeEditor();
    QVERIFY(editor->renameScheme(u"renamedScheme"_s));
    const QString selected = window.treeView()->currentIndex().data(ui::ProjectTreeModel::PointerRole).toString();
    QCOMPARE(selected, u"/components/securitySchemes/renamedScheme"_s);
    QCOMPARE(window.currentEditor(), editor);
    QCOMPARE(editor->scheme(), u"renamedScheme"_s);
    // Adding one selects it in the tree.
    const QString added = editor->addScheme();
    QCOMPARE(window.treeView()->currentIndex().data(ui::ProjectTreeModel::PointerRole).toString(),
             u"/components/securitySchemes/"_s + added);

    // A tag renamed in the table keeps the tag selected in the tree.
    QVERIFY(window.reveal(u"/tags/0"_s));
    auto *tags = window.tagsEditor()->tagsModel();
    const QString oldTag = tags->index(0, 0).data().toString();
    QVERIFY(tags->setData(tags->index(0, 0), u"animals"_s));
    QCOMPARE(window.treeView()->currentIndex().data().toString(), u"animals"_s);
    for (const auto &ep : window.session()->document()->endpoints())
        QVERIFY2(!ep.tags.contains(oldTag), qPrintable(ep.pointer));
    QCOMPARE(window.currentEditor(), window.tagsEditor());

    QVERIFY(window.reveal(u"/components/schemas"_s));
    QCOMPARE(window.currentEditor(), window.rawEditor());
}

QTEST_MAIN(tst_ProjectForms)
#include "tst_projectforms.moc"
