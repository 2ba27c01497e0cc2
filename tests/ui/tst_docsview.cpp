// The interactive docs: the operation list as a model, readable type trees (constraints, unions, nullable,
// recursive models), docs that follow edits and undo, and Try it against a real mock server on 127.0.0.1.
#include "ui/codeeditor.h"
#include "ui/docsendpointmodel.h"
#include "ui/docsview.h"
#include "ui/endpointdocs.h"
#include "ui/projectsession.h"
#include "ui/schemadescription.h"
#include "ui/tryitpanel.h"
#include "ui/tryitrequest.h"

#include "core/apidocument.h"
#include "core/jsonparser.h"
#include "core/jsonwriter.h"
#include "mock/mockengine.h"
#include "mock/mockserver.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>
#include <QUndoStack>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace portico;
using core::Json;

namespace {

const QString kStore = QStringLiteral(PORTICO_SOURCE_DIR "/resources/examples/store.yaml");

// A small document with what the store lacks: recursion (direct and mutual), an untagged and a deprecated
// operation, several body media types, a nullable model.
const QByteArray kRecursive = R"({
  "openapi": "3.1.0",
  "info": {"title": "Trees", "version": "1"},
  "paths": {
    "/trees": {
      "post": {
        "tags": ["trees"],
        "summary": "Plant a tree",
        "requestBody": {"required": true, "content": {
          "application/json": {"schema": {"$ref": "#/components/schemas/Node"}},
          "application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["name", "height"],
              "properties": {"name": {"type": "string", "examples": ["oak"]}, "height": {"type": "integer", "examples": [3]}}}}
        }},
        "responses": {"200": {"description": "The pair", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}
      }
    },
    "/legacy": {
      "get": {"deprecated": true, "summary": "Old listing", "responses": {"204": {"description": "Nothing"}}}
    }
  },
  "components": {"schemas": {
    "Node": {"type": "object", "required": ["name"], "properties": {
      "name": {"type": "string", "minLength": 1},
      "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
      "parent": {"anyOf": [{"$ref": "#/components/schemas/Node"}, {"type": "null"}]}
    }},
    "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
    "B": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}, "label": {"type": ["string", "null"], "format": "email"}}}
  }}
})";

QTreeWidgetItem *childNamed(QTreeWidgetItem *parent, const QString &name)
{
    for (int i = 0; parent && i < parent->childCount(); ++i) {
        if (parent->child(i)->text(ui::EndpointDocs::Name) == name)
            return parent->child(i);
    }
    return nullptr;
}

// The item at a path of names from a top-level section, e.g. {"Request body", "application/json", "name"}.
QTreeWidgetItem *itemAt(const ui::EndpointDocs *docs, const QStringList &names)
{
    QTreeWidgetItem *item = docs->section(names.value(0));
    for (qsizetype i = 1; item && i < names.size(); ++i)
        item = childNamed(item, names.at(i));
    return item;
}

QString text(const QTreeWidgetItem *item, ui::EndpointDocs::Column column)
{
    return item ? item->text(column) : u"<missing>"_s;
}

} // namespace

Q_DECLARE_METATYPE(portico::ui::TryItInput)

class tst_DocsView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void endpointListGroupsByTag();
    void describerWording_data();
    void describerWording();
    void detailShowsParametersAndBodyTrees();
    void docsFollowEditsAndUndo();
    void recursiveModelsRenderWithoutLooping();
    void fanOutModelsAreCutShort();
    void largeDocumentBuildsOnlyTheSelection();
    void requestUrlEncoding_data();
    void requestUrlEncoding();
    void tryItFormAndMediaTypes();
    void tryItAgainstRealServer();
    void tryItShowsValidationErrors();

private:
    void startServer(const Json &document);

    std::unique_ptr<mock::MockEngine> m_engine;
    std::unique_ptr<mock::MockServer> m_server;
};

void tst_DocsView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_DocsView::cleanupTestCase()
{
    if (m_server)
        m_server->stop(0);
}

void tst_DocsView::startServer(const Json &document)
{
    if (m_server)
        m_server->stop(0);
    m_server.reset();
    m_engine = std::make_unique<mock::MockEngine>();
    QVERIFY(m_engine->setDocument(document, {}).ok());
    m_server = std::make_unique<mock::MockServer>(m_engine.get());
    mock::ServerOptions options;
    options.port = 0;
    options.threads = 1;
    const auto started = m_server->start(options);
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
}

void tst_DocsView::endpointListGroupsByTag()
{
    core::ApiDocument doc;
    QVERIFY(doc.load(kStore).ok());
    ui::DocsView view(&doc);
    ui::DocsEndpointModel *model = view.endpointModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester proxyTester(view.endpointFilter(), QAbstractItemModelTester::FailureReportingMode::Fatal);

    // Groups in the order the document declares its tags.
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(model->index(0, 0).data().toString(), u"items"_s);
    QCOMPARE(model->index(1, 0).data().toString(), u"orders"_s);
    QCOMPARE(model->index(2, 0).data().toString(), u"users"_s);
    QCOMPARE(model->index(0, 0).data(Qt::ToolTipRole).toString(),
             u"Pets listed for sale. Mocked as a stateful CRUD collection keyed by `id`."_s);

    // Every operation, under each of its tags, with its method badge.
    const QList<core::ApiEndpoint> endpoints = doc.endpoints();
    QCOMPARE(endpoints.size(), 12);
    QCOMPARE(model->endpointCount(), 12);
    for (const core::ApiEndpoint &e : endpoints) {
        QVERIFY(!e.tags.isEmpty());
        const QModelIndex index = model->indexOf(e.path, e.method, e.tags.first());
        QVERIFY2(index.isValid(), qPrintable(e.method + u' ' + e.path));
        QCOMPARE(index.parent().data(ui::DocsEndpointModel::TagRole).toString(), e.tags.first());
        QCOMPARE(index.data(ui::DocsEndpointModel::PointerRole).toString(), e.pointer);
        QVERIFY(index.data(Qt::DisplayRole).toString().startsWith(e.path));
        QVERIFY(index.data(Qt::DisplayRole).toString().contains(e.summary));
        QVERIFY(!index.data(Qt::DecorationRole).value<QIcon>().isNull());
    }
    const QModelIndex getItem = model->indexOf(u"/items/{itemId}"_s, u"get"_s);
    QCOMPARE(getItem.data().toString(), u"/items/{itemId}  Get an item"_s);

    // The filter narrows the list and keeps the group headings of what matches.
    QTest::keyClicks(view.filterEdit(), u"orderid"_s);
    QCOMPARE(view.endpointFilter()->rowCount(), 1);
    QCOMPARE(view.endpointFilter()->rowCount(view.endpointFilter()->index(0, 0)), 1);
    view.filterEdit()->clear();
    QCOMPARE(view.endpointFilter()->rowCount(), 3);

    // Untagged operations get their own group at the end; deprecated ones say so.
    core::ApiDocument trees;
    QVERIFY(trees.loadFromData(kRecursive, u"trees.json"_s, core::FileFormat::Json).ok());
    ui::DocsEndpointModel treeModel(&trees);
    QAbstractItemModelTester treeTester(&treeModel, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(treeModel.rowCount(), 2);
    QCOMPARE(treeModel.index(1, 0).data().toString(), u"(untagged)"_s);
    const QModelIndex legacy = treeModel.indexOf(u"/legacy"_s, u"get"_s);
    QVERIFY(legacy.data(ui::DocsEndpointModel::DeprecatedRole).toBool());
    QVERIFY(legacy.data(Qt::FontRole).value<QFont>().strikeOut());
}

void tst_DocsView::describerWording_data()
{
    QTest::addColumn<QByteArray>("schema");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QStringList>("constraints");

    QTest::addRow("string with format and length")
        << QByteArray(R"({"type":"string","format":"email","minLength":3,"maxLength":80})") << u"string (email)"_s
        << QStringList{u"length 3..80"_s};
    QTest::addRow("nullable by type array") << QByteArray(R"({"type":["string","null"],"maxLength":5,"default":null})")
                                            << u"string | null"_s << QStringList{u"length ≤ 5"_s, u"default: null"_s};
    QTest::addRow("nullable model by anyOf")
        << QByteArray(R"({"anyOf":[{"$ref":"#/components/schemas/Pet"},{"type":"null"}]})") << u"Pet | null"_s
        << QStringList{u"≥ 1 fields"_s};
    QTest::addRow("exclusive bounds and multipleOf")
        << QByteArray(R"({"type":"number","exclusiveMinimum":0,"exclusiveMaximum":100,"multipleOf":0.5})")
        << u"number"_s << QStringList{u"> 0"_s, u"< 100"_s, u"multiple of 0.5"_s};
    QTest::addRow("integer bounds, default, example")
        << QByteArray(R"({"type":"integer","format":"int32","minimum":1,"maximum":10,"default":2,"examples":[3]})")
        << u"integer (int32)"_s << QStringList{u"≥ 1"_s, u"≤ 10"_s, u"default: 2"_s, u"example: 3"_s};
    QTest::addRow("enum without type") << QByteArray(R"({"enum":["a","b"]})") << u"string"_s
                                       << QStringList{u"one of: a, b"_s};
    QTest::addRow("const") << QByteArray(R"({"const":"dog"})") << u"string"_s << QStringList{u"= dog"_s};
    QTest::addRow("array of model")
        << QByteArray(R"({"type":"array","items":{"$ref":"#/components/schemas/Pet"},"minItems":1,"uniqueItems":true})")
        << u"array of Pet"_s << QStringList{u"≥ 1 items"_s, u"unique items"_s};
    QTest::addRow("map of strings") << QByteArray(R"({"type":"object","additionalProperties":{"type":"string"}})")
                                    << u"map of string"_s << QStringList{};
    QTest::addRow("oneOf with discriminator")
        << QByteArray(
               R"({"oneOf":[{"$ref":"#/components/schemas/Pet"},{"type":"integer"}],"discriminator":{"propertyName":"kind"}})")
        << u"oneOf: Pet | integer"_s << QStringList{u"discriminator: kind"_s};
    QTest::addRow("allOf composition")
        << QByteArray(R"({"allOf":[{"$ref":"#/components/schemas/Pet"},{"type":"object","properties":{"x":{}}}]})")
        << u"Pet & object"_s << QStringList{u"≥ 1 fields"_s};
    QTest::addRow("string model keeps its base type") << QByteArray(R"({"$ref":"#/components/schemas/Code"})")
                                                      << u"Code (string)"_s << QStringList{u"pattern ^[A-Z]{3}$"_s};
    QTest::addRow("unresolved reference") << QByteArray(R"({"$ref":"#/components/schemas/Nope"})") << u"Nope"_s
                                          << QStringList{u"unresolved reference #/components/schemas/Nope"_s};
    QTest::addRow("read-only, write-only") << QByteArray(R"({"type":"string","readOnly":true,"writeOnly":false})")
                                           << u"string"_s << QStringList{u"read-only"_s};
    QTest::addRow("empty schema") << QByteArray("{}") << u"any"_s << QStringList{};
}

void tst_DocsView::describerWording()
{
    QFETCH(QByteArray, schema);
    QFETCH(QString, type);
    QFETCH(QStringList, constraints);
    const Json root = core::parseJson(R"({"components":{"schemas":{
        "Pet":{"type":"object","minProperties":1,"properties":{"name":{"type":"string"}}},
        "Code":{"type":"string","pattern":"^[A-Z]{3}$"}}}})");
    QVERIFY(root.isObject());
    ui::SchemaDescriber describer(root);
    const ui::SchemaRow row = describer.describe(u"field"_s, core::parseJson(schema));
    QCOMPARE(row.type, type);
    QCOMPARE(row.constraints, constraints);
}

void tst_DocsView::detailShowsParametersAndBodyTrees()
{
    core::ApiDocument doc;
    QVERIFY(doc.load(kStore).ok());
    ui::DocsView view(&doc);
    ui::EndpointDocs *docs = view.docs();

    QVERIFY(view.selectEndpoint(u"/items"_s, u"get"_s));
    QVERIFY(docs->titleLabel()->text().contains(u"/items"_s));
    QVERIFY(docs->titleLabel()->text().contains(u"GET"_s));
    QCOMPARE(docs->summaryLabel()->text(), u"List items"_s);
    QVERIFY(docs->descriptionLabel()->text().startsWith(u"Returns a page of items"_s));
    QVERIFY(docs->deprecatedLabel()->isHidden());
    QVERIFY(docs->detailsLabel()->text().contains(u"operationId: listItems"_s));

    // Parameters by location, $refs to components/parameters resolved, with their constraints.
    QTreeWidgetItem *limit = itemAt(docs, {u"Parameters"_s, u"query"_s, u"limit"_s});
    QVERIFY(limit);
    QCOMPARE(text(limit, ui::EndpointDocs::Type), u"integer"_s);
    QCOMPARE(text(limit, ui::EndpointDocs::Constraints), u"≥ 1 · ≤ 100 · default: 20"_s);
    QCOMPARE(text(limit, ui::EndpointDocs::Description), u"Maximum number of results to return."_s);
    QCOMPARE(text(limit, ui::EndpointDocs::Required), QString());
    QTreeWidgetItem *q = itemAt(docs, {u"Parameters"_s, u"query"_s, u"q"_s});
    QCOMPARE(text(q, ui::EndpointDocs::Constraints), u"length 1..100 · example: corgi"_s);
    QCOMPARE(text(itemAt(docs, {u"Parameters"_s, u"query"_s, u"tag"_s}), ui::EndpointDocs::Type), u"Tag (string)"_s);
    QCOMPARE(text(itemAt(docs, {u"Parameters"_s, u"header"_s, u"X-Request-Id"_s}), ui::EndpointDocs::Type),
             u"string (uuid)"_s);

    // Responses per status with headers and body trees; nested models expand.
    QTreeWidgetItem *ok = itemAt(docs, {u"Responses"_s, u"200"_s});
    QCOMPARE(text(ok, ui::EndpointDocs::Type), u"OK"_s);
    QTreeWidgetItem *total = itemAt(docs, {u"Responses"_s, u"200"_s, u"Headers"_s, u"X-Total-Count"_s});
    QCOMPARE(text(total, ui::EndpointDocs::Type), u"integer"_s);
    QCOMPARE(text(total, ui::EndpointDocs::Constraints), u"≥ 0"_s);
    QCOMPARE(text(itemAt(docs, {u"Responses"_s, u"200"_s, u"application/json"_s}), ui::EndpointDocs::Type),
             u"ItemPage"_s);
    QTreeWidgetItem *items = itemAt(docs, {u"Responses"_s, u"200"_s, u"application/json"_s, u"items"_s});
    QCOMPARE(text(items, ui::EndpointDocs::Type), u"array of Item"_s);
    QCOMPARE(text(items, ui::EndpointDocs::Required), u"required"_s);
    QTreeWidgetItem *sku =
        itemAt(docs, {u"Responses"_s, u"200"_s, u"application/json"_s, u"items"_s, u"[ ]"_s, u"sku"_s});
    QCOMPARE(text(sku, ui::EndpointDocs::Constraints), u"pattern ^[A-Z]{3}-[0-9]{4}$ · example: DOG-0001"_s);
    QCOMPARE(text(itemAt(docs, {u"Responses"_s, u"422"_s, u"application/problem+json"_s}), ui::EndpointDocs::Type),
             u"ValidationProblem"_s);
    QVERIFY(itemAt(docs, {u"Responses"_s, u"422"_s, u"application/problem+json"_s, u"errors"_s}));

    // The request body of POST /items: required, with the Item model's fields.
    QVERIFY(view.selectEndpoint(u"/items"_s, u"post"_s));
    QCOMPARE(view.currentMethod(), u"post"_s);
    QVERIFY(docs->detailsLabel()->text().contains(u"apiKey (header X-API-Key)"_s));
    QCOMPARE(text(docs->section(u"Request body"_s), ui::EndpointDocs::Required), u"required"_s);
    QTreeWidgetItem *body = itemAt(docs, {u"Request body"_s, u"application/json"_s});
    QCOMPARE(text(body, ui::EndpointDocs::Type), u"Item"_s);
    QVERIFY(text(body, ui::EndpointDocs::Constraints).contains(u"no other fields"_s));
    QCOMPARE(body->childCount(), 11);
    QTreeWidgetItem *name = childNamed(body, u"name"_s);
    QCOMPARE(text(name, ui::EndpointDocs::Type), u"string"_s);
    QCOMPARE(text(name, ui::EndpointDocs::Required), u"required"_s);
    QCOMPARE(text(name, ui::EndpointDocs::Constraints), u"length 1..80 · example: Biscuit"_s);
    QCOMPARE(text(name, ui::EndpointDocs::Description), u"Display name of the pet."_s);
    QCOMPARE(text(childNamed(body, u"price"_s), ui::EndpointDocs::Constraints), u"> 0 · ≤ 100000 · example: 450"_s);
    QCOMPARE(text(childNamed(body, u"discount_percent"_s), ui::EndpointDocs::Constraints),
             u"≥ 0 · < 100 · multiple of 0.5 · default: 0"_s);
    QCOMPARE(text(childNamed(body, u"id"_s), ui::EndpointDocs::Constraints), u"read-only · ≥ 1"_s);
    QCOMPARE(text(childNamed(body, u"id"_s), ui::EndpointDocs::Type), u"integer (int64)"_s);
    QCOMPARE(text(childNamed(body, u"status"_s), ui::EndpointDocs::Type), u"ItemStatus (string)"_s);
    QCOMPARE(text(childNamed(body, u"status"_s), ui::EndpointDocs::Constraints),
             u"one of: available, pending, sold · default: available"_s);
    QCOMPARE(text(childNamed(body, u"notes"_s), ui::EndpointDocs::Type), u"string | null"_s);
    QCOMPARE(text(childNamed(body, u"tags"_s), ui::EndpointDocs::Type), u"array of Tag"_s);
    QCOMPARE(text(childNamed(body, u"tags"_s), ui::EndpointDocs::Constraints),
             u"≤ 10 items · unique items · default: []"_s);
    QCOMPARE(text(childNamed(body, u"created_at"_s), ui::EndpointDocs::Type), u"string (date-time)"_s);
    // A union: one child per alternative, each with its own fields.
    QTreeWidgetItem *pet = childNamed(body, u"pet"_s);
    QCOMPARE(text(pet, ui::EndpointDocs::Type), u"Pet (oneOf: Dog | Cat)"_s);
    QCOMPARE(text(pet, ui::EndpointDocs::Constraints), u"discriminator: species"_s);
    QCOMPARE(text(childNamed(childNamed(pet, u"Dog"_s), u"species"_s), ui::EndpointDocs::Constraints), u"= dog"_s);
    QCOMPARE(text(childNamed(childNamed(pet, u"Cat"_s), u"coat"_s), ui::EndpointDocs::Constraints),
             u"one of: short, long, hairless"_s);
    QCOMPARE(text(childNamed(childNamed(pet, u"Cat"_s), u"coat"_s), ui::EndpointDocs::Required), u"required"_s);
    // Created response header with its format.
    QCOMPARE(text(itemAt(docs, {u"Responses"_s, u"201"_s, u"Headers"_s, u"Location"_s}), ui::EndpointDocs::Type),
             u"string (uri-reference)"_s);

    // A deprecated operation shows the marker.
    core::ApiDocument trees;
    QVERIFY(trees.loadFromData(kRecursive, u"trees.json"_s, core::FileFormat::Json).ok());
    ui::EndpointDocs legacyDocs;
    QVERIFY(legacyDocs.showEndpoint(trees, u"/legacy"_s, u"get"_s));
    QVERIFY(!legacyDocs.deprecatedLabel()->isHidden());
    QCOMPARE(text(itemAt(&legacyDocs, {u"Responses"_s, u"204"_s}), ui::EndpointDocs::Description), u"Nothing"_s);
    QVERIFY(!legacyDocs.showEndpoint(trees, u"/nope"_s, u"get"_s));
    QCOMPARE(legacyDocs.tree()->topLevelItemCount(), 0);
}

void tst_DocsView::docsFollowEditsAndUndo()
{
    ui::ProjectSession session;
    session.setAutosaveInterval(0);
    QVERIFY(session.open(kStore).ok());
    ui::DocsView view(session.document());
    QAbstractItemModelTester tester(view.endpointModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QVERIFY(view.selectEndpoint(u"/items"_s, u"post"_s));
    auto nameRow = [&] { return itemAt(view.docs(), {u"Request body"_s, u"application/json"_s, u"name"_s}); };
    QCOMPARE(text(nameRow(), ui::EndpointDocs::Constraints), u"length 1..80 · example: Biscuit"_s);

    // Change a model's field: the docs of every operation using it follow, after a short pause.
    session.setValue(u"/components/schemas/Item/properties/name/maxLength"_s, Json(60), u"Set maxLength"_s);
    QVERIFY(view.refreshPending());
    QTRY_COMPARE(text(nameRow(), ui::EndpointDocs::Constraints), u"length 1..60 · example: Biscuit"_s);
    QCOMPARE(view.currentPath(), u"/items"_s);
    QCOMPARE(view.currentMethod(), u"post"_s);
    QCOMPARE(view.endpointView()->currentIndex().data(ui::DocsEndpointModel::PointerRole).toString(),
             core::ApiDocument::operationPointer(u"/items"_s, u"post"_s));

    session.undoStack()->undo();
    QTRY_COMPARE(text(nameRow(), ui::EndpointDocs::Constraints), u"length 1..80 · example: Biscuit"_s);
    session.undoStack()->redo();
    QTRY_COMPARE(text(nameRow(), ui::EndpointDocs::Constraints), u"length 1..60 · example: Biscuit"_s);

    // A new field appears; a burst of edits is one refresh.
    QVERIFY(session.edit(u"Add field"_s, [](core::ApiDocument &d) {
        core::ModelField field;
        field.name = u"color"_s;
        field.schema = core::parseJson(R"({"type":"string","enum":["red","blue"]})");
        field.required = true;
        d.setField(u"Item"_s, field);
        return true;
    }));
    QTRY_VERIFY(itemAt(view.docs(), {u"Request body"_s, u"application/json"_s, u"color"_s}));
    QTreeWidgetItem *color = itemAt(view.docs(), {u"Request body"_s, u"application/json"_s, u"color"_s});
    QCOMPARE(text(color, ui::EndpointDocs::Required), u"required"_s);
    QCOMPARE(text(color, ui::EndpointDocs::Constraints), u"one of: red, blue"_s);

    // A changed summary relabels the list in place: no reset, the selection stays.
    QSignalSpy resets(view.endpointModel(), &QAbstractItemModel::modelReset);
    session.setValue(u"/paths/~1items/post/summary"_s, Json(u"List a pet"_s), u"Summary"_s);
    view.refreshNow();
    QCOMPARE(resets.count(), 0);
    QCOMPARE(view.endpointModel()->indexOf(u"/items"_s, u"post"_s).data().toString(), u"/items  List a pet"_s);
    QCOMPARE(view.docs()->summaryLabel()->text(), u"List a pet"_s);

    // A new operation resets the list; the selection is found again.
    QVERIFY(session.edit(u"Add endpoint"_s, [](core::ApiDocument &d) {
        return d.addEndpoint(u"/aaa"_s, u"get"_s,
                             core::parseJson(R"({"tags":["items"],"responses":{"200":{"description":"ok"}}})"));
    }));
    view.refreshNow();
    QCOMPARE(resets.count(), 1);
    QCOMPARE(view.endpointModel()->endpointCount(), 13);
    QCOMPARE(view.endpointView()->currentIndex().data(ui::DocsEndpointModel::PointerRole).toString(),
             core::ApiDocument::operationPointer(u"/items"_s, u"post"_s));
    QVERIFY(nameRow());

    // The selected operation removed: the page empties instead of showing something stale.
    QVERIFY(session.edit(u"Remove endpoint"_s,
                         [](core::ApiDocument &d) { return d.removeEndpoint(u"/items"_s, u"post"_s); }));
    view.refreshNow();
    QVERIFY(view.currentPath().isEmpty());
    QCOMPARE(view.docs()->tree()->topLevelItemCount(), 0);
    session.undoStack()->undo();
    view.refreshNow();
    QVERIFY(view.endpointModel()->indexOf(u"/items"_s, u"post"_s).isValid());
}

void tst_DocsView::recursiveModelsRenderWithoutLooping()
{
    core::ApiDocument doc;
    QVERIFY(doc.loadFromData(kRecursive, u"trees.json"_s, core::FileFormat::Json).ok());
    ui::DocsView view(&doc);
    QVERIFY(view.selectEndpoint(u"/trees"_s, u"post"_s));
    ui::EndpointDocs *docs = view.docs();

    QTreeWidgetItem *node = itemAt(docs, {u"Request body"_s, u"application/json"_s});
    QCOMPARE(text(node, ui::EndpointDocs::Type), u"Node"_s);
    QTreeWidgetItem *children = childNamed(node, u"children"_s);
    QCOMPARE(text(children, ui::EndpointDocs::Type), u"array of Node"_s);
    QTreeWidgetItem *child = childNamed(children, u"[ ]"_s);
    QCOMPARE(text(child, ui::EndpointDocs::Type), u"Node"_s);
    QCOMPARE(text(child, ui::EndpointDocs::Constraints), u"recursive: see Node above"_s);
    QCOMPARE(child->childCount(), 0);
    QTreeWidgetItem *parent = childNamed(node, u"parent"_s);
    QCOMPARE(text(parent, ui::EndpointDocs::Type), u"Node | null"_s);
    QCOMPARE(parent->childCount(), 0);

    // Mutual recursion: A → B → A stops at the second A.
    QTreeWidgetItem *a = itemAt(docs, {u"Responses"_s, u"200"_s, u"application/json"_s});
    QCOMPARE(text(a, ui::EndpointDocs::Type), u"A"_s);
    QTreeWidgetItem *b = childNamed(a, u"b"_s);
    QCOMPARE(text(b, ui::EndpointDocs::Type), u"B"_s);
    QCOMPARE(text(childNamed(b, u"label"_s), ui::EndpointDocs::Type), u"string (email) | null"_s);
    QTreeWidgetItem *backToA = childNamed(b, u"a"_s);
    QCOMPARE(text(backToA, ui::EndpointDocs::Type), u"A"_s);
    QCOMPARE(backToA->childCount(), 0);

    // Try it generates a body for the recursive model too (the generator bounds the depth).
    view.tabs()->setCurrentIndex(ui::DocsView::TryItTab);
    const Json generated = core::parseJson(view.tryIt()->bodyEditor()->text().toUtf8());
    QVERIFY(generated.isObject());
    QVERIFY(generated[u"name"].isString());
}

void tst_DocsView::fanOutModelsAreCutShort()
{
    // 15 levels of models, each with ten fields and a three-way union of the next level: described in full
    // that is 13^15 rows. The budgets cut it to a readable, bounded tree.
    core::JsonObject schemas;
    for (int i = 0; i < 15; ++i) {
        const Json next =
            core::parseJson(QByteArray(R"({"$ref":"#/components/schemas/M)" + QByteArray::number(i + 1) + R"("})"));
        core::JsonObject properties;
        for (int p = 0; p < 10; ++p)
            properties.append(u"p%1"_s.arg(p), next);
        properties.append(u"either"_s, Json(core::JsonObject{{u"oneOf"_s, Json(core::JsonArray{next, next, next})}}));
        schemas.append(u"M%1"_s.arg(i), Json(core::JsonObject{{u"type"_s, Json(u"object"_s)},
                                                              {u"properties"_s, Json(std::move(properties))}}));
    }
    schemas.append(u"M15"_s, core::parseJson(R"({"type":"string"})"));
    const Json root(
        core::JsonObject{{u"components"_s, Json(core::JsonObject{{u"schemas"_s, Json(std::move(schemas))}})}});

    QElapsedTimer timer;
    timer.start();
    ui::SchemaDescriber describer(root);
    const ui::SchemaRow row = describer.describe(u"body"_s, core::parseJson(R"({"$ref":"#/components/schemas/M0"})"));
    QVERIFY2(timer.elapsed() < 2000, qPrintable(u"took %1 ms"_s.arg(timer.elapsed())));
    QVERIFY(describer.truncated());
    std::function<int(const ui::SchemaRow &)> count = [&](const ui::SchemaRow &r) {
        int n = 1;
        for (const ui::SchemaRow &c : r.children)
            n += count(c);
        return n;
    };
    // Objects already being expanded finish their field lists: a little over the budget, never more.
    QVERIFY2(count(row) <= ui::SchemaDescriber::Limits{}.maxRows + 200, qPrintable(QString::number(count(row))));
    QCOMPARE(row.type, u"M0"_s);
    QCOMPARE(row.children.size(), size_t(11)); // the body's own fields are all there
    QCOMPARE(row.children.front().type, u"M1"_s);
    QCOMPARE(row.children.back().type, u"oneOf: M1 | M1 | M1"_s);
}

void tst_DocsView::largeDocumentBuildsOnlyTheSelection()
{
    core::JsonObject paths;
    for (int i = 0; i < 500; ++i) {
        paths.append(u"/things%1/{id}"_s.arg(i),
                     core::parseJson(QByteArray(
                         R"({"get":{"tags":["t)" + QByteArray::number(i % 10) +
                         R"("],"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"integer"}}],
            "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}}}}})")));
    }
    Json root = core::parseJson(R"({"openapi":"3.1.0","info":{"title":"Big","version":"1"},"components":{"schemas":{
        "Thing":{"type":"object","properties":{"name":{"type":"string"},"next":{"$ref":"#/components/schemas/Thing"}}}}}})");
    root.object().insert(u"paths"_s, Json(std::move(paths)));
    core::ApiDocument doc;
    doc.setRoot(root);

    ui::DocsView view(&doc);
    QCOMPARE(view.endpointModel()->rowCount(), 10);
    QCOMPARE(view.endpointModel()->endpointCount(), 500);
    QVERIFY(view.selectEndpoint(u"/things250/{id}"_s, u"get"_s));
    // Only the selected operation's page exists: its sections hold one parameter and one response.
    QCOMPARE(view.docs()->tree()->topLevelItemCount(), 2);
    QCOMPARE(itemAt(view.docs(), {u"Parameters"_s, u"path"_s})->childCount(), 1);

    // An edit with 500 operations listed is applied in far less than the pause between keystrokes would allow
    // to notice (the bound is generous: shared CI machines stall).
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 5; ++i) {
        doc.setValue(u"/components/schemas/Thing/properties/name/maxLength"_s, Json(10 + i));
        view.refreshNow();
    }
    QVERIFY2(timer.elapsed() < 2500, qPrintable(u"5 refreshes took %1 ms"_s.arg(timer.elapsed())));
    QCOMPARE(text(itemAt(view.docs(), {u"Responses"_s, u"200"_s, u"application/json"_s, u"name"_s}),
                  ui::EndpointDocs::Constraints),
             u"length ≤ 14"_s);
}

void tst_DocsView::requestUrlEncoding_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QList<ui::TryItInput>>("inputs");
    QTest::addColumn<QByteArray>("expected");

    QTest::addRow("path segment with slash, space and unicode")
        << u"http://127.0.0.1:8000"_s << u"/files/{name}/raw"_s
        << QList<ui::TryItInput>{{u"name"_s, u"path"_s, u"a b/c?é"_s}}
        << QByteArray("http://127.0.0.1:8000/files/a%20b%2Fc%3F%C3%A9/raw");
    QTest::addRow("base path kept, trailing slash dropped")
        << u"http://127.0.0.1:8000/api/"_s << u"/items/{id}"_s << QList<ui::TryItInput>{{u"id"_s, u"path"_s, u"7"_s}}
        << QByteArray("http://127.0.0.1:8000/api/items/7");
    QTest::addRow("empty path parameter stays visible")
        << u"http://h"_s << u"/items/{id}"_s << QList<ui::TryItInput>{} << QByteArray("http://h/items/%7Bid%7D");
    QTest::addRow("query delimiters inside values") << u"http://h"_s << u"/search"_s
                                                    << QList<ui::TryItInput>{{u"q"_s, u"query"_s, u"a&b=c d+e"_s},
                                                                             {u"empty"_s, u"query"_s, QString()},
                                                                             {u"x y"_s, u"query"_s, u"1"_s}}
                                                    << QByteArray("http://h/search?q=a%26b%3Dc%20d%2Be&x%20y=1");
    QTest::addRow("exploded and comma arrays") << u"http://h"_s << u"/s"_s
                                               << QList<ui::TryItInput>{{u"tag"_s, u"query"_s, u"a, b"_s, true, true},
                                                                        {u"id"_s, u"query"_s, u"1,2"_s, true, false}}
                                               << QByteArray("http://h/s?tag=a&tag=b&id=1,2");
    // Each OpenAPI style (issue 13, item 1): objects are typed as JSON in the field.
    using In = ui::TryItInput;
    QTest::addRow("deepObject, nested") << u"http://h"_s << u"/s"_s
                                        << QList<In>{{u"filter"_s, u"query"_s, uR"({"plan":"gold","created":{"gte":1}})"_s, false, true, u"deepObject"_s}}
                                        << QByteArray("http://h/s?filter[plan]=gold&filter[created][gte]=1");
    QTest::addRow("form object, exploded and not") << u"http://h"_s << u"/s"_s
                                                   << QList<In>{{u"page"_s, u"query"_s, uR"({"n":2})"_s, false, true},
                                                                {u"point"_s, u"query"_s, uR"({"x":1,"y":2})"_s, false, false}}
                                                   << QByteArray("http://h/s?n=2&point=x,1,y,2");
    QTest::addRow("delimited arrays") << u"http://h"_s << u"/s"_s
                                      << QList<In>{{u"ids"_s, u"query"_s, u"1,2"_s, true, false, u"spaceDelimited"_s},
                                                   {u"tags"_s, u"query"_s, u"a,b"_s, true, false, u"pipeDelimited"_s}}
                                      << QByteArray("http://h/s?ids=1%202&tags=a%7Cb");
    QTest::addRow("label and matrix paths") << u"http://h"_s << u"/l/{ids}/m/{c}"_s
                                            << QList<In>{{u"ids"_s, u"path"_s, u"3,4"_s, true, true, u"label"_s},
                                                         {u"c"_s, u"path"_s, uR"({"lat":1})"_s, false, true, u"matrix"_s}}
                                            << QByteArray("http://h/l/.3.4/m/;lat=1");
    QTest::addRow("simple exploded object") << u"http://h"_s << u"/o/{obj}"_s
                                            << QList<In>{{u"obj"_s, u"path"_s, uR"({"role":"admin","age":7})"_s, false, true}}
                                            << QByteArray("http://h/o/role=admin,age=7");
}

void tst_DocsView::requestUrlEncoding()
{
    QFETCH(QString, base);
    QFETCH(QString, path);
    QFETCH(QList<ui::TryItInput>, inputs);
    QFETCH(QByteArray, expected);
    QCOMPARE(ui::operationUrl(QUrl(base), path, inputs).toEncoded(), expected);

    const ui::TryItRequest request =
        ui::buildRequest(QUrl(base), u"post"_s, path,
                         inputs + QList<ui::TryItInput>{{u"X-Trace"_s, u"header"_s, u"t1"_s},
                                                        {u"session"_s, u"cookie"_s, u"a b"_s},
                                                        {u"lang"_s, u"cookie"_s, u"fr"_s}},
                         u"application/json"_s, "{}");
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.body, QByteArray("{}"));
    QVERIFY(request.headers.contains(std::pair<QByteArray, QByteArray>("X-Trace", "t1")));
    QVERIFY(request.headers.contains(std::pair<QByteArray, QByteArray>("Cookie", "session=a%20b; lang=fr")));
    QVERIFY(request.headers.contains(std::pair<QByteArray, QByteArray>("Content-Type", "application/json")));
}

void tst_DocsView::tryItFormAndMediaTypes()
{
    core::ApiDocument doc;
    QVERIFY(doc.load(kStore).ok());
    ui::DocsView view(&doc);
    ui::TryItPanel *tryIt = view.tryIt();
    view.tabs()->setCurrentIndex(ui::DocsView::TryItTab);

    // No server: Send is disabled and says why.
    QVERIFY(view.selectEndpoint(u"/items"_s, u"get"_s));
    QVERIFY(!tryIt->sendButton()->isEnabled());
    QVERIFY(!tryIt->hintLabel()->isHidden());
    QCOMPARE(tryIt->hintLabel()->text(), u"Start the mock server to send requests."_s);
    view.setBaseUrl(QUrl(u"http://127.0.0.1:1"_s));
    QVERIFY(tryIt->sendButton()->isEnabled());
    QVERIFY(tryIt->hintLabel()->isHidden());
    view.setBaseUrl(QUrl());
    QVERIFY(!tryIt->sendButton()->isEnabled());

    // One field per parameter: examples and defaults pre-filled, optional ones without either left empty.
    QCOMPARE(tryIt->field(u"query"_s, u"limit"_s)->text(), u"20"_s);
    QCOMPARE(tryIt->field(u"query"_s, u"q"_s)->text(), u"corgi"_s);
    QCOMPARE(tryIt->field(u"query"_s, u"tag"_s)->text(), u"puppy"_s); // the Tag model's example
    QVERIFY(tryIt->field(u"header"_s, u"X-Request-Id"_s)->text().isEmpty());
    QVERIFY(tryIt->field(u"header"_s, u"X-Request-Id"_s)->placeholderText().startsWith(u"e.g. "_s));
    QVERIFY(tryIt->bodyEditor()->isHidden());

    // Required parameters without an example get generated data that fits the schema.
    QVERIFY(view.selectEndpoint(u"/orders/{orderId}"_s, u"get"_s));
    const QString orderId = tryIt->field(u"path"_s, u"orderId"_s)->text();
    QVERIFY2(QUuid::fromString(orderId).isNull() == false, qPrintable(orderId));
    // Credentials the operation asks for, pre-filled with what the mock accepts.
    QCOMPARE(tryIt->field(u"header"_s, u"Authorization"_s)->text(), u"Bearer alice-token"_s);

    // The body: the example, pretty-printed; a single media type needs no chooser.
    QVERIFY(view.selectEndpoint(u"/users"_s, u"post"_s));
    QVERIFY(!tryIt->bodyEditor()->isHidden());
    QVERIFY(tryIt->mediaTypeCombo()->isHidden());
    QCOMPARE(core::parseJson(tryIt->bodyEditor()->text().toUtf8())[u"username"].toString(), u"alice_m"_s);
    QVERIFY(tryIt->bodyEditor()->text().contains(u"\n  \"email\""_s));

    // Several media types: a chooser, each with its own sample; what the user typed is kept per type and
    // survives document edits.
    core::ApiDocument trees;
    QVERIFY(trees.loadFromData(kRecursive, u"trees.json"_s, core::FileFormat::Json).ok());
    ui::DocsView treeView(&trees);
    treeView.tabs()->setCurrentIndex(ui::DocsView::TryItTab);
    QVERIFY(treeView.selectEndpoint(u"/trees"_s, u"post"_s));
    ui::TryItPanel *panel = treeView.tryIt();
    QVERIFY(!panel->mediaTypeCombo()->isHidden());
    QCOMPARE(panel->mediaTypeCombo()->count(), 2);
    panel->mediaTypeCombo()->setCurrentIndex(1);
    QCOMPARE(panel->bodyEditor()->text(), u"name=oak&height=3"_s);
    panel->mediaTypeCombo()->setCurrentIndex(0);
    QVERIFY(core::parseJson(panel->bodyEditor()->text().toUtf8()).isObject());
    panel->mediaTypeCombo()->setCurrentIndex(1);
    // The editing component behind CodeEditor is its focus proxy: type into it as a user would.
    QTest::keyClicks(panel->bodyEditor()->focusProxy(), u"&x=1"_s);
    const QString typed = panel->bodyEditor()->text();
    QVERIFY(typed.contains(u"x=1"_s));
    trees.setValue(u"/paths/~1trees/post/summary"_s, Json(u"Plant"_s));
    treeView.refreshNow();
    QCOMPARE(panel->mediaTypeCombo()->currentIndex(), 1);
    QCOMPARE(panel->bodyEditor()->text(), typed);
}

void tst_DocsView::tryItAgainstRealServer()
{
    core::ApiDocument doc;
    QVERIFY(doc.load(kStore).ok());
    startServer(doc.root());
    ui::DocsView view(&doc);
    view.resize(900, 900);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setBaseUrl(QUrl(m_server->baseUrl()));
    QVERIFY(view.selectEndpoint(u"/items/{itemId}"_s, u"get"_s));
    // The user switches to the tab, fills the path parameter and clicks Send.
    QTest::mouseClick(view.tabs()->tabBar(), Qt::LeftButton, {},
                      view.tabs()->tabBar()->tabRect(ui::DocsView::TryItTab).center());
    QCOMPARE(view.tabs()->currentIndex(), int(ui::DocsView::TryItTab));
    ui::TryItPanel *tryIt = view.tryIt();
    QLineEdit *itemId = tryIt->field(u"path"_s, u"itemId"_s);
    QVERIFY(itemId);
    QCOMPARE(itemId->text(), u"1"_s); // the parameter's example
    itemId->selectAll();
    QTest::keyClicks(itemId, u"9001"_s);
    QSignalSpy received(tryIt, &ui::TryItPanel::responseReceived);
    QTest::mouseClick(tryIt->sendButton(), Qt::LeftButton);
    QVERIFY(tryIt->isSending()); // the GUI does not wait for the answer
    QTRY_COMPARE(received.count(), 1);
    QCOMPARE(tryIt->lastStatus(), 200);
    QVERIFY2(tryIt->statusLabel()->text().startsWith(u"200 OK · "_s), qPrintable(tryIt->statusLabel()->text()));
    QVERIFY(tryIt->statusLabel()->text().contains(u" ms · "_s));
    // The rule for ids starting with 9 answered, with its header; the body is pretty-printed.
    QVERIFY2(tryIt->responseBody()->text().contains(u"\"name\": \"Nugget\""_s),
             qPrintable(tryIt->responseBody()->text()));
    QVERIFY(!tryIt->responseHeaders()->findItems(u"X-Portico-Scenario"_s, Qt::MatchFixedString).isEmpty());
    // Pictures for reviewing the layout (not compared).
    QVERIFY(view.grab().save(QStringLiteral(PORTICO_BINARY_DIR "/docsview-tryit.png")));
    view.tabs()->setCurrentIndex(ui::DocsView::DocsTab);
    QVERIFY(view.selectEndpoint(u"/items"_s, u"post"_s));
    QVERIFY(view.grab().save(QStringLiteral(PORTICO_BINARY_DIR "/docsview-docs.png")));
    QVERIFY(view.selectEndpoint(u"/items/{itemId}"_s, u"get"_s));
    view.tabs()->setCurrentIndex(ui::DocsView::TryItTab);
    // The form was rebuilt; what the user typed for this operation is still there.
    itemId = tryIt->field(u"path"_s, u"itemId"_s);
    QCOMPARE(itemId->text(), u"9001"_s);

    // The stored item by its example id.
    itemId->selectAll();
    QTest::keyClicks(itemId, u"1"_s);
    QTest::mouseClick(tryIt->sendButton(), Qt::LeftButton);
    QTRY_COMPARE(received.count(), 2);
    QCOMPARE(tryIt->lastStatus(), 200);
    QVERIFY(tryIt->responseBody()->text().contains(u"\"name\": \"Biscuit\""_s));

    // What arrives at the server is encoded properly: a path value with a slash stays one segment, query
    // values keep their '&' and '='.
    itemId->selectAll();
    QTest::keyClicks(itemId, u"a/b"_s);
    QTest::mouseClick(tryIt->sendButton(), Qt::LeftButton);
    QTRY_COMPARE(received.count(), 3);
    QTRY_VERIFY(!m_server->traces().isEmpty() && m_server->traces().last().target.contains("a%2Fb"));
    QCOMPARE(m_server->traces().last().target, QByteArray("/items/a%2Fb"));
    QCOMPARE(tryIt->lastStatus(), 422);

    QVERIFY(view.selectEndpoint(u"/items"_s, u"get"_s));
    QLineEdit *q = tryIt->field(u"query"_s, u"q"_s);
    q->selectAll();
    QTest::keyClicks(q, u"bis&x=1 "_s);
    q->insert(u"é"_s); // QTest types ASCII only
    QTest::mouseClick(tryIt->sendButton(), Qt::LeftButton);
    QTRY_COMPARE(received.count(), 4);
    QCOMPARE(tryIt->lastStatus(), 200);
    QTRY_VERIFY(m_server->traces().last().target.startsWith("/items?"));
    QCOMPARE(m_server->traces().last().target, QByteArray("/items?limit=20&offset=0&q=bis%26x%3D1%20%C3%A9&tag=puppy"));
}

void tst_DocsView::tryItShowsValidationErrors()
{
    core::ApiDocument doc;
    QVERIFY(doc.load(kStore).ok());
    startServer(doc.root());
    ui::DocsView view(&doc);
    view.setBaseUrl(QUrl(m_server->baseUrl()));
    view.tabs()->setCurrentIndex(ui::DocsView::TryItTab);
    QVERIFY(view.selectEndpoint(u"/users"_s, u"post"_s));
    ui::TryItPanel *tryIt = view.tryIt();
    QSignalSpy received(tryIt, &ui::TryItPanel::responseReceived);

    // The pre-filled example is valid.
    tryIt->send();
    QTRY_COMPARE(received.count(), 1);
    QCOMPARE(tryIt->lastStatus(), 201);
    QVERIFY(tryIt->responseBody()->text().contains(u"\"username\": \"alice_m\""_s));

    // A body that breaks the username pattern: 422 with FastAPI's detail, shown as sent by the server.
    tryIt->bodyEditor()->setText(uR"({"username": "A!", "email": "alice@example.com"})"_s);
    tryIt->send();
    QTRY_COMPARE(received.count(), 2);
    QCOMPARE(tryIt->lastStatus(), 422);
    QVERIFY(tryIt->statusLabel()->text().startsWith(u"422 "_s));
    const Json body = core::parseJson(tryIt->responseBody()->text().toUtf8());
    const Json &detail = body[u"detail"][0];
    QCOMPARE(detail[u"loc"], core::parseJson(R"(["body","username"])"));
    QVERIFY2(detail[u"msg"].toString().contains(u"pattern"_s), qPrintable(detail[u"msg"].toString()));
    QVERIFY(tryIt->responseBody()->text().contains(u"\n  \"detail\": ["_s));

    // No server any more: a failed request is reported, not a hang.
    const QUrl dead(m_server->baseUrl());
    m_server->stop(0);
    view.setBaseUrl(dead);
    tryIt->send();
    QTRY_COMPARE(received.count(), 3);
    QCOMPARE(tryIt->lastStatus(), 0);
    QVERIFY(tryIt->statusLabel()->text().startsWith(u"No response: "_s));
}

QTEST_MAIN(tst_DocsView)
#include "tst_docsview.moc"
