#include "problemsmodel.h"

#include "backgroundtask.h"

#include "core/apidocument.h"

#include <QApplication>
#include <QStyle>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace portico::ui {

ProblemsModel::ProblemsModel(core::ApiDocument *document, QObject *parent)
    : QAbstractTableModel(parent), m_document(document), m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setInterval(300);
    connect(m_timer, &QTimer::timeout, this, &ProblemsModel::recheck);
    connect(document, &core::ApiDocument::documentReset, this, [this] {
        ++m_version;
        recheck();
    });
    connect(document, &core::ApiDocument::valueChanged, this, [this] {
        ++m_version;
        m_timer->start();
    });
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &ProblemsModel::takeResult);
    recheck();
}

void ProblemsModel::setDelay(int ms)
{
    m_timer->setInterval(ms);
}

void ProblemsModel::recheck()
{
    m_timer->stop();
    // A copy of the tree is a reference count; the GUI's next edit copies only the path it changes.
    core::PreparedDocument snapshot;
    snapshot.root = m_document->root();
    snapshot.sourceMap = m_document->sourceMap();
    snapshot.filePath = m_document->filePath();
    m_checkedVersion = m_version;
    m_watcher.setFuture(runInBackground([snapshot = std::move(snapshot)]() mutable {
        core::ApiDocument document;
        document.install(std::move(snapshot));
        return core::checkDocument(document);
    }));
}

void ProblemsModel::takeResult()
{
    // A result for a version an edit has replaced is dropped: the edit's own check is on its way (the live
    // server applies what checked() reports, so it must describe the document as it is).
    if (m_watcher.future().resultCount() == 0 || m_checkedVersion != m_version)
        return;
    beginResetModel();
    m_problems = m_watcher.result();
    endResetModel();
    emit checked();
}

int ProblemsModel::errorCount() const
{
    return int(std::count_if(m_problems.begin(), m_problems.end(),
                             [](const core::Problem &p) { return p.severity == core::Problem::Severity::Error; }));
}

int ProblemsModel::servingErrorCount() const
{
    return int(std::count_if(m_problems.begin(), m_problems.end(), [](const core::Problem &p) {
        return p.severity == core::Problem::Severity::Error && p.blocksServing;
    }));
}

int ProblemsModel::warningCount() const
{
    return int(m_problems.size()) - errorCount();
}

int ProblemsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_problems.size());
}

int ProblemsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProblemsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const core::Problem &p = m_problems[index.row()];
    const bool error = p.severity == core::Problem::Severity::Error;
    if (role == PointerRole)
        return p.location.pointer;
    if (role == Qt::ToolTipRole)
        return p.toString();
    switch (index.column()) {
    case Severity:
        if (role == Qt::DisplayRole)
            return error ? tr("Error") : tr("Warning");
        if (role == Qt::DecorationRole)
            return QApplication::style()->standardIcon(error ? QStyle::SP_MessageBoxCritical : QStyle::SP_MessageBoxWarning);
        break;
    case Message:
        if (role == Qt::DisplayRole)
            return p.message;
        break;
    case Location:
        if (role == Qt::DisplayRole) {
            const QString at = p.location.line > 0 ? u"%1:%2 "_s.arg(p.location.line).arg(p.location.column) : QString();
            return QString(at + p.location.pointer);
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant ProblemsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal)
        return {};
    switch (section) {
    case Severity: return tr("Severity");
    case Message: return tr("Problem");
    case Location: return tr("Where");
    default: return {};
    }
}

} // namespace portico::ui
