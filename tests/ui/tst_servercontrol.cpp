// Running the project from the window: Run / Stop from the toolbar, edits reaching the live server, a broken
// document keeping the last good version, a taken port with a suggestion, and the run settings dialog.
#include "ui/docsview.h"
#include "ui/fieldsmodel.h"
#include "ui/mainwindow.h"
#include "ui/modeleditor.h"
#include "ui/problemsmodel.h"
#include "ui/projectsession.h"
#include "ui/runsettingsdialog.h"
#include "ui/servercontroller.h"
#include "ui/servertoolbar.h"
#include "ui/tracedetail.h"
#include "ui/tracedock.h"
#include "ui/tracefiltermodel.h"
#include "ui/tracetablemodel.h"
#include "ui/tryitpanel.h"

#include "core/jsonparser.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QEventLoop>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QTest>
#include <QUndoStack>

using namespace Qt::StringLiterals;
using namespace portico;
using core::Json;
using State = ui::ServerController::State;

namespace {

const QString kFeatures = QStringLiteral(PORTICO_SOURCE_DIR "/tests/data/mock/features.yaml");

struct Reply
{
    int status = 0; // 0: no HTTP answer (connection refused)
    QByteArray body;
};

Reply send(QNetworkAccessManager &network, const QByteArray &method, const QUrl &url, const QByteArray &body = {})
{
    QNetworkRequest request(url);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    QNetworkReply *reply = network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Reply r{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
    reply->deleteLater();
    return r;
}

} // namespace

class tst_ServerControl : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void runAndStopFromTheToolbar();
    void editsReachTheRunningServer();
    void brokenDocumentKeepsTheLastGoodVersion();
    void takenPortSuggestsAnother();
    void runSettingsAreStoredInTheProject();
    void tracesDocsAndErrorJumps();
    void anotherDataFileStartsAFreshStore();
    void dataFileInAMissingFolderFailsTheRun();
    void openingAnotherProjectStopsTheServer();
    void addressChangedWhileRunningFillsTheToolbarAfterStop();

private:
    // A window on features.yaml whose toolbar asks for any free port.
    void openFeatures(ui::MainWindow &window);
    void run(ui::MainWindow &window);
    // features.yaml copied into `dir` as `name`, so that relative data files land there.
    static QString copyFeatures(const QTemporaryDir &dir, const QString &name);
    static QByteArray readFile(const QString &path);

    QNetworkAccessManager m_network;
};

void tst_ServerControl::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PorticoTest"_s);
    QCoreApplication::setApplicationName(u"portico-test"_s);
}

void tst_ServerControl::openFeatures(ui::MainWindow &window)
{
    window.askSaveChanges = [] { return ui::MainWindow::SaveAnswer::Discard; };
    window.problemsModel()->setDelay(20);
    QVERIFY(window.openFile(kFeatures));
    window.serverToolBar()->portSpin()->setValue(0);
}

void tst_ServerControl::run(ui::MainWindow &window)
{
    window.serverToolBar()->runAction()->trigger();
    QTRY_COMPARE(window.serverController()->state(), State::Running);
}

void tst_ServerControl::runAndStopFromTheToolbar()
{
    ui::MainWindow window;
    openFeatures(window);
    ui::ServerToolBar *bar = window.serverToolBar();
    QCOMPARE(bar->runAction()->text(), u"Run"_s);
    QVERIFY(!bar->docsAction()->isEnabled());

    run(window);
    const QUrl base = window.serverController()->baseUrl();
    QCOMPARE(base.host(), u"127.0.0.1"_s); // the secure default
    QVERIFY(base.port() > 0);
    QCOMPARE(bar->runAction()->text(), u"Stop"_s);
    QVERIFY(!bar->portSpin()->isEnabled());
    QVERIFY(bar->urlLabel()->text().contains(base.toString()));
    QVERIFY(window.statusBar()->findChild<QLabel *>(u"ServerStatus"_s)->text().contains(base.toString()));

    const Reply item = send(m_network, "GET", base.resolved(QUrl(u"/items/mine"_s)));
    QCOMPARE(item.status, 200);
    QCOMPARE(item.body, QByteArray(R"({"mine":true})"));
    QCOMPARE(send(m_network, "GET", base.resolved(QUrl(u"/items/abc"_s))).status, 422);

    // The URL label copies the base URL; Open /docs opens the served Swagger UI.
    emit bar->urlLabel()->linkActivated(base.toString());
    QCOMPARE(QApplication::clipboard()->text(), base.toString());
    QUrl opened;
    bar->openUrl = [&opened](const QUrl &url) { opened = url; };
    bar->docsAction()->trigger();
    QCOMPARE(opened, base.resolved(QUrl(u"/docs"_s)));
    const Reply docs = send(m_network, "GET", opened);
    QCOMPARE(docs.status, 200);
    QVERIFY(docs.body.contains("swagger-ui"));

    bar->runAction()->trigger();
    QCOMPARE(window.serverController()->state(), State::Stopped);
    QCOMPARE(bar->runAction()->text(), u"Run"_s);
    QCOMPARE(send(m_network, "GET", base.resolved(QUrl(u"/items/mine"_s))).status, 0); // refused
}

void tst_ServerControl::editsReachTheRunningServer()
{
    ui::MainWindow window;
    openFeatures(window);
    run(window);
    const QUrl items = window.serverController()->baseUrl().resolved(QUrl(u"/items"_s));
    const QByteArray body = R"({"name": "A rather long name", "price": 3})";
    QCOMPARE(send(m_network, "POST", items, body).status, 201);

    // Tighten the model in the editor's session, as the fields table would: the next request is validated
    // against the new model, without a restart.
    QSignalSpy applied(window.serverController(), &ui::ServerController::documentApplied);
    window.session()->setValue(u"/components/schemas/ItemIn/properties/name/maxLength"_s, Json(qint64(5)), u"Set maxLength"_s);
    QTRY_COMPARE(applied.size(), 1);
    const Reply rejected = send(m_network, "POST", items, body);
    QCOMPARE(rejected.status, 422);
    QVERIFY2(rejected.body.contains(R"("loc":["body","name"])"), rejected.body.constData());
    QVERIFY(rejected.body.contains("string_too_long"));

    // Undo is an edit too.
    window.session()->undoStack()->undo();
    QTRY_COMPARE(applied.size(), 2);
    QCOMPARE(send(m_network, "POST", items, body).status, 201);
    QVERIFY(window.serverController()->servingLatest());
}

void tst_ServerControl::brokenDocumentKeepsTheLastGoodVersion()
{
    ui::MainWindow window;
    openFeatures(window);
    run(window);
    const QUrl mine = window.serverController()->baseUrl().resolved(QUrl(u"/items/mine"_s));
    QSignalSpy applied(window.serverController(), &ui::ServerController::documentApplied);

    window.session()->setValue(u"/paths/~1items~1mine/get/responses/200/content/application~1json/example"_s,
                               Json(core::JsonObject{{u"mine"_s, Json(false)}}), u"Edit example"_s);
    QTRY_COMPARE(applied.size(), 1); // an example is not a blocking error: it applies
    QCOMPARE(send(m_network, "GET", mine).body, QByteArray(R"({"mine":false})"));

    // A broken $ref is an error that holds the server on the version it has.
    window.session()->setValue(u"/components/schemas/ItemIn/properties/tags/items"_s,
                               Json(core::JsonObject{{u"$ref"_s, Json(u"#/components/schemas/Nowhere"_s)}}), u"Break ref"_s);
    window.session()->setValue(u"/paths/~1items~1mine/get/responses/200/content/application~1json/example"_s,
                               Json(core::JsonObject{{u"mine"_s, Json(u"edited while broken"_s)}}), u"Edit example"_s);
    QTRY_VERIFY(window.serverController()->statusIsWarning());
    const int errors = window.problemsModel()->servingErrorCount();
    QVERIFY(errors > 0);
    QVERIFY2(window.serverController()->statusText().contains(u"%1 error"_s.arg(errors)), qPrintable(window.serverController()->statusText()));
    QVERIFY(window.serverController()->statusText().contains(u"still serving"_s));
    QCOMPARE(window.serverController()->state(), State::Running);
    QVERIFY(!window.serverController()->servingLatest());
    QTest::qWait(100);
    QCOMPARE(applied.size(), 1);
    QCOMPARE(send(m_network, "GET", mine).body, QByteArray(R"({"mine":false})"));

    // Fixing it brings the latest version, including the edit made meanwhile.
    window.session()->removeValue(u"/components/schemas/ItemIn/properties/tags/items"_s, u"Fix ref"_s);
    QTRY_COMPARE(applied.size(), 2);
    QVERIFY(!window.serverController()->statusIsWarning());
    QCOMPARE(send(m_network, "GET", mine).body, QByteArray(R"({"mine":"edited while broken"})"));
}

void tst_ServerControl::takenPortSuggestsAnother()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    ui::MainWindow window;
    openFeatures(window);
    ui::ServerToolBar *bar = window.serverToolBar();
    bar->portSpin()->setValue(taken.serverPort());
    bar->runAction()->trigger();
    QTRY_COMPARE(window.serverController()->state(), State::Failed);
    const QString status = window.serverController()->statusText();
    QVERIFY2(status.contains(QString::number(taken.serverPort())), qPrintable(status));
    const quint16 suggested = window.serverController()->suggestedPort();
    QVERIFY(suggested > taken.serverPort());
    QVERIFY2(status.contains(u"Port %1 is free"_s.arg(suggested)), qPrintable(status));
    QVERIFY(bar->usePortAction()->isVisible());

    bar->usePortAction()->trigger();
    QTRY_COMPARE(window.serverController()->state(), State::Running);
    QCOMPARE(window.serverController()->baseUrl().port(), int(suggested));
    QCOMPARE(bar->portSpin()->value(), int(suggested));
    QVERIFY(!bar->usePortAction()->isVisible());

    // A host that is not an address fails clearly, without touching the network.
    window.serverController()->stop();
    bar->hostEdit()->setText(u"not-an-address"_s);
    bar->runAction()->trigger();
    QCOMPARE(window.serverController()->state(), State::Failed);
    QVERIFY(window.serverController()->statusText().contains(u"not an IP address"_s));
}

void tst_ServerControl::runSettingsAreStoredInTheProject()
{
    ui::MainWindow window;
    openFeatures(window);
    ui::RunSettingsDialog dialog(window.session());
    QCOMPARE(dialog.seedEdit()->text(), u"7"_s); // features.yaml's x-portico
    QVERIFY(dialog.corsCheck()->isChecked());

    dialog.strictCheck()->setChecked(true);
    QTest::keyClicks(dialog.seedEdit(), u"1"_s); // 71
    dialog.corsCheck()->setChecked(false);
    dialog.threadsSpin()->setValue(1);
    QVERIFY(dialog.apply());
    const Json &x = window.session()->document()->value(u"/x-portico");
    QCOMPARE(x[u"seed"].toInteger(), 71);
    QCOMPARE(x[u"strict_responses"].toBool(), true);
    QCOMPARE(x[u"cors"].toBool(true), false);
    QCOMPARE(x[u"threads"].toInteger(), 1);
    QVERIFY(!x.toObject().contains(u"lax")); // defaults stay out of the file
    QCOMPARE(window.session()->undoStack()->undoText(), u"Change run settings"_s);
    QVERIFY(!dialog.apply()); // nothing changed: no empty undo step

    // The running server uses them: strict responses turn a response that breaks its schema into a 500.
    run(window);
    const QUrl wrong = window.serverController()->baseUrl().resolved(QUrl(u"/wrong"_s));
    QCOMPARE(send(m_network, "GET", wrong).status, 500);
    QSignalSpy applied(window.serverController(), &ui::ServerController::documentApplied);
    window.session()->undoStack()->undo();
    QCOMPARE(window.session()->document()->value(u"/x-portico"), Json(core::JsonObject{{u"seed"_s, Json(qint64(7))}}));
    QTRY_COMPARE(applied.size(), 1);
    QVERIFY(send(m_network, "GET", wrong).status != 500);
}

void tst_ServerControl::tracesDocsAndErrorJumps()
{
    ui::MainWindow window;
    openFeatures(window);
    run(window);
    const QUrl base = window.serverController()->baseUrl();
    ui::TraceDock *traces = window.traceDock();
    const int before = traces->model()->rowCount();

    // A request from outside (a frontend) appears in the window's trace dock with its status and errors.
    QCOMPARE(send(m_network, "POST", base.resolved(QUrl(u"/items"_s)), R"({"name": "Cheap", "price": -1})").status, 422);
    QTRY_COMPARE(traces->model()->rowCount(), before + 1);
    const QModelIndex row = traces->model()->index(before, 0);
    QCOMPARE(row.data(ui::TraceTableModel::StatusRole).toInt(), 422);
    QVERIFY(row.data(ui::TraceTableModel::HasErrorsRole).toBool());

    // Its error leads to the field of the model that declared the value.
    traces->selectRow(traces->filterModel()->mapFromSource(row).row());
    QTreeWidget *errors = traces->detail()->errorList();
    QTRY_VERIFY(errors->topLevelItemCount() > 0);
    QTreeWidgetItem *price = nullptr;
    for (int i = 0; i < errors->topLevelItemCount(); ++i) {
        if (errors->topLevelItem(i)->text(0).contains(u"price"_s))
            price = errors->topLevelItem(i);
    }
    QVERIFY(price);
    emit errors->itemActivated(price, 0);
    QCOMPARE(window.currentEditor(), static_cast<QWidget *>(window.modelEditor()));
    QCOMPARE(window.modelEditor()->modelName(), u"ItemIn"_s);
    const QModelIndex field = window.modelEditor()->table()->currentIndex();
    QCOMPARE(field.siblingAtColumn(ui::FieldsModel::Name).data().toString(), u"price"_s);

    // Try it from the docs dock reaches the server, and its exchange is traced too.
    ui::DocsView *docs = window.docsView();
    QCOMPARE(docs->baseUrl(), base);
    QTRY_VERIFY(docs->selectEndpoint(u"/items/mine"_s, u"get"_s)); // after the docs caught up with the opened file
    docs->tabs()->setCurrentIndex(ui::DocsView::TryItTab);
    docs->tryIt()->send();
    QTRY_COMPARE(docs->tryIt()->lastStatus(), 200);
    QTRY_COMPARE(traces->model()->rowCount(), before + 2);
    QCOMPARE(traces->model()->index(before + 1, 0).data(ui::TraceTableModel::StatusRole).toInt(), 200);

    // Stopping tells the docs there is nothing to call any more.
    window.serverController()->stop();
    QVERIFY(docs->baseUrl().isEmpty());
}


QString tst_ServerControl::copyFeatures(const QTemporaryDir &dir, const QString &name)
{
    const QString path = dir.filePath(name);
    QFile::copy(kFeatures, path);
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    return path;
}

QByteArray tst_ServerControl::readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void tst_ServerControl::anotherDataFileStartsAFreshStore()
{
    QTemporaryDir dir;
    ui::MainWindow window;
    window.askSaveChanges = [] { return ui::MainWindow::SaveAnswer::Discard; };
    window.problemsModel()->setDelay(20);
    QVERIFY(window.openFile(copyFeatures(dir, u"project.yaml"_s)));
    window.serverToolBar()->portSpin()->setValue(0);
    ui::ProjectSession *session = window.session();
    session->setValue(u"/x-portico/data_file"_s, Json(u"a.json"_s), u"Data file"_s);

    run(window);
    QUrl items = window.serverController()->baseUrl().resolved(QUrl(u"/items"_s));
    QCOMPARE(send(m_network, "POST", items, R"({"name": "Only in a", "price": 3})").status, 201);
    window.serverToolBar()->runAction()->trigger();
    QVERIFY(readFile(dir.filePath(u"a.json"_s)).contains("Only in a"));

    // The next run keeps its records in b.json: it starts from the project's examples, not from a.json's data.
    session->setValue(u"/x-portico/data_file"_s, Json(u"b.json"_s), u"Data file"_s);
    run(window);
    items = window.serverController()->baseUrl().resolved(QUrl(u"/items"_s));
    const Reply listed = send(m_network, "GET", items);
    QCOMPARE(listed.status, 200);
    QVERIFY2(!listed.body.contains("Only in a"), listed.body.constData());
    QVERIFY(listed.body.contains("Widget"));
    QCOMPARE(send(m_network, "POST", items, R"({"name": "Only in b", "price": 4})").status, 201);
    window.serverToolBar()->runAction()->trigger();
    const QByteArray b = readFile(dir.filePath(u"b.json"_s));
    QVERIFY(b.contains("Only in b"));
    QVERIFY(!b.contains("Only in a"));
    const QByteArray a = readFile(dir.filePath(u"a.json"_s));
    QVERIFY(a.contains("Only in a"));
    QVERIFY(!a.contains("Only in b"));

    // Back to a.json: its records are loaded again.
    session->setValue(u"/x-portico/data_file"_s, Json(u"a.json"_s), u"Data file"_s);
    run(window);
    items = window.serverController()->baseUrl().resolved(QUrl(u"/items"_s));
    const Reply again = send(m_network, "GET", items);
    QVERIFY(again.body.contains("Only in a"));
    QVERIFY(!again.body.contains("Only in b"));
}

void tst_ServerControl::dataFileInAMissingFolderFailsTheRun()
{
    QTemporaryDir dir;
    ui::MainWindow window;
    window.askSaveChanges = [] { return ui::MainWindow::SaveAnswer::Discard; };
    QVERIFY(window.openFile(copyFeatures(dir, u"project.yaml"_s)));
    window.serverToolBar()->portSpin()->setValue(0);
    window.session()->setValue(u"/x-portico/data_file"_s, Json(u"no-such-folder/data.json"_s), u"Data file"_s);

    window.serverToolBar()->runAction()->trigger();
    ui::ServerController *server = window.serverController();
    QCOMPARE(server->state(), State::Failed);
    QVERIFY2(server->statusText().contains(u"no-such-folder"_s) && server->statusText().contains(u"does not exist"_s),
             qPrintable(server->statusText()));
    QVERIFY(!QFileInfo::exists(dir.filePath(u"no-such-folder"_s)));
}

void tst_ServerControl::openingAnotherProjectStopsTheServer()
{
    QTemporaryDir dir;
    const QString first = copyFeatures(dir, u"first.yaml"_s);
    QByteArray second = readFile(kFeatures);
    second.replace("x-portico: {seed: 7}", "x-portico: {seed: 7, host: 127.0.0.2, port: 18765}");
    QFile secondFile(dir.filePath(u"second.yaml"_s));
    QVERIFY(secondFile.open(QIODevice::WriteOnly));
    secondFile.write(second);
    secondFile.close();

    ui::MainWindow window;
    window.askSaveChanges = [] { return ui::MainWindow::SaveAnswer::Discard; };
    window.problemsModel()->setDelay(20);
    QVERIFY(window.openFile(first));
    ui::ServerToolBar *bar = window.serverToolBar();
    bar->portSpin()->setValue(0);
    run(window);
    const QUrl items = window.serverController()->baseUrl().resolved(QUrl(u"/items"_s));
    QCOMPARE(send(m_network, "POST", items, R"({"name": "First project", "price": 1})").status, 201);

    QTRY_VERIFY(window.traceDock()->model()->rowCount() > 0);
    QVERIFY(window.openFile(secondFile.fileName()));
    QCOMPARE(window.traceDock()->model()->rowCount(), 0); // the first project's exchanges went with it
    ui::ServerController *server = window.serverController();
    QCOMPARE(server->state(), State::Stopped);
    QVERIFY2(server->statusText().contains(u"another project"_s), qPrintable(server->statusText()));
    QCOMPARE(send(m_network, "GET", items).status, 0);
    // The toolbar shows where the new project wants to run.
    QCOMPARE(bar->hostEdit()->text(), u"127.0.0.2"_s);
    QCOMPARE(bar->portSpin()->value(), 18765);

    // Its run does not see the first project's records.
    bar->hostEdit()->setText(u"127.0.0.1"_s);
    bar->portSpin()->setValue(0);
    run(window);
    const Reply listed = send(m_network, "GET", server->baseUrl().resolved(QUrl(u"/items"_s)));
    QCOMPARE(listed.status, 200);
    QVERIFY2(!listed.body.contains("First project"), listed.body.constData());

    // Reloading the same file is not another project: the server goes on.
    QVERIFY(window.session()->reload().ok());
    QCOMPARE(server->state(), State::Running);
}

void tst_ServerControl::addressChangedWhileRunningFillsTheToolbarAfterStop()
{
    ui::MainWindow window;
    openFeatures(window);
    ui::ServerToolBar *bar = window.serverToolBar();
    // Other run settings leave the address the user typed alone.
    window.session()->setValue(u"/x-portico/seed"_s, Json(qint64(8)), u"Seed"_s);
    QCOMPARE(bar->portSpin()->value(), 0);
    run(window);
    const int runningPort = window.serverController()->baseUrl().port();

    // The run settings change the address: the fields keep showing where the server listens meanwhile.
    window.session()->setValue(u"/x-portico/port"_s, Json(qint64(18766)), u"Port"_s);
    QCOMPARE(bar->portSpin()->value(), 0);
    QCOMPARE(window.serverController()->baseUrl().port(), runningPort);

    bar->runAction()->trigger();
    QCOMPARE(window.serverController()->state(), State::Stopped);
    QCOMPARE(bar->portSpin()->value(), 18766);
    QCOMPARE(bar->hostEdit()->text(), u"127.0.0.1"_s);
}

QTEST_MAIN(tst_ServerControl)
#include "tst_servercontrol.moc"
