#pragma once

#include "core/json.h"

#include <QCoreApplication>
#include <QStringList>

#include <vector>

namespace portico::ui {

// One line of a readable type tree: a field (or parameter, header, array item, union member) with its type in
// words, whether it is required, its constraints as short phrases and its description.
struct SchemaRow
{
    QString name;
    QString type; // "string (email)", "array of Item", "oneOf: Dog | Cat", "Item | null"
    bool required = false;
    QStringList constraints; // "≥ 1", "length 1..80", "pattern ^[a-z]+$", "default: 20", "example: corgi"
    QString description;
    QString model;          // the model (components/schemas name) the row's type is, if any
    bool recursive = false; // the model is already being described above: shown by name, not expanded again
    std::vector<SchemaRow> children;
};

// Describes JSON Schemas of an OpenAPI document as SchemaRow trees for the docs view. Local `$ref`s are
// followed; a model met again inside itself is named and not expanded (recursive models end), and depth and
// row budgets keep a pathological document (models that fan out many levels deep) cheap to render. Pure:
// no widgets, so the wording is tested directly.
class SchemaDescriber
{
    Q_DECLARE_TR_FUNCTIONS(SchemaDescriber)

public:
    struct Limits
    {
        int maxDepth = 12;
        int maxRows = 3000;
    };

    explicit SchemaDescriber(const core::Json &documentRoot)
        : SchemaDescriber(documentRoot, Limits{})
    {}
    SchemaDescriber(const core::Json &documentRoot, Limits limits);

    SchemaRow describe(const QString &name, const core::Json &schema, bool required = false);
    // True when a budget cut a tree short (the cut rows say so in their constraints).
    bool truncated() const { return m_truncated; }

    // The value as it reads in a sentence: strings unquoted, everything else as compact JSON.
    static QString valueText(const core::Json &value);

private:
    void fill(SchemaRow &row, const core::Json &schema, int depth);
    void fillRef(SchemaRow &row, const QString &ref, int depth);
    QString baseType(SchemaRow &row, const core::Json &schema, const QString &type, int depth);
    QString alternatives(SchemaRow &row, const core::JsonArray &members, const QString &keyword, int depth,
                         bool &nullable);
    static void addConstraints(SchemaRow &row, const core::Json &schema);

    core::Json m_root; // a shared copy: cheap, and safe if the document changes meanwhile
    Limits m_limits;
    QStringList m_refStack; // pointers of the $refs being expanded, to stop at cycles
    int m_rows = 0;
    bool m_truncated = false;
};

} // namespace portico::ui
