#include "docsendpointmodel.h"

#include "methodbadge.h"

#include "core/apidocument.h"

#include <QFont>
#include <QHash>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;

DocsEndpointModel::DocsEndpointModel(const core::ApiDocument *document, QObject *parent)
    : QAbstractItemModel(parent)
    , m_document(document)
{
    refresh();
}

void DocsEndpointModel::refresh()
{
    const Json &root = m_document->root();
    std::vector<Group> groups;
    QHash<QString, size_t> groupOf;
    auto group = [&](const QString &tag) -> Group & {
        auto it = groupOf.constFind(tag);
        if (it == groupOf.constEnd()) {
            it = groupOf.insert(tag, groups.size());
            groups.push_back({tag, {}, {}});
        }
        return groups[*it];
    };
    for (const Json &tag : root[u"tags"].toArray()) {
        if (const QString name = tag[u"name"].toString(); !name.isEmpty())
            group(name).description = tag[u"description"].toString();
    }
    std::vector<Entry> untagged;
    for (const auto &[path, item] : root[u"paths"].toObject()) {
        if (path.startsWith(u"x-"))
            continue;
        for (const auto &[method, operation] : item.toObject()) {
            if (!core::ApiDocument::kMethods.contains(method) || !operation.isObject())
                continue;
            const Entry entry{path,
                              method,
                              operation[u"summary"].toString(),
                              operation[u"operationId"].toString(),
                              operation[u"description"].toString(),
                              operation[u"deprecated"].toBool()};
            const auto &tags = operation[u"tags"].toArray();
            bool listed = false;
            for (const Json &tag : tags) {
                if (tag.toString().isEmpty())
                    continue;
                std::vector<Entry> &entries = group(tag.toString()).entries;
                // A tag listed twice on one operation must not list the operation twice.
                if (std::none_of(entries.begin(), entries.end(),
                                 [&](const Entry &e) { return e.path == path && e.method == method; }))
                    entries.push_back(entry);
                listed = true;
            }
            if (!listed)
                untagged.push_back(entry);
        }
    }
    // Declared tags no operation uses would be empty headings.
    std::erase_if(groups, [](const Group &g) { return g.entries.empty(); });
    if (!untagged.empty())
        groups.push_back({QString(), {}, std::move(untagged)});

    const bool sameShape =
        groups.size() == m_groups.size() &&
        std::equal(groups.begin(), groups.end(), m_groups.begin(), [](const Group &a, const Group &b) {
            return a.tag == b.tag && a.entries.size() == b.entries.size() &&
                   std::equal(a.entries.begin(), a.entries.end(), b.entries.begin(),
                              [](const Entry &x, const Entry &y) { return x.path == y.path && x.method == y.method; });
        });
    if (!sameShape) {
        beginResetModel();
        m_groups = std::move(groups);
        endResetModel();
        return;
    }
    // Same operations in the same places: update labels in place so the view keeps selection and scroll.
    for (size_t g = 0; g < groups.size(); ++g) {
        std::swap(m_groups[g], groups[g]);
        const QModelIndex groupIndex = index(int(g), 0);
        emit dataChanged(groupIndex, groupIndex);
        if (!m_groups[g].entries.empty())
            emit dataChanged(index(0, 0, groupIndex), index(int(m_groups[g].entries.size()) - 1, 0, groupIndex));
    }
}

QModelIndex DocsEndpointModel::indexOf(const QString &path, const QString &method, const QString &tag) const
{
    QModelIndex first;
    for (size_t g = 0; g < m_groups.size(); ++g) {
        const auto &entries = m_groups[g].entries;
        for (size_t e = 0; e < entries.size(); ++e) {
            if (entries[e].path != path || entries[e].method != method)
                continue;
            const QModelIndex found = index(int(e), 0, index(int(g), 0));
            if (m_groups[g].tag == tag)
                return found;
            if (!first.isValid())
                first = found;
        }
    }
    return first;
}

int DocsEndpointModel::endpointCount() const
{
    int count = 0;
    for (const Group &g : m_groups)
        count += int(g.entries.size());
    return count;
}

QModelIndex DocsEndpointModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    return createIndex(row, column, parent.isValid() ? quintptr(parent.row() + 1) : quintptr(0));
}

QModelIndex DocsEndpointModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int DocsEndpointModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.column() > 0 || parent.internalId() != 0)
        return 0;
    return int(m_groups[size_t(parent.row())].entries.size());
}

int DocsEndpointModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QVariant DocsEndpointModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == 0) {
        const Group &g = m_groups[size_t(index.row())];
        switch (role) {
        case Qt::DisplayRole:
            return g.tag.isEmpty() ? tr("(untagged)") : g.tag;
        case Qt::ToolTipRole:
            return g.description.isEmpty() ? QVariant() : QVariant(g.description);
        case Qt::FontRole: {
            QFont f;
            f.setBold(true);
            return f;
        }
        case TagRole:
            return g.tag;
        case IsEndpointRole:
            return false;
        case SearchRole:
            return g.tag;
        default:
            return {};
        }
    }
    const Group &g = m_groups[size_t(index.internalId() - 1)];
    const Entry &e = g.entries[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return e.summary.isEmpty() ? e.path : QString(e.path + u"  "_s + e.summary);
    case Qt::ToolTipRole: {
        QString tip = e.method.toUpper() + u' ' + e.path;
        if (e.deprecated)
            tip += u"\n"_s + tr("Deprecated");
        if (!e.description.isEmpty())
            tip += u"\n\n"_s + e.description;
        return tip;
    }
    case Qt::DecorationRole:
        return methodBadge(e.method);
    case Qt::FontRole:
        if (e.deprecated) {
            QFont f;
            f.setStrikeOut(true);
            return f;
        }
        return {};
    case PathRole:
        return e.path;
    case MethodRole:
        return e.method;
    case PointerRole:
        return core::ApiDocument::operationPointer(e.path, e.method);
    case TagRole:
        return g.tag;
    case DeprecatedRole:
        return e.deprecated;
    case IsEndpointRole:
        return true;
    case SearchRole:
        return QStringList{e.method, e.path, e.summary, e.operationId, g.tag}.join(u' ');
    default:
        return {};
    }
}

} // namespace portico::ui
