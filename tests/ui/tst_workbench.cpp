// The workbench window and its session: the project tree and problems as models, jumping to a problem, the raw
// view refusing text that does not parse, the example marker, recovery after a crash, files changed on disk.
#include "ui/codeeditor.h"
#include "ui/documentopener.h"
#include "ui/endpointeditor.h"
#include "ui/mainwindow.h"
#include "ui/modeleditor.h"
#include "ui/problemsmodel.h"
#include "ui/projectsession.h"
#include "ui/projecttreemodel.h"
#include "ui/rawvalueeditor.h"

#include "core/jsonparser.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QMimeData>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QTimer>
#include <QTest>
#include <QTreeView>
#include <QUndoStack>
#include <QUrl>

using namespace Qt::StringLiterals;
using namespace portico;
using core::Json;

namespace {

// A spec the size of the public ones people open (several MB, minified on one line), with Kubernetes-style
// model names ("io.example.group3.Model17") so the tree groups them.
QByteArray largeMinifiedSpec(int models, int paths)
{
    QByteArray out = R"({"openapi":"3.0.3","info":{"title":"Large","version":"1"},"paths":{)";
    for (int p = 0; p < paths; ++p) {
        const QByteArray model = "io.example.group" + QByteArray::number(p % 20) + ".Model" + QByteArray::number(p % models);
        out += (p ? "," : "") + QByteArray(R"("/things)") + QByteArray::number(p) + R"(/{id}":{"get":{"tags":["t)"
            + QByteArray::number(p % 30) + R"("],"summary":"Get thing )" + QByteArray::number(p)
            + R"(","parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"integer","minimum":1}}],)"
            + R"("responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/)"
            + model + R"("}}}},"404":{"description":"missing"}}}})";
    }
    out += R"(},"components":{"schemas":{)";
    for (int m = 0; m < models; ++m) {
        out += (m ? "," : "") + QByteArray(R"("io.example.group)") + QByteArray::number(m % 20) + ".Model"
            + QByteArray::number(m) + R"(":{"type":"object","required":["id"],"properties":{"id":{"type":"integer"},)"
            + R"("name":{"type":"string","nullable":true,"maxLength":80,"example":"a name"},"tags":{"type":"array",)"
            + R"("items":{"type":"string","enum":["a","b","c"]}},"created":{"type":"string","format":"date-time"}}})";
    }
    out += "}}}";
    return out;
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}

const QString kStore = QStringLiteral(PORTICO_SOURCE_DIR "/resources/examples/store.yaml");
const QString kBadExample = QStringLiteral(PORTICO_SOURCE_DIR "/tests/data/broken/bad-example.yaml");
}

class tst_Workbench : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void treeFollowsDocument();
    void filterAsYouType();
    void problemsDoubleClickJumps();
    void rawViewRefusesInvalidText();
    void invalidExampleGetsMarker();
    void pathParameterSync();
    void savingConvertedFileAsks();
    void recoveryAfterCrash();
    void autosaveRunsOffTheGuiThreadAndNeverOutlivesASave();
    void externalChangeIsDetected();
    void dropFileOpensIt();
    void largeDocumentOpensInTheBackground();
    void cancelledOrFailedOpenKeepsTheProject();
    void screenshot();
};

void tst_Workbench::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PorticoTest"_s);
    QCoreApplication::setApplicationName(u"portico-test"_s);
}

void tst_Workbench::init()
{
    QDir(ui::ProjectSession::recoveryDirectory()).removeRecursively();
}

void tst_Workbench::treeFollowsDocument()
{
    ui::MainWindow window;
    window.session()->setAutosaveInterval(0);
    QAbstractItemModelTester treeTester(window.treeModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester filterTester(window.treeFilter(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester problemsTester(window.problemsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(window.openFile(kStore));
    auto *tree = window.treeModel();
    QCOMPARE(tree->rowCount(), 6);
    const QModelIndex models = tree->index(3, 0);
    QCOMPARE(models.data(ui::ProjectTreeModel::PointerRole).toString(), u"/components/schemas"_s);
    const int modelCount = tree->rowCount(models);
    QCOMPARE(modelCount, window.session()->document()->modelNames().size());

    QVERIFY(window.addModel(u"Invoice"_s));
    QCOMPARE(tree->rowCount(tree->index(3, 0)), modelCount + 1);
    QCOMPARE(window.currentEditor(), window.modelEditor());
    QCOMPARE(window.modelEditor()->modelName(), u"Invoice"_s);
    QVERIFY(window.session()->isDirty());
    QVERIFY(window.windowTitle().contains(u"[*]"_s));

    // Endpoints are grouped by tag then path, with the method on the item.
    QVERIFY(window.addEndpoint(u"/invoices/{id}"_s, u"get"_s));
    QCOMPARE(window.currentEditor(), window.endpointEditor());
    const QModelIndex item = tree->indexForPointer(core::ApiDocument::operationPointer(u"/invoices/{id}"_s, u"get"_s));
    QCOMPARE(item.data(ui::ProjectTreeModel::MethodRole).toString(), u"get"_s);
    QCOMPARE(item.parent().data().toString(), u"/invoices/{id}"_s);
    QCOMPARE(item.parent().parent().data().toString(), u"(untagged)"_s);
    QVERIFY(!item.data(Qt::DecorationRole).value<QIcon>().isNull());

    QVERIFY(window.duplicateItem(tree->indexForPointer(core::ApiDocument::modelPointer(u"Invoice"_s))));
    QVERIFY(window.session()->document()->modelNames().contains(u"InvoiceCopy"_s));
    QVERIFY(window.deleteItem(tree->indexForPointer(core::ApiDocument::modelPointer(u"InvoiceCopy"_s))));
    QVERIFY(!window.session()->document()->modelNames().contains(u"InvoiceCopy"_s));

    // Undo everything: back to the file as opened, and clean.
    while (window.session()->undoStack()->canUndo())
        window.session()->undoStack()->undo();
    QCOMPARE(tree->rowCount(tree->index(3, 0)), modelCount);
    QVERIFY(!window.session()->isDirty());
}

void tst_Workbench::filterAsYouType()
{
    ui::MainWindow window;
    window.session()->setAutosaveInterval(0);
    QVERIFY(window.openFile(kStore));
    QTest::keyClicks(window.filterEdit(), u"delete"_s);
    auto *filter = window.treeFilter();
    int endpoints = 0;
    std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
        for (int r = 0; r < filter->rowCount(parent); ++r) {
            const QModelIndex i = filter->index(r, 0, parent);
            if (i.data(ui::ProjectTreeModel::KindRole).toInt() == int(ui::ProjectTreeModel::Kind::Endpoint)) {
                ++endpoints;
                QCOMPARE(i.data(ui::ProjectTreeModel::MethodRole).toString(), u"delete"_s);
            }
            walk(i);
        }
    };
    walk({});
    QVERIFY(endpoints >= 1);
}

void tst_Workbench::problemsDoubleClickJumps()
{
    ui::MainWindow window;
    window.session()->setAutosaveInterval(0);
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openFile(kBadExample));
    auto *problems = window.problemsModel();
    QTRY_VERIFY(problems->rowCount() > 0); // the checks run in the background
    const QModelIndex first = problems->index(0, ui::ProblemsModel::Message);
    const QString pointer = first.data(ui::ProblemsModel::PointerRole).toString();
    QVERIFY(!pointer.isEmpty());
    QTableView *view = window.problemsView();
    const QRect rect = view->visualRect(first);
    // A double click is a press/release then a press/double-click on the same cell.
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    const QString selected = window.treeView()->currentIndex().data(ui::ProjectTreeModel::PointerRole).toString();
    QVERIFY2(!selected.isEmpty() && pointer.startsWith(selected), qPrintable(selected + u" vs "_s + pointer));

    // Live: fixing the document through an edit re-runs the checks after the debounce.
    const int before = problems->rowCount();
    window.session()->removeValue(pointer, u"fix"_s);
    QTRY_VERIFY(problems->rowCount() < before);
}

void tst_Workbench::rawViewRefusesInvalidText()
{
    ui::MainWindow window;
    window.session()->setAutosaveInterval(0);
    QVERIFY(window.openFile(kStore));
    const QString model = window.session()->document()->modelNames().first();
    QVERIFY(window.reveal(core::ApiDocument::modelPointer(model)));
    ui::RawValueEditor *raw = window.modelEditor()->rawEditor();
    const Json before = window.session()->document()->root();
    raw->editor()->setText(u"type: object\nproperties: [unclosed\n"_s);
    QVERIFY(!raw->applyNow());
    QVERIFY(raw->errorText().startsWith(u"Not applied"_s));
    QCOMPARE(raw->editor()->errorMarkerCount(), 1);
    QVERIFY(window.session()->document()->root().identical(before));
    raw->editor()->setText(u"type: object\ndescription: edited raw\n"_s);
    QVERIFY(raw->applyNow());
    QCOMPARE(window.session()->document()->modelSchema(model)[u"description"].toString(), u"edited raw"_s);
    QCOMPARE(window.session()->undoStack()->text(0), u"Edit %1 (raw)"_s.arg(model));
    // And the other way: a form edit shows up in the raw text.
    window.session()->setValue(core::ApiDocument::modelPointer(model) + u"/title"_s, Json(u"From the form"_s), u"t"_s);
    QVERIFY(raw->editor()->text().contains(u"From the form"_s));
}

void tst_Workbench::invalidExampleGetsMarker()
{
    ui::ProjectSession session;
    session.setAutosaveInterval(0);
    session.newProject(R"({"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/pets":{"get":{
        "responses":{"200":{"description":"ok","content":{"application/json":{
          "schema":{"$ref":"#/components/schemas/Pet"},
          "examples":{"rex":{"value":{"name":"Rex","age":3}}}}}}}}}},
        "components":{"schemas":{"Pet":{"type":"object","required":["name"],"properties":{
          "name":{"type":"string","minLength":1},"age":{"type":"integer","minimum":0}}}}}})", core::FileFormat::Json);
    ui::EndpointEditor editor(&session);
    editor.setEndpoint(u"/pets"_s, u"get"_s);
    QCOMPARE(editor.exampleCombo()->count(), 1);
    QCOMPARE(editor.exampleEditor()->errorMarkerCount(), 0);
    editor.exampleEditor()->setText(u"{\n  \"name\": \"\",\n  \"age\": -1\n}"_s);
    editor.checkExample();
    QCOMPARE(editor.exampleEditor()->errorMarkerCount(), 2);
    const QString messages = editor.exampleEditor()->errorMessages().join(u'\n');
    QVERIFY2(messages.contains(u"name: String should have at least 1 character"_s), qPrintable(messages));
    QVERIFY2(messages.contains(u"age: Input should be greater than or equal to 0"_s), qPrintable(messages));
    // It parses, so it is applied (the Problems panel reports it too); text that does not parse is not.
    QCOMPARE(session.document()->value(u"/paths/~1pets/get/responses/200/content/application~1json/examples/rex/value/age"),
             Json(-1));
    editor.exampleEditor()->setText(u"{\"name\": "_s);
    editor.checkExample();
    QCOMPARE(editor.exampleEditor()->errorMarkerCount(), 1);
    QCOMPARE(session.document()->value(u"/paths/~1pets/get/responses/200/content/application~1json/examples/rex/value/age"),
             Json(-1));
}

void tst_Workbench::pathParameterSync()
{
    ui::ProjectSession session;
    session.setAutosaveInterval(0);
    session.newProject();
    QVERIFY(session.edit(u"add"_s, [](core::ApiDocument &d) {
        return d.addEndpoint(u"/pets"_s, u"get"_s, Json(core::JsonObject{{u"responses"_s, Json(core::JsonObject{})}}));
    }));
    ui::EndpointEditor editor(&session);
    editor.setEndpoint(u"/pets"_s, u"get"_s);
    editor.pathEdit()->setText(u"/pets/{petId}"_s);
    emit editor.pathEdit()->editingFinished();
    QCOMPARE(editor.path(), u"/pets/{petId}"_s);
    QCOMPARE(editor.missingPathParameters(), QStringList{u"petId"_s});
    editor.syncPathParameters();
    QCOMPARE(editor.missingPathParameters(), QStringList());
    const auto ep = session.document()->endpoint(u"/pets/{petId}"_s, u"get"_s);
    QVERIFY(ep);
    QCOMPARE(ep->parameters.size(), 1);
    QCOMPARE(ep->parameters[0].in, u"path"_s);
    // Removing it from the path offers the reverse.
    editor.pathEdit()->setText(u"/pets"_s);
    emit editor.pathEdit()->editingFinished();
    QCOMPARE(editor.extraPathParameters(), QStringList{u"petId"_s});
    editor.syncPathParameters();
    QCOMPARE(editor.extraPathParameters(), QStringList());
    QCOMPARE(session.undoStack()->count(), 5);
}

void tst_Workbench::savingConvertedFileAsks()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"legacy.yaml"_s);
    const QByteArray original = "openapi: 3.0.3\ninfo:\n  title: Legacy\n  version: '1'\npaths:\n  /pets:\n    get:\n"
                                "      responses:\n        '200':\n          description: ok\n          content:\n"
                                "            application/json:\n              schema:\n                type: string\n"
                                "                nullable: true\n";
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(original);
    }
    auto readFile = [](const QString &p) {
        QFile f(p);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };

    ui::MainWindow window;
    window.askSaveChanges = [] { return ui::MainWindow::SaveAnswer::Discard; };
    QStringList asked;
    ui::MainWindow::ConvertedSaveAnswer answer = ui::MainWindow::ConvertedSaveAnswer::Cancel;
    window.askOverwriteConverted = [&](const QString &version) {
        asked << version;
        return answer;
    };
    QVERIFY(window.openFile(path));
    QVERIFY(window.session()->document()->convertedOnLoad());
    window.session()->setValue(u"/info/title"_s, Json(u"Legacy, edited"_s), u"Edit title"_s);

    // Cancel: nothing written, still dirty.
    QVERIFY(!window.save());
    QCOMPARE(asked, QStringList{u"3.0.3"_s});
    QCOMPARE(readFile(path), original);
    QVERIFY(window.session()->isDirty());

    // Save As onto the same file asks too, and Cancel keeps the original.
    QVERIFY(!window.saveAs(path));
    QCOMPARE(asked.size(), 2);
    QCOMPARE(readFile(path), original);

    // Save As elsewhere needs no question: the original stays 3.0, the copy is 3.1.
    const QString copy = dir.filePath(u"copy.yaml"_s);
    QVERIFY(window.saveAs(copy));
    QCOMPARE(asked.size(), 2);
    QCOMPARE(readFile(path), original);
    QVERIFY(readFile(copy).contains("openapi: 3.1.0"));
    QVERIFY(readFile(copy).contains("Legacy, edited"));

    // Overwrite: the original becomes 3.1 (nullable became a type union) and later saves no longer ask.
    QVERIFY(window.openFile(path));
    window.session()->setValue(u"/info/title"_s, Json(u"Now 3.1"_s), u"Edit title"_s);
    answer = ui::MainWindow::ConvertedSaveAnswer::Overwrite;
    QVERIFY(window.save());
    QCOMPARE(asked.size(), 3);
    const QByteArray written = readFile(path);
    QVERIFY(written.contains("openapi: 3.1.0"));
    QVERIFY(written.contains("Now 3.1"));
    QVERIFY(!written.contains("nullable"));
    QVERIFY(!window.session()->document()->convertedOnLoad());
    window.session()->setValue(u"/info/title"_s, Json(u"Again"_s), u"Edit title"_s);
    QVERIFY(window.save());
    QCOMPARE(asked.size(), 3);

    // A Swagger 2.0 file is named as such.
    const QString swagger = dir.filePath(u"swagger.json"_s);
    {
        QFile f(swagger);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"swagger": "2.0", "info": {"title": "S", "version": "1"}, "paths": {}})");
    }
    QVERIFY(window.openFile(swagger));
    window.session()->setValue(u"/info/title"_s, Json(u"S2"_s), u"Edit title"_s);
    answer = ui::MainWindow::ConvertedSaveAnswer::Cancel;
    QVERIFY(!window.save());
    QCOMPARE(asked.last(), u"2.0"_s);
}

void tst_Workbench::recoveryAfterCrash()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"store.yaml"_s);
    QVERIFY(QFile::copy(kStore, file));
    Json edited;
    {
        // The "crashed" process: edits, autosave fires, and the process dies without saving.
        auto *session = new ui::ProjectSession;
        session->setAutosaveInterval(50);
        QVERIFY(session->open(file).ok());
        session->setValue(u"/info/title"_s, Json(u"Unsaved title"_s), u"Set title"_s);
        edited = session->document()->root();
        QTRY_VERIFY(QFile::exists(session->recoveryFile()));
        QCOMPARE(ui::ProjectSession::pendingRecoveries().size(), 1);
        // Leak it on purpose: no destructor runs after a kill.
        session->setParent(nullptr);
        session->setAutosaveInterval(0);
        // An autosave still serializing would write after this test: let it land now.
        QThreadPool::globalInstance()->waitForDone();
        QCoreApplication::processEvents();
        session->blockSignals(true);
    }
    ui::MainWindow window;
    window.session()->setAutosaveInterval(0);
    QString asked;
    QVERIFY(window.offerRecovery([&](const QString &description) {
        asked = description;
        return true;
    }));
    QVERIFY(asked.contains(file));
    QVERIFY(window.session()->document()->root() == edited);
    QVERIFY(window.session()->isDirty());
    QCOMPARE(window.session()->filePath(), file);
    QVERIFY(window.save());
    QVERIFY(ui::ProjectSession::pendingRecoveries().isEmpty());
    core::ApiDocument reloaded;
    QVERIFY(reloaded.load(file).ok());
    QCOMPARE(reloaded.info().title, u"Unsaved title"_s);
}

// Autosave serializes a snapshot on the thread pool (a large spec takes seconds); a save or another project
// that comes while it runs must not find a recovery file written behind it.
void tst_Workbench::autosaveRunsOffTheGuiThreadAndNeverOutlivesASave()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"large.json"_s);
    writeFile(file, largeMinifiedSpec(300, 3000));
    ui::ProjectSession session;
    session.setAutosaveInterval(1);
    QVERIFY(session.open(file).ok());
    for (int round = 0; round < 5; ++round) {
        session.setValue(u"/info/title"_s, Json(u"Unsaved %1"_s.arg(round)), u"Set title"_s);
        QTest::qWait(5); // the timer fires and the serialization starts
        QVERIFY(session.save().ok());
        QThreadPool::globalInstance()->waitForDone();
        QCoreApplication::processEvents();
        QVERIFY2(!QFile::exists(session.recoveryFile()), "a recovery file outlived the save");
    }
    // Unsaved work does reach the recovery file, as the document was.
    session.setValue(u"/info/title"_s, Json(u"Kept"_s), u"Set title"_s);
    QTRY_VERIFY(QFile::exists(session.recoveryFile()));
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    core::ApiDocument recovered;
    QVERIFY(recovered.load(session.recoveryFile()).ok());
    QCOMPARE(recovered.info().title, u"Kept"_s);
    session.discardRecovery();
}

void tst_Workbench::externalChangeIsDetected()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"store.yaml"_s);
    QVERIFY(QFile::copy(kStore, file));
    QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner);
    ui::MainWindow window;
    window.session()->setAutosaveInterval(0);
    QStringList asked;
    window.askReloadChangedFile = [&](const QString &path) {
        asked << path;
        return true;
    };
    QVERIFY(window.openFile(file));
    // Our own save is not an external change.
    window.session()->setValue(u"/info/version"_s, Json(u"9.9.9"_s), u"v"_s);
    QVERIFY(window.save());
    QTest::qWait(300);
    QVERIFY(asked.isEmpty());
    // Another program's is, and "reload" takes it.
    core::ApiDocument other;
    QVERIFY(other.load(file).ok());
    other.setValue(u"/info/title"_s, Json(u"Changed elsewhere"_s));
    QVERIFY(other.save().ok());
    QTRY_COMPARE(asked.size(), 1);
    QCOMPARE(window.session()->document()->info().title, u"Changed elsewhere"_s);
    QVERIFY(!window.session()->isDirty());
}

// Opening parses, converts and checks off the GUI thread: the event loop keeps running (a timer keeps
// firing) while a large one-line spec opens, and the tree arrives grouped when it is ready.
void tst_Workbench::largeDocumentOpensInTheBackground()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"large.json"_s);
    const QByteArray spec = largeMinifiedSpec(1500, 10000);
    QVERIFY(spec.size() > 3'000'000);
    writeFile(file, spec);

    ui::MainWindow window;
    window.session()->setAutosaveInterval(0);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QAbstractItemModelTester treeTester(window.treeModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);

    int ticks = 0;
    QTimer heartbeat;
    heartbeat.setInterval(5);
    connect(&heartbeat, &QTimer::timeout, this, [&] { ++ticks; });
    heartbeat.start();
    window.beginOpen(file);
    QVERIFY(window.opener()->isBusy());
    QVERIFY(window.session()->isUntitled()); // nothing waits for the file
    QTRY_COMPARE_WITH_TIMEOUT(window.session()->filePath(), file, 120000);
    heartbeat.stop();
    QVERIFY2(ticks >= 2, qPrintable(u"the event loop ran %1 times while the file opened"_s.arg(ticks)));
    QVERIFY(!window.opener()->isBusy());

    // 1,500 models named with 20 prefixes: one group per prefix, every model in one.
    auto *tree = window.treeModel();
    const QModelIndex models = tree->index(3, 0);
    QCOMPARE(models.data(ui::ProjectTreeModel::PointerRole).toString(), u"/components/schemas"_s);
    QCOMPARE(tree->rowCount(models), 20);
    int grouped = 0;
    for (int g = 0; g < tree->rowCount(models); ++g) {
        const QModelIndex group = tree->index(g, 0, models);
        QCOMPARE(group.data(ui::ProjectTreeModel::KindRole).toInt(), int(ui::ProjectTreeModel::Kind::ModelGroup));
        grouped += tree->rowCount(group);
    }
    QCOMPARE(grouped, 1500);
    const QModelIndex first = tree->index(0, 0, tree->index(0, 0, models));
    QVERIFY(first.data(ui::ProjectTreeModel::NameRole).toString().startsWith(u"io.example.group0.Model"));
    QCOMPARE(first.data(ui::ProjectTreeModel::KindRole).toInt(), int(ui::ProjectTreeModel::Kind::Model));
    // A problem inside a grouped model jumps to that model, not to its group.
    const QString pointer = u"/components/schemas/io.example.group3.Model3/properties/name"_s;
    QCOMPARE(tree->indexForPointer(pointer).data(ui::ProjectTreeModel::PointerRole).toString(),
             u"/components/schemas/io.example.group3.Model3"_s);

    // The checks finish off the GUI thread too (the document is valid).
    QTRY_VERIFY_WITH_TIMEOUT(!window.problemsModel()->isChecking(), 120000);
    QCOMPARE(window.problemsModel()->errorCount(), 0);
}

void tst_Workbench::cancelledOrFailedOpenKeepsTheProject()
{
    QTemporaryDir dir;
    const QString large = dir.filePath(u"large.json"_s);
    writeFile(large, largeMinifiedSpec(500, 3000));

    ui::MainWindow window;
    window.session()->setAutosaveInterval(0);
    QVERIFY(window.openFile(kStore));
    const Json before = window.session()->document()->root();

    window.beginOpen(large);
    QVERIFY(window.opener()->isBusy());
    window.cancelOpen();
    QVERIFY(!window.opener()->isBusy());
    // The abandoned worker finishes on its own; its result goes nowhere.
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(window.session()->filePath(), kStore);
    QVERIFY(window.session()->document()->root() == before);

    // A newer open replaces an older one: only the last file opened wins.
    window.beginOpen(large);
    window.beginOpen(kStore);
    QThreadPool::globalInstance()->waitForDone();
    QTRY_VERIFY(!window.opener()->isBusy());
    QCOMPARE(window.session()->filePath(), kStore);

    // Edits made while a file opens are not lost: the window asks, and Cancel keeps them.
    int asked = 0;
    window.askSaveChanges = [&] {
        ++asked;
        return ui::MainWindow::SaveAnswer::Cancel;
    };
    window.beginOpen(large);
    window.session()->setValue(u"/info/title"_s, Json(u"Typed while opening"_s), u"Set title"_s);
    QTRY_VERIFY(!window.opener()->isBusy());
    QCOMPARE(asked, 1);
    QCOMPARE(window.session()->filePath(), kStore);
    QCOMPARE(window.session()->document()->info().title, u"Typed while opening"_s);
    window.session()->undoStack()->undo();
    QVERIFY(!window.session()->isDirty());

    // A file that does not parse leaves the project as it was and says why.
    const QString broken = dir.filePath(u"broken.json"_s);
    writeFile(broken, R"({"openapi":"3.1.0","info":{"title":"x","version":"1"},"paths":{)");
    QVERIFY(!window.openFile(broken));
    QCOMPARE(window.session()->filePath(), kStore);
    QVERIFY(window.statusBar()->currentMessage().contains(u"broken.json"));
    QVERIFY(!window.openFile(dir.filePath(u"missing.json"_s)));
    QCOMPARE(window.session()->filePath(), kStore);
}

void tst_Workbench::dropFileOpensIt()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"dropped.yaml"_s);
    QVERIFY(QFile::copy(kStore, file));
    core::ApiDocument expected;
    QVERIFY(expected.load(file).ok());
    ui::MainWindow window;
    window.session()->setAutosaveInterval(0);
    int asked = 0;
    auto answer = ui::MainWindow::SaveAnswer::Cancel;
    window.askSaveChanges = [&] {
        ++asked;
        return answer;
    };
    auto drop = [&](const QUrl &url) {
        QMimeData mime;
        mime.setUrls({url});
        // The window only sees a drop it accepted on entry, as a real drag delivers them.
        QDragEnterEvent enter(QPoint(40, 40), Qt::CopyAction | Qt::MoveAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        if (!enter.isAccepted())
            return false;
        QDropEvent event(QPointF(40, 40), Qt::CopyAction | Qt::MoveAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &event);
        return event.isAccepted();
    };

    // Only local files are taken.
    QVERIFY(!drop(QUrl(u"https://example.com/openapi.yaml"_s)));
    QVERIFY(window.session()->isUntitled());

    // A dirty project asks first; Cancel keeps the unsaved work and opens nothing.
    window.session()->setValue(u"/info/title"_s, Json(u"Unsaved work"_s), u"Set title"_s);
    QVERIFY(!drop(QUrl::fromLocalFile(file)));
    QCOMPARE(asked, 1);
    QVERIFY(window.session()->isUntitled());
    QVERIFY(window.session()->isDirty());
    QCOMPARE(window.session()->document()->info().title, u"Unsaved work"_s);

    // Discard: the dropped file opens, clean, in the tree.
    answer = ui::MainWindow::SaveAnswer::Discard;
    QVERIFY(drop(QUrl::fromLocalFile(file)));
    QCOMPARE(asked, 2);
    QTRY_COMPARE(window.session()->filePath(), file); // opened in the background
    QVERIFY(!window.session()->isDirty());
    QVERIFY(window.session()->document()->root() == expected.root());
    QCOMPARE(window.treeModel()->rowCount(window.treeModel()->index(3, 0)), expected.modelNames().size());
    QCOMPARE(window.recentFiles().value(0), file);

    // A clean project is replaced without a question.
    const QString other = dir.filePath(u"other.yaml"_s);
    QVERIFY(QFile::copy(kStore, other));
    QVERIFY(drop(QUrl::fromLocalFile(other)));
    QCOMPARE(asked, 2);
    QTRY_COMPARE(window.session()->filePath(), other);
}

void tst_Workbench::screenshot()
{
    ui::MainWindow window;
    window.session()->setAutosaveInterval(0);
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openFile(kStore));
    const QString model = window.session()->document()->modelNames().value(1);
    QVERIFY(window.reveal(core::ApiDocument::modelPointer(model)));
    window.modelEditor()->refreshPreview();
    QTest::qWait(100);
    const QString out = QStringLiteral(PORTICO_BINARY_DIR "/workbench-screenshot.png");
    QVERIFY(window.grab().save(out));
    QVERIFY(window.reveal(core::ApiDocument::operationPointer(u"/pets/{petId}"_s, u"get"_s))
            || window.reveal(u"/paths"_s));
    QTest::qWait(50);
    QVERIFY(window.grab().save(QStringLiteral(PORTICO_BINARY_DIR "/workbench-endpoint.png")));
}

QTEST_MAIN(tst_Workbench)
#include "tst_workbench.moc"
