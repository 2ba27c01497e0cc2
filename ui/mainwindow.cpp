#include "mainwindow.h"

#include "docsview.h"
#include "documentopener.h"
#include "endpointeditor.h"
#include "fieldlocator.h"
#include "infoeditor.h"
#include "modeleditor.h"
#include "problemsmodel.h"
#include "projectsession.h"
#include "projecttreemodel.h"
#include "rawvalueeditor.h"
#include "runsettingsdialog.h"
#include "servercontroller.h"
#include "servertoolbar.h"
#include "theme.h"
#include "tracedock.h"
#include "securityschemeeditor.h"
#include "serverseditor.h"
#include "tagseditor.h"

#include "core/documentio.h"
#include "mock/mockserver.h"
#include "core/jsonpointer.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QEventLoop>
#include <QHBoxLayout>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

#include <memory>
#include <utility>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;
using Kind = ProjectTreeModel::Kind;

namespace {

constexpr int kMaxRecent = 10;

const QList<std::pair<QString, QString>> kExamples = {
    {u"store.yaml"_s, u"Pet store (mocking features)"_s},
    {u"ml-inference.yaml"_s, u"ML inference service"_s},
    {u"live-metrics.yaml"_s, u"Live metrics (streaming)"_s},
};

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_session(new ProjectSession(this)), m_tree(new ProjectTreeModel(m_session->document(), this)),
      m_filter(new QSortFilterProxyModel(this)), m_treeView(new QTreeView), m_filterEdit(new QLineEdit),
      m_problems(new ProblemsModel(m_session->document(), this)), m_problemsView(new QTableView),
      m_stack(new QStackedWidget(this)), m_welcome(new QLabel), m_modelEditor(new ModelEditor(m_session)),
      m_endpointEditor(new EndpointEditor(m_session)), m_rawEditor(new RawValueEditor(m_session)),
      m_server(new ServerController(m_session->document(), this)), m_serverBar(new ServerToolBar(m_server, this)),
      m_traceDock(new TraceDock(m_session)), m_docsView(new DocsView(m_session->document())),
      m_infoEditor(new InfoEditor(m_session)), m_serversEditor(new ServersEditor(m_session)),
      m_tagsEditor(new TagsEditor(m_session)), m_schemeEditor(new SecuritySchemeEditor(m_session)),
      m_opener(new DocumentOpener(this))
{
    setObjectName(u"PorticoMainWindow"_s);
    setWindowIcon(QIcon(u":/icons/portico.svg"_s));
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    askSaveChanges = [this] {
        const auto answer = QMessageBox::warning(this, tr("Unsaved changes"),
                                                 tr("%1 has unsaved changes. Save them?").arg(m_session->displayName()),
                                                 QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
        return answer == QMessageBox::Save ? SaveAnswer::Save
                                           : (answer == QMessageBox::Discard ? SaveAnswer::Discard : SaveAnswer::Cancel);
    };
    askReloadChangedFile = [this](const QString &path) {
        QMessageBox box(QMessageBox::Question, tr("File changed on disk"),
                        tr("%1 was changed by another program.").arg(QFileInfo(path).fileName()), QMessageBox::NoButton, this);
        box.setInformativeText(m_session->isDirty() ? tr("You also have unsaved changes here.") : QString());
        QPushButton *reload = box.addButton(tr("Reload from disk"), QMessageBox::DestructiveRole);
        box.addButton(tr("Keep my version"), QMessageBox::RejectRole);
        box.exec();
        return box.clickedButton() == reload;
    };

    askOverwriteConverted = [this](const QString &version) {
        const QString sourceVersion = version.startsWith(u'2') ? u"Swagger "_s + version : u"OpenAPI "_s + version;
        QMessageBox box(QMessageBox::Question, tr("Save as OpenAPI 3.1?"),
                        tr("%1 was opened as %2 and converted to OpenAPI 3.1.").arg(m_session->displayName(), sourceVersion),
                        QMessageBox::NoButton, this);
        box.setInformativeText(tr("Saving writes OpenAPI 3.1 over the original file; tools that only read %1 will no "
                                  "longer open it. (File → Export can still write OpenAPI 3.0.)").arg(sourceVersion));
        QPushButton *overwrite = box.addButton(tr("Overwrite with 3.1"), QMessageBox::DestructiveRole);
        QPushButton *saveAs = box.addButton(tr("Save As…"), QMessageBox::AcceptRole);
        box.addButton(QMessageBox::Cancel);
        box.setDefaultButton(saveAs);
        box.exec();
        return box.clickedButton() == overwrite ? ConvertedSaveAnswer::Overwrite
                                                : (box.clickedButton() == saveAs ? ConvertedSaveAnswer::SaveAs
                                                                                 : ConvertedSaveAnswer::Cancel);
    };

    // Centre: one editor per kind of item; the welcome text when nothing is selected.
    static_cast<QLabel *>(m_welcome)->setText(tr("<h2>Portico</h2><p>Select an item in the project tree, or use "
                                                 "File → New to start from an example.</p>"));
    static_cast<QLabel *>(m_welcome)->setAlignment(Qt::AlignCenter);
    m_stack->addWidget(m_welcome);
    m_stack->addWidget(m_modelEditor);
    m_stack->addWidget(m_endpointEditor);
    m_stack->addWidget(m_rawEditor);
    for (QWidget *form : {static_cast<QWidget *>(m_infoEditor), static_cast<QWidget *>(m_serversEditor),
                          static_cast<QWidget *>(m_tagsEditor), static_cast<QWidget *>(m_schemeEditor)})
        m_stack->addWidget(form);
    setCentralWidget(m_stack);

    // Left: the project tree with its filter.
    auto *treePane = new QWidget;
    auto *treeLayout = new QVBoxLayout(treePane);
    treeLayout->setContentsMargins(2, 2, 2, 2);
    m_filterEdit->setPlaceholderText(tr("Filter (name, path, method, operationId)"));
    m_filterEdit->setClearButtonEnabled(true);
    treeLayout->addWidget(m_filterEdit);
    treeLayout->addWidget(m_treeView);
    m_filter->setSourceModel(m_tree);
    m_filter->setRecursiveFilteringEnabled(true);
    m_filter->setAutoAcceptChildRows(true);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filter->setFilterRole(ProjectTreeModel::SearchRole);
    m_treeView->setModel(m_filter);
    m_treeView->setHeaderHidden(true);
    m_treeView->setIconSize(QSize(52, 18));
    m_treeView->setContextMenuPolicy(Qt::CustomContextMenu);
    m_treeView->setUniformRowHeights(true);
    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setFilterFixedString(text);
        m_treeView->expandAll();
    });
    connect(m_treeView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { showItem(current); });
    connect(m_treeView, &QWidget::customContextMenuRequested, this, &MainWindow::treeContextMenu);
    connect(m_tree, &QAbstractItemModel::modelReset, this, &MainWindow::afterTreeReset);
    auto *treeDock = new QDockWidget(tr("Project"), this);
    treeDock->setObjectName(u"ProjectDock"_s);
    treeDock->setWidget(treePane);
    addDockWidget(Qt::LeftDockWidgetArea, treeDock);

    // Bottom: problems, live.
    m_problemsView->setModel(m_problems);
    m_problemsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_problemsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_problemsView->horizontalHeader()->setSectionResizeMode(ProblemsModel::Message, QHeaderView::Stretch);
    m_problemsView->verticalHeader()->hide();
    m_problemsView->setWordWrap(false);
    connect(m_problemsView, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        reveal(index.data(ProblemsModel::PointerRole).toString());
    });
    auto *problemsDock = new QDockWidget(tr("Problems"), this);
    problemsDock->setObjectName(u"ProblemsDock"_s);
    problemsDock->setWidget(m_problemsView);
    addDockWidget(Qt::BottomDockWidgetArea, problemsDock);
    connect(m_problems, &ProblemsModel::checked, this, [this, problemsDock] {
        problemsDock->setWindowTitle(tr("Problems (%1 errors, %2 warnings)").arg(m_problems->errorCount()).arg(m_problems->warningCount()));
    });

    connect(m_modelEditor, &ModelEditor::modelRenamed, this,
            [this](const QString &, const QString &to) { reveal(core::ApiDocument::modelPointer(to)); });
    connect(m_endpointEditor, &EndpointEditor::endpointMoved, this, [this](const QString &path, const QString &method) {
        reveal(core::ApiDocument::operationPointer(path, method));
    });
    connect(m_schemeEditor, &SecuritySchemeEditor::schemeShown, this, &MainWindow::reveal);
    connect(m_session, &ProjectSession::dirtyChanged, this, &MainWindow::updateTitle);
    connect(m_session, &ProjectSession::fileChanged, this, &MainWindow::updateTitle);
    connect(m_session, &ProjectSession::externallyChanged, this, [this](const QString &path) {
        if (askReloadChangedFile && askReloadChangedFile(path)) {
            if (auto r = m_session->reload(); !r.ok())
                showError(tr("Could not reload"), r.error().toString());
        } else {
            // Keeping ours: the file on disk now differs from the document, so there is something to save.
            statusBar()->showMessage(tr("Kept your version; saving will overwrite the file on disk."), 8000);
        }
    });

    buildServerControls();
    buildTraceDock(problemsDock);
    buildDocsDock();
    buildMenus();
    // First start: most of the screen, and docks sized for their content (the dock layout's defaults leave the
    // tree's filter and the docs' type column cut off, and give the bottom docks as much room as the editor).
    const QSize screen = this->screen()->availableGeometry().size();
    resize(QSize(1280, 800).expandedTo(screen * 0.85));
    const int em = fontMetrics().horizontalAdvance(u'M');
    resizeDocks({treeDock, findChild<QDockWidget *>(u"DocsDock"_s)}, {24 * em, 30 * em}, Qt::Horizontal);
    resizeDocks({problemsDock}, {height() * 3 / 10}, Qt::Vertical);
    QSettings settings;
    restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
    restoreState(settings.value(u"window/state"_s).toByteArray());
    m_session->newProject();
    updateTitle();
    buildOpenProgress();
    statusBar()->showMessage(tr("Ready"), 2000);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QMenu *newMenu = file->addMenu(tr("&New"));
    newMenu->addAction(tr("Empty project"), QKeySequence::New, this, [this] {
        if (maybeSave())
            newProject();
    });
    newMenu->addSeparator();
    for (const auto &[resource, label] : kExamples) {
        newMenu->addAction(tr("Example: %1").arg(label), this, [this, resource = resource] {
            if (maybeSave())
                newProject(u":/examples/"_s + resource);
        });
    }
    file->addAction(tr("&Open…"), QKeySequence::Open, this, [this] {
        if (!maybeSave())
            return;
        const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), QString(),
                                                          tr("OpenAPI documents (*.yaml *.yml *.json);;All files (*)"));
        if (!path.isEmpty())
            beginOpen(path);
    });
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file->addSeparator();
    file->addAction(tr("&Save"), QKeySequence::Save, this, &MainWindow::save);
    file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, [this] { saveAs(); });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_session->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_session->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(tr("Add &model…"), this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Add model"), tr("Name"), QLineEdit::Normal, u"NewModel"_s, &ok);
        if (ok)
            addModel(name.trimmed());
    });
    edit->addAction(tr("Add &endpoint…"), this, [this] {
        bool ok = false;
        const QString text = QInputDialog::getText(this, tr("Add endpoint"), tr("Method and path"), QLineEdit::Normal,
                                                   u"GET /items"_s, &ok);
        const QStringList parts = text.trimmed().split(u' ', Qt::SkipEmptyParts);
        if (ok && parts.size() == 2)
            addEndpoint(parts[1], parts[0].toLower());
    });
    edit->addAction(tr("&Find in project"), QKeySequence::Find, this, [this] { m_filterEdit->setFocus(); });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());
    view->addAction(m_serverBar->toggleViewAction());
    view->addSeparator();
    QMenu *themeMenu = view->addMenu(tr("&Theme"));
    auto *themes = new QActionGroup(themeMenu);
    const theme::Theme current = theme::saved();
    for (const auto &[choice, label] : {std::pair{theme::Theme::System, tr("&System")},
                                        std::pair{theme::Theme::Light, tr("&Light")},
                                        std::pair{theme::Theme::Dark, tr("&Dark")}}) {
        QAction *action = themeMenu->addAction(label, this, [choice = choice] {
            theme::save(choice);
            theme::apply(choice);
        });
        action->setObjectName(u"Theme_"_s + theme::name(choice));
        action->setCheckable(true);
        action->setChecked(choice == current);
        themes->addAction(action);
    }

    QMenu *server = menuBar()->addMenu(tr("&Server"));
    server->addAction(m_serverBar->runAction());
    server->addAction(m_serverBar->docsAction());
    server->addSeparator();
    server->addAction(m_serverBar->settingsAction());
    server->addSeparator();
    server->addAction(m_traceDock->pauseAction());
    server->addAction(m_traceDock->clearAction());
    server->addAction(m_traceDock->exportAction());
    server->addAction(m_traceDock->importAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Portico"), this, [this] {
        QMessageBox::about(this, tr("About Portico"),
                           tr("<h3>Portico %1</h3><p>Design, mock and document HTTP APIs.</p>").arg(QStringLiteral(PORTICO_VERSION)));
    });
}

void MainWindow::buildServerControls()
{
    addToolBar(Qt::TopToolBarArea, m_serverBar);
    // Edits reach the running server once the Problems check has seen them: a version with errors is held back.
    connect(m_problems, &ProblemsModel::checked, this, [this] { m_server->documentChecked(m_problems->servingErrorCount()); });
    connect(m_session, &ProjectSession::projectReplaced, m_server, &ServerController::projectReplaced);
    // The toolbar offers the project's address; a change of it (opened project, raw edit of x-portico) replaces
    // what the fields hold, while any other edit leaves the user's own choice in them alone.
    auto projectAddress = std::make_shared<std::pair<QString, quint16>>();
    auto offerAddress = [this, projectAddress](bool always) {
        const auto settings = mock::readProjectSettings(m_session->document()->root());
        const std::pair<QString, quint16> address(settings.host, settings.portOr());
        if (!always && address == *projectAddress)
            return;
        *projectAddress = address;
        m_serverBar->setAddress(address.first, address.second);
    };
    connect(m_session->document(), &core::ApiDocument::documentReset, this, [offerAddress] { offerAddress(true); });
    connect(m_session->document(), &core::ApiDocument::valueChanged, this, [offerAddress](const QString &pointer) {
        if (u"/x-portico/"_s.startsWith(pointer + u'/') || pointer.startsWith(u"/x-portico/"))
            offerAddress(false);
    });
    auto *serverStatus = new QLabel;
    serverStatus->setObjectName(u"ServerStatus"_s);
    statusBar()->addPermanentWidget(serverStatus);
    connect(m_server, &ServerController::statusChanged, this, [serverStatus](const QString &text, bool warning) {
        serverStatus->setText(text);
        theme::tint(serverStatus, warning ? std::optional(theme::Tone::Warning) : std::nullopt);
    });
    connect(m_serverBar->settingsAction(), &QAction::triggered, this, [this] {
        RunSettingsDialog dialog(m_session, this);
        dialog.exec();
    });
}

void MainWindow::buildTraceDock(QDockWidget *besides)
{
    auto *dock = new QDockWidget(tr("Traces"), this);
    dock->setObjectName(u"TracesDock"_s);
    dock->setWidget(m_traceDock);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    tabifyDockWidget(besides, dock);
    besides->raise();
    connect(m_server, &ServerController::tracesRecorded, m_traceDock, &TraceDock::appendRecords);
    connect(m_server, &ServerController::stateChanged, this, [this, dock](ServerController::State state) {
        m_traceDock->setBaseUrl(m_server->baseUrl());
        if (state == ServerController::State::Running)
            dock->raise(); // what the user came to watch
    });
    // Clear empties the server's buffer too, so /_portico/traces and a later HAR export agree with the view.
    connect(m_traceDock->clearAction(), &QAction::triggered, m_server, [this] { m_server->server()->clearTraces(); });
    // Another project's exchanges name operations and fields this one may not have: they go with it.
    connect(m_session, &ProjectSession::projectReplaced, m_traceDock->clearAction(), &QAction::trigger);
    connect(m_traceDock, &TraceDock::errorActivated, this, &MainWindow::revealError);
    connect(m_traceDock, &TraceDock::statusMessage, this, [this](const QString &text) { statusBar()->showMessage(text, 5000); });
}

void MainWindow::buildDocsDock()
{
    auto *dock = new QDockWidget(tr("Docs"), this);
    dock->setObjectName(u"DocsDock"_s);
    dock->setWidget(m_docsView);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    connect(m_server, &ServerController::stateChanged, m_docsView, [this] { m_docsView->setBaseUrl(m_server->baseUrl()); });
    // The docs follow the endpoint being edited.
    connect(m_endpointEditor, &EndpointEditor::endpointMoved, m_docsView,
            [this](const QString &path, const QString &method) { m_docsView->selectEndpoint(path, method); });
}

void MainWindow::revealError(const QString &operationPointer, const QStringList &loc)
{
    const FieldLocation field = locateRequestField(*m_session->document(), operationPointer, loc);
    if (!field.model.isEmpty() && reveal(core::ApiDocument::modelPointer(field.model))) {
        m_modelEditor->selectField(field.field);
        return;
    }
    reveal(operationPointer);
}

QWidget *MainWindow::currentEditor() const
{
    return m_stack->currentWidget();
}

void MainWindow::updateTitle()
{
    setWindowFilePath(m_session->filePath());
    setWindowTitle(m_session->displayName() + u"[*] — Portico"_s);
    setWindowModified(m_session->isDirty());
}

void MainWindow::beginOpen(const QString &path)
{
    m_editsAtOpen = m_edits;
    m_opener->open(path);
}

void MainWindow::cancelOpen()
{
    m_opener->cancel();
}

bool MainWindow::openFile(const QString &path)
{
    bool opened = false;
    QEventLoop loop;
    connect(m_opener, &DocumentOpener::opened, &loop, [&] {
        opened = true;
        loop.quit();
    });
    connect(m_opener, &DocumentOpener::failed, &loop, &QEventLoop::quit);
    connect(m_opener, &DocumentOpener::cancelled, &loop, &QEventLoop::quit);
    beginOpen(path);
    loop.exec();
    return opened;
}

void MainWindow::finishOpen(const QString &path, const OpenedFile &file)
{
    // The window stayed usable while the file opened: edits made meanwhile are asked about like any others.
    if (m_edits != m_editsAtOpen && !maybeSave()) {
        statusBar()->showMessage(tr("Kept your changes; %1 was not opened").arg(QFileInfo(path).fileName()), 8000);
        return;
    }
    m_session->adopt(file.document.value(), file.bytes);
    rememberRecent(QFileInfo(path).absoluteFilePath());
    m_treeView->expandToDepth(m_tree->rowCount() > 0 ? 1 : 0);
    statusBar()->showMessage(tr("Opened %1").arg(path), 4000);
}

// The status bar's "Opening FILE… [busy] [Cancel]" while a file opens in the background.
void MainWindow::buildOpenProgress()
{
    m_openProgress = new QWidget;
    m_openProgress->setObjectName(u"OpenProgress"_s);
    auto *layout = new QHBoxLayout(m_openProgress);
    layout->setContentsMargins(0, 0, 0, 0);
    m_openLabel = new QLabel;
    auto *bar = new QProgressBar;
    bar->setRange(0, 0); // busy: parsing reports no fraction done
    bar->setMaximumWidth(120);
    bar->setMaximumHeight(14);
    auto *cancel = new QPushButton(tr("Cancel"));
    cancel->setObjectName(u"CancelOpen"_s);
    layout->addWidget(m_openLabel);
    layout->addWidget(bar);
    layout->addWidget(cancel);
    statusBar()->addWidget(m_openProgress);
    m_openProgress->hide();
    connect(cancel, &QPushButton::clicked, this, &MainWindow::cancelOpen);
    // Counted rather than read from the undo stack: typing in one field merges into one undo step.
    connect(m_session->document(), &core::ApiDocument::valueChanged, this, [this] { ++m_edits; });
    connect(m_opener, &DocumentOpener::started, this, [this](const QString &path) {
        m_openLabel->setText(tr("Opening %1…").arg(QFileInfo(path).fileName()));
        m_openProgress->show();
    });
    connect(m_opener, &DocumentOpener::opened, this, [this](const QString &path, const OpenedFile &file) {
        m_openProgress->hide();
        finishOpen(path, file);
    });
    connect(m_opener, &DocumentOpener::failed, this, [this](const QString &path, const core::Error &error) {
        m_openProgress->hide();
        showError(tr("Could not open %1").arg(QFileInfo(path).fileName()), error.toString());
    });
    connect(m_opener, &DocumentOpener::cancelled, this, [this](const QString &path) {
        m_openProgress->hide();
        statusBar()->showMessage(tr("Opening %1 cancelled; %2 stays open").arg(QFileInfo(path).fileName(), m_session->displayName()), 5000);
    });
}

void MainWindow::newProject(const QString &exampleResource)
{
    QByteArray content;
    if (!exampleResource.isEmpty()) {
        QFile f(exampleResource);
        if (f.open(QIODevice::ReadOnly))
            content = f.readAll();
    }
    m_session->newProject(content, core::FileFormat::Yaml);
    m_treeView->expandToDepth(2);
}

bool MainWindow::save()
{
    if (m_session->isUntitled())
        return saveAs();
    if (m_session->document()->convertedOnLoad()) {
        switch (askOverwriteConverted ? askOverwriteConverted(m_session->document()->sourceVersion())
                                      : ConvertedSaveAnswer::Cancel) {
        case ConvertedSaveAnswer::Overwrite:
            break;
        case ConvertedSaveAnswer::SaveAs:
            return saveAs();
        case ConvertedSaveAnswer::Cancel:
            return false;
        }
    }
    auto saved = m_session->save();
    if (!saved.ok()) {
        showError(tr("Could not save"), saved.error().toString());
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(m_session->filePath()), 3000);
    return true;
}

bool MainWindow::saveAs(const QString &requested)
{
    QString path = requested;
    if (path.isEmpty()) {
        path = QFileDialog::getSaveFileName(this, tr("Save project"), m_session->filePath(),
                                            tr("YAML (*.yaml *.yml);;JSON (*.json)"));
        if (path.isEmpty())
            return false;
    }
    // Save As onto the converted original is the same overwrite as Save, so it asks the same question.
    if (m_session->document()->convertedOnLoad() && !m_session->isUntitled()
        && QFileInfo(path).absoluteFilePath() == QFileInfo(m_session->filePath()).absoluteFilePath()
        && (!askOverwriteConverted
            || askOverwriteConverted(m_session->document()->sourceVersion()) != ConvertedSaveAnswer::Overwrite))
        return false;
    auto saved = m_session->save(path);
    if (!saved.ok()) {
        showError(tr("Could not save"), saved.error().toString());
        return false;
    }
    rememberRecent(QFileInfo(path).absoluteFilePath());
    statusBar()->showMessage(tr("Saved %1").arg(path), 3000);
    return true;
}

bool MainWindow::maybeSave()
{
    if (!m_session->isDirty())
        return true;
    switch (askSaveChanges ? askSaveChanges() : SaveAnswer::Cancel) {
    case SaveAnswer::Save:
        return save();
    case SaveAnswer::Discard:
        m_session->discardRecovery();
        return true;
    case SaveAnswer::Cancel:
        return false;
    }
    return false;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
    if (m_session->isDirty()) // discarded
        m_session->undoStack()->setClean();
    m_session->discardRecovery();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const auto urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const auto urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile() || !maybeSave())
        return;
    event->acceptProposedAction();
    beginOpen(urls.first().toLocalFile());
}

QStringList MainWindow::recentFiles()
{
    return QSettings().value(u"recentFiles"_s).toStringList();
}

void MainWindow::rememberRecent(const QString &path)
{
    QStringList recent = recentFiles();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    QSettings().setValue(u"recentFiles"_s, recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList recent = recentFiles();
    for (const QString &path : recent) {
        m_recentMenu->addAction(QFileInfo(path).fileName() + u"  —  "_s + QFileInfo(path).path(), this, [this, path] {
            if (maybeSave())
                beginOpen(path);
        });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::showError(const QString &what, const QString &message)
{
    statusBar()->showMessage(what + u": "_s + message, 10000);
    if (QApplication::platformName() != u"offscreen")
        QMessageBox::warning(this, what, message);
}

void MainWindow::showItem(const QModelIndex &proxyIndex)
{
    const QModelIndex index = m_filter->mapToSource(proxyIndex);
    if (!index.isValid()) {
        m_stack->setCurrentWidget(m_welcome);
        m_currentPointer.clear();
        return;
    }
    m_currentPointer = index.data(ProjectTreeModel::PointerRole).toString();
    const auto kind = Kind(index.data(ProjectTreeModel::KindRole).toInt());
    switch (kind) {
    case Kind::Model:
        m_modelEditor->setModelName(index.data(ProjectTreeModel::NameRole).toString());
        m_stack->setCurrentWidget(m_modelEditor);
        break;
    case Kind::Endpoint:
        m_endpointEditor->setEndpoint(index.data(ProjectTreeModel::PathRole).toString(),
                                      index.data(ProjectTreeModel::MethodRole).toString());
        m_docsView->selectEndpoint(index.data(ProjectTreeModel::PathRole).toString(),
                                   index.data(ProjectTreeModel::MethodRole).toString());
        m_stack->setCurrentWidget(m_endpointEditor);
        break;
    case Kind::TagGroup:
    case Kind::ModelGroup:
        m_stack->setCurrentWidget(m_welcome);
        break;
    default:
        if (QWidget *form = prepareForm(index)) {
            m_stack->setCurrentWidget(form);
            break;
        }
        m_rawEditor->setPointer(m_currentPointer, index.data(Qt::DisplayRole).toString());
        m_stack->setCurrentWidget(m_rawEditor);
        break;
    }
}

// The form editor of the info, a server, a tag, a security scheme or their sections, showing the item;
// nullptr for the items that have only the raw view.
QWidget *MainWindow::prepareForm(const QModelIndex &index)
{
    const QString pointer = index.data(ProjectTreeModel::PointerRole).toString();
    switch (Kind(index.data(ProjectTreeModel::KindRole).toInt())) {
    case Kind::Info:
        m_infoEditor->reload();
        return m_infoEditor;
    case Kind::Server:
        m_serversEditor->showServer(index.row());
        return m_serversEditor;
    case Kind::Tag:
        m_tagsEditor->showTag(index.row());
        return m_tagsEditor;
    case Kind::SecurityScheme:
        m_schemeEditor->setScheme(index.data(ProjectTreeModel::NameRole).toString());
        return m_schemeEditor;
    case Kind::Section:
        if (pointer == u"/servers") {
            m_serversEditor->showServer();
            return m_serversEditor;
        }
        if (pointer == u"/tags") {
            m_tagsEditor->showTag();
            return m_tagsEditor;
        }
        if (pointer == u"/components/securitySchemes") {
            m_schemeEditor->setScheme({});
            return m_schemeEditor;
        }
        return nullptr;
    default:
        return nullptr;
    }
}

bool MainWindow::reveal(const QString &pointer)
{
    const QModelIndex source = m_tree->indexForPointer(pointer);
    if (!source.isValid())
        return false;
    QModelIndex proxy = m_filter->mapFromSource(source);
    if (!proxy.isValid()) {
        m_filterEdit->clear();
        proxy = m_filter->mapFromSource(source);
    }
    m_treeView->scrollTo(proxy);
    m_treeView->setCurrentIndex(proxy);
    showItem(proxy);
    return true;
}

void MainWindow::afterTreeReset()
{
    m_treeView->expandToDepth(2);
    if (m_currentPointer.isEmpty())
        return;
    const QString pointer = m_currentPointer;
    const QModelIndex source = m_tree->indexForPointer(pointer);
    if (source.isValid() && source.data(ProjectTreeModel::PointerRole).toString() == pointer) {
        const QSignalBlocker block(m_treeView->selectionModel());
        m_treeView->setCurrentIndex(m_filter->mapFromSource(source));
    } else {
        // The item went away (deleted, undone): show its nearest surviving ancestor.
        reveal(pointer);
    }
}

bool MainWindow::addModel(const QString &name)
{
    if (name.isEmpty() || m_session->document()->modelNames().contains(name))
        return false;
    const bool added = m_session->edit(tr("Add model %1").arg(name), [&](core::ApiDocument &d) {
        return d.addModel(name, Json(core::JsonObject{{u"type"_s, Json(u"object"_s)},
                                                      {u"properties"_s, Json(core::JsonObject{})}}));
    });
    if (added)
        reveal(core::ApiDocument::modelPointer(name));
    return added;
}

bool MainWindow::addEndpoint(const QString &path, const QString &method)
{
    if (!path.startsWith(u'/') || !core::ApiDocument::kMethods.contains(method) || m_session->document()->endpoint(path, method))
        return false;
    const Json operation(core::JsonObject{
        {u"summary"_s, Json(QString())},
        {u"responses"_s, Json(core::JsonObject{{u"200"_s, Json(core::JsonObject{{u"description"_s, Json(u"OK"_s)}})}})}});
    Json op = operation;
    op.object().remove(u"summary");
    const bool added = m_session->edit(tr("Add endpoint %1 %2").arg(method.toUpper(), path),
                                       [&](core::ApiDocument &d) { return d.addEndpoint(path, method, op); });
    if (added)
        reveal(core::ApiDocument::operationPointer(path, method));
    return added;
}

bool MainWindow::renameModel(const QString &from, const QString &to)
{
    if (to.isEmpty() || m_session->document()->modelNames().contains(to))
        return false;
    const bool renamed = m_session->edit(tr("Rename model %1 to %2").arg(from, to),
                                         [&](core::ApiDocument &d) { return d.renameModel(from, to); });
    if (renamed)
        reveal(core::ApiDocument::modelPointer(to));
    return renamed;
}

bool MainWindow::duplicateItem(const QModelIndex &index)
{
    const auto kind = Kind(index.data(ProjectTreeModel::KindRole).toInt());
    auto *doc = m_session->document();
    if (kind == Kind::Model) {
        const QString name = index.data(ProjectTreeModel::NameRole).toString();
        QString copy = name + u"Copy"_s;
        for (int i = 2; doc->modelNames().contains(copy); ++i)
            copy = name + u"Copy"_s + QString::number(i);
        const Json schema = doc->modelSchema(name);
        const bool done = m_session->edit(tr("Duplicate model %1").arg(name),
                                          [&](core::ApiDocument &d) { return d.addModel(copy, schema); });
        if (done)
            reveal(core::ApiDocument::modelPointer(copy));
        return done;
    }
    if (kind == Kind::Endpoint) {
        const QString path = index.data(ProjectTreeModel::PathRole).toString();
        const QString method = index.data(ProjectTreeModel::MethodRole).toString();
        QString target = path + u"-copy"_s;
        for (int i = 2; doc->endpoint(target, method); ++i)
            target = path + u"-copy"_s + QString::number(i);
        Json operation = doc->value(core::ApiDocument::operationPointer(path, method));
        if (operation[u"operationId"].isString())
            operation.object().insert(u"operationId"_s, Json(operation[u"operationId"].toString() + u"Copy"_s));
        const bool done = m_session->edit(tr("Duplicate %1 %2").arg(method.toUpper(), path),
                                          [&](core::ApiDocument &d) { return d.addEndpoint(target, method, operation); });
        if (done)
            reveal(core::ApiDocument::operationPointer(target, method));
        return done;
    }
    return false;
}

bool MainWindow::deleteItem(const QModelIndex &index)
{
    const auto kind = Kind(index.data(ProjectTreeModel::KindRole).toInt());
    const QString pointer = index.data(ProjectTreeModel::PointerRole).toString();
    const QString label = index.data(Qt::DisplayRole).toString();
    switch (kind) {
    case Kind::Model: {
        const QString name = index.data(ProjectTreeModel::NameRole).toString();
        return m_session->edit(tr("Delete model %1").arg(name), [&](core::ApiDocument &d) { return d.removeModel(name); });
    }
    case Kind::Endpoint: {
        const QString path = index.data(ProjectTreeModel::PathRole).toString();
        const QString method = index.data(ProjectTreeModel::MethodRole).toString();
        return m_session->edit(tr("Delete %1 %2").arg(method.toUpper(), path),
                               [&](core::ApiDocument &d) { return d.removeEndpoint(path, method); });
    }
    case Kind::Server:
    case Kind::Tag:
    case Kind::SecurityScheme:
        return m_session->edit(tr("Delete %1").arg(label), [&](core::ApiDocument &d) { return d.removeValue(pointer); });
    default:
        return false;
    }
}

void MainWindow::treeContextMenu(const QPoint &pos)
{
    const QModelIndex proxy = m_treeView->indexAt(pos);
    const QModelIndex index = m_filter->mapToSource(proxy);
    const auto kind = index.isValid() ? Kind(index.data(ProjectTreeModel::KindRole).toInt()) : Kind::Section;
    const QString pointer = index.data(ProjectTreeModel::PointerRole).toString();
    QMenu menu(this);
    if (kind == Kind::Model || pointer == u"/components/schemas") {
        menu.addAction(tr("Add model…"), this, [this] {
            bool ok = false;
            const QString name = QInputDialog::getText(this, tr("Add model"), tr("Name"), QLineEdit::Normal, u"NewModel"_s, &ok);
            if (ok)
                addModel(name.trimmed());
        });
    }
    if (kind == Kind::Endpoint || kind == Kind::PathGroup || kind == Kind::TagGroup || pointer == u"/paths") {
        menu.addAction(tr("Add endpoint…"), this, [this, index] {
            const QString path = index.data(ProjectTreeModel::PathRole).toString();
            bool ok = false;
            const QString text = QInputDialog::getText(this, tr("Add endpoint"), tr("Method and path"), QLineEdit::Normal,
                                                       u"GET "_s + (path.isEmpty() ? u"/items"_s : path), &ok);
            const QStringList parts = text.trimmed().split(u' ', Qt::SkipEmptyParts);
            if (ok && parts.size() == 2)
                addEndpoint(parts[1], parts[0].toLower());
        });
    }
    if (kind == Kind::Model || kind == Kind::Endpoint)
        menu.addAction(tr("Duplicate"), this, [this, index] { duplicateItem(index); });
    if (kind == Kind::Model) {
        menu.addAction(tr("Rename…"), this, [this, index] {
            const QString from = index.data(ProjectTreeModel::NameRole).toString();
            bool ok = false;
            const QString to = QInputDialog::getText(this, tr("Rename model"), tr("New name (every $ref follows)"),
                                                     QLineEdit::Normal, from, &ok);
            if (ok)
                renameModel(from, to.trimmed());
        });
    }
    if (kind == Kind::Model || kind == Kind::Endpoint || kind == Kind::Server || kind == Kind::Tag
        || kind == Kind::SecurityScheme) {
        menu.addSeparator();
        menu.addAction(tr("Delete"), this, [this, index] { deleteItem(index); });
    }
    if (!menu.isEmpty())
        menu.exec(m_treeView->viewport()->mapToGlobal(pos));
}

bool MainWindow::offerRecovery(const std::function<bool(const QString &)> &ask)
{
    const auto entries = ProjectSession::pendingRecoveries();
    if (entries.isEmpty())
        return false;
    const RecoveryEntry &entry = entries.first();
    const QString description = entry.originalPath.isEmpty()
        ? tr("Portico found unsaved work on an untitled project from %1.").arg(entry.savedAt.toLocalTime().toString())
        : tr("Portico found unsaved changes to %1 from %2.").arg(entry.originalPath, entry.savedAt.toLocalTime().toString());
    const bool recover = ask ? ask(description)
                             : QMessageBox::question(this, tr("Recover unsaved work?"), description + u"\n\n"_s + tr("Recover it?"))
            == QMessageBox::Yes;
    if (!recover) {
        QFile::remove(entry.recoveryFile);
        QFile::remove(entry.recoveryFile + u".meta"_s);
        return false;
    }
    auto recovered = m_session->recover(entry);
    if (!recovered.ok()) {
        showError(tr("Could not recover"), recovered.error().toString());
        return false;
    }
    m_treeView->expandToDepth(2);
    return true;
}

} // namespace portico::ui
