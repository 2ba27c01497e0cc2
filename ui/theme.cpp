#include "theme.h"

#include <QApplication>
#include <QEvent>
#include <QIcon>
#include <QPainter>
#include <QPixmap>
#include <QProxyStyle>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>
#include <QWidget>

#include <cmath>

using namespace Qt::StringLiterals;

namespace portico::ui::theme {

namespace {

double channel(double c)
{
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const QColor &c)
{
    const QColor rgb = c.toRgb();
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF()) + 0.0722 * channel(rgb.blueF());
}

QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

QPalette darkPalette()
{
    // Greys a step apart so panes, fields and buttons stay distinguishable; text well above 7:1 on all of them.
    const QColor window(0x2d, 0x2d, 0x30);
    const QColor base(0x1f, 0x1f, 0x22);
    const QColor text(0xe4, 0xe4, 0xe4);
    const QColor disabledText(0x80, 0x80, 0x84);
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x27, 0x2b));
    p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3c, 0x41));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0xa0));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x38, 0x38, 0x3c));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4a, 0x50));
    p.setColor(QPalette::Midlight, QColor(0x3c, 0x3c, 0x41));
    p.setColor(QPalette::Mid, QColor(0x26, 0x26, 0x29));
    p.setColor(QPalette::Dark, QColor(0x1a, 0x1a, 0x1c));
    p.setColor(QPalette::Shadow, QColor(0x0c, 0x0c, 0x0d));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x7a, 0xb7, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xc0, 0x9c, 0xff));
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabledText);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x4a, 0x4a, 0x50));
    p.setColor(QPalette::Disabled, QPalette::Base, window);
    return p;
}

// Fusion's media icons are dark grey glyphs, invisible on a dark toolbar: under Dark they are redrawn in the
// palette's button text colour, shape and transparency kept.
class DarkStyle final : public QProxyStyle
{
public:
    DarkStyle() : QProxyStyle(QStyleFactory::create(u"Fusion"_s)) {}

    QIcon standardIcon(StandardPixmap icon, const QStyleOption *option = nullptr,
                       const QWidget *widget = nullptr) const override
    {
        const QIcon base = QProxyStyle::standardIcon(icon, option, widget);
        if (icon < SP_MediaPlay || icon > SP_MediaVolumeMuted)
            return base;
        // Not the widget's palette: on a switch to Dark the style arrives before the palette does.
        static const QColor ink = darkPalette().color(QPalette::ButtonText);
        QIcon recoloured;
        for (const int extent : {16, 22, 24, 32, 48}) {
            QPixmap pixmap = base.pixmap(QSize(extent, extent));
            if (pixmap.isNull())
                continue;
            QPainter painter(&pixmap);
            painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
            painter.fillRect(pixmap.rect(), ink);
            painter.end();
            recoloured.addPixmap(pixmap);
        }
        return recoloured.isNull() ? base : recoloured;
    }
};

// The platform's style as the application started, so choosing System after Dark can put it back.
const QString &systemStyle()
{
    static const QString name = QApplication::style()->name();
    return name;
}

// Keeps a tinted widget's colours in step with the palette: they are recomputed on every palette change.
class Tinter final : public QObject
{
public:
    explicit Tinter(QWidget *widget) : QObject(widget), m_widget(widget)
    {
        setObjectName(u"portico-tinter"_s);
        widget->installEventFilter(this);
    }

    void set(std::optional<Tone> tone, bool fill)
    {
        m_tone = tone;
        m_fill = fill;
        refresh();
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_widget && !m_refreshing
            && (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange))
            refresh();
        return false;
    }

private:
    void refresh()
    {
        m_refreshing = true;
        // Only the tinted roles are set, so the rest keeps following the application palette.
        QPalette palette;
        if (m_tone) {
            const QPalette natural = QApplication::palette(m_widget);
            const QList<QPalette::ColorRole> roles = m_fill ? QList{QPalette::Window, QPalette::Base}
                                                            : QList{QPalette::WindowText, QPalette::Text};
            const QColor colour = m_fill ? toneFill(*m_tone, natural) : toneColor(*m_tone, natural);
            for (const auto group : {QPalette::Active, QPalette::Inactive}) {
                for (const auto role : roles)
                    palette.setColor(group, role, colour);
            }
            if (m_fill)
                m_widget->setAutoFillBackground(true);
        }
        m_widget->setPalette(palette);
        m_refreshing = false;
    }

    QWidget *m_widget;
    std::optional<Tone> m_tone;
    bool m_fill = false;
    bool m_refreshing = false;
};

} // namespace

QString name(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return u"light"_s;
    case Theme::Dark:
        return u"dark"_s;
    case Theme::System:
        break;
    }
    return u"system"_s;
}

std::optional<Theme> fromName(const QString &name)
{
    for (const Theme theme : {Theme::System, Theme::Light, Theme::Dark}) {
        if (name.compare(theme::name(theme), Qt::CaseInsensitive) == 0)
            return theme;
    }
    return std::nullopt;
}

Theme saved()
{
    return fromName(QSettings().value(QLatin1StringView(kSettingsKey)).toString()).value_or(Theme::System);
}

void save(Theme theme)
{
    QSettings().setValue(QLatin1StringView(kSettingsKey), name(theme));
}

void apply(Theme theme)
{
    const QString &system = systemStyle(); // captured before the first change
    if (theme == Theme::System) {
        // An empty palette hands the colours back to the platform, which then keeps them up to date itself.
        if (QApplication::style()->name() != system)
            QApplication::setStyle(system);
        if (QCoreApplication::testAttribute(Qt::AA_SetPalette))
            QApplication::setPalette(QPalette());
        return;
    }
    if (theme == Theme::Dark) {
        QApplication::setStyle(new DarkStyle);
        QApplication::setPalette(darkPalette());
    } else {
        QApplication::setStyle(u"Fusion"_s);
        QApplication::setPalette(QApplication::style()->standardPalette());
    }
}

bool isDark(const QPalette &palette)
{
    return luminance(palette.color(QPalette::Window)) < luminance(palette.color(QPalette::WindowText));
}

double contrastRatio(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor readableOn(const QColor &colour, const QColor &background, double ratio)
{
    if (contrastRatio(colour, background) >= ratio)
        return colour;
    // Walk the lightness away from the background's: the hue survives, so red stays red.
    const bool lighten = luminance(background) < 0.18;
    float h = 0, s = 0, l = 0, a = 0;
    colour.toHsl().getHslF(&h, &s, &l, &a);
    for (int i = 0; i < 50; ++i) {
        l = std::clamp(l + (lighten ? 0.02f : -0.02f), 0.0f, 1.0f);
        const QColor candidate = QColor::fromHslF(h, s, l);
        if (contrastRatio(candidate, background) >= ratio)
            return candidate;
    }
    return lighten ? QColor(Qt::white) : QColor(Qt::black);
}

QColor toneColor(Tone tone, const QPalette &palette)
{
    const bool dark = isDark(palette);
    QColor colour;
    switch (tone) {
    case Tone::Success:
        colour = dark ? QColor(0x6f, 0xcf, 0x87) : QColor(0x1d, 0x7a, 0x38);
        break;
    case Tone::Info:
        colour = dark ? QColor(0x79, 0xb8, 0xff) : QColor(0x15, 0x65, 0xc0);
        break;
    case Tone::Warning:
        colour = dark ? QColor(0xe3, 0xb3, 0x41) : QColor(0x8a, 0x5a, 0x00);
        break;
    case Tone::Error:
        colour = dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xb0, 0x1c, 0x1c);
        break;
    case Tone::Muted:
        colour = dark ? QColor(0xa8, 0xa8, 0xad) : QColor(0x5f, 0x63, 0x68);
        break;
    }
    // A system palette may have any greys: make sure of the contrast on every background text sits on.
    for (const auto role : {QPalette::Base, QPalette::AlternateBase, QPalette::Window})
        colour = readableOn(colour, palette.color(role));
    return colour;
}

QColor toneFill(Tone tone, const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor fill = mix(base, toneColor(tone, palette), isDark(palette) ? 0.22 : 0.12);
    // Ordinary text sits on it, so it must stay as readable as on the plain background.
    return contrastRatio(fill, palette.color(QPalette::Text)) >= 4.5 ? fill : base;
}

void tint(QWidget *widget, std::optional<Tone> tone, bool fill)
{
    // Tinter has no meta-object of its own, so it is found by name.
    auto *tinter = static_cast<Tinter *>(widget->findChild<QObject *>(u"portico-tinter"_s, Qt::FindDirectChildrenOnly));
    if (!tinter) {
        if (!tone)
            return;
        tinter = new Tinter(widget);
    }
    tinter->set(tone, fill);
}

} // namespace portico::ui::theme
