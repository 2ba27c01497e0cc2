#pragma once

#include <QHash>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace portico::ui {

class ProjectSession;

// The constraints of one field, showing exactly those that apply to its type (lengths and pattern for
// strings, bounds for numbers, item counts for arrays, ...), with a live pattern tester and the invalid
// combinations flagged as they are typed. Widgets are named after their keyword (objectName) for tests.
class ConstraintsPane final : public QWidget
{
    Q_OBJECT

public:
    explicit ConstraintsPane(ProjectSession *session, QWidget *parent = nullptr);

    void setFieldPointer(const QString &pointer, const QString &title);
    QStringList problems() const { return m_problems; }
    QString testerResult() const;
    bool isRowShown(const QString &keyword) const;

private:
    void refresh();
    void commit(const QString &keyword);
    void updateTester();
    QLineEdit *addLine(const QString &keyword, const QString &label, const QString &placeholder = {});

    ProjectSession *m_session;
    QFormLayout *m_form;
    QLabel *m_header;
    QLabel *m_problemLabel;
    QComboBox *m_format;
    QLineEdit *m_pattern = nullptr;
    QLineEdit *m_tester;
    QLabel *m_testerResult;
    QCheckBox *m_unique;
    QCheckBox *m_additional;
    QHash<QString, QWidget *> m_fields; // keyword → editor
    QString m_pointer;
    QString m_title;
    QString m_kind;
    QStringList m_problems;
    bool m_refreshing = false;
};

} // namespace portico::ui
