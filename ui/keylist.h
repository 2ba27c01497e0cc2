#pragma once

#include <QWidget>

class QComboBox;
class QListWidget;
class QPushButton;

namespace portico::ui {

// The column left of an editor of one JSON object's members (the media types of a `content`, the statuses of
// `responses`): the keys in a list, a box to pick or type a new key with Add, and Remove for the current one.
// The editor does the edits; this only asks for them.
class KeyList final : public QWidget
{
    Q_OBJECT

public:
    KeyList(const QString &title, const QStringList &suggestions, QWidget *parent);

    QListWidget *list() const { return m_list; }
    QComboBox *newKey() const { return m_new; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *removeButton() const { return m_remove; }

    QString currentKey() const; // empty when none
    void selectKey(const QString &key);
    // Shows `keys`: the current key stays current when it is still there, else the first one is. Quietly: no
    // currentKeyChanged, the editor shows the current key itself.
    void setKeys(const QStringList &keys);
    void clear(); // quietly too

signals:
    void addRequested(const QString &key); // the new-key box's text, trimmed
    void removeRequested(const QString &key);
    void currentKeyChanged();

private:
    void updateRemove();

    QListWidget *m_list;
    QComboBox *m_new;
    QPushButton *m_add;
    QPushButton *m_remove;
};

} // namespace portico::ui
