#include "xmlwriter.h"

#include "jsonpointer.h"
#include "jsonwriter.h"

#include <QSet>
#include <QXmlStreamWriter>

using namespace Qt::StringLiterals;

namespace portico::core {
namespace {

class XmlShaper
{
public:
    XmlShaper(const Json &document, QXmlStreamWriter &out) : m_document(document), m_out(out) {}

    void root(const Json &value, const Json &schema)
    {
        const Json &s = resolved(schema);
        QString name = xml(s)[u"name"].toString();
        if (name.isEmpty())
            name = modelName(schema);
        if (value.isArray()) {
            // One root element is required: an array at the top is always wrapped.
            startElement(name.isEmpty() ? u"items"_s : name, s);
            items(value, s, itemName(s, name));
            m_out.writeEndElement();
            return;
        }
        element(name.isEmpty() ? u"root"_s : name, value, schema);
    }

private:
    static constexpr int kMaxRefHops = 32;

    // The schema a `$ref` chain ends at (its siblings are ignored here: only names are read).
    const Json &resolved(const Json &schema) const
    {
        const Json *s = &schema;
        for (int hops = 0; hops < kMaxRefHops && (*s)[u"$ref"].isString(); ++hops) {
            const QString ref = (*s)[u"$ref"].toString();
            const Json *target = ref.startsWith(u'#') ? jsonpointer::resolve(m_document, jsonpointer::fromUriFragment(ref)) : nullptr;
            if (!target)
                return Json::null();
            s = target;
        }
        return *s;
    }

    static const Json &xml(const Json &schema) { return schema[u"xml"]; }

    static QString modelName(const Json &schema)
    {
        const QString ref = schema[u"$ref"].toString();
        return ref.startsWith(u"#/components/schemas/"_s) || ref.startsWith(u"#/definitions/"_s) ? ref.section(u'/', -1) : QString();
    }

    // The schema of a property: in `properties`, or in those of an allOf part, each schema looked in once
    // (an allOf that refers to itself twice would otherwise cost 2^depth).
    const Json &propertySchema(const Json &schema, const QString &name) const
    {
        QSet<const Json *> seen;
        return propertySchema(schema, name, seen);
    }
    const Json &propertySchema(const Json &schema, const QString &name, QSet<const Json *> &seen) const
    {
        const Json &s = resolved(schema);
        if (seen.contains(&s))
            return Json::null();
        seen.insert(&s);
        if (const Json &p = s[u"properties"][name]; !p.isNull())
            return p;
        for (const Json &part : s[u"allOf"].toArray()) {
            if (const Json &p = propertySchema(part, name, seen); !p.isNull())
                return p;
        }
        return Json::null();
    }

    QString itemName(const Json &arraySchema, const QString &fallback) const
    {
        const Json &items = arraySchema[u"items"];
        QString name = xml(resolved(items))[u"name"].toString();
        if (name.isEmpty())
            name = modelName(items);
        return name.isEmpty() ? (fallback.isEmpty() ? u"item"_s : fallback) : name;
    }

    // A JSON key as an XML name: characters a name cannot hold become '_', and a name cannot start with a
    // digit, '-' or '.' (nor be empty).
    static QString xmlName(const QString &key)
    {
        QString out;
        for (const QChar c : key)
            out += c.isLetterOrNumber() || c == u'_' || c == u'-' || c == u'.' ? c : u'_';
        if (out.isEmpty() || out[0].isDigit() || out[0] == u'-' || out[0] == u'.')
            out.prepend(u'_');
        return out;
    }

    void startElement(const QString &name, const Json &s)
    {
        const QString prefix = xml(s)[u"prefix"].toString();
        m_out.writeStartElement(prefix.isEmpty() ? xmlName(name) : xmlName(prefix) + u':' + xmlName(name));
        if (const QString ns = xml(s)[u"namespace"].toString(); !ns.isEmpty())
            m_out.writeAttribute(prefix.isEmpty() ? u"xmlns"_s : u"xmlns:"_s + prefix, ns);
    }

    static QString text(const Json &value)
    {
        if (value.isString())
            return value.toString();
        if (value.isNull())
            return {};
        return QString::fromUtf8(toJson(value));
    }

    void items(const Json &value, const Json &arraySchema, const QString &name)
    {
        for (const Json &item : value.toArray())
            element(name, item, arraySchema[u"items"]);
    }

    void element(const QString &defaultName, const Json &value, const Json &schema)
    {
        const Json &s = resolved(schema);
        // The name written beside a `$ref` first, then the referenced schema's, then the property's.
        QString name = xml(schema)[u"name"].toString();
        if (name.isEmpty())
            name = xml(s)[u"name"].toString();
        if (name.isEmpty())
            name = defaultName;
        if (value.isArray()) {
            // Arrays are unwrapped unless `xml.wrapped`: each item is an element of the array's name.
            if (xml(s)[u"wrapped"].toBool()) {
                startElement(name, s);
                items(value, s, itemName(s, name));
                m_out.writeEndElement();
            } else {
                items(value, s, xml(resolved(s[u"items"]))[u"name"].toString().isEmpty() ? name : itemName(s, name));
            }
            return;
        }
        startElement(name, s);
        if (value.isObject()) {
            // Attributes first: QXmlStreamWriter writes them only before any child.
            for (const auto &[key, member] : value.toObject()) {
                const Json &ps = resolved(propertySchema(s, key));
                if (xml(ps)[u"attribute"].toBool() && !member.isObject() && !member.isArray()) {
                    const QString attribute = xml(ps)[u"name"].toString();
                    m_out.writeAttribute(xmlName(attribute.isEmpty() ? key : attribute), text(member));
                }
            }
            for (const auto &[key, member] : value.toObject()) {
                const Json &ps = propertySchema(s, key);
                if (xml(resolved(ps))[u"attribute"].toBool() && !member.isObject() && !member.isArray())
                    continue;
                element(key, member, ps);
            }
        } else {
            m_out.writeCharacters(text(value));
        }
        m_out.writeEndElement();
    }

    const Json &m_document;
    QXmlStreamWriter &m_out;
};

} // namespace

QByteArray toXml(const Json &value, const Json &schema, const Json &document)
{
    if (value.isString() && value.toString().trimmed().startsWith(u'<'))
        return value.toString().toUtf8();
    QByteArray out;
    QXmlStreamWriter writer(&out);
    writer.writeStartDocument();
    XmlShaper(document, writer).root(value, schema);
    writer.writeEndDocument();
    return out;
}

} // namespace portico::core
