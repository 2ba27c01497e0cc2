#include "responseseditor.h"

#include "choicedelegate.h"
#include "contenteditor.h"
#include "projectsession.h"
#include "responseheadersmodel.h"
#include "theme.h"

#include "core/jsonpointer.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
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

constexpr int kDescriptionMergeId = 0x5244;

// Responses are kept in status order (2XX after 299, default last), the order readers scan them in.
int rank(const QString &status)
{
    if (status == u"default")
        return 1000;
    if (status.endsWith(u"XX", Qt::CaseInsensitive))
        return status.left(1).toInt() * 100 + 99;
    return status.toInt();
}

} // namespace

ResponsesEditor::ResponsesEditor(ProjectSession *session, QWidget *parent)
    : QWidget(parent), m_session(session),
      m_keys(new KeyList(tr("Status codes"),
                         {u"200"_s, u"201"_s, u"202"_s, u"204"_s, u"301"_s, u"304"_s, u"400"_s, u"401"_s, u"403"_s, u"404"_s,
                          u"409"_s, u"415"_s, u"422"_s, u"429"_s, u"500"_s, u"503"_s, u"4XX"_s, u"5XX"_s, u"default"_s},
                         this)),
      m_detail(new QWidget(this)),
      m_shared(new QLabel(m_detail)), m_status(new QLineEdit(m_detail)), m_description(new QLineEdit(m_detail)),
      m_headers(new ResponseHeadersModel(session, this)), m_headersView(new QTableView(m_detail)),
      m_content(new ContentEditor(session, m_detail))
{
    m_keys->list()->setObjectName(u"responses"_s);
    m_keys->newKey()->setObjectName(u"newStatus"_s);
    m_keys->addButton()->setObjectName(u"addResponse"_s);
    m_keys->removeButton()->setObjectName(u"removeResponse"_s);
    m_status->setObjectName(u"statusCode"_s);
    m_description->setObjectName(u"responseDescription"_s);
    m_headersView->setObjectName(u"responseHeaders"_s);

    auto *layout = new QHBoxLayout(this);
    m_keys->list()->setMaximumWidth(200);
    layout->addWidget(m_keys);

    auto *detail = new QVBoxLayout(m_detail);
    detail->setContentsMargins(0, 0, 0, 0);
    m_shared->setWordWrap(true);
    theme::tint(m_shared, theme::Tone::Warning);
    detail->addWidget(m_shared);
    auto *form = new QFormLayout;
    form->addRow(tr("Status"), m_status);
    form->addRow(tr("Description"), m_description);
    detail->addLayout(form);
    auto *tabs = new QTabWidget(m_detail);
    tabs->addTab(m_content, tr("Body"));
    auto *headersPage = new QWidget(tabs);
    auto *headersLayout = new QVBoxLayout(headersPage);
    m_headersView->setModel(m_headers);
    m_headersView->setItemDelegateForColumn(ResponseHeadersModel::Type,
                                            new ChoiceDelegate([](const QModelIndex &) { return ResponseHeadersModel::typeChoices(); },
                                                               true, m_headersView));
    m_headersView->horizontalHeader()->setStretchLastSection(true);
    m_headersView->setSelectionBehavior(QAbstractItemView::SelectRows);
    headersLayout->addWidget(m_headersView, 1);
    auto *headerButtons = new QHBoxLayout;
    auto *addHeader = new QPushButton(tr("Add header"), headersPage);
    auto *removeHeader = new QPushButton(tr("Remove header"), headersPage);
    addHeader->setObjectName(u"addHeader"_s);
    removeHeader->setObjectName(u"removeHeader"_s);
    headerButtons->addWidget(addHeader);
    headerButtons->addWidget(removeHeader);
    headerButtons->addStretch(1);
    headersLayout->addLayout(headerButtons);
    tabs->addTab(headersPage, tr("Headers"));
    detail->addWidget(tabs, 1);
    layout->addWidget(m_detail, 1);

    connect(m_keys, &KeyList::addRequested, this, [this](const QString &status) {
        if (addResponse(status))
            selectResponse(status);
    });
    connect(m_keys, &KeyList::removeRequested, this, [this](const QString &status) { removeResponse(status); });
    connect(m_keys, &KeyList::currentKeyChanged, this, &ResponsesEditor::showResponse);
    connect(m_status, &QLineEdit::editingFinished, this, [this] {
        const QString to = m_status->text().trimmed();
        if (to != currentStatus() && !changeStatus(currentStatus(), to))
            m_status->setText(currentStatus());
    });
    connect(m_description, &QLineEdit::textEdited, this, [this](const QString &text) {
        // `description` is required in a Response Object, so clearing it writes "" rather than removing it.
        m_session->setValue(responsePointer() + u"/description"_s, Json(text),
                            tr("Describe response %1 of %2").arg(currentStatus(), m_operation.label()), kDescriptionMergeId);
    });
    connect(addHeader, &QPushButton::clicked, this, [this] {
        const int row = m_headers->addHeader();
        if (row >= 0)
            m_headersView->edit(m_headers->index(row, ResponseHeadersModel::Name));
    });
    connect(removeHeader, &QPushButton::clicked, this, [this] { m_headers->removeHeader(m_headersView->currentIndex().row()); });

    followOperation(session->document(), this, m_operation, [this] { refresh(); });
}

bool ResponsesEditor::isValidStatus(const QString &status)
{
    static const QRegularExpression re(u"^([1-5][0-9][0-9]|[1-5]XX|default)$"_s);
    return re.match(status).hasMatch();
}

QString ResponsesEditor::reasonPhrase(const QString &status)
{
    static const QHash<QString, QString> phrases = {
        {u"200"_s, u"OK"_s}, {u"201"_s, u"Created"_s}, {u"202"_s, u"Accepted"_s}, {u"204"_s, u"No Content"_s},
        {u"301"_s, u"Moved Permanently"_s}, {u"302"_s, u"Found"_s}, {u"304"_s, u"Not Modified"_s},
        {u"400"_s, u"Bad Request"_s}, {u"401"_s, u"Unauthorized"_s}, {u"403"_s, u"Forbidden"_s},
        {u"404"_s, u"Not Found"_s}, {u"405"_s, u"Method Not Allowed"_s}, {u"409"_s, u"Conflict"_s},
        {u"410"_s, u"Gone"_s}, {u"415"_s, u"Unsupported Media Type"_s}, {u"422"_s, u"Validation Error"_s},
        {u"429"_s, u"Too Many Requests"_s}, {u"500"_s, u"Internal Server Error"_s}, {u"502"_s, u"Bad Gateway"_s},
        {u"503"_s, u"Service Unavailable"_s}, {u"504"_s, u"Gateway Timeout"_s}, {u"2XX"_s, u"Success"_s},
        {u"4XX"_s, u"Client error"_s}, {u"5XX"_s, u"Server error"_s}, {u"default"_s, u"Unexpected error"_s}};
    return phrases.value(status, u"Response"_s);
}

void ResponsesEditor::setOperation(const OperationRef &operation)
{
    m_operation = operation;
    m_keys->clear();
    refresh();
}

QString ResponsesEditor::responsesPointer() const
{
    return m_operation.pointer() + u"/responses"_s;
}

QStringList ResponsesEditor::statuses() const
{
    QStringList out;
    for (const auto &[status, response] : m_session->document()->value(responsesPointer()).toObject()) {
        if (!status.startsWith(u"x-"))
            out << status;
    }
    return out;
}

QString ResponsesEditor::currentStatus() const
{
    return m_keys->currentKey();
}

QString ResponsesEditor::responsePointer() const
{
    const QString status = currentStatus();
    if (status.isEmpty())
        return {};
    const QString own = responsesPointer() + u'/' + core::jsonpointer::escape(status);
    const core::ApiDocument *doc = m_session->document();
    return doc->resolveLocal(doc->value(own), own).second;
}

void ResponsesEditor::selectResponse(const QString &status)
{
    m_keys->selectKey(status);
}

void ResponsesEditor::refresh()
{
    if (m_operation.isEmpty())
        return;
    m_keys->setKeys(statuses());
    showResponse();
}

void ResponsesEditor::showResponse()
{
    const QString status = currentStatus();
    m_detail->setEnabled(!status.isEmpty());
    const core::ApiDocument *doc = m_session->document();
    const QString at = responsePointer();
    const QString own = responsesPointer() + u'/' + core::jsonpointer::escape(status);
    m_shared->setVisible(!status.isEmpty() && at != own);
    m_shared->setText(tr("Shared response %1: changes here apply to every operation that uses it.")
                          .arg(doc->value(own)[u"$ref"].toString()));
    if (!m_status->hasFocus() && m_status->text() != status)
        m_status->setText(status);
    const QString description = doc->value(QString(at + u"/description"_s)).toString();
    if (m_description->text() != description)
        m_description->setText(description);
    const QString label = tr("response %1 of %2").arg(status, m_operation.label());
    const QString headers = status.isEmpty() ? QString() : at;
    if (m_headers->headersPointer() != headers + u"/headers"_s)
        m_headers->setResponse(headers, label);
    const QString content = status.isEmpty() ? QString() : at + u"/content"_s;
    if (m_content->contentPointer() != content)
        m_content->setContent(content, label);
}

bool ResponsesEditor::addResponse(const QString &status)
{
    if (m_operation.isEmpty() || !isValidStatus(status) || statuses().contains(status))
        return false;
    JsonObject responses = m_session->document()->value(responsesPointer()).toObject();
    qsizetype at = 0;
    while (at < responses.size() && (responses.at(at).first.startsWith(u"x-") || rank(responses.at(at).first) < rank(status)))
        ++at;
    responses.insertAt(at, status, Json(JsonObject{{u"description"_s, Json(reasonPhrase(status))}}));
    m_session->setValue(responsesPointer(), Json(responses), tr("Add response %1 to %2").arg(status, m_operation.label()));
    selectResponse(status);
    return true;
}

bool ResponsesEditor::removeResponse(const QString &status)
{
    if (!statuses().contains(status))
        return false;
    JsonObject responses = m_session->document()->value(responsesPointer()).toObject();
    responses.remove(status);
    const QString text = tr("Remove response %1 from %2").arg(status, m_operation.label());
    if (responses.isEmpty())
        m_session->removeValue(responsesPointer(), text);
    else
        m_session->setValue(responsesPointer(), Json(responses), text);
    return true;
}

bool ResponsesEditor::changeStatus(const QString &from, const QString &to)
{
    if (!statuses().contains(from) || !isValidStatus(to) || statuses().contains(to))
        return false;
    const QString op = m_operation.pointer();
    const QString responses = responsesPointer();
    const bool changed = m_session->edit(tr("Change response %1 of %2 to %3").arg(from, m_operation.label(), to),
                                         [&](core::ApiDocument &d) {
        JsonObject list = d.value(responses).toObject();
        list.rename(from, to);
        d.setValue(responses, Json(list));
        // Mock rules that answered with the old status follow it, or they would point at nothing.
        const QString rulesPointer = op + u"/x-portico-rules"_s;
        JsonArray rules = d.value(rulesPointer).toArray();
        bool rulesChanged = false;
        bool fromNumeric = false, toNumeric = false;
        const int fromCode = from.toInt(&fromNumeric);
        const int toCode = to.toInt(&toNumeric);
        for (Json &rule : rules) {
            if (fromNumeric && toNumeric && rule[u"respond"][u"status"].toInteger() == fromCode) {
                rule.object().find(u"respond")->object().insert(u"status"_s, Json(toCode));
                rulesChanged = true;
            }
        }
        if (rulesChanged)
            d.setValue(rulesPointer, Json(rules));
        return true;
    });
    if (changed)
        selectResponse(to);
    return changed;
}

} // namespace portico::ui
