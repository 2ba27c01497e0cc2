#pragma once

#include "mock/trace.h"

#include <QUrl>
#include <QWidget>
#include <functional>
#include <optional>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QSplitter;
class QTableView;
class QToolBar;

namespace portico::ui {

class ProjectSession;
class TraceDetail;
class TraceFilterModel;
class TraceTableModel;

// The live traces panel (the contents of the Traces dock): every exchange the mock server answers, filtered
// and followed as it arrives, with the selected one in full below (beside, when the dock is wide), and what to do with it: copy it as curl,
// replay it, keep its body as an example in the document, export the visible traces as HAR or import some.
// Connect MockServer::tracesRecorded to appendRecords, and tell it the server's address with setBaseUrl.
class TraceDock final : public QWidget
{
    Q_OBJECT

public:
    explicit TraceDock(ProjectSession *session, QWidget *parent = nullptr);
    ~TraceDock() override;

    TraceTableModel *model() const { return m_model; }
    TraceFilterModel *filterModel() const { return m_filter; }
    QTableView *view() const { return m_view; }
    TraceDetail *detail() const { return m_detail; }
    QLineEdit *filterEdit() const { return m_filterText; }
    QComboBox *methodFilter() const { return m_methodFilter; }
    QComboBox *statusFilter() const { return m_statusFilter; }
    QCheckBox *onlyErrorsCheck() const { return m_onlyErrors; }
    QLabel *heldLabel() const { return m_heldLabel; }

    QAction *followAction() const { return m_follow; }
    QAction *pauseAction() const { return m_pause; }
    QAction *clearAction() const { return m_clear; }
    QAction *copyCurlAction() const { return m_copyCurl; }
    QAction *replayAction() const { return m_replay; }
    QAction *saveRequestExampleAction() const { return m_saveRequestExample; }
    QAction *saveResponseExampleAction() const { return m_saveResponseExample; }
    QAction *exportAction() const { return m_export; }
    QAction *importAction() const { return m_import; }

    // Where Replay sends requests (and what curl commands address): the running server, e.g.
    // http://127.0.0.1:8000. Empty: curl uses the recorded Host header, and Replay is unavailable.
    void setBaseUrl(const QUrl &url);
    QUrl baseUrl() const { return m_baseUrl; }

    bool isFollowingTail() const;
    void setFollowTail(bool follow);
    bool isPaused() const;
    // While paused, incoming batches wait (up to the table's capacity, oldest dropped) and join on resume.
    void setPaused(bool paused);
    int heldCount() const { return int(m_held.size()); }
    void setCapacity(int capacity);

    // The exchange the detail pane shows; it stays even when its row scrolls out of the bounded table.
    const std::optional<mock::TraceRecord> &currentRecord() const { return m_current; }
    // Selects a row of the filtered view.
    void selectRow(int visibleRow);

    // Actions on the current record. They report problems through showError and return whether they worked.
    QString copyAsCurl();
    bool replay();
    bool saveRequestExample();
    bool saveResponseExample();
    bool exportVisible();
    bool importHar();
    // Without asking for a path.
    bool exportVisibleTo(const QString &path);
    bool importHarFrom(const QString &path);

    // Questions and messages; tests replace them so nothing modal opens.
    std::function<QString()> askExportPath;
    std::function<QString()> askImportPath;
    // The example name to save under, starting from a suggestion; empty cancels.
    std::function<QString(const QString &suggested)> askExampleName;
    std::function<void(const QString &title, const QString &message)> showError;

public slots:
    void appendRecords(const QList<portico::mock::TraceRecord> &records);
    void clear();

signals:
    // A validation error in the detail pane was activated: the operation and the error's loc.
    void errorActivated(const QString &operationPointer, const QStringList &loc);
    // A replayed request was answered (status 0: it failed on the network, `error` says why).
    void replayFinished(int status, const QString &error);
    // A short note for the status bar ("Copied as curl", "Saved example …").
    void statusMessage(const QString &text);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QToolBar *buildActions();
    QWidget *buildFilters();
    void applyFilters();
    void onCurrentChanged(const QModelIndex &current);
    void updateActions();
    void updateCounts();
    void scheduleScroll();
    bool saveExample(bool request);

    ProjectSession *m_session;
    TraceTableModel *m_model;
    TraceFilterModel *m_filter;
    QTableView *m_view;
    TraceDetail *m_detail;
    QSplitter *m_split;
    QLineEdit *m_filterText;
    QComboBox *m_methodFilter;
    QComboBox *m_statusFilter;
    QCheckBox *m_onlyErrors;
    QLabel *m_heldLabel;
    QAction *m_heldAction;
    QLabel *m_countLabel;
    QAction *m_follow;
    QAction *m_pause;
    QAction *m_clear;
    QAction *m_copyCurl;
    QAction *m_replay;
    QAction *m_saveRequestExample;
    QAction *m_saveResponseExample;
    QAction *m_export;
    QAction *m_import;
    QNetworkAccessManager *m_network = nullptr;
    QUrl m_baseUrl;
    QList<mock::TraceRecord> m_held;
    qint64 m_heldDropped = 0;
    std::optional<mock::TraceRecord> m_current;
    bool m_keepCurrent = false; // the current row is leaving the table: keep showing its record
    bool m_scrollPending = false;
};

} // namespace portico::ui
