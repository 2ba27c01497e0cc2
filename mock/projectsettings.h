#pragma once

#include "routetable.h"

#include "core/json.h"

#include <QHostAddress>

namespace portico::mock {

// The project's `x-portico` object (docs/extensions.md), read once for both `portico serve` and the
// workbench's Run button, so the two run a project the same way. Command-line options and the toolbar
// override these values.
struct ProjectSettings
{
    MockSettings mock;
    int threads = 0; // 0: one per core
    QString host; // empty: 127.0.0.1
    int port = 0; // 0: not set (8000)
    QString dataFile; // `data_file`: persist resource collections here (relative to the project file)

    static constexpr quint16 kDefaultPort = 8000;
    QHostAddress hostAddress() const;
    // The data file as an absolute path, resolved against the project file's folder (the working folder for a
    // project not saved yet); empty when the project names none.
    QString dataFilePath(const QString &projectFile) const;
    quint16 portOr(quint16 fallback = kDefaultPort) const { return port > 0 && port < 65536 ? quint16(port) : fallback; }
};

ProjectSettings readProjectSettings(const core::Json &document);

// `x-portico` with the run settings replaced by `settings`; keys it does not hold (data, unknown keys) are
// kept, and settings equal to their defaults are left out so a project file only says what differs.
core::Json writeProjectSettings(const core::Json &xPortico, const ProjectSettings &settings);

} // namespace portico::mock
