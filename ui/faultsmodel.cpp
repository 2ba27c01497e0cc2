#include "faultsmodel.h"

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;
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

FaultsModel::FaultsModel(ProjectSession *session, QObject *parent)
    : OperationListModel(session, u"x-portico-faults"_s, {tr("Fault"), tr("Status / ms"), tr("Probability")}, parent)
{
}

const QStringList &FaultsModel::kinds()
{
    static const QStringList list = {u"status"_s, u"reset"_s, u"slow body"_s};
    return list;
}

QVariant FaultsModel::data(const QModelIndex &index, int role) const
{
    if (!isValidCell(index))
        return {};
    const Json &f = entry(index.row());
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

Qt::ItemFlags FaultsModel::flags(const QModelIndex &index) const
{
    const Qt::ItemFlags f = OperationListModel::flags(index);
    if (index.isValid() && index.column() == Value && kindOf(entry(index.row())) == u"reset")
        return f & ~Qt::ItemIsEditable;
    return f;
}

bool FaultsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !isValidCell(index))
        return false;
    const Json &old = entry(index.row());
    JsonObject f = old.toObject();
    double probability = old[u"probability"].isNumber() ? old[u"probability"].toDouble() : 1.0;
    const QString where = tr("fault %1 of %2").arg(index.row() + 1).arg(operation().label());
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
        probability = p;
        text = tr("Set the probability of %1 to %2").arg(where).arg(p);
        break;
    }
    default:
        return false;
    }
    return replaceEntry(index.row(), withProbability(f, probability), text);
}

int FaultsModel::addFault()
{
    return appendEntry(Json(JsonObject{{u"status"_s, Json(500)}, {u"probability"_s, Json(0.1)}}),
                       tr("Add a fault to %1").arg(operation().label()));
}

bool FaultsModel::removeFault(int row)
{
    return removeEntry(row, tr("Remove fault %1 of %2").arg(row + 1).arg(operation().label()));
}

} // namespace portico::ui
