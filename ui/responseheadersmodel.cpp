#include "responseheadersmodel.h"

#include "fieldschema.h"
#include "projectsession.h"

#include "core/apidocument.h"
#include "core/jsonpointer.h"

#include <QPalette>

using namespace Qt::StringLiterals;

namespace portico::ui {

using core::Json;
using core::JsonObject;

ResponseHeadersModel::ResponseHeadersModel(ProjectSession *session, QObject *parent)
    : DocumentTableModel({tr("Header"), tr("Type"), tr("Description")}, parent), m_session(session)
{
    auto *doc = session->document();
    connect(doc, &core::ApiDocument::documentReset, this, &ResponseHeadersModel::refresh);
    connect(doc, &core::ApiDocument::valueChanged, this, [this](const QString &changed) {
        const QString mine = headersPointer();
        if (!m_response.isEmpty() && (changed.startsWith(mine) || mine.startsWith(changed) || changed.startsWith(u"/components")))
            refresh();
    });
}

void ResponseHeadersModel::setResponse(const QString &responsePointer, const QString &label)
{
    beginResetModel();
    m_response = responsePointer;
    m_label = label;
    m_rows = readRows();
    endResetModel();
}

QString ResponseHeadersModel::headersPointer() const
{
    return m_response + u"/headers"_s;
}

QStringList ResponseHeadersModel::typeChoices()
{
    return {u"string"_s, u"integer"_s, u"number"_s, u"boolean"_s, u"array of string"_s, u"array of integer"_s};
}

QList<ResponseHeadersModel::Row> ResponseHeadersModel::readRows() const
{
    QList<Row> out;
    if (m_response.isEmpty())
        return out;
    const core::ApiDocument *doc = m_session->document();
    for (const auto &[name, raw] : doc->value(headersPointer()).toObject()) {
        const auto [resolved, pointer] = doc->resolveLocal(raw, core::jsonpointer::append(headersPointer(), name));
        out.append({name, raw[u"$ref"].toString(), pointer, *resolved});
    }
    return out;
}

void ResponseHeadersModel::refresh()
{
    replaceRows(m_rows, readRows());
}

int ResponseHeadersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ResponseHeadersModel::data(const QModelIndex &index, int role) const
{
    if (!isValidCell(index))
        return {};
    const Row &r = m_rows[index.row()];
    if (role == Qt::ForegroundRole && !r.ref.isEmpty())
        return QPalette().brush(QPalette::Disabled, QPalette::Text);
    if (role == Qt::ToolTipRole && !r.ref.isEmpty())
        return tr("Shared header %1: edit it in components.").arg(r.ref);
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case Name: return r.name;
    case Type: return fieldschema::typeLabel(r.value[u"schema"]);
    case Description: return r.value[u"description"].toString();
    default: return {};
    }
}

Qt::ItemFlags ResponseHeadersModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    const Qt::ItemFlags f = Qt::ItemIsSelectable | Qt::ItemIsEnabled;
    return m_rows[index.row()].ref.isEmpty() || index.column() == Name ? f | Qt::ItemIsEditable : f;
}

bool ResponseHeadersModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !isValidCell(index))
        return false;
    const Row r = m_rows[index.row()];
    const QString text = value.toString();
    const QString what = tr("header %1 of %2").arg(r.name, m_label);
    switch (index.column()) {
    case Name: {
        const QString to = text.trimmed();
        JsonObject headers = m_session->document()->value(headersPointer()).toObject();
        if (to.isEmpty() || to == r.name || headers.contains(to))
            return false;
        headers.rename(r.name, to);
        m_session->setValue(headersPointer(), Json(headers), tr("Rename %1 to %2").arg(what, to));
        return true;
    }
    case Type: {
        if (!r.ref.isEmpty() || text.trimmed().isEmpty())
            return false;
        Json header = r.value;
        header.object().insert(u"schema"_s, fieldschema::withType(r.value[u"schema"], text.trimmed()));
        m_session->setValue(r.pointer, header, tr("Change type of %1 to %2").arg(what, text.trimmed()));
        return true;
    }
    case Description: {
        if (!r.ref.isEmpty())
            return false;
        Json header = r.value;
        if (text.isEmpty())
            header.object().remove(u"description");
        else
            header.object().insert(u"description"_s, Json(text));
        if (header.identical(r.value))
            return false;
        m_session->setValue(r.pointer, header, text.isEmpty() ? tr("Clear description of %1").arg(what) : tr("Describe %1").arg(what));
        return true;
    }
    default:
        return false;
    }
}

int ResponseHeadersModel::addHeader()
{
    if (m_response.isEmpty())
        return -1;
    JsonObject headers = m_session->document()->value(headersPointer()).toObject();
    QString name = u"X-Header"_s;
    for (int i = 2; headers.contains(name); ++i)
        name = u"X-Header-"_s + QString::number(i);
    headers.insert(name, Json(JsonObject{{u"schema"_s, Json(JsonObject{{u"type"_s, Json(u"string"_s)}})}}));
    m_session->setValue(headersPointer(), Json(headers), tr("Add header %1 to %2").arg(name, m_label));
    return int(m_rows.size()) - 1;
}

bool ResponseHeadersModel::removeHeader(int row)
{
    if (row < 0 || row >= m_rows.size())
        return false;
    JsonObject headers = m_session->document()->value(headersPointer()).toObject();
    headers.remove(m_rows[row].name);
    const QString text = tr("Remove header %1 from %2").arg(m_rows[row].name, m_label);
    if (headers.isEmpty())
        m_session->removeValue(headersPointer(), text);
    else
        m_session->setValue(headersPointer(), Json(headers), text);
    return true;
}

} // namespace portico::ui
