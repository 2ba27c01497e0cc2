#include "rulesbox.h"

#include "choicedelegate.h"
#include "codeeditor.h"
#include "projectsession.h"
#include "rulesmodel.h"
#include "theme.h"

#include "core/jsonparser.h"
#include "core/jsonpointer.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portico::ui {

RulesBox::RulesBox(ProjectSession *session, QWidget *parent)
    : QGroupBox(tr("Rules (the first match answers)"), parent), m_session(session), m_model(new RulesModel(session, this)),
      m_view(new QTableView(this)), m_conditions(new CodeEditor(this)), m_status(new QLabel(this)), m_timer(new QTimer(this))
{
    setObjectName(u"rulesBox"_s);
    m_view->setObjectName(u"rules"_s);
    m_conditions->setObjectName(u"ruleConditions"_s);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->horizontalHeader()->setSectionResizeMode(RulesModel::Conditions, QHeaderView::Stretch);
    m_view->setMinimumHeight(110);
    m_view->setMaximumHeight(200);
    m_view->setItemDelegateForColumn(RulesModel::Status, new ChoiceDelegate([this](const QModelIndex &) {
        return m_model->documentedStatuses();
    }, true, m_view));
    m_view->setItemDelegateForColumn(RulesModel::Example, new ChoiceDelegate([this](const QModelIndex &index) {
        return QStringList{QString()} + m_model->exampleNames(index.siblingAtColumn(RulesModel::Status).data().toInt());
    }, false, m_view));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    auto *buttons = new QHBoxLayout;
    const std::pair<QString, QString> actions[] = {{u"addRule"_s, tr("Add rule")}, {u"removeRule"_s, tr("Remove")},
                                                   {u"ruleUp"_s, tr("Move up")}, {u"ruleDown"_s, tr("Move down")}};
    for (const auto &[name, text] : actions) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(name);
        buttons->addWidget(b);
        connect(b, &QPushButton::clicked, this, [this, name] {
            const int row = currentRow();
            int select = row;
            if (name == u"addRule") {
                select = m_model->addRule();
            } else if (name == u"removeRule") {
                m_model->removeRule(row);
                select = std::min(row, m_model->rowCount() - 1);
            } else if (m_model->moveRule(row, name == u"ruleUp" ? -1 : 1)) {
                select = row + (name == u"ruleUp" ? -1 : 1);
            }
            if (select >= 0)
                m_view->setCurrentIndex(m_model->index(select, 0));
        });
    }
    buttons->addStretch(1);
    layout->addLayout(buttons);
    layout->addWidget(new QLabel(tr("Conditions of the selected rule (selector: matcher, as in docs/extensions.md):"), this));
    m_conditions->setLanguage(CodeEditor::Language::Json);
    m_conditions->setMinimumHeight(90);
    m_conditions->setMaximumHeight(180);
    layout->addWidget(m_conditions);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_timer->setSingleShot(true);
    m_timer->setInterval(400);
    connect(m_timer, &QTimer::timeout, this, &RulesBox::applyConditions);
    connect(m_conditions, &CodeEditor::textEdited, m_timer, qOverload<>(&QTimer::start));
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        m_timer->stop();
        showConditions();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        if (!m_timer->isActive())
            showConditions();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &RulesBox::showConditions);
}

void RulesBox::setOperation(const OperationRef &operation)
{
    m_timer->stop();
    m_model->setOperation(operation);
    if (m_model->rowCount() > 0)
        m_view->setCurrentIndex(m_model->index(0, 0));
    showConditions();
}

int RulesBox::currentRow() const
{
    return m_view->currentIndex().isValid() ? m_view->currentIndex().row() : -1;
}

QString RulesBox::conditionsStatus() const
{
    return m_status->text();
}

void RulesBox::showConditions()
{
    const int row = currentRow();
    m_conditions->setReadOnly(row < 0);
    m_conditions->clearErrorMarkers();
    if (row < 0) {
        m_conditions->setText({});
        m_status->clear();
        return;
    }
    // Text that already says the same conditions is left as typed (no reformatting under the cursor).
    const QString text = m_model->index(row, 0).data(RulesModel::WhenRole).toString();
    auto shown = core::JsonParser().parse(m_conditions->text().toUtf8());
    auto stored = core::JsonParser().parse(text.toUtf8());
    if (!shown.ok() || !stored.ok() || !shown.value().identical(stored.value()))
        m_conditions->setText(text);
    theme::tint(m_status, std::nullopt);
    m_status->setText(m_model->index(row, RulesModel::Conditions).data().toString());
}

bool RulesBox::applyConditions()
{
    m_timer->stop();
    const int row = currentRow();
    if (row < 0)
        return false;
    m_conditions->clearErrorMarkers();
    core::SourceMap map;
    core::JsonParseOptions options;
    options.sourceMap = &map;
    auto parsed = core::JsonParser(options).parse(m_conditions->text().toUtf8());
    QStringList problems;
    if (!parsed.ok()) {
        m_conditions->addErrorMarker(parsed.error().location.line, parsed.error().location.column, parsed.error().message);
        problems << parsed.error().message;
    } else if (!parsed.value().isObject()) {
        problems = RulesModel::conditionProblems(parsed.value());
        m_conditions->addErrorMarker(1, 1, problems.join(u'\n'));
    } else {
        // Each condition on its own, so its marker sits on its own line.
        for (const auto &[selector, matcher] : parsed.value().toObject()) {
            const QStringList own = RulesModel::conditionProblems(core::Json(core::JsonObject{{selector, matcher}}));
            const auto pos = map.find(core::jsonpointer::append(QString(), selector));
            for (const QString &p : own)
                m_conditions->addErrorMarker(std::max(1, pos.line), std::max(1, pos.column), p);
            problems << own;
        }
    }
    if (!problems.isEmpty()) {
        theme::tint(m_status, theme::Tone::Error);
        m_status->setText(tr("Not applied: %1").arg(problems.join(u'\n')));
        return false;
    }
    m_model->setConditions(row, parsed.value());
    theme::tint(m_status, std::nullopt);
    m_status->setText(RulesModel::summary(parsed.value()));
    return true;
}

} // namespace portico::ui
