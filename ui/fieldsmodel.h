#pragma once

#include "core/apidocument.h"

#include <QAbstractTableModel>

namespace portico::ui {

class ProjectSession;

// The fields of one model as an ordered, editable table (the model editor's main view). Edits go through the
// session as undoable commands; the table follows the document, whoever changed it.
class FieldsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Name, Type, Format, Required, Nullable, Default, Description, ColumnCount };
    enum Role { PointerRole = Qt::UserRole + 1, SchemaRole };

    explicit FieldsModel(ProjectSession *session, QObject *parent = nullptr);

    void setModelName(const QString &model);
    const QString &modelName() const { return m_model; }
    QString fieldPointer(int row) const;
    const QList<core::ModelField> &fields() const { return m_fields; }

    // Adds a field named like "field", "field2", ... after `afterRow` (-1: at the end); returns its row.
    int addField(int afterRow = -1);
    int duplicateField(int row);
    bool removeField(int row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    bool moveRows(const QModelIndex &sourceParent, int sourceRow, int count, const QModelIndex &destinationParent,
                  int destinationChild) override;

    Qt::DropActions supportedDropActions() const override { return Qt::MoveAction; }
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

private:
    void refresh();
    QString uniqueName(const QString &base) const;

    ProjectSession *m_session;
    QString m_model;
    QList<core::ModelField> m_fields;
};

} // namespace portico::ui
