#pragma once

#include "documenttablemodel.h"
#include "operationref.h"

#include "core/json.h"

namespace portico::ui {

class ProjectSession;

// The parameters of one operation as an editable table. The path item's shared parameters come first,
// marked inherited and read-only (they are edited on the path); a `$ref` parameter (#/components/parameters/..)
// is shown resolved and read-only too, since editing it here would change every operation that uses it.
// Every edit is one undo step that rewrites the parameter in the operation's `parameters` array.
class ParametersTableModel final : public DocumentTableModel
{
    Q_OBJECT

public:
    enum Column { In, Name, Type, Required, Description, Example, ColumnCount };
    enum Role {
        PointerRole = Qt::UserRole + 1, // where the (resolved) parameter lives
        InheritedRole, // bool: a path-level parameter
        RefRole, // the $ref text of a shared parameter, empty otherwise
    };

    explicit ParametersTableModel(ProjectSession *session, QObject *parent = nullptr);

    void setOperation(const OperationRef &operation);
    const OperationRef &operation() const { return m_operation; }

    static const QStringList &locations(); // path, query, header, cookie
    // The type picker's choices: scalars, arrays of scalars, and the document's models.
    static QStringList typeChoices(const QStringList &models);

    bool isEditableRow(int row) const;
    // Appends a parameter (named "param", "param2", ...) to the operation; returns its row.
    int addParameter(const QString &in = QStringLiteral("query"));
    // Appends an inline copy of any row (inherited and $ref rows too) under a new name; returns its row.
    int duplicateParameter(int row);
    bool removeParameter(int row);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

private:
    struct Row
    {
        bool inherited = false;
        int index = -1; // in its `parameters` array
        QString ref; // "#/components/parameters/Limit" when shared
        QString pointer; // of the resolved parameter object
        core::Json value; // the resolved parameter object
    };

    void refresh();
    QList<Row> readRows() const;
    QString listPointer() const;
    QString uniqueName(const QString &base, const QString &in) const;
    bool writeRow(int row, const core::Json &value, const QString &text);
    QString describe(int row) const; // "query parameter limit of GET /items"

    ProjectSession *m_session;
    OperationRef m_operation;
    QList<Row> m_rows;
};

} // namespace portico::ui
