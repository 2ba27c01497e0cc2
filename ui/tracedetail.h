#pragma once

#include "mock/trace.h"

#include <QWidget>

class QLabel;
class QTabWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace portico::ui {

class CodeEditor;

// One exchange in full, beside the trace table: the request (line, headers, body) and the response (status,
// headers, body) with JSON bodies pretty-printed, and the validation errors (FastAPI `detail` entries of the
// request, schema mismatches of the response) as a list whose entries lead to the offending place.
class TraceDetail final : public QWidget
{
    Q_OBJECT

public:
    enum Tab
    {
        RequestTab,
        ResponseTab,
        ErrorsTab
    };

    explicit TraceDetail(QWidget *parent = nullptr);

    void showRecord(const mock::TraceRecord &record);
    void clear();
    bool hasRecord() const { return m_hasRecord; }

    QTabWidget *tabs() const { return m_tabs; }
    QLabel *requestLine() const { return m_requestLine; }
    QTreeWidget *requestHeaders() const { return m_requestHeaders; }
    CodeEditor *requestBody() const { return m_requestBody; }
    QLabel *responseLine() const { return m_responseLine; }
    QTreeWidget *responseHeaders() const { return m_responseHeaders; }
    CodeEditor *responseBody() const { return m_responseBody; }
    QTreeWidget *errorList() const { return m_errors; }

    // The body as the detail pane shows it: JSON indented (when the media type says JSON or the text parses
    // as JSON), other text as is, binary data as a note of its size.
    static QString bodyText(const QByteArray &body, QByteArrayView contentType, bool truncated);

signals:
    // An error entry was activated (double-click, Enter): the operation and the error's `loc`, e.g.
    // ["body", "price"] for a request error or ["response", "id"] for a response mismatch.
    void errorActivated(const QString &operationPointer, const QStringList &loc);

private:
    QWidget *buildSide(QLabel *line, QTreeWidget *headers, CodeEditor *body);
    void fillErrors(const mock::TraceRecord &record);
    void activate(QTreeWidgetItem *item);

    QTabWidget *m_tabs;
    QLabel *m_requestLine;
    QTreeWidget *m_requestHeaders;
    CodeEditor *m_requestBody;
    QLabel *m_responseLine;
    QTreeWidget *m_responseHeaders;
    CodeEditor *m_responseBody;
    QTreeWidget *m_errors;
    QString m_operationPointer;
    bool m_hasRecord = false;
};

} // namespace portico::ui
