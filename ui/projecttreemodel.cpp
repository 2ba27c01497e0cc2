#include "projecttreemodel.h"

#include "methodbadge.h"

#include "core/apidocument.h"
#include "core/jsonpointer.h"

#include <QFont>
#include <QIcon>
#include <QPainter>
#include <QPixmap>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;

struct ProjectTreeModel::Node
{
    Kind kind = Kind::Section;
    QString label;
    QString pointer;
    QString name; // model / tag / scheme name, or the path of a path group
    QString method;
    QString path;
    Node *parent = nullptr;
    int row = 0; // among the parent's children: views ask for every index's parent, which must not scan
    std::vector<std::unique_ptr<Node>> children;

    Node *add(Kind k, const QString &l, const QString &p)
    {
        auto node = std::make_unique<Node>();
        node->kind = k;
        node->label = l;
        node->pointer = p;
        node->name = l;
        node->parent = this;
        node->row = int(children.size());
        children.push_back(std::move(node));
        return children.back().get();
    }
};

namespace {

// The prefix a model is grouped under: its name up to the last '.' or '/', when that leaves a name.
QStringView modelPrefix(QStringView name)
{
    const qsizetype cut = std::max(name.lastIndexOf(u'.'), name.lastIndexOf(u'/'));
    return cut > 0 && cut + 1 < name.size() ? name.first(cut) : QStringView();
}

} // namespace

// Whether an edit at `pointer` can change the tree's items or labels. A large spec's tree has thousands of
// items, and most edits (a description, a constraint, an example) touch none of them: rebuilding on every
// keystroke held the GUI thread ~300 ms per edit in a 20 MB document.
bool ProjectTreeModel::shapesTree(QStringView pointer)
{
    const auto tokens = core::jsonpointer::split(pointer);
    if (!tokens || tokens->size() <= 1)
        return true; // the root or a whole section
    const QString &section = tokens->at(0);
    if (section == u"servers")
        return tokens->size() <= 2 || tokens->at(2) == u"url";
    if (section == u"tags")
        return tokens->size() <= 2 || tokens->at(2) == u"name";
    if (section == u"components")
        return tokens->size() <= 3 && (tokens->at(1) == u"schemas" || tokens->at(1) == u"securitySchemes");
    if (section == u"paths") {
        if (tokens->size() <= 3)
            return true; // a path, or an operation added, removed or replaced
        static const QStringList labels = {u"summary"_s, u"tags"_s, u"operationId"_s};
        return tokens->size() >= 4 && core::ApiDocument::kMethods.contains(tokens->at(2)) && labels.contains(tokens->at(3));
    }
    return false;
}

// Many models (a large spec has hundreds) are easier to browse by their namespace; prefixes with a single
// model stay flat, as do names without one.
void ProjectTreeModel::addModels(Node *section, const QStringList &names)
{
    QHash<QStringView, int> perPrefix;
    if (names.size() >= kGroupModelsFrom) {
        for (const QString &name : names)
            ++perPrefix[modelPrefix(name)];
    }
    QHash<QStringView, Node *> groups;
    for (const QString &name : names) {
        const QStringView prefix = modelPrefix(name);
        Node *parent = section;
        if (!prefix.isEmpty() && perPrefix.value(prefix) > 1) {
            Node *&group = groups[prefix];
            if (!group) {
                group = section->add(Kind::ModelGroup, prefix.toString(), u"/components/schemas"_s);
                group->name = prefix.toString();
            }
            parent = group;
        }
        Node *model = parent->add(Kind::Model, parent == section ? name : name.sliced(prefix.size() + 1),
                                  core::ApiDocument::modelPointer(name));
        model->name = name;
    }
}

QColor ProjectTreeModel::methodColor(const QString &method)
{
    // Deep enough that the badge's white text has at least 4.5:1 contrast, and the pill still stands out on a
    // dark window: one set of badges serves both palettes.
    static const QHash<QString, QColor> colors = {
        {u"get"_s, QColor(0x1f, 0x6f, 0xc5)},     {u"post"_s, QColor(0x1e, 0x7e, 0x48)},
        {u"put"_s, QColor(0xa6, 0x5f, 0x00)},     {u"patch"_s, QColor(0x12, 0x7a, 0x76)},
        {u"delete"_s, QColor(0xc6, 0x2f, 0x2f)},  {u"head"_s, QColor(0x7d, 0x43, 0xbd)},
        {u"options"_s, QColor(0x4a, 0x5d, 0x78)}, {u"trace"_s, QColor(0x66, 0x66, 0x66)}};
    return colors.value(method.toLower(), QColor(0x66, 0x66, 0x66));
}

ProjectTreeModel::ProjectTreeModel(core::ApiDocument *document, QObject *parent)
    : QAbstractItemModel(parent), m_document(document), m_root(std::make_unique<Node>())
{
    connect(document, &core::ApiDocument::documentReset, this, &ProjectTreeModel::rebuild);
    connect(document, &core::ApiDocument::valueChanged, this, [this](const QString &pointer) {
        if (shapesTree(pointer))
            rebuild();
    });
    rebuild();
}

ProjectTreeModel::~ProjectTreeModel() = default;

void ProjectTreeModel::rebuild()
{
    auto root = std::make_unique<Node>();
    const Json &doc = m_document->root();

    root->add(Kind::Info, tr("Info"), u"/info"_s);

    Node *servers = root->add(Kind::Section, tr("Servers"), u"/servers"_s);
    const auto &serverList = doc[u"servers"].toArray();
    for (size_t i = 0; i < serverList.size(); ++i) {
        const QString url = serverList[i][u"url"].toString();
        servers->add(Kind::Server, url.isEmpty() ? tr("(no url)") : url, u"/servers/"_s + QString::number(i));
    }

    Node *tags = root->add(Kind::Section, tr("Tags"), u"/tags"_s);
    const auto &tagList = doc[u"tags"].toArray();
    for (size_t i = 0; i < tagList.size(); ++i)
        tags->add(Kind::Tag, tagList[i][u"name"].toString(), u"/tags/"_s + QString::number(i));

    const QStringList modelNames = m_document->modelNames();
    Node *models = root->add(Kind::Section, tr("Models"), u"/components/schemas"_s);
    addModels(models, modelNames);
    if (!modelNames.isEmpty())
        models->label = tr("Models (%1)").arg(modelNames.size());

    Node *endpoints = root->add(Kind::Section, tr("Endpoints"), u"/paths"_s);
    QHash<QString, Node *> tagGroups;
    QHash<QString, Node *> pathGroups;
    for (const auto &[path, item] : doc[u"paths"].toObject()) {
        for (const auto &[method, operation] : item.toObject()) {
            if (!core::ApiDocument::kMethods.contains(method))
                continue;
            const auto &opTags = operation[u"tags"].toArray();
            const QString tag = opTags.empty() ? QString() : opTags.front().toString();
            Node *&group = tagGroups[tag];
            if (!group) {
                group = endpoints->add(Kind::TagGroup, tag.isEmpty() ? tr("(untagged)") : tag, u"/paths"_s);
                group->name = tag;
            }
            Node *&pathGroup = pathGroups[tag + u'\n' + path];
            if (!pathGroup) {
                pathGroup = group->add(Kind::PathGroup, path, u"/paths/"_s + core::jsonpointer::escape(path));
                pathGroup->path = path;
            }
            const QString summary = operation[u"summary"].toString();
            Node *e = pathGroup->add(Kind::Endpoint, summary.isEmpty() ? path : summary,
                                     core::ApiDocument::operationPointer(path, method));
            e->method = method;
            e->path = path;
            e->name = operation[u"operationId"].toString();
        }
    }

    Node *schemes = root->add(Kind::Section, tr("Security schemes"), u"/components/securitySchemes"_s);
    for (const auto &[name, scheme] : doc[u"components"][u"securitySchemes"].toObject())
        schemes->add(Kind::SecurityScheme, name, u"/components/securitySchemes/"_s + core::jsonpointer::escape(name));

    QStringList signature;
    std::function<void(const Node *, int)> walk = [&](const Node *n, int depth) {
        for (const auto &c : n->children) {
            signature << QString::number(depth) + u'|' + c->label + u'|' + c->pointer + u'|' + c->method;
            walk(c.get(), depth + 1);
        }
    };
    walk(root.get(), 0);
    if (signature == m_signature)
        return;
    beginResetModel();
    m_root = std::move(root);
    m_signature = signature;
    endResetModel();
}

QModelIndex ProjectTreeModel::indexOf(const Node *node) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row, 0, const_cast<Node *>(node));
}

QModelIndex ProjectTreeModel::indexForPointer(const QString &pointer) const
{
    const Node *best = nullptr;
    std::function<void(const Node *)> walk = [&](const Node *n) {
        for (const auto &c : n->children) {
            const bool matches = c->kind != Kind::TagGroup && c->kind != Kind::ModelGroup
                && (pointer == c->pointer || pointer.startsWith(c->pointer + u'/'));
            if (matches && (!best || c->pointer.size() > best->pointer.size()))
                best = c.get();
            walk(c.get());
        }
    };
    walk(m_root.get());
    return indexOf(best);
}

QModelIndex ProjectTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    const Node *p = parent.isValid() ? static_cast<const Node *>(parent.internalPointer()) : m_root.get();
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex ProjectTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *n = static_cast<const Node *>(child.internalPointer());
    return indexOf(n->parent);
}

int ProjectTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    const Node *p = parent.isValid() ? static_cast<const Node *>(parent.internalPointer()) : m_root.get();
    return int(p->children.size());
}

int ProjectTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QVariant ProjectTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *n = static_cast<const Node *>(index.internalPointer());
    switch (role) {
    case Qt::DisplayRole:
        if (n->kind == Kind::Section && !n->children.empty() && n->pointer != u"/components/schemas")
            return u"%1 (%2)"_s.arg(n->label).arg(n->children.size());
        if (n->kind == Kind::ModelGroup)
            return u"%1 (%2)"_s.arg(n->label).arg(n->children.size());
        return n->label;
    case Qt::ToolTipRole:
        if (n->kind == Kind::Endpoint)
            return QString(n->method.toUpper() + u' ' + n->path + (n->name.isEmpty() ? QString() : u"\n"_s + n->name));
        return n->pointer;
    case Qt::DecorationRole:
        if (n->kind == Kind::Endpoint)
            return methodBadge(n->method);
        return {};
    case Qt::FontRole:
        if (n->kind == Kind::Section || n->kind == Kind::Info || n->kind == Kind::TagGroup || n->kind == Kind::ModelGroup) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case PointerRole:
        return n->pointer;
    case KindRole:
        return int(n->kind);
    case NameRole:
        return n->name;
    case MethodRole:
        return n->method;
    case PathRole:
        return n->path;
    case SearchRole:
        return QStringList{n->label, n->method, n->path, n->name}.join(u' ');
    default:
        return {};
    }
}

} // namespace portico::ui
