// The live trace dock against a real mock server: rows arrive from real HTTP exchanges, the filters, pause,
// clear and the capacity bound, the detail pane and its validation errors, and the actions on a trace (curl,
// replay, HAR export and import, saving bodies as examples with undo).
#include "core/jsonparser.h"
#include "core/jsonpointer.h"
#include "core/jsonwriter.h"
#include "mock/har.h"
#include "mock/mockengine.h"
#include "mock/mockserver.h"
#include "ui/codeeditor.h"
#include "ui/curlcommand.h"
#include "ui/projectsession.h"
#include "ui/tracedetail.h"
#include "ui/tracedock.h"
#include "ui/traceexample.h"
#include "ui/tracefiltermodel.h"
#include "ui/tracetablemodel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>
#include <memory>

using namespace Qt::StringLiterals;
using namespace portico;
using core::Json;
using mock::TraceRecord;

namespace {

const QByteArray kDocument = R"(openapi: 3.1.0
info: {title: Trace API, version: '1'}
paths:
  /items:
    get:
      operationId: listItems
      responses:
        '200':
          description: Items
          content:
            application/json:
              example: [{id: 1, name: Widget, price: 2.5}]
    post:
      operationId: createItem
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/ItemIn'}
      responses:
        '201':
          description: Created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Item'}
              example: {id: 7, name: Widget, price: 2.5}
  /wrong:
    get:
      operationId: wrong
      responses:
        '200':
          description: The example breaks its own schema on purpose
          content:
            application/json:
              schema: {type: object, required: [id], properties: {id: {type: integer}}}
              example: {id: not-a-number}
components:
  schemas:
    ItemIn:
      type: object
      required: [name, price]
      properties:
        name: {type: string, minLength: 1}
        price: {type: number, exclusiveMinimum: 0}
    Item:
      type: object
      required: [id, name, price]
      properties:
        id: {type: integer}
        name: {type: string}
        price: {type: number}
)";

// Quotes, $ and backticks: what shell quoting must carry through. (A raw string with a quote confuses moc.)
const QByteArray kGoodItem = "{\"name\":\"it's a $HOME `x` \\\"widget\\\"\",\"price\":2.5}";
const QByteArray kBadItem = R"({"name":"","price":-1})";
const QString kPostPointer = u"/paths/~1items/post"_s;

TraceRecord syntheticRecord(quint64 id, const QByteArray &method, const QByteArray &target, int status)
{
    TraceRecord r;
    r.id = id;
    r.started = QDateTime::currentDateTimeUtc();
    r.method = method;
    r.target = target;
    r.status = status;
    r.durationUs = 1500;
    return r;
}

} // namespace

class tst_TraceDock : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void liveRowsAndDetail();
    void filters();
    void pauseHoldsAndResumeShows();
    void clearEmpties();
    void capacityBoundAndKeptSelection();
    void followTail();
    void harExportAndImport();
    void copyAsCurl();
    void replayAddsARow();
    void saveExamplesWithUndo();
    void saveExampleRefusesWhatDoesNotFit();

private:
    int send(const QByteArray &method, const QString &path, const QByteArray &body = {});
    // The visible row of the newest exchange with this method and target, or -1.
    int findRow(const QByteArray &method, const QByteArray &target) const;

    ui::ProjectSession *m_session = nullptr;
    mock::MockEngine *m_engine = nullptr;
    mock::MockServer *m_server = nullptr;
    QNetworkAccessManager *m_network = nullptr;
    std::unique_ptr<ui::TraceDock> m_dock;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_filterTester;
    QStringList m_errors;
};

void tst_TraceDock::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PorticoTest"_s);
    QCoreApplication::setApplicationName(u"portico-test"_s);
    m_session = new ui::ProjectSession(this);
    m_session->setAutosaveInterval(0);
    m_session->newProject(kDocument, core::FileFormat::Yaml);
    QCOMPARE(m_session->document()->info().title, u"Trace API"_s);
    m_engine = new mock::MockEngine(this);
    const auto compiled = m_engine->setDocument(m_session->document()->root(), {});
    QVERIFY2(compiled.ok(), qPrintable(compiled.ok() ? QString() : compiled.error().message));
    m_server = new mock::MockServer(m_engine, this);
    mock::ServerOptions options;
    options.port = 0;
    options.threads = 1;
    const auto started = m_server->start(options);
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
    m_network = new QNetworkAccessManager(this);
}

void tst_TraceDock::cleanupTestCase()
{
    m_server->stop(0);
}

void tst_TraceDock::init()
{
    m_errors.clear();
    m_dock = std::make_unique<ui::TraceDock>(m_session);
    m_dock->showError = [this](const QString &title, const QString &message) { m_errors << title + u": "_s + message; };
    m_dock->askExportPath = [] { return QString(); };
    m_dock->askImportPath = [] { return QString(); };
    m_dock->askExampleName = [](const QString &suggested) { return suggested; };
    m_dock->setBaseUrl(QUrl(m_server->baseUrl()));
    connect(m_server, &mock::MockServer::tracesRecorded, m_dock.get(), &ui::TraceDock::appendRecords);
    m_modelTester = std::make_unique<QAbstractItemModelTester>(m_dock->model(),
                                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_filterTester = std::make_unique<QAbstractItemModelTester>(m_dock->filterModel(),
                                                                QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_TraceDock::cleanup()
{
    m_filterTester.reset();
    m_modelTester.reset();
    m_dock.reset();
    // Undo whatever a test saved, so every test starts from the same document.
    m_session->undoStack()->setIndex(0);
    m_session->undoStack()->clear();
}

int tst_TraceDock::send(const QByteArray &method, const QString &path, const QByteArray &body)
{
    QNetworkRequest request(QUrl(m_server->baseUrl() + path));
    if (!body.isEmpty())
        request.setRawHeader("Content-Type", "application/json");
    QNetworkReply *reply = m_network->sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(10000))
        qWarning("request timed out: %s %s", method.constData(), qPrintable(path));
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
}

int tst_TraceDock::findRow(const QByteArray &method, const QByteArray &target) const
{
    const ui::TraceFilterModel *filter = m_dock->filterModel();
    for (int row = filter->rowCount() - 1; row >= 0; --row) {
        const TraceRecord &r = filter->record(row);
        if (r.method == method && r.target == target)
            return row;
    }
    return -1;
}

void tst_TraceDock::liveRowsAndDetail()
{
    ui::TraceTableModel *model = m_dock->model();
    QCOMPARE(send("GET", u"/items"_s), 200);
    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, ui::TraceTableModel::Method).data().toString(), u"GET"_s);
    QCOMPARE(model->index(0, ui::TraceTableModel::Path).data().toString(), u"/items"_s);
    QCOMPARE(model->index(0, ui::TraceTableModel::Operation).data().toString(), u"listItems"_s);
    QCOMPARE(model->index(0, ui::TraceTableModel::Status).data().toInt(), 200);
    QVERIFY(!model->index(0, 0).data(ui::TraceTableModel::HasErrorsRole).toBool());

    QCOMPARE(send("POST", u"/items"_s, kBadItem), 422);
    QTRY_COMPARE(model->rowCount(), 2);
    const QModelIndex errors = model->index(1, ui::TraceTableModel::Errors);
    QCOMPARE(model->index(1, ui::TraceTableModel::Status).data(ui::TraceTableModel::StatusRole).toInt(), 422);
    QVERIFY(errors.data(ui::TraceTableModel::HasErrorsRole).toBool());
    QCOMPARE(errors.data(ui::TraceTableModel::ErrorCountRole).toInt(), 2);
    QVERIFY(!errors.data(Qt::DecorationRole).value<QIcon>().isNull()); // the error marker
    QVERIFY(errors.data(Qt::ToolTipRole).toString().contains(u"body.name"_s));
    QVERIFY(model->index(1, ui::TraceTableModel::Status).data(Qt::ForegroundRole).canConvert<QColor>());

    m_dock->selectRow(1);
    QVERIFY(m_dock->currentRecord());
    QCOMPARE(m_dock->currentRecord()->status, 422);
    ui::TraceDetail *detail = m_dock->detail();
    QVERIFY(detail->requestLine()->text().contains(u"/items"_s));
    QVERIFY(detail->responseLine()->text().contains(u"422 Unprocessable"_s));
    // The JSON body is pretty-printed.
    QVERIFY2(detail->requestBody()->text().contains(u"\"name\": \"\",\n"_s), qPrintable(detail->requestBody()->text()));
    QVERIFY(detail->requestBody()->isReadOnly());
    QVERIFY(detail->responseBody()->text().contains(u"\"detail\""_s));
    QVERIFY(!detail->requestHeaders()->findItems(u"content-type"_s, Qt::MatchExactly).isEmpty());

    QTreeWidget *list = detail->errorList();
    QCOMPARE(list->topLevelItemCount(), 2);
    QCOMPARE(list->topLevelItem(0)->text(0), u"body → name"_s);
    QVERIFY(list->topLevelItem(0)->text(1).contains(u"at least 1 character"_s));
    QCOMPARE(list->topLevelItem(0)->text(2), u"\"\""_s); // the offending input
    QCOMPARE(list->topLevelItem(1)->text(0), u"body → price"_s);
    QCOMPARE(list->topLevelItem(1)->text(2), u"-1"_s);
    QCOMPARE(detail->tabs()->tabText(ui::TraceDetail::ErrorsTab), u"Errors (2)"_s);

    QSignalSpy activated(m_dock.get(), &ui::TraceDock::errorActivated);
    list->setCurrentItem(list->topLevelItem(1));
    QTest::keyClick(list, Qt::Key_Return);
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first().at(0).toString(), kPostPointer);
    QCOMPARE(activated.first().at(1).toStringList(), (QStringList{u"body"_s, u"price"_s}));

    // A response that breaks its own schema: the mismatch is listed with its "response" loc.
    QCOMPARE(send("GET", u"/wrong"_s), 200);
    QTRY_COMPARE(model->rowCount(), 3);
    QVERIFY(model->index(2, 0).data(ui::TraceTableModel::HasErrorsRole).toBool());
    m_dock->selectRow(2);
    QCOMPARE(list->topLevelItemCount(), 1);
    QCOMPARE(list->topLevelItem(0)->text(0), u"response → id"_s);
}

void tst_TraceDock::filters()
{
    QCOMPARE(send("GET", u"/items"_s), 200);
    QCOMPARE(send("POST", u"/items"_s, kGoodItem), 201);
    QCOMPARE(send("POST", u"/items"_s, kBadItem), 422);
    QCOMPARE(send("GET", u"/wrong"_s), 200);
    QCOMPARE(send("GET", u"/nowhere"_s), 404);
    QTRY_COMPARE(m_dock->model()->rowCount(), 5);
    ui::TraceFilterModel *filter = m_dock->filterModel();
    QCOMPARE(filter->rowCount(), 5);

    QTest::keyClicks(m_dock->filterEdit(), u"createitem"_s); // operation id, any case
    QCOMPARE(filter->rowCount(), 2);
    m_dock->filterEdit()->clear();
    QTest::keyClicks(m_dock->filterEdit(), u"422"_s); // status
    QCOMPARE(filter->rowCount(), 1);
    m_dock->filterEdit()->clear();
    QTest::keyClicks(m_dock->filterEdit(), u"wrong"_s); // path
    QCOMPARE(filter->rowCount(), 1);
    QCOMPARE(filter->record(0).target, QByteArray("/wrong"));
    m_dock->filterEdit()->clear();
    QCOMPARE(filter->rowCount(), 5);

    m_dock->methodFilter()->setCurrentIndex(m_dock->methodFilter()->findData(u"POST"_s));
    QCOMPARE(filter->rowCount(), 2);
    m_dock->statusFilter()->setCurrentIndex(m_dock->statusFilter()->findData(4));
    QCOMPARE(filter->rowCount(), 1); // POST and 4xx
    m_dock->methodFilter()->setCurrentIndex(0);
    QCOMPARE(filter->rowCount(), 2); // 422 and 404
    m_dock->statusFilter()->setCurrentIndex(m_dock->statusFilter()->findData(2));
    QCOMPARE(filter->rowCount(), 3);
    m_dock->statusFilter()->setCurrentIndex(0);

    m_dock->onlyErrorsCheck()->setChecked(true);
    QCOMPARE(filter->rowCount(), 3); // the 422, the 404 and the response that breaks its schema
    QVERIFY(findRow("GET", "/items") < 0);
    QVERIFY(findRow("GET", "/wrong") >= 0);
    m_dock->onlyErrorsCheck()->setChecked(false);

    // Sorting by status compares numbers; clearing the sort returns to arrival order.
    filter->sort(ui::TraceTableModel::Status, Qt::DescendingOrder);
    QCOMPARE(filter->record(0).status, 422);
    QCOMPARE(filter->record(4).status, 200);
    filter->sort(-1);
    QCOMPARE(filter->record(4).target, QByteArray("/nowhere"));
}

void tst_TraceDock::pauseHoldsAndResumeShows()
{
    QCOMPARE(send("GET", u"/items"_s), 200);
    QTRY_COMPARE(m_dock->model()->rowCount(), 1);
    m_dock->show(); // the toolbar shows its widgets when laid out
    QVERIFY(QTest::qWaitForWindowExposed(m_dock.get()));
    QVERIFY(!m_dock->heldLabel()->isVisible());
    m_dock->pauseAction()->trigger();
    QVERIFY(m_dock->isPaused());
    QCOMPARE(send("GET", u"/items"_s), 200);
    QCOMPARE(send("POST", u"/items"_s, kGoodItem), 201);
    QTRY_COMPARE(m_dock->heldCount(), 2);
    QCOMPARE(m_dock->model()->rowCount(), 1);
    QVERIFY(m_dock->heldLabel()->text().contains(u'2'));
    QTRY_VERIFY(m_dock->heldLabel()->isVisible());
    m_dock->pauseAction()->trigger();
    QVERIFY(!m_dock->isPaused());
    QCOMPARE(m_dock->heldCount(), 0);
    QTRY_VERIFY(!m_dock->heldLabel()->isVisible());
    QCOMPARE(m_dock->model()->rowCount(), 3);
    QCOMPARE(m_dock->model()->record(2).status, 201);
}

void tst_TraceDock::clearEmpties()
{
    QCOMPARE(send("GET", u"/items"_s), 200);
    QCOMPARE(send("GET", u"/wrong"_s), 200);
    QTRY_COMPARE(m_dock->model()->rowCount(), 2);
    m_dock->selectRow(0);
    QVERIFY(m_dock->detail()->hasRecord());
    m_dock->clearAction()->trigger();
    QCOMPARE(m_dock->model()->rowCount(), 0);
    QCOMPARE(m_dock->filterModel()->rowCount(), 0);
    QVERIFY(!m_dock->currentRecord());
    QVERIFY(!m_dock->detail()->hasRecord());
    QVERIFY(!m_dock->copyCurlAction()->isEnabled());
    QCOMPARE(send("GET", u"/items"_s), 200);
    QTRY_COMPARE(m_dock->model()->rowCount(), 1);
}

void tst_TraceDock::capacityBoundAndKeptSelection()
{
    m_dock->setCapacity(5);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(send("GET", u"/items?n="_s + QString::number(i)), 200);
    QTRY_COMPARE(m_dock->model()->rowCount(), 3);
    m_dock->selectRow(0);
    const quint64 selected = m_dock->currentRecord()->id;
    QCOMPARE(m_dock->currentRecord()->target, QByteArray("/items?n=0"));
    for (int i = 3; i < 8; ++i)
        QCOMPARE(send("GET", u"/items?n="_s + QString::number(i)), 200);
    QTRY_COMPARE(m_dock->model()->record(m_dock->model()->rowCount() - 1).target, QByteArray("/items?n=7"));
    QCOMPARE(m_dock->model()->rowCount(), 5);
    QCOMPARE(m_dock->model()->record(0).target, QByteArray("/items?n=3"));
    // The selected exchange left the table; the detail pane still shows it and the actions still act on it.
    QCOMPARE(m_dock->currentRecord()->id, selected);
    QVERIFY(m_dock->detail()->requestLine()->text().contains(u"/items?n=0"_s));
    QVERIFY(m_dock->copyAsCurl().contains(u"/items?n=0"_s));

    // One batch larger than the table keeps only its newest rows; paused batches are bounded too.
    QList<TraceRecord> batch;
    for (int i = 0; i < 12; ++i)
        batch.append(syntheticRecord(1000 + i, "GET", "/batch/" + QByteArray::number(i), 200));
    m_dock->appendRecords(batch);
    QCOMPARE(m_dock->model()->rowCount(), 5);
    QCOMPARE(m_dock->model()->record(0).target, QByteArray("/batch/7"));
    QCOMPARE(m_dock->model()->record(4).target, QByteArray("/batch/11"));
    m_dock->setPaused(true);
    m_dock->appendRecords(batch);
    QCOMPARE(m_dock->heldCount(), 5);
    m_dock->setPaused(false);
    QCOMPARE(m_dock->model()->rowCount(), 5);

    // The default bound at the size of a long run: 25,000 records in server-sized batches.
    ui::TraceTableModel big;
    QCOMPARE(big.capacity(), ui::TraceTableModel::kDefaultCapacity);
    QSignalSpy inserted(&big, &QAbstractItemModel::rowsInserted);
    QList<TraceRecord> chunk;
    for (int i = 0; i < 25000; ++i) {
        chunk.append(syntheticRecord(quint64(i + 1), "GET", "/x", 200));
        if (chunk.size() == 125)
            big.appendRecords(std::exchange(chunk, {}));
    }
    QCOMPARE(big.rowCount(), 10000);
    QCOMPARE(big.record(0).id, quint64(15001));
    QCOMPARE(big.record(9999).id, quint64(25000));
    QCOMPARE(inserted.size(), 200); // one insertion per batch, never one per row
}

void tst_TraceDock::followTail()
{
    m_dock->resize(900, 600);
    m_dock->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dock.get()));
    QVERIFY(m_dock->isFollowingTail());
    QList<TraceRecord> batch;
    for (int i = 0; i < 300; ++i)
        batch.append(syntheticRecord(quint64(i + 1), "GET", "/tail", 200));
    m_dock->appendRecords(batch);
    QScrollBar *scroll = m_dock->view()->verticalScrollBar();
    QTRY_VERIFY(scroll->maximum() > 0);
    QTRY_COMPARE(scroll->value(), scroll->maximum());

    // Scrolling up (a user action) stops following; new rows then leave the position alone.
    scroll->triggerAction(QAbstractSlider::SliderToMinimum);
    QTRY_VERIFY(!m_dock->isFollowingTail());
    m_dock->appendRecords(batch);
    QTest::qWait(50);
    QCOMPARE(scroll->value(), 0);
    m_dock->followAction()->trigger();
    QVERIFY(m_dock->isFollowingTail());
    QTRY_COMPARE(scroll->value(), scroll->maximum());
}

void tst_TraceDock::harExportAndImport()
{
    QCOMPARE(send("GET", u"/items"_s), 200);
    QCOMPARE(send("POST", u"/items"_s, kGoodItem), 201);
    QCOMPARE(send("POST", u"/items"_s, kBadItem), 422);
    QTRY_COMPARE(m_dock->model()->rowCount(), 3);
    m_dock->statusFilter()->setCurrentIndex(m_dock->statusFilter()->findData(2));
    QCOMPARE(m_dock->filterModel()->rowCount(), 2);

    QTemporaryDir dir;
    const QString path = dir.filePath(u"traces.har"_s);
    m_dock->askExportPath = [&] { return path; };
    QVERIFY(m_dock->exportAction()->isEnabled());
    m_dock->exportAction()->trigger();
    QVERIFY2(m_errors.isEmpty(), qPrintable(m_errors.join(u'\n')));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const Json har = core::parseJson(file.readAll());
    QCOMPARE(har[u"log"][u"version"].toString(), u"1.2"_s);
    QString error;
    const QList<TraceRecord> back = mock::fromHar(har, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(back.size(), 2); // only the visible (filtered) exchanges
    QCOMPARE(back[0].status, 200);
    QCOMPARE(back[1].status, 201);
    QCOMPARE(back[1].requestBody, kGoodItem);
    QCOMPARE(back[1].operationId, u"createItem"_s);

    // Imported into a fresh dock, the entries show like live ones.
    ui::TraceDock other(m_session);
    QAbstractItemModelTester tester(other.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    other.askImportPath = [&] { return path; };
    other.showError = [this](const QString &, const QString &message) { m_errors << message; };
    other.importAction()->trigger();
    QVERIFY2(m_errors.isEmpty(), qPrintable(m_errors.join(u'\n')));
    QCOMPARE(other.model()->rowCount(), 2);
    QCOMPARE(other.model()->index(1, ui::TraceTableModel::Status).data().toInt(), 201);
    QCOMPARE(other.model()->index(1, ui::TraceTableModel::Operation).data().toString(), u"createItem"_s);
    QCOMPARE(other.model()->index(1, ui::TraceTableModel::Path).data().toString(), u"/items"_s);
    other.selectRow(1);
    QVERIFY(other.detail()->requestBody()->text().contains(u"\"price\": 2.5"_s));

    // Something that is not a HAR file is refused with a message.
    const QString notHar = dir.filePath(u"not.har"_s);
    QFile bad(notHar);
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(R"({"hello": "world"})");
    bad.close();
    QVERIFY(!other.importHarFrom(notHar));
    QCOMPARE(m_errors.size(), 1);
    QCOMPARE(other.model()->rowCount(), 2);
}

void tst_TraceDock::copyAsCurl()
{
    QCOMPARE(send("POST", u"/items"_s, kGoodItem), 201);
    QTRY_COMPARE(m_dock->model()->rowCount(), 1);
    QVERIFY(!m_dock->copyCurlAction()->isEnabled());
    m_dock->selectRow(0);
    QVERIFY(m_dock->copyCurlAction()->isEnabled());
    m_dock->copyCurlAction()->trigger();
    const QString command = QApplication::clipboard()->text();
    QVERIFY2(command.startsWith(u"curl '"_s + m_server->baseUrl() + u"/items' -H "_s), qPrintable(command));
    QVERIFY(command.contains(u" -H 'content-type: application/json'"_s));
    QVERIFY(!command.contains(u"content-length"_s, Qt::CaseInsensitive)); // curl computes it
    QVERIFY(!command.contains(u" -X "_s));                                // POST is implied by the body
    QVERIFY(command.contains(u"--data-raw '{\"name\":\"it'\\''s a $HOME `x` \\\"widget\\\"\",\"price\":2.5}'"_s));

    // A POSIX shell reads the words back exactly: the body argument is the original bytes.
    QProcess shell;
    shell.start(u"/bin/sh"_s, {u"-c"_s, u"curl() { for a in \"$@\"; do printf '%s\\0' \"$a\"; done; }; "_s + command});
    QVERIFY(shell.waitForFinished(5000));
    const QList<QByteArray> argv = shell.readAllStandardOutput().split('\0');
    const qsizetype data = argv.indexOf("--data-raw");
    QVERIFY(data > 0);
    QCOMPARE(argv.at(data + 1), kGoodItem);

    // A body that is not text goes through base64, byte for byte; a GET with a body names its method.
    TraceRecord binary = syntheticRecord(1, "GET", "/blob?a=1&b='x'", 200);
    binary.requestHeaders = {{"host", "example.test:81"}, {"x-quote", "it's"}};
    binary.requestBody = QByteArray("\xff\x00\x01'\n", 5);
    const QString binaryCommand = ui::curlCommand(binary, {});
    QCOMPARE(binaryCommand, u"printf '%s' '/wABJwo=' | base64 -d | curl -X 'GET' "
                            "'http://example.test:81/blob?a=1&b='\\''x'\\''' -H 'x-quote: it'\\''s' -H 'Content-Type:' "
                            "--data-binary @-"_s);
    QProcess piped;
    piped.start(u"/bin/sh"_s, {u"-c"_s, u"curl() { cat; }; "_s + binaryCommand});
    QVERIFY(piped.waitForFinished(5000));
    QCOMPARE(piped.readAllStandardOutput(), binary.requestBody);

    // And curl itself sends the same request again.
    if (QStandardPaths::findExecutable(u"curl"_s).isEmpty())
        QSKIP("curl is not installed");
    QProcess curl;
    curl.start(u"/bin/sh"_s, {u"-c"_s, command + u" -s -o /dev/null -w '%{http_code}'"_s});
    QVERIFY(curl.waitForFinished(10000));
    QCOMPARE(curl.readAllStandardOutput(), QByteArray("201"));
    QTRY_COMPARE(m_dock->model()->rowCount(), 2);
    QCOMPARE(m_dock->model()->record(1).requestBody, kGoodItem);
    QCOMPARE(m_dock->model()->record(1).status, 201);
}

void tst_TraceDock::replayAddsARow()
{
    QCOMPARE(send("POST", u"/items"_s, kGoodItem), 201);
    QTRY_COMPARE(m_dock->model()->rowCount(), 1);
    m_dock->selectRow(0);
    QVERIFY(m_dock->replayAction()->isEnabled());
    QSignalSpy finished(m_dock.get(), &ui::TraceDock::replayFinished);
    m_dock->replayAction()->trigger();
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished.first().at(0).toInt(), 201);
    QTRY_COMPARE(m_dock->model()->rowCount(), 2);
    const TraceRecord &replayed = m_dock->model()->record(1);
    QCOMPARE(replayed.method, QByteArray("POST"));
    QCOMPARE(replayed.target, QByteArray("/items"));
    QCOMPARE(replayed.requestBody, kGoodItem);
    QCOMPARE(replayed.status, 201);
    QVERIFY(replayed.id != m_dock->model()->record(0).id);

    // Without a running server there is nothing to replay to.
    m_dock->setBaseUrl({});
    QVERIFY(!m_dock->replayAction()->isEnabled());
}

void tst_TraceDock::saveExamplesWithUndo()
{
    const Json before = m_session->document()->root();
    QCOMPARE(send("POST", u"/items"_s, kGoodItem), 201);
    QTRY_COMPARE(m_dock->model()->rowCount(), 1);
    m_dock->selectRow(0);
    const QString name = u"trace-%1"_s.arg(m_dock->currentRecord()->id);
    QString asked;
    m_dock->askExampleName = [&](const QString &suggested) {
        asked = suggested;
        return suggested;
    };

    // Request body → requestBody/content/application~1json/examples/<name>, one undo step.
    const QString requestMedia = kPostPointer + u"/requestBody/content/application~1json"_s;
    QVERIFY(m_dock->saveRequestExampleAction()->isEnabled());
    m_dock->saveRequestExampleAction()->trigger();
    QVERIFY2(m_errors.isEmpty(), qPrintable(m_errors.join(u'\n')));
    QCOMPARE(asked, name);
    const Json &saved = m_session->document()->value(QString(requestMedia + u"/examples/"_s + name));
    QCOMPARE(saved[u"value"], core::parseJson(kGoodItem));
    QVERIFY(saved[u"summary"].toString().contains(u"POST /items"_s));
    QCOMPARE(m_session->undoStack()->count(), 1);
    QVERIFY(m_session->undoStack()->undoText().contains(name));
    m_session->undoStack()->undo();
    QVERIFY(m_session->document()->value(QString(requestMedia + u"/examples"_s)).isNull());
    QVERIFY(m_session->document()->root().identical(before));
    m_session->undoStack()->redo();
    QCOMPARE(m_session->document()->value(QString(requestMedia + u"/examples/"_s + name))[u"value"],
             core::parseJson(kGoodItem));

    // Saving the same body again picks a fresh name instead of overwriting.
    QVERIFY(m_dock->saveRequestExample());
    QCOMPARE(asked, name + u"-2"_s);
    QCOMPARE(m_session->document()->value(QString(requestMedia + u"/examples"_s)).toObject().size(), 2);

    // Response body → responses/201/content/application~1json/examples/<name>; the singular `example` the
    // media type had moves into `examples` in the same step.
    const Json beforeResponse = m_session->document()->root();
    const QString responseMedia = kPostPointer + u"/responses/201/content/application~1json"_s;
    QVERIFY(m_dock->saveResponseExampleAction()->isEnabled());
    m_dock->saveResponseExampleAction()->trigger();
    QVERIFY2(m_errors.isEmpty(), qPrintable(m_errors.join(u'\n')));
    const Json &media = m_session->document()->value(responseMedia);
    QVERIFY(!media.toObject().contains(u"example"));
    QCOMPARE(media[u"examples"][u"example"][u"value"][u"id"].toInteger(), 7);
    QCOMPARE(media[u"examples"][name][u"value"], core::parseJson(m_dock->currentRecord()->responseBody));
    QCOMPARE(m_session->undoStack()->count(), 3);
    m_session->undoStack()->undo();
    QVERIFY(m_session->document()->root().identical(beforeResponse));
    QCOMPARE(m_session->document()->value(responseMedia)[u"example"][u"id"].toInteger(), 7);

    // Cancelling the name changes nothing.
    m_dock->askExampleName = [](const QString &) { return QString(); };
    QVERIFY(!m_dock->saveResponseExample());
    QVERIFY(m_session->document()->root().identical(beforeResponse));
}

void tst_TraceDock::saveExampleRefusesWhatDoesNotFit()
{
    QCOMPARE(send("GET", u"/items"_s), 200);
    QCOMPARE(send("GET", u"/nowhere"_s), 404);
    QTRY_COMPARE(m_dock->model()->rowCount(), 2);
    const Json before = m_session->document()->root();

    m_dock->selectRow(0); // GET: no request body
    QVERIFY(!m_dock->saveRequestExampleAction()->isEnabled());
    QVERIFY(!m_dock->saveRequestExample());
    QCOMPARE(m_errors.size(), 1);
    QVERIFY(m_errors.first().contains(u"no body"_s));

    m_dock->selectRow(1); // no operation matched
    QVERIFY(!m_dock->saveResponseExampleAction()->isEnabled());
    QVERIFY(!m_dock->saveResponseExample());
    QCOMPARE(m_errors.size(), 2);
    QVERIFY(m_errors.last().contains(u"no operation"_s));
    QVERIFY(m_session->document()->root().identical(before));
    QCOMPARE(m_session->undoStack()->count(), 0);

    // A status the operation does not declare.
    TraceRecord odd = syntheticRecord(1, "GET", "/items", 418);
    odd.operationPointer = u"/paths/~1items/get"_s;
    odd.responseBody = "{}";
    odd.responseHeaders = {{"content-type", "application/json"}};
    const auto target = ui::findExampleTarget(*m_session->document(), odd, ui::ExampleSide::Response);
    QVERIFY(!target.ok());
    QVERIFY(target.error().message.contains(u"418"_s));
    odd.status = 200;
    QVERIFY(ui::findExampleTarget(*m_session->document(), odd, ui::ExampleSide::Response).ok());
}

QTEST_MAIN(tst_TraceDock)
#include "tst_tracedock.moc"
