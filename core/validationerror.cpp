#include "validationerror.h"

#include "jsonwriter.h"

using namespace Qt::StringLiterals;

namespace portico::core {

Json ValidationError::toJson() const
{
    JsonObject o;
    o.reserve(5);
    o.append(u"type"_s, Json(type));
    o.append(u"loc"_s, Json(loc));
    o.append(u"msg"_s, Json(msg));
    o.append(u"input"_s, input);
    if (!ctx.isEmpty())
        o.append(u"ctx"_s, Json(ctx));
    return Json(std::move(o));
}

Json detailBody(const ValidationErrors &errors)
{
    JsonArray detail;
    detail.reserve(size_t(errors.size()));
    for (const ValidationError &e : errors)
        detail.push_back(e.toJson());
    return Json(JsonObject{{u"detail"_s, Json(std::move(detail))}});
}

QString pythonRepr(const Json &value)
{
    switch (value.type()) {
    case Json::Type::Null:
        return u"None"_s;
    case Json::Type::Bool:
        return value.toBool() ? u"True"_s : u"False"_s;
    case Json::Type::String: {
        QString s = value.toString();
        s.replace(u'\\', u"\\\\"_s).replace(u'\'', u"\\'"_s);
        return u'\'' + s + u'\'';
    }
    default:
        return QString::fromUtf8(portico::core::toJson(value));
    }
}

} // namespace portico::core
