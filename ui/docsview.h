#pragma once

#include <QUrl>
#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTabWidget;
class QTimer;
class QTreeView;

namespace portico::core {
class ApiDocument;
}

namespace portico::ui {

class DocsEndpointModel;
class EndpointDocs;
class TryItPanel;

// Interactive API docs generated live from the document, without a browser: the operations grouped by tag
// (with a filter), and for the selected one its reference page and a "Try it" form that calls the running
// mock server. Follows the document as it is edited: changes are applied together a moment after they happen,
// the selection is kept, and only the selected operation's page is built, so large documents stay cheap.
class DocsView final : public QWidget
{
    Q_OBJECT

public:
    enum Tab
    {
        DocsTab,
        TryItTab
    };

    explicit DocsView(core::ApiDocument *document, QWidget *parent = nullptr);

    // The running server's base URL ("http://127.0.0.1:8000"); empty while no server runs.
    void setBaseUrl(const QUrl &url);
    QUrl baseUrl() const;

    bool selectEndpoint(const QString &path, const QString &method);
    QString currentPath() const { return m_path; }
    QString currentMethod() const { return m_method; }
    // Applies document changes now rather than after the pause that groups them.
    void refreshNow();
    bool refreshPending() const;

    DocsEndpointModel *endpointModel() const { return m_model; }
    QSortFilterProxyModel *endpointFilter() const { return m_proxy; }
    QTreeView *endpointView() const { return m_list; }
    QLineEdit *filterEdit() const { return m_filter; }
    QTabWidget *tabs() const { return m_tabs; }
    EndpointDocs *docs() const { return m_docs; }
    TryItPanel *tryIt() const { return m_tryIt; }

private:
    void scheduleRefresh();
    void refresh();
    void currentChanged(const QModelIndex &current);
    void showDetail();

    core::ApiDocument *m_document;
    DocsEndpointModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QTreeView *m_list;
    QTabWidget *m_tabs;
    EndpointDocs *m_docs;
    TryItPanel *m_tryIt;
    QTimer *m_refreshTimer;
    QString m_path;
    QString m_method;
    QString m_tag;
    bool m_restoringSelection = false;
    bool m_tryItStale = true; // the Try it form is built when its tab is shown
};

} // namespace portico::ui
