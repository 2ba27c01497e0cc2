#include "securityschemeeditor.h"

#include "collectionmodel.h"
#include "fieldbinder.h"
#include "formedits.h"
#include "projectsession.h"
#include "rawvalueeditor.h"

#include "core/jsonpointer.h"
#include "core/openapiwalk.h"
#include "core/renames.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;
using core::JsonObject;
using Check = FieldBinder::Check;

namespace {

const QString kSchemes = u"/components/securitySchemes"_s;

enum Page { ApiKeyPage, HttpPage, OAuthPage, OpenIdPage, NoSettingsPage };

// Which URLs each OAuth flow has (OpenAPI 3.1, OAuth Flow Object): the required ones stay as "" when cleared.
bool hasAuthorizationUrl(const QString &flow)
{
    return flow == u"implicit" || flow == u"authorizationCode";
}
bool hasTokenUrl(const QString &flow)
{
    return flow != u"implicit";
}

Json defaultFlow(const QString &flow)
{
    JsonObject out;
    if (hasAuthorizationUrl(flow))
        out.append(u"authorizationUrl"_s, Json(QString()));
    if (hasTokenUrl(flow))
        out.append(u"tokenUrl"_s, Json(QString()));
    out.append(u"scopes"_s, Json(JsonObject()));
    return Json(std::move(out));
}

QStringList schemeNames(const core::ApiDocument *document)
{
    QStringList out;
    for (const auto &[name, scheme] : document->value(kSchemes).toObject())
        out.append(name);
    return out;
}

} // namespace

SecuritySchemeEditor::SecuritySchemeEditor(ProjectSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_binder(new FieldBinder(session, this)), m_tabs(new QTabWidget(this)),
      m_schemes(new QComboBox(this)), m_nameEdit(new QLineEdit(this)), m_type(new QComboBox(this)),
      m_pages(new QStackedWidget(this)), m_in(new QComboBox(this)), m_httpScheme(new QComboBox(this)),
      m_flow(new QComboBox(this)), m_flowEnabled(new QCheckBox(tr("This API offers this flow"), this)),
      m_scopes(new CollectionModel(session, CollectionModel::Shape::Map,
                                   {CollectionModel::Column{tr("Scope"), CollectionModel::ColumnKind::Key, {}},
                                    CollectionModel::Column{tr("Description"), CollectionModel::ColumnKind::Text, {}, true}},
                                   tr("scope"), this)),
      m_scopesTable(new QTableView(this)), m_raw(new RawValueEditor(session, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(6, 6, 6, 0);
    m_schemes->setObjectName(u"schemes"_s);
    m_schemes->setMinimumContentsLength(16);
    auto *add = new QPushButton(tr("Add scheme"), this);
    add->setObjectName(u"addScheme"_s);
    auto *remove = new QPushButton(tr("Delete scheme"), this);
    remove->setObjectName(u"deleteScheme"_s);
    bar->addWidget(new QLabel(tr("Scheme"), this));
    bar->addWidget(m_schemes, 1);
    bar->addWidget(add);
    bar->addWidget(remove);
    layout->addLayout(bar);
    layout->addWidget(m_tabs);

    auto *form = new QWidget(m_tabs);
    auto *formLayout = new QFormLayout(form);
    m_nameEdit->setObjectName(u"schemeName"_s);
    m_nameEdit->setToolTip(tr("Renaming updates every security requirement that names the scheme"));
    formLayout->addRow(tr("Name"), m_nameEdit);
    m_type->setObjectName(u"type"_s);
    m_type->addItems(kTypes);
    formLayout->addRow(tr("Type"), m_type);
    auto *description = new QLineEdit(form);
    description->setObjectName(u"description"_s);
    m_fields.insert(u"description"_s, description);
    m_binder->bind(description, u"/description"_s, tr("description"));
    formLayout->addRow(tr("Description"), description);
    m_pages->addWidget(buildApiKeyPage());
    m_pages->addWidget(buildHttpPage());
    m_pages->addWidget(buildOAuthPage());
    m_pages->addWidget(buildOpenIdPage());
    auto *none = new QLabel(tr("Mutual TLS has no settings: the client's certificate is the credential."), m_pages);
    none->setWordWrap(true);
    none->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_pages->addWidget(none);
    // The type's own settings, framed: their labels line up among themselves, not with the fields above.
    auto *settings = new QGroupBox(tr("Settings of this type"), form);
    auto *settingsLayout = new QVBoxLayout(settings);
    settingsLayout->addWidget(m_pages);
    formLayout->addRow(settings);
    m_tabs->addTab(form, tr("Form"));
    m_tabs->addTab(m_raw, tr("Raw"));

    connect(m_schemes, &QComboBox::activated, this, [this] {
        setScheme(m_schemes->currentText());
        emit schemeShown(pointer());
    });
    connect(add, &QPushButton::clicked, this, &SecuritySchemeEditor::addScheme);
    connect(remove, &QPushButton::clicked, this, &SecuritySchemeEditor::removeScheme);
    connect(m_nameEdit, &QLineEdit::editingFinished, this, [this] {
        if (!m_refreshing)
            renameScheme(m_nameEdit->text().trimmed());
    });
    connect(m_type, &QComboBox::activated, this, [this] { setType(m_type->currentText()); });

    auto *doc = session->document();
    connect(doc, &core::ApiDocument::documentReset, this, [this] { setScheme({}); });
    connect(doc, &core::ApiDocument::valueChanged, this, [this](const QString &p) {
        if (p.startsWith(kSchemes) || kSchemes.startsWith(p))
            refresh();
    });
    setScheme({});
}

QWidget *SecuritySchemeEditor::buildApiKeyPage()
{
    auto *page = new QWidget(m_pages);
    auto *form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    auto *name = new QLineEdit(page);
    name->setObjectName(u"name"_s);
    name->setPlaceholderText(u"X-API-Key"_s);
    m_fields.insert(u"name"_s, name);
    m_binder->bind(name, u"/name"_s, tr("parameter name"), Check::None, true);
    form->addRow(tr("Parameter name"), name);
    m_in->setObjectName(u"in"_s);
    m_in->addItems({u"header"_s, u"query"_s, u"cookie"_s});
    form->addRow(tr("Sent in"), m_in);
    connect(m_in, &QComboBox::activated, this, [this] {
        m_session->setValue(pointer() + u"/in"_s, Json(m_in->currentText()),
                            tr("Send scheme %1 in the %2").arg(m_name, m_in->currentText()));
    });
    return page;
}

QWidget *SecuritySchemeEditor::buildHttpPage()
{
    auto *page = new QWidget(m_pages);
    auto *form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    m_httpScheme->setObjectName(u"httpScheme"_s);
    m_httpScheme->setEditable(true);
    m_httpScheme->addItems({u"bearer"_s, u"basic"_s, u"digest"_s});
    m_httpScheme->setToolTip(tr("An HTTP authentication scheme from the IANA registry"));
    form->addRow(tr("HTTP scheme"), m_httpScheme);
    auto commitScheme = [this] {
        if (m_refreshing || m_name.isEmpty())
            return;
        formedits::commitText(m_session, pointer() + u"/scheme"_s, m_httpScheme->currentText().trimmed(),
                              tr("Set HTTP scheme of %1").arg(m_name), true, pointer());
    };
    connect(m_httpScheme, &QComboBox::activated, this, commitScheme);
    connect(m_httpScheme->lineEdit(), &QLineEdit::textEdited, this, commitScheme);
    auto *format = new QLineEdit(page);
    format->setObjectName(u"bearerFormat"_s);
    format->setPlaceholderText(u"JWT"_s);
    m_fields.insert(u"bearerFormat"_s, format);
    m_binder->bind(format, u"/bearerFormat"_s, tr("bearer format"));
    form->addRow(tr("Bearer format"), format);
    return page;
}

QWidget *SecuritySchemeEditor::buildOAuthPage()
{
    auto *page = new QWidget(m_pages);
    auto *form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    m_flow->setObjectName(u"flow"_s);
    m_flow->addItem(tr("Authorization code"), kFlows[0]);
    m_flow->addItem(tr("Client credentials"), kFlows[1]);
    m_flow->addItem(tr("Password"), kFlows[2]);
    m_flow->addItem(tr("Implicit"), kFlows[3]);
    auto *flowLine = new QHBoxLayout;
    flowLine->addWidget(m_flow);
    flowLine->addWidget(m_flowEnabled, 1);
    m_flowEnabled->setObjectName(u"flowEnabled"_s);
    form->addRow(tr("Flow"), flowLine);
    connect(m_flow, &QComboBox::activated, this, [this] { showFlow(m_flow->currentData().toString()); });
    connect(m_flowEnabled, &QCheckBox::clicked, this, &SecuritySchemeEditor::setFlowEnabled);

    const QList<std::pair<QString, QString>> urls = {{u"authorizationUrl"_s, tr("Authorization URL")},
                                                    {u"tokenUrl"_s, tr("Token URL")},
                                                    {u"refreshUrl"_s, tr("Refresh URL")}};
    for (const auto &[member, label] : urls) {
        auto *edit = new QLineEdit(page);
        edit->setObjectName(member);
        edit->setPlaceholderText(u"https://auth.example.com/oauth/"_s + member.chopped(3).toLower());
        m_fields.insert(member, edit);
        // Bound to the flow shown; showFlow() points them at another one.
        m_binder->bind(edit, u"/flows/authorizationCode/"_s + member, label.toLower(), Check::Url, member != u"refreshUrl");
        form->addRow(label, edit);
    }

    auto *scopes = new QWidget(page);
    auto *scopesLayout = new QVBoxLayout(scopes);
    scopesLayout->setContentsMargins(0, 0, 0, 0);
    auto *toolbar = new QToolBar(scopes);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(tr("Add scope"), this, &SecuritySchemeEditor::addScope)->setObjectName(u"addScope"_s);
    toolbar->addAction(tr("Remove scope"), this, [this] {
        if (m_scopesTable->currentIndex().isValid())
            removeScope(m_scopesTable->currentIndex().row());
    })->setObjectName(u"removeScope"_s);
    scopesLayout->addWidget(toolbar);
    m_scopesTable->setModel(m_scopes);
    m_scopesTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_scopesTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_scopesTable->horizontalHeader()->setStretchLastSection(true);
    m_scopesTable->horizontalHeader()->resizeSection(0, 180);
    m_scopesTable->verticalHeader()->hide();
    scopesLayout->addWidget(m_scopesTable);
    form->addRow(tr("Scopes"), scopes);
    return page;
}

QWidget *SecuritySchemeEditor::buildOpenIdPage()
{
    auto *page = new QWidget(m_pages);
    auto *form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    auto *url = new QLineEdit(page);
    url->setObjectName(u"openIdConnectUrl"_s);
    url->setPlaceholderText(u"https://auth.example.com/.well-known/openid-configuration"_s);
    m_fields.insert(u"openIdConnectUrl"_s, url);
    m_binder->bind(url, u"/openIdConnectUrl"_s, tr("OpenID Connect URL"), Check::Url, true);
    form->addRow(tr("OpenID Connect URL"), url);
    return page;
}

QString SecuritySchemeEditor::pointer() const
{
    return m_name.isEmpty() ? QString() : core::jsonpointer::append(kSchemes, m_name);
}

QString SecuritySchemeEditor::flowPointer() const
{
    return pointer() + u"/flows/"_s + m_flow->currentData().toString();
}

QLineEdit *SecuritySchemeEditor::field(const QString &member) const
{
    return m_fields.value(member);
}

void SecuritySchemeEditor::setScheme(const QString &requested)
{
    const QStringList names = schemeNames(m_session->document());
    QString name = requested;
    if (name.isEmpty() || !names.contains(name))
        name = names.contains(m_name) ? m_name : names.value(0);
    m_name = name;
    // Show the first flow the scheme offers; keep the one shown when it offers none.
    const Json &flows = m_session->document()->value(QString(pointer() + u"/flows"_s));
    for (const QString &flow : kFlows) {
        if (!m_name.isEmpty() && flows.toObject().contains(flow)) {
            m_flow->setCurrentIndex(int(kFlows.indexOf(flow)));
            break;
        }
    }
    m_binder->setBase(pointer(), tr("scheme %1").arg(m_name));
    m_raw->setPointer(m_name.isEmpty() ? kSchemes : pointer(), m_name.isEmpty() ? tr("security schemes") : m_name);
    showFlow(m_flow->currentData().toString());
}

void SecuritySchemeEditor::showFlow(const QString &flow)
{
    m_flow->setCurrentIndex(std::max(0, int(kFlows.indexOf(flow))));
    for (const QString &member : {u"authorizationUrl"_s, u"tokenUrl"_s, u"refreshUrl"_s})
        m_binder->rebind(m_fields.value(member), u"/flows/"_s + flow + u'/' + member, Check::Url);
    refresh();
}

void SecuritySchemeEditor::refresh()
{
    m_refreshing = true;
    const QStringList names = schemeNames(m_session->document());
    QStringList shown;
    for (int i = 0; i < m_schemes->count(); ++i)
        shown.append(m_schemes->itemText(i));
    if (shown != names) {
        m_schemes->clear();
        m_schemes->addItems(names);
    }
    const bool exists = !m_name.isEmpty() && names.contains(m_name);
    m_schemes->setCurrentIndex(exists ? int(names.indexOf(m_name)) : -1);
    if (m_nameEdit->text() != m_name)
        m_nameEdit->setText(exists ? m_name : QString());
    const Json &scheme = exists ? m_session->document()->value(pointer()) : Json::null();
    const QString type = scheme[u"type"].toString();
    m_type->setCurrentIndex(int(kTypes.indexOf(type)));
    static const QHash<QString, int> pages = {{u"apiKey"_s, ApiKeyPage}, {u"http"_s, HttpPage}, {u"oauth2"_s, OAuthPage},
                                              {u"openIdConnect"_s, OpenIdPage}};
    m_pages->setCurrentIndex(pages.value(type, NoSettingsPage));

    m_in->setCurrentIndex(int(m_in->findText(scheme[u"in"].toString())));
    const QString httpScheme = scheme[u"scheme"].toString();
    if (m_httpScheme->currentText() != httpScheme)
        m_httpScheme->setCurrentText(httpScheme);
    m_fields.value(u"bearerFormat"_s)->setEnabled(httpScheme.compare(u"bearer", Qt::CaseInsensitive) == 0);

    const QString flow = m_flow->currentData().toString();
    const bool offered = scheme[u"flows"].toObject().contains(flow);
    m_flowEnabled->setChecked(offered);
    m_fields.value(u"authorizationUrl"_s)->setEnabled(offered && hasAuthorizationUrl(flow));
    m_fields.value(u"tokenUrl"_s)->setEnabled(offered && hasTokenUrl(flow));
    m_fields.value(u"refreshUrl"_s)->setEnabled(offered);
    m_scopesTable->setEnabled(offered);
    const QString scopes = offered ? flowPointer() + u"/scopes"_s : QString();
    if (m_scopes->pointer() != scopes)
        m_scopes->setPointer(scopes);

    for (QWidget *w : {static_cast<QWidget *>(m_nameEdit), static_cast<QWidget *>(m_type),
                       static_cast<QWidget *>(m_fields.value(u"description"_s)), static_cast<QWidget *>(m_pages)})
        w->setEnabled(exists);
    m_refreshing = false;
}

QString SecuritySchemeEditor::addScheme()
{
    const QString name = formedits::uniqueName(u"newScheme"_s, schemeNames(m_session->document()));
    const Json scheme(JsonObject{{u"type"_s, Json(u"http"_s)}, {u"scheme"_s, Json(u"bearer"_s)}});
    if (!m_session->edit(tr("Add security scheme %1").arg(name),
                         [&](core::ApiDocument &d) { return d.setValue(core::jsonpointer::append(kSchemes, name), scheme); }))
        return {};
    setScheme(name);
    emit schemeShown(pointer());
    m_nameEdit->setFocus();
    m_nameEdit->selectAll();
    return name;
}

bool SecuritySchemeEditor::renameScheme(const QString &to)
{
    const QString from = m_name;
    if (from.isEmpty() || to == from)
        return false;
    const bool renamed = !to.isEmpty()
        && m_session->edit(tr("Rename security scheme %1 to %2").arg(from, to),
                           [&](core::ApiDocument &d) { return core::renameSecurityScheme(d, from, to); });
    if (!renamed) {
        m_nameEdit->setText(from); // empty or taken
        return false;
    }
    setScheme(to);
    emit schemeShown(pointer());
    return true;
}

bool SecuritySchemeEditor::removeScheme()
{
    if (m_name.isEmpty())
        return false;
    // Requirements naming the scheme stay, so that nothing silently becomes public; the Problems panel
    // reports them.
    const QString name = m_name;
    const QString removed = pointer();
    if (!m_session->edit(tr("Delete security scheme %1").arg(name), [&](core::ApiDocument &d) { return d.removeValue(removed); }))
        return false;
    setScheme({});
    emit schemeShown(m_name.isEmpty() ? kSchemes : pointer());
    return true;
}

bool SecuritySchemeEditor::setType(const QString &type)
{
    const Json &scheme = m_session->document()->value(pointer());
    if (m_name.isEmpty() || !kTypes.contains(type) || scheme[u"type"].toString() == type)
        return false;
    // What the old type needed goes; the description and extensions stay; the new type starts with what it
    // requires.
    JsonObject next{{u"type"_s, Json(type)}};
    if (scheme[u"description"].isString())
        next.append(u"description"_s, scheme[u"description"]);
    if (type == u"apiKey") {
        next.append(u"name"_s, Json(u"X-API-Key"_s));
        next.append(u"in"_s, Json(u"header"_s));
    } else if (type == u"http") {
        next.append(u"scheme"_s, Json(u"bearer"_s));
    } else if (type == u"oauth2") {
        next.append(u"flows"_s, Json(JsonObject{{u"clientCredentials"_s, defaultFlow(u"clientCredentials"_s)}}));
    } else if (type == u"openIdConnect") {
        next.append(u"openIdConnectUrl"_s, Json(QString()));
    }
    for (const auto &[key, value] : scheme.toObject()) {
        if (core::openapi::isExtension(key))
            next.append(key, value);
    }
    const bool changed = m_session->edit(tr("Make %1 an %2 scheme").arg(m_name, type),
                                         [&](core::ApiDocument &d) { return d.setValue(pointer(), Json(next)); });
    if (changed && type == u"oauth2")
        showFlow(u"clientCredentials"_s);
    return changed;
}

bool SecuritySchemeEditor::setFlowEnabled(bool enabled)
{
    const QString flow = m_flow->currentData().toString();
    if (m_name.isEmpty())
        return false;
    if (enabled) {
        if (m_session->document()->value(flowPointer()).isObject())
            return false;
        m_session->setValue(flowPointer(), defaultFlow(flow), tr("Offer the %1 flow in %2").arg(flow, m_name));
    } else {
        m_session->removeValue(flowPointer(), tr("Stop offering the %1 flow in %2").arg(flow, m_name));
    }
    refresh();
    return true;
}

int SecuritySchemeEditor::addScope()
{
    QStringList taken;
    for (int r = 0; r < m_scopes->rowCount(); ++r)
        taken.append(m_scopes->entryName(r));
    const int row = m_scopes->addEntry(formedits::uniqueName(u"scope"_s, taken), Json(QString()));
    if (row >= 0) {
        m_scopesTable->setCurrentIndex(m_scopes->index(row, 0));
        m_scopesTable->edit(m_scopes->index(row, 0));
    }
    return row;
}

bool SecuritySchemeEditor::removeScope(int row)
{
    return m_scopes->removeEntry(row);
}

} // namespace portico::ui
