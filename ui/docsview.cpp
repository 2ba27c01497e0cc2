#include "docsview.h"

#include "docsendpointmodel.h"
#include "endpointdocs.h"
#include "tryitpanel.h"

#include "core/apidocument.h"

#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portico::ui {

namespace {
// Long enough to fold a burst of edits (typing, an undo of a compound step) into one refresh, short enough to
// feel live.
constexpr int kRefreshDelayMs = 150;
} // namespace

DocsView::DocsView(core::ApiDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_model(new DocsEndpointModel(document, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_list(new QTreeView(this))
    , m_tabs(new QTabWidget(this))
    , m_docs(new EndpointDocs(this))
    , m_tryIt(new TryItPanel(this))
    , m_refreshTimer(new QTimer(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterRole(DocsEndpointModel::SearchRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setAutoAcceptChildRows(true);

    m_filter->setObjectName(u"docsFilter"_s);
    m_filter->setPlaceholderText(tr("Filter endpoints"));
    m_filter->setClearButtonEnabled(true);
    m_list->setObjectName(u"docsEndpoints"_s);
    m_list->setModel(m_proxy);
    m_list->setHeaderHidden(true);
    m_list->setUniformRowHeights(true);
    m_list->setIconSize(QSize(52, 18));
    m_list->expandAll();
    m_tabs->setObjectName(u"docsTabs"_s);
    m_tabs->addTab(m_docs, tr("Docs"));
    m_tabs->addTab(m_tryIt, tr("Try it"));

    auto *top = new QWidget;
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_filter);
    topLayout->addWidget(m_list, 1);
    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(top);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(kRefreshDelayMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &DocsView::refresh);
    connect(document, &core::ApiDocument::documentReset, this, &DocsView::scheduleRefresh);
    connect(document, &core::ApiDocument::valueChanged, this, &DocsView::scheduleRefresh);
    connect(document, &core::ApiDocument::modelsChanged, this, &DocsView::scheduleRefresh);
    connect(document, &core::ApiDocument::endpointsChanged, this, &DocsView::scheduleRefresh);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text);
        m_list->expandAll();
    });
    connect(m_proxy, &QAbstractItemModel::modelReset, m_list, &QTreeView::expandAll);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { currentChanged(current); });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (index == TryItTab && m_tryItStale)
            showDetail();
    });
}

void DocsView::setBaseUrl(const QUrl &url)
{
    m_tryIt->setBaseUrl(url);
}

QUrl DocsView::baseUrl() const
{
    return m_tryIt->baseUrl();
}

bool DocsView::selectEndpoint(const QString &path, const QString &method)
{
    const QModelIndex source = m_model->indexOf(path, method.toLower());
    if (!source.isValid())
        return false;
    QModelIndex index = m_proxy->mapFromSource(source);
    if (!index.isValid()) {
        m_filter->clear(); // the filter hides it: showing it matters more
        index = m_proxy->mapFromSource(source);
    }
    m_list->setCurrentIndex(index);
    m_list->scrollTo(index);
    return true;
}

void DocsView::scheduleRefresh()
{
    // Not restarted by each change: while the user keeps typing the docs still follow every pause-length.
    if (!m_refreshTimer->isActive())
        m_refreshTimer->start();
}

bool DocsView::refreshPending() const
{
    return m_refreshTimer->isActive();
}

void DocsView::refreshNow()
{
    m_refreshTimer->stop();
    refresh();
}

void DocsView::refresh()
{
    m_model->refresh();
    if (m_path.isEmpty())
        return;
    const QModelIndex source = m_model->indexOf(m_path, m_method, m_tag);
    if (!source.isValid()) {
        // The operation was removed or moved: nothing sensible to keep showing.
        m_path.clear();
        m_method.clear();
        m_tag.clear();
        m_docs->clear();
        m_tryIt->clear();
        return;
    }
    const QModelIndex index = m_proxy->mapFromSource(source);
    if (index.isValid() && m_list->currentIndex() != index) {
        m_restoringSelection = true;
        m_list->setCurrentIndex(index);
        m_restoringSelection = false;
    }
    showDetail();
}

void DocsView::currentChanged(const QModelIndex &current)
{
    if (m_restoringSelection)
        return;
    const QModelIndex source = m_proxy->mapToSource(current);
    if (!source.data(DocsEndpointModel::IsEndpointRole).toBool())
        return; // a tag heading: keep showing the last operation
    m_path = source.data(DocsEndpointModel::PathRole).toString();
    m_method = source.data(DocsEndpointModel::MethodRole).toString();
    m_tag = source.data(DocsEndpointModel::TagRole).toString();
    showDetail();
}

void DocsView::showDetail()
{
    if (m_path.isEmpty()) {
        m_docs->clear();
        m_tryIt->clear();
        return;
    }
    m_docs->showEndpoint(*m_document, m_path, m_method);
    m_tryItStale = m_tabs->currentIndex() != TryItTab;
    if (!m_tryItStale)
        m_tryIt->setEndpoint(*m_document, m_path, m_method);
}

} // namespace portico::ui
