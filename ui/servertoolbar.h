#pragma once

#include <QToolBar>
#include <QUrl>

#include <functional>
#include <optional>
#include <utility>

class QAction;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace portico::ui {

class ServerController;

// Run / Stop, host and port, the server's state and base URL (click to copy), Open /docs, and the way out
// when the port is taken ("Use port N"). Host and port start from the project's x-portico settings.
class ServerToolBar final : public QToolBar
{
    Q_OBJECT

public:
    explicit ServerToolBar(ServerController *controller, QWidget *parent = nullptr);

    QAction *runAction() const { return m_run; }
    QAction *docsAction() const { return m_docs; }
    QAction *usePortAction() const { return m_usePort; }
    QAction *settingsAction() const { return m_settings; }
    QLineEdit *hostEdit() const { return m_host; }
    QSpinBox *portSpin() const { return m_port; }
    QLabel *stateLabel() const { return m_state; }
    QLabel *urlLabel() const { return m_url; }

    // Defaults for the next Run, from the project (when it is opened or its settings change). While the server
    // runs, the fields show where it listens; the new address fills them once it stops.
    void setAddress(const QString &host, quint16 port);
    // Opens a URL in the user's browser; tests replace it.
    std::function<void(const QUrl &)> openUrl;

protected:
    void changeEvent(QEvent *event) override;

private:
    void toggleRun();
    void update();

    ServerController *m_controller;
    QAction *m_run = nullptr;
    QAction *m_docs = nullptr;
    QAction *m_usePort = nullptr;
    QAction *m_settings = nullptr;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLabel *m_state;
    QLabel *m_url;
    std::optional<std::pair<QString, quint16>> m_pendingAddress;
};

} // namespace portico::ui
