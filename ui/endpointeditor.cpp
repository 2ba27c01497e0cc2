#include "endpointeditor.h"

#include "codeeditor.h"
#include "projectsession.h"
#include "rawvalueeditor.h"

#include "core/jsonparser.h"
#include "core/jsonpointer.h"
#include "core/jsonwriter.h"
#include "core/schema.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;
using core::JsonArray;
using core::JsonObject;

namespace {

constexpr int kTextMergeId = 0x4550;
constexpr int kExampleMergeId = 0x4558;

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
      m_pathHint(new QLabel(this)), m_syncButton(new QPushButton(this)), m_parameters(new QLabel(this)),
      m_examples(new QComboBox(this)), m_exampleEditor(new CodeEditor(this)), m_exampleStatus(new QLabel(this)),
      m_exampleTimer(new QTimer(this)), m_raw(new RawValueEditor(session, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    auto *form = new QWidget(m_tabs);
    auto *formLayout = new QFormLayout(form);
    for (const QString &m : core::ApiDocument::kMethods)
        m_methodCombo->addItem(m.toUpper(), m);
    m_pathEdit->setObjectName(u"path"_s);
    m_operationId->setObjectName(u"operationId"_s);
    m_summary->setObjectName(u"summary"_s);
    m_description->setObjectName(u"description"_s);
    m_tags->setObjectName(u"tags"_s);
    m_tags->setPlaceholderText(tr("comma-separated"));
    auto *line = new QHBoxLayout;
    line->addWidget(m_methodCombo);
    line->addWidget(m_pathEdit, 1);
    formLayout->addRow(tr("Operation"), line);
    auto *hint = new QHBoxLayout;
    m_pathHint->setWordWrap(true);
    m_pathHint->setStyleSheet(u"color: #8a5a00;"_s);
    hint->addWidget(m_pathHint, 1);
    hint->addWidget(m_syncButton);
    m_syncButton->setObjectName(u"syncPathParameters"_s);
    formLayout->addRow(QString(), hint);
    formLayout->addRow(tr("Operation id"), m_operationId);
    formLayout->addRow(tr("Summary"), m_summary);
    formLayout->addRow(tr("Description"), m_description);
    formLayout->addRow(tr("Tags"), m_tags);
    formLayout->addRow(QString(), m_deprecated);
    m_parameters->setWordWrap(true);
    m_parameters->setTextFormat(Qt::RichText);
    formLayout->addRow(tr("Parameters"), m_parameters);
    formLayout->addRow(tr("Response example"), m_examples);
    m_exampleEditor->setLanguage(CodeEditor::Language::Json);
    m_exampleEditor->setMinimumHeight(160);
    formLayout->addRow(m_exampleEditor);
    m_exampleStatus->setWordWrap(true);
    formLayout->addRow(m_exampleStatus);
    m_tabs->addTab(form, tr("Form"));
    m_tabs->addTab(m_raw, tr("Raw"));

    connect(m_pathEdit, &QLineEdit::editingFinished, this, [this] {
        const QString to = m_pathEdit->text().trimmed();
        if (!m_refreshing && to.startsWith(u'/') && to != m_path)
            moveTo(to, m_method);
    });
    connect(m_pathEdit, &QLineEdit::textEdited, this, [this](const QString &text) {
        // Typing `{id}` is answered at once with the offer to create its parameter.
        const QStringList declared = templateParameters(text);
        const auto ep = m_session->document()->endpoint(m_path, m_method);
        QStringList missing;
        for (const QString &name : declared) {
            if (!ep || std::none_of(ep->parameters.begin(), ep->parameters.end(),
                                    [&](const core::ApiParameter &p) { return p.in == u"path" && p.name == name; }))
                missing << name;
        }
        m_pathHint->setText(missing.isEmpty() ? QString() : tr("No path parameter for {%1} yet.").arg(missing.join(u"}, {"_s)));
    });
    connect(m_methodCombo, &QComboBox::activated, this, [this] {
        const QString to = m_methodCombo->currentData().toString();
        if (to != m_method)
            moveTo(m_path, to);
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
            m_session->removeValue(pointer() + u"/tags"_s, tr("Clear tags of %1").arg(m_method.toUpper() + u' ' + m_path));
        else
            m_session->setValue(pointer() + u"/tags"_s, Json(tags), tr("Set tags of %1").arg(m_method.toUpper() + u' ' + m_path));
    });
    connect(m_deprecated, &QCheckBox::clicked, this, [this](bool on) {
        const QString what = m_method.toUpper() + u' ' + m_path;
        if (on)
            m_session->setValue(pointer() + u"/deprecated"_s, Json(true), tr("Deprecate %1").arg(what));
        else
            m_session->removeValue(pointer() + u"/deprecated"_s, tr("Undeprecate %1").arg(what));
    });
    connect(m_examples, &QComboBox::currentIndexChanged, this, &EndpointEditor::showExample);
    m_exampleTimer->setSingleShot(true);
    m_exampleTimer->setInterval(300);
    connect(m_exampleTimer, &QTimer::timeout, this, &EndpointEditor::checkExample);
    connect(m_exampleEditor, &CodeEditor::textEdited, m_exampleTimer, qOverload<>(&QTimer::start));

    auto *doc = session->document();
    connect(doc, &core::ApiDocument::documentReset, this, &EndpointEditor::refresh);
    connect(doc, &core::ApiDocument::valueChanged, this, [this](const QString &p) {
        if (m_refreshing)
            return;
        if (!m_path.isEmpty() && (p.startsWith(pointer()) || pointer().startsWith(p) || p.startsWith(u"/components")))
            refresh();
    });
}

QString EndpointEditor::pointer() const
{
    return core::ApiDocument::operationPointer(m_path, m_method);
}

void EndpointEditor::setEndpoint(const QString &path, const QString &method)
{
    m_path = path;
    m_method = method;
    m_raw->setPointer(pointer(), method.toUpper() + u' ' + path);
    refresh();
}

void EndpointEditor::commitText(const QString &key, const QString &value)
{
    if (m_refreshing)
        return;
    const QString what = u"%1 of %2 %3"_s.arg(key, m_method.toUpper(), m_path);
    if (value.isEmpty())
        m_session->removeValue(pointer() + u'/' + key, tr("Clear %1").arg(what));
    else
        m_session->setValue(pointer() + u'/' + key, Json(value), tr("Set %1").arg(what), kTextMergeId);
}

void EndpointEditor::moveTo(const QString &path, const QString &method)
{
    const QString from = m_method.toUpper() + u' ' + m_path;
    const QString to = method.toUpper() + u' ' + path;
    if (m_session->document()->endpoint(path, method)) {
        m_pathHint->setText(tr("%1 already exists.").arg(to));
        refresh();
        return;
    }
    const Json operation = m_session->document()->value(pointer());
    const bool moved = m_session->edit(tr("Move %1 to %2").arg(from, to), [&](core::ApiDocument &d) {
        d.removeEndpoint(m_path, m_method);
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
    const auto ep = m_session->document()->endpoint(m_path, m_method);
    QStringList out;
    for (const QString &name : templateParameters(m_path)) {
        if (!ep || std::none_of(ep->parameters.begin(), ep->parameters.end(),
                                [&](const core::ApiParameter &p) { return p.in == u"path" && p.name == name; }))
            out << name;
    }
    return out;
}

QStringList EndpointEditor::extraPathParameters() const
{
    const auto ep = m_session->document()->endpoint(m_path, m_method);
    const QStringList declared = templateParameters(m_path);
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
    m_session->edit(tr("Sync path parameters of %1 %2").arg(m_method.toUpper(), m_path), [&](core::ApiDocument &d) {
        for (const QString &level : {op, core::ApiDocument::operationPointer(m_path, m_method).section(u'/', 0, -2)}) {
            JsonArray params = d.value(QString(level + u"/parameters"_s)).toArray();
            const auto before = params.size();
            std::erase_if(params, [&](const Json &p) {
                return p[u"in"].toString() == u"path" && extra.contains(p[u"name"].toString());
            });
            if (params.size() != before)
                d.setValue(level + u"/parameters"_s, Json(params));
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

void EndpointEditor::refresh()
{
    const auto ep = m_session->document()->endpoint(m_path, m_method);
    setEnabled(bool(ep));
    if (!ep)
        return;
    m_refreshing = true;
    m_methodCombo->setCurrentIndex(m_methodCombo->findData(m_method));
    if (!m_pathEdit->hasFocus())
        m_pathEdit->setText(m_path);
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
    QStringList params;
    for (const core::ApiParameter &p : ep->parameters) {
        params << u"<b>%1</b> <i>%2</i>%3 %4"_s.arg(p.name.toHtmlEscaped(), p.in, p.required ? u" *"_s : QString(),
                                                   p.description.toHtmlEscaped());
    }
    m_parameters->setText(params.isEmpty() ? tr("none") : params.join(u"<br>"_s));
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
    refreshExamples();
    m_refreshing = false;
}

void EndpointEditor::refreshExamples()
{
    const auto ep = m_session->document()->endpoint(m_path, m_method);
    QList<ExampleRef> refs;
    QStringList labels;
    if (ep) {
        for (const core::ApiResponse &r : ep->responses) {
            for (const core::ApiMediaType &m : r.content) {
                const QString schema = m.pointer + u"/schema"_s;
                for (const auto &[name, example] : m.examples) {
                    refs.append({m.pointer + u"/examples/"_s + core::jsonpointer::escape(name) + u"/value"_s, schema});
                    labels << u"%1 %2 — %3"_s.arg(r.status, m.name, name);
                }
                if (m.example) {
                    refs.append({m.pointer + u"/example"_s, schema});
                    labels << u"%1 %2 — example"_s.arg(r.status, m.name);
                }
            }
        }
    }
    QStringList current;
    for (int i = 0; i < m_examples->count(); ++i)
        current << m_examples->itemText(i);
    if (current == labels) {
        m_exampleRefs = refs;
        if (!m_exampleTimer->isActive() && !m_exampleEditor->hasFocus())
            showExample(m_examples->currentIndex());
        return;
    }
    const int keep = m_examples->currentIndex();
    m_exampleRefs = refs;
    m_examples->blockSignals(true);
    m_examples->clear();
    m_examples->addItems(labels);
    m_examples->setCurrentIndex(keep >= 0 && keep < labels.size() ? keep : (labels.isEmpty() ? -1 : 0));
    m_examples->blockSignals(false);
    showExample(m_examples->currentIndex());
}

void EndpointEditor::showExample(int index)
{
    m_exampleEditor->setReadOnly(index < 0 || index >= m_exampleRefs.size());
    if (index < 0 || index >= m_exampleRefs.size()) {
        m_exampleEditor->setText({});
        m_exampleStatus->setText(tr("This operation has no response examples."));
        return;
    }
    const Json &value = m_session->document()->value(m_exampleRefs[index].valuePointer);
    m_exampleEditor->setText(QString::fromUtf8(core::toJson(value, core::JsonStyle::Indented)));
    checkExample();
}

void EndpointEditor::checkExample()
{
    m_exampleTimer->stop();
    const int index = m_examples->currentIndex();
    m_exampleEditor->clearErrorMarkers();
    if (index < 0 || index >= m_exampleRefs.size())
        return;
    const ExampleRef ref = m_exampleRefs[index];
    core::SourceMap map;
    core::JsonParseOptions options;
    options.sourceMap = &map;
    core::JsonParser parser(options);
    auto parsed = parser.parse(m_exampleEditor->text().toUtf8());
    if (!parsed.ok()) {
        m_exampleEditor->addErrorMarker(parsed.error().location.line, parsed.error().location.column, parsed.error().message);
        m_exampleStatus->setText(tr("Not applied: %1").arg(parsed.error().message));
        m_exampleStatus->setStyleSheet(u"color: #b01c1c;"_s);
        return;
    }
    QStringList messages;
    if (core::jsonpointer::resolve(m_session->document()->root(), ref.schemaPointer)) {
        core::SchemaCompiler compiler;
        compiler.addDocument(u"urn:portico:document"_s, m_session->document()->root());
        auto schema = compiler.compile(u"urn:portico:document#"_s + ref.schemaPointer);
        if (schema.ok()) {
            for (const core::ValidationError &e : schema->validate(parsed.value())) {
                QString at;
                QStringList loc;
                for (const Json &part : e.loc) {
                    const QString token = part.isString() ? part.toString() : QString::number(part.toInteger());
                    at = core::jsonpointer::append(at, token);
                    loc << token;
                }
                const auto pos = map.find(at);
                const QString message = loc.isEmpty() ? e.msg : loc.join(u'.') + u": "_s + e.msg;
                m_exampleEditor->addErrorMarker(std::max(1, pos.line), std::max(1, pos.column), message);
                messages << message;
            }
        }
    }
    m_exampleStatus->setText(messages.isEmpty() ? tr("✔ The example matches its response schema.")
                                                : tr("The example breaks its response schema:\n%1").arg(messages.join(u'\n')));
    m_exampleStatus->setStyleSheet(messages.isEmpty() ? u"color: #1d7a38;"_s : u"color: #b01c1c;"_s);
    const Json *current = core::jsonpointer::resolve(m_session->document()->root(), ref.valuePointer);
    if (!current || !current->identical(parsed.value())) {
        m_refreshing = true;
        m_session->setValue(ref.valuePointer, parsed.value(), tr("Edit example %1").arg(m_examples->currentText()),
                            kExampleMergeId);
        m_refreshing = false;
    }
}

} // namespace portico::ui
