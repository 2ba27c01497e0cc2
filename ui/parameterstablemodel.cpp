#include "parameterstablemodel.h"

#include "fieldschema.h"
#include "projectsession.h"

#include "core/apidocument.h"
#include "core/jsonparser.h"
#include "core/jsonpointer.h"
#include "core/jsonwriter.h"

#include <QBrush>
#include <QPalette>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;
using core::JsonArray;
using core::JsonObject;

namespace {

// An example typed into the table: a string parameter takes the text as it is (so "007" stays a string);
// anything else is read as JSON when it parses, which is what typing 20 or [1,2] into an integer or array
// parameter means.
Json exampleFromText(const QString &text, const Json &schema)
{
    if (fieldschema::kind(schema) == u"string")
        return Json(text);
    auto parsed = core::JsonParser().parse(text.trimmed().toUtf8());
    return parsed.ok() ? parsed.value() : Json(text);
}

QString exampleText(const Json &example)
{
    return example.isString() ? example.toString() : QString::fromUtf8(core::toJson(example));
}

Json withMember(Json object, const QString &key, std::optional<Json> value)
{
    if (value)
        object.object().insert(key, *value);
    else
        object.object().remove(key);
    return object;
}

} // namespace

ParametersTableModel::ParametersTableModel(ProjectSession *session, QObject *parent)
    : DocumentTableModel({tr("In"), tr("Name"), tr("Type"), tr("Required"), tr("Description"), tr("Example")}, parent),
      m_session(session)
{
    followOperation(session->document(), this, m_operation, [this] { refresh(); });
}

const QStringList &ParametersTableModel::locations()
{
    static const QStringList list = {u"path"_s, u"query"_s, u"header"_s, u"cookie"_s};
    return list;
}

QStringList ParametersTableModel::typeChoices(const QStringList &models)
{
    QStringList out = {u"string"_s, u"integer"_s, u"number"_s, u"boolean"_s};
    for (const QString &scalar : {u"string"_s, u"integer"_s, u"number"_s, u"boolean"_s})
        out << u"array of "_s + scalar;
    out << models;
    return out;
}

void ParametersTableModel::setOperation(const OperationRef &operation)
{
    beginResetModel();
    m_operation = operation;
    m_rows = readRows();
    endResetModel();
}

QString ParametersTableModel::listPointer() const
{
    return m_operation.pointer() + u"/parameters"_s;
}

QList<ParametersTableModel::Row> ParametersTableModel::readRows() const
{
    QList<Row> out;
    if (m_operation.isEmpty())
        return out;
    const core::ApiDocument *doc = m_session->document();
    const Json &item = doc->value(m_operation.pathItemPointer());
    if (!item[m_operation.method].isObject())
        return out;
    auto read = [&](const JsonArray &list, const QString &at, bool inherited) {
        QList<Row> rows;
        for (size_t i = 0; i < list.size(); ++i) {
            const auto [resolved, pointer] = doc->resolveLocal(list[i], core::jsonpointer::append(at, qsizetype(i)));
            rows.append({inherited, int(i), list[i][u"$ref"].toString(), pointer, *resolved});
        }
        return rows;
    };
    const QList<Row> own = read(item[m_operation.method][u"parameters"].toArray(), listPointer(), false);
    // A path-level parameter that the operation redefines (same name and location) is overridden: OpenAPI
    // uses the operation's, so only that one is listed.
    for (const Row &shared : read(item[u"parameters"].toArray(), m_operation.pathItemPointer() + u"/parameters"_s, true)) {
        const bool overridden = std::any_of(own.begin(), own.end(), [&](const Row &r) {
            return r.value[u"name"].toString() == shared.value[u"name"].toString()
                && r.value[u"in"].toString() == shared.value[u"in"].toString();
        });
        if (!overridden)
            out.append(shared);
    }
    out.append(own);
    return out;
}

void ParametersTableModel::refresh()
{
    QList<Row> rows = readRows();
    // A row keeps its place while its fields change (an editor open on it survives); only a different set of
    // rows resets the table.
    bool sameShape = rows.size() == m_rows.size();
    for (qsizetype i = 0; sameShape && i < rows.size(); ++i)
        sameShape = rows[i].inherited == m_rows[i].inherited && rows[i].index == m_rows[i].index;
    replaceRows(m_rows, std::move(rows), sameShape);
}

bool ParametersTableModel::isEditableRow(int row) const
{
    return row >= 0 && row < m_rows.size() && !m_rows[row].inherited && m_rows[row].ref.isEmpty();
}

int ParametersTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ParametersTableModel::data(const QModelIndex &index, int role) const
{
    if (!isValidCell(index))
        return {};
    const Row &r = m_rows[index.row()];
    const Json &p = r.value;
    switch (role) {
    case PointerRole:
        return r.pointer;
    case InheritedRole:
        return r.inherited;
    case RefRole:
        return r.ref;
    case Qt::ForegroundRole:
        if (!isEditableRow(index.row()))
            return QPalette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::ToolTipRole:
        if (r.inherited)
            return tr("Inherited from the path item %1, shared by all its operations: it is edited on the path, "
                      "or overridden here by a parameter with the same name and location.").arg(m_operation.path);
        if (!r.ref.isEmpty())
            return tr("Shared parameter %1: edit it in components, or duplicate it to make an inline copy.").arg(r.ref);
        if (index.column() == Description)
            return p[u"description"].toString();
        return {};
    default:
        break;
    }
    const bool text = role == Qt::DisplayRole || role == Qt::EditRole;
    const QString in = p[u"in"].toString();
    switch (index.column()) {
    case In:
        if (text)
            return in;
        break;
    case Name:
        if (text)
            return p[u"name"].toString();
        break;
    case Type:
        if (text)
            return p[u"schema"].isObject() || !p[u"content"].isObject() ? fieldschema::typeLabel(p[u"schema"]) : u"content"_s;
        break;
    case Required:
        if (role == Qt::CheckStateRole)
            return in == u"path" || p[u"required"].toBool() ? Qt::Checked : Qt::Unchecked;
        break;
    case Description:
        if (text)
            return p[u"description"].toString();
        break;
    case Example:
        if (text && p.toObject().contains(u"example"))
            return exampleText(p[u"example"]);
        break;
    default:
        break;
    }
    return {};
}

QVariant ParametersTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (section < 0 || section >= m_rows.size())
            return {};
        const Row &r = m_rows[section];
        if (role == Qt::DisplayRole)
            return r.inherited ? tr("path") : (!r.ref.isEmpty() ? tr("$ref") : QString::number(r.index + 1));
        if (role == Qt::ToolTipRole && r.inherited)
            return tr("Inherited from the path item");
        return {};
    }
    return DocumentTableModel::headerData(section, orientation, role);
}

Qt::ItemFlags ParametersTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsSelectable | Qt::ItemIsEnabled;
    if (!isEditableRow(index.row()))
        return f;
    if (index.column() == Required)
        return m_rows[index.row()].value[u"in"].toString() == u"path" ? f : f | Qt::ItemIsUserCheckable;
    return f | Qt::ItemIsEditable;
}

QString ParametersTableModel::describe(int row) const
{
    const Json &p = m_rows[row].value;
    return tr("%1 parameter %2 of %3").arg(p[u"in"].toString(), p[u"name"].toString(), m_operation.label());
}

bool ParametersTableModel::writeRow(int row, const Json &value, const QString &text)
{
    if (value.identical(m_rows[row].value))
        return false;
    m_session->setValue(m_rows[row].pointer, value, text);
    return true;
}

bool ParametersTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!isValidCell(index) || !isEditableRow(index.row()))
        return false;
    const int row = index.row();
    const Json &p = m_rows[row].value;
    const QString what = describe(row);
    if (index.column() == Required) {
        if (role != Qt::CheckStateRole || p[u"in"].toString() == u"path")
            return false;
        const bool required = value.toInt() == Qt::Checked;
        return writeRow(row, withMember(p, u"required"_s, required ? std::optional(Json(true)) : std::nullopt),
                        required ? tr("Make %1 required").arg(what) : tr("Make %1 optional").arg(what));
    }
    if (role != Qt::EditRole)
        return false;
    const QString text = value.toString();
    switch (index.column()) {
    case In: {
        const QString in = text.trimmed();
        if (!locations().contains(in) || in == p[u"in"].toString())
            return false;
        if (uniqueName(p[u"name"].toString(), in) != p[u"name"].toString())
            return false; // that location already has a parameter with this name
        Json changed = withMember(p, u"in"_s, Json(in));
        // Path parameters are always required (OpenAPI says so); one moved out of the path was required only
        // because of that, so it becomes optional.
        if (in == u"path")
            changed = withMember(changed, u"required"_s, Json(true));
        else if (p[u"in"].toString() == u"path")
            changed = withMember(changed, u"required"_s, std::nullopt);
        return writeRow(row, changed, tr("Move %1 to %2").arg(what, in));
    }
    case Name: {
        const QString name = text.trimmed();
        if (name.isEmpty() || name == p[u"name"].toString() || uniqueName(name, p[u"in"].toString()) != name)
            return false;
        return writeRow(row, withMember(p, u"name"_s, Json(name)), tr("Rename %1 to %2").arg(what, name));
    }
    case Type: {
        const QString label = text.trimmed();
        if (label.isEmpty())
            return false;
        Json changed = withMember(p, u"schema"_s, fieldschema::withType(p[u"schema"], label));
        changed = withMember(changed, u"content"_s, std::nullopt); // schema and content are exclusive
        return writeRow(row, changed, tr("Change type of %1 to %2").arg(what, label));
    }
    case Description:
        return writeRow(row, withMember(p, u"description"_s, text.isEmpty() ? std::nullopt : std::optional(Json(text))),
                        text.isEmpty() ? tr("Clear description of %1").arg(what) : tr("Describe %1").arg(what));
    case Example:
        return writeRow(row,
                        withMember(p, u"example"_s,
                                   text.isEmpty() ? std::nullopt : std::optional(exampleFromText(text, p[u"schema"]))),
                        text.isEmpty() ? tr("Clear example of %1").arg(what) : tr("Set example of %1").arg(what));
    default:
        return false;
    }
}

QString ParametersTableModel::uniqueName(const QString &base, const QString &in) const
{
    auto taken = [&](const QString &name) {
        return std::any_of(m_rows.begin(), m_rows.end(), [&](const Row &r) {
            return !r.inherited && r.value[u"name"].toString() == name && r.value[u"in"].toString() == in;
        });
    };
    if (!taken(base))
        return base;
    for (int i = 2;; ++i) {
        if (!taken(base + QString::number(i)))
            return base + QString::number(i);
    }
}

int ParametersTableModel::addParameter(const QString &in)
{
    if (m_operation.isEmpty() || !locations().contains(in))
        return -1;
    const QString name = uniqueName(u"param"_s, in);
    JsonObject p{{u"name"_s, Json(name)}, {u"in"_s, Json(in)}};
    if (in == u"path")
        p.insert(u"required"_s, Json(true));
    p.insert(u"schema"_s, Json(JsonObject{{u"type"_s, Json(u"string"_s)}}));
    JsonArray list = m_session->document()->value(listPointer()).toArray();
    list.emplace_back(std::move(p));
    m_session->setValue(listPointer(), Json(list), tr("Add %1 parameter %2 to %3").arg(in, name, m_operation.label()));
    return int(m_rows.size()) - 1;
}

int ParametersTableModel::duplicateParameter(int row)
{
    if (row < 0 || row >= m_rows.size())
        return -1;
    Json copy = m_rows[row].value;
    const QString in = copy[u"in"].toString();
    const QString name = uniqueName(copy[u"name"].toString() + u"_copy"_s, in);
    copy.object().insert(u"name"_s, Json(name));
    JsonArray list = m_session->document()->value(listPointer()).toArray();
    list.push_back(copy);
    m_session->setValue(listPointer(), Json(list), tr("Duplicate %1 as %2").arg(describe(row), name));
    return int(m_rows.size()) - 1;
}

bool ParametersTableModel::removeParameter(int row)
{
    if (row < 0 || row >= m_rows.size() || m_rows[row].inherited)
        return false;
    JsonArray list = m_session->document()->value(listPointer()).toArray();
    const int at = m_rows[row].index;
    if (at < 0 || at >= int(list.size()))
        return false;
    const QString text = tr("Remove %1").arg(describe(row));
    list.erase(list.begin() + at);
    // No empty `parameters: []` left behind.
    if (list.empty())
        m_session->removeValue(listPointer(), text);
    else
        m_session->setValue(listPointer(), Json(list), text);
    return true;
}

} // namespace portico::ui
