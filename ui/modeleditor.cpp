#include "modeleditor.h"

#include "codeeditor.h"
#include "constraintspane.h"
#include "fieldschema.h"
#include "fieldsmodel.h"
#include "projectsession.h"
#include "rawvalueeditor.h"

#include "core/datagenerator.h"
#include "core/jsonwriter.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QScrollArea>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;

namespace {

constexpr int kDescriptionMergeId = 0x4d44;

// The type column's editor: every scalar, arrays of them, and the document's models.
class TypeDelegate final : public QStyledItemDelegate
{
public:
    TypeDelegate(ProjectSession *session, QObject *parent) : QStyledItemDelegate(parent), m_session(session) {}

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &) const override
    {
        auto *combo = new QComboBox(parent);
        combo->setEditable(true);
        combo->addItems(fieldschema::typeChoices(m_session->document()->modelNames()));
        return combo;
    }
    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        static_cast<QComboBox *>(editor)->setCurrentText(index.data(Qt::EditRole).toString());
    }
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override
    {
        model->setData(index, static_cast<QComboBox *>(editor)->currentText(), Qt::EditRole);
    }

private:
    ProjectSession *m_session;
};

} // namespace

ModelEditor::ModelEditor(ProjectSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_fields(new FieldsModel(session, this)), m_tabs(new QTabWidget(this)),
      m_name(new QLineEdit(this)), m_description(new QLineEdit(this)), m_table(new QTableView(this)),
      m_constraints(new ConstraintsPane(session, this)), m_sample(new CodeEditor(this)), m_schema(new CodeEditor(this)),
      m_raw(new RawValueEditor(session, this)), m_previewTimer(new QTimer(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    auto *form = new QWidget(m_tabs);
    auto *formLayout = new QVBoxLayout(form);
    auto *header = new QFormLayout;
    m_name->setObjectName(u"modelName"_s);
    m_description->setObjectName(u"modelDescription"_s);
    m_description->setPlaceholderText(tr("What this model represents"));
    header->addRow(tr("Model"), m_name);
    header->addRow(tr("Description"), m_description);
    formLayout->addLayout(header);

    auto *toolbar = new QToolBar(form);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(tr("Add field"), this, &ModelEditor::addField)->setObjectName(u"addField"_s);
    toolbar->addAction(tr("Duplicate"), this, &ModelEditor::duplicateField)->setObjectName(u"duplicateField"_s);
    toolbar->addAction(tr("Remove"), this, &ModelEditor::removeField)->setObjectName(u"removeField"_s);
    toolbar->addSeparator();
    toolbar->addAction(tr("Move up"), this, [this] { moveField(-1); })->setObjectName(u"moveUp"_s);
    toolbar->addAction(tr("Move down"), this, [this] { moveField(1); })->setObjectName(u"moveDown"_s);
    formLayout->addWidget(toolbar);

    auto *split = new QSplitter(Qt::Horizontal, form);
    auto *left = new QSplitter(Qt::Vertical, split);
    m_table->setModel(m_fields);
    m_table->setItemDelegateForColumn(FieldsModel::Type, new TypeDelegate(session, m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setDragDropMode(QAbstractItemView::InternalMove);
    m_table->setDragEnabled(true);
    m_table->setAcceptDrops(true);
    m_table->setDropIndicatorShown(true);
    m_table->setDefaultDropAction(Qt::MoveAction);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setDefaultSectionSize(24);
    left->addWidget(m_table);

    auto *preview = new QTabWidget(left);
    m_sample->setReadOnly(true);
    m_schema->setReadOnly(true);
    preview->addTab(m_sample, tr("Sample"));
    preview->addTab(m_schema, tr("JSON Schema"));
    left->addWidget(preview);
    left->setStretchFactor(0, 3);
    left->setStretchFactor(1, 2);

    auto *scroll = new QScrollArea(split);
    scroll->setWidgetResizable(true);
    scroll->setWidget(m_constraints);
    split->addWidget(left);
    split->addWidget(scroll);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({640, 360});
    formLayout->addWidget(split, 1);

    m_tabs->addTab(form, tr("Form"));
    m_tabs->addTab(m_raw, tr("Raw"));

    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(200);
    connect(m_previewTimer, &QTimer::timeout, this, &ModelEditor::refreshPreview);
    auto *doc = session->document();
    connect(doc, &core::ApiDocument::valueChanged, m_previewTimer, qOverload<>(&QTimer::start));
    connect(doc, &core::ApiDocument::documentReset, m_previewTimer, qOverload<>(&QTimer::start));
    connect(doc, &core::ApiDocument::documentReset, this, [this] {
        if (!modelName().isEmpty() && m_session->document()->modelNames().contains(modelName()))
            m_name->setText(modelName());
    });
    connect(doc, &core::ApiDocument::valueChanged, this, [this](const QString &) {
        const QString text = m_session->document()->modelSchema(modelName())[u"description"].toString();
        if (text != m_description->text())
            m_description->setText(text);
    });
    connect(m_name, &QLineEdit::editingFinished, this, &ModelEditor::renameModel);
    connect(m_description, &QLineEdit::textEdited, this, [this](const QString &text) {
        const QString pointer = core::ApiDocument::modelPointer(modelName()) + u"/description"_s;
        if (text.isEmpty())
            m_session->removeValue(pointer, tr("Clear description of %1").arg(modelName()));
        else
            m_session->setValue(pointer, Json(text), tr("Describe %1").arg(modelName()), kDescriptionMergeId);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ModelEditor::updateConstraints);
    connect(m_fields, &QAbstractItemModel::modelReset, this, &ModelEditor::updateConstraints);
    connect(m_fields, &QAbstractItemModel::dataChanged, this, &ModelEditor::updateConstraints);
}

QString ModelEditor::modelName() const
{
    return m_fields->modelName();
}

void ModelEditor::setModelName(const QString &model)
{
    m_fields->setModelName(model);
    m_name->setText(model);
    m_description->setText(m_session->document()->modelSchema(model)[u"description"].toString());
    m_raw->setPointer(core::ApiDocument::modelPointer(model), model);
    if (m_fields->rowCount() > 0)
        selectRow(0);
    updateConstraints();
    refreshPreview();
}

void ModelEditor::renameModel()
{
    const QString from = modelName();
    const QString to = m_name->text().trimmed();
    if (from.isEmpty() || to == from)
        return;
    if (to.isEmpty() || m_session->document()->modelNames().contains(to)) {
        m_name->setText(from);
        return;
    }
    const bool renamed = m_session->edit(tr("Rename model %1 to %2").arg(from, to),
                                         [&](core::ApiDocument &d) { return d.renameModel(from, to); });
    if (renamed) {
        setModelName(to);
        emit modelRenamed(from, to);
    }
}

int ModelEditor::currentRow() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? current.row() : -1;
}

bool ModelEditor::selectField(const QString &name)
{
    for (int row = 0; row < m_fields->rowCount(); ++row) {
        if (m_fields->index(row, FieldsModel::Name).data().toString() == name) {
            selectRow(row);
            m_table->setFocus();
            return true;
        }
    }
    return false;
}

void ModelEditor::selectRow(int row)
{
    if (row < 0 || row >= m_fields->rowCount())
        return;
    m_table->setCurrentIndex(m_fields->index(row, FieldsModel::Name));
    m_table->selectRow(row);
}

void ModelEditor::updateConstraints()
{
    const int row = currentRow();
    if (row < 0 || row >= m_fields->rowCount()) {
        m_constraints->setFieldPointer({}, {});
        return;
    }
    m_constraints->setFieldPointer(m_fields->fieldPointer(row), modelName() + u'.' + m_fields->fields()[row].name);
}

void ModelEditor::addField()
{
    const int row = m_fields->addField(currentRow());
    selectRow(row);
    m_table->edit(m_fields->index(row, FieldsModel::Name));
}

void ModelEditor::duplicateField()
{
    selectRow(m_fields->duplicateField(currentRow()));
}

void ModelEditor::removeField()
{
    const int row = currentRow();
    if (m_fields->removeField(row))
        selectRow(std::min(row, m_fields->rowCount() - 1));
}

void ModelEditor::moveField(int delta)
{
    const int row = currentRow();
    const int to = row + delta;
    if (row < 0 || to < 0 || to >= m_fields->rowCount())
        return;
    m_fields->moveRows({}, row, 1, {}, delta > 0 ? to + 1 : to);
    selectRow(to);
}

void ModelEditor::refreshPreview()
{
    m_previewTimer->stop();
    const QString model = modelName();
    if (model.isEmpty() || !m_session->document()->modelNames().contains(model)) {
        m_sample->setText({});
        m_schema->setText({});
        return;
    }
    const core::DataGenerator generator(m_session->document()->root());
    const Json sample = generator.generateAt(core::ApiDocument::modelPointer(model));
    m_sample->setText(QString::fromUtf8(core::toJson(sample, core::JsonStyle::Indented)));
    m_schema->setText(QString::fromUtf8(core::toJson(m_session->document()->modelSchema(model), core::JsonStyle::Indented)));
}

} // namespace portico::ui
