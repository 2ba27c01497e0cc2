// allOf as one schema, for generating sample data: its parts' properties, required names and constraints
// together. Generating each part and merging the values gave a part that only adds a description the whole
// object, and left what one part requires and another defines a placeholder.
#pragma once

#include "json.h"

#include <QList>
#include <QSet>
#include <QString>

#include <functional>

namespace portico::core {

class AllOfMerge
{
public:
    // `unmet` hears of parts that contradict each other (no value can satisfy them all).
    AllOfMerge(const Json &document, int maxDepth, std::function<void(const QString &)> unmet)
        : m_document(document), m_maxDepth(maxDepth), m_unmet(std::move(unmet))
    {
    }

    // Whether a `$ref` has constraints of its own beside it (OpenAPI 3.1): then it is merged like an allOf.
    static bool hasConstraintBesideRef(const JsonObject &s);

    // One schema holding `s`, its `$ref`'s target and every allOf part (recursively). An example belongs to
    // the schema it is written on: only the outermost one's describe the whole.
    JsonObject flattened(const JsonObject &s, int depth);

private:
    const JsonObject *target(const QString &ref) const;
    void flattenInto(JsonObject &out, const JsonObject &s, int depth, bool outermost, QList<QSet<QString>> &closed);
    void mergeKeyword(JsonObject &out, const QString &key, const Json &v);

    const Json &m_document;
    int m_maxDepth;
    std::function<void(const QString &)> m_unmet;
    QSet<QString> m_visited; // the references merged by the current flattened() call
};

} // namespace portico::core
