#include "faultsmodel.h"

#include "projectsession.h"

#include "core/apidocument.h"

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;
using core::JsonArray;
using core::JsonObject;

namespace {

QString kindOf(const Json &fault)
{
    if (fault[u"reset"].toBool())
        return u"reset"_s;
    if (fault[u"slow_body_ms"].isNumber())
        return u"slow body"_s;
    if (fault[u"status"].isNumber())
        return u"status"_s;
    return {};
}

// Probability 1 is the default, so it is left out rather than written.
Json withProbability(JsonObject fault, double probability)
{
    if (probability >= 1.0)
        fault.remove(u"probability");
    else
        fault.insert(u"probability"_s, Json(probability));
    return Json(std::move(fault));
}

} // namespace

FaultsModel::FaultsModel(ProjectSession *session, QObject *parent) : QAbstractTableModel(parent), m_session(session)
{
    auto *doc = session->document();
    connect(doc, &core::ApiDocument::documentReset, this, &FaultsModel::refresh);
    connect(doc, &core::ApiDocument::valueChanged, this, [this](const QString &changed) {
        if (m_operation.affectedBy(changed))
            refresh();
    });
}

const QStringList &FaultsModel::kinds()
{
    static const QStringList list = {u"status"_s, u"reset"_s, u"slow body"_s};
    return list;
}

void FaultsModel::setOperation(const OperationRef &operation)
{
    beginResetModel();
    m_operation = operation;
    m_faults = m_session->document()->value(faultsPointer()).toArray();
    endResetModel();
}

QString FaultsModel::faultsPointer() const
{
    return m_operation.pointer() + u"/x-portico-faults"_s;
}

void FaultsModel::refresh()
{
    JsonArray faults = m_operation.isEmpty() ? JsonArray() : m_session->document()->value(faultsPointer()).toArray();
    if (faults.size() != m_faults.size()) {
        beginResetModel();
        m_faults = std::move(faults);
        endResetModel();
        return;
    }
    m_faults = std::move(faults);
    if (!m_faults.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int FaultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_faults.size());
}

int FaultsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FaultsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Json &f = m_faults[size_t(index.row())];
    if (role == Qt::ToolTipRole && index.column() == Value) {
        const QString kind = kindOf(f);
        return kind == u"status" ? tr("The HTTP status answered") : kind == u"slow body" ? tr("Milliseconds the body is spread over") : QString();
    }
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case Kind:
        return kindOf(f);
    case Value: {
        const QString kind = kindOf(f);
        if (kind == u"status")
            return int(f[u"status"].toInteger());
        if (kind == u"slow body")
            return int(f[u"slow_body_ms"].toInteger());
        return {};
    }
    case Probability:
        return f[u"probability"].isNumber() ? f[u"probability"].toDouble() : 1.0;
    default:
        return {};
    }
}

QVariant FaultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    switch (section) {
    case Kind: return tr("Fault");
    case Value: return tr("Status / ms");
    case Probability: return tr("Probability");
    default: return {};
    }
}

Qt::ItemFlags FaultsModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    const Qt::ItemFlags f = Qt::ItemIsSelectable | Qt::ItemIsEnabled;
    if (index.column() == Value && kindOf(m_faults[size_t(index.row())]) == u"reset")
        return f;
    return f | Qt::ItemIsEditable;
}

void FaultsModel::write(JsonArray faults, const QString &text)
{
    if (faults.empty())
        m_session->removeValue(faultsPointer(), text);
    else
        m_session->setValue(faultsPointer(), Json(std::move(faults)), text);
}

bool FaultsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    JsonArray faults = m_faults;
    const Json &old = m_faults[size_t(index.row())];
    JsonObject f = old.toObject();
    const double probability = old[u"probability"].isNumber() ? old[u"probability"].toDouble() : 1.0;
    const QString where = tr("fault %1 of %2").arg(index.row() + 1).arg(m_operation.label());
    QString text;
    switch (index.column()) {
    case Kind: {
        const QString kind = value.toString();
        if (!kinds().contains(kind) || kind == kindOf(old))
            return false;
        // Exactly one fault key per entry: the new one replaces the others.
        f = JsonObject{};
        if (kind == u"status")
            f.insert(u"status"_s, Json(500));
        else if (kind == u"reset")
            f.insert(u"reset"_s, Json(true));
        else
            f.insert(u"slow_body_ms"_s, Json(1000));
        text = tr("Make %1 a %2 fault").arg(where, kind);
        break;
    }
    case Value: {
        bool ok = false;
        const int n = value.toString().trimmed().toInt(&ok);
        const QString kind = kindOf(old);
        if (!ok || (kind == u"status" && (n < 100 || n > 599)) || (kind == u"slow body" && n < 0) || kind == u"reset"
            || kind.isEmpty())
            return false;
        f.insert(kind == u"status" ? u"status"_s : u"slow_body_ms"_s, Json(n));
        text = kind == u"status" ? tr("Set %1 to status %2").arg(where).arg(n) : tr("Set %1 to %2 ms").arg(where).arg(n);
        break;
    }
    case Probability: {
        bool ok = false;
        const double p = value.toString().trimmed().toDouble(&ok);
        if (!ok || p < 0 || p > 1)
            return false;
        faults[size_t(index.row())] = withProbability(f, p);
        if (faults[size_t(index.row())].identical(old))
            return false;
        write(std::move(faults), tr("Set the probability of %1 to %2").arg(where).arg(p));
        return true;
    }
    default:
        return false;
    }
    faults[size_t(index.row())] = withProbability(f, probability);
    if (faults[size_t(index.row())].identical(old))
        return false;
    write(std::move(faults), text);
    return true;
}

int FaultsModel::addFault()
{
    if (m_operation.isEmpty())
        return -1;
    JsonArray faults = m_faults;
    faults.emplace_back(JsonObject{{u"status"_s, Json(500)}, {u"probability"_s, Json(0.1)}});
    write(std::move(faults), tr("Add a fault to %1").arg(m_operation.label()));
    return int(m_faults.size()) - 1;
}

bool FaultsModel::removeFault(int row)
{
    if (row < 0 || row >= int(m_faults.size()))
        return false;
    JsonArray faults = m_faults;
    faults.erase(faults.begin() + row);
    write(std::move(faults), tr("Remove fault %1 of %2").arg(row + 1).arg(m_operation.label()));
    return true;
}

} // namespace portico::ui
