#include "tracedock.h"

#include "core/jsonparser.h"
#include "core/jsonwriter.h"
#include "curlcommand.h"
#include "mock/har.h"
#include "projectsession.h"
#include "tracedetail.h"
#include "traceexample.h"
#include "tracefiltermodel.h"
#include "tracetablemodel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSaveFile>
#include <QScrollBar>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <algorithm>

using namespace Qt::StringLiterals;
using portico::mock::TraceRecord;

namespace portico::ui {

TraceDock::TraceDock(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new TraceTableModel(this))
    , m_filter(new TraceFilterModel(this))
    , m_view(new QTableView(this))
    , m_detail(new TraceDetail(this))
    , m_split(new QSplitter(Qt::Vertical, this))
{
    askExportPath = [this] {
        QString path = QFileDialog::getSaveFileName(this, tr("Export traces as HAR"), {},
                                                    tr("HTTP Archive (*.har);;All files (*)"));
        if (!path.isEmpty() && !path.contains(u'.'))
            path += u".har"_s;
        return path;
    };
    askImportPath = [this] {
        return QFileDialog::getOpenFileName(this, tr("Import HAR"), {},
                                            tr("HTTP Archive (*.har *.json);;All files (*)"));
    };
    askExampleName = [this](const QString &suggested) {
        bool ok = false;
        const QString name =
            QInputDialog::getText(this, tr("Save as example"), tr("Example name:"), QLineEdit::Normal, suggested, &ok);
        return ok ? name : QString();
    };
    showError = [this](const QString &title, const QString &message) { QMessageBox::warning(this, title, message); };

    m_filter->setSourceModel(m_model);
    // Connected before the view's selection model connects (in setModel), so this runs first: when the current
    // row leaves (dropped for capacity, hidden by a filter), the selection model moves the current index to a
    // neighbour, and the detail pane should keep the exchange the user chose instead of jumping.
    connect(m_filter, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this](const QModelIndex &, int first, int last) {
                const QModelIndex current = m_view->currentIndex();
                if (current.isValid() && current.row() >= first && current.row() <= last)
                    m_keepCurrent = true;
            });
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (m_keepCurrent) {
            m_view->selectionModel()->clear();
            m_keepCurrent = false;
        }
        updateCounts();
    });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, [this] {
        updateCounts();
        if (isFollowingTail())
            scheduleScroll();
    });
    connect(m_filter, &QAbstractItemModel::modelReset, this, &TraceDock::updateCounts);

    m_view->setModel(m_filter);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    // Uniform rows and fixed column widths: no measuring of contents when hundreds of rows arrive a second.
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    QHeaderView *columns = m_view->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setStretchLastSection(true);
    const int em = m_view->fontMetrics().horizontalAdvance(u'M');
    const int widths[] = {9, 5, 20, 10, 4, 5, 4, 12};
    for (int column = 0; column < TraceTableModel::ColumnCount; ++column)
        columns->resizeSection(column, std::max(widths[column] * em, columns->sectionSizeHint(column)));
    // Arrival order until the user clicks a header; a third click returns to it.
    columns->setSortIndicator(-1, Qt::AscendingOrder);
    columns->setSortIndicatorClearable(true);
    m_view->setSortingEnabled(true);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { onCurrentChanged(current); });
    // Scrolling up stops following the tail, as in a terminal; scrolling back to the bottom resumes it.
    QScrollBar *scroll = m_view->verticalScrollBar();
    connect(scroll, &QAbstractSlider::actionTriggered, this, [this, scroll] {
        QTimer::singleShot(0, this, [this, scroll] { setFollowTail(scroll->value() >= scroll->maximum()); });
    });

    connect(m_detail, &TraceDetail::errorActivated, this, &TraceDock::errorActivated);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(buildActions());
    layout->addWidget(buildFilters());
    m_split->addWidget(m_view);
    m_split->addWidget(m_detail);
    m_split->setStretchFactor(0, 3);
    m_split->setStretchFactor(1, 2);
    layout->addWidget(m_split, 1);

    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->addActions({m_copyCurl, m_replay, m_saveRequestExample, m_saveResponseExample});
    updateActions();
    updateCounts();
}

TraceDock::~TraceDock() = default;

void TraceDock::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // In the bottom dock the panel is wide and short: table over detail would leave the table two rows, so
    // they sit side by side there, and stack again when the dock is docked at a side.
    const Qt::Orientation wanted = width() > 2 * height() ? Qt::Horizontal : Qt::Vertical;
    if (m_split->orientation() != wanted) {
        m_split->setOrientation(wanted);
        const int extent = wanted == Qt::Horizontal ? m_split->width() : m_split->height();
        m_split->setSizes({extent * 3 / 5, extent * 2 / 5});
    }
}

void TraceDock::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // A theme change can bring a style whose media icons differ (the Dark theme redraws them light).
    if (event->type() == QEvent::StyleChange)
        m_pause->setIcon(style()->standardIcon(m_pause->isChecked() ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
}

QToolBar *TraceDock::buildActions()
{
    auto *bar = new QToolBar(this);
    bar->setIconSize(QSize(16, 16));
    QStyle *s = style();
    m_follow = bar->addAction(s->standardIcon(QStyle::SP_ArrowDown), tr("Follow"));
    m_follow->setCheckable(true);
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Follow the newest exchange"));
    connect(m_follow, &QAction::toggled, this, [this](bool on) {
        if (on)
            m_view->scrollToBottom();
    });
    m_pause = bar->addAction(s->standardIcon(QStyle::SP_MediaPause), tr("Pause"));
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Hold new exchanges until resumed"));
    connect(m_pause, &QAction::toggled, this, &TraceDock::setPaused);
    m_heldLabel = new QLabel(bar);
    m_heldAction = bar->addWidget(m_heldLabel); // a toolbar shows and hides its widgets through their actions
    m_clear = bar->addAction(s->standardIcon(QStyle::SP_DialogResetButton), tr("Clear"));
    m_clear->setToolTip(tr("Remove every exchange from the list"));
    connect(m_clear, &QAction::triggered, this, &TraceDock::clear);
    bar->addSeparator();
    m_copyCurl = bar->addAction(tr("Copy as curl"));
    connect(m_copyCurl, &QAction::triggered, this, [this] { copyAsCurl(); });
    m_replay = bar->addAction(s->standardIcon(QStyle::SP_BrowserReload), tr("Replay"));
    m_replay->setToolTip(tr("Send the same request to the running server again"));
    connect(m_replay, &QAction::triggered, this, [this] { replay(); });
    m_saveRequestExample = bar->addAction(tr("Save request as example…"));
    m_saveRequestExample->setToolTip(tr("Add the request body as a named example of the operation's request body"));
    connect(m_saveRequestExample, &QAction::triggered, this, [this] { saveRequestExample(); });
    m_saveResponseExample = bar->addAction(tr("Save response as example…"));
    m_saveResponseExample->setToolTip(tr("Add the response body as a named example of the operation's response"));
    connect(m_saveResponseExample, &QAction::triggered, this, [this] { saveResponseExample(); });
    bar->addSeparator();
    m_import = bar->addAction(s->standardIcon(QStyle::SP_DialogOpenButton), tr("Import HAR…"));
    connect(m_import, &QAction::triggered, this, [this] { importHar(); });
    m_export = bar->addAction(s->standardIcon(QStyle::SP_DialogSaveButton), tr("Export HAR…"));
    m_export->setToolTip(tr("Save the exchanges the filters show as an HTTP Archive"));
    connect(m_export, &QAction::triggered, this, [this] { exportVisible(); });
    return bar;
}

QWidget *TraceDock::buildFilters()
{
    auto *row = new QWidget(this);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(4, 0, 4, 0);
    m_filterText = new QLineEdit(row);
    m_filterText->setPlaceholderText(tr("Filter by path, method, operation or status"));
    m_filterText->setClearButtonEnabled(true);
    m_methodFilter = new QComboBox(row);
    m_methodFilter->addItem(tr("Any method"), QString());
    for (const QString &method :
         {u"GET"_s, u"POST"_s, u"PUT"_s, u"PATCH"_s, u"DELETE"_s, u"HEAD"_s, u"OPTIONS"_s, u"TRACE"_s})
        m_methodFilter->addItem(method, method);
    m_statusFilter = new QComboBox(row);
    m_statusFilter->addItem(tr("Any status"), 0);
    for (int statusClass = 2; statusClass <= 5; ++statusClass)
        m_statusFilter->addItem(u"%1xx"_s.arg(statusClass), statusClass);
    m_onlyErrors = new QCheckBox(tr("Only errors"), row);
    m_onlyErrors->setToolTip(tr("Validation errors, 4xx and 5xx statuses, faults"));
    m_countLabel = new QLabel(row);
    layout->addWidget(m_filterText, 1);
    layout->addWidget(m_methodFilter);
    layout->addWidget(m_statusFilter);
    layout->addWidget(m_onlyErrors);
    layout->addWidget(m_countLabel);
    connect(m_filterText, &QLineEdit::textChanged, this, &TraceDock::applyFilters);
    connect(m_methodFilter, &QComboBox::currentIndexChanged, this, &TraceDock::applyFilters);
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, &TraceDock::applyFilters);
    connect(m_onlyErrors, &QCheckBox::toggled, this, &TraceDock::applyFilters);
    return row;
}

void TraceDock::applyFilters()
{
    m_filter->setText(m_filterText->text());
    m_filter->setMethod(m_methodFilter->currentData().toString());
    m_filter->setStatusClass(m_statusFilter->currentData().toInt());
    m_filter->setOnlyErrors(m_onlyErrors->isChecked());
    updateCounts();
}

void TraceDock::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
    updateActions();
}

bool TraceDock::isFollowingTail() const
{
    return m_follow->isChecked();
}

void TraceDock::setFollowTail(bool follow)
{
    m_follow->setChecked(follow);
}

bool TraceDock::isPaused() const
{
    return m_pause->isChecked();
}

void TraceDock::setPaused(bool paused)
{
    if (m_pause->isChecked() != paused) {
        m_pause->setChecked(paused); // comes back here through toggled
        return;
    }
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    m_pause->setIcon(style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    if (!paused && !m_held.isEmpty()) {
        m_heldDropped = 0;
        m_model->appendRecords(std::exchange(m_held, {}));
    }
    updateCounts();
}

void TraceDock::setCapacity(int capacity)
{
    m_model->setCapacity(capacity);
}

void TraceDock::appendRecords(const QList<TraceRecord> &records)
{
    if (!isPaused()) {
        m_model->appendRecords(records);
        return;
    }
    m_held.append(records);
    // More than the table holds would only be dropped on resume: drop it now and keep memory bounded.
    const qsizetype excess = m_held.size() - m_model->capacity();
    if (excess > 0) {
        m_held.remove(0, excess);
        m_heldDropped += excess;
    }
    updateCounts();
}

void TraceDock::clear()
{
    m_model->clear();
    m_held.clear();
    m_heldDropped = 0;
    m_current.reset();
    m_detail->clear();
    updateActions();
    updateCounts();
}

void TraceDock::selectRow(int visibleRow)
{
    m_view->setCurrentIndex(m_filter->index(visibleRow, 0));
}

void TraceDock::onCurrentChanged(const QModelIndex &current)
{
    // An invalid index (the row left, a reset) keeps the last exchange on show; Clear empties the pane.
    if (m_keepCurrent || !current.isValid())
        return;
    m_current = m_filter->record(current.row());
    m_detail->showRecord(*m_current);
    updateActions();
}

void TraceDock::updateActions()
{
    const bool has = m_current.has_value();
    const bool matched = has && !m_current->operationPointer.isEmpty();
    m_copyCurl->setEnabled(has);
    m_replay->setEnabled(has && m_baseUrl.isValid() && !m_baseUrl.isEmpty());
    m_saveRequestExample->setEnabled(matched && m_session && !m_current->requestBody.isEmpty());
    m_saveResponseExample->setEnabled(matched && m_session && !m_current->responseBody.isEmpty());
}

void TraceDock::updateCounts()
{
    const int visible = m_filter->rowCount();
    const int total = m_model->count();
    m_countLabel->setText(visible == total ? tr("%n exchange(s)", nullptr, total)
                                           : tr("%1 of %n exchange(s)", nullptr, total).arg(visible));
    m_export->setEnabled(visible > 0);
    m_heldAction->setVisible(isPaused());
    m_heldLabel->setText(tr("%n held", nullptr, int(m_held.size())));
    m_heldLabel->setToolTip(
        m_heldDropped > 0 ? tr("%n older exchange(s) dropped while paused", nullptr, int(m_heldDropped)) : QString());
}

void TraceDock::scheduleScroll()
{
    // One scroll per turn of the event loop, however many batches arrived in it.
    if (m_scrollPending)
        return;
    m_scrollPending = true;
    QTimer::singleShot(0, this, [this] {
        m_scrollPending = false;
        if (isFollowingTail())
            m_view->scrollToBottom();
    });
}

QString TraceDock::copyAsCurl()
{
    if (!m_current)
        return {};
    const QString command = curlCommand(*m_current, m_baseUrl);
    QApplication::clipboard()->setText(command);
    emit statusMessage(tr("Copied the request as a curl command"));
    return command;
}

bool TraceDock::replay()
{
    if (!m_current)
        return false;
    if (!m_baseUrl.isValid() || m_baseUrl.isEmpty()) {
        showError(tr("Replay"), tr("The mock server is not running."));
        return false;
    }
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    QNetworkRequest request(replayUrl(*m_current, m_baseUrl));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    for (const auto &[name, value] : m_current->requestHeaders) {
        if (!isConnectionHeader(name))
            request.setRawHeader(name, value);
    }
    QNetworkReply *reply = m_network->sendCustomRequest(request, m_current->method, m_current->requestBody);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QString error = status == 0 ? reply->errorString() : QString();
        emit statusMessage(status ? tr("Replayed: %1").arg(status) : tr("Replay failed: %1").arg(error));
        emit replayFinished(status, error);
    });
    return true;
}

bool TraceDock::saveRequestExample()
{
    return saveExample(true);
}

bool TraceDock::saveResponseExample()
{
    return saveExample(false);
}

bool TraceDock::saveExample(bool request)
{
    if (!m_current || !m_session)
        return false;
    const ExampleSide side = request ? ExampleSide::Request : ExampleSide::Response;
    const QString title = request ? tr("Save request as example") : tr("Save response as example");
    // Checked before asking for a name, so the user hears why at once.
    const auto target = findExampleTarget(*m_session->document(), *m_current, side);
    if (!target.ok()) {
        showError(title, target.error().message);
        return false;
    }
    const QString base = m_current->id > 0 ? u"trace-%1"_s.arg(m_current->id) : u"captured"_s;
    const QString name = askExampleName(uniqueExampleName(*m_session->document(), target->mediaPointer, base));
    if (name.trimmed().isEmpty())
        return false;
    const auto saved = saveTraceExample(*m_session, *m_current, side, name);
    if (!saved.ok()) {
        showError(title, saved.error().message);
        return false;
    }
    emit statusMessage(tr("Saved example “%1” under %2").arg(saved.value(), target->mediaPointer));
    return true;
}

bool TraceDock::exportVisible()
{
    const QString path = askExportPath();
    return !path.isEmpty() && exportVisibleTo(path);
}

bool TraceDock::exportVisibleTo(const QString &path)
{
    const QList<TraceRecord> records = m_filter->visibleRecords();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(core::toJson(mock::toHar(records, QStringLiteral(PORTICO_VERSION)), core::JsonStyle::Indented)) <
            0 ||
        !file.commit()) {
        showError(tr("Export HAR"), tr("Could not write %1: %2").arg(path, file.errorString()));
        return false;
    }
    emit statusMessage(tr("Exported %n exchange(s) to %1", nullptr, int(records.size())).arg(path));
    return true;
}

bool TraceDock::importHar()
{
    const QString path = askImportPath();
    return !path.isEmpty() && importHarFrom(path);
}

bool TraceDock::importHarFrom(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("Import HAR"), tr("Could not read %1: %2").arg(path, file.errorString()));
        return false;
    }
    core::JsonParser parser;
    const auto parsed = parser.parse(file.readAll());
    if (!parsed.ok()) {
        showError(tr("Import HAR"), tr("%1 is not JSON: %2").arg(path, parsed.error().message));
        return false;
    }
    QString error;
    const QList<TraceRecord> records = mock::fromHar(parsed.value(), &error);
    if (!error.isEmpty()) {
        showError(tr("Import HAR"), tr("Could not import %1: %2").arg(path, error));
        return false;
    }
    // Shown at once, paused or not: the user asked for these.
    m_model->appendRecords(records);
    emit statusMessage(tr("Imported %n exchange(s)", nullptr, int(records.size())));
    return true;
}

} // namespace portico::ui
