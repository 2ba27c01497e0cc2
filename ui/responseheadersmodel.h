#pragma once

#include "documenttablemodel.h"

#include "core/json.h"

namespace portico::ui {

class ProjectSession;

// The headers a response documents (name, type, description) as an editable table. A header shared through
// `$ref` (#/components/headers/..) is shown resolved and read-only. Each edit is one undo step.
class ResponseHeadersModel final : public DocumentTableModel
{
    Q_OBJECT

public:
    enum Column { Name, Type, Description, ColumnCount };

    explicit ResponseHeadersModel(ProjectSession *session, QObject *parent = nullptr);

    // The response object (after $ref resolution); `label` names it in undo steps ("response 201 of POST /pets").
    void setResponse(const QString &responsePointer, const QString &label);
    QString headersPointer() const;

    static QStringList typeChoices();
    int addHeader();
    bool removeHeader(int row);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

private:
    struct Row
    {
        QString name;
        QString ref;
        QString pointer; // of the resolved header object
        core::Json value;
    };

    void refresh();
    QList<Row> readRows() const;

    ProjectSession *m_session;
    QString m_response;
    QString m_label;
    QList<Row> m_rows;
};

} // namespace portico::ui
