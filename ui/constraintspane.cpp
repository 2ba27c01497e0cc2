#include "constraintspane.h"

#include "fieldschema.h"
#include "projectsession.h"
#include "theme.h"

#include "core/jsonparser.h"
#include "core/jsonpointer.h"
#include "core/jsonwriter.h"
#include "core/regex.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;

namespace {

const QStringList kNumeric = {u"minLength"_s, u"maxLength"_s, u"minimum"_s, u"exclusiveMinimum"_s, u"maximum"_s,
                              u"exclusiveMaximum"_s, u"multipleOf"_s, u"minItems"_s, u"maxItems"_s,
                              u"minProperties"_s, u"maxProperties"_s};
const QStringList kCounts = {u"minLength"_s, u"maxLength"_s, u"minItems"_s, u"maxItems"_s, u"minProperties"_s,
                             u"maxProperties"_s};

const QStringList kStringFormats = {QString(), u"date-time"_s, u"date"_s, u"time"_s, u"duration"_s, u"email"_s,
                                    u"hostname"_s, u"ipv4"_s, u"ipv6"_s, u"uri"_s, u"uri-reference"_s, u"uuid"_s,
                                    u"regex"_s, u"password"_s, u"byte"_s, u"binary"_s};
const QStringList kNumberFormats = {QString(), u"int32"_s, u"int64"_s, u"float"_s, u"double"_s};

QString renderValue(const Json &v)
{
    if (v.isNull())
        return {};
    if (v.isString())
        return v.toString();
    return QString::fromUtf8(core::toJson(v));
}

void markInvalid(QWidget *w, bool invalid)
{
    theme::tint(w, invalid ? std::optional(theme::Tone::Error) : std::nullopt, /*fill=*/true);
}

} // namespace

ConstraintsPane::ConstraintsPane(ProjectSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_form(new QFormLayout(this)), m_header(new QLabel(this)),
      m_problemLabel(new QLabel(this)), m_format(new QComboBox(this)), m_tester(new QLineEdit(this)),
      m_testerResult(new QLabel(this)), m_unique(new QCheckBox(tr("Items must be unique"), this)),
      m_additional(new QCheckBox(tr("Allow properties not listed"), this))
{
    m_header->setStyleSheet(u"font-weight: bold;"_s);
    m_form->addRow(m_header);
    m_problemLabel->setWordWrap(true);
    theme::tint(m_problemLabel, theme::Tone::Error);
    m_problemLabel->setObjectName(u"problems"_s);
    m_form->addRow(m_problemLabel);

    m_format->setEditable(true);
    m_format->setObjectName(u"format"_s);
    m_fields.insert(u"format"_s, m_format);
    m_form->addRow(tr("Format"), m_format);
    connect(m_format, &QComboBox::activated, this, [this] { commit(u"format"_s); });
    connect(m_format->lineEdit(), &QLineEdit::editingFinished, this, [this] { commit(u"format"_s); });

    addLine(u"minLength"_s, tr("Min length"));
    addLine(u"maxLength"_s, tr("Max length"));
    m_pattern = addLine(u"pattern"_s, tr("Pattern"), tr("ECMA-262 regular expression"));
    m_tester->setObjectName(u"patternTester"_s);
    m_tester->setPlaceholderText(tr("Type a sample to test the pattern"));
    m_testerResult->setObjectName(u"patternResult"_s);
    m_form->addRow(tr("Try it"), m_tester);
    m_form->addRow(QString(), m_testerResult);
    connect(m_tester, &QLineEdit::textChanged, this, &ConstraintsPane::updateTester);
    connect(m_pattern, &QLineEdit::textChanged, this, &ConstraintsPane::updateTester);

    addLine(u"minimum"_s, tr("Minimum"));
    addLine(u"exclusiveMinimum"_s, tr("Exclusive minimum"));
    addLine(u"maximum"_s, tr("Maximum"));
    addLine(u"exclusiveMaximum"_s, tr("Exclusive maximum"));
    addLine(u"multipleOf"_s, tr("Multiple of"));
    addLine(u"minItems"_s, tr("Min items"));
    addLine(u"maxItems"_s, tr("Max items"));
    m_unique->setObjectName(u"uniqueItems"_s);
    m_fields.insert(u"uniqueItems"_s, m_unique);
    m_form->addRow(QString(), m_unique);
    connect(m_unique, &QCheckBox::clicked, this, [this] { commit(u"uniqueItems"_s); });
    m_additional->setObjectName(u"additionalProperties"_s);
    m_fields.insert(u"additionalProperties"_s, m_additional);
    m_form->addRow(QString(), m_additional);
    connect(m_additional, &QCheckBox::clicked, this, [this] { commit(u"additionalProperties"_s); });
    addLine(u"minProperties"_s, tr("Min properties"));
    addLine(u"maxProperties"_s, tr("Max properties"));
    addLine(u"enum"_s, tr("Allowed values"), tr("comma-separated, or a JSON array"));
    addLine(u"examples"_s, tr("Examples"), tr("a JSON array, e.g. [\"a\", \"b\"]"));

    auto *doc = session->document();
    connect(doc, &core::ApiDocument::documentReset, this, &ConstraintsPane::refresh);
    connect(doc, &core::ApiDocument::valueChanged, this, [this](const QString &p) {
        if (!m_pointer.isEmpty() && (p.startsWith(m_pointer) || m_pointer.startsWith(p)))
            refresh();
    });
    setFieldPointer({}, {});
}

QLineEdit *ConstraintsPane::addLine(const QString &keyword, const QString &label, const QString &placeholder)
{
    auto *edit = new QLineEdit(this);
    edit->setObjectName(keyword);
    edit->setPlaceholderText(placeholder);
    m_fields.insert(keyword, edit);
    m_form->addRow(label, edit);
    connect(edit, &QLineEdit::editingFinished, this, [this, keyword] { commit(keyword); });
    return edit;
}

void ConstraintsPane::setFieldPointer(const QString &pointer, const QString &title)
{
    if (pointer.section(u'/', 0, -2) != m_pointer.section(u'/', 0, -2) || pointer.isEmpty())
        m_tester->clear(); // a sample belongs to a model's field, and survives that field's rename
    m_pointer = pointer;
    m_title = title;
    refresh();
}

bool ConstraintsPane::isRowShown(const QString &keyword) const
{
    QWidget *w = m_fields.value(keyword);
    return w && !w->isHidden();
}

void ConstraintsPane::refresh()
{
    m_refreshing = true;
    const Json *schemaPtr = m_pointer.isEmpty() ? nullptr : core::jsonpointer::resolve(m_session->document()->root(), m_pointer);
    const Json schema = schemaPtr ? *schemaPtr : Json();
    m_kind = schemaPtr ? fieldschema::kind(schema) : QString();
    m_header->setText(schemaPtr ? tr("%1 — %2").arg(m_title, fieldschema::typeLabel(schema)) : tr("Select a field"));
    // For a nullable field the constraints live next to type: [X, "null"]; for anyOf they are on the branch.
    QStringList visible = fieldschema::constraintKeys(m_kind);
    if (schemaPtr && m_kind != u"ref" && m_kind != u"union")
        visible << u"examples"_s;
    if (m_kind == u"enum" && schema[u"type"].toString() == u"string")
        visible << u"format"_s;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        const bool show = visible.contains(it.key());
        m_form->setRowVisible(it.value(), show);
        it.value()->setHidden(!show);
        const Json &v = schema[it.key()];
        if (auto *edit = qobject_cast<QLineEdit *>(it.value())) {
            if (it.key() == u"enum" && v.isArray()) {
                const bool allStrings = std::all_of(v.toArray().begin(), v.toArray().end(), [](const Json &e) { return e.isString(); });
                QStringList parts;
                for (const Json &e : v.toArray())
                    parts << (allStrings ? e.toString() : renderValue(e));
                edit->setText(allStrings ? parts.join(u", "_s) : renderValue(v));
            } else {
                edit->setText(renderValue(v));
            }
            markInvalid(edit, false);
        }
    }
    m_format->clear();
    m_format->addItems(m_kind == u"integer" || m_kind == u"number" ? kNumberFormats : kStringFormats);
    m_format->setCurrentText(schema[u"format"].toString());
    m_unique->setChecked(schema[u"uniqueItems"].toBool());
    m_additional->setChecked(!schema.toObject().contains(u"additionalProperties") || schema[u"additionalProperties"].toBool(true));
    const bool showTester = visible.contains(u"pattern"_s);
    m_form->setRowVisible(m_tester, showTester);
    m_form->setRowVisible(m_testerResult, showTester);

    m_problems = schemaPtr ? fieldschema::constraintProblems(schema, m_session->document()->root()) : QStringList();
    m_problemLabel->setText(m_problems.join(u'\n'));
    m_problemLabel->setVisible(!m_problems.isEmpty());
    for (const QString &problem : std::as_const(m_problems)) {
        const QString keyword = problem.section(u':', 0, 0);
        if (auto *edit = qobject_cast<QLineEdit *>(m_fields.value(keyword)))
            markInvalid(edit, true);
    }
    updateTester();
    m_refreshing = false;
}

void ConstraintsPane::commit(const QString &keyword)
{
    if (m_refreshing || m_pointer.isEmpty())
        return;
    const QString target = m_pointer + u'/' + core::jsonpointer::escape(keyword);
    const QString what = tr("%1 of %2").arg(keyword, m_title);
    if (keyword == u"uniqueItems") {
        if (m_unique->isChecked())
            m_session->setValue(target, Json(true), tr("Set %1").arg(what));
        else
            m_session->removeValue(target, tr("Clear %1").arg(what));
        return;
    }
    if (keyword == u"additionalProperties") {
        if (m_additional->isChecked())
            m_session->removeValue(target, tr("Allow additional properties in %1").arg(m_title));
        else
            m_session->setValue(target, Json(false), tr("Forbid additional properties in %1").arg(m_title));
        return;
    }
    const QString text = keyword == u"format" ? m_format->currentText().trimmed()
                                               : qobject_cast<QLineEdit *>(m_fields.value(keyword))->text().trimmed();
    const Json *current = core::jsonpointer::resolve(m_session->document()->root(), target);
    if (text.isEmpty()) {
        if (current)
            m_session->removeValue(target, tr("Clear %1").arg(what));
        return;
    }
    Json value;
    auto *edit = qobject_cast<QLineEdit *>(m_fields.value(keyword));
    if (kNumeric.contains(keyword)) {
        bool ok = false;
        const double d = text.toDouble(&ok);
        if (!ok || (kCounts.contains(keyword) && (d != std::floor(d) || d < 0))) {
            markInvalid(edit, true);
            m_problemLabel->setText(tr("%1: \"%2\" is not a valid %3").arg(keyword, text,
                                                                              kCounts.contains(keyword) ? tr("count") : tr("number")));
            m_problemLabel->show();
            return;
        }
        value = d == std::floor(d) && std::abs(d) < 9e15 ? Json(qint64(d)) : Json(d);
    } else if (keyword == u"enum" || keyword == u"examples") {
        auto parsed = core::JsonParser().parse(text.toUtf8());
        if (parsed.ok() && parsed->isArray()) {
            value = parsed.value();
        } else if (keyword == u"enum") {
            core::JsonArray values;
            const auto parts = text.split(u',', Qt::SkipEmptyParts);
            for (const QString &part : parts)
                values.emplace_back(part.trimmed());
            value = Json(values);
        } else {
            markInvalid(edit, true);
            m_problemLabel->setText(tr("examples: not a JSON array"));
            m_problemLabel->show();
            return;
        }
    } else {
        value = Json(text);
    }
    m_session->setValue(target, value, tr("Set %1").arg(what));
}

QString ConstraintsPane::testerResult() const
{
    return m_testerResult->text();
}

void ConstraintsPane::updateTester()
{
    const QString pattern = m_pattern->text();
    const QString sample = m_tester->text();
    if (pattern.isEmpty()) {
        m_testerResult->setText(tr("No pattern"));
        theme::tint(m_testerResult, std::nullopt);
        return;
    }
    QString error;
    auto regex = core::Regex::compile(pattern, &error);
    if (!regex) {
        m_testerResult->setText(tr("Pattern does not compile: %1").arg(error));
        theme::tint(m_testerResult, theme::Tone::Error);
        markInvalid(m_pattern, true);
        return;
    }
    markInvalid(m_pattern, m_problems.contains(u"pattern"_s, Qt::CaseInsensitive));
    switch (regex->search(sample)) {
    case core::Regex::Match::Yes:
        m_testerResult->setText(tr("✔ matches"));
        theme::tint(m_testerResult, theme::Tone::Success);
        break;
    case core::Regex::Match::No:
        m_testerResult->setText(tr("✘ no match"));
        theme::tint(m_testerResult, theme::Tone::Error);
        break;
    case core::Regex::Match::LimitExceeded:
        m_testerResult->setText(tr("Gave up: the pattern backtracks too much on this sample"));
        theme::tint(m_testerResult, theme::Tone::Warning);
        break;
    }
}

} // namespace portico::ui
