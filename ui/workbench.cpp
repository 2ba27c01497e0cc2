#include "workbench.h"

#include "mainwindow.h"
#include "projectsession.h"
#include "theme.h"

#include <QUndoStack>

#include <QApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QIcon>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace portico::ui {

bool guiAvailable()
{
    if (qEnvironmentVariableIsSet("PORTICO_EXIT_AFTER_SHOWN"))
        return true;
    const QString platform = qEnvironmentVariable("QT_QPA_PLATFORM");
    if (!platform.isEmpty())
        return platform != u"offscreen" && platform != u"minimal";
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
}

int runWorkbench(int &argc, char **argv, const QString &file)
{
    QElapsedTimer startup;
    startup.start();
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"portico"_s);
    QApplication::setApplicationDisplayName(u"Portico"_s);
    QApplication::setApplicationVersion(QStringLiteral(PORTICO_VERSION));
    QApplication::setOrganizationName(u"Portico"_s);
    QApplication::setDesktopFileName(u"portico"_s);
    QApplication::setWindowIcon(QIcon(u":/icons/portico.svg"_s));
    // Before the first widget exists, so nothing is drawn in the platform look and then redrawn.
    theme::apply(theme::saved());

    MainWindow window;
    const bool quitAfterShown = qEnvironmentVariableIsSet("PORTICO_EXIT_AFTER_SHOWN");
    if (!quitAfterShown)
        window.offerRecovery();
    if (!file.isEmpty() && window.session()->isUntitled() && !window.openFile(QFileInfo(file).absoluteFilePath()))
        return 2;
    window.show();
    if (quitAfterShown) {
        // Benchmarks and smoke tests: report the time to a shown window and leave.
        QTimer::singleShot(0, &window, [&] {
            std::printf("window shown in %lld ms\n", static_cast<long long>(startup.elapsed()));
            std::fflush(stdout);
            window.session()->undoStack()->setClean();
            window.close();
        });
    }
    return app.exec();
}

} // namespace portico::ui
