#include "tracedetail.h"

#include "codeeditor.h"
#include "core/jsonparser.h"
#include "core/jsonwriter.h"
#include "mock/har.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using portico::core::Json;
using portico::core::JsonObject;
using portico::mock::firstHeader;
using portico::mock::headerText;
using portico::mock::TraceRecord;

namespace portico::ui {
namespace {

enum ErrorColumn
{
    ErrorWhere,
    ErrorMessage,
    ErrorInput
};
constexpr int kLocRole = Qt::UserRole + 1;

void fillHeaders(QTreeWidget *tree, const mock::HeaderList &headers)
{
    tree->clear();
    QList<QTreeWidgetItem *> items;
    items.reserve(headers.size());
    for (const auto &[name, value] : headers)
        items.append(new QTreeWidgetItem(QStringList{headerText(name), headerText(value)}));
    tree->addTopLevelItems(items);
}

QTreeWidget *headerTree(QWidget *parent)
{
    auto *tree = new QTreeWidget(parent);
    tree->setHeaderLabels({QObject::tr("Header"), QObject::tr("Value")});
    tree->setRootIsDecorated(false);
    tree->setUniformRowHeights(true);
    tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    return tree;
}

CodeEditor *bodyEditor(QWidget *parent)
{
    auto *editor = new CodeEditor(parent);
    editor->setReadOnly(true);
    return editor;
}

void showBody(CodeEditor *editor, const QByteArray &body, const QByteArray &contentType, bool truncated)
{
    const bool yaml = contentType.toLower().contains("yaml");
    const auto language = yaml ? CodeEditor::Language::Yaml : CodeEditor::Language::Json;
    if (editor->language() != language)
        editor->setLanguage(language);
    editor->setText(TraceDetail::bodyText(body, contentType, truncated));
}

QStringList locParts(const Json &loc)
{
    QStringList parts;
    for (const Json &part : loc.toArray())
        parts << (part.isString() ? part.toString() : QString::fromUtf8(core::toJson(part)));
    return parts;
}

} // namespace

TraceDetail::TraceDetail(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this))
    , m_requestLine(new QLabel(this))
    , m_requestHeaders(headerTree(this))
    , m_requestBody(bodyEditor(this))
    , m_responseLine(new QLabel(this))
    , m_responseHeaders(headerTree(this))
    , m_responseBody(bodyEditor(this))
    , m_errors(new QTreeWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    m_tabs->addTab(buildSide(m_requestLine, m_requestHeaders, m_requestBody), tr("Request"));
    m_tabs->addTab(buildSide(m_responseLine, m_responseHeaders, m_responseBody), tr("Response"));

    m_errors->setHeaderLabels({tr("Where"), tr("Message"), tr("Input")});
    const int em = m_errors->fontMetrics().horizontalAdvance(u'M');
    m_errors->header()->resizeSection(ErrorWhere, 12 * em);
    m_errors->header()->resizeSection(ErrorMessage, 36 * em);
    m_errors->setRootIsDecorated(false);
    m_errors->setUniformRowHeights(true);
    m_errors->setToolTip(tr("Double-click an error to show the place in the document"));
    m_tabs->addTab(m_errors, tr("Errors"));
    connect(m_errors, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) { activate(item); });
    clear();
}

QWidget *TraceDetail::buildSide(QLabel *line, QTreeWidget *headers, CodeEditor *body)
{
    auto *side = new QWidget(this);
    auto *layout = new QVBoxLayout(side);
    layout->setContentsMargins(4, 4, 4, 4);
    line->setTextInteractionFlags(Qt::TextSelectableByMouse);
    line->setWordWrap(true);
    layout->addWidget(line);
    auto *split = new QSplitter(Qt::Vertical, side);
    split->addWidget(headers);
    split->addWidget(body);
    split->setSizes({100, 200}); // the body matters more than the headers
    layout->addWidget(split, 1);
    return side;
}

QString TraceDetail::bodyText(const QByteArray &body, QByteArrayView contentType, bool truncated)
{
    if (body.isEmpty())
        return {};
    const QString note = truncated ? tr("\n… (cut short: the trace keeps only the start of large bodies)") : QString();
    if (!body.isValidUtf8())
        return tr("(%n byte(s) of binary data)", nullptr, int(body.size())) + note;
    const QByteArray type = contentType.toByteArray().toLower();
    const QByteArray trimmed = body.trimmed();
    const bool looksJson = type.contains("json") || trimmed.startsWith('{') || trimmed.startsWith('[');
    if (looksJson && !truncated) {
        core::JsonParser parser;
        const auto parsed = parser.parse(body);
        if (parsed.ok())
            return QString::fromUtf8(core::toJson(parsed.value(), core::JsonStyle::Indented));
    }
    return QString::fromUtf8(body) + note;
}

void TraceDetail::showRecord(const TraceRecord &record)
{
    m_hasRecord = true;
    m_operationPointer = record.operationPointer;
    const QString operation = record.operationId.isEmpty() ? record.operationPointer : record.operationId;
    m_requestLine->setText(u"<b>%1</b> %2<br>%3"_s.arg(
        QString::fromLatin1(record.method).toHtmlEscaped(), headerText(record.target).toHtmlEscaped(),
        tr("from %1 at %2%3")
            .arg(record.client.toHtmlEscaped(), record.started.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s),
                 operation.isEmpty() ? tr(" — no operation matched")
                                     : tr(" — operation %1").arg(operation.toHtmlEscaped()))));
    QStringList facts{tr("%1 ms").arg(double(record.durationUs) / 1000.0, 0, 'f', 1)};
    if (record.latencyMs > 0)
        facts << tr("%1 ms added latency").arg(record.latencyMs);
    if (!record.fault.isEmpty())
        facts << tr("fault: %1").arg(record.fault);
    if (!record.rule.isEmpty())
        facts << tr("rule: %1").arg(record.rule);
    if (record.proxied)
        facts << tr("proxied");
    const QString status = record.status > 0 ? QString::number(record.status) + u' ' + mock::reasonPhrase(record.status)
                                             : tr("no response");
    m_responseLine->setText(u"<b>%1</b><br>%2"_s.arg(status.toHtmlEscaped(), facts.join(u" · "_s).toHtmlEscaped()));

    fillHeaders(m_requestHeaders, record.requestHeaders);
    fillHeaders(m_responseHeaders, record.responseHeaders);
    showBody(m_requestBody, record.requestBody, firstHeader(record.requestHeaders, "content-type"),
             record.requestBodyTruncated);
    showBody(m_responseBody, record.responseBody, firstHeader(record.responseHeaders, "content-type"),
             record.responseBodyTruncated);
    fillErrors(record);
}

void TraceDetail::fillErrors(const TraceRecord &record)
{
    m_errors->clear();
    QList<QTreeWidgetItem *> items;
    for (const Json *errors : {&record.requestErrors, &record.responseErrors}) {
        // A detail array as FastAPI sends it; anything else (a bare message) shows as one entry.
        const core::JsonArray list =
            errors->isArray()
                ? errors->toArray()
                : (errors->isNull() ? core::JsonArray{} : core::JsonArray{JsonObject{{u"msg"_s, *errors}}});
        for (const Json &error : list) {
            const QStringList loc = locParts(error[u"loc"]);
            const Json &input = error[u"input"];
            const bool hasInput = error.toObject().contains(u"input");
            auto *item = new QTreeWidgetItem(QStringList{
                loc.join(u" → "_s),
                error[u"msg"].isString() ? error[u"msg"].toString() : QString::fromUtf8(core::toJson(error[u"msg"])),
                hasInput ? QString::fromUtf8(core::toJson(input)) : QString()});
            item->setData(ErrorWhere, kLocRole, loc);
            item->setToolTip(ErrorMessage, item->text(ErrorMessage) + u" ("_s + error[u"type"].toString() + u')');
            item->setToolTip(ErrorInput, item->text(ErrorInput));
            items.append(item);
        }
    }
    m_errors->addTopLevelItems(items);
    m_tabs->setTabText(ErrorsTab, items.isEmpty() ? tr("Errors") : tr("Errors (%1)").arg(items.size()));
}

void TraceDetail::activate(QTreeWidgetItem *item)
{
    if (!item)
        return;
    emit errorActivated(m_operationPointer, item->data(ErrorWhere, kLocRole).toStringList());
}

void TraceDetail::clear()
{
    m_hasRecord = false;
    m_operationPointer.clear();
    m_requestLine->setText(tr("Select an exchange to see it in full."));
    m_responseLine->clear();
    m_requestHeaders->clear();
    m_responseHeaders->clear();
    m_requestBody->setText({});
    m_responseBody->setText({});
    m_errors->clear();
    m_tabs->setTabText(ErrorsTab, tr("Errors"));
}

} // namespace portico::ui
