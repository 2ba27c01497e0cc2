#include "problemsmodel.h"

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
    connect(document, &core::ApiDocument::documentReset, this, &ProblemsModel::recheck);
    connect(document, &core::ApiDocument::valueChanged, m_timer, qOverload<>(&QTimer::start));
    recheck();
}

void ProblemsModel::setDelay(int ms)
{
    m_timer->setInterval(ms);
}

void ProblemsModel::recheck()
{
    m_timer->stop();
    beginResetModel();
    m_problems = core::checkDocument(*m_document);
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
