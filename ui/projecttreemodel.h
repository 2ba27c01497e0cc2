#pragma once

#include <QAbstractItemModel>
#include <QColor>

#include <memory>
#include <vector>

namespace portico::core {
class ApiDocument;
}

namespace portico::ui {

// The project tree: Info, Servers, Tags, Models (grouped by name prefix when there are many), Endpoints (grouped by first tag, then path, with coloured
// method badges) and Security schemes. Follows the document's signals; the tree is rebuilt with one reset
// only when its shape or labels change, so typing in an editor does not collapse it.
class ProjectTreeModel final : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum class Kind { Section, Info, Server, Tag, Model, TagGroup, PathGroup, Endpoint, SecurityScheme, ModelGroup };
    // From this many models on, models named with a dotted or slashed prefix (Kubernetes'
    // io.k8s.api.core.v1.Pod) are grouped under it.
    static constexpr int kGroupModelsFrom = 100;
    enum Role { PointerRole = Qt::UserRole + 1, KindRole, NameRole, MethodRole, PathRole, SearchRole };

    explicit ProjectTreeModel(core::ApiDocument *document, QObject *parent = nullptr);
    ~ProjectTreeModel() override;

    static QColor methodColor(const QString &method);
    static bool shapesTree(QStringView pointer);
    // The deepest item whose pointer is `pointer` or one of its ancestors (for jumping to a problem).
    QModelIndex indexForPointer(const QString &pointer) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    struct Node;

private:
    void rebuild();
    void addModels(Node *section, const QStringList &names);
    QModelIndex indexOf(const Node *node) const;

    core::ApiDocument *m_document;
    std::unique_ptr<Node> m_root;
    QStringList m_signature;
};

} // namespace portico::ui
