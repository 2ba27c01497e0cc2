#include "schemanode.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <optional>

// Which branch of a union each discriminator tag names (OpenAPI 3.1 §4.8.25). Tags come from the explicit
// mapping, then the branches' schema names, then — for the many real specs that spell the tag as
// `petType: {const: "cat"}` without a mapping — the values a branch's own tag property accepts.

namespace portico::core::schema {
namespace {

constexpr int kMaxHops = 32; // `$ref` hops followed; a cycle of them stops here

QString schemaName(const Node *branch)
{
    int hops = 0;
    for (const Node *n = branch; n && hops < kMaxHops; n = n->ref, ++hops) {
        if (!n->modelName.isEmpty())
            return n->modelName;
    }
    return {};
}

// The branch that is `schema` or refers to it (through either's `$ref`s), else null. `branchOf` maps every
// node of each branch's `$ref` chain to the branch, the first branch keeping a node they share.
const Node *branchFor(const Node *schema, const QHash<const Node *, const Node *> &branchOf)
{
    int hops = 0;
    for (const Node *target = schema; target && hops < kMaxHops; target = target->ref, ++hops) {
        if (const Node *branch = branchOf.value(target))
            return branch;
    }
    return nullptr;
}

// Calls `visit` on every node a schema is built from through `$ref` and `allOf`, each once: models share
// parts (every model's `allOf: [Base, …]`), and a hostile schema nests diamonds of them. Stops when `visit`
// returns true.
template<typename Visit>
bool eachPart(const Node *n, QSet<const Node *> *seen, const Visit &visit)
{
    if (!n || seen->contains(n))
        return false;
    seen->insert(n);
    if (visit(n) || eachPart(n->ref, seen, visit))
        return true;
    return std::any_of(n->allOf.begin(), n->allOf.end(), [&](const Node *part) { return eachPart(part, seen, visit); });
}

// The tag values a branch accepts: what every `const`/`enum` on its tag property allows (a base's
// `enum: [cat, dog]` and the branch's `const: cat` leave `cat`). Empty when nothing constrains it.
QStringList acceptedTags(const Node *branch, const QString &property)
{
    std::optional<QStringList> accepted;
    QSet<const Node *> seen;
    eachPart(branch, &seen, [&](const Node *n) {
        if (const qsizetype i = n->findProperty(property); i >= 0) {
            int hops = 0;
            for (const Node *p = n->properties[size_t(i)].second; p && hops < kMaxHops; p = p->ref, ++hops) {
                if (!p->rare().hasConst && !p->hasEnum)
                    continue;
                QStringList allowed;
                if (p->rare().hasConst && p->rare().constValue.isString())
                    allowed.append(p->rare().constValue.toString());
                for (const Json &value : p->enumValues) {
                    if (value.isString())
                        allowed.append(value.toString());
                }
                if (!accepted)
                    accepted = allowed;
                else
                    accepted->removeIf([&](const QString &tag) { return !allowed.contains(tag); });
            }
        }
        return false;
    });
    return accepted.value_or(QStringList());
}

// OpenAPI also lets the discriminator sit on a base model the branches extend (`Cat: allOf: [Pet, …]`). Every
// branch must extend one through its `allOf` parts (a branch's own discriminator, or a nested union's, is not
// a base), all with the same property; their mappings are merged.
std::optional<Discriminator> inherited(const std::vector<const Node *> &branches)
{
    std::optional<Discriminator> found;
    for (const Node *branch : branches) {
        const Node *model = branch;
        for (int hops = 0; model && model->ref && hops < kMaxHops; ++hops)
            model = model->ref;
        if (!model || !model->oneOf.empty() || !model->anyOf.empty())
            return std::nullopt;
        const Discriminator *base = nullptr;
        QSet<const Node *> seen{model};
        for (const Node *part : model->allOf) {
            eachPart(part, &seen, [&](const Node *n) {
                if (n->oneOf.empty() && n->anyOf.empty())
                    base = n->rare().discriminator.get();
                return base != nullptr;
            });
            if (base)
                break;
        }
        if (!base || (found && found->propertyName != base->propertyName))
            return std::nullopt;
        if (!found) {
            found = *base;
            continue;
        }
        for (const auto &[tag, schema] : base->tags)
            found->add(tag, schema);
    }
    return found;
}

} // namespace

std::shared_ptr<Discriminator> unionDiscriminator(const Node &node)
{
    const bool onOneOf = !node.oneOf.empty();
    const std::vector<const Node *> &branches = onOneOf ? node.oneOf : node.anyOf;
    std::shared_ptr<Discriminator> d = node.rare().discriminator;
    if (!d) {
        std::optional<Discriminator> base = inherited(branches);
        if (!base)
            return nullptr;
        d = std::make_shared<Discriminator>(std::move(*base));
    }
    d->onOneOf = onOneOf;
    // A mapping is the tag → schema table of every union that uses the discriminator: here only its tags for
    // this union's branches count.
    QHash<const Node *, const Node *> branchOf;
    for (const Node *branch : branches) {
        int hops = 0;
        for (const Node *n = branch; n && hops < kMaxHops; n = n->ref, ++hops) {
            if (!branchOf.contains(n))
                branchOf.insert(n, branch);
        }
    }
    const std::vector<std::pair<QString, const Node *>> mapping = std::move(d->tags);
    d->clearTags();
    for (const auto &[tag, schema] : mapping) {
        if (const Node *branch = branchFor(schema, branchOf))
            d->add(tag, branch);
    }
    for (const Node *branch : branches) {
        if (const QString name = schemaName(branch); !name.isEmpty())
            d->add(name, branch);
    }
    // A value one branch accepts names it; one several accept is shared among them.
    QHash<QString, std::vector<const Node *>> byValue;
    QStringList values; // in the order branches list them, for the errors
    for (const Node *branch : branches) {
        for (const QString &tag : acceptedTags(branch, d->propertyName)) {
            std::vector<const Node *> &accepting = byValue[tag];
            if (accepting.empty())
                values.append(tag);
            if (accepting.empty() || accepting.back() != branch)
                accepting.push_back(branch);
        }
    }
    d->shared.clear();
    for (const QString &tag : values) {
        const std::vector<const Node *> &accepting = byValue[tag];
        if (accepting.size() == 1) {
            if (!tag.isEmpty())
                d->add(tag, accepting.front());
        } else if (!d->find(tag)) {
            d->shared.insert(tag, accepting);
        }
    }
    QSet<const Node *> tagged;
    for (const auto &[tag, branch] : d->tags)
        tagged.insert(branch);
    d->coversEveryBranch = std::all_of(branches.begin(), branches.end(), [&](const Node *branch) { return tagged.contains(branch); });
    return d;
}

} // namespace portico::core::schema
