#pragma once

#include <QStyledItemDelegate>

#include <functional>

namespace portico::ui {

// A table cell edited with a combo box whose choices are computed when the editor opens (the document's
// models, the operation's statuses), so they are never stale. A fixed list commits as soon as an entry is
// picked; an editable one also takes typed text and commits on Return or focus loss.
class ChoiceDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using Choices = std::function<QStringList(const QModelIndex &)>;
    ChoiceDelegate(Choices choices, bool editable, QObject *parent = nullptr);

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;

private:
    Choices m_choices;
    bool m_editable;
};

} // namespace portico::ui
