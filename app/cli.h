#pragma once

#include <QStringList>

class QTextStream;

namespace portico::core {
class ApiDocument;
}

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
int runImport(const QStringList &arguments);
int runExport(const QStringList &arguments);
int runBundle(const QStringList &arguments);
int runGenerate(const QStringList &arguments);

// Standard error as text, shared by the sub-commands so their messages interleave in order.
QTextStream &err();

// Prints what converting (or bundling) the document on load could not carry over, as located warnings on stderr.
void printConversionWarnings(const core::ApiDocument &document);

} // namespace portico::app
