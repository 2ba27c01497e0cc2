#pragma once

#include <QStringList>

namespace portico::app {

// Process exit codes shared by every sub-command.
enum ExitCode : int {
    ExitOk = 0,
    ExitInvalid = 1, // the input was read and is invalid (validation failed, check found problems)
    ExitUsage = 2, // bad arguments, unreadable files, unusable input
};

int runCheck(const QStringList &arguments);
int runFormat(const QStringList &arguments);
int runValidate(const QStringList &arguments);
int runSummary(const QString &file);
int runServe(const QStringList &arguments);

} // namespace portico::app
