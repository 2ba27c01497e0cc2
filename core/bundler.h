#pragma once

#include "documentio.h"
#include "json.h"
#include "openapiconvert.h"
#include "result.h"

#include <QStringList>

namespace portico::core {

// A document split over several local files, made one: every `$ref` to another file (relative path, optional
// JSON pointer fragment; recursively, cycles included) is replaced by a local `$ref` to a copy of its target in
// `components` (Swagger 2.0: `definitions`, `parameters`, `responses`), named after the target with a suffix on
// collisions; path items are copied in place. Works on Swagger 2.0, OpenAPI 3.0 and 3.1 without converting.
// Refuses, naming the `$ref` and where it is written, a URL (no network access) and a path outside the root
// file's folder tree (no path escape, symlinks included).
struct BundleResult
{
    Json document;
    QStringList files; // every file read, the root first (canonical paths)
};

Result<BundleResult> bundleDocument(const QString &path, QList<ConversionWarning> *warnings = nullptr);
// `root.path` locates the relative references; the file itself is not read again.
Result<BundleResult> bundleDocument(const LoadedFile &root, QList<ConversionWarning> *warnings = nullptr);

// Whether any `$ref` points outside the document (a quick scan; a false positive only costs a bundle pass).
bool hasExternalRefs(const Json &document);

} // namespace portico::core
