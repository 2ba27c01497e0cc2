#pragma once

#include "core/json.h"

#include <QAbstractTableModel>

#include <functional>

namespace portico::ui {

class ProjectSession;

// A table over one collection of the document: a JSON array of objects (servers, tags) or an object whose
// members are named entries (a server's variables, an OAuth flow's scopes). One row per entry, one column
// per member. Every edit goes through the session as one named undo step; the model follows the document,
// so the raw view and undo show up here too.
class CollectionModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Shape { Array, Map };
    enum class ColumnKind {
        Key, // the member name of a map entry; editing renames it in place
        Text, // a string at `member`
        List, // an array of strings at `member`, shown and typed comma-separated
    };
    struct Column
    {
        QString header;
        ColumnKind kind = ColumnKind::Text;
        QString member; // pointer relative to the entry ("/url", "/externalDocs/url"); empty: the entry itself
        bool keepEmpty = false; // a required member is kept as "" rather than removed when cleared
    };
    enum Role { PointerRole = Qt::UserRole + 1 };

    // `noun` names one entry in undo texts ("server", "tag", "variable", "scope").
    CollectionModel(ProjectSession *session, Shape shape, QList<Column> columns, const QString &noun,
                    QObject *parent = nullptr);

    // The collection shown; empty shows nothing. The collection need not exist yet: adding creates it.
    void setPointer(const QString &pointer);
    const QString &pointer() const { return m_pointer; }
    QString entryPointer(int row) const;
    // The map key, or for arrays the first column's text.
    QString entryName(int row) const;

    // Structural edits, each one undo step. addEntry returns the new row (-1 if the key is taken or empty).
    int addEntry(const QString &key, const core::Json &value);
    bool removeEntry(int row);
    bool moveEntry(int from, int to);
    // Replaces the plain edit of one column, e.g. a tag's name, whose rename follows into every operation.
    void setColumnEditor(int column, std::function<bool(int row, const QString &text)> editor);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Entry
    {
        QString key; // maps only
        core::Json value;
    };
    QList<Entry> read() const;
    void refresh();
    QString text(const Entry &entry, const Column &column) const;
    bool replaceCollection(const QString &undoText, const std::function<void(core::Json &)> &change);

    ProjectSession *m_session;
    Shape m_shape;
    QList<Column> m_columns;
    QString m_noun;
    QString m_pointer;
    QList<Entry> m_entries;
    QHash<int, std::function<bool(int, const QString &)>> m_editors;
};

} // namespace portico::ui
