#pragma once

#include "keylist.h"

#include <QWidget>

class QLabel;

namespace portico::ui {

class ExamplesEditor;
class ProjectSession;
class SchemaPicker;

// The `content` map of a request body or a response: its media types (added from the usual ones or typed,
// removed), and for the selected one its schema and its named examples.
class ContentEditor final : public QWidget
{
    Q_OBJECT

public:
    explicit ContentEditor(ProjectSession *session, QWidget *parent = nullptr);

    // `contentPointer` may not exist yet (a new request body): adding a media type creates it.
    void setContent(const QString &contentPointer, const QString &label);
    const QString &contentPointer() const { return m_content; }

    static const QStringList &commonMediaTypes();
    QStringList mediaTypes() const;
    QString currentMediaType() const;
    void selectMediaType(const QString &name);
    bool addMediaType(const QString &name);
    bool removeMediaType(const QString &name);

    QListWidget *mediaList() const { return m_keys->list(); }
    QComboBox *newMediaType() const { return m_keys->newKey(); }
    SchemaPicker *schemaPicker() const { return m_schema; }
    ExamplesEditor *examplesEditor() const { return m_examples; }

private:
    void refresh();
    void showMediaType();
    QString mediaPointer(const QString &name) const;

    ProjectSession *m_session;
    QString m_content;
    QString m_label;
    KeyList *m_keys;
    QLabel *m_empty;
    QWidget *m_detail;
    SchemaPicker *m_schema;
    ExamplesEditor *m_examples;
};

} // namespace portico::ui
