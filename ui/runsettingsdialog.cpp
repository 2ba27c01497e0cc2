#include "runsettingsdialog.h"

#include "projectsession.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QThread>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace portico::ui {

RunSettingsDialog::RunSettingsDialog(ProjectSession *session, QWidget *parent)
    : QDialog(parent), m_session(session), m_threads(new QSpinBox), m_seed(new QLineEdit), m_lax(new QCheckBox),
      m_strict(new QCheckBox), m_cors(new QCheckBox), m_origins(new QLineEdit), m_proxy(new QLineEdit),
      m_proxyAll(new QCheckBox), m_dataFile(new QLineEdit)
{
    setWindowTitle(tr("Run settings"));
    auto *form = new QFormLayout;
    m_threads->setRange(0, 256);
    m_threads->setSpecialValueText(tr("one per core (%1)").arg(QThread::idealThreadCount()));
    form->addRow(tr("&Threads"), m_threads);
    m_seed->setValidator(new QRegularExpressionValidator(QRegularExpression(u"\\d{0,19}"_s), m_seed));
    m_seed->setPlaceholderText(u"0"_s);
    m_seed->setToolTip(tr("Seeds generated data, latency ranges, faults and new ids: the same seed gives the same answers."));
    form->addRow(tr("&Seed"), m_seed);
    m_lax->setText(tr("Lax request bodies (pydantic's lax mode: \"42\" counts as 42)"));
    form->addRow(QString(), m_lax);
    m_strict->setText(tr("Strict responses (a mock response that breaks its schema becomes a 500)"));
    form->addRow(QString(), m_strict);
    m_cors->setText(tr("Answer CORS preflights and add CORS headers"));
    form->addRow(tr("CORS"), m_cors);
    m_origins->setPlaceholderText(tr("any origin; or a comma-separated list"));
    form->addRow(tr("Allowed &origins"), m_origins);
    connect(m_cors, &QCheckBox::toggled, m_origins, &QWidget::setEnabled);
    m_proxy->setPlaceholderText(u"https://staging.example.com"_s);
    m_proxy->setToolTip(tr("Requests that match no operation are forwarded to this server."));
    form->addRow(tr("&Proxy URL"), m_proxy);
    m_proxyAll->setText(tr("Forward every request and check both directions against the document"));
    form->addRow(QString(), m_proxyAll);
    auto *dataRow = new QHBoxLayout;
    m_dataFile->setPlaceholderText(tr("none: resources live in memory"));
    m_dataFile->setToolTip(tr("x-portico-resource collections are loaded from and saved to this JSON file."));
    auto *browse = new QPushButton(tr("Browse…"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Data file"), m_dataFile->text(), tr("JSON (*.json)"),
                                                          nullptr, QFileDialog::DontConfirmOverwrite);
        if (path.isEmpty())
            return;
        // Relative to the project file, so the project folder can move.
        const QString project = m_session->filePath();
        m_dataFile->setText(project.isEmpty() ? path : QFileInfo(project).absoluteDir().relativeFilePath(path));
    });
    dataRow->addWidget(m_dataFile);
    dataRow->addWidget(browse);
    form->addRow(tr("&Data file"), dataRow);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        apply();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    setSettings(mock::readProjectSettings(session->document()->root()));
}

void RunSettingsDialog::setSettings(const mock::ProjectSettings &s)
{
    m_loaded = s;
    m_threads->setValue(s.threads);
    m_seed->setText(s.mock.seed ? QString::number(s.mock.seed) : QString());
    m_lax->setChecked(s.mock.lax);
    m_strict->setChecked(s.mock.strictResponses);
    m_cors->setChecked(s.mock.cors);
    m_origins->setText(s.mock.corsOrigins.join(u", "_s));
    m_origins->setEnabled(s.mock.cors);
    m_proxy->setText(s.mock.proxyUrl);
    m_proxyAll->setChecked(s.mock.proxyAll);
    m_dataFile->setText(s.dataFile);
}

mock::ProjectSettings RunSettingsDialog::settings() const
{
    mock::ProjectSettings s = m_loaded;
    s.threads = m_threads->value();
    s.mock.seed = m_seed->text().toULongLong();
    s.mock.lax = m_lax->isChecked();
    s.mock.strictResponses = m_strict->isChecked();
    s.mock.cors = m_cors->isChecked();
    s.mock.corsOrigins.clear();
    for (const QString &origin : m_origins->text().split(u',', Qt::SkipEmptyParts)) {
        if (!origin.trimmed().isEmpty())
            s.mock.corsOrigins.append(origin.trimmed());
    }
    s.mock.proxyUrl = m_proxy->text().trimmed();
    s.mock.proxyAll = m_proxyAll->isChecked() && !s.mock.proxyUrl.isEmpty();
    s.dataFile = m_dataFile->text().trimmed();
    return s;
}

bool RunSettingsDialog::apply()
{
    const mock::ProjectSettings wanted = settings();
    return m_session->edit(tr("Change run settings"), [&wanted](core::ApiDocument &document) {
        const core::Json &current = document.value(u"/x-portico");
        const core::Json updated = mock::writeProjectSettings(current, wanted);
        if (updated == current || (updated.toObject().isEmpty() && !current.isObject()))
            return false;
        if (updated.toObject().isEmpty()) // back to the defaults: no empty object left in the file
            return document.removeValue(u"/x-portico"_s);
        return document.setValue(u"/x-portico"_s, updated);
    });
}

} // namespace portico::ui
