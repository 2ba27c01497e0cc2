#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QStackedWidget;
class QTabWidget;
class QTableView;

namespace portico::ui {

class CollectionModel;
class FieldBinder;
class ProjectSession;
class RawValueEditor;

// The editor of the security schemes: pick, add, rename (every security requirement follows) or delete a
// scheme; its form's fields follow its type (apiKey: name and location; http: scheme and bearer format;
// oauth2: each flow's URLs and scopes; openIdConnect: the discovery URL), and the scheme raw.
class SecuritySchemeEditor final : public QWidget
{
    Q_OBJECT

public:
    static inline const QStringList kTypes = {QStringLiteral("apiKey"), QStringLiteral("http"),
                                              QStringLiteral("oauth2"), QStringLiteral("openIdConnect"),
                                              QStringLiteral("mutualTLS")};
    static inline const QStringList kFlows = {QStringLiteral("authorizationCode"), QStringLiteral("clientCredentials"),
                                              QStringLiteral("password"), QStringLiteral("implicit")};

    explicit SecuritySchemeEditor(ProjectSession *session, QWidget *parent = nullptr);

    // Shows a scheme; an empty name keeps the one shown if it still exists, else shows the first.
    void setScheme(const QString &name);
    const QString &scheme() const { return m_name; }
    QString pointer() const;

    // Each one undo step.
    QString addScheme();
    bool renameScheme(const QString &to);
    bool removeScheme();
    bool setType(const QString &type);
    void showFlow(const QString &flow);
    bool setFlowEnabled(bool enabled);
    int addScope();
    bool removeScope(int row);

    QComboBox *schemeCombo() const { return m_schemes; }
    QLineEdit *nameEdit() const { return m_nameEdit; }
    QComboBox *typeCombo() const { return m_type; }
    QStackedWidget *typePages() const { return m_pages; }
    // The text fields by member: "description", "name" (apiKey), "bearerFormat", "openIdConnectUrl",
    // "authorizationUrl", "tokenUrl", "refreshUrl" (of the flow shown).
    QLineEdit *field(const QString &member) const;
    QComboBox *inCombo() const { return m_in; }
    QComboBox *httpSchemeCombo() const { return m_httpScheme; }
    QComboBox *flowCombo() const { return m_flow; }
    QCheckBox *flowEnabled() const { return m_flowEnabled; }
    CollectionModel *scopesModel() const { return m_scopes; }
    QTableView *scopesTable() const { return m_scopesTable; }
    RawValueEditor *rawEditor() const { return m_raw; }
    QTabWidget *tabs() const { return m_tabs; }

signals:
    // The user picked, added, renamed or deleted a scheme here: the pointer of the one now shown (or of the
    // section when none is left), for the window's tree to follow.
    void schemeShown(const QString &pointer);

private:
    void refresh();
    QWidget *buildApiKeyPage();
    QWidget *buildHttpPage();
    QWidget *buildOAuthPage();
    QWidget *buildOpenIdPage();
    QString flowPointer() const;

    ProjectSession *m_session;
    FieldBinder *m_binder;
    QString m_name;
    QTabWidget *m_tabs;
    QComboBox *m_schemes;
    QLineEdit *m_nameEdit;
    QComboBox *m_type;
    QStackedWidget *m_pages;
    QHash<QString, QLineEdit *> m_fields;
    QComboBox *m_in;
    QComboBox *m_httpScheme;
    QComboBox *m_flow;
    QCheckBox *m_flowEnabled;
    CollectionModel *m_scopes;
    QTableView *m_scopesTable;
    RawValueEditor *m_raw;
    bool m_refreshing = false;
};

} // namespace portico::ui
