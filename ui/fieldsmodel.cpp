#include "fieldsmodel.h"

#include "fieldschema.h"
#include "projectsession.h"

#include "core/jsonparser.h"
#include "core/jsonpointer.h"
#include "core/jsonwriter.h"

#include <QMimeData>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;

namespace {

const auto kMime = u"application/x-portico-field-row"_s;

// Default values are typed as JSON; anything that does not parse is taken as a string, which is what a
// user typing `pending` into a string field means.
Json parseLoose(const QString &text)
{
    core::JsonParser parser;
    auto parsed = parser.parse(text.trimmed().toUtf8());
    return parsed.ok() ? parsed.value() : Json(text);
}

} // namespace

FieldsModel::FieldsModel(ProjectSession *session, QObject *parent) : QAbstractTableModel(parent), m_session(session)
{
    auto *doc = session->document();
    connect(doc, &core::ApiDocument::documentReset, this, &FieldsModel::refresh);
    connect(doc, &core::ApiDocument::valueChanged, this, [this](const QString &pointer) {
        const QString mine = core::ApiDocument::modelPointer(m_model);
        if (!m_model.isEmpty() && (pointer.startsWith(mine) || mine.startsWith(pointer)))
            refresh();
    });
}

void FieldsModel::setModelName(const QString &model)
{
    beginResetModel();
    m_model = model;
    m_fields = model.isEmpty() ? QList<core::ModelField>() : m_session->document()->fields(model);
    endResetModel();
}

void FieldsModel::refresh()
{
    const auto fields = m_model.isEmpty() ? QList<core::ModelField>() : m_session->document()->fields(m_model);
    // Rows are positions: a rename or a move keeps the row count and is a data change (an editor open on the
    // row survives it); only adding or removing a field resets.
    if (fields.size() != m_fields.size()) {
        beginResetModel();
        m_fields = fields;
        endResetModel();
        return;
    }
    m_fields = fields;
    if (!m_fields.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QString FieldsModel::fieldPointer(int row) const
{
    if (row < 0 || row >= m_fields.size())
        return {};
    return core::ApiDocument::modelPointer(m_model) + u"/properties/"_s + core::jsonpointer::escape(m_fields[row].name);
}

int FieldsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_fields.size());
}

int FieldsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FieldsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const core::ModelField &f = m_fields[index.row()];
    if (role == PointerRole)
        return fieldPointer(index.row());
    if (role == SchemaRole)
        return QString::fromUtf8(core::toJson(f.schema));
    const bool text = role == Qt::DisplayRole || role == Qt::EditRole;
    switch (index.column()) {
    case Name:
        if (text)
            return f.name;
        break;
    case Type:
        if (text)
            return fieldschema::typeLabel(f.schema);
        break;
    case Format:
        if (text)
            return f.schema[u"format"].toString();
        break;
    case Required:
        if (role == Qt::CheckStateRole)
            return f.required ? Qt::Checked : Qt::Unchecked;
        break;
    case Nullable:
        if (role == Qt::CheckStateRole)
            return fieldschema::isNullable(f.schema) ? Qt::Checked : Qt::Unchecked;
        break;
    case Default:
        if (text && f.defaultValue)
            return QString::fromUtf8(core::toJson(*f.defaultValue));
        break;
    case Description:
        if (text)
            return f.description;
        if (role == Qt::ToolTipRole && !f.description.isEmpty())
            return f.description;
        break;
    default:
        break;
    }
    return {};
}

QVariant FieldsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    switch (section) {
    case Name: return tr("Name");
    case Type: return tr("Type");
    case Format: return tr("Format");
    case Required: return tr("Required");
    case Nullable: return tr("Nullable");
    case Default: return tr("Default");
    case Description: return tr("Description");
    default: return {};
    }
}

Qt::ItemFlags FieldsModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    Qt::ItemFlags f = Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsDragEnabled;
    if (index.column() == Required || index.column() == Nullable)
        return f | Qt::ItemIsUserCheckable;
    return f | Qt::ItemIsEditable;
}

bool FieldsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const core::ModelField field = m_fields[index.row()];
    const QString pointer = fieldPointer(index.row());
    const QString where = m_model + u'.' + field.name;
    core::ApiDocument *doc = m_session->document();
    switch (index.column()) {
    case Name: {
        const QString to = value.toString().trimmed();
        if (role != Qt::EditRole || to.isEmpty() || to == field.name)
            return false;
        if (std::any_of(m_fields.begin(), m_fields.end(), [&](const core::ModelField &f) { return f.name == to; }))
            return false;
        return m_session->edit(tr("Rename field %1 to %2").arg(where, to),
                               [&](core::ApiDocument &d) { return d.renameField(m_model, field.name, to); });
    }
    case Type:
        if (role != Qt::EditRole)
            return false;
        m_session->setValue(pointer, fieldschema::withType(field.schema, value.toString().trimmed()),
                            tr("Change type of %1 to %2").arg(where, value.toString()));
        return true;
    case Format: {
        if (role != Qt::EditRole)
            return false;
        const QString format = value.toString().trimmed();
        if (format.isEmpty())
            m_session->removeValue(pointer + u"/format"_s, tr("Clear format of %1").arg(where));
        else
            m_session->setValue(pointer + u"/format"_s, Json(format), tr("Set format of %1 to %2").arg(where, format));
        return true;
    }
    case Required: {
        if (role != Qt::CheckStateRole)
            return false;
        const bool required = value.toInt() == Qt::Checked;
        return m_session->edit(required ? tr("Make %1 required").arg(where) : tr("Make %1 optional").arg(where),
                               [&](core::ApiDocument &d) {
                                   core::ModelField f = field;
                                   f.required = required;
                                   d.setField(m_model, f);
                                   return true;
                               });
    }
    case Nullable: {
        if (role != Qt::CheckStateRole)
            return false;
        const bool nullable = value.toInt() == Qt::Checked;
        m_session->setValue(pointer, fieldschema::withNullable(field.schema, nullable),
                            nullable ? tr("Make %1 nullable").arg(where) : tr("Make %1 non-nullable").arg(where));
        return true;
    }
    case Default: {
        if (role != Qt::EditRole)
            return false;
        const QString text = value.toString();
        if (text.trimmed().isEmpty())
            m_session->removeValue(pointer + u"/default"_s, tr("Clear default of %1").arg(where));
        else
            m_session->setValue(pointer + u"/default"_s, parseLoose(text), tr("Set default of %1").arg(where));
        return true;
    }
    case Description: {
        if (role != Qt::EditRole)
            return false;
        const QString text = value.toString();
        if (text.isEmpty())
            m_session->removeValue(pointer + u"/description"_s, tr("Clear description of %1").arg(where));
        else
            m_session->setValue(pointer + u"/description"_s, Json(text), tr("Describe %1").arg(where));
        return true;
    }
    default:
        break;
    }
    Q_UNUSED(doc);
    return false;
}

bool FieldsModel::moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                           const QModelIndex &destinationParent, int destinationChild)
{
    if (sourceParent.isValid() || destinationParent.isValid() || count != 1 || sourceRow < 0
        || sourceRow >= m_fields.size() || destinationChild < 0 || destinationChild > m_fields.size())
        return false;
    // Qt counts the destination before the move; ApiDocument wants the final position.
    const int to = destinationChild > sourceRow ? destinationChild - 1 : destinationChild;
    if (to == sourceRow)
        return false;
    const QString name = m_fields[sourceRow].name;
    return m_session->edit(tr("Move field %1.%2").arg(m_model, name),
                           [&](core::ApiDocument &d) { return d.moveField(m_model, sourceRow, to); });
}

QStringList FieldsModel::mimeTypes() const
{
    return {kMime};
}

QMimeData *FieldsModel::mimeData(const QModelIndexList &indexes) const
{
    if (indexes.isEmpty())
        return nullptr;
    auto *data = new QMimeData;
    data->setData(kMime, QByteArray::number(indexes.first().row()));
    return data;
}

bool FieldsModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int, const QModelIndex &parent)
{
    if (action != Qt::MoveAction || !data->hasFormat(kMime))
        return false;
    const int source = data->data(kMime).toInt();
    int target = row >= 0 ? row : (parent.isValid() ? parent.row() : rowCount());
    moveRows({}, source, 1, {}, target);
    // The move is done; returning false keeps the view from also removing the source row.
    return false;
}

QString FieldsModel::uniqueName(const QString &base) const
{
    auto taken = [&](const QString &n) {
        return std::any_of(m_fields.begin(), m_fields.end(), [&](const core::ModelField &f) { return f.name == n; });
    };
    if (!taken(base))
        return base;
    for (int i = 2;; ++i) {
        if (!taken(base + QString::number(i)))
            return base + QString::number(i);
    }
}

int FieldsModel::addField(int afterRow)
{
    if (m_model.isEmpty())
        return -1;
    const QString name = uniqueName(u"field"_s);
    const int position = afterRow < 0 ? int(m_fields.size()) : afterRow + 1;
    m_session->edit(tr("Add field %1.%2").arg(m_model, name), [&](core::ApiDocument &d) {
        core::ModelField f;
        f.name = name;
        f.schema = Json(core::JsonObject{{u"type"_s, Json(u"string"_s)}});
        d.setField(m_model, f);
        const auto count = d.fields(m_model).size();
        if (position < count - 1)
            d.moveField(m_model, count - 1, position);
        return true;
    });
    return position;
}

int FieldsModel::duplicateField(int row)
{
    if (row < 0 || row >= m_fields.size())
        return -1;
    core::ModelField copy = m_fields[row];
    copy.name = uniqueName(copy.name + u"_copy"_s);
    m_session->edit(tr("Duplicate field %1.%2").arg(m_model, m_fields[row].name), [&](core::ApiDocument &d) {
        d.setField(m_model, copy);
        const auto count = d.fields(m_model).size();
        d.moveField(m_model, count - 1, row + 1);
        return true;
    });
    return row + 1;
}

bool FieldsModel::removeField(int row)
{
    if (row < 0 || row >= m_fields.size())
        return false;
    const QString name = m_fields[row].name;
    return m_session->edit(tr("Remove field %1.%2").arg(m_model, name),
                           [&](core::ApiDocument &d) { return d.removeField(m_model, name); });
}

} // namespace portico::ui
