#include "collectionmodel.h"

#include "formedits.h"
#include "projectsession.h"

#include "core/jsonpointer.h"

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;
using core::JsonArray;

CollectionModel::CollectionModel(ProjectSession *session, Shape shape, QList<Column> columns, const QString &noun,
                                 QObject *parent)
    : QAbstractTableModel(parent), m_session(session), m_shape(shape), m_columns(std::move(columns)), m_noun(noun)
{
    auto *doc = session->document();
    connect(doc, &core::ApiDocument::documentReset, this, &CollectionModel::refresh);
    connect(doc, &core::ApiDocument::valueChanged, this, [this](const QString &pointer) {
        if (!m_pointer.isEmpty() && (pointer.startsWith(m_pointer) || m_pointer.startsWith(pointer)))
            refresh();
    });
}

void CollectionModel::setPointer(const QString &pointer)
{
    beginResetModel();
    m_pointer = pointer;
    m_entries = read();
    endResetModel();
}

QList<CollectionModel::Entry> CollectionModel::read() const
{
    QList<Entry> out;
    if (m_pointer.isEmpty())
        return out;
    const Json &collection = m_session->document()->value(m_pointer);
    if (m_shape == Shape::Array) {
        for (const Json &v : collection.toArray())
            out.append({QString(), v});
    } else {
        for (const auto &[key, v] : collection.toObject())
            out.append({key, v});
    }
    return out;
}

void CollectionModel::refresh()
{
    QList<Entry> entries = read();
    // Rows are positions: an edit, a rename or a move keeps the row count and is a data change (an editor
    // open on a cell survives it); only adding or removing an entry resets.
    if (entries.size() != m_entries.size()) {
        beginResetModel();
        m_entries = std::move(entries);
        endResetModel();
        return;
    }
    m_entries = std::move(entries);
    if (!m_entries.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

QString CollectionModel::entryPointer(int row) const
{
    if (row < 0 || row >= m_entries.size())
        return {};
    return m_shape == Shape::Array ? core::jsonpointer::append(m_pointer, qsizetype(row))
                                   : core::jsonpointer::append(m_pointer, m_entries[row].key);
}

QString CollectionModel::entryName(int row) const
{
    if (row < 0 || row >= m_entries.size())
        return {};
    if (m_shape == Shape::Map)
        return m_entries[row].key;
    return text(m_entries[row], m_columns.first());
}

QString CollectionModel::text(const Entry &entry, const Column &column) const
{
    if (column.kind == ColumnKind::Key)
        return entry.key;
    const Json *value = core::jsonpointer::resolve(entry.value, column.member);
    if (!value)
        return {};
    if (column.kind == ColumnKind::List) {
        QStringList items;
        for (const Json &item : value->toArray())
            items.append(item.isString() ? item.toString() : QString());
        return items.join(u", "_s);
    }
    return value->toString();
}

int CollectionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int CollectionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant CollectionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return text(m_entries[index.row()], m_columns[index.column()]);
    case PointerRole:
        return entryPointer(index.row());
    default:
        return {};
    }
}

Qt::ItemFlags CollectionModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable;
}

QVariant CollectionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < m_columns.size())
        return m_columns[section].header;
    return QAbstractTableModel::headerData(section, orientation, role);
}

void CollectionModel::setColumnEditor(int column, std::function<bool(int, const QString &)> editor)
{
    m_editors.insert(column, std::move(editor));
}

bool CollectionModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const int row = index.row();
    const Column &column = m_columns[index.column()];
    const QString typed = value.toString().trimmed();
    if (typed == text(m_entries[row], column))
        return false;
    if (auto editor = m_editors.constFind(index.column()); editor != m_editors.constEnd())
        return (*editor)(row, typed);
    const QString name = entryName(row);
    const QString field = column.header.toLower();

    switch (column.kind) {
    case ColumnKind::Key:
        if (typed.isEmpty()
            || std::any_of(m_entries.begin(), m_entries.end(), [&](const Entry &e) { return e.key == typed; }))
            return false;
        return replaceCollection(tr("Rename %1 %2 to %3").arg(m_noun, name, typed),
                                 [&](Json &map) { map.object().rename(m_entries[row].key, typed); });
    case ColumnKind::Text:
        formedits::commitText(m_session, entryPointer(row) + column.member, typed,
                              tr("Set %1 of %2 %3").arg(field, m_noun, name), column.keepEmpty, entryPointer(row));
        return true;
    case ColumnKind::List: {
        JsonArray items;
        const auto parts = typed.split(u',', Qt::SkipEmptyParts);
        for (const QString &part : parts) {
            if (!part.trimmed().isEmpty())
                items.emplace_back(part.trimmed());
        }
        if (items.empty())
            formedits::commitText(m_session, entryPointer(row) + column.member, QString(),
                                  tr("Clear %1 of %2 %3").arg(field, m_noun, name), false, entryPointer(row));
        else
            m_session->setValue(entryPointer(row) + column.member, Json(std::move(items)),
                                tr("Set %1 of %2 %3").arg(field, m_noun, name));
        return true;
    }
    }
    return false;
}

bool CollectionModel::replaceCollection(const QString &undoText, const std::function<void(Json &)> &change)
{
    return m_session->edit(undoText, [&](core::ApiDocument &d) {
        Json collection = d.value(m_pointer);
        if (collection.isNull())
            collection = m_shape == Shape::Array ? Json(JsonArray()) : Json(core::JsonObject());
        change(collection);
        return d.setValue(m_pointer, collection);
    });
}

int CollectionModel::addEntry(const QString &key, const Json &value)
{
    if (m_pointer.isEmpty())
        return -1;
    if (m_shape == Shape::Map) {
        if (key.isEmpty() || std::any_of(m_entries.begin(), m_entries.end(), [&](const Entry &e) { return e.key == key; }))
            return -1;
        if (!replaceCollection(tr("Add %1 %2").arg(m_noun, key), [&](Json &map) { map.object().append(key, value); }))
            return -1;
    } else if (!replaceCollection(tr("Add %1").arg(m_noun), [&](Json &array) { array.array().push_back(value); })) {
        return -1;
    }
    return int(m_entries.size()) - 1;
}

bool CollectionModel::removeEntry(int row)
{
    if (row < 0 || row >= m_entries.size())
        return false;
    m_session->removeValue(entryPointer(row), tr("Remove %1 %2").arg(m_noun, entryName(row)));
    return true;
}

bool CollectionModel::moveEntry(int from, int to)
{
    if (from < 0 || to < 0 || from >= m_entries.size() || to >= m_entries.size() || from == to)
        return false;
    return replaceCollection(tr("Move %1 %2 %3").arg(m_noun, entryName(from), to < from ? tr("up") : tr("down")),
                             [&](Json &collection) {
                                 if (m_shape == Shape::Map) {
                                     collection.object().move(from, to);
                                 } else {
                                     JsonArray &a = collection.array();
                                     Json moved = std::move(a[size_t(from)]);
                                     a.erase(a.begin() + from);
                                     a.insert(a.begin() + to, std::move(moved));
                                 }
                             });
}

} // namespace portico::ui
