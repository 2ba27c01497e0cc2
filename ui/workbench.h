#pragma once

#include <QString>

namespace portico::ui {

// Whether a window can be shown: a display, or a Qt platform plugin chosen explicitly (not the headless
// "offscreen"/"minimal" ones, where a window would wait forever for a user nobody can see).
bool guiAvailable();

// Runs the workbench: creates the QApplication, offers recovered work, opens `file` if given and enters the
// event loop. Returns the process exit code.
//
// For benchmarks and smoke tests, PORTICO_EXIT_AFTER_SHOWN=MS (also under QT_QPA_PLATFORM=offscreen) skips
// the recovery question, prints `portico-bench: KEY=VALUE` lines once the window is shown and the event loop
// runs (shown-since-process-start-ms, shown-since-main-ms), and with a file once it is open in the background
// (open-ms since main, max-event-loop-lateness-ms meanwhile, tree-endpoints, tree-models; then an edit of the
// title: edit-ms, and edit-max-event-loop-lateness-ms over the second after it); then pid, and quits MS milliseconds later, dropping unsaved changes. bench/gui/run.sh uses it.
int runWorkbench(int &argc, char **argv, const QString &file);

} // namespace portico::ui
