#pragma once

#include "operationref.h"

#include "core/json.h"

#include <optional>

#include <QGroupBox>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace portico::ui {

class ProjectSession;

// `x-portico-stream` (docs/extensions.md) of the operation's streaming responses: the media types
// text/event-stream and application/x-ndjson (or application/jsonl). Interval, count, SSE event name and
// retry, and the schema of one item. A setting left at its default is not written; a stream with only
// defaults has no extension at all.
class StreamSettingsBox final : public QGroupBox
{
    Q_OBJECT

public:
    explicit StreamSettingsBox(ProjectSession *session, QWidget *parent = nullptr);

    void setOperation(const OperationRef &operation);
    static bool isStreamingMediaType(const QString &mediaType);
    // "200 text/event-stream" entries of the operation; the selected one is what the fields edit.
    QStringList targets() const;
    QString streamPointer() const; // <media type>/x-portico-stream of the selected target

    QComboBox *targetCombo() const { return m_target; }
    QSpinBox *intervalBox() const { return m_interval; }
    QSpinBox *countBox() const { return m_count; }
    QLineEdit *eventEdit() const { return m_event; }
    QSpinBox *retryBox() const { return m_retry; }
    QComboBox *itemSchemaCombo() const { return m_itemSchema; }

private:
    struct Target
    {
        QString label;
        QString mediaPointer;
        bool sse = false;
    };

    void refresh();
    QList<Target> readTargets() const;
    // Sets (or, for std::nullopt, removes) one key of the stream object as one undo step.
    void setKey(const QString &key, const std::optional<core::Json> &value, int mergeId);

    ProjectSession *m_session;
    OperationRef m_operation;
    QList<Target> m_targets;
    QLabel *m_none;
    QWidget *m_fields;
    QComboBox *m_target;
    QSpinBox *m_interval;
    QSpinBox *m_count;
    QLineEdit *m_event;
    QSpinBox *m_retry;
    QComboBox *m_itemSchema;
    bool m_refreshing = false;
};

} // namespace portico::ui
