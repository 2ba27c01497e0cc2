#include "schema.h"
#include "schemanode.h"

#include <QHash>

#include <algorithm>

#include <vector>

using namespace Qt::StringLiterals;

namespace portico::core {
namespace {

using schema::Node;

// The subschemas a schema applies to the very value it is given, not to the value's members or items: a
// cycle of these never reaches a smaller value, so validating anything against it never finishes.
std::vector<const Node *> inPlaceSubschemas(const Node *n)
{
    std::vector<const Node *> out;
    if (n->isBoolean)
        return out;
    const schema::Rare &rare = n->rare();
    for (const Node *single : {n->ref, rare.dynamicRef, rare.notSchema, rare.ifSchema, rare.thenSchema, rare.elseSchema}) {
        if (single)
            out.push_back(single);
    }
    for (const std::vector<const Node *> *list : {&n->allOf, &n->anyOf, &n->oneOf})
        out.insert(out.end(), list->begin(), list->end());
    for (const auto &[name, dependent] : rare.dependentSchemas)
        out.push_back(dependent);
    return out;
}

} // namespace

// Depth-first over in-place edges, iteratively (a hostile document may chain thousands of them), sharing what
// is done between the roots so that every node is walked once: linear in the schemas' size.
QList<InPlaceCycle> findInPlaceCycles(const QList<Schema> &schemas)
{
    enum class Mark : uint8_t { OnPath, Done };
    struct Frame
    {
        const Node *node;
        std::vector<const Node *> next;
        size_t i = 0;
    };
    QHash<const Node *, Mark> marks;
    QList<InPlaceCycle> cycles;
    for (qsizetype root = 0; root < schemas.size(); ++root) {
        const Node *start = schemas[root].m_node;
        if (!start || marks.contains(start))
            continue;
        std::vector<Frame> path;
        const auto enter = [&](const Node *n) {
            marks.insert(n, Mark::OnPath);
            path.push_back({n, inPlaceSubschemas(n)});
        };
        enter(start);
        while (!path.empty()) {
            Frame &top = path.back();
            if (top.i == top.next.size()) {
                marks[top.node] = Mark::Done;
                path.pop_back();
                continue;
            }
            const Node *next = top.next[top.i++];
            const auto mark = marks.constFind(next);
            if (mark == marks.cend()) {
                enter(next);
            } else if (*mark == Mark::OnPath) {
                // Named by its models; the inline schemas between them (an allOf's item) say nothing.
                InPlaceCycle cycle{root, {}};
                auto from = std::find_if(path.begin(), path.end(), [next](const Frame &f) { return f.node == next; });
                for (; from != path.end(); ++from) {
                    if (!from->node->modelName.isEmpty())
                        cycle.names.append(from->node->modelName);
                }
                if (cycle.names.isEmpty())
                    cycle.names.append(u"an inline schema"_s);
                cycle.names.append(cycle.names.first());
                cycles.append(cycle);
            }
        }
    }
    return cycles;
}

} // namespace portico::core
