#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <optional>

namespace portico::mock {

struct StaticAsset
{
    QByteArray contentType; // with charset=utf-8 for text: Chromium misreads swagger-ui-bundle.js without it
    QByteArray body;
};

// The built-in documentation pages, as FastAPI serves them: Swagger UI at /docs and ReDoc at /redoc, plus the
// scripts, stylesheet and icon those pages load. The same paths also answer under /_portico (for a mocked API
// that has its own /docs); each page then loads its assets from under that prefix. `title` is shown as the
// page title (HTML-escaped) and `openApiUrl` is where the page fetches the document from. Any other path gives
// nullopt.
//
// The assets come from the npm packages swagger-ui-dist and redoc, embedded by mock/docsassets.cmake (its
// portico_add_docs_assets() must be applied to the target that compiles this file). They are read from the
// resource once, on first use, and shared afterwards; safe to call from any thread.
std::optional<StaticAsset> docsAsset(QStringView path, const QString &title, const QString &openApiUrl);

} // namespace portico::mock
