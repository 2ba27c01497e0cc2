#pragma once

#include "mock/projectsettings.h"

#include <QDialog>

class QCheckBox;
class QLineEdit;
class QSpinBox;

namespace portico::ui {

class ProjectSession;

// The project's run settings (threads, seed, lax bodies, strict responses, CORS, proxy, data file), stored in
// its `x-portico` extension so that `portico serve` runs the project the same way. Accepting writes them as
// one undoable edit.
class RunSettingsDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit RunSettingsDialog(ProjectSession *session, QWidget *parent = nullptr);

    mock::ProjectSettings settings() const;
    void setSettings(const mock::ProjectSettings &settings);
    // Writes the settings into the document (nothing when they did not change); returns whether it did.
    bool apply();

    QSpinBox *threadsSpin() const { return m_threads; }
    QLineEdit *seedEdit() const { return m_seed; }
    QCheckBox *laxCheck() const { return m_lax; }
    QCheckBox *strictCheck() const { return m_strict; }
    QCheckBox *corsCheck() const { return m_cors; }
    QLineEdit *originsEdit() const { return m_origins; }
    QLineEdit *proxyEdit() const { return m_proxy; }
    QCheckBox *proxyAllCheck() const { return m_proxyAll; }
    QLineEdit *dataFileEdit() const { return m_dataFile; }

private:
    ProjectSession *m_session;
    mock::ProjectSettings m_loaded; // keeps host and port, which the toolbar edits
    QSpinBox *m_threads;
    QLineEdit *m_seed;
    QCheckBox *m_lax;
    QCheckBox *m_strict;
    QCheckBox *m_cors;
    QLineEdit *m_origins;
    QLineEdit *m_proxy;
    QCheckBox *m_proxyAll;
    QLineEdit *m_dataFile;
};

} // namespace portico::ui
