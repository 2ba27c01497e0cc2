#include "servertoolbar.h"

#include "servercontroller.h"
#include "theme.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QEvent>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QStyle>
#include <QToolTip>

using namespace Qt::StringLiterals;

namespace portico::ui {

ServerToolBar::ServerToolBar(ServerController *controller, QWidget *parent)
    : QToolBar(tr("Server"), parent), m_controller(controller), m_host(new QLineEdit), m_port(new QSpinBox),
      m_state(new QLabel), m_url(new QLabel)
{
    setObjectName(u"ServerToolBar"_s);
    // Words beside the icons: "Run" / "Stop" is the toolbar's main message, and the style's icons alone are vague.
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    openUrl = [](const QUrl &url) { QDesktopServices::openUrl(url); };

    m_run = addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("Run"), this, &ServerToolBar::toggleRun);
    m_run->setShortcut(Qt::Key_F5);
    m_run->setToolTip(tr("Run the project as a mock server (F5)"));
    m_host->setText(u"127.0.0.1"_s);
    m_host->setMaximumWidth(fontMetrics().horizontalAdvance(u"255.255.255.255__"_s));
    m_host->setToolTip(tr("Address to listen on. 127.0.0.1 keeps the server private to this machine; 0.0.0.0 exposes it."));
    m_port->setRange(0, 65535);
    m_port->setValue(8000);
    m_port->setSpecialValueText(tr("any"));
    m_port->setToolTip(tr("Port (“any” picks a free one)"));
    addWidget(m_host);
    addWidget(new QLabel(u" : "_s));
    addWidget(m_port);
    addSeparator();
    addWidget(m_state);
    m_url->setTextFormat(Qt::RichText);
    m_url->setToolTip(tr("Click to copy the base URL"));
    connect(m_url, &QLabel::linkActivated, this, [this](const QString &link) {
        QApplication::clipboard()->setText(link);
        QToolTip::showText(m_url->mapToGlobal(QPoint(0, m_url->height())), tr("Copied %1").arg(link), m_url);
    });
    addWidget(m_url);
    m_usePort = addAction(tr("Use port"), this, [this] {
        m_port->setValue(m_controller->suggestedPort());
        toggleRun();
    });
    m_docs = addAction(style()->standardIcon(QStyle::SP_DialogHelpButton), tr("Open /docs"), this, [this] {
        if (openUrl)
            openUrl(m_controller->baseUrl().resolved(QUrl(u"/docs"_s)));
    });
    m_docs->setToolTip(tr("Open the running server's Swagger UI in the browser"));
    m_settings = addAction(style()->standardIcon(QStyle::SP_FileDialogDetailedView), tr("Run settings…"));
    m_settings->setToolTip(tr("Threads, seed, validation, CORS, proxy and data file of this project"));

    connect(controller, &ServerController::stateChanged, this, &ServerToolBar::update);
    connect(controller, &ServerController::statusChanged, this, &ServerToolBar::update);
    update();
}

void ServerToolBar::changeEvent(QEvent *event)
{
    QToolBar::changeEvent(event);
    // The dot's colour and the link's are baked into rich text and the icons come from the style: redo them on
    // a theme change, once the labels have their new palette too (they get it after the toolbar).
    if (m_settings && (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)) {
        m_docs->setIcon(style()->standardIcon(QStyle::SP_DialogHelpButton));
        m_settings->setIcon(style()->standardIcon(QStyle::SP_FileDialogDetailedView));
        QMetaObject::invokeMethod(this, &ServerToolBar::update, Qt::QueuedConnection);
    }
}

void ServerToolBar::setAddress(const QString &host, quint16 port)
{
    const auto state = m_controller->state();
    if (state == ServerController::State::Running || state == ServerController::State::Starting) {
        m_pendingAddress = std::pair(host, port);
        return;
    }
    m_pendingAddress.reset();
    m_host->setText(host.isEmpty() ? u"127.0.0.1"_s : host);
    m_port->setValue(port);
}

void ServerToolBar::toggleRun()
{
    const auto state = m_controller->state();
    if (state == ServerController::State::Running || state == ServerController::State::Starting)
        m_controller->stop();
    else
        m_controller->start(m_host->text(), quint16(m_port->value()));
}

void ServerToolBar::update()
{
    using State = ServerController::State;
    const State state = m_controller->state();
    const bool live = state == State::Running || state == State::Starting;
    if (!live && m_pendingAddress)
        setAddress(m_pendingAddress->first, m_pendingAddress->second);
    m_run->setText(live ? tr("Stop") : tr("Run"));
    m_run->setIcon(style()->standardIcon(live ? QStyle::SP_MediaStop : QStyle::SP_MediaPlay));
    m_host->setEnabled(!live);
    m_port->setEnabled(!live);
    m_docs->setEnabled(state == State::Running);
    m_usePort->setVisible(state == State::Failed && m_controller->suggestedPort() != 0);
    m_usePort->setText(tr("Use port %1").arg(m_controller->suggestedPort()));

    // A coloured dot says the state at a glance; the words say what is going on.
    using theme::Tone;
    const Tone tone = state == State::Running ? (m_controller->statusIsWarning() ? Tone::Warning : Tone::Success)
                      : state == State::Failed ? Tone::Error
                                               : Tone::Muted;
    const QString colour = theme::toneColor(tone, palette()).name();
    const QString words = state == State::Running ? tr("Running") : state == State::Starting ? tr("Starting")
                          : state == State::Failed ? tr("Failed") : tr("Stopped");
    m_state->setText(u"<span style='color:%1'>●</span> %2"_s.arg(colour, words));
    m_state->setToolTip(m_controller->statusText());
    const QString url = m_controller->baseUrl().toString();
    // The link colour is spelled out: QLabel keeps a rich text's first link colour through palette changes.
    m_url->setText(url.isEmpty() ? QString()
                                 : u"&nbsp;<a href='%1' style='color:%2'>%1</a>&nbsp;"_s.arg(
                                       url.toHtmlEscaped(), palette().color(QPalette::Link).name()));
}

} // namespace portico::ui
