#include "endpointdocs.h"

#include "methodbadge.h"
#include "schemadescription.h"

#include "core/apidocument.h"

#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;

namespace {

// Rows deeper than this start collapsed: sections, media types and a body's own fields are open, nested
// models are one click away.
constexpr int kExpandedDepth = 3;

QString reasonPhrase(const QString &status)
{
    static const QHash<QString, QString> phrases = {{u"100"_s, u"Continue"_s},
                                                    {u"101"_s, u"Switching Protocols"_s},
                                                    {u"200"_s, u"OK"_s},
                                                    {u"201"_s, u"Created"_s},
                                                    {u"202"_s, u"Accepted"_s},
                                                    {u"204"_s, u"No Content"_s},
                                                    {u"206"_s, u"Partial Content"_s},
                                                    {u"301"_s, u"Moved Permanently"_s},
                                                    {u"302"_s, u"Found"_s},
                                                    {u"303"_s, u"See Other"_s},
                                                    {u"304"_s, u"Not Modified"_s},
                                                    {u"307"_s, u"Temporary Redirect"_s},
                                                    {u"308"_s, u"Permanent Redirect"_s},
                                                    {u"400"_s, u"Bad Request"_s},
                                                    {u"401"_s, u"Unauthorized"_s},
                                                    {u"403"_s, u"Forbidden"_s},
                                                    {u"404"_s, u"Not Found"_s},
                                                    {u"405"_s, u"Method Not Allowed"_s},
                                                    {u"406"_s, u"Not Acceptable"_s},
                                                    {u"409"_s, u"Conflict"_s},
                                                    {u"410"_s, u"Gone"_s},
                                                    {u"412"_s, u"Precondition Failed"_s},
                                                    {u"413"_s, u"Content Too Large"_s},
                                                    {u"415"_s, u"Unsupported Media Type"_s},
                                                    {u"422"_s, u"Unprocessable Content"_s},
                                                    {u"429"_s, u"Too Many Requests"_s},
                                                    {u"500"_s, u"Internal Server Error"_s},
                                                    {u"501"_s, u"Not Implemented"_s},
                                                    {u"502"_s, u"Bad Gateway"_s},
                                                    {u"503"_s, u"Service Unavailable"_s},
                                                    {u"504"_s, u"Gateway Timeout"_s},
                                                    {u"1XX"_s, u"Informational"_s},
                                                    {u"2XX"_s, u"Success"_s},
                                                    {u"3XX"_s, u"Redirection"_s},
                                                    {u"4XX"_s, u"Client error"_s},
                                                    {u"5XX"_s, u"Server error"_s},
                                                    {u"default"_s, u"Any other status"_s}};
    return phrases.value(status.toUpper() == u"DEFAULT" ? u"default"_s : status.toUpper());
}

QString itemKey(const QTreeWidgetItem *item)
{
    QString key;
    for (; item; item = item->parent())
        key.prepend(item->text(EndpointDocs::Name) + u'\x1f');
    return key;
}

QString securityText(const core::ApiDocument &document, const std::optional<core::JsonArray> &operationSecurity)
{
    const core::JsonArray &requirements =
        operationSecurity ? *operationSecurity : document.root()[u"security"].toArray();
    if (requirements.empty())
        return operationSecurity || document.root().toObject().contains(u"security") ? QObject::tr("none") : QString();
    const QList<core::ApiSecurityScheme> schemes = document.securitySchemes();
    QStringList alternatives;
    for (const Json &requirement : requirements) {
        QStringList all;
        for (const auto &[name, scopes] : requirement.toObject()) {
            const auto scheme = std::find_if(schemes.begin(), schemes.end(),
                                             [&](const core::ApiSecurityScheme &s) { return s.name == name; });
            QString text = name;
            if (scheme != schemes.end()) {
                if (scheme->type == u"apiKey")
                    text += u" (%1 %2)"_s.arg(scheme->in, scheme->parameterName);
                else if (scheme->type == u"http")
                    text += u" (%1)"_s.arg(scheme->scheme);
                else
                    text += u" (%1)"_s.arg(scheme->type);
            }
            all.append(text);
        }
        alternatives.append(all.isEmpty() ? QObject::tr("anonymous") : all.join(u" + "));
    }
    return alternatives.join(QObject::tr(" or "));
}

} // namespace

EndpointDocs::EndpointDocs(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_deprecated(new QLabel(tr("Deprecated"), this))
    , m_summary(new QLabel(this))
    , m_description(new QLabel(this))
    , m_details(new QLabel(this))
    , m_tree(new QTreeWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(m_deprecated);
    layout->addLayout(titleRow);
    layout->addWidget(m_summary);
    layout->addWidget(m_description);
    layout->addWidget(m_details);
    layout->addWidget(m_tree, 1);

    m_title->setObjectName(u"docsTitle"_s);
    m_title->setTextFormat(Qt::RichText);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_deprecated->setObjectName(u"docsDeprecated"_s);
    m_deprecated->setStyleSheet(u"color: white; background-color: #b03030; padding: 1px 6px; font-weight: bold;"_s);
    m_summary->setObjectName(u"docsSummary"_s);
    QFont summaryFont = m_summary->font();
    summaryFont.setBold(true);
    summaryFont.setPointSizeF(summaryFont.pointSizeF() * 1.15);
    m_summary->setFont(summaryFont);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_description->setObjectName(u"docsDescription"_s);
    m_description->setTextFormat(Qt::MarkdownText);
    m_description->setWordWrap(true);
    m_description->setOpenExternalLinks(true);
    m_description->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_details->setObjectName(u"docsDetails"_s);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_tree->setObjectName(u"docsTree"_s);
    m_tree->setColumnCount(ColumnCount);
    m_tree->setHeaderLabels({tr("Name"), tr("Type"), tr("Required"), tr("Constraints"), tr("Description")});
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(Name, 170);
    m_tree->setColumnWidth(Type, 170);
    m_tree->setColumnWidth(Required, 70);
    m_tree->setColumnWidth(Constraints, 220);
    clear();
}

void EndpointDocs::clear()
{
    m_shownPointer.clear();
    m_title->setText(tr("Select an endpoint to see its documentation."));
    m_deprecated->hide();
    m_summary->hide();
    m_description->hide();
    m_details->hide();
    m_tree->clear();
}

QTreeWidgetItem *EndpointDocs::section(const QString &title) const
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        if (m_tree->topLevelItem(i)->text(Name) == title)
            return m_tree->topLevelItem(i);
    }
    return nullptr;
}

QTreeWidgetItem *EndpointDocs::addSection(const QString &title)
{
    auto *item = new QTreeWidgetItem(m_tree, {title});
    QFont f = m_tree->font();
    f.setBold(true);
    item->setFont(Name, f);
    return item;
}

QTreeWidgetItem *EndpointDocs::addHeading(QTreeWidgetItem *parent, const QString &title)
{
    auto *item = new QTreeWidgetItem(parent, {title});
    QFont f = m_tree->font();
    f.setItalic(true);
    item->setFont(Name, f);
    return item;
}

QTreeWidgetItem *EndpointDocs::addRow(QTreeWidgetItem *parent, const SchemaRow &row)
{
    const QString constraints = row.constraints.join(u" · ");
    auto *item = new QTreeWidgetItem(
        parent, {row.name, row.type, row.required ? tr("required") : QString(), constraints, row.description});
    item->setToolTip(Type, row.type);
    item->setToolTip(Constraints, row.constraints.join(u'\n'));
    item->setToolTip(Description, row.description);
    if (row.required) {
        QFont f = m_tree->font();
        f.setBold(true);
        item->setFont(Name, f);
    }
    if (row.recursive) {
        QFont f = m_tree->font();
        f.setItalic(true);
        item->setFont(Type, f);
    }
    for (const SchemaRow &child : row.children)
        addRow(item, child);
    return item;
}

QHash<QString, bool> EndpointDocs::expansionState() const
{
    QHash<QString, bool> state;
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it)
        state.insert(itemKey(*it), (*it)->isExpanded());
    return state;
}

void EndpointDocs::applyExpansion(const QHash<QString, bool> &previous)
{
    // Rows the reader has seen keep their state; new ones (a field just added) open as a first view would.
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it) {
        const auto known = previous.constFind(itemKey(*it));
        if (known != previous.constEnd()) {
            (*it)->setExpanded(*known);
            continue;
        }
        int depth = 0;
        for (const QTreeWidgetItem *p = (*it)->parent(); p; p = p->parent())
            ++depth;
        (*it)->setExpanded(depth < kExpandedDepth);
    }
}

bool EndpointDocs::showEndpoint(const core::ApiDocument &document, const QString &path, const QString &method)
{
    const std::optional<core::ApiEndpoint> endpoint = document.endpoint(path, method);
    if (!endpoint) {
        clear();
        return false;
    }
    const bool same = m_shownPointer == endpoint->pointer;
    const QHash<QString, bool> expansion = same ? expansionState() : QHash<QString, bool>();
    const int scroll = same ? m_tree->verticalScrollBar()->value() : 0;
    m_shownPointer = endpoint->pointer;

    m_title->setText(methodBadgeHtml(endpoint->method) + u"&nbsp;<b>"_s + endpoint->path.toHtmlEscaped() + u"</b>"_s);
    m_deprecated->setVisible(endpoint->deprecated);
    m_summary->setText(endpoint->summary);
    m_summary->setVisible(!endpoint->summary.isEmpty());
    m_description->setText(endpoint->description);
    m_description->setVisible(!endpoint->description.isEmpty());
    QStringList details;
    if (!endpoint->operationId.isEmpty())
        details.append(tr("operationId: %1").arg(endpoint->operationId));
    if (const QString auth = securityText(document, endpoint->security); !auth.isEmpty())
        details.append(tr("auth: %1").arg(auth));
    m_details->setText(details.join(u"   ·   "));
    m_details->setVisible(!details.isEmpty());

    m_tree->setUpdatesEnabled(false);
    m_tree->clear();
    SchemaDescriber describer(document.root());

    if (!endpoint->parameters.isEmpty()) {
        QTreeWidgetItem *parameters = addSection(tr("Parameters"));
        for (const QString &location : {u"path"_s, u"query"_s, u"header"_s, u"cookie"_s}) {
            QTreeWidgetItem *heading = nullptr;
            for (const core::ApiParameter &p : endpoint->parameters) {
                if (p.in != location)
                    continue;
                if (!heading)
                    heading = addHeading(parameters, location);
                SchemaRow row = describer.describe(p.name, p.schema, p.required);
                if (!p.description.isEmpty())
                    row.description = p.description;
                if (p.deprecated)
                    row.constraints.prepend(tr("deprecated"));
                if (p.example)
                    row.constraints.append(tr("example: %1").arg(SchemaDescriber::valueText(*p.example)));
                addRow(heading, row);
            }
        }
    }

    if (endpoint->requestBody) {
        const core::ApiRequestBody &body = *endpoint->requestBody;
        QTreeWidgetItem *section = addSection(tr("Request body"));
        section->setText(Required, body.required ? tr("required") : tr("optional"));
        section->setText(Description, body.description);
        for (const core::ApiMediaType &media : body.content)
            addRow(section, describer.describe(media.name, media.schema));
    }

    if (!endpoint->responses.isEmpty()) {
        QTreeWidgetItem *responses = addSection(tr("Responses"));
        for (const core::ApiResponse &response : endpoint->responses) {
            auto *item = new QTreeWidgetItem(responses, {response.status, reasonPhrase(response.status), QString(),
                                                         QString(), response.description});
            QFont f = m_tree->font();
            f.setBold(true);
            item->setFont(Name, f);
            item->setToolTip(Description, response.description);
            if (!response.headers.isEmpty()) {
                QTreeWidgetItem *headers = addHeading(item, tr("Headers"));
                for (const auto &[name, raw] : response.headers) {
                    const Json &header = *document.resolveLocal(raw, {}).first;
                    SchemaRow row = describer.describe(name, header[u"schema"], header[u"required"].toBool());
                    if (const QString description = header[u"description"].toString(); !description.isEmpty())
                        row.description = description;
                    addRow(headers, row);
                }
            }
            for (const core::ApiMediaType &media : response.content)
                addRow(item, describer.describe(media.name, media.schema));
        }
    }

    applyExpansion(expansion);
    m_tree->setUpdatesEnabled(true);
    m_tree->verticalScrollBar()->setValue(scroll);
    return true;
}

} // namespace portico::ui
