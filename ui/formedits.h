#pragma once

#include <QString>
#include <QStringList>

namespace portico::ui {

class ProjectSession;

// What the form editors (info, servers, tags, security schemes) share: how a typed string lands in the
// document, and the checks that flag a malformed URL or e-mail address where it is typed.
namespace formedits {

// Merge id of typing into one form field: consecutive keystrokes in one field become one undo step.
constexpr int kTypingMergeId = 0x4654; // "FT"

// Sets the string at `pointer`; an empty text removes the member instead (unless `keepEmpty`: required
// members such as a title stay, empty), together with the objects its removal leaves empty, up to but not
// including `stopAt` (so clearing the last contact field drops `contact: {}`). One undo step named `undoText`.
void commitText(ProjectSession *session, const QString &pointer, const QString &text, const QString &undoText,
                bool keepEmpty = false, const QString &stopAt = {});

// An absolute URL with a scheme and, for the network schemes, a host. Empty text is valid (not set).
bool isValidUrl(const QString &text);
// A plausible address: one @, something before it, a dotted domain after it, no spaces. Empty is valid.
bool isValidEmail(const QString &text);

// `base`, or `base2`, `base3`, ... whichever is not taken yet (names of new tags, schemes, variables).
QString uniqueName(const QString &base, const QStringList &taken);

} // namespace formedits
} // namespace portico::ui
