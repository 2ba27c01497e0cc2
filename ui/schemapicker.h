#pragma once

#include <QWidget>

class QComboBox;

namespace portico::ui {

class ProjectSession;
class RawValueEditor;

// Chooses the schema of a media type: none, one of the document's models, an array of one, or an inline
// schema edited as text in a raw editor below the picker. Each choice is one undo step on `<media>/schema`.
class SchemaPicker final : public QWidget
{
    Q_OBJECT

public:
    explicit SchemaPicker(ProjectSession *session, QWidget *parent = nullptr);

    // `schemaPointer` is `<media type>/schema`; `label` names the media type in undo steps.
    void setSchemaPointer(const QString &schemaPointer, const QString &label);

    QComboBox *combo() const { return m_combo; }
    RawValueEditor *inlineEditor() const { return m_inline; }
    // "none", a model name, "array of <model>" or "inline": what the schema currently is.
    QString currentChoice() const;
    // Applies a choice as the user picking it would.
    void choose(const QString &choice);

private:
    void refresh();

    ProjectSession *m_session;
    QString m_pointer;
    QString m_label;
    QComboBox *m_combo;
    RawValueEditor *m_inline;
};

} // namespace portico::ui
