#include "tryitpanel.h"

#include "codeeditor.h"
#include "methodbadge.h"
#include "theme.h"
#include "tryitrequest.h"
#include "tryitsamples.h"

#include "core/jsonparser.h"
#include "core/jsonwriter.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;

namespace {

// Response bodies beyond this are shown cut: the editor stays responsive, and the trace has them whole.
constexpr qsizetype kMaxShownBody = 2 * 1024 * 1024;
constexpr int kTransferTimeoutMs = 60000;

QString prettyBody(const QByteArray &body, const QByteArray &contentType)
{
    const QByteArray shown = body.left(kMaxShownBody);
    const QByteArray trimmed = shown.trimmed();
    const bool looksJson = tryitsamples::isJsonMediaType(QString::fromLatin1(contentType)) || trimmed.startsWith('{') ||
                           trimmed.startsWith('[');
    if (looksJson && shown.size() == body.size()) {
        core::JsonParser parser;
        if (const auto parsed = parser.parse(shown); parsed.ok())
            return QString::fromUtf8(core::toJson(parsed.value(), core::JsonStyle::Indented));
    }
    QString text = QString::fromUtf8(shown);
    if (shown.size() < body.size())
        text += u"\n… "_s + QObject::tr("(%1 more bytes not shown)").arg(body.size() - shown.size());
    return text;
}

void setBold(QWidget *widget, bool bold)
{
    QFont font = widget->font();
    font.setBold(bold);
    widget->setFont(font);
}

theme::Tone statusTone(int status)
{
    if (status >= 200 && status < 300)
        return theme::Tone::Success;
    if (status >= 500 || status == 0)
        return theme::Tone::Error;
    return theme::Tone::Warning;
}

} // namespace

TryItPanel::TryItPanel(QWidget *parent)
    : QWidget(parent)
    , m_requestLine(new QLabel(this))
    , m_form(new QWidget)
    , m_formLayout(new QFormLayout(m_form))
    , m_mediaLabel(new QLabel(tr("Media type:"), this))
    , m_mediaTypes(new QComboBox(this))
    , m_body(new CodeEditor(this))
    , m_send(new QPushButton(tr("Send"), this))
    , m_hint(new QLabel(this))
    , m_status(new QLabel(this))
    , m_responseHeaders(new QTreeWidget(this))
    , m_responseBody(new CodeEditor(this))
    , m_network(new QNetworkAccessManager(this))
{
    m_requestLine->setObjectName(u"tryItRequestLine"_s);
    m_requestLine->setTextFormat(Qt::RichText);
    m_requestLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_mediaTypes->setObjectName(u"tryItMediaType"_s);
    m_body->setObjectName(u"tryItBody"_s);
    m_send->setObjectName(u"tryItSend"_s);
    m_send->setDefault(true);
    m_hint->setObjectName(u"tryItHint"_s);
    m_hint->setWordWrap(true);
    m_status->setObjectName(u"tryItStatus"_s);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_responseHeaders->setObjectName(u"tryItResponseHeaders"_s);
    m_responseHeaders->setColumnCount(2);
    m_responseHeaders->setHeaderLabels({tr("Header"), tr("Value")});
    m_responseHeaders->setRootIsDecorated(false);
    m_responseHeaders->header()->setStretchLastSection(true);
    m_responseHeaders->setColumnWidth(0, 180);
    m_responseBody->setObjectName(u"tryItResponseBody"_s);
    m_responseBody->setReadOnly(true);
    m_formLayout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    auto *request = new QWidget;
    auto *requestLayout = new QVBoxLayout(request);
    requestLayout->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_form);
    requestLayout->addWidget(scroll, 1);
    auto *mediaRow = new QHBoxLayout;
    mediaRow->addWidget(m_mediaLabel);
    mediaRow->addWidget(m_mediaTypes, 1);
    requestLayout->addLayout(mediaRow);
    requestLayout->addWidget(m_body, 2);

    auto *response = new QWidget;
    auto *responseLayout = new QVBoxLayout(response);
    responseLayout->setContentsMargins(0, 0, 0, 0);
    auto *sendRow = new QHBoxLayout;
    sendRow->addWidget(m_send);
    sendRow->addWidget(m_hint, 1);
    sendRow->addWidget(m_status, 1);
    responseLayout->addLayout(sendRow);
    auto *responseTabs = new QTabWidget;
    responseTabs->addTab(m_responseBody, tr("Body"));
    responseTabs->addTab(m_responseHeaders, tr("Headers"));
    responseLayout->addWidget(responseTabs, 1);

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(request);
    splitter->addWidget(response);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_requestLine);
    layout->addWidget(splitter, 1);

    connect(m_send, &QPushButton::clicked, this, &TryItPanel::send);
    connect(m_mediaTypes, &QComboBox::currentIndexChanged, this, &TryItPanel::showMediaType);
    connect(m_body, &CodeEditor::textEdited, this,
            [this] { m_edits.insert(editKey(u"body\n"_s + m_mediaTypes->currentText()), m_body->text()); });
    clear();
}

TryItPanel::~TryItPanel()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

QString TryItPanel::editKey(const QString &what) const
{
    return (m_endpoint ? m_endpoint->pointer : QString()) + u'\n' + what;
}

void TryItPanel::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
    updateSendState();
}

void TryItPanel::clear()
{
    m_endpoint.reset();
    while (m_formLayout->rowCount() > 0)
        m_formLayout->removeRow(0);
    m_fields.clear();
    m_bodySamples.clear();
    m_requestLine->setText(tr("Select an endpoint to try it."));
    const QSignalBlocker blocker(m_mediaTypes);
    m_mediaTypes->clear();
    m_mediaLabel->hide();
    m_mediaTypes->hide();
    m_body->hide();
    updateSendState();
}

void TryItPanel::updateSendState()
{
    const bool hasServer = m_baseUrl.isValid() && !m_baseUrl.isEmpty();
    m_send->setEnabled(hasServer && m_endpoint.has_value());
    if (!hasServer)
        m_hint->setText(tr("Start the mock server to send requests."));
    else if (!m_endpoint)
        m_hint->setText(tr("Select an endpoint."));
    m_hint->setVisible(!m_send->isEnabled());
    if (m_endpoint) {
        const QString where = hasServer ? m_baseUrl.toString(QUrl::StripTrailingSlash) : QString();
        m_requestLine->setText(methodBadgeHtml(m_endpoint->method) + u"&nbsp;"_s +
                               QString(where + m_endpoint->path).toHtmlEscaped());
    }
}

QLineEdit *TryItPanel::field(const QString &in, const QString &name) const
{
    for (const Field &f : m_fields) {
        if (f.in == in && f.name == name)
            return f.edit;
    }
    return nullptr;
}

void TryItPanel::addField(const QString &in, const QString &name, const QString &label, const QString &value,
                          const QString &placeholder, const QString &toolTip, bool isArray, bool explode,
                          const QString &style)
{
    if (field(in, name))
        return; // a credential also declared as a parameter: one field
    auto *edit = new QLineEdit;
    edit->setObjectName(u"param:%1:%2"_s.arg(in, name));
    edit->setText(m_edits.value(editKey(in + u'\n' + name), value));
    edit->setPlaceholderText(placeholder);
    edit->setToolTip(toolTip);
    edit->setClearButtonEnabled(true);
    const QString key = editKey(in + u'\n' + name);
    connect(edit, &QLineEdit::textEdited, this, [this, key](const QString &text) { m_edits.insert(key, text); });
    m_formLayout->addRow(label, edit);
    m_fields.append({in, name, isArray, explode, edit, style});
}

void TryItPanel::addCredentialFields(const core::ApiDocument &document)
{
    const core::JsonArray &requirements =
        m_endpoint->security ? *m_endpoint->security : document.root()[u"security"].toArray();
    // The first alternative is what a client would normally send; the others stay in the docs.
    if (requirements.empty())
        return;
    const QList<core::ApiSecurityScheme> schemes = document.securitySchemes();
    for (const auto &[name, scopes] : requirements.front().toObject()) {
        const auto scheme = std::find_if(schemes.begin(), schemes.end(),
                                         [&](const core::ApiSecurityScheme &s) { return s.name == name; });
        if (scheme == schemes.end())
            continue;
        const Json &raw = *document.resolveLocal(document.root()[u"components"][u"securitySchemes"][name], {}).first;
        const QString credential = raw[u"x-portico-credentials"][0].toString();
        const QString tip = scheme->description;
        if (scheme->type == u"apiKey") {
            addField(scheme->in, scheme->parameterName, tr("%1 (%2, auth)").arg(scheme->parameterName, scheme->in),
                     credential, tr("API key"), tip, false, false);
        } else if (scheme->type == u"http" && scheme->scheme == u"basic") {
            addField(u"header"_s, u"Authorization"_s, tr("Authorization (auth)"),
                     credential.isEmpty() ? QString()
                                          : u"Basic "_s + QString::fromLatin1(credential.toUtf8().toBase64()),
                     u"Basic <base64 user:password>"_s, tip, false, false);
        } else if (scheme->type == u"http" || scheme->type == u"oauth2" || scheme->type == u"openIdConnect") {
            addField(u"header"_s, u"Authorization"_s, tr("Authorization (auth)"),
                     credential.isEmpty() ? QString() : u"Bearer "_s + credential, u"Bearer <token>"_s, tip, false,
                     false);
        }
    }
}

bool TryItPanel::setEndpoint(const core::ApiDocument &document, const QString &path, const QString &method)
{
    std::optional<core::ApiEndpoint> endpoint = document.endpoint(path, method);
    if (!endpoint) {
        clear();
        return false;
    }
    const bool same = m_endpoint && m_endpoint->pointer == endpoint->pointer;
    const QString previousMedia = same ? m_mediaTypes->currentText() : QString();
    m_endpoint = std::move(endpoint);

    while (m_formLayout->rowCount() > 0)
        m_formLayout->removeRow(0);
    m_fields.clear();
    for (const QString &location : {u"path"_s, u"query"_s, u"header"_s, u"cookie"_s}) {
        for (const core::ApiParameter &p : std::as_const(m_endpoint->parameters)) {
            if (p.in != location)
                continue;
            const std::optional<Json> example = tryitsamples::parameterExample(document, p);
            // Required values are filled so that Send works at once; optional ones only when the author gave an
            // example or default, and otherwise show generated data as a hint, so nothing unasked-for is sent.
            QString value;
            QString placeholder;
            if (example) {
                value = tryitsamples::fieldText(*example);
            } else {
                const QString generated = tryitsamples::fieldText(tryitsamples::generatedParameter(document, p));
                if (p.required)
                    value = generated;
                else
                    placeholder = tr("e.g. %1").arg(generated);
            }
            const QString label = u"%1 (%2)%3"_s.arg(p.name, p.in, p.required ? u" *"_s : QString());
            addField(p.in, p.name, label, value, placeholder, p.description,
                     tryitsamples::isArrayParameter(document, p), tryitsamples::explodes(document, p),
                     document.value(p.pointer)[u"style"].toString());
        }
    }
    addCredentialFields(document);
    m_form->setVisible(!m_fields.isEmpty());

    m_bodySamples.clear();
    {
        const QSignalBlocker blocker(m_mediaTypes);
        m_mediaTypes->clear();
        if (m_endpoint->requestBody) {
            for (const core::ApiMediaType &media : std::as_const(m_endpoint->requestBody->content)) {
                m_mediaTypes->addItem(media.name);
                m_bodySamples.append(tryitsamples::bodyText(document, media));
            }
        }
        m_mediaTypes->setCurrentIndex(std::max(0, m_mediaTypes->findText(previousMedia)));
    }
    const int mediaCount = m_mediaTypes->count();
    m_mediaLabel->setVisible(mediaCount > 1);
    m_mediaTypes->setVisible(mediaCount > 1);
    m_body->setVisible(mediaCount > 0);
    showMediaType(m_mediaTypes->currentIndex());
    updateSendState();
    return true;
}

void TryItPanel::showMediaType(int index)
{
    if (index < 0 || index >= m_bodySamples.size()) {
        m_body->setText({});
        return;
    }
    const QString media = m_mediaTypes->itemText(index);
    m_body->setLanguage(CodeEditor::Language::Json);
    m_body->setText(m_edits.value(editKey(u"body\n"_s + media), m_bodySamples.at(index)));
}

void TryItPanel::send()
{
    if (!m_send->isEnabled() || !m_endpoint)
        return;
    QList<TryItInput> inputs;
    for (const Field &f : std::as_const(m_fields))
        inputs.append({f.name, f.in, f.edit->text(), f.isArray, f.explode, f.style});
    const bool hasBody = m_mediaTypes->count() > 0;
    const TryItRequest built = buildRequest(m_baseUrl, m_endpoint->method, m_endpoint->path, inputs,
                                            hasBody ? m_mediaTypes->currentText() : QString(),
                                            hasBody ? m_body->text().toUtf8() : QByteArray());
    QNetworkRequest request(built.url);
    for (const auto &[name, value] : built.headers)
        request.setRawHeader(name, value);
    // Show what the server answered, redirects included, rather than what a browser would end up at.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(kTransferTimeoutMs);

    if (m_reply) {
        QNetworkReply *previous = m_reply.data();
        previous->disconnect(this);
        previous->abort();
        previous->deleteLater();
    }
    QNetworkReply *reply = m_network->sendCustomRequest(request, built.method, built.body);
    m_reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { finished(reply); });
    m_elapsed.start();
    m_lastStatus = -1;
    theme::tint(m_status, std::nullopt);
    setBold(m_status, false);
    m_status->setText(tr("Sending %1 %2 …").arg(QString::fromLatin1(built.method), built.url.toDisplayString()));
    m_responseHeaders->clear();
    m_responseBody->setText({});
}

void TryItPanel::finished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply != m_reply)
        return;
    m_reply.clear();
    const qint64 ms = m_elapsed.elapsed();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    m_lastStatus = status;
    theme::tint(m_status, statusTone(status));
    setBold(m_status, true);
    if (status == 0) {
        m_status->setText(tr("No response: %1 (%2 ms)").arg(reply->errorString()).arg(ms));
        emit responseReceived(0);
        return;
    }
    const QString reason =
        QString::fromUtf8(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray());
    m_status->setText(u"%1 %2 · %3 ms · %4"_s.arg(status).arg(reason).arg(ms).arg(
        QLocale().formattedDataSize(body.size(), 1, QLocale::DataSizeTraditionalFormat)));
    for (const auto &[name, value] : reply->rawHeaderPairs())
        new QTreeWidgetItem(m_responseHeaders, {QString::fromLatin1(name), QString::fromUtf8(value)});
    m_responseBody->setText(prettyBody(body, reply->rawHeader("Content-Type")));
    emit responseReceived(status);
}

} // namespace portico::ui
