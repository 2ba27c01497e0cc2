#pragma once

#include <QAbstractItemModel>

#include <vector>

namespace portico::core {
class ApiDocument;
}

namespace portico::ui {

// The docs view's table of contents: one group per tag (declared tags first, in their order, then tags only
// operations use, then untagged operations), each listing its operations with a coloured method badge. An
// operation with several tags is listed under each, as API docs usually do. Reads only the few fields it
// shows straight from the JSON, so a 500-operation document refreshes in well under a frame.
class DocsEndpointModel final : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Role
    {
        PathRole = Qt::UserRole + 1,
        MethodRole,
        PointerRole,
        TagRole,
        DeprecatedRole,
        IsEndpointRole,
        SearchRole
    };

    explicit DocsEndpointModel(const core::ApiDocument *document, QObject *parent = nullptr);

    // Re-reads the document: one reset when groups or operations changed, dataChanged when only labels did.
    void refresh();

    // The first row for this operation (under `tag` when it is listed there), or an invalid index.
    QModelIndex indexOf(const QString &path, const QString &method, const QString &tag = {}) const;
    int endpointCount() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    struct Entry
    {
        QString path;
        QString method;
        QString summary;
        QString operationId;
        QString description;
        bool deprecated = false;
    };
    struct Group
    {
        QString tag; // empty: untagged
        QString description;
        std::vector<Entry> entries;
    };
    // Groups are identified by their row; an endpoint's internal id is its group's row + 1.
    std::vector<Group> m_groups;

    const core::ApiDocument *m_document;
};

} // namespace portico::ui
