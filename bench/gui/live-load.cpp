// GUI responsiveness while the mock server runs under load from the window (bench/gui/live.sh).
//
// Opens PROJECT in the real workbench window, presses Run, and lets wrk (started by live.sh, paced to the
// requested rate) hammer one operation while the trace dock follows the tail. A 10 ms precise timer on the GUI
// thread measures how late the event loop serves it: that lateness is what a user feels as a sluggish window.
// Stops after --requests exchanges and prints the lateness distribution, the achieved rate, the trace dock's
// row count (bounded by its capacity) and the process RSS before and after.
#include "mock/mockserver.h"
#include "ui/mainwindow.h"
#include "ui/servercontroller.h"
#include "ui/servertoolbar.h"
#include "ui/tracedock.h"
#include "ui/tracetablemodel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSpinBox>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace portico;

namespace {

double rssMb()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return 0;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(p * double(values.size())))];
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addPositionalArgument(u"PROJECT"_s, u"OpenAPI document to run"_s);
    const QCommandLineOption requests(u"requests"_s, u"Stop after this many exchanges (100000)"_s, u"N"_s, u"100000"_s);
    const QCommandLineOption path(u"path"_s, u"Path to load (/items/1)"_s, u"PATH"_s, u"/items/1"_s);
    const QCommandLineOption loader(u"loader"_s, u"Load command; %URL is replaced by the target URL"_s, u"CMD"_s);
    parser.addOptions({requests, path, loader});
    parser.process(app);
    if (parser.positionalArguments().size() != 1 || !parser.isSet(loader)) {
        std::fprintf(stderr, "usage: portico-bench-gui-live PROJECT --loader 'wrk ... %%URL' [--requests N]\n");
        return 2;
    }

    ui::MainWindow window;
    window.askSaveChanges = [] { return ui::MainWindow::SaveAnswer::Discard; };
    if (!window.openFile(parser.positionalArguments().first()))
        return 1;
    window.resize(1400, 900);
    window.show();
    QElapsedTimer settle;
    settle.start();
    while (settle.elapsed() < 1000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    const double rssIdle = rssMb();

    window.serverToolBar()->portSpin()->setValue(0);
    window.serverController()->start(u"127.0.0.1"_s, 0);
    while (window.serverController()->state() == ui::ServerController::State::Starting)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    if (window.serverController()->state() != ui::ServerController::State::Running) {
        std::fprintf(stderr, "server did not start: %s\n", qPrintable(window.serverController()->statusText()));
        return 1;
    }
    const QString url = window.serverController()->baseUrl().toString() + parser.value(path);

    // The probe: how late does a 10 ms timer fire on the GUI thread?
    std::vector<double> lateness;
    QElapsedTimer clock;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(10);
    qint64 last = 0;
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (last > 0)
            lateness.push_back(std::max(0.0, double(now - last) / 1e6 - 10.0));
        last = now;
    });

    QProcess load;
    QStringList command = QProcess::splitCommand(parser.value(loader).replace(u"%URL"_s, url));
    load.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    load.start(command.takeFirst(), command);
    if (!load.waitForStarted()) {
        std::fprintf(stderr, "cannot start the loader\n");
        return 1;
    }
    clock.start();
    probe.start();

    const qint64 target = parser.value(requests).toLongLong();
    mock::MockServer *server = window.serverController()->server();
    QTimer watch;
    watch.setInterval(100);
    QObject::connect(&watch, &QTimer::timeout, [&] {
        if (server->requestCount() >= target || load.state() == QProcess::NotRunning)
            app.quit();
    });
    watch.start();
    app.exec();
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    probe.stop();
    const qint64 served = server->requestCount();
    load.terminate();
    load.waitForFinished(3000);
    // Let the last trace batches reach the dock before counting rows.
    QElapsedTimer drain;
    drain.start();
    while (drain.elapsed() < 300)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    const double rssAfter = rssMb();

    std::printf("requests served        %lld in %.1f s = %.0f req/s\n", served, seconds, double(served) / seconds);
    std::printf("GUI timer lateness     p50 %.2f ms, p99 %.2f ms, max %.2f ms (%zu samples of a 10 ms timer)\n",
                percentile(lateness, 0.50), percentile(lateness, 0.99),
                lateness.empty() ? 0.0 : *std::max_element(lateness.begin(), lateness.end()), lateness.size());
    std::printf("trace dock rows        %d (following the tail)\n", window.traceDock()->model()->rowCount());
    std::printf("RSS                    %.0f MB idle with the project open, %.0f MB after %lld requests\n", rssIdle,
                rssAfter, served);
    return 0;
}
