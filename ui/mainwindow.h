#pragma once

#include <QMainWindow>

#include <functional>

class QLabel;

class QDockWidget;
class QLineEdit;
class QMenu;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;
class QTreeView;

namespace portico::ui {

class DocsView;
class EndpointEditor;
class InfoEditor;
class ModelEditor;
class ProblemsModel;
class ProjectSession;
class ProjectTreeModel;
class RawValueEditor;
class ServerController;
class ServerToolBar;
class TraceDock;
class SecuritySchemeEditor;
class ServersEditor;
class TagsEditor;
class DocumentOpener;
struct OpenedFile;

// The workbench window: the project tree on the left, the editor of the selected item in the centre, the
// live Problems panel below. Owns the session of the open project. Docks (tree, problems) are the places the
// server, docs and trace panels will join.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    enum class SaveAnswer { Save, Discard, Cancel };
    enum class ConvertedSaveAnswer { Overwrite, SaveAs, Cancel };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    ProjectSession *session() const { return m_session; }
    ProjectTreeModel *treeModel() const { return m_tree; }
    QSortFilterProxyModel *treeFilter() const { return m_filter; }
    QTreeView *treeView() const { return m_treeView; }
    QLineEdit *filterEdit() const { return m_filterEdit; }
    ProblemsModel *problemsModel() const { return m_problems; }
    QTableView *problemsView() const { return m_problemsView; }
    ModelEditor *modelEditor() const { return m_modelEditor; }
    EndpointEditor *endpointEditor() const { return m_endpointEditor; }
    RawValueEditor *rawEditor() const { return m_rawEditor; }
    ServerController *serverController() const { return m_server; }
    ServerToolBar *serverToolBar() const { return m_serverBar; }
    TraceDock *traceDock() const { return m_traceDock; }
    DocsView *docsView() const { return m_docsView; }
    InfoEditor *infoEditor() const { return m_infoEditor; }
    ServersEditor *serversEditor() const { return m_serversEditor; }
    TagsEditor *tagsEditor() const { return m_tagsEditor; }
    SecuritySchemeEditor *securitySchemeEditor() const { return m_schemeEditor; }
    QWidget *currentEditor() const;

    // Opens a file in the background: the window stays responsive, the status bar shows progress with a
    // Cancel button, and the current project stays until the new one is ready (or stays for good when the
    // file fails to open or the user cancels). File → Open, recent files, drag and drop and the command line
    // come here.
    void beginOpen(const QString &path);
    void cancelOpen();
    DocumentOpener *opener() const { return m_opener; }
    // beginOpen and wait until the file is open or has failed (for tests and scripts); true when it opened.
    bool openFile(const QString &path);
    void newProject(const QString &exampleResource = {});
    bool save();
    bool saveAs(const QString &path = {});
    // Selects the tree item for a pointer (or its nearest ancestor) and shows its editor.
    bool reveal(const QString &pointer);

    // Tree actions, also behind the context menu.
    bool addModel(const QString &name);
    bool addEndpoint(const QString &path, const QString &method);
    bool duplicateItem(const QModelIndex &sourceIndex);
    bool deleteItem(const QModelIndex &sourceIndex);
    bool renameModel(const QString &from, const QString &to);

    // Questions the window asks; tests replace them.
    std::function<SaveAnswer()> askSaveChanges;
    std::function<bool(const QString &path)> askReloadChangedFile;
    // The project was converted from OpenAPI 3.0 / Swagger 2.0 on load: saving writes 3.1 over the original.
    std::function<ConvertedSaveAnswer(const QString &sourceVersion)> askOverwriteConverted;

    static QStringList recentFiles();
    // Offers unsaved work left by a crash; returns whether something was recovered.
    bool offerRecovery(const std::function<bool(const QString &description)> &ask = {});

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void buildMenus();
    void showItem(const QModelIndex &proxyIndex);
    QWidget *prepareForm(const QModelIndex &sourceIndex);
    void updateTitle();
    void rememberRecent(const QString &path);
    void rebuildRecentMenu();
    void treeContextMenu(const QPoint &pos);
    void afterTreeReset();
    bool maybeSave();
    void showError(const QString &what, const QString &message);
    void buildServerControls();
    void buildTraceDock(QDockWidget *besides);
    void buildDocsDock();
    void buildOpenProgress();
    void finishOpen(const QString &path, const OpenedFile &file);
    // A validation error picked in the trace dock: the model field that declared the value, else the operation.
    void revealError(const QString &operationPointer, const QStringList &loc);

    ProjectSession *m_session;
    ProjectTreeModel *m_tree;
    QSortFilterProxyModel *m_filter;
    QTreeView *m_treeView;
    QLineEdit *m_filterEdit;
    ProblemsModel *m_problems;
    QTableView *m_problemsView;
    QStackedWidget *m_stack;
    QWidget *m_welcome;
    ModelEditor *m_modelEditor;
    EndpointEditor *m_endpointEditor;
    RawValueEditor *m_rawEditor;
    ServerController *m_server;
    ServerToolBar *m_serverBar;
    TraceDock *m_traceDock;
    DocsView *m_docsView;
    InfoEditor *m_infoEditor;
    ServersEditor *m_serversEditor;
    TagsEditor *m_tagsEditor;
    SecuritySchemeEditor *m_schemeEditor;
    QMenu *m_recentMenu = nullptr;
    DocumentOpener *m_opener;
    QWidget *m_openProgress = nullptr;
    QLabel *m_openLabel = nullptr;
    // Edits made while a file opens in the background are asked about before it replaces the project.
    quint64 m_edits = 0;
    quint64 m_editsAtOpen = 0;
    QString m_currentPointer;
};

} // namespace portico::ui
