// The endpoint editor driven as a user drives it: parameters, request body, responses and the Mock tab built
// by typing and clicking; every step undone and redone; the result saved, reopened and compared; the Mock
// tab's extensions compiled and answered by the real mock engine.
#include "ui/codeeditor.h"
#include "ui/contenteditor.h"
#include "ui/endpointeditor.h"
#include "ui/exampleseditor.h"
#include "ui/faultsmodel.h"
#include "ui/mockbehaviourpane.h"
#include "ui/parameterstablemodel.h"
#include "ui/projectsession.h"
#include "ui/rawvalueeditor.h"
#include "ui/requestbodyeditor.h"
#include "ui/responseheadersmodel.h"
#include "ui/responseseditor.h"
#include "ui/rulesbox.h"
#include "ui/rulesmodel.h"
#include "ui/schemapicker.h"
#include "ui/streamsettingsbox.h"

#include "core/jsonparser.h"
#include "core/jsonwriter.h"

#include "mock/mockengine.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace Qt::StringLiterals;
using namespace portico;
using core::Json;
using core::JsonObject;

namespace {

Json parse(const QByteArray &text)
{
    auto parsed = core::JsonParser().parse(text);
    if (!parsed.ok())
        qFatal("test JSON does not parse: %s", qPrintable(parsed.error().message));
    return parsed.value();
}

QString dump(const Json &value)
{
    return QString::fromUtf8(core::toJson(value, core::JsonStyle::Indented));
}

// A pet store with a shared header parameter on the path item, two models and a bearer scheme.
const QByteArray kPets = R"({"openapi": "3.1.0", "info": {"title": "Pets", "version": "1"},
  "paths": {"/pets": {
    "parameters": [{"$ref": "#/components/parameters/RequestId"}],
    "post": {"summary": "Create a pet", "responses": {}}}},
  "components": {
    "schemas": {
      "Pet": {"type": "object", "required": ["name"], "properties": {
        "name": {"type": "string", "minLength": 1}, "age": {"type": "integer", "minimum": 0}}},
      "Error": {"type": "object", "required": ["detail"], "properties": {"detail": {"type": "string"}}}},
    "parameters": {
      "RequestId": {"name": "X-Request-Id", "in": "header", "description": "Correlation id", "schema": {"type": "string"}}},
    "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}}})";

mock::MockRequest postPet(bool authorized, bool traced, bool scenario)
{
    mock::MockRequest r;
    r.method = "POST";
    r.path = u"/pets"_s;
    r.target = scenario ? "/pets?scenario=error" : "/pets";
    if (scenario)
        r.query.append({u"scenario"_s, u"error"_s});
    r.headers.append(std::pair(QByteArray("content-type"), QByteArray("application/json")));
    if (authorized)
        r.headers.append(std::pair(QByteArray("authorization"), QByteArray("Bearer alice")));
    if (traced)
        r.headers.append(std::pair(QByteArray("x-trace"), QByteArray("t-1")));
    r.body = R"({"name": "Rex", "age": 3})";
    r.client = u"127.0.0.1:40000"_s;
    return r;
}

} // namespace

class tst_EndpointEditor : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void buildEndpointByTypingAndClicking();
    void parametersTable();
    void invalidExamplesGetMarkers();
    void formAndRawStayInSync();
    void mockTabWritesTheDocumentedFormat();
    void responsesStatusesAndHeaders();

private:
    static void click(QWidget *scope, const QString &button);
    static void pick(QComboBox *combo, const QString &textOrData);
    static void typeInto(QWidget *w, const QString &text);
    static QWidget *openCellEditor(QTableView *view);
};

void tst_EndpointEditor::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_EndpointEditor::click(QWidget *scope, const QString &button)
{
    auto *b = scope->findChild<QPushButton *>(button);
    QVERIFY2(b, qPrintable(button));
    QVERIFY2(b->isVisible() && b->isEnabled(), qPrintable(button));
    QTest::mouseClick(b, Qt::LeftButton);
}

// Picking an entry as a click in the popup does: the index changes and `activated` fires.
void tst_EndpointEditor::pick(QComboBox *combo, const QString &textOrData)
{
    QVERIFY(combo);
    int index = combo->findData(textOrData);
    if (index < 0)
        index = combo->findText(textOrData);
    QVERIFY2(index >= 0, qPrintable(textOrData));
    combo->setCurrentIndex(index);
    emit combo->activated(index);
}

void tst_EndpointEditor::typeInto(QWidget *w, const QString &text)
{
    QVERIFY(w);
    w->setFocus();
    if (auto *edit = qobject_cast<QLineEdit *>(w))
        edit->selectAll();
    if (auto *spin = qobject_cast<QAbstractSpinBox *>(w))
        spin->selectAll();
    QTest::keyClicks(w, text);
    QTest::keyClick(w, Qt::Key_Return);
}

QWidget *tst_EndpointEditor::openCellEditor(QTableView *view)
{
    if (!QTest::qWaitFor([&] { return QApplication::focusWidget() && QApplication::focusWidget()->parentWidget() == view->viewport(); }))
        return nullptr;
    return QApplication::focusWidget();
}

void tst_EndpointEditor::buildEndpointByTypingAndClicking()
{
    ui::ProjectSession session;
    session.setAutosaveInterval(0);
    session.newProject(kPets, core::FileFormat::Json);
    ui::EndpointEditor editor(&session);
    QAbstractItemModelTester paramsTester(editor.parametersModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    editor.resize(1200, 900);
    editor.show();
    QVERIFY(QTest::qWaitForWindowActive(&editor));
    editor.setEndpoint(u"/pets"_s, u"post"_s);
    const QString op = u"/paths/~1pets/post"_s;

    // Every user action below is exactly one undo step; the document after each is kept to check undo/redo.
    QList<Json> states{session.document()->root()};
    auto checkpoint = [&](const char *what) {
        QVERIFY2(session.undoStack()->count() == states.size(),
                 qPrintable(u"%1: %2 undo steps, expected %3"_s.arg(QLatin1String(what)).arg(session.undoStack()->count()).arg(states.size())));
        states.append(session.document()->root());
    };

    // --- Parameters: the shared header is listed, inherited and read-only.
    auto *params = editor.parametersModel();
    QCOMPARE(params->rowCount(), 1);
    QCOMPARE(params->index(0, ui::ParametersTableModel::Name).data().toString(), u"X-Request-Id"_s);
    QVERIFY(params->index(0, 0).data(ui::ParametersTableModel::InheritedRole).toBool());
    QVERIFY(!(params->flags(params->index(0, ui::ParametersTableModel::Name)) & Qt::ItemIsEditable));

    // A query parameter: the name cell opens for typing.
    pick(editor.findChild<QComboBox *>(u"newParameterIn"_s), u"query"_s);
    click(&editor, u"addParameter"_s);
    checkpoint("add query parameter");
    QWidget *cell = openCellEditor(editor.parametersView());
    QVERIFY(cell);
    QTest::keyClicks(cell, u"limit"_s);
    QTest::keyClick(cell, Qt::Key_Return);
    QTRY_COMPARE(session.document()->value(QString(op + u"/parameters/0/name"_s)).toString(), u"limit"_s);
    checkpoint("rename parameter");
    QVERIFY(params->setData(params->index(1, ui::ParametersTableModel::Type), u"integer"_s));
    checkpoint("type integer");
    QVERIFY(params->setData(params->index(1, ui::ParametersTableModel::Example), u"20"_s));
    checkpoint("example");

    // A required header parameter.
    pick(editor.findChild<QComboBox *>(u"newParameterIn"_s), u"header"_s);
    click(&editor, u"addParameter"_s);
    checkpoint("add header parameter");
    cell = openCellEditor(editor.parametersView());
    QVERIFY(cell);
    QTest::keyClicks(cell, u"X-Trace"_s);
    QTest::keyClick(cell, Qt::Key_Return);
    QTRY_COMPARE(session.document()->value(QString(op + u"/parameters/1/name"_s)).toString(), u"X-Trace"_s);
    checkpoint("rename header");
    QVERIFY(params->setData(params->index(2, ui::ParametersTableModel::Required), Qt::Checked, Qt::CheckStateRole));
    checkpoint("require header");
    QCOMPARE(params->rowCount(), 3);

    // --- Request body: JSON with the Pet model, required, described, with an example.
    editor.tabs()->setCurrentWidget(editor.requestBody());
    auto *body = editor.requestBody();
    body->content()->newMediaType()->setCurrentText(u"application/json"_s);
    click(body, u"addMediaType"_s);
    checkpoint("add request media type");
    pick(body->content()->schemaPicker()->combo(), u"Pet"_s);
    checkpoint("request schema");
    QTest::mouseClick(body->requiredBox(), Qt::LeftButton, {}, QPoint(8, body->requiredBox()->height() / 2));
    QTRY_VERIFY(session.document()->value(QString(op + u"/requestBody/required"_s)).toBool());
    checkpoint("require body");
    typeInto(body->descriptionEdit(), u"The pet to create"_s);
    checkpoint("describe body");
    auto *requestExamples = body->content()->examplesEditor();
    click(requestExamples, u"addExample"_s);
    checkpoint("add request example");
    // It starts from data generated from the schema, so it already matches.
    QCOMPARE(requestExamples->editor()->errorMarkerCount(), 0);
    requestExamples->editor()->setText(u"{\"name\": \"Rex\", \"age\": 3}"_s);
    requestExamples->checkExample();
    checkpoint("edit request example");

    // --- Responses: 201 with the Pet model, a Location header and a named example; 404 with Error.
    editor.tabs()->setCurrentWidget(editor.responses());
    auto *responses = editor.responses();
    responses->newStatus()->setCurrentText(u"201"_s);
    click(responses, u"addResponse"_s);
    checkpoint("add 201");
    QCOMPARE(responses->currentStatus(), u"201"_s);
    QCOMPARE(responses->descriptionEdit()->text(), u"Created"_s);
    responses->content()->newMediaType()->setCurrentText(u"application/json"_s);
    click(responses->content(), u"addMediaType"_s);
    checkpoint("add 201 media type");
    pick(responses->content()->schemaPicker()->combo(), u"Pet"_s);
    checkpoint("201 schema");
    auto *examples = responses->content()->examplesEditor();
    click(examples, u"addExample"_s);
    checkpoint("add 201 example");
    examples->editor()->setText(u"{\"name\": \"Rex\", \"age\": 3}"_s);
    examples->checkExample();
    checkpoint("edit 201 example");
    typeInto(examples->nameEdit(), u"created"_s);
    checkpoint("rename 201 example");
    QCOMPARE(examples->exampleNames(), QStringList{u"created"_s});
    auto *tabs = responses->findChild<QTabWidget *>();
    tabs->setCurrentIndex(1);
    click(responses, u"addHeader"_s);
    checkpoint("add header");
    QVERIFY(responses->headersModel()->setData(responses->headersModel()->index(0, ui::ResponseHeadersModel::Name), u"Location"_s));
    checkpoint("rename header");
    tabs->setCurrentIndex(0);

    responses->newStatus()->setCurrentText(u"404"_s);
    click(responses, u"addResponse"_s);
    checkpoint("add 404");
    QCOMPARE(responses->statuses(), (QStringList{u"201"_s, u"404"_s}));
    click(responses->content(), u"addMediaType"_s);
    checkpoint("add 404 media type");
    pick(responses->content()->schemaPicker()->combo(), u"Error"_s);
    checkpoint("404 schema");
    click(examples, u"addExample"_s);
    checkpoint("add 404 example");
    typeInto(examples->nameEdit(), u"notFound"_s);
    checkpoint("rename 404 example");
    examples->editor()->setText(u"{\"detail\": \"No such pet\"}"_s);
    examples->checkExample();
    checkpoint("edit 404 example");
    QVERIFY2(examples->statusText().contains(u"matches"_s), qPrintable(examples->statusText()));

    // --- Mock: a fixed latency typed in, a 503 fault, a rule, bearer security and a rate limit.
    editor.tabs()->setCurrentWidget(editor.mockPane());
    auto *mockPane = editor.mockPane();
    QAbstractItemModelTester faultsTester(mockPane->faultsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester rulesTester(mockPane->rules()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    pick(mockPane->latencyMode(), u"Fixed"_s);
    typeInto(mockPane->latencyMin(), u"150"_s);
    checkpoint("latency"); // the mode and the typed digits are one step
    click(mockPane, u"addFault"_s);
    checkpoint("add fault");
    auto *faults = mockPane->faultsModel();
    QVERIFY(faults->setData(faults->index(0, ui::FaultsModel::Value), u"503"_s));
    checkpoint("fault status");
    QVERIFY(!faults->setData(faults->index(0, ui::FaultsModel::Probability), u"1.5"_s)); // not a probability
    click(mockPane, u"addRule"_s);
    checkpoint("add rule");
    auto *rules = mockPane->rules()->model();
    QCOMPARE(rules->index(0, ui::RulesModel::Status).data().toString(), u"404"_s); // the first error documented
    QCOMPARE(rules->exampleNames(404), QStringList{u"notFound"_s});
    QVERIFY(rules->setData(rules->index(0, ui::RulesModel::Example), u"notFound"_s));
    checkpoint("rule example");
    pick(mockPane->securityCombo(), u"scheme:bearerAuth"_s);
    checkpoint("security");
    typeInto(mockPane->rateLimitRequests(), u"5"_s);
    checkpoint("rate limit");

    // The operation, in standard OpenAPI 3.1 and the extensions' documented shapes.
    const Json expected = parse(R"({
      "summary": "Create a pet",
      "parameters": [
        {"name": "limit", "in": "query", "schema": {"type": "integer"}, "example": 20},
        {"name": "X-Trace", "in": "header", "required": true, "schema": {"type": "string"}}],
      "requestBody": {"required": true, "description": "The pet to create", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Pet"},
        "examples": {"example": {"value": {"name": "Rex", "age": 3}}}}}},
      "responses": {
        "201": {"description": "Created", "headers": {"Location": {"schema": {"type": "string"}}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"},
                                                 "examples": {"created": {"value": {"name": "Rex", "age": 3}}}}}},
        "404": {"description": "Not Found",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"},
                                                 "examples": {"notFound": {"value": {"detail": "No such pet"}}}}}}},
      "security": [{"bearerAuth": []}],
      "x-portico-latency": 150,
      "x-portico-faults": [{"status": 503, "probability": 0.1}],
      "x-portico-rules": [{"when": {"query.scenario": {"equals": "error"}}, "respond": {"status": 404, "example": "notFound"}}],
      "x-portico-rate-limit": {"requests": 5, "per_seconds": 60}})");
    const Json built = session.document()->value(op);
    QVERIFY2(built == expected, qPrintable(dump(built)));

    // Undo every step back to the start, then redo them all, comparing the whole document each time.
    const Json final = session.document()->root();
    for (qsizetype i = states.size() - 1; i > 0; --i) {
        session.undoStack()->undo();
        QVERIFY2(session.document()->root().identical(states[i - 1]),
                 qPrintable(u"undo to state %1: %2"_s.arg(i - 1).arg(dump(session.document()->value(op)))));
    }
    QCOMPARE(params->rowCount(), 1);
    QCOMPARE(responses->statuses(), QStringList());
    for (qsizetype i = 1; i < states.size(); ++i) {
        session.undoStack()->redo();
        QVERIFY2(session.document()->root().identical(states[i]), qPrintable(u"redo to state %1"_s.arg(i)));
    }
    QCOMPARE(params->rowCount(), 3);
    QCOMPARE(mockPane->latencyMin()->value(), 150);

    // Saved and reopened, it is the same document.
    QTemporaryDir dir;
    const QString file = dir.filePath(u"pets.yaml"_s);
    QVERIFY(session.save(file).ok());
    ui::ProjectSession reopened;
    reopened.setAutosaveInterval(0);
    QVERIFY(reopened.open(file).ok());
    QVERIFY2(reopened.document()->root() == final, qPrintable(dump(reopened.document()->root())));

    // The real engine compiles what the editor wrote, and answers by it.
    mock::MockEngine engine;
    const auto compiled = engine.setDocument(reopened.document()->root(), {});
    QVERIFY2(compiled.ok(), compiled.ok() ? "" : qPrintable(compiled.error().message));
    const auto table = engine.table();
    const mock::CompiledOperation *plan = table->match("POST", u"/pets").operation;
    QVERIFY(plan);
    QCOMPARE(plan->latencyMin, 150);
    QCOMPARE(plan->latencyMax, 150);
    QCOMPARE(plan->faults.size(), 1);
    QCOMPARE(plan->faults[0].status, 503);
    QCOMPARE(plan->faults[0].probability, 0.1);
    QCOMPARE(plan->rules.size(), 1);
    QCOMPARE(plan->rules[0].status, 404);
    QCOMPARE(plan->rules[0].example, u"notFound"_s);
    QCOMPARE(plan->rateLimitRequests, 5);
    QCOMPARE(plan->rateLimitSeconds, 60.0);
    QCOMPARE(plan->security.size(), 1);
    QCOMPARE(plan->security[0].size(), 1);
    QCOMPARE(plan->security[0][0]->name, u"bearerAuth"_s);
    QCOMPARE(plan->parameters.size(), 3);
    QVERIFY(plan->bodyRequired);

    // No credential: 401 before anything else.
    QCOMPARE(engine.handle(postPet(false, true, true), *table).response.status, 401);
    // The required header is enforced.
    QCOMPARE(engine.handle(postPet(true, false, true), *table).response.status, 422);
    // The rule answers its example after the latency (unless the 10 % fault fires first).
    int ruled = 0;
    for (int i = 0; i < 3; ++i) {
        const auto outcome = engine.handle(postPet(true, true, true), *table);
        QVERIFY2(outcome.response.status == 404 || outcome.response.status == 503, qPrintable(QString::number(outcome.response.status)));
        if (outcome.response.status == 404) {
            ++ruled;
            QCOMPARE(parse(outcome.response.body), parse(R"({"detail": "No such pet"})"));
            QCOMPARE(outcome.response.delayMs, 150);
        }
    }
    QVERIFY(ruled > 0);
    QVERIFY(engine.handle(postPet(true, true, false), *table).response.status != 429);
    // The sixth counted request is over the limit of 5.
    QCOMPARE(engine.handle(postPet(true, true, false), *table).response.status, 429);
}

void tst_EndpointEditor::parametersTable()
{
    ui::ProjectSession session;
    session.setAutosaveInterval(0);
    session.newProject(R"({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
      "paths": {"/items/{itemId}": {
        "parameters": [{"name": "itemId", "in": "path", "required": true, "schema": {"type": "integer"}}],
        "get": {"parameters": [{"$ref": "#/components/parameters/Limit"}, {"name": "q", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "OK"}}}}},
      "components": {"parameters": {"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}},
                     "schemas": {"Filter": {"type": "object"}}}})", core::FileFormat::Json);
    const QString list = u"/paths/~1items~1{itemId}/get/parameters"_s;
    ui::ParametersTableModel model(&session);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setOperation({u"/items/{itemId}"_s, u"get"_s});
    using P = ui::ParametersTableModel;

    // Inherited path parameter, then the $ref one resolved, then the inline one.
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.index(0, 0).data(P::InheritedRole).toBool());
    QCOMPARE(model.index(0, P::Required).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QCOMPARE(model.index(1, P::Name).data().toString(), u"limit"_s);
    QCOMPARE(model.index(1, P::Type).data().toString(), u"integer"_s);
    QCOMPARE(model.index(1, 0).data(P::RefRole).toString(), u"#/components/parameters/Limit"_s);
    QCOMPARE(model.headerData(0, Qt::Vertical).toString(), u"path"_s);
    QVERIFY(!model.isEditableRow(0));
    QVERIFY(!model.isEditableRow(1));
    QVERIFY(model.isEditableRow(2));
    const Json before = session.document()->root();
    QVERIFY(!model.setData(model.index(0, P::Name), u"id"_s));
    QVERIFY(!model.setData(model.index(1, P::Description), u"x"_s));
    QVERIFY(session.document()->root().identical(before));

    // Types: array of a scalar, or a model reference.
    QVERIFY(model.setData(model.index(2, P::Type), u"array of string"_s));
    QCOMPARE(session.document()->value(QString(list + u"/1/schema"_s)), parse(R"({"type": "array", "items": {"type": "string"}})"));
    QVERIFY(model.setData(model.index(2, P::Type), u"Filter"_s));
    QCOMPARE(session.document()->value(QString(list + u"/1/schema"_s)), parse(R"({"$ref": "#/components/schemas/Filter"})"));
    QVERIFY(P::typeChoices({u"Filter"_s}).contains(u"array of integer"_s));

    // Moving a parameter into the path makes it required; out of it, optional again.
    QVERIFY(model.setData(model.index(2, P::In), u"path"_s));
    QCOMPARE(session.document()->value(QString(list + u"/1/required"_s)), Json(true));
    QVERIFY(!(model.flags(model.index(2, P::Required)) & Qt::ItemIsUserCheckable));
    QVERIFY(!model.setData(model.index(2, P::Required), Qt::Unchecked, Qt::CheckStateRole));
    QVERIFY(model.setData(model.index(2, P::In), u"query"_s));
    QVERIFY(!session.document()->value(list)[1].toObject().contains(u"required"));
    QVERIFY(!model.setData(model.index(2, P::In), u"body"_s)); // not a location in OpenAPI 3

    // A path parameter added here is required from the start and can't be made optional.
    const int added = model.addParameter(u"path"_s);
    QCOMPARE(added, 3);
    QCOMPARE(model.index(added, P::Required).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QCOMPARE(session.document()->value(list)[2], parse(R"({"name": "param", "in": "path", "required": true, "schema": {"type": "string"}})"));
    // Names are unique per location: a query "param" may sit next to the path one, but not take the name "q".
    const int other = model.addParameter(u"query"_s);
    QCOMPARE(model.index(other, P::Name).data().toString(), u"param"_s);
    QVERIFY(!model.setData(model.index(other, P::Name), u"q"_s));
    QVERIFY(model.removeParameter(other));
    // Renamed to itemId, it overrides the path item's parameter, which is no longer listed.
    QVERIFY(model.setData(model.index(added, P::Name), u"itemId"_s));
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(!model.index(0, 0).data(P::InheritedRole).toBool());

    // An example typed for a string parameter stays a string; for an integer it is a number.
    QVERIFY(model.setData(model.index(1, P::Type), u"string"_s));
    QVERIFY(model.setData(model.index(1, P::Example), u"007"_s));
    QCOMPARE(session.document()->value(QString(list + u"/1/example"_s)), Json(u"007"_s));
    QVERIFY(model.setData(model.index(1, P::Example), QString()));
    QVERIFY(!session.document()->value(list)[1].toObject().contains(u"example"));

    // Duplicating the $ref row makes an inline copy of what it points to.
    const int copy = model.duplicateParameter(0);
    QCOMPARE(model.index(copy, P::Name).data().toString(), u"limit_copy"_s);
    QVERIFY(model.isEditableRow(copy));
    QCOMPARE(session.document()->value(list)[3][u"schema"][u"maximum"], Json(100));

    // Removing every own parameter removes the `parameters` key itself; undo brings them back.
    const int steps = session.undoStack()->count();
    while (model.rowCount() > 0 && model.removeParameter(model.rowCount() - 1)) {
    }
    QVERIFY(!session.document()->value(u"/paths/~1items~1{itemId}/get").toObject().contains(u"parameters"));
    QCOMPARE(model.rowCount(), 1); // the path item's itemId is back in view
    QVERIFY(model.index(0, 0).data(P::InheritedRole).toBool());
    session.undoStack()->setIndex(steps);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.index(3, P::Name).data().toString(), u"limit_copy"_s);
}

void tst_EndpointEditor::invalidExamplesGetMarkers()
{
    ui::ProjectSession session;
    session.setAutosaveInterval(0);
    session.newProject(R"({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
      "paths": {"/pets": {"post": {
        "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"},
                                                          "examples": {"rex": {"value": {"name": "Rex"}}}}}},
        "responses": {"200": {"description": "ok", "content": {"application/json": {
          "schema": {"$ref": "#/components/schemas/Pet"}, "example": {"name": "Rex", "age": 3}}}}}}}},
      "components": {"schemas": {"Pet": {"type": "object", "required": ["name"], "properties": {
        "name": {"type": "string", "minLength": 1}, "age": {"type": "integer", "minimum": 0}}}}}})", core::FileFormat::Json);
    ui::EndpointEditor editor(&session);
    editor.setEndpoint(u"/pets"_s, u"post"_s);

    // The request body's example is checked against the request schema.
    auto *request = editor.requestBody()->content()->examplesEditor();
    QCOMPARE(request->exampleNames(), QStringList{u"rex"_s});
    QCOMPARE(request->editor()->errorMarkerCount(), 0);
    request->editor()->setText(u"{\n  \"age\": \"three\"\n}"_s);
    request->checkExample();
    const QString messages = request->editor()->errorMessages().join(u'\n');
    QCOMPARE(request->editor()->errorMarkerCount(), 2);
    QVERIFY2(messages.contains(u"Field required"_s), qPrintable(messages));
    QVERIFY2(messages.contains(u"age: Input should be a valid integer"_s), qPrintable(messages));
    QVERIFY(request->statusText().contains(u"breaks"_s));

    // The single `example` of a response is edited too, and text that does not parse is not applied.
    QCOMPARE(editor.exampleCombo()->count(), 1);
    editor.exampleEditor()->setText(u"{\"name\": \"\"}"_s);
    editor.checkExample();
    QCOMPARE(editor.exampleEditor()->errorMarkerCount(), 1);
    QCOMPARE(session.document()->value(u"/paths/~1pets/post/responses/200/content/application~1json/example/name"),
             Json(QString()));
    editor.exampleEditor()->setText(u"{\"name\": "_s);
    editor.checkExample();
    QCOMPARE(editor.exampleEditor()->errorMarkerCount(), 1);
    QCOMPARE(session.document()->value(u"/paths/~1pets/post/responses/200/content/application~1json/example/name"),
             Json(QString()));
    // A refresh caused by another edit of the media type keeps the unparsed text for the user to finish.
    session.setValue(u"/paths/~1pets/post/responses/200/content/application~1json/x-note"_s, Json(u"n"_s), u"n"_s);
    QCOMPARE(editor.exampleEditor()->text(), u"{\"name\": "_s);

    // Adding a named example turns the single `example` into a named one (they are exclusive).
    auto *response = editor.responses()->content()->examplesEditor();
    QCOMPARE(response->addExample(), u"example2"_s);
    const Json &media = session.document()->value(u"/paths/~1pets/post/responses/200/content/application~1json");
    QVERIFY(!media.toObject().contains(u"example"));
    QCOMPARE(media[u"examples"][u"example"][u"value"], parse(R"({"name": ""})"));
    QVERIFY(media[u"examples"][u"example2"][u"value"][u"name"].isString());
}

void tst_EndpointEditor::formAndRawStayInSync()
{
    ui::ProjectSession session;
    session.setAutosaveInterval(0);
    session.newProject(kPets, core::FileFormat::Json);
    ui::EndpointEditor editor(&session);
    editor.setEndpoint(u"/pets"_s, u"post"_s);
    auto *raw = editor.rawEditor();

    // Raw → form: a parameter, a response and a latency typed as JSON show up in their panes.
    raw->editor()->setText(QString::fromUtf8(R"({"summary": "Create a pet",
      "parameters": [{"name": "dryRun", "in": "query", "schema": {"type": "boolean"}}],
      "responses": {"202": {"description": "Accepted"}},
      "x-portico-latency": "20..80"})"));
    QVERIFY(raw->applyNow());
    QCOMPARE(editor.parametersModel()->rowCount(), 2);
    QCOMPARE(editor.parametersModel()->index(1, ui::ParametersTableModel::Type).data().toString(), u"boolean"_s);
    QCOMPARE(editor.responses()->statuses(), QStringList{u"202"_s});
    QCOMPARE(editor.responses()->descriptionEdit()->text(), u"Accepted"_s);
    QCOMPARE(editor.mockPane()->latencyMode()->currentText(), u"Random range"_s);
    QCOMPARE(editor.mockPane()->latencyMin()->value(), 20);
    QCOMPARE(editor.mockPane()->latencyMax()->value(), 80);

    // Form → raw.
    QVERIFY(editor.parametersModel()->setData(editor.parametersModel()->index(1, ui::ParametersTableModel::Description),
                                              u"Validate only"_s));
    QVERIFY(raw->editor()->text().contains(u"Validate only"_s));
    editor.mockPane()->setLatency(ui::MockBehaviourPane::LatencyMode::None, 0);
    QVERIFY(!raw->editor()->text().contains(u"x-portico-latency"_s));
    // And undo of a form edit shows in both.
    session.undoStack()->undo();
    QVERIFY(raw->editor()->text().contains(u"20..80"_s));
    QCOMPARE(editor.mockPane()->latencyMode()->currentText(), u"Random range"_s);
}

void tst_EndpointEditor::mockTabWritesTheDocumentedFormat()
{
    ui::ProjectSession session;
    session.setAutosaveInterval(0);
    session.newProject(R"({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "security": [{"key": []}],
      "paths": {"/metrics/{id}": {"x-portico-latency": 5, "get": {"responses": {
        "200": {"description": "ok", "content": {"text/event-stream": {"schema": {"type": "string"}}}},
        "404": {"description": "missing", "content": {"application/json": {"examples": {"gone": {"value": {}}}}}}}}}},
      "components": {"schemas": {"Metric": {"type": "object", "properties": {"v": {"type": "number"}}}},
        "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}}})", core::FileFormat::Json);
    const QString op = u"/paths/~1metrics~1{id}/get"_s;
    ui::MockBehaviourPane pane(&session);
    QAbstractItemModelTester faultsTester(pane.faultsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester rulesTester(pane.rules()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    pane.setOperation({u"/metrics/{id}"_s, u"get"_s});
    auto value = [&](const QString &key) { return session.document()->value(QString(op + u'/' + key)); };
    auto has = [&](const QString &key) { return session.document()->value(op).toObject().contains(key); };

    // The path item's latency is shown as inherited until the operation sets its own range.
    QVERIFY2(pane.latencyHint().contains(u"Inherited from the path"_s), qPrintable(pane.latencyHint()));
    pane.setLatency(ui::MockBehaviourPane::LatencyMode::Range, 80, 20); // max below min is raised to min
    QCOMPARE(value(u"x-portico-latency"_s), Json(u"80..80"_s));
    pane.setLatency(ui::MockBehaviourPane::LatencyMode::Range, 20, 80);
    QCOMPARE(value(u"x-portico-latency"_s), Json(u"20..80"_s));

    // Faults of every kind; probability 1 (the default) is not written.
    auto *faults = pane.faultsModel();
    QCOMPARE(faults->addFault(), 0);
    QCOMPARE(faults->addFault(), 1);
    QCOMPARE(faults->addFault(), 2);
    QVERIFY(faults->setData(faults->index(1, ui::FaultsModel::Kind), u"reset"_s));
    QVERIFY(!(faults->flags(faults->index(1, ui::FaultsModel::Value)) & Qt::ItemIsEditable));
    QVERIFY(faults->setData(faults->index(2, ui::FaultsModel::Kind), u"slow body"_s));
    QVERIFY(faults->setData(faults->index(2, ui::FaultsModel::Value), u"2000"_s));
    QVERIFY(faults->setData(faults->index(2, ui::FaultsModel::Probability), u"1"_s));
    QVERIFY(!faults->setData(faults->index(0, ui::FaultsModel::Value), u"42"_s)); // not an HTTP status
    QCOMPARE(value(u"x-portico-faults"_s), parse(R"([{"status": 500, "probability": 0.1}, {"reset": true, "probability": 0.1},
                                                   {"slow_body_ms": 2000}])"));

    // Rules: conditions typed as JSON in the cell or in the editor; what the engine would not read is refused.
    auto *rules = pane.rules()->model();
    QCOMPARE(rules->addRule(), 0);
    QCOMPARE(value(u"x-portico-rules"_s), parse(R"([{"when": {"path.id": {"equals": "0"}}, "respond": {"status": 404}}])"));
    QVERIFY(!rules->setData(rules->index(0, ui::RulesModel::Conditions), QString::fromUtf8(R"({"params.id": {"equals": "0"}})")));
    QVERIFY(!rules->setData(rules->index(0, ui::RulesModel::Conditions), QString::fromUtf8(R"({"path.id": {"equals": "0", "regex": "x"}})")));
    const QString badRegex = u"{\"path.id\": {\"regex\": \"[\"}}"_s; // does not compile
    QVERIFY(!rules->setData(rules->index(0, ui::RulesModel::Conditions), badRegex));
    QVERIFY(rules->setData(rules->index(0, ui::RulesModel::Conditions), QString::fromUtf8(R"({"path.id": {"regex": "^9"}})")));
    QCOMPARE(rules->index(0, ui::RulesModel::Conditions).data().toString(), u"path.id ~ /^9/"_s);
    auto *conditions = pane.rules()->conditionsEditor();
    pane.rules()->view()->setCurrentIndex(rules->index(0, 0));
    conditions->setText(QString::fromUtf8(R"({"header.X-Debug": {"exists": false}})"));
    QVERIFY(!pane.rules()->applyConditions());
    QCOMPARE(conditions->errorMarkerCount(), 1);
    conditions->setText(QString::fromUtf8(R"({"header.X-Debug": {"absent": true}, "body/kind": {"equals": 2}})"));
    QVERIFY(pane.rules()->applyConditions());
    QVERIFY(rules->setData(rules->index(0, ui::RulesModel::Example), u"gone"_s));
    QCOMPARE(value(u"x-portico-rules"_s)[0], parse(R"({"when": {"header.X-Debug": {"absent": true}, "body/kind": {"equals": 2}},
                                                     "respond": {"status": 404, "example": "gone"}})"));
    // A status without that example drops the example.
    QVERIFY(rules->setData(rules->index(0, ui::RulesModel::Status), u"200"_s));
    QCOMPARE(value(u"x-portico-rules"_s)[0][u"respond"], parse(R"({"status": 200})"));

    // Stream settings on the SSE response; defaults are not written.
    auto *streams = pane.streams();
    QCOMPARE(streams->targets(), QStringList{u"200 text/event-stream"_s});
    streams->intervalBox()->setValue(500);
    streams->countBox()->setValue(20);
    typeInto(streams->eventEdit(), u"metric"_s);
    pick(streams->itemSchemaCombo(), u"Metric"_s);
    const QString stream = op + u"/responses/200/content/text~1event-stream/x-portico-stream"_s;
    QCOMPARE(session.document()->value(stream), parse(R"({"interval_ms": 500, "count": 20, "event": "metric",
                                                          "item_schema": {"$ref": "#/components/schemas/Metric"}})"));

    // Security: none is an empty list, the default is no key at all.
    pick(pane.securityCombo(), u"none"_s);
    QCOMPARE(value(u"security"_s), Json(core::JsonArray{}));
    pane.rateLimitRequests()->setValue(10);
    pane.rateLimitSeconds()->setValue(1.5);
    QCOMPARE(value(u"x-portico-rate-limit"_s), parse(R"({"requests": 10, "per_seconds": 1.5})"));

    // The engine reads all of it.
    mock::MockEngine engine;
    QVERIFY(engine.setDocument(session.document()->root(), {}).ok());
    const mock::CompiledOperation *plan = engine.table()->match("GET", u"/metrics/7").operation;
    QVERIFY(plan);
    QCOMPARE(plan->latencyMin, 20);
    QCOMPARE(plan->latencyMax, 80);
    QCOMPARE(plan->faults.size(), 3);
    QCOMPARE(plan->faults[1].kind, mock::FaultPlan::Kind::Reset);
    QCOMPARE(plan->faults[2].kind, mock::FaultPlan::Kind::SlowBody);
    QCOMPARE(plan->faults[2].slowBodyMs, 2000);
    QCOMPARE(plan->faults[2].probability, 1.0);
    QCOMPARE(plan->rules.size(), 1);
    QCOMPARE(plan->rules[0].when.size(), 2);
    QVERIFY(plan->security.isEmpty()); // `security: []` overrides the document's default: public
    QCOMPARE(plan->rateLimitRequests, 10);
    QCOMPARE(plan->rateLimitSeconds, 1.5);
    const mock::MediaPlan &sse = plan->response(200)->content[0];
    QVERIFY(sse.stream);
    QCOMPARE(sse.stream->intervalMs, 500);
    QCOMPARE(sse.stream->count, 20);
    QCOMPARE(sse.stream->event, u"metric"_s);

    // Emptied, every setting removes its key: no clutter left in the file.
    pane.setLatency(ui::MockBehaviourPane::LatencyMode::None, 0);
    while (faults->rowCount() > 0)
        QVERIFY(faults->removeFault(0));
    QVERIFY(rules->removeRule(0));
    streams->intervalBox()->setValue(-1);
    streams->countBox()->setValue(-1);
    streams->eventEdit()->selectAll();
    QTest::keyClick(streams->eventEdit(), Qt::Key_Backspace);
    pick(streams->itemSchemaCombo(), QString());
    pick(pane.securityCombo(), u"default"_s);
    pane.rateLimitRequests()->setValue(0);
    for (const QString &key : {u"x-portico-latency"_s, u"x-portico-faults"_s, u"x-portico-rules"_s, u"security"_s,
                               u"x-portico-rate-limit"_s})
        QVERIFY2(!has(key), qPrintable(key));
    QVERIFY(!session.document()->value(QString(op + u"/responses/200/content/text~1event-stream"_s)).toObject().contains(u"x-portico-stream"));
    // With its own latency gone, the path's applies again, and the pane says so.
    QVERIFY(engine.setDocument(session.document()->root(), {}).ok());
    QCOMPARE(engine.table()->match("GET", u"/metrics/7").operation->latencyMin, 5);
    QVERIFY(pane.latencyHint().contains(u"5"_s));
}

void tst_EndpointEditor::responsesStatusesAndHeaders()
{
    ui::ProjectSession session;
    session.setAutosaveInterval(0);
    session.newProject(R"({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
      "paths": {"/pets/{id}": {"get": {
        "x-portico-rules": [{"when": {"path.id": {"equals": "0"}}, "respond": {"status": 404}}],
        "responses": {"200": {"description": "ok"}, "404": {"$ref": "#/components/responses/NotFound"}}}}},
      "components": {"responses": {"NotFound": {"description": "Not found", "headers": {
        "X-Reason": {"description": "why", "schema": {"type": "string"}}}}}}})", core::FileFormat::Json);
    const QString op = u"/paths/~1pets~1{id}/get"_s;
    ui::ResponsesEditor editor(&session);
    QAbstractItemModelTester headersTester(editor.headersModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    editor.setOperation({u"/pets/{id}"_s, u"get"_s});
    QCOMPARE(editor.statuses(), (QStringList{u"200"_s, u"404"_s}));

    // A shared response is edited where it lives.
    editor.selectResponse(u"404"_s);
    QCOMPARE(editor.responsePointer(), u"/components/responses/NotFound"_s);
    QCOMPARE(editor.headersModel()->rowCount(), 1);
    QVERIFY(editor.headersModel()->setData(editor.headersModel()->index(0, ui::ResponseHeadersModel::Type), u"integer"_s));
    QCOMPARE(session.document()->value(u"/components/responses/NotFound/headers/X-Reason/schema"), parse(R"({"type": "integer"})"));

    // Statuses are validated, kept in order, and renaming one carries the rules along.
    QVERIFY(!editor.addResponse(u"200"_s));
    QVERIFY(!editor.addResponse(u"600"_s));
    QVERIFY(!editor.addResponse(u"2xx"_s));
    QVERIFY(editor.addResponse(u"default"_s));
    QVERIFY(editor.addResponse(u"201"_s));
    QVERIFY(editor.addResponse(u"4XX"_s));
    QCOMPARE(editor.statuses(), (QStringList{u"200"_s, u"201"_s, u"404"_s, u"4XX"_s, u"default"_s}));
    QCOMPARE(session.document()->value(QString(op + u"/responses/default/description"_s)), Json(u"Unexpected error"_s));
    QVERIFY(!editor.changeStatus(u"404"_s, u"201"_s));
    QVERIFY(editor.changeStatus(u"404"_s, u"410"_s));
    QCOMPARE(editor.statuses(), (QStringList{u"200"_s, u"201"_s, u"410"_s, u"4XX"_s, u"default"_s}));
    QCOMPARE(session.document()->value(QString(op + u"/x-portico-rules/0/respond/status"_s)), Json(410));
    QCOMPARE(session.document()->value(QString(op + u"/responses/410/$ref"_s)), Json(u"#/components/responses/NotFound"_s));
    session.undoStack()->undo();
    QCOMPARE(session.document()->value(QString(op + u"/x-portico-rules/0/respond/status"_s)), Json(404));

    // The status field renames on Return, and refuses a bad code.
    editor.selectResponse(u"201"_s);
    typeInto(editor.statusEdit(), u"202"_s);
    QVERIFY(editor.statuses().contains(u"202"_s));
    typeInto(editor.statusEdit(), u"abc"_s);
    QCOMPARE(editor.statusEdit()->text(), u"202"_s);

    // Headers of an inline response: add, rename, describe, remove (the empty map goes too).
    editor.selectResponse(u"200"_s);
    auto *headers = editor.headersModel();
    QCOMPARE(headers->addHeader(), 0);
    QVERIFY(headers->setData(headers->index(0, ui::ResponseHeadersModel::Name), u"ETag"_s));
    QVERIFY(headers->setData(headers->index(0, ui::ResponseHeadersModel::Description), u"Version tag"_s));
    QCOMPARE(session.document()->value(QString(op + u"/responses/200/headers"_s)),
             parse(R"({"ETag": {"description": "Version tag", "schema": {"type": "string"}}})"));
    QVERIFY(headers->removeHeader(0));
    QVERIFY(!session.document()->value(QString(op + u"/responses/200"_s)).toObject().contains(u"headers"));

    // Media types with a model picker: none, a model, an array of it, or an inline schema edited as text.
    QVERIFY(editor.content()->addMediaType(u"application/x-www-form-urlencoded"_s));
    QVERIFY(!editor.content()->addMediaType(u"application/x-www-form-urlencoded"_s));
    QVERIFY(!editor.content()->addMediaType(u"nonsense"_s));
    auto *picker = editor.content()->schemaPicker();
    QCOMPARE(picker->currentChoice(), u"none"_s);
    picker->choose(u"inline"_s);
    QCOMPARE(picker->currentChoice(), u"inline"_s);
    QVERIFY(!picker->inlineEditor()->isHidden());
    const QString schema = op + u"/responses/200/content/application~1x-www-form-urlencoded/schema"_s;
    QCOMPARE(session.document()->value(schema), parse(R"({"type": "object"})"));
    picker->inlineEditor()->editor()->setText(QString::fromUtf8(R"({"type": "object", "properties": {"q": {"type": "string"}}})"));
    QVERIFY(picker->inlineEditor()->applyNow());
    QCOMPARE(session.document()->value(QString(schema + u"/properties/q/type"_s)), Json(u"string"_s));
    picker->choose(u"none"_s);
    QVERIFY(picker->inlineEditor()->isHidden());
    QVERIFY(editor.content()->removeMediaType(u"application/x-www-form-urlencoded"_s));
    QVERIFY(!session.document()->value(QString(op + u"/responses/200"_s)).toObject().contains(u"content"));

    QVERIFY(editor.removeResponse(u"default"_s));
    QVERIFY(!editor.statuses().contains(u"default"_s));
}

QTEST_MAIN(tst_EndpointEditor)
#include "tst_endpointeditor.moc"
