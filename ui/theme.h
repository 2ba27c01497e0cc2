#pragma once

#include <QColor>
#include <QPalette>
#include <QString>

#include <optional>

class QWidget;

namespace portico::ui::theme {

// The look the user picked under View → Theme. System leaves the platform's style and palette alone; Light and
// Dark use Fusion, whose drawing follows the palette everywhere, so a dark palette gives a dark window.
enum class Theme { System, Light, Dark };

// QSettings key holding the choice as "system", "light" or "dark".
inline constexpr char kSettingsKey[] = "ui/theme";

QString name(Theme theme);
std::optional<Theme> fromName(const QString &name);
Theme saved();
void save(Theme theme);

// Sets the application's style and palette for `theme`. Widgets that follow the palette (CodeEditor, the
// tinted labels, the server toolbar) recolour themselves on the PaletteChange this sends.
void apply(Theme theme);

// Whether text on this palette is light on dark: its window is darker than its text.
bool isDark(const QPalette &palette);

// WCAG 2.x contrast ratio of two opaque colours, from 1 (same) to 21 (black on white).
double contrastRatio(const QColor &a, const QColor &b);
// `colour` made lighter or darker, keeping its hue, until it has `ratio` contrast against `background`.
QColor readableOn(const QColor &colour, const QColor &background, double ratio = 4.5);

// What a coloured word means, whatever the palette: a check that passed, a link-like fact, something to look
// at, a failure, a side remark.
enum class Tone { Success, Info, Warning, Error, Muted };

// The tone as a text colour readable on both the palette's Base (tables, editors) and Window (labels).
QColor toneColor(Tone tone, const QPalette &palette);
// A soft fill behind ordinary text that says the tone (an invalid field, an error banner).
QColor toneFill(Tone tone, const QPalette &palette);

// Colours a widget's text in a tone (or back to normal with nullopt), and keeps it right when the palette
// changes. With `fill`, the background is tinted instead and the text keeps the palette's colour.
void tint(QWidget *widget, std::optional<Tone> tone, bool fill = false);

} // namespace portico::ui::theme
