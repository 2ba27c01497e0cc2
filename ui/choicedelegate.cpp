#include "choicedelegate.h"

#include <QComboBox>

namespace portico::ui {

ChoiceDelegate::ChoiceDelegate(Choices choices, bool editable, QObject *parent)
    : QStyledItemDelegate(parent), m_choices(std::move(choices)), m_editable(editable)
{
}

QWidget *ChoiceDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &index) const
{
    auto *combo = new QComboBox(parent);
    combo->setEditable(m_editable);
    combo->addItems(m_choices(index));
    if (!m_editable) {
        // createEditor is const, but committing is what the delegate's own (non-const) signals are for.
        auto *self = const_cast<ChoiceDelegate *>(this);
        connect(combo, &QComboBox::activated, self, [self, combo] {
            emit self->commitData(combo);
            emit self->closeEditor(combo);
        });
    }
    return combo;
}

void ChoiceDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    auto *combo = static_cast<QComboBox *>(editor);
    const QString current = index.data(Qt::EditRole).toString();
    const int at = combo->findText(current);
    if (at >= 0)
        combo->setCurrentIndex(at);
    else if (m_editable)
        combo->setCurrentText(current);
}

void ChoiceDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    model->setData(index, static_cast<QComboBox *>(editor)->currentText(), Qt::EditRole);
}

} // namespace portico::ui
