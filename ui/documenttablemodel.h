#pragma once

#include <QAbstractTableModel>
#include <QStringList>

#include <iterator>
#include <utility>

namespace portico::ui {

// What the editable tables over the document share: titled columns, rows numbered down the side, and how
// they take rows read again after a change (see replaceRows). Subclasses hold the rows and read them.
class DocumentTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    int columnCount(const QModelIndex &parent = {}) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // Every cell selectable and editable; subclasses take away what is read-only.
    Qt::ItemFlags flags(const QModelIndex &index) const override;

protected:
    DocumentTableModel(QStringList columnTitles, QObject *parent);

    // A cell of this table (valid, top level): what data() and setData() check first.
    bool isValidCell(const QModelIndex &index) const;

    // Shows `read` instead of `shown`. The same rows (`sameRows`: by default, as many) keep their places and
    // only report their cells changed, so that an editor open on a cell survives an edit made elsewhere;
    // different rows reset the table.
    template <typename Rows>
    void replaceRows(Rows &shown, Rows read, bool sameRows)
    {
        if (!sameRows) {
            beginResetModel();
            shown = std::move(read);
            endResetModel();
            return;
        }
        shown = std::move(read);
        if (rowCount() > 0)
            emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    }
    template <typename Rows>
    void replaceRows(Rows &shown, Rows read)
    {
        const bool sameRows = std::size(read) == std::size(shown);
        replaceRows(shown, std::move(read), sameRows);
    }

private:
    QStringList m_titles;
};

} // namespace portico::ui
