#pragma once

#include <QString>

namespace portico::ui {

// Whether a window can be shown: a display, or a Qt platform plugin chosen explicitly (not the headless
// "offscreen"/"minimal" ones, where a window would wait forever for a user nobody can see).
bool guiAvailable();

// Runs the workbench: creates the QApplication, offers recovered work, opens `file` if given and enters the
// event loop. Returns the process exit code.
int runWorkbench(int &argc, char **argv, const QString &file);

} // namespace portico::ui
