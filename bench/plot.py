"""A small SVG line chart written by hand (no plotting library): list growth from 200 to 10,000 jobs."""

import math

COLORS = {"kubectl-odh -o json": "#1f77b4", "kubectl -o json": "#ff7f0e", "kubectl-odh table": "#2ca02c",
          "kubectl table": "#d62728"}
DASHED = {"kubectl -o json", "kubectl table"}


def _ticks(top):
    """Round steps up to `top` (1, 2 or 5 times a power of ten)."""
    if top <= 0:
        return [0]
    raw = top / 4
    power = 10 ** math.floor(math.log10(raw))
    step = min((m * power for m in (1, 2, 5, 10) if m * power >= raw), default=power * 10)
    return [i * step for i in range(int(top / step) + 2)]


def panel(x0, y0, width, height, title, unit, xs, series, fmt):
    """One chart: x on a log scale (jobs), y linear from 0."""
    out = []
    top = max(v for values in series.values() for v in values if v is not None) * 1.05
    ticks = _ticks(top)
    top = ticks[-1]
    lo, hi = math.log10(xs[0]), math.log10(xs[-1])

    def px(x):
        return x0 + (math.log10(x) - lo) / (hi - lo) * width

    def py(y):
        return y0 + height - y / top * height

    out.append('<text x="%.1f" y="%.1f" font-size="13" font-weight="bold">%s</text>' % (x0, y0 - 10, title))
    for t in ticks:
        out.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd"/>' % (x0, py(t), x0 + width, py(t)))
        out.append('<text x="%.1f" y="%.1f" font-size="10" text-anchor="end">%s</text>' % (x0 - 4, py(t) + 3,
                                                                                          fmt(t)))
    for x in xs:
        out.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd"/>' % (px(x), y0, px(x), y0 + height))
        out.append('<text x="%.1f" y="%.1f" font-size="10" text-anchor="middle">%s</text>' % (px(x), y0 + height + 14,
                                                                                              "{:,}".format(x)))
    out.append('<text x="%.1f" y="%.1f" font-size="10" text-anchor="middle">jobs (log scale)</text>' % (
        x0 + width / 2, y0 + height + 28))
    out.append('<text x="%.1f" y="%.1f" font-size="10" transform="rotate(-90 %.1f %.1f)" text-anchor="middle">%s'
               '</text>' % (x0 - 44, y0 + height / 2, x0 - 44, y0 + height / 2, unit))
    for name, values in series.items():
        points = [(px(x), py(v)) for x, v in zip(xs, values) if v is not None]
        dash = ' stroke-dasharray="5,3"' if name in DASHED else ""
        out.append('<polyline fill="none" stroke="%s" stroke-width="2"%s points="%s"/>' % (
            COLORS.get(name, "#333"), dash, " ".join("%.1f,%.1f" % p for p in points)))
        for x, y in points:
            out.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (x, y, COLORS.get(name, "#333")))
    return out


def growth_svg(scales, wall, rss):
    """wall/rss: {series name: [value per scale]} (seconds, MiB)."""
    width, height = 300, 200
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="800" height="330" font-family="sans-serif">',
             '<rect width="100%" height="100%" fill="white"/>']
    parts += panel(70, 40, width, height, "Wall time", "seconds", scales, wall, lambda t: "%g" % t)
    parts += panel(470, 40, width, height, "Peak RSS", "MiB", scales, rss, lambda t: "%g" % t)
    for i, name in enumerate(wall):
        x = 70 + i * 180
        dash = ' stroke-dasharray="5,3"' if name in DASHED else ""
        parts.append('<line x1="%d" y1="305" x2="%d" y2="305" stroke="%s" stroke-width="2"%s/>' % (
            x, x + 24, COLORS.get(name, "#333"), dash))
        parts.append('<text x="%d" y="309" font-size="11">%s</text>' % (x + 30, name))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
