#pragma once

#include <QWidget>

class QTabWidget;
class QTableView;

namespace portico::ui {

class CollectionModel;
class ProjectSession;
class RawValueEditor;

// The editor of the document's `tags`: a table (name, description, external docs URL) with add, remove and
// reorder, and the list raw. Renaming a tag renames it in every operation too, as one undo step.
class TagsEditor final : public QWidget
{
    Q_OBJECT

public:
    explicit TagsEditor(ProjectSession *session, QWidget *parent = nullptr);

    // Reads the document again; selects `row` (the tag picked in the tree), or keeps the selection.
    void showTag(int row = -1);
    int currentTag() const;

    CollectionModel *tagsModel() const { return m_tags; }
    QTableView *table() const { return m_table; }
    RawValueEditor *rawEditor() const { return m_raw; }
    QTabWidget *tabs() const { return m_tabs; }

    void addTag();
    void removeTag();
    void moveTag(int delta);
    // Renames the tag in `tags` and in every operation's `tags`; false if `to` is empty or taken.
    bool renameTag(int row, const QString &to);

private:
    void selectRow(int row);
    ProjectSession *m_session;
    CollectionModel *m_tags;
    QTabWidget *m_tabs;
    QTableView *m_table;
    RawValueEditor *m_raw;
    int m_current = -1;
};

} // namespace portico::ui
