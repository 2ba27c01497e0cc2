#pragma once

#include <QFuture>
#include <QPromise>
#include <QThreadPool>

#include <memory>
#include <type_traits>

namespace portico::ui {

// Runs `work` on Qt's global thread pool and returns the future of its result. A QFutureWatcher owned by a
// widget delivers the result on the GUI thread; giving the watcher another future (or destroying it) drops
// a result nobody waits for any more. `work` must only touch values it owns (copies of documents are cheap).
template<typename Work>
QFuture<std::invoke_result_t<Work>> runInBackground(Work work)
{
    using T = std::invoke_result_t<Work>;
    auto promise = std::make_shared<QPromise<T>>();
    QFuture<T> future = promise->future();
    promise->start();
    QThreadPool::globalInstance()->start([promise, work = std::move(work)]() mutable {
        promise->addResult(work());
        promise->finish();
    });
    return future;
}

} // namespace portico::ui
