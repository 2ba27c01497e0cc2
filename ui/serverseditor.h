#pragma once

#include <QWidget>

class QLabel;
class QTabWidget;
class QTableView;

namespace portico::ui {

class CollectionModel;
class ProjectSession;
class RawValueEditor;

// The editor of the document's `servers`: a table (URL, description) with add, remove and reorder, the
// variables of the selected server below it (name, default, enum, description), and the list raw.
class ServersEditor final : public QWidget
{
    Q_OBJECT

public:
    explicit ServersEditor(ProjectSession *session, QWidget *parent = nullptr);

    // Reads the document again; selects `row` (the server item picked in the tree), or keeps the selection.
    void showServer(int row = -1);
    int currentServer() const;

    CollectionModel *serversModel() const { return m_servers; }
    CollectionModel *variablesModel() const { return m_variables; }
    QTableView *serversTable() const { return m_serversTable; }
    QTableView *variablesTable() const { return m_variablesTable; }
    RawValueEditor *rawEditor() const { return m_raw; }
    QTabWidget *tabs() const { return m_tabs; }

    void addServer();
    void removeServer();
    void moveServer(int delta);
    void addVariable();
    void removeVariable();

private:
    void selectRow(int row);
    void followSelection();

    ProjectSession *m_session;
    CollectionModel *m_servers;
    CollectionModel *m_variables;
    QTabWidget *m_tabs;
    QTableView *m_serversTable;
    QTableView *m_variablesTable;
    QLabel *m_variablesTitle;
    RawValueEditor *m_raw;
    int m_current = -1;
};

} // namespace portico::ui
