#pragma once

#include "operationref.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
class QTableView;

namespace portico::ui {

class FaultsModel;
class ProjectSession;
class RulesBox;
class StreamSettingsBox;

// How the mock answers this operation, written as the `x-portico-*` extensions of docs/extensions.md (and
// read back by mock/routetable.cpp): latency, faults, rules, stream settings, the security requirement and
// the rate limit. A setting left empty removes its key, so the file holds only what was chosen. Path-level
// values the operation inherits are shown next to the field that would override them.
class MockBehaviourPane final : public QWidget
{
    Q_OBJECT

public:
    explicit MockBehaviourPane(ProjectSession *session, QWidget *parent = nullptr);

    void setOperation(const OperationRef &operation);

    enum class LatencyMode { None, Fixed, Range };
    void setLatency(LatencyMode mode, int minMs, int maxMs = 0);

    QComboBox *latencyMode() const { return m_latencyMode; }
    QSpinBox *latencyMin() const { return m_latencyMin; }
    QSpinBox *latencyMax() const { return m_latencyMax; }
    FaultsModel *faultsModel() const { return m_faults; }
    QTableView *faultsView() const { return m_faultsView; }
    RulesBox *rules() const { return m_rules; }
    StreamSettingsBox *streams() const { return m_streams; }
    QComboBox *securityCombo() const { return m_security; }
    QSpinBox *rateLimitRequests() const { return m_rateRequests; }
    QDoubleSpinBox *rateLimitSeconds() const { return m_rateSeconds; }
    // "Inherited from the path ..." when the operation has no latency of its own and its path item has one.
    QString latencyHint() const;

private:
    void refresh();
    void writeLatency();
    void writeRateLimit(int mergeId);
    void writeSecurity();
    QString inheritedText(const QString &key) const;

    ProjectSession *m_session;
    OperationRef m_operation;
    QComboBox *m_latencyMode;
    QSpinBox *m_latencyMin;
    QSpinBox *m_latencyMax;
    QLabel *m_latencyInherited;
    FaultsModel *m_faults;
    QTableView *m_faultsView;
    QLabel *m_faultsInherited;
    RulesBox *m_rules;
    StreamSettingsBox *m_streams;
    QComboBox *m_security;
    QSpinBox *m_rateRequests;
    QDoubleSpinBox *m_rateSeconds;
    QLabel *m_rateInherited;
    bool m_refreshing = false;
};

} // namespace portico::ui
