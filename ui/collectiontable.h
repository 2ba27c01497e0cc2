#pragma once

#include <QTableView>

#include <functional>

class QToolBar;

namespace portico::core {
class Json;
}

namespace portico::ui {

class CollectionModel;

// How the form editors' tables behave: whole rows selected one at a time, a cell opened by double click or
// by typing, the last column stretched, no row numbers.
void setUpEditableTable(QTableView *table);

// The table of a list the user works through entry by entry (servers, tags): one entry stays current
// through the model's resets (an entry added or removed here, in the raw view or by undo), and adding,
// removing or moving an entry leaves the one it touched current.
class CollectionTable final : public QTableView
{
    Q_OBJECT

public:
    CollectionTable(CollectionModel *model, QWidget *parent);

    int currentEntry() const; // -1 when the list is empty
    // Makes `row` (clamped to the list) current; -1 keeps the current entry.
    void showEntry(int row = -1);

    // Each one undo step of the model. addEntry opens the new entry's first cell for typing.
    int addEntry(const QString &key, const core::Json &value);
    bool removeCurrentEntry();
    bool moveCurrentEntry(int delta);

    // The list's tool bar: `addText` runs `add`; Remove, Move up and Move down act on the current entry. The
    // actions are named add<Noun>, remove<Noun>, move<Noun>Up and move<Noun>Down ("addServer").
    QToolBar *createToolBar(const QString &addText, const QString &noun, const std::function<void()> &add,
                            QWidget *parent);

signals:
    // The current entry was set again (it may be the same row, or none): for panes that show its details.
    void entryShown();

private:
    CollectionModel *m_model;
    int m_current = -1;
};

} // namespace portico::ui
