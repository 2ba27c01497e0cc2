#include "streamsettingsbox.h"

#include "fieldschema.h"
#include "projectsession.h"

#include "core/jsonpointer.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;
using core::JsonObject;

namespace {
// One merge id per setting: typing in one spin box is one undo step, the next setting another.
constexpr int kIntervalMergeId = 0x5331;
constexpr int kCountMergeId = 0x5332;
constexpr int kEventMergeId = 0x5333;
constexpr int kRetryMergeId = 0x5334;
const QString kInlineItem = u"(inline)"_s;
} // namespace

StreamSettingsBox::StreamSettingsBox(ProjectSession *session, QWidget *parent)
    : QGroupBox(tr("Streaming"), parent), m_session(session), m_none(new QLabel(this)), m_fields(new QWidget(this)),
      m_target(new QComboBox(m_fields)), m_interval(new QSpinBox(m_fields)), m_count(new QSpinBox(m_fields)),
      m_event(new QLineEdit(m_fields)), m_retry(new QSpinBox(m_fields)), m_itemSchema(new QComboBox(m_fields))
{
    setObjectName(u"streams"_s);
    m_target->setObjectName(u"streamTarget"_s);
    m_interval->setObjectName(u"streamInterval"_s);
    m_count->setObjectName(u"streamCount"_s);
    m_event->setObjectName(u"streamEvent"_s);
    m_retry->setObjectName(u"streamRetry"_s);
    m_itemSchema->setObjectName(u"streamItemSchema"_s);
    // -1 stands for "not set": the engine's default applies and nothing is written.
    m_interval->setRange(-1, 3600000);
    m_interval->setSpecialValueText(tr("default (1000 ms)"));
    m_interval->setSuffix(tr(" ms"));
    m_count->setRange(-1, 1000000);
    m_count->setSpecialValueText(tr("default (10)"));
    m_count->setToolTip(tr("0 streams until the client disconnects"));
    m_retry->setRange(-1, 3600000);
    m_retry->setSpecialValueText(tr("none"));
    m_retry->setSuffix(tr(" ms"));
    m_event->setPlaceholderText(tr("message (the default SSE event)"));

    auto *layout = new QVBoxLayout(this);
    m_none->setWordWrap(true);
    m_none->setText(tr("No streaming response: add text/event-stream or application/x-ndjson to a response to stream it."));
    layout->addWidget(m_none);
    auto *form = new QFormLayout(m_fields);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Response"), m_target);
    form->addRow(tr("Interval"), m_interval);
    form->addRow(tr("Count"), m_count);
    form->addRow(tr("Event name"), m_event);
    form->addRow(tr("Retry"), m_retry);
    form->addRow(tr("Item schema"), m_itemSchema);
    layout->addWidget(m_fields);

    connect(m_target, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_refreshing)
            refresh();
    });
    connect(m_interval, &QSpinBox::valueChanged, this, [this](int v) {
        setKey(u"interval_ms"_s, v < 0 ? std::nullopt : std::optional(Json(v)), kIntervalMergeId);
    });
    connect(m_count, &QSpinBox::valueChanged, this, [this](int v) {
        setKey(u"count"_s, v < 0 ? std::nullopt : std::optional(Json(v)), kCountMergeId);
    });
    connect(m_event, &QLineEdit::textEdited, this, [this](const QString &t) {
        setKey(u"event"_s, t.trimmed().isEmpty() ? std::nullopt : std::optional(Json(t.trimmed())), kEventMergeId);
    });
    connect(m_retry, &QSpinBox::valueChanged, this, [this](int v) {
        setKey(u"retry_ms"_s, v < 0 ? std::nullopt : std::optional(Json(v)), kRetryMergeId);
    });
    connect(m_itemSchema, &QComboBox::activated, this, [this] {
        const QString model = m_itemSchema->currentData().toString();
        if (model == kInlineItem)
            return;
        setKey(u"item_schema"_s,
               model.isEmpty() ? std::nullopt
                               : std::optional(Json(JsonObject{{u"$ref"_s, Json(fieldschema::kRefPrefix.toString() + model)}})),
               -1);
    });
    followOperation(session->document(), this, m_operation, [this] { refresh(); });
}

bool StreamSettingsBox::isStreamingMediaType(const QString &mediaType)
{
    const QString m = mediaType.toLower();
    return m == u"text/event-stream" || m == u"application/x-ndjson" || m == u"application/jsonl";
}

void StreamSettingsBox::setOperation(const OperationRef &operation)
{
    m_operation = operation;
    refresh();
}

QList<StreamSettingsBox::Target> StreamSettingsBox::readTargets() const
{
    QList<Target> out;
    if (const auto ep = m_session->document()->endpoint(m_operation.path, m_operation.method)) {
        for (const core::ApiResponse &r : ep->responses) {
            for (const core::ApiMediaType &m : r.content) {
                if (isStreamingMediaType(m.name))
                    out.append({r.status + u' ' + m.name, m.pointer, m.name.toLower() == u"text/event-stream"});
            }
        }
    }
    return out;
}

QStringList StreamSettingsBox::targets() const
{
    QStringList out;
    for (const Target &t : m_targets)
        out << t.label;
    return out;
}

QString StreamSettingsBox::streamPointer() const
{
    const int i = m_target->currentIndex();
    return i >= 0 && i < m_targets.size() ? m_targets[i].mediaPointer + u"/x-portico-stream"_s : QString();
}

void StreamSettingsBox::refresh()
{
    if (m_operation.isEmpty())
        return;
    m_refreshing = true;
    m_targets = readTargets();
    const QStringList labels = targets();
    QStringList shown;
    for (int i = 0; i < m_target->count(); ++i)
        shown << m_target->itemText(i);
    if (shown != labels) {
        const QString keep = m_target->currentText();
        m_target->clear();
        m_target->addItems(labels);
        m_target->setCurrentIndex(std::max(0, int(labels.indexOf(keep))));
    }
    m_none->setVisible(m_targets.isEmpty());
    m_fields->setVisible(!m_targets.isEmpty());
    const int i = m_target->currentIndex();
    if (i >= 0 && i < m_targets.size()) {
        const Json &stream = m_session->document()->value(streamPointer());
        const bool sse = m_targets[i].sse;
        auto setSpin = [](QSpinBox *box, const Json &v) {
            const int value = v.isNumber() ? int(v.toInteger()) : -1;
            if (box->value() != value) {
                const QSignalBlocker block(box);
                box->setValue(value);
            }
        };
        setSpin(m_interval, stream[u"interval_ms"]);
        setSpin(m_count, stream[u"count"]);
        setSpin(m_retry, stream[u"retry_ms"]);
        if (m_event->text() != stream[u"event"].toString())
            m_event->setText(stream[u"event"].toString());
        m_event->setEnabled(sse);
        m_retry->setEnabled(sse);
        // The item schema: a model, nothing (the examples are sent instead), or an inline schema kept as it is.
        const QSignalBlocker block(m_itemSchema);
        m_itemSchema->clear();
        m_itemSchema->addItem(tr("None (send the examples)"), QString());
        for (const QString &model : m_session->document()->modelNames())
            m_itemSchema->addItem(model, model);
        const Json &item = stream[u"item_schema"];
        const QString ref = item[u"$ref"].toString();
        if (item.isNull()) {
            m_itemSchema->setCurrentIndex(0);
        } else if (item.toObject().size() == 1 && ref.startsWith(fieldschema::kRefPrefix)
                   && m_itemSchema->findData(ref.mid(fieldschema::kRefPrefix.size())) >= 0) {
            m_itemSchema->setCurrentIndex(m_itemSchema->findData(ref.mid(fieldschema::kRefPrefix.size())));
        } else {
            m_itemSchema->addItem(tr("Inline schema (edit in Raw)"), kInlineItem);
            m_itemSchema->setCurrentIndex(m_itemSchema->count() - 1);
        }
    }
    m_refreshing = false;
}

void StreamSettingsBox::setKey(const QString &key, const std::optional<Json> &value, int mergeId)
{
    const QString pointer = streamPointer();
    if (m_refreshing || pointer.isEmpty())
        return;
    const Json &current = m_session->document()->value(pointer);
    JsonObject stream = current.toObject();
    if (value)
        stream.insert(key, *value);
    else
        stream.remove(key);
    const QString what = tr("the %1 of the %2 stream of %3").arg(key, m_target->currentText(), m_operation.label());
    if (stream.isEmpty())
        m_session->removeValue(pointer, tr("Reset %1").arg(what));
    else
        m_session->setValue(pointer, Json(stream), value ? tr("Set %1").arg(what) : tr("Reset %1").arg(what), mergeId);
}

} // namespace portico::ui
