#include "workbench.h"

#include "documentopener.h"
#include "mainwindow.h"
#include "projectsession.h"
#include "projecttreemodel.h"
#include "theme.h"

#include "core/json.h"

#include <QUndoStack>

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QIcon>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <ctime>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace portico::ui {

namespace {

// Milliseconds since the kernel started this process, so a start-up time includes loading the shared
// libraries and static initialisation, which happen before main(). -1 where /proc does not say (the
// resolution is the clock tick, 10 ms on Linux).
qint64 msSinceProcessStart()
{
#ifdef Q_OS_LINUX
    QFile stat(u"/proc/self/stat"_s);
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    // Field 22, starttime; counted after the command name, which may hold spaces and parentheses.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 20)
        return -1;
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    const qint64 startMs = fields[19].toLongLong() * 1000 / sysconf(_SC_CLK_TCK);
    return qint64(now.tv_sec) * 1000 + now.tv_nsec / 1000000 - startMs;
#else
    return -1;
#endif
}

void report(const char *key, qint64 value)
{
    std::printf("portico-bench: %s=%lld\n", key, static_cast<long long>(value));
    std::fflush(stdout);
}

} // namespace

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
    window.show();
    if (!file.isEmpty() && window.session()->isUntitled())
        window.beginOpen(QFileInfo(file).absoluteFilePath());
    if (quitAfterShown) {
        // Benchmarks and smoke tests (bench/gui/run.sh, bench/large-specs, see workbench.h): report the times
        // once the window is shown and the event loop runs, and once the file is open; stay as long as asked,
        // leave without questions.
        auto quitLater = [&] {
            report("pid", QCoreApplication::applicationPid());
            QTimer::singleShot(qEnvironmentVariableIntValue("PORTICO_EXIT_AFTER_SHOWN"), &window, [&] {
                window.session()->undoStack()->setClean();
                window.close();
            });
        };
        // The event loop's worst lateness while the file opens: a 10 ms timer that should fire on time.
        auto *heartbeat = new QTimer(&window);
        heartbeat->setInterval(10);
        QElapsedTimer sinceBeat;
        qint64 worstLateMs = 0;
        QObject::connect(heartbeat, &QTimer::timeout, &window, [&] {
            worstLateMs = std::max(worstLateMs, sinceBeat.restart() - 10);
        });
        QTimer::singleShot(0, &window, [&] {
            report("shown-since-process-start-ms", msSinceProcessStart());
            report("shown-since-main-ms", startup.elapsed());
            if (file.isEmpty()) {
                quitLater();
                return;
            }
            sinceBeat.start();
            heartbeat->start();
        });
        auto reportOpened = [&] {
            heartbeat->stop();
            report("open-ms", startup.elapsed()); // since main: read, parsed, converted, tree built
            report("max-event-loop-lateness-ms", worstLateMs);
            // Counted in the tree model, to show the tree really is populated.
            QHash<int, qint64> kinds;
            const auto *tree = window.treeModel();
            std::function<void(const QModelIndex &)> count = [&](const QModelIndex &parent) {
                for (int r = 0; r < tree->rowCount(parent); ++r) {
                    const QModelIndex child = tree->index(r, 0, parent);
                    ++kinds[child.data(ProjectTreeModel::KindRole).toInt()];
                    count(child);
                }
            };
            count({});
            report("tree-endpoints", kinds.value(int(ProjectTreeModel::Kind::Endpoint)));
            report("tree-models", kinds.value(int(ProjectTreeModel::Kind::Model)));
            // One edit, as typing in a form makes it: how long it holds the GUI thread, and the event loop's
            // worst lateness while the views follow and the checks re-run (1 s).
            QElapsedTimer edit;
            edit.start();
            window.session()->setValue(u"/info/title"_s, core::Json(u"Edited title"_s), u"Edit title"_s);
            report("edit-ms", edit.elapsed());
            worstLateMs = 0;
            sinceBeat.restart();
            heartbeat->start();
            QTimer::singleShot(1000, &window, [&] {
                heartbeat->stop();
                report("edit-max-event-loop-lateness-ms", worstLateMs);
                quitLater();
            });
        };
        // After the window's own handler has installed the document (connected first).
        QObject::connect(window.opener(), &DocumentOpener::opened, &window, [&] { QTimer::singleShot(0, &window, reportOpened); });
        QObject::connect(window.opener(), &DocumentOpener::failed, &window, [&] { quitLater(); });
    }
    return app.exec();
}

} // namespace portico::ui
