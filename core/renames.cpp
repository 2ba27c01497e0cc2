#include "renames.h"

#include "apidocument.h"
#include "jsonpointer.h"

#include <optional>

using namespace Qt::StringLiterals;

namespace portico::core {

namespace {

struct Change
{
    QString pointer; // of an existing value
    Json value;
};

// Every operation of a map of path items (and of their callbacks, one level down), with its pointer.
void collectOperations(const Json &pathItems, const QString &base, QList<std::pair<QString, const Json *>> &out,
                       int depth = 0)
{
    for (const auto &[name, item] : pathItems.toObject()) {
        const QString itemPointer = jsonpointer::append(base, name);
        for (const auto &[method, operation] : item.toObject()) {
            if (!ApiDocument::kMethods.contains(method))
                continue;
            const QString pointer = jsonpointer::append(itemPointer, method);
            out.append({pointer, &operation});
            if (depth > 0)
                continue;
            for (const auto &[callback, expressions] : operation[u"callbacks"].toObject())
                collectOperations(expressions, pointer + u"/callbacks/"_s + jsonpointer::escape(callback), out, depth + 1);
        }
    }
}

QList<std::pair<QString, const Json *>> allOperations(const Json &root)
{
    QList<std::pair<QString, const Json *>> out;
    collectOperations(root[u"paths"], u"/paths"_s, out);
    collectOperations(root[u"webhooks"], u"/webhooks"_s, out);
    collectOperations(root[u"components"][u"pathItems"], u"/components/pathItems"_s, out);
    for (const auto &[name, expressions] : root[u"components"][u"callbacks"].toObject())
        collectOperations(expressions, u"/components/callbacks/"_s + jsonpointer::escape(name), out, 1);
    return out;
}

// Replaces `from` by `to` in an array of names, keeping its position and not duplicating `to`.
std::optional<Json> renamedInList(const Json &names, const QString &from, const QString &to)
{
    JsonArray out;
    bool changed = false;
    bool hasTo = false;
    for (const Json &n : names.toArray())
        hasTo = hasTo || n.toString() == to;
    for (const Json &n : names.toArray()) {
        if (n.isString() && n.toString() == from) {
            changed = true;
            if (!hasTo)
                out.emplace_back(to);
            hasTo = true;
        } else {
            out.push_back(n);
        }
    }
    return changed ? std::optional<Json>(Json(std::move(out))) : std::nullopt;
}

// A security requirement list with the scheme renamed in each requirement object.
std::optional<Json> renamedInRequirements(const Json &requirements, const QString &from, const QString &to)
{
    JsonArray out = requirements.toArray();
    bool changed = false;
    for (Json &requirement : out) {
        if (requirement.toObject().contains(from)) {
            requirement.object().rename(from, to);
            changed = true;
        }
    }
    return changed ? std::optional<Json>(Json(std::move(out))) : std::nullopt;
}

// Applies the changes to a copy of the document, then hands each touched section (a top-level member, or a
// components section) to the document once: views get one notification per section, not one per operation.
void apply(ApiDocument &document, const QList<Change> &changes)
{
    Json root = document.root();
    QStringList touched;
    for (const Change &change : changes) {
        const auto tokens = jsonpointer::split(change.pointer);
        Q_ASSERT(tokens && !tokens->isEmpty());
        Json *target = &root;
        for (const QString &token : *tokens) {
            if (target->isArray())
                target = &target->array()[size_t(token.toLongLong())];
            else
                target = target->object().find(token);
            Q_ASSERT(target);
        }
        *target = change.value;
        const QStringList section = tokens->mid(0, tokens->first() == u"components" ? 2 : 1);
        const QString pointer = jsonpointer::join(section);
        if (!touched.contains(pointer))
            touched.append(pointer);
    }
    for (const QString &pointer : std::as_const(touched))
        document.setValue(pointer, *jsonpointer::resolve(root, pointer));
}

} // namespace

bool renameTag(ApiDocument &document, const QString &from, const QString &to)
{
    const Json &root = document.root();
    const JsonArray &tags = root[u"tags"].toArray();
    qsizetype declared = -1;
    for (size_t i = 0; i < tags.size(); ++i) {
        const QString name = tags[i][u"name"].toString();
        if (name == to)
            return false;
        if (name == from)
            declared = qsizetype(i);
    }
    if (declared < 0 || to.isEmpty() || from == to)
        return false;

    QList<Change> changes{{u"/tags/%1/name"_s.arg(declared), Json(to)}};
    for (const auto &[pointer, operation] : allOperations(root)) {
        if (auto renamed = renamedInList((*operation)[u"tags"], from, to))
            changes.append({pointer + u"/tags"_s, *renamed});
    }
    const JsonArray &groups = root[u"x-tagGroups"].toArray();
    for (size_t i = 0; i < groups.size(); ++i) {
        if (auto renamed = renamedInList(groups[i][u"tags"], from, to))
            changes.append({u"/x-tagGroups/%1/tags"_s.arg(i), *renamed});
    }
    apply(document, changes);
    return true;
}

bool renameSecurityScheme(ApiDocument &document, const QString &from, const QString &to)
{
    const Json &root = document.root();
    const Json &schemes = root[u"components"][u"securitySchemes"];
    if (to.isEmpty() || from == to || !schemes.toObject().contains(from) || schemes.toObject().contains(to))
        return false;

    Json renamedSchemes = schemes;
    renamedSchemes.object().rename(from, to);
    QList<Change> changes{{u"/components/securitySchemes"_s, renamedSchemes}};
    if (auto renamed = renamedInRequirements(root[u"security"], from, to))
        changes.append({u"/security"_s, *renamed});
    for (const auto &[pointer, operation] : allOperations(root)) {
        if (auto renamed = renamedInRequirements((*operation)[u"security"], from, to))
            changes.append({pointer + u"/security"_s, *renamed});
    }
    apply(document, changes);
    return true;
}

} // namespace portico::core
