// The model editor driven as a user drives it: typing, clicking, reordering; every step undone and redone;
// the result saved, reloaded and compared; a model renamed with its $refs following.
#include "ui/codeeditor.h"
#include "ui/constraintspane.h"
#include "ui/fieldsmodel.h"
#include "ui/modeleditor.h"
#include "ui/projectsession.h"

#include "core/jsonparser.h"
#include "core/jsonwriter.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QUndoStack>

using namespace Qt::StringLiterals;
using namespace portico;
using core::Json;

class tst_ModelEditor : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void buildModelByTypingAndClicking();
    void constraintsShownPerType_data();
    void constraintsShownPerType();
    void invalidCombinationsAreFlagged();
    void renameModelRewritesRefs();
    void dragDropReorders();

private:
    static void click(ui::ModelEditor &editor, const QString &action);
    static void typeInto(QWidget *w, const QString &text);
};

void tst_ModelEditor::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_ModelEditor::click(ui::ModelEditor &editor, const QString &action)
{
    auto *a = editor.findChild<QAction *>(action);
    QVERIFY2(a, qPrintable(action));
    QWidget *button = editor.findChild<QToolBar *>()->widgetForAction(a);
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
}

void tst_ModelEditor::typeInto(QWidget *w, const QString &text)
{
    w->setFocus();
    if (auto *edit = qobject_cast<QLineEdit *>(w))
        edit->selectAll();
    QTest::keyClicks(w, text);
    QTest::keyClick(w, Qt::Key_Return);
}

void tst_ModelEditor::buildModelByTypingAndClicking()
{
    ui::ProjectSession session;
    session.setAutosaveInterval(0);
    session.newProject();
    QVERIFY(session.edit(u"Add model Pet"_s, [](core::ApiDocument &d) {
        return d.addModel(u"Pet"_s, Json(core::JsonObject{{u"type"_s, Json(u"object"_s)}}));
    }));
    session.undoStack()->clear();
    const Json initial = session.document()->root();

    ui::ModelEditor editor(&session);
    QAbstractItemModelTester tester(editor.fieldsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    editor.resize(1000, 700);
    editor.show();
    QVERIFY(QTest::qWaitForWindowActive(&editor));
    editor.setModelName(u"Pet"_s);
    auto *fields = editor.fieldsModel();

    // Add a field: the name cell opens for typing.
    click(editor, u"addField"_s);
    QCOMPARE(fields->rowCount(), 1);
    QTRY_VERIFY(QApplication::focusWidget() && QApplication::focusWidget()->parentWidget() == editor.table()->viewport());
    QWidget *nameEditor = QApplication::focusWidget();
    QTest::keyClicks(nameEditor, u"name"_s);
    QTest::keyClick(nameEditor, Qt::Key_Return);
    // The delegate commits on Return through a queued call.
    QTRY_COMPARE(fields->fields().at(0).name, u"name"_s);

    // Required by its checkbox; constraints by typing.
    QVERIFY(fields->setData(fields->index(0, ui::FieldsModel::Required), Qt::Checked, Qt::CheckStateRole));
    auto *pane = editor.constraints();
    QVERIFY(pane->isRowShown(u"minLength"_s));
    QVERIFY(!pane->isRowShown(u"minimum"_s));
    typeInto(pane->findChild<QLineEdit *>(u"minLength"_s), u"1"_s);
    typeInto(pane->findChild<QLineEdit *>(u"pattern"_s), u"^[A-Z][a-z]+$"_s);
    auto *sample = pane->findChild<QLineEdit *>(u"patternTester"_s);
    QTest::keyClicks(sample, u"Rex"_s);
    QVERIFY2(pane->testerResult().contains(u"matches"_s), qPrintable(pane->testerResult()));
    QTest::keyClicks(sample, u"!"_s);
    QVERIFY2(pane->testerResult().contains(u"no match"_s), qPrintable(pane->testerResult()));

    // A second field, an integer with bounds, typed through the type column.
    click(editor, u"addField"_s);
    QTRY_VERIFY(QApplication::focusWidget() && QApplication::focusWidget()->parentWidget() == editor.table()->viewport());
    QWidget *second = QApplication::focusWidget();
    QTest::keyClicks(second, u"age"_s);
    QTest::keyClick(second, Qt::Key_Return);
    QTRY_COMPARE(fields->fields().at(1).name, u"age"_s);
    QVERIFY(fields->setData(fields->index(1, ui::FieldsModel::Type), u"integer"_s));
    QVERIFY(pane->isRowShown(u"minimum"_s));
    QVERIFY(!pane->isRowShown(u"pattern"_s));
    typeInto(pane->findChild<QLineEdit *>(u"minimum"_s), u"0"_s);
    QVERIFY(fields->setData(fields->index(1, ui::FieldsModel::Nullable), Qt::Checked, Qt::CheckStateRole));
    QVERIFY(fields->setData(fields->index(1, ui::FieldsModel::Description), u"Age in years"_s));

    // Reorder: age first.
    click(editor, u"moveUp"_s);
    QCOMPARE(fields->fields().at(0).name, u"age"_s);
    QCOMPARE(fields->fields().at(1).name, u"name"_s);

    const Json &pet = session.document()->value(u"/components/schemas/Pet");
    QCOMPARE(pet[u"required"], Json(core::JsonArray{Json(u"name"_s)}));
    QCOMPARE(pet[u"properties"][u"name"][u"minLength"], Json(1));
    QCOMPARE(pet[u"properties"][u"name"][u"pattern"].toString(), u"^[A-Z][a-z]+$"_s);
    QCOMPARE(pet[u"properties"][u"age"][u"type"], Json(core::JsonArray{Json(u"integer"_s), Json(u"null"_s)}));
    QCOMPARE(pet[u"properties"][u"age"][u"minimum"], Json(0));
    QCOMPARE(pet[u"properties"][u"age"][u"description"].toString(), u"Age in years"_s);

    // The preview follows: a sample with both fields, and the schema.
    editor.refreshPreview();
    const Json previewSample = core::parseJson(editor.sampleView()->text().toUtf8());
    QVERIFY2(previewSample[u"name"].isString(), qPrintable(editor.sampleView()->text()));
    QVERIFY(editor.schemaView()->text().contains(u"\"pattern\""_s));

    // Undo every step back to the start, then redo to the end; each step has a meaningful name.
    const Json final = session.document()->root();
    QUndoStack *undo = session.undoStack();
    QVERIFY(undo->count() >= 9);
    for (int i = 0; i < undo->count(); ++i)
        QVERIFY2(!undo->text(i).isEmpty(), qPrintable(QString::number(i)));
    QCOMPARE(undo->text(0), u"Add field Pet.field"_s);
    QVERIFY(session.isDirty());
    while (undo->canUndo())
        undo->undo();
    QVERIFY(session.document()->root().identical(initial));
    QCOMPARE(fields->rowCount(), 0);
    while (undo->canRedo())
        undo->redo();
    QVERIFY(session.document()->root().identical(final));
    QCOMPARE(fields->rowCount(), 2);

    // Save, reload, compare: nothing reordered, nothing dropped.
    QTemporaryDir dir;
    const QString file = dir.filePath(u"pets.yaml"_s);
    QVERIFY(session.save(file).ok());
    QVERIFY(!session.isDirty());
    core::ApiDocument reloaded;
    QVERIFY(reloaded.load(file).ok());
    // Equal as JSON, the fields in the order the user put them, and the file stable under a second save.
    QVERIFY(reloaded.root() == final);
    QFile saved(file);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(reloaded.serialized(), saved.readAll());
    QCOMPARE(reloaded.fields(u"Pet"_s).at(0).name, u"age"_s);
}

void tst_ModelEditor::constraintsShownPerType_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QStringList>("shown");
    QTest::addColumn<QStringList>("hidden");
    QTest::addRow("string shows lengths and pattern") << u"string"_s << QStringList{u"minLength"_s, u"maxLength"_s, u"pattern"_s, u"format"_s}
                                                      << QStringList{u"minimum"_s, u"minItems"_s, u"enum"_s};
    QTest::addRow("number shows bounds") << u"number"_s
                                         << QStringList{u"minimum"_s, u"exclusiveMinimum"_s, u"maximum"_s, u"exclusiveMaximum"_s, u"multipleOf"_s}
                                         << QStringList{u"pattern"_s, u"minItems"_s};
    QTest::addRow("array shows item counts") << u"array of string"_s << QStringList{u"minItems"_s, u"maxItems"_s, u"uniqueItems"_s}
                                             << QStringList{u"minLength"_s, u"minimum"_s};
    QTest::addRow("enum shows values") << u"enum"_s << QStringList{u"enum"_s} << QStringList{u"minimum"_s, u"minItems"_s};
    QTest::addRow("object shows additional properties") << u"object"_s << QStringList{u"additionalProperties"_s}
                                                        << QStringList{u"pattern"_s, u"minimum"_s};
    QTest::addRow("boolean shows none") << u"boolean"_s << QStringList{u"examples"_s}
                                        << QStringList{u"pattern"_s, u"minimum"_s, u"minItems"_s, u"enum"_s};
}

void tst_ModelEditor::constraintsShownPerType()
{
    QFETCH(QString, type);
    QFETCH(QStringList, shown);
    QFETCH(QStringList, hidden);
    ui::ProjectSession session;
    session.setAutosaveInterval(0);
    session.newProject();
    QVERIFY(session.edit(u"add"_s, [](core::ApiDocument &d) { return d.addModel(u"M"_s, {}); }));
    ui::ModelEditor editor(&session);
    editor.show();
    editor.setModelName(u"M"_s);
    editor.fieldsModel()->addField();
    editor.table()->setCurrentIndex(editor.fieldsModel()->index(0, 0));
    QVERIFY(editor.fieldsModel()->setData(editor.fieldsModel()->index(0, ui::FieldsModel::Type), type));
    for (const QString &k : shown)
        QVERIFY2(editor.constraints()->isRowShown(k), qPrintable(k));
    for (const QString &k : hidden)
        QVERIFY2(!editor.constraints()->isRowShown(k), qPrintable(k));
}

void tst_ModelEditor::invalidCombinationsAreFlagged()
{
    ui::ProjectSession session;
    session.setAutosaveInterval(0);
    session.newProject(R"({"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{},
        "components":{"schemas":{"M":{"type":"object","properties":{
          "code":{"type":"string","minLength":5,"maxLength":2},
          "slug":{"type":"string","pattern":"[a-"},
          "size":{"type":"integer","minimum":1,"default":0}}}}}})", core::FileFormat::Json);
    ui::ModelEditor editor(&session);
    editor.show();
    editor.setModelName(u"M"_s);
    auto *pane = editor.constraints();
    auto problemsAt = [&](int row) {
        editor.table()->setCurrentIndex(editor.fieldsModel()->index(row, 0));
        return pane->problems().join(u'\n');
    };
    QVERIFY2(problemsAt(0).contains(u"minLength is greater than maxLength"_s), qPrintable(problemsAt(0)));
    QVERIFY2(problemsAt(1).startsWith(u"pattern:"_s), qPrintable(problemsAt(1)));
    QVERIFY2(problemsAt(2).contains(u"default: Input should be greater than or equal to 1"_s), qPrintable(problemsAt(2)));
    // Fixing the default by typing clears the flag.
    editor.table()->setCurrentIndex(editor.fieldsModel()->index(2, 0));
    QVERIFY(editor.fieldsModel()->setData(editor.fieldsModel()->index(2, ui::FieldsModel::Default), u"3"_s));
    QCOMPARE(pane->problems(), QStringList());
    // A count that is not a number is refused, not written.
    auto *minimum = pane->findChild<QLineEdit *>(u"minimum"_s);
    minimum->setText(u"abc"_s);
    emit minimum->editingFinished();
    QCOMPARE(session.document()->value(u"/components/schemas/M/properties/size/minimum"), Json(1));
}

void tst_ModelEditor::renameModelRewritesRefs()
{
    ui::ProjectSession session;
    session.setAutosaveInterval(0);
    session.newProject(R"({"openapi":"3.1.0","info":{"title":"t","version":"1"},
        "paths":{"/pets":{"get":{"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"array","items":{"$ref":"#/components/schemas/Pet"}}}}}}}}},
        "components":{"schemas":{"Pet":{"type":"object","properties":{"name":{"type":"string"}}},
                                 "Owner":{"type":"object","properties":{"pets":{"type":"array","items":{"$ref":"#/components/schemas/Pet"}}}}}}})",
                       core::FileFormat::Json);
    const Json before = session.document()->root();
    ui::ModelEditor editor(&session);
    editor.show();
    editor.setModelName(u"Pet"_s);
    typeInto(editor.nameEdit(), u"Animal"_s);
    QCOMPARE(editor.modelName(), u"Animal"_s);
    const auto &doc = *session.document();
    QCOMPARE(doc.modelNames(), (QStringList{u"Animal"_s, u"Owner"_s}));
    const QString ref = u"#/components/schemas/Animal"_s;
    QCOMPARE(doc.value(u"/components/schemas/Owner/properties/pets/items/$ref").toString(), ref);
    QCOMPARE(doc.value(u"/paths/~1pets/get/responses/200/content/application~1json/schema/items/$ref").toString(), ref);
    QCOMPARE(session.undoStack()->text(0), u"Rename model Pet to Animal"_s);
    session.undoStack()->undo();
    QVERIFY(doc.root().identical(before));
    session.undoStack()->redo();
    QCOMPARE(doc.value(u"/components/schemas/Owner/properties/pets/items/$ref").toString(), ref);
}

void tst_ModelEditor::dragDropReorders()
{
    ui::ProjectSession session;
    session.setAutosaveInterval(0);
    session.newProject(R"({"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{},
        "components":{"schemas":{"M":{"type":"object","properties":{"a":{},"b":{},"c":{}}}}}})", core::FileFormat::Json);
    ui::FieldsModel model(&session);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setModelName(u"M"_s);
    std::unique_ptr<QMimeData> data(model.mimeData({model.index(0, 0)}));
    QVERIFY(data);
    // Dropped before row 3 (the end): a moves last. The model moves it itself and refuses the view's removal.
    QVERIFY(!model.dropMimeData(data.get(), Qt::MoveAction, 3, 0, {}));
    auto names = [&] {
        QStringList out;
        for (const auto &f : model.fields())
            out << f.name;
        return out;
    };
    QCOMPARE(names(), (QStringList{u"b"_s, u"c"_s, u"a"_s}));
    QCOMPARE(session.undoStack()->text(0), u"Move field M.a"_s);
    session.undoStack()->undo();
    QCOMPARE(names(), (QStringList{u"a"_s, u"b"_s, u"c"_s}));
}

QTEST_MAIN(tst_ModelEditor)
#include "tst_modeleditor.moc"
