#pragma once

#include <QHash>
#include <QWidget>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace portico::core {
class ApiDocument;
}

namespace portico::ui {

struct SchemaRow;

// The reference page of one operation: method and path, deprecated marker, summary, description (Markdown),
// operationId and auth; then one tree with the parameters by location, the request body per media type and
// each response with its headers and body, every schema as a readable type tree (SchemaDescriber).
// Re-rendering the same operation keeps what the reader expanded and where they scrolled to.
class EndpointDocs final : public QWidget
{
    Q_OBJECT

public:
    enum Column
    {
        Name,
        Type,
        Required,
        Constraints,
        Description,
        ColumnCount
    };

    explicit EndpointDocs(QWidget *parent = nullptr);

    // Renders an operation of the document; false (and an empty page) when it does not exist.
    bool showEndpoint(const core::ApiDocument &document, const QString &path, const QString &method);
    void clear();

    QTreeWidget *tree() const { return m_tree; }
    QLabel *titleLabel() const { return m_title; }
    QLabel *deprecatedLabel() const { return m_deprecated; }
    QLabel *summaryLabel() const { return m_summary; }
    QLabel *descriptionLabel() const { return m_description; }
    QLabel *detailsLabel() const { return m_details; }
    // The top-level item with this title ("Parameters", "Request body", "Responses"), or nullptr.
    QTreeWidgetItem *section(const QString &title) const;

private:
    QTreeWidgetItem *addSection(const QString &title);
    QTreeWidgetItem *addHeading(QTreeWidgetItem *parent, const QString &title);
    QTreeWidgetItem *addRow(QTreeWidgetItem *parent, const SchemaRow &row);
    QHash<QString, bool> expansionState() const;
    void applyExpansion(const QHash<QString, bool> &previous);

    QLabel *m_title;
    QLabel *m_deprecated;
    QLabel *m_summary;
    QLabel *m_description;
    QLabel *m_details;
    QTreeWidget *m_tree;
    QString m_shownPointer;
};

} // namespace portico::ui
