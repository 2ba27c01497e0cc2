#include "endpointeditor.h"

#include "choicedelegate.h"
#include "contenteditor.h"
#include "exampleseditor.h"
#include "mockbehaviourpane.h"
#include "parameterstablemodel.h"
#include "projectsession.h"
#include "rawvalueeditor.h"
#include "requestbodyeditor.h"
#include "responseseditor.h"
#include "theme.h"

#include "core/jsonpointer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;
using core::JsonArray;
using core::JsonObject;

namespace {

constexpr int kTextMergeId = 0x4550;

QStringList templateParameters(const QString &path)
{
    static const QRegularExpression re(u"\\{([^}/]+)\\}"_s);
    QStringList out;
    for (auto it = re.globalMatch(path); it.hasNext();)
        out << it.next().captured(1);
    return out;
}

} // namespace

EndpointEditor::EndpointEditor(ProjectSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_tabs(new QTabWidget(this)), m_methodCombo(new QComboBox(this)),
      m_pathEdit(new QLineEdit(this)), m_operationId(new QLineEdit(this)), m_summary(new QLineEdit(this)),
      m_description(new QLineEdit(this)), m_tags(new QLineEdit(this)), m_deprecated(new QCheckBox(tr("Deprecated"), this)),
      m_pathHint(new QLabel(this)), m_syncButton(new QPushButton(this)), m_parameters(new ParametersTableModel(session, this)),
      m_parametersView(new QTableView(this)), m_requestBody(new RequestBodyEditor(session, this)),
      m_responses(new ResponsesEditor(session, this)), m_mock(new MockBehaviourPane(session, this)),
      m_raw(new RawValueEditor(session, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    auto *form = new QWidget(m_tabs);
    auto *formLayout = new QVBoxLayout(form);
    auto *fields = new QFormLayout;
    for (const QString &m : core::ApiDocument::kMethods)
        m_methodCombo->addItem(m.toUpper(), m);
    m_methodCombo->setObjectName(u"method"_s);
    m_pathEdit->setObjectName(u"path"_s);
    m_operationId->setObjectName(u"operationId"_s);
    m_summary->setObjectName(u"summary"_s);
    m_description->setObjectName(u"description"_s);
    m_tags->setObjectName(u"tags"_s);
    m_tags->setPlaceholderText(tr("comma-separated"));
    auto *line = new QHBoxLayout;
    line->addWidget(m_methodCombo);
    line->addWidget(m_pathEdit, 1);
    fields->addRow(tr("Operation"), line);
    auto *hint = new QHBoxLayout;
    m_pathHint->setWordWrap(true);
    theme::tint(m_pathHint, theme::Tone::Warning);
    hint->addWidget(m_pathHint, 1);
    hint->addWidget(m_syncButton);
    m_syncButton->setObjectName(u"syncPathParameters"_s);
    fields->addRow(QString(), hint);
    fields->addRow(tr("Operation id"), m_operationId);
    fields->addRow(tr("Summary"), m_summary);
    fields->addRow(tr("Description"), m_description);
    fields->addRow(tr("Tags"), m_tags);
    fields->addRow(QString(), m_deprecated);
    formLayout->addLayout(fields);

    formLayout->addWidget(new QLabel(tr("Parameters"), form));
    m_parametersView->setObjectName(u"parameters"_s);
    m_parametersView->setModel(m_parameters);
    m_parametersView->setItemDelegateForColumn(
        ParametersTableModel::In,
        new ChoiceDelegate([](const QModelIndex &) { return ParametersTableModel::locations(); }, false, m_parametersView));
    m_parametersView->setItemDelegateForColumn(ParametersTableModel::Type, new ChoiceDelegate([this](const QModelIndex &) {
        return ParametersTableModel::typeChoices(m_session->document()->modelNames());
    }, true, m_parametersView));
    m_parametersView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_parametersView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_parametersView->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                                      | QAbstractItemView::AnyKeyPressed);
    m_parametersView->horizontalHeader()->setSectionResizeMode(ParametersTableModel::Description, QHeaderView::Stretch);
    m_parametersView->verticalHeader()->setDefaultSectionSize(24);
    formLayout->addWidget(m_parametersView, 1);
    auto *buttons = new QHBoxLayout;
    auto *newIn = new QComboBox(form);
    newIn->setObjectName(u"newParameterIn"_s);
    newIn->addItems({u"query"_s, u"header"_s, u"path"_s, u"cookie"_s});
    auto *add = new QPushButton(tr("Add parameter"), form);
    auto *duplicate = new QPushButton(tr("Duplicate"), form);
    auto *remove = new QPushButton(tr("Remove"), form);
    add->setObjectName(u"addParameter"_s);
    duplicate->setObjectName(u"duplicateParameter"_s);
    remove->setObjectName(u"removeParameter"_s);
    buttons->addWidget(newIn);
    buttons->addWidget(add);
    buttons->addWidget(duplicate);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    formLayout->addLayout(buttons);

    m_tabs->addTab(form, tr("Form"));
    m_tabs->addTab(m_requestBody, tr("Request body"));
    m_tabs->addTab(m_responses, tr("Responses"));
    m_tabs->addTab(m_mock, tr("Mock"));
    m_tabs->addTab(m_raw, tr("Raw"));

    connect(add, &QPushButton::clicked, this, &EndpointEditor::addParameter);
    connect(duplicate, &QPushButton::clicked, this, &EndpointEditor::duplicateParameter);
    connect(remove, &QPushButton::clicked, this, &EndpointEditor::removeParameter);
    connect(m_pathEdit, &QLineEdit::editingFinished, this, [this] {
        const QString to = m_pathEdit->text().trimmed();
        if (!m_refreshing && to.startsWith(u'/') && to != m_operation.path)
            moveTo(to, m_operation.method);
    });
    connect(m_pathEdit, &QLineEdit::textEdited, this, [this](const QString &text) {
        // Typing `{id}` is answered at once with the offer to create its parameter.
        const auto ep = m_session->document()->endpoint(m_operation.path, m_operation.method);
        QStringList missing;
        for (const QString &name : templateParameters(text)) {
            if (!ep || std::none_of(ep->parameters.begin(), ep->parameters.end(),
                                    [&](const core::ApiParameter &p) { return p.in == u"path" && p.name == name; }))
                missing << name;
        }
        m_pathHint->setText(missing.isEmpty() ? QString() : tr("No path parameter for {%1} yet.").arg(missing.join(u"}, {"_s)));
    });
    connect(m_methodCombo, &QComboBox::activated, this, [this] {
        const QString to = m_methodCombo->currentData().toString();
        if (to != m_operation.method)
            moveTo(m_operation.path, to);
    });
    connect(m_syncButton, &QPushButton::clicked, this, &EndpointEditor::syncPathParameters);
    connect(m_operationId, &QLineEdit::textEdited, this, [this](const QString &t) { commitText(u"operationId"_s, t); });
    connect(m_summary, &QLineEdit::textEdited, this, [this](const QString &t) { commitText(u"summary"_s, t); });
    connect(m_description, &QLineEdit::textEdited, this, [this](const QString &t) { commitText(u"description"_s, t); });
    connect(m_tags, &QLineEdit::editingFinished, this, [this] {
        if (m_refreshing)
            return;
        JsonArray tags;
        const auto parts = m_tags->text().split(u',', Qt::SkipEmptyParts);
        for (const QString &t : parts)
            tags.emplace_back(t.trimmed());
        if (tags.empty())
            m_session->removeValue(pointer() + u"/tags"_s, tr("Clear tags of %1").arg(m_operation.label()));
        else
            m_session->setValue(pointer() + u"/tags"_s, Json(tags), tr("Set tags of %1").arg(m_operation.label()));
    });
    connect(m_deprecated, &QCheckBox::clicked, this, [this](bool on) {
        if (on)
            m_session->setValue(pointer() + u"/deprecated"_s, Json(true), tr("Deprecate %1").arg(m_operation.label()));
        else
            m_session->removeValue(pointer() + u"/deprecated"_s, tr("Undeprecate %1").arg(m_operation.label()));
    });

    followOperation(session->document(), this, m_operation, [this] {
        if (!m_refreshing)
            refresh();
    });
}

QComboBox *EndpointEditor::exampleCombo() const
{
    return m_responses->content()->examplesEditor()->exampleCombo();
}

CodeEditor *EndpointEditor::exampleEditor() const
{
    return m_responses->content()->examplesEditor()->editor();
}

void EndpointEditor::checkExample()
{
    m_responses->content()->examplesEditor()->checkExample();
}

void EndpointEditor::setEndpoint(const QString &path, const QString &method)
{
    m_operation = {path, method};
    m_raw->setPointer(pointer(), m_operation.label());
    m_parameters->setOperation(m_operation);
    m_requestBody->setOperation(m_operation);
    m_responses->setOperation(m_operation);
    m_mock->setOperation(m_operation);
    refresh();
}

void EndpointEditor::commitText(const QString &key, const QString &value)
{
    if (m_refreshing)
        return;
    const QString what = u"%1 of %2"_s.arg(key, m_operation.label());
    if (value.isEmpty())
        m_session->removeValue(pointer() + u'/' + key, tr("Clear %1").arg(what));
    else
        m_session->setValue(pointer() + u'/' + key, Json(value), tr("Set %1").arg(what), kTextMergeId);
}

void EndpointEditor::moveTo(const QString &path, const QString &method)
{
    const QString from = m_operation.label();
    const OperationRef target{path, method};
    if (m_session->document()->endpoint(path, method)) {
        m_pathHint->setText(tr("%1 already exists.").arg(target.label()));
        refresh();
        return;
    }
    const Json operation = m_session->document()->value(pointer());
    const OperationRef source = m_operation;
    const bool moved = m_session->edit(tr("Move %1 to %2").arg(from, target.label()), [&](core::ApiDocument &d) {
        d.removeEndpoint(source.path, source.method);
        return d.addEndpoint(path, method, operation);
    });
    if (moved) {
        setEndpoint(path, method);
        emit endpointMoved(path, method);
        const QStringList missing = missingPathParameters();
        if (!missing.isEmpty())
            m_pathHint->setText(tr("No path parameter for {%1} yet.").arg(missing.join(u"}, {"_s)));
    }
}

QStringList EndpointEditor::missingPathParameters() const
{
    const auto ep = m_session->document()->endpoint(m_operation.path, m_operation.method);
    QStringList out;
    for (const QString &name : templateParameters(m_operation.path)) {
        if (!ep || std::none_of(ep->parameters.begin(), ep->parameters.end(),
                                [&](const core::ApiParameter &p) { return p.in == u"path" && p.name == name; }))
            out << name;
    }
    return out;
}

QStringList EndpointEditor::extraPathParameters() const
{
    const auto ep = m_session->document()->endpoint(m_operation.path, m_operation.method);
    const QStringList declared = templateParameters(m_operation.path);
    QStringList out;
    if (ep) {
        for (const core::ApiParameter &p : ep->parameters) {
            if (p.in == u"path" && !declared.contains(p.name))
                out << p.name;
        }
    }
    return out;
}

void EndpointEditor::syncPathParameters()
{
    const QStringList missing = missingPathParameters();
    const QStringList extra = extraPathParameters();
    if (missing.isEmpty() && extra.isEmpty())
        return;
    const QString op = pointer();
    m_session->edit(tr("Sync path parameters of %1").arg(m_operation.label()), [&](core::ApiDocument &d) {
        for (const QString &level : {op, m_operation.pathItemPointer()}) {
            JsonArray params = d.value(QString(level + u"/parameters"_s)).toArray();
            const auto before = params.size();
            std::erase_if(params, [&](const Json &p) {
                return p[u"in"].toString() == u"path" && extra.contains(p[u"name"].toString());
            });
            if (params.size() != before) {
                if (params.empty())
                    d.removeValue(level + u"/parameters"_s);
                else
                    d.setValue(level + u"/parameters"_s, Json(params));
            }
        }
        JsonArray params = d.value(QString(op + u"/parameters"_s)).toArray();
        for (const QString &name : missing) {
            params.emplace_back(JsonObject{{u"name"_s, Json(name)}, {u"in"_s, Json(u"path"_s)},
                                           {u"required"_s, Json(true)},
                                           {u"schema"_s, Json(JsonObject{{u"type"_s, Json(u"string"_s)}})}});
        }
        if (!missing.isEmpty())
            d.setValue(op + u"/parameters"_s, Json(params));
        return true;
    });
}

void EndpointEditor::editParameterName(int row)
{
    if (row < 0)
        return;
    const QModelIndex name = m_parameters->index(row, ParametersTableModel::Name);
    m_parametersView->setCurrentIndex(name);
    m_parametersView->edit(name);
}

void EndpointEditor::addParameter()
{
    const auto *in = findChild<QComboBox *>(u"newParameterIn"_s);
    editParameterName(m_parameters->addParameter(in ? in->currentText() : u"query"_s));
}

void EndpointEditor::duplicateParameter()
{
    editParameterName(m_parameters->duplicateParameter(m_parametersView->currentIndex().row()));
}

void EndpointEditor::removeParameter()
{
    m_parameters->removeParameter(m_parametersView->currentIndex().row());
}

void EndpointEditor::refresh()
{
    const auto ep = m_session->document()->endpoint(m_operation.path, m_operation.method);
    setEnabled(bool(ep));
    if (!ep)
        return;
    m_refreshing = true;
    m_methodCombo->setCurrentIndex(m_methodCombo->findData(m_operation.method));
    if (!m_pathEdit->hasFocus())
        m_pathEdit->setText(m_operation.path);
    auto set = [](QLineEdit *e, const QString &t) {
        if (e->text() != t)
            e->setText(t);
    };
    set(m_operationId, ep->operationId);
    set(m_summary, ep->summary);
    set(m_description, ep->description);
    if (!m_tags->hasFocus())
        set(m_tags, ep->tags.join(u", "_s));
    m_deprecated->setChecked(ep->deprecated);
    const QStringList missing = missingPathParameters();
    const QStringList extra = extraPathParameters();
    QStringList hints;
    if (!missing.isEmpty())
        hints << tr("No path parameter for {%1} yet.").arg(missing.join(u"}, {"_s));
    if (!extra.isEmpty())
        hints << tr("Path parameter %1 is not in the path.").arg(extra.join(u", "_s));
    m_pathHint->setText(hints.join(u' '));
    m_syncButton->setText(!missing.isEmpty() && extra.isEmpty() ? tr("Create parameter")
                                                                : (missing.isEmpty() ? tr("Remove parameter") : tr("Sync parameters")));
    m_syncButton->setVisible(!hints.isEmpty());
    m_refreshing = false;
}

} // namespace portico::ui
