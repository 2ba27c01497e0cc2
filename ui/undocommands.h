#pragma once

#include "core/json.h"

#include <QUndoCommand>

#include <optional>

namespace portico::core {
class ApiDocument;
}

namespace portico::ui {

// Sets (or removes, when the new value is absent) one value by JSON pointer. Consecutive edits of the same
// pointer with the same merge id (typing in one field) merge into one undo step. Undoing the creation of a
// value also removes the parent objects that setting it created (no `contact: {}` left behind).
class SetValueCommand final : public QUndoCommand
{
public:
    SetValueCommand(core::ApiDocument *document, const QString &pointer, std::optional<core::Json> newValue,
                    const QString &text, int mergeId = -1);

    void undo() override;
    void redo() override;
    int id() const override { return m_mergeId; }
    bool mergeWith(const QUndoCommand *other) override;

    const QString &pointer() const { return m_pointer; }

private:
    static void apply(core::ApiDocument *document, const QString &pointer, const std::optional<core::Json> &value);

    core::ApiDocument *m_document;
    QString m_pointer;
    std::optional<core::Json> m_old;
    std::optional<core::Json> m_new;
    QString m_created; // when the value was absent: the outermost object the edit created, removed on undo
    int m_mergeId;
};

// A structural edit (rename a model and rewrite its $refs, move a field, add an endpoint) recorded as the
// document before and after. Json is copy-on-write, so keeping both trees costs only what changed.
class SnapshotCommand final : public QUndoCommand
{
public:
    SnapshotCommand(core::ApiDocument *document, core::Json before, core::Json after, const QString &text);

    void undo() override;
    void redo() override;

private:
    core::ApiDocument *m_document;
    core::Json m_before;
    core::Json m_after;
    bool m_firstRedo = true;
};

} // namespace portico::ui
