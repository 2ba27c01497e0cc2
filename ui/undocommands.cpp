#include "undocommands.h"

#include "core/apidocument.h"
#include "core/jsonpointer.h"

namespace portico::ui {

using core::Json;

SetValueCommand::SetValueCommand(core::ApiDocument *document, const QString &pointer, std::optional<Json> newValue,
                                 const QString &text, int mergeId)
    : QUndoCommand(text), m_document(document), m_pointer(pointer), m_new(std::move(newValue)), m_mergeId(mergeId)
{
    if (const Json *old = core::jsonpointer::resolve(document->root(), pointer)) {
        m_old = *old;
        return;
    }
    m_created = pointer;
    for (QString parent = pointer.left(pointer.lastIndexOf(u'/')); !parent.isEmpty();
         parent = parent.left(parent.lastIndexOf(u'/'))) {
        if (core::jsonpointer::resolve(document->root(), parent))
            break;
        m_created = parent;
    }
}

void SetValueCommand::apply(core::ApiDocument *document, const QString &pointer, const std::optional<Json> &value)
{
    if (value)
        document->setValue(pointer, *value);
    else
        document->removeValue(pointer);
}

void SetValueCommand::undo()
{
    apply(m_document, m_old ? m_pointer : m_created, m_old);
}

void SetValueCommand::redo()
{
    apply(m_document, m_pointer, m_new);
}

bool SetValueCommand::mergeWith(const QUndoCommand *other)
{
    const auto *o = static_cast<const SetValueCommand *>(other);
    if (m_mergeId < 0 || o->m_pointer != m_pointer)
        return false;
    m_new = o->m_new;
    return true;
}

SnapshotCommand::SnapshotCommand(core::ApiDocument *document, Json before, Json after, const QString &text)
    : QUndoCommand(text), m_document(document), m_before(std::move(before)), m_after(std::move(after))
{
}

void SnapshotCommand::undo()
{
    m_document->setRoot(m_before);
}

void SnapshotCommand::redo()
{
    // The edit already ran when the command was pushed.
    if (m_firstRedo) {
        m_firstRedo = false;
        return;
    }
    m_document->setRoot(m_after);
}

} // namespace portico::ui
