#include "typescriptgenerator.h"

#include "apidocument.h"
#include "jsonpointer.h"
#include "jsonwriter.h"

#include <QHash>
#include <QSet>

using namespace Qt::StringLiterals;

namespace portico::core {
namespace {

using namespace codegen;

// Names no declaration may take: the language's reserved and contextual words and the primitive type names.
const QSet<QString> &reservedWords()
{
    static const QSet<QString> words = {
        u"break"_s,      u"case"_s,    u"catch"_s,      u"class"_s,     u"const"_s,     u"continue"_s, u"debugger"_s,
        u"default"_s,    u"delete"_s,  u"do"_s,         u"else"_s,      u"enum"_s,      u"export"_s,   u"extends"_s,
        u"false"_s,      u"finally"_s, u"for"_s,        u"function"_s,  u"if"_s,        u"import"_s,   u"in"_s,
        u"instanceof"_s, u"new"_s,     u"null"_s,       u"return"_s,    u"super"_s,     u"switch"_s,   u"this"_s,
        u"throw"_s,      u"true"_s,    u"try"_s,        u"typeof"_s,    u"var"_s,       u"void"_s,     u"while"_s,
        u"with"_s,       u"as"_s,      u"implements"_s, u"interface"_s, u"let"_s,       u"package"_s,  u"private"_s,
        u"protected"_s,  u"public"_s,  u"static"_s,     u"yield"_s,     u"any"_s,       u"boolean"_s,  u"constructor"_s,
        u"declare"_s,    u"get"_s,     u"module"_s,     u"require"_s,   u"number"_s,    u"set"_s,      u"string"_s,
        u"symbol"_s,     u"type"_s,    u"from"_s,       u"of"_s,        u"async"_s,     u"await"_s,    u"never"_s,
        u"unknown"_s,    u"object"_s,  u"bigint"_s,     u"undefined"_s, u"readonly"_s,  u"keyof"_s,    u"infer"_s,
        u"is"_s,         u"asserts"_s, u"unique"_s,     u"global"_s,    u"namespace"_s, u"abstract"_s, u"accessor"_s,
        u"satisfies"_s,  u"out"_s,     u"override"_s,   u"arguments"_s, u"eval"_s};
    return words;
}

// Global types the generated code refers to; a model with one of these names would shadow it.
const QSet<QString> &usedGlobalTypes()
{
    static const QSet<QString> names = {
        u"Response"_s,      u"Headers"_s,  u"RequestInit"_s,     u"Promise"_s, u"Blob"_s,  u"BufferSource"_s,
        u"BodyInit"_s,      u"FormData"_s, u"URLSearchParams"_s, u"Omit"_s,    u"Error"_s, u"ReturnType"_s,
        u"ClientOptions"_s, u"ApiError"_s, u"RequestBody"_s,     u"Client"_s};
    return names;
}

// Functions and globals the generated code calls; an operation with one of these names would shadow it.
const QSet<QString> &usedGlobalValues()
{
    static const QSet<QString> names = {u"fetch"_s,       u"encodeURIComponent"_s,
                                        u"JSON"_s,        u"String"_s,
                                        u"Object"_s,      u"Array"_s,
                                        u"Headers"_s,     u"URLSearchParams"_s,
                                        u"FormData"_s,    u"Blob"_s,
                                        u"Error"_s,       u"Promise"_s,
                                        u"Response"_s,    u"createClient"_s,
                                        u"ApiError"_s,    u"DEFAULT_BASE_URL"_s,
                                        u"styled"_s, u"pathValue"_s, u"appendDeep"_s,
                                        u"appendQuery"_s, u"mergeOptions"_s,
                                        u"send"_s,        u"readBody"_s,
                                        u"finish"_s};
    return names;
}

bool isIdentifier(QStringView s)
{
    if (s.isEmpty())
        return false;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = s[i].unicode();
        const bool letter = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_' || c == u'$';
        const bool digit = c >= u'0' && c <= u'9';
        if (!letter && !(i > 0 && digit))
            return false;
    }
    return true;
}

// Makes any text a plain ASCII identifier: other characters become '_', a leading digit gets a '_' prefix.
QString asciiIdentifier(const QString &text)
{
    QString out;
    for (QChar c : text) {
        const char16_t u = c.unicode();
        const bool ok =
            (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'_' || u == u'$';
        out += ok ? c : u'_';
    }
    if (out.isEmpty() || out.front().isDigit())
        out.prepend(u'_');
    return out;
}

QString jsonText(const Json &value)
{
    return QString::fromUtf8(toJson(value));
}

QString propertyKey(const QString &name)
{
    return isIdentifier(name) ? name : jsonText(Json(name));
}

QString memberAccess(const QString &object, const QString &key)
{
    return isIdentifier(key) ? QString(object + u'.' + key) : QString(object + u'[' + jsonText(Json(key)) + u']');
}

QString spaces(int n)
{
    return QString(n, u' ');
}

// Type expressions carry their precedence so that unions inside intersections and arrays get parentheses.
enum class Precedence
{
    Union,
    Intersection,
    Primary
};

struct TsType
{
    QString text;
    Precedence precedence = Precedence::Primary;
};

const QString kOpenObject = u"{ [key: string]: unknown }"_s;

TsType named(const QString &text)
{
    return {text, Precedence::Primary};
}

QString primary(const TsType &t)
{
    return t.precedence == Precedence::Primary ? t.text : u'(' + t.text + u')';
}

TsType unionOf(const QList<TsType> &members)
{
    QList<TsType> kept;
    QSet<QString> seen;
    for (const TsType &m : members) {
        if (m.text == u"unknown")
            return named(u"unknown"_s);
        if (m.text == u"never" || seen.contains(m.text))
            continue;
        seen.insert(m.text);
        kept.append(m);
    }
    if (kept.isEmpty())
        return named(u"never"_s);
    if (kept.size() == 1)
        return kept.front();
    QStringList texts;
    for (const TsType &m : kept)
        texts.append(m.text);
    return {texts.join(u" | "_s), Precedence::Union};
}

TsType intersectionOf(const QList<TsType> &members)
{
    QList<TsType> kept;
    QSet<QString> seen;
    for (const TsType &m : members) {
        if (m.text == u"never")
            return named(u"never"_s);
        if (m.text == u"unknown" || seen.contains(m.text))
            continue;
        seen.insert(m.text);
        kept.append(m);
    }
    if (kept.isEmpty())
        return named(u"unknown"_s);
    if (kept.size() == 1)
        return kept.front();
    QStringList texts;
    for (const TsType &m : kept)
        texts.append(m.precedence == Precedence::Union ? primary(m) : m.text);
    return {texts.join(u" & "_s), Precedence::Intersection};
}

QString jsDoc(const QStringList &paragraphs, int indent)
{
    QStringList lines;
    for (const QString &p : paragraphs) {
        if (p.trimmed().isEmpty())
            continue;
        if (!lines.isEmpty())
            lines.append(QString());
        QString text = p.trimmed();
        text.replace(u"*/"_s, u"*\\/"_s);
        lines.append(text.split(u'\n'));
    }
    if (lines.isEmpty())
        return {};
    const QString pad = spaces(indent);
    if (lines.size() == 1)
        return pad + u"/** "_s + lines.front().trimmed() + u" */\n"_s;
    QString out = pad + u"/**\n"_s;
    for (const QString &line : lines)
        out += pad + (line.trimmed().isEmpty() ? u" *"_s : u" * "_s + line.trimmed()) + u'\n';
    return out + pad + u" */\n"_s;
}

// What a schema says about itself for a reader: description (or title), format, default, deprecation.
QStringList schemaNotes(const Json &schema)
{
    QStringList notes;
    notes.append(schema[u"description"].toString());
    QStringList tags;
    if (schema[u"format"].isString())
        tags.append(u"@format "_s + schema[u"format"].toString());
    if (const Json *d = schema.toObject().find(u"default"))
        tags.append(u"@default "_s + jsonText(*d));
    if (schema[u"writeOnly"].toBool())
        tags.append(u"Write-only: sent in requests, never returned."_s);
    if (schema[u"deprecated"].toBool())
        tags.append(u"@deprecated"_s);
    if (!tags.isEmpty())
        notes.append(tags.join(u'\n'));
    return notes;
}

// The IANA HTTP status code registry (RFC 9110 and friends), for typing ranges and `default` responses.
const QList<int> &registeredStatusCodes()
{
    static const QList<int> codes = {100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301,
                                     302, 303, 304, 305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409,
                                     410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428,
                                     429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511};
    return codes;
}

enum class BodyKind
{
    Json,
    Form,
    Multipart,
    Text,
    Raw
};

BodyKind bodyKind(const QString &mediaType)
{
    const QString type = mediaType.toLower();
    if (isJsonMediaType(type))
        return BodyKind::Json;
    if (type.startsWith(u"application/x-www-form-urlencoded"))
        return BodyKind::Form;
    if (type.startsWith(u"multipart/"))
        return BodyKind::Multipart;
    if (type.startsWith(u"text/"))
        return BodyKind::Text;
    return BodyKind::Raw;
}

QString bodyKindName(BodyKind kind)
{
    switch (kind) {
    case BodyKind::Json:
        return u"json"_s;
    case BodyKind::Form:
        return u"form"_s;
    case BodyKind::Multipart:
        return u"multipart"_s;
    case BodyKind::Text:
        return u"text"_s;
    case BodyKind::Raw:
        return u"raw"_s;
    }
    return u"raw"_s;
}

// The fetch plumbing every generated module carries, so api.ts needs no runtime dependency.
const char16_t kRuntime[] = uR"TS(/** Where requests go and what every request carries. */
export interface ClientOptions {
  /** Prepended to every path; defaults to DEFAULT_BASE_URL (the document's first server). */
  baseUrl?: string;
  /** Merged into every request: headers, credentials, signal, ... */
  init?: RequestInit;
  /** Used instead of the global fetch (tests, server-side rendering, retries). */
  fetch?: typeof fetch;
}

/** Thrown when the server answers with a status the API document does not describe for the operation. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;
  readonly response: Response;

  constructor(status: number, body: unknown, response: Response) {
    super(`Unexpected HTTP status ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
    this.response = response;
  }
}

interface RequestBody {
  kind: "json" | "form" | "multipart" | "text" | "raw";
  mediaType: string;
  value: unknown;
  encoding?: Record<string, [string, boolean]>; // form fields' style and explode (the media type's encoding)
}

// A parameter value in the path or a header, as OpenAPI serializes it: simple (a,b; k,v or k=v), label
// (.a.b) or matrix (;name=a;name=b), exploded or not. `encode` escapes names and values, never separators.
function styled(value: unknown, style: string, explode: boolean, name: string, encode: (text: string) => string): string {
  const label = style === "label", matrix = style === "matrix";
  if (Array.isArray(value)) {
    const items = value.map((v) => encode(String(v)));
    if (label) return "." + items.join(explode ? "." : ",");
    if (matrix) return explode ? items.map((i) => `;${name}=${i}`).join("") : `;${name}=` + items.join(",");
    return items.join(",");
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => [encode(k), encode(String(v))]);
    const assigned = entries.map(([k, v]) => `${k}=${v}`), flat = entries.flat();
    if (label) return "." + (explode ? assigned.join(".") : flat.join(","));
    if (matrix) return explode ? assigned.map((a) => ";" + a).join("") : `;${name}=` + flat.join(",");
    return explode ? assigned.join(",") : flat.join(",");
  }
  const text = encode(String(value));
  return label ? "." + text : matrix ? `;${name}=${text}` : text;
}

function pathValue(value: unknown, style: string, explode: boolean, name: string): string {
  return styled(value, style, explode, name, encodeURIComponent);
}

// Objects and arrays as bracketed keys: name[key][0]=value (deepObject, nested as Stripe-like APIs read it).
function appendDeep(query: URLSearchParams, prefix: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) value.forEach((v, i) => appendDeep(query, `${prefix}[${i}]`, v));
  else if (typeof value === "object") for (const [k, v] of Object.entries(value)) appendDeep(query, `${prefix}[${k}]`, v);
  else query.append(prefix, String(value));
}

function appendQuery(query: URLSearchParams, name: string, value: unknown, style: string, explode: boolean): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    if (style === "deepObject") {
      appendDeep(query, name, value);
    } else if (explode && style === "form") {
      for (const item of value) query.append(name, String(item));
    } else {
      const separator = style === "spaceDelimited" ? " " : style === "pipeDelimited" ? "|" : ",";
      query.append(name, value.map(String).join(separator));
    }
    return;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== null);
    if (style === "deepObject") {
      for (const [k, v] of entries) appendDeep(query, `${name}[${k}]`, v);
    } else if (explode) {
      for (const [k, v] of entries) query.append(k, String(v));
    } else {
      query.append(name, entries.map(([k, v]) => `${k},${String(v)}`).join(","));
    }
    return;
  }
  query.append(name, String(value));
}

function mergeOptions(defaults: ClientOptions, options: ClientOptions = {}): ClientOptions {
  const headers = new Headers(defaults.init?.headers);
  new Headers(options.init?.headers).forEach((value, name) => headers.set(name, value));
  return { ...defaults, ...options, init: { ...defaults.init, ...options.init, headers } };
}

async function send(options: ClientOptions, method: string, path: string, query: URLSearchParams | undefined,
                    headers: [string, unknown, boolean][], body: RequestBody | undefined): Promise<Response> {
  const init = options.init ?? {};
  const requestHeaders = new Headers(init.headers);
  for (const [name, value, explode] of headers) {
    if (value !== undefined && value !== null) requestHeaders.set(name, styled(value, "simple", explode, name, (t) => t));
  }
  let payload: BodyInit | undefined;
  if (body !== undefined && body.value !== undefined) {
    if (body.kind === "json") {
      payload = JSON.stringify(body.value);
      requestHeaders.set("Content-Type", body.mediaType);
    } else if (body.kind === "form") {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(body.value as object)) {
        const own = body.encoding !== undefined && Object.prototype.hasOwnProperty.call(body.encoding, k);
        const [style, explode] = own ? body.encoding![k] : ["form", true];
        appendQuery(form, k, v, style, explode);
      }
      payload = form;
    } else if (body.kind === "multipart") {
      const form = new FormData();
      for (const [k, v] of Object.entries(body.value as object)) {
        for (const item of Array.isArray(v) ? v : [v]) {
          if (item === undefined || item === null) continue;
          form.append(k, item instanceof Blob ? item : typeof item === "object" ? JSON.stringify(item) : String(item));
        }
      }
      payload = form;
    } else {
      payload = body.kind === "text" ? String(body.value) : (body.value as BodyInit);
      requestHeaders.set("Content-Type", body.mediaType);
    }
  }
  const search = query?.toString() ?? "";
  const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  return (options.fetch ?? fetch)(base + path + (search ? `?${search}` : ""),
                                  { ...init, method, headers: requestHeaders, body: payload });
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 205 || response.status === 304) return undefined;
  const type = response.headers.get("Content-Type") ?? "";
  if (/^(application\/([\w.-]+\+)?json|text\/json)/i.test(type)) {
    const text = await response.text();
    return text === "" ? undefined : JSON.parse(text);
  }
  if (type === "" || /^text\/|xml|x-www-form-urlencoded/i.test(type)) return response.text();
  return response.blob();
}

async function finish(response: Response,
                      documented: string[]): Promise<{ status: number; body: unknown; response: Response }> {
  const body = await readBody(response);
  const status = String(response.status);
  const known = documented.some((s) => s === status || s === "default" || (/^[1-5]XX$/i.test(s) && s[0] === status[0]));
  if (!known) throw new ApiError(response.status, body, response);
  return { status: response.status, body, response };
}
)TS";

class TypeScriptGenerator
{
public:
    explicit TypeScriptGenerator(const Json &root)
        : m_root(root)
    {
        m_document.setRoot(root);
    }

    QString run();
    QList<CodegenWarning> warnings() const { return m_warnings; }

private:
    struct Model
    {
        QString name; // as in components.schemas
        QString identifier;
        bool isInterface = false;
        QStringList readOnly; // top-level readOnly properties (interfaces only)
        QStringList writeOnly;
    };

    void warn(const QString &message, const QString &pointer);
    void nameModels();
    void breakAliasCycles();
    QString modelDeclaration(const Model &model);

    TsType type(const Json &schema, const QString &pointer, int indent, bool deferred, int depth);
    TsType referenceType(const Json &schema, const QString &pointer, int indent, bool deferred, int depth);
    std::optional<TsType> ownType(const Json &schema, const QString &pointer, int indent, bool deferred, int depth);
    TsType arrayType(const Json &schema, const QString &pointer, int indent, int depth);
    QString objectLiteral(const Json &schema, const QString &pointer, int indent, int depth);
    QStringList objectMembers(const Json &schema, const QString &pointer, int indent, int depth);

    // A body type without the properties the other direction never carries (readOnly in requests, writeOnly
    // in responses).
    TsType bodyType(const Json &schema, const QString &pointer, bool request);
    TsType mediaBodyType(const ApiMediaType &media, bool request);
    QString operation(const ApiEndpoint &endpoint, QStringList *clientMembers);

    Json m_root;
    ApiDocument m_document;
    QList<CodegenWarning> m_warnings;
    QSet<QString> m_warned;
    QList<Model> m_models;
    QHash<QString, qsizetype> m_modelIndex;
    NameRegistry m_types{usedGlobalTypes() + reservedWords()};
    NameRegistry m_values{usedGlobalValues() + reservedWords()};

    // Alias cycle detection: while `m_collecting`, references not behind an object or array are recorded.
    bool m_collecting = false;
    QString m_currentModel;
    QHash<QString, QStringList> m_eagerReferences;
    QSet<QString> m_brokenEdges; // "from\nto"
    QSet<QString> m_inlining;    // non-model pointers being expanded, against reference cycles
    bool m_binaryAsBlob = false;
};

void TypeScriptGenerator::warn(const QString &message, const QString &pointer)
{
    if (m_collecting)
        return;
    const QString key = pointer + u'\n' + message;
    if (m_warned.contains(key))
        return;
    m_warned.insert(key);
    m_warnings.append({message, pointer});
}

void TypeScriptGenerator::nameModels()
{
    for (const QString &name : m_document.modelNames()) {
        QString wanted = name;
        if (!isIdentifier(wanted) || reservedWords().contains(wanted)) {
            wanted = asciiIdentifier(pascalCase(name));
            if (reservedWords().contains(wanted))
                wanted += u"Model"_s;
        }
        if (usedGlobalTypes().contains(wanted))
            wanted += u"Model"_s;
        Model model;
        model.name = name;
        model.identifier = m_types.claim(wanted);
        const Json schema = m_document.modelSchema(name);
        const JsonObject &o = schema.toObject();
        const QStringList types = schemaTypes(schema);
        const bool objectOnly = (types == QStringList{u"object"_s}) ||
                                (types.isEmpty() && (o.contains(u"properties") || o.contains(u"additionalProperties")));
        model.isInterface = objectOnly && !o.contains(u"$ref") && !o.contains(u"allOf") && !o.contains(u"oneOf") &&
                            !o.contains(u"anyOf") && !o.contains(u"enum") && !o.contains(u"const");
        if (model.isInterface) {
            for (const auto &[property, s] : schema[u"properties"].toObject()) {
                if (s[u"readOnly"].toBool())
                    model.readOnly.append(property);
                if (s[u"writeOnly"].toBool())
                    model.writeOnly.append(property);
            }
        }
        m_modelIndex.insert(name, m_models.size());
        m_models.append(model);
    }
}

// TypeScript resolves type aliases that name each other in unions and intersections eagerly and rejects
// cycles among them ("circularly references itself"); references behind an object or array are deferred.
// A first pass records the eager references between aliases; back edges of a depth-first walk are typed
// `unknown` (with a warning) so the rest of the cycle keeps its types.
void TypeScriptGenerator::breakAliasCycles()
{
    m_collecting = true;
    for (const Model &model : std::as_const(m_models)) {
        if (model.isInterface)
            continue;
        m_currentModel = model.name;
        type(m_document.modelSchema(model.name), ApiDocument::modelPointer(model.name), 0, false, 0);
    }
    m_collecting = false;
    m_currentModel.clear();

    enum class State
    {
        New,
        Active,
        Done
    };
    QHash<QString, State> state;
    std::function<void(const QString &)> visit = [&](const QString &name) {
        state[name] = State::Active;
        for (const QString &next : m_eagerReferences.value(name)) {
            const auto index = m_modelIndex.value(next, -1);
            if (index < 0 || m_models[index].isInterface)
                continue;
            const State s = state.value(next, State::New);
            if (s == State::Active) {
                m_brokenEdges.insert(name + u'\n' + next);
                warn(u"\"%1\" and \"%2\" are type aliases that refer to each other in a way TypeScript cannot "
                     u"express; the reference is typed unknown"_s.arg(name, next),
                     ApiDocument::modelPointer(name));
            } else if (s == State::New) {
                visit(next);
            }
        }
        state[name] = State::Done;
    };
    for (const Model &model : std::as_const(m_models)) {
        if (!model.isInterface && state.value(model.name, State::New) == State::New)
            visit(model.name);
    }
}

TsType TypeScriptGenerator::type(const Json &schema, const QString &pointer, int indent, bool deferred, int depth)
{
    if (schema.isBool())
        return named(schema.toBool() ? u"unknown"_s : u"never"_s);
    if (!schema.isObject() || depth > 64)
        return named(u"unknown"_s);
    const JsonObject &o = schema.toObject();
    QList<TsType> parts;
    if (o.contains(u"$ref"))
        parts.append(referenceType(schema, pointer, indent, deferred, depth));
    if (const Json *c = o.find(u"const")) {
        parts.append(named(jsonText(*c)));
    } else if (const Json *e = o.find(u"enum"); e && e->isArray()) {
        QList<TsType> values;
        for (const Json &v : e->toArray())
            values.append(named(jsonText(v)));
        if (schema[u"nullable"].toBool())
            values.append(named(u"null"_s));
        parts.append(unionOf(values));
    } else if (auto own = ownType(schema, pointer, indent, deferred, depth)) {
        // `type: object` next to a combinator only says "an object"; the combinator has the shape.
        const bool combined =
            o.contains(u"$ref") || o.contains(u"allOf") || o.contains(u"oneOf") || o.contains(u"anyOf");
        if (!(combined && own->text == kOpenObject))
            parts.append(*own);
    }
    const JsonArray &allOf = schema[u"allOf"].toArray();
    for (size_t i = 0; i < allOf.size(); ++i)
        parts.append(type(allOf[i], jsonpointer::append(jsonpointer::append(pointer, u"allOf"), qsizetype(i)), indent,
                          deferred, depth + 1));
    for (const QString &key : {u"oneOf"_s, u"anyOf"_s}) {
        const JsonArray &members = schema[key].toArray();
        if (members.empty())
            continue;
        QList<TsType> alternatives;
        for (size_t i = 0; i < members.size(); ++i)
            alternatives.append(type(members[i], jsonpointer::append(jsonpointer::append(pointer, key), qsizetype(i)),
                                     indent, deferred, depth + 1));
        parts.append(unionOf(alternatives));
    }
    if (parts.isEmpty())
        return named(u"unknown"_s);
    return intersectionOf(parts);
}

TsType TypeScriptGenerator::referenceType(const Json &schema, const QString &pointer, int indent, bool deferred,
                                          int depth)
{
    const QString ref = schema[u"$ref"].toString();
    if (const auto model = modelReference(schema); model && m_modelIndex.contains(*model)) {
        if (!deferred && m_collecting && !m_currentModel.isEmpty())
            m_eagerReferences[m_currentModel].append(*model);
        if (!deferred && m_brokenEdges.contains(m_currentModel + u'\n' + *model))
            return named(u"unknown"_s);
        return named(m_models[m_modelIndex.value(*model)].identifier);
    }
    if (ref.startsWith(u'#')) {
        const QString target = jsonpointer::fromUriFragment(ref);
        if (const Json *value = jsonpointer::resolve(m_root, target)) {
            if (m_inlining.contains(target)) {
                warn(u"$ref \"%1\" refers to itself outside components.schemas; typed unknown"_s.arg(ref), pointer);
                return named(u"unknown"_s);
            }
            m_inlining.insert(target);
            const TsType t = type(*value, target, indent, deferred, depth + 1);
            m_inlining.remove(target);
            return t;
        }
    }
    warn(u"cannot resolve $ref \"%1\"; typed unknown"_s.arg(ref), pointer);
    return named(u"unknown"_s);
}

std::optional<TsType> TypeScriptGenerator::ownType(const Json &schema, const QString &pointer, int indent,
                                                   bool deferred, int depth)
{
    Q_UNUSED(deferred);
    const JsonObject &o = schema.toObject();
    QStringList types = schemaTypes(schema);
    if (types.isEmpty()) {
        auto any = [&](std::initializer_list<QStringView> keys) {
            return std::any_of(keys.begin(), keys.end(), [&](QStringView k) { return o.contains(k); });
        };
        if (any({u"properties", u"additionalProperties", u"patternProperties", u"required", u"minProperties",
                 u"maxProperties"}))
            types = {u"object"_s};
        else if (any({u"items", u"prefixItems", u"minItems", u"maxItems", u"contains", u"uniqueItems"}))
            types = {u"array"_s};
        else if (any({u"minLength", u"maxLength", u"pattern"}))
            types = {u"string"_s};
        else if (any({u"minimum", u"maximum", u"exclusiveMinimum", u"exclusiveMaximum", u"multipleOf"}))
            types = {u"number"_s};
        else
            return std::nullopt;
    }
    QList<TsType> members;
    for (const QString &t : std::as_const(types)) {
        if (t == u"string")
            members.append(
                named(m_binaryAsBlob && schema[u"format"].toString() == u"binary" ? u"Blob"_s : u"string"_s));
        else if (t == u"integer" || t == u"number")
            members.append(named(u"number"_s));
        else if (t == u"boolean")
            members.append(named(u"boolean"_s));
        else if (t == u"null")
            members.append(named(u"null"_s));
        else if (t == u"object")
            members.append(named(objectLiteral(schema, pointer, indent, depth)));
        else if (t == u"array")
            members.append(arrayType(schema, pointer, indent, depth));
        else {
            warn(u"unknown type \"%1\"; typed unknown"_s.arg(t), pointer);
            members.append(named(u"unknown"_s));
        }
    }
    return unionOf(members);
}

TsType TypeScriptGenerator::arrayType(const Json &schema, const QString &pointer, int indent, int depth)
{
    const Json &items = schema[u"items"];
    // Draft 4 tuples (`items: [...]`, from converted documents) are 2020-12's prefixItems.
    const JsonArray &prefix = items.isArray() ? items.toArray() : schema[u"prefixItems"].toArray();
    const QString prefixKey = items.isArray() ? u"items"_s : u"prefixItems"_s;
    if (!prefix.empty()) {
        const qint64 minItems = schema[u"minItems"].toInteger(0);
        QStringList elements;
        for (size_t i = 0; i < prefix.size(); ++i) {
            const TsType t = type(prefix[i], jsonpointer::append(jsonpointer::append(pointer, prefixKey), qsizetype(i)),
                                  indent, true, depth + 1);
            elements.append(qint64(i) >= minItems ? primary(t) + u'?' : t.text);
        }
        const Json &rest = items.isArray() ? schema[u"additionalItems"] : items;
        if (!(rest.isBool() && !rest.toBool())) {
            const TsType r = rest.isObject()
                                 ? type(rest, jsonpointer::append(pointer, u"items"), indent, true, depth + 1)
                                 : named(u"unknown"_s);
            elements.append(u"..."_s + primary(r) + u"[]"_s);
        }
        return named(u'[' + elements.join(u", "_s) + u']');
    }
    if (!schema.toObject().contains(u"items"))
        return named(u"unknown[]"_s);
    const TsType element = type(items, jsonpointer::append(pointer, u"items"), indent, true, depth + 1);
    return named(primary(element) + u"[]"_s);
}

QString TypeScriptGenerator::objectLiteral(const Json &schema, const QString &pointer, int indent, int depth)
{
    const QStringList members = objectMembers(schema, pointer, indent, depth);
    if (members.isEmpty())
        return kOpenObject;
    return u"{\n"_s + members.join(u'\n') + u'\n' + spaces(indent) + u'}';
}

QStringList TypeScriptGenerator::objectMembers(const Json &schema, const QString &pointer, int indent, int depth)
{
    const QString pad = spaces(indent + 2);
    QStringList lines;
    QSet<QString> required;
    for (const Json &r : schema[u"required"].toArray())
        required.insert(r.toString());
    const JsonObject &properties = schema[u"properties"].toObject();
    QList<TsType> propertyTypes;
    bool anyOptional = false;
    for (const auto &[name, property] : properties) {
        const QString at = jsonpointer::append(jsonpointer::append(pointer, u"properties"), name);
        const TsType t = type(property, at, indent + 2, true, depth + 1);
        const bool optional = !required.contains(name);
        anyOptional = anyOptional || optional;
        propertyTypes.append(t);
        const QString modifier = property[u"readOnly"].toBool() ? u"readonly "_s : QString();
        lines.append(jsDoc(schemaNotes(property), indent + 2) + pad + modifier + propertyKey(name) +
                     (optional ? u"?"_s : QString()) + u": "_s + t.text + u';');
    }
    for (const Json &r : schema[u"required"].toArray()) {
        if (!properties.contains(r.toString()))
            lines.append(pad + propertyKey(r.toString()) + u": unknown;"_s);
    }
    const Json &additional = schema[u"additionalProperties"];
    const bool closed = additional.isBool() && !additional.toBool();
    std::optional<TsType> extra;
    if (additional.isObject())
        extra = type(additional, jsonpointer::append(pointer, u"additionalProperties"), indent + 2, true, depth + 1);
    else if (additional.isBool() && additional.toBool() && properties.isEmpty())
        extra = named(u"unknown"_s);
    const JsonObject &patterns = schema[u"patternProperties"].toObject();
    if (!patterns.isEmpty() && !closed) {
        QList<TsType> values = extra ? QList<TsType>{*extra} : QList<TsType>{};
        for (const auto &[pattern, s] : patterns)
            values.append(type(s, jsonpointer::append(jsonpointer::append(pointer, u"patternProperties"), pattern),
                               indent + 2, true, depth + 1));
        extra = unionOf(values);
    }
    if (!extra && !closed && properties.isEmpty() && schema[u"required"].toArray().empty())
        extra = named(u"unknown"_s);
    if (extra) {
        // Every named property must fit the index signature, optional ones with `undefined`.
        if (!properties.isEmpty() && extra->text != u"unknown") {
            QList<TsType> all{*extra};
            all.append(propertyTypes);
            if (anyOptional)
                all.append(named(u"undefined"_s));
            extra = unionOf(all);
        }
        lines.append(pad + u"[key: string]: "_s + extra->text + u';');
    } else if (closed && lines.isEmpty()) {
        lines.append(pad + u"[key: string]: never;"_s);
    }
    return lines;
}

QString TypeScriptGenerator::modelDeclaration(const Model &model)
{
    const Json schema = m_document.modelSchema(model.name);
    const QString pointer = ApiDocument::modelPointer(model.name);
    m_currentModel = model.name;
    QString out = jsDoc(schemaNotes(schema), 0);
    if (model.isInterface) {
        const QStringList members = objectMembers(schema, pointer, 0, 0);
        out += u"export interface "_s + model.identifier + u" {\n"_s + members.join(u'\n') +
               (members.isEmpty() ? QString() : u"\n"_s) + u"}\n"_s;
    } else {
        out += u"export type "_s + model.identifier + u" = "_s + type(schema, pointer, 0, false, 0).text + u";\n"_s;
    }
    m_currentModel.clear();
    return out;
}

TsType TypeScriptGenerator::bodyType(const Json &schema, const QString &pointer, bool request)
{
    const TsType t = type(schema, pointer, 2, true, 0);
    const auto model = modelReference(schema);
    if (!model || !m_modelIndex.contains(*model))
        return t;
    const Model &m = m_models[m_modelIndex.value(*model)];
    const QStringList &omitted = request ? m.readOnly : m.writeOnly;
    if (omitted.isEmpty())
        return t;
    QStringList keys;
    for (const QString &k : omitted)
        keys.append(jsonText(Json(k)));
    return named(u"Omit<"_s + t.text + u", "_s + keys.join(u" | "_s) + u'>');
}

TsType TypeScriptGenerator::mediaBodyType(const ApiMediaType &media, bool request)
{
    const BodyKind kind = bodyKind(media.name);
    const QString pointer = media.pointer + u"/schema"_s;
    switch (kind) {
    case BodyKind::Json:
    case BodyKind::Form:
        return media.schema.isNull() ? named(u"unknown"_s) : bodyType(media.schema, pointer, request);
    case BodyKind::Multipart: {
        if (!request)
            return named(u"string"_s);
        // Files are Blobs in a browser, so binary strings of the (resolved) form model become Blob.
        const auto [resolved, at] = m_document.resolveLocal(media.schema, pointer);
        m_binaryAsBlob = true;
        const TsType t = type(*resolved, at, 2, true, 0);
        m_binaryAsBlob = false;
        return t;
    }
    case BodyKind::Text:
        return named(u"string"_s);
    case BodyKind::Raw:
        return request ? TsType{u"Blob | BufferSource | string"_s, Precedence::Union} : named(u"Blob"_s);
    }
    return named(u"unknown"_s);
}

QString TypeScriptGenerator::operation(const ApiEndpoint &e, QStringList *clientMembers)
{
    QString base = camelCase(operationName(e));
    if (base.isEmpty())
        base = camelCase(QString(e.method + u" operation"_s));
    base = asciiIdentifier(base);
    if (reservedWords().contains(base) || usedGlobalValues().contains(base))
        base += u'_';
    const QString function = m_values.claim(base);
    const QString typeBase = function.left(1).toUpper() + function.mid(1);

    struct Param
    {
        QString key;
        ApiParameter parameter;
        TsType type;
        QString style;
        bool explode = true;
        bool jsonContent = false;
    };
    NameRegistry keys;
    QList<Param> params;
    QStringList cookies;
    for (const ApiParameter &p : e.parameters) {
        if (p.in == u"cookie") {
            cookies.append(p.name);
            continue;
        }
        if (p.in != u"path" && p.in != u"query" && p.in != u"header")
            continue;
        const Json &raw = parameterObject(p, m_document);
        Param param;
        param.parameter = p;
        param.key = keys.isTaken(p.name) ? keys.claim(p.name + u'_' + p.in) : keys.claim(p.name);
        param.type = type(parameterSchema(p, m_document), p.pointer + u"/schema"_s, 2, true, 0);
        param.style = raw[u"style"].toString();
        if (param.style.isEmpty())
            param.style = p.in == u"query" ? u"form"_s : u"simple"_s;
        param.explode = raw[u"explode"].toBool(param.style == u"form");
        param.jsonContent = raw[u"schema"].isNull() && raw[u"content"].isObject();
        params.append(param);
    }

    std::optional<ApiMediaType> bodyMedia;
    if (e.requestBody && !e.requestBody->content.isEmpty()) {
        bodyMedia = e.requestBody->content.front();
        for (const ApiMediaType &m : e.requestBody->content) {
            if (isJsonMediaType(m.name)) {
                bodyMedia = m;
                break;
            }
        }
    }
    const bool bodyRequired = bodyMedia && e.requestBody->required;
    const QString bodyKey =
        bodyMedia ? (keys.isTaken(u"body"_s) ? keys.claim(u"requestBody"_s) : keys.claim(u"body"_s)) : QString();

    QString out;
    const bool hasParams = !params.isEmpty() || bodyMedia;
    bool paramsRequired = bodyRequired;
    for (const Param &p : std::as_const(params))
        paramsRequired = paramsRequired || p.parameter.required;
    const QString paramsType = hasParams ? m_types.claim(typeBase + u"Params"_s) : QString();
    if (hasParams) {
        out += u"/** Parameters of {@link "_s + function + u"}. */\n"_s;
        out += u"export interface "_s + paramsType + u" {\n"_s;
        for (const Param &p : std::as_const(params)) {
            QStringList notes{p.parameter.description};
            if (p.key != p.parameter.name)
                notes.append(u"Sent in "_s + p.parameter.in + u" as \""_s + p.parameter.name + u"\"."_s);
            if (p.parameter.deprecated)
                notes.append(u"@deprecated"_s);
            out += jsDoc(notes, 2) + u"  "_s + propertyKey(p.key) + (p.parameter.required ? u""_s : u"?"_s) + u": "_s +
                   p.type.text + u";\n"_s;
        }
        if (bodyMedia) {
            const TsType t = mediaBodyType(*bodyMedia, true);
            out += jsDoc({e.requestBody->description, u"Sent as "_s + bodyMedia->name + u'.'}, 2) + u"  "_s +
                   propertyKey(bodyKey) + (bodyRequired ? u""_s : u"?"_s) + u": "_s + t.text + u";\n"_s;
        }
        out += u"}\n\n"_s;
    }

    const QString responseType = m_types.claim(typeBase + u"Response"_s);
    // Ranges ("4XX") and `default` are typed as the registered codes they cover, minus the codes documented on
    // their own, so that `if (r.status === 200)` still narrows the union to one body type.
    QSet<int> explicitCodes;
    QSet<QChar> ranges;
    for (const ApiResponse &r : e.responses) {
        bool numeric = false;
        const int code = r.status.toInt(&numeric);
        if (numeric)
            explicitCodes.insert(code);
        else if (r.status.size() == 3 && r.status.endsWith(u"XX"_s, Qt::CaseInsensitive))
            ranges.insert(r.status.front());
    }
    auto covered = [&](const ApiResponse &r) {
        QStringList codes;
        for (const int code : registeredStatusCodes()) {
            const QChar first = QString::number(code).front();
            const bool inRange = r.status == u"default" ? !ranges.contains(first) : first == r.status.front();
            if (inRange && !explicitCodes.contains(code))
                codes.append(QString::number(code));
        }
        return codes.isEmpty() ? u"number"_s : codes.join(u" | "_s);
    };
    QStringList statuses;
    QStringList alternatives;
    for (const ApiResponse &r : e.responses) {
        statuses.append(jsonText(Json(r.status == u"default" ? r.status : r.status.toUpper())));
        bool numeric = false;
        const int code = r.status.toInt(&numeric);
        QList<TsType> bodies;
        for (const ApiMediaType &m : r.content)
            bodies.append(mediaBodyType(m, false));
        const TsType body = r.content.isEmpty() ? named(u"undefined"_s) : unionOf(bodies);
        const QString doc = r.description.simplified();
        alternatives.append((doc.isEmpty() ? QString() : u"  // "_s + r.status + u": "_s + doc + u'\n') +
                            u"  | { status: "_s + (numeric ? QString::number(code) : covered(r)) + u"; body: "_s +
                            body.text + u"; response: Response }"_s);
    }
    if (alternatives.isEmpty()) {
        statuses.append(u"\"default\""_s);
        alternatives.append(u"  | { status: number; body: unknown; response: Response }"_s);
    }
    out += u"/** What {@link "_s + function + u"} resolves to, one member per documented status. */\n"_s;
    out += u"export type "_s + responseType + u" =\n"_s + alternatives.join(u'\n') + u";\n\n"_s;

    QStringList notes{e.summary, e.description};
    QString line = u'`' + e.method.toUpper() + u' ' + e.path + u'`';
    if (!cookies.isEmpty())
        line +=
            u"\n\nCookie parameters are set by the browser, not by this function: "_s + cookies.join(u", "_s) + u'.';
    notes.append(line);
    if (e.deprecated)
        notes.append(u"@deprecated"_s);
    out += jsDoc(notes, 0);
    const QString paramsArgument =
        hasParams ? u"params: "_s + paramsType + (paramsRequired ? QString() : u" = {}"_s) + u", "_s : QString();
    out += u"export async function "_s + function + u'(' + paramsArgument +
           u"options: ClientOptions = {}): Promise<"_s + responseType + u"> {\n"_s;

    // The path as a template literal: literal text escaped, parameters interpolated and percent-encoded.
    QString path;
    for (qsizetype i = 0; i < e.path.size(); ++i) {
        const QChar c = e.path[i];
        if (c == u'{') {
            const qsizetype end = e.path.indexOf(u'}', i);
            const QString name = end > i ? e.path.mid(i + 1, end - i - 1) : QString();
            const auto param = std::find_if(params.cbegin(), params.cend(), [&](const Param &p) {
                return p.parameter.in == u"path" && p.parameter.name == name;
            });
            if (end > i && param != params.cend()) {
                path += u"${pathValue("_s + memberAccess(u"params"_s, param->key) + u", "_s + jsonText(Json(param->style)) +
                        u", "_s + (param->explode ? u"true"_s : u"false"_s) + u", "_s + jsonText(Json(name)) + u")}"_s;
                i = end;
                continue;
            }
        }
        if (c == u'`' || c == u'\\' || c == u'$')
            path += u'\\';
        path += c;
    }
    bool anyQuery = false;
    for (const Param &p : std::as_const(params))
        anyQuery = anyQuery || p.parameter.in == u"query";
    if (anyQuery)
        out += u"  const query = new URLSearchParams();\n"_s;
    QStringList headers;
    for (const Param &p : std::as_const(params)) {
        QString value = memberAccess(u"params"_s, p.key);
        if (p.jsonContent)
            value = value + u" === undefined ? undefined : JSON.stringify("_s + value + u')';
        if (p.parameter.in == u"query")
            out += u"  appendQuery(query, "_s + jsonText(Json(p.parameter.name)) + u", "_s + value + u", "_s +
                   jsonText(Json(p.style)) + u", "_s + (p.explode ? u"true"_s : u"false"_s) + u");\n"_s;
        else if (p.parameter.in == u"header")
            headers.append(u'[' + jsonText(Json(p.parameter.name)) + u", "_s + value + u", "_s +
                           (p.explode ? u"true"_s : u"false"_s) + u']');
    }
    QString body = u"undefined"_s;
    if (bodyMedia) {
        // Form fields with a style of their own (Stripe's deepObject metadata[plan]=gold) say so in `encoding`.
        QStringList encoding;
        const Json *media = jsonpointer::resolve(m_document.root(), bodyMedia->pointer);
        if (media && bodyKind(bodyMedia->name) == BodyKind::Form) {
            for (const auto &[field, e] : (*media)[u"encoding"].toObject()) {
                const QString style = e[u"style"].isString() ? e[u"style"].toString() : u"form"_s;
                encoding.append(jsonText(Json(field)) + u": ["_s + jsonText(Json(style)) + u", "_s +
                                (e[u"explode"].toBool(style == u"form") ? u"true"_s : u"false"_s) + u']');
            }
        }
        body = u"{ kind: \""_s + bodyKindName(bodyKind(bodyMedia->name)) + u"\", mediaType: "_s +
               jsonText(Json(bodyMedia->name)) + u", value: "_s + memberAccess(u"params"_s, bodyKey) +
               (encoding.isEmpty() ? QString() : u", encoding: { "_s + encoding.join(u", "_s) + u" }"_s) + u" }"_s;
    }
    out += u"  const response = await send(options, "_s + jsonText(Json(e.method.toUpper())) + u", `"_s + path +
           u"`, "_s + (anyQuery ? u"query"_s : u"undefined"_s) + u", ["_s + headers.join(u", "_s) + u"], "_s + body +
           u");\n"_s;
    out += u"  return (await finish(response, ["_s + statuses.join(u", "_s) + u"])) as "_s + responseType + u";\n}\n"_s;

    if (hasParams)
        clientMembers->append(u"    "_s + function + u": (params: "_s + paramsType +
                              (paramsRequired ? QString() : u" = {}"_s) + u", options?: ClientOptions) => "_s +
                              function + u"(params, merged(options)),"_s);
    else
        clientMembers->append(u"    "_s + function + u": (options?: ClientOptions) => "_s + function +
                              u"(merged(options)),"_s);
    return out;
}

QString TypeScriptGenerator::run()
{
    nameModels();
    breakAliasCycles();

    const ApiInfo info = m_document.info();
    const QString title = QString(info.title + u' ' + info.version).simplified();
    QString out = u"// Generated by Portico from \""_s + title + u"\" (OpenAPI "_s + m_root[u"openapi"].toString() +
                  u"). Do not edit: regenerate with `portico generate typescript`.\n"_s +
                  u"// Self-contained: needs only `fetch` (browsers, Node 18+, Deno, Bun).\n\n"_s;
    out += QString::fromUtf16(kRuntime);
    out += u"\n/** The document's first server; override per client with `baseUrl`. */\n"_s;
    out += u"export const DEFAULT_BASE_URL = "_s + jsonText(Json(defaultServerUrl(m_root))) + u";\n"_s;

    if (!m_models.isEmpty())
        out += u"\n// ---- Models (components.schemas) ----\n"_s;
    for (const Model &model : std::as_const(m_models))
        out += u'\n' + modelDeclaration(model);

    QStringList clientMembers;
    const QList<ApiEndpoint> endpoints = m_document.endpoints();
    if (!endpoints.isEmpty())
        out += u"\n// ---- Operations ----\n"_s;
    for (const ApiEndpoint &e : endpoints)
        out += u'\n' + operation(e, &clientMembers);

    out += u"\n/**\n * Binds every operation to one configuration:\n"_s
           u" * `const api = createClient({ baseUrl: \"https://api.example.com\" });`\n"_s
           u" * Per-call options are merged over these (headers combined).\n */\n"_s;
    out += u"export function createClient(defaults: ClientOptions = {}) {\n"_s
           u"  const merged = (options?: ClientOptions): ClientOptions => mergeOptions(defaults, options);\n"_s;
    if (clientMembers.isEmpty())
        out += u"  void merged;\n  return {};\n}\n"_s;
    else
        out += u"  return {\n"_s + clientMembers.join(u'\n') + u"\n  };\n}\n"_s;
    out += u"\nexport type Client = ReturnType<typeof createClient>;\n"_s;
    return out;
}

} // namespace

QString generateTypeScript(const Json &openApi31, QList<CodegenWarning> *warnings)
{
    TypeScriptGenerator generator(openApi31);
    const QString out = generator.run();
    if (warnings)
        warnings->append(generator.warnings());
    return out;
}

} // namespace portico::core
