#include "keylist.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace portico::ui {

KeyList::KeyList(const QString &title, const QStringList &suggestions, QWidget *parent)
    : QWidget(parent), m_list(new QListWidget(this)), m_new(new QComboBox(this)), m_add(new QPushButton(tr("Add"), this)),
      m_remove(new QPushButton(tr("Remove"), this))
{
    m_new->setEditable(true);
    m_new->addItems(suggestions);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(title, this));
    layout->addWidget(m_list, 1);
    auto *addRow = new QHBoxLayout;
    addRow->addWidget(m_new, 1);
    addRow->addWidget(m_add);
    layout->addLayout(addRow);
    layout->addWidget(m_remove);

    connect(m_add, &QPushButton::clicked, this, [this] { emit addRequested(m_new->currentText().trimmed()); });
    connect(m_remove, &QPushButton::clicked, this, [this] { emit removeRequested(currentKey()); });
    connect(m_list, &QListWidget::currentRowChanged, this, [this] {
        updateRemove();
        emit currentKeyChanged();
    });
    updateRemove();
}

QString KeyList::currentKey() const
{
    return m_list->currentItem() ? m_list->currentItem()->text() : QString();
}

void KeyList::selectKey(const QString &key)
{
    const auto found = m_list->findItems(key, Qt::MatchExactly);
    if (!found.isEmpty())
        m_list->setCurrentItem(found.first());
}

void KeyList::setKeys(const QStringList &keys)
{
    QStringList shown;
    for (int i = 0; i < m_list->count(); ++i)
        shown << m_list->item(i)->text();
    if (shown != keys) {
        const QString keep = currentKey();
        m_list->blockSignals(true);
        m_list->clear();
        m_list->addItems(keys);
        const int at = keys.indexOf(keep);
        m_list->setCurrentRow(at >= 0 ? at : (keys.isEmpty() ? -1 : 0));
        m_list->blockSignals(false);
    }
    updateRemove();
}

void KeyList::clear()
{
    m_list->blockSignals(true);
    m_list->clear();
    m_list->blockSignals(false);
    updateRemove();
}

void KeyList::updateRemove()
{
    m_remove->setEnabled(!currentKey().isEmpty());
}

} // namespace portico::ui
