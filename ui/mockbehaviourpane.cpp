#include "mockbehaviourpane.h"

#include "choicedelegate.h"
#include "faultsmodel.h"
#include "projectsession.h"
#include "rulesbox.h"
#include "streamsettingsbox.h"
#include "theme.h"

#include "core/jsonwriter.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;
using core::JsonArray;
using core::JsonObject;

namespace {

constexpr int kLatencyMergeId = 0x4c41;
constexpr int kRateRequestsMergeId = 0x524c;
constexpr int kRateSecondsMergeId = 0x5253;

const QString kDefaultSecurity = u"default"_s;
const QString kNoSecurity = u"none"_s;
const QString kCustomSecurity = u"custom"_s;
const QString kSchemePrefix = u"scheme:"_s;

QLabel *hintLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    theme::tint(label, theme::Tone::Muted);
    return label;
}

} // namespace

MockBehaviourPane::MockBehaviourPane(ProjectSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_latencyMode(new QComboBox(this)), m_latencyMin(new QSpinBox(this)),
      m_latencyMax(new QSpinBox(this)), m_latencyInherited(hintLabel(this)), m_faults(new FaultsModel(session, this)),
      m_faultsView(new QTableView(this)), m_faultsInherited(hintLabel(this)), m_rules(new RulesBox(session, this)),
      m_streams(new StreamSettingsBox(session, this)), m_security(new QComboBox(this)), m_rateRequests(new QSpinBox(this)),
      m_rateSeconds(new QDoubleSpinBox(this)), m_rateInherited(hintLabel(this))
{
    m_latencyMode->setObjectName(u"latencyMode"_s);
    m_latencyMin->setObjectName(u"latencyMin"_s);
    m_latencyMax->setObjectName(u"latencyMax"_s);
    m_faultsView->setObjectName(u"faults"_s);
    m_security->setObjectName(u"security"_s);
    m_rateRequests->setObjectName(u"rateLimitRequests"_s);
    m_rateSeconds->setObjectName(u"rateLimitSeconds"_s);

    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    outer->addWidget(scroll);
    auto *content = new QWidget(scroll);
    scroll->setWidget(content);
    auto *layout = new QVBoxLayout(content);

    // Latency: none, a fixed delay, or a uniform range.
    auto *latency = new QGroupBox(tr("Latency"), content);
    auto *latencyLayout = new QVBoxLayout(latency);
    auto *latencyRow = new QHBoxLayout;
    m_latencyMode->addItem(tr("None"), int(LatencyMode::None));
    m_latencyMode->addItem(tr("Fixed"), int(LatencyMode::Fixed));
    m_latencyMode->addItem(tr("Random range"), int(LatencyMode::Range));
    for (QSpinBox *box : {m_latencyMin, m_latencyMax}) {
        box->setRange(0, 600000);
        box->setSuffix(tr(" ms"));
    }
    m_latencyMin->setValue(100);
    m_latencyMax->setValue(500);
    latencyRow->addWidget(m_latencyMode);
    latencyRow->addWidget(m_latencyMin);
    latencyRow->addWidget(new QLabel(tr("to"), latency));
    latencyRow->addWidget(m_latencyMax);
    latencyRow->addStretch(1);
    latencyLayout->addLayout(latencyRow);
    latencyLayout->addWidget(m_latencyInherited);
    layout->addWidget(latency);

    auto *faults = new QGroupBox(tr("Faults (rolled in order on every request)"), content);
    auto *faultsLayout = new QVBoxLayout(faults);
    m_faultsView->setModel(m_faults);
    m_faultsView->setItemDelegateForColumn(FaultsModel::Kind,
                                           new ChoiceDelegate([](const QModelIndex &) { return FaultsModel::kinds(); }, false, m_faultsView));
    m_faultsView->horizontalHeader()->setStretchLastSection(true);
    m_faultsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_faultsView->setMinimumHeight(90);
    m_faultsView->setMaximumHeight(160);
    faultsLayout->addWidget(m_faultsView);
    auto *faultButtons = new QHBoxLayout;
    auto *addFault = new QPushButton(tr("Add fault"), faults);
    auto *removeFault = new QPushButton(tr("Remove"), faults);
    addFault->setObjectName(u"addFault"_s);
    removeFault->setObjectName(u"removeFault"_s);
    faultButtons->addWidget(addFault);
    faultButtons->addWidget(removeFault);
    faultButtons->addStretch(1);
    faultsLayout->addLayout(faultButtons);
    faultsLayout->addWidget(m_faultsInherited);
    layout->addWidget(faults);

    layout->addWidget(m_rules);
    layout->addWidget(m_streams);

    auto *access = new QGroupBox(tr("Access"), content);
    auto *accessForm = new QFormLayout(access);
    accessForm->addRow(tr("Security"), m_security);
    auto *rateRow = new QHBoxLayout;
    m_rateRequests->setRange(0, 1000000);
    m_rateRequests->setSpecialValueText(tr("no limit"));
    m_rateRequests->setSuffix(tr(" requests"));
    m_rateSeconds->setRange(0.1, 86400);
    m_rateSeconds->setDecimals(1);
    m_rateSeconds->setValue(60);
    m_rateSeconds->setPrefix(tr("per "));
    m_rateSeconds->setSuffix(tr(" s"));
    rateRow->addWidget(m_rateRequests);
    rateRow->addWidget(m_rateSeconds);
    rateRow->addStretch(1);
    accessForm->addRow(tr("Rate limit"), rateRow);
    accessForm->addRow(QString(), m_rateInherited);
    layout->addWidget(access);
    layout->addStretch(1);

    connect(m_latencyMode, &QComboBox::activated, this, &MockBehaviourPane::writeLatency);
    connect(m_latencyMin, &QSpinBox::valueChanged, this, &MockBehaviourPane::writeLatency);
    connect(m_latencyMax, &QSpinBox::valueChanged, this, &MockBehaviourPane::writeLatency);
    connect(addFault, &QPushButton::clicked, this, [this] {
        const int row = m_faults->addFault();
        if (row >= 0)
            m_faultsView->setCurrentIndex(m_faults->index(row, 0));
    });
    connect(removeFault, &QPushButton::clicked, this, [this] { m_faults->removeFault(m_faultsView->currentIndex().row()); });
    connect(m_security, &QComboBox::activated, this, &MockBehaviourPane::writeSecurity);
    connect(m_rateRequests, &QSpinBox::valueChanged, this, [this] { writeRateLimit(kRateRequestsMergeId); });
    connect(m_rateSeconds, &QDoubleSpinBox::valueChanged, this, [this] { writeRateLimit(kRateSecondsMergeId); });

    followOperation(session->document(), this, m_operation, [this] { refresh(); });
}

void MockBehaviourPane::setOperation(const OperationRef &operation)
{
    m_operation = operation;
    m_faults->setOperation(operation);
    m_rules->setOperation(operation);
    m_streams->setOperation(operation);
    refresh();
}

QString MockBehaviourPane::latencyHint() const
{
    return m_latencyInherited->text();
}

QString MockBehaviourPane::inheritedText(const QString &key) const
{
    const core::ApiDocument *doc = m_session->document();
    const Json &own = doc->value(QString(m_operation.pointer() + u'/' + key));
    const Json &shared = doc->value(QString(m_operation.pathItemPointer() + u'/' + key));
    if (!own.isNull() || shared.isNull())
        return {};
    return tr("Inherited from the path %1: %2 (a value here overrides it).")
        .arg(m_operation.path, QString::fromUtf8(core::toJson(shared)));
}

void MockBehaviourPane::refresh()
{
    if (m_operation.isEmpty())
        return;
    m_refreshing = true;
    const core::ApiDocument *doc = m_session->document();
    const QString op = m_operation.pointer();

    // Latency: a number of ms, or "min..max" (mock/routetable.cpp reads both).
    const Json &latency = doc->value(QString(op + u"/x-portico-latency"_s));
    LatencyMode mode = LatencyMode::None;
    if (latency.isNumber()) {
        mode = LatencyMode::Fixed;
        m_latencyMin->setValue(int(latency.toInteger()));
    } else if (latency.isString()) {
        const QStringList parts = latency.toString().split(u".."_s);
        if (parts.size() == 2) {
            mode = LatencyMode::Range;
            m_latencyMin->setValue(parts[0].trimmed().toInt());
            m_latencyMax->setValue(parts[1].trimmed().toInt());
        } else {
            mode = LatencyMode::Fixed;
            m_latencyMin->setValue(latency.toString().toInt());
        }
    }
    m_latencyMode->setCurrentIndex(m_latencyMode->findData(int(mode)));
    m_latencyMin->setEnabled(mode != LatencyMode::None);
    m_latencyMax->setEnabled(mode == LatencyMode::Range);
    m_latencyInherited->setText(inheritedText(u"x-portico-latency"_s));
    m_latencyInherited->setVisible(!m_latencyInherited->text().isEmpty());
    m_faultsInherited->setText(inheritedText(u"x-portico-faults"_s));
    m_faultsInherited->setVisible(!m_faultsInherited->text().isEmpty());

    // Security: the document's default, none, one scheme, or something richer kept as written.
    const JsonObject &opObject = doc->value(op).toObject();
    const Json *security = opObject.find(u"security");
    QStringList defaults;
    for (const Json &requirement : doc->root()[u"security"].toArray()) {
        QStringList all;
        for (const auto &[name, scopes] : requirement.toObject())
            all << name;
        defaults << (all.isEmpty() ? tr("none") : all.join(u" + "_s));
    }
    m_security->clear();
    m_security->addItem(tr("Document default (%1)").arg(defaults.isEmpty() ? tr("none") : defaults.join(tr(" or "))),
                        kDefaultSecurity);
    m_security->addItem(tr("None (public)"), kNoSecurity);
    for (const core::ApiSecurityScheme &s : doc->securitySchemes())
        m_security->addItem(QString(s.name + u" ("_s + s.type + (s.scheme.isEmpty() ? QString() : QString(u' ' + s.scheme)) + u')'),
                            QString(kSchemePrefix + s.name));
    QString current = kDefaultSecurity;
    if (security) {
        const JsonArray &list = security->toArray();
        if (list.empty())
            current = kNoSecurity;
        else if (list.size() == 1 && list[0].toObject().size() == 1 && list[0].toObject().at(0).second.toArray().empty())
            current = kSchemePrefix + list[0].toObject().at(0).first;
        if (current == kDefaultSecurity || m_security->findData(current) < 0) {
            m_security->addItem(tr("Custom: %1 (edit in Raw)").arg(QString::fromUtf8(core::toJson(*security))), kCustomSecurity);
            current = kCustomSecurity;
        }
    }
    m_security->setCurrentIndex(m_security->findData(current));

    // Rate limit: {requests, per_seconds}.
    const Json &limit = doc->value(QString(op + u"/x-portico-rate-limit"_s));
    m_rateRequests->setValue(limit.isObject() ? int(limit[u"requests"].toInteger()) : 0);
    if (limit.isObject())
        m_rateSeconds->setValue(limit[u"per_seconds"].toDouble(60));
    m_rateSeconds->setEnabled(m_rateRequests->value() > 0);
    m_rateInherited->setText(inheritedText(u"x-portico-rate-limit"_s));
    m_rateInherited->setVisible(!m_rateInherited->text().isEmpty());
    m_refreshing = false;
}

void MockBehaviourPane::setLatency(LatencyMode mode, int minMs, int maxMs)
{
    {
        const QSignalBlocker a(m_latencyMin), b(m_latencyMax);
        m_latencyMin->setValue(minMs);
        m_latencyMax->setValue(maxMs);
    }
    m_latencyMode->setCurrentIndex(m_latencyMode->findData(int(mode)));
    writeLatency();
}

void MockBehaviourPane::writeLatency()
{
    if (m_refreshing || m_operation.isEmpty())
        return;
    const auto mode = LatencyMode(m_latencyMode->currentData().toInt());
    const QString pointer = m_operation.pointer() + u"/x-portico-latency"_s;
    m_latencyMin->setEnabled(mode != LatencyMode::None);
    m_latencyMax->setEnabled(mode == LatencyMode::Range);
    if (mode == LatencyMode::None) {
        m_session->removeValue(pointer, tr("Remove the latency of %1").arg(m_operation.label()));
        return;
    }
    const int min = m_latencyMin->value();
    if (mode == LatencyMode::Fixed) {
        m_session->setValue(pointer, Json(min), tr("Set the latency of %1 to %2 ms").arg(m_operation.label()).arg(min),
                            kLatencyMergeId);
        return;
    }
    // The engine needs min <= max.
    if (m_latencyMax->value() < min) {
        const QSignalBlocker block(m_latencyMax);
        m_latencyMax->setValue(min);
    }
    const QString range = u"%1..%2"_s.arg(min).arg(m_latencyMax->value());
    m_session->setValue(pointer, Json(range), tr("Set the latency of %1 to %2 ms").arg(m_operation.label(), range),
                        kLatencyMergeId);
}

void MockBehaviourPane::writeRateLimit(int mergeId)
{
    if (m_refreshing || m_operation.isEmpty())
        return;
    const QString pointer = m_operation.pointer() + u"/x-portico-rate-limit"_s;
    const int requests = m_rateRequests->value();
    m_rateSeconds->setEnabled(requests > 0);
    if (requests <= 0) {
        m_session->removeValue(pointer, tr("Remove the rate limit of %1").arg(m_operation.label()));
        return;
    }
    const double seconds = m_rateSeconds->value();
    const Json per = seconds == std::floor(seconds) ? Json(qint64(seconds)) : Json(seconds);
    m_session->setValue(pointer, Json(JsonObject{{u"requests"_s, Json(requests)}, {u"per_seconds"_s, per}}),
                        tr("Limit %1 to %2 requests per %3 s").arg(m_operation.label()).arg(requests).arg(seconds), mergeId);
}

void MockBehaviourPane::writeSecurity()
{
    if (m_operation.isEmpty())
        return;
    const QString choice = m_security->currentData().toString();
    const QString pointer = m_operation.pointer() + u"/security"_s;
    if (choice == kDefaultSecurity)
        m_session->removeValue(pointer, tr("Use the document's security for %1").arg(m_operation.label()));
    else if (choice == kNoSecurity)
        m_session->setValue(pointer, Json(JsonArray{}), tr("Make %1 public").arg(m_operation.label()));
    else if (choice.startsWith(kSchemePrefix))
        m_session->setValue(pointer, Json(JsonArray{Json(JsonObject{{choice.mid(kSchemePrefix.size()), Json(JsonArray{})}})}),
                            tr("Secure %1 with %2").arg(m_operation.label(), choice.mid(kSchemePrefix.size())));
}

} // namespace portico::ui
