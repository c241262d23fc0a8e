"""Charts drawn on the server as SVG: pictures with titles and descriptions for screen readers."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# A tile-grid cartogram: one square per country, placed by hand roughly where it lies
# (column, row). Not to scale; no map data is needed.
TILES: dict[str, tuple[int, int]] = {
    # Americas
    "CA": (1, 0), "US": (1, 1), "MX": (1, 2), "CU": (2, 2), "GT": (0, 3), "HN": (1, 3), "DO": (3, 3),
    "JM": (2, 3), "CR": (1, 4), "PA": (2, 4), "CO": (2, 5), "VE": (3, 5), "EC": (1, 6), "PE": (2, 6),
    "BR": (3, 6), "BO": (2, 7), "PY": (3, 7), "CL": (1, 8), "AR": (2, 8), "UY": (3, 8),
    # Europe
    "IS": (6, 0), "NO": (9, 0), "SE": (10, 0), "FI": (11, 0),
    "IE": (6, 1), "GB": (7, 1), "DK": (9, 1), "EE": (11, 1), "RU": (13, 1),
    "NL": (8, 2), "DE": (9, 2), "PL": (10, 2), "LV": (11, 2), "BY": (12, 2),
    "BE": (7, 3), "LU": (8, 3), "CZ": (9, 3), "SK": (10, 3), "LT": (11, 3), "UA": (12, 3),
    "FR": (7, 4), "CH": (8, 4), "AT": (9, 4), "HU": (10, 4), "RO": (11, 4), "MD": (12, 4),
    "PT": (6, 5), "ES": (7, 5), "IT": (9, 5), "SI": (10, 5), "HR": (11, 5), "RS": (12, 5), "BG": (13, 5),
    "MT": (9, 6), "AL": (11, 6), "GR": (12, 6), "TR": (13, 6),
    # Middle East, Caucasus and Central Asia
    "GE": (14, 4), "AM": (15, 4), "AZ": (16, 4), "KZ": (17, 4), "KG": (18, 4),
    "UZ": (17, 5), "TJ": (18, 5),
    "CY": (14, 6), "SY": (15, 6), "IQ": (16, 6), "IR": (17, 6), "AF": (18, 6),
    "IL": (14, 7), "LB": (15, 7), "JO": (16, 7), "KW": (17, 7), "BH": (18, 7),
    "SA": (16, 8), "QA": (17, 8), "AE": (18, 8), "OM": (19, 8), "YE": (17, 9),
    # Africa
    "MA": (7, 7), "DZ": (8, 7), "TN": (9, 7), "LY": (10, 7), "EG": (12, 7),
    "SN": (6, 8), "ML": (8, 8), "NE": (9, 8), "TD": (10, 8), "SD": (11, 8), "ER": (12, 8),
    "GH": (7, 9), "NG": (9, 9), "CM": (10, 9), "ET": (12, 9), "SO": (13, 9),
    "CI": (6, 9), "GA": (9, 10), "CD": (10, 10), "UG": (11, 10), "KE": (12, 10), "RW": (11, 11),
    "AO": (9, 11), "ZM": (10, 11), "TZ": (12, 11), "NA": (9, 12), "BW": (10, 12), "ZW": (11, 12),
    "MZ": (12, 12), "MG": (13, 12), "ZA": (10, 13),
    # Asia
    "MN": (21, 3), "KP": (23, 3), "CN": (21, 4), "KR": (23, 4), "JP": (24, 4),
    "PK": (19, 6), "NP": (20, 6), "HK": (22, 6), "TW": (23, 6), "MO": (21, 6),
    "IN": (20, 7), "BD": (21, 7), "MM": (22, 7), "LA": (23, 7),
    "LK": (20, 8), "TH": (22, 8), "VN": (23, 8), "PH": (24, 8),
    "MY": (22, 9), "KH": (23, 9), "SG": (22, 10), "BN": (23, 10), "ID": (24, 10),
    # Oceania
    "PG": (25, 11), "AU": (24, 12), "FJ": (26, 12), "NZ": (25, 13),
}  # fmt: skip

# Light to dark; text is dark on the first three steps and white on the last two.
SCALE = ["#dbe9f6", "#a9cce8", "#6baed6", "#2f7ebc", "#0b4f8a"]
EMPTY = "#eef1f5"
INK = "#1b2330"
PALETTE = ["#0b5cad", "#d9822b", "#1d7a3a", "#8e44ad", "#b3261e", "#5a6472", "#0f8b8d"]


def _e(value: object) -> str:
    return str(escape(str(value)))


def colour_step(value: int, maximum: int) -> int:
    """Which of the five colour steps a value falls into (1..5); 0 means none."""
    if value <= 0 or maximum <= 0:
        return 0
    return min(len(SCALE), 1 + (value - 1) * len(SCALE) // maximum)


def tile_map(
    counts: dict[str, int], names: dict[str, str], *, title: str, unit: str, chart_id: str, legend: str = ""
) -> SafeString:
    """The countries as a grid of tiles, shaded by count."""
    size, gap, pad = 28, 3, 4
    cols = max(c for c, _r in TILES.values()) + 1
    rows = max(r for _c, r in TILES.values()) + 1
    width, height = cols * (size + gap) + pad * 2, rows * (size + gap) + pad * 2 + 34
    maximum = max(counts.values(), default=0)
    described = ", ".join(
        f"{names.get(code, code)}: {counts[code]}" for code in sorted(counts, key=lambda c: -counts[c])
    )
    parts = [
        f'<svg class="chart tile-map" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{_e(title)}</title>',
        f'<desc id="{chart_id}-desc">{_e(described or _("No countries yet."))}</desc>',
    ]
    for code, (col, row) in sorted(TILES.items()):
        value = counts.get(code, 0)
        step = colour_step(value, maximum)
        fill = SCALE[step - 1] if step else EMPTY
        ink = "#ffffff" if step >= 4 else ("#1b2330" if step else "#5a6472")
        x, y = pad + col * (size + gap), pad + row * (size + gap)
        label = f"{names.get(code, code)}: {value} {unit}" if value else names.get(code, code)
        parts.append(
            f'<g class="tile{" has-value" if value else ""}" data-country="{code}"><title>{_e(label)}</title>'
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="3" fill="{fill}"/>'
            f'<text x="{x + size / 2}" y="{y + size / 2 + 3.5}" text-anchor="middle" font-size="9.5" '
            f'fill="{ink}">{code}</text></g>'
        )
    # Legend
    ly = height - 24
    legend = legend or unit
    parts.append(f'<text x="{pad}" y="{ly + 13}" font-size="11" fill="{INK}">{_e(legend)}</text>')
    lx = pad + 11 * max(len(legend), 6) + 8
    bounds = _legend_bounds(maximum)
    for index, (low, high) in enumerate(bounds):
        x = lx + index * 70
        parts.append(f'<rect x="{x}" y="{ly}" width="18" height="18" rx="3" fill="{SCALE[index]}"/>')
        text = f"{low}" if low == high else f"{low}–{high}"
        parts.append(f'<text x="{x + 23}" y="{ly + 13}" font-size="11" fill="#1b2330">{text}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def _legend_bounds(maximum: int) -> list[tuple[int, int]]:
    if maximum <= 0:
        return []
    bounds = []
    for step in range(1, len(SCALE) + 1):
        values = [v for v in range(1, maximum + 1) if colour_step(v, maximum) == step]
        if values:
            bounds.append((values[0], values[-1]))
    return bounds


@dataclass
class Bar:
    label: str
    value: int
    hint: str = ""


def bar_chart(bars: Sequence[Bar], *, title: str, chart_id: str, unit: str = "") -> SafeString:
    """Horizontal bars, one per row, the value written at the end of each bar."""
    row, label_width, bar_width, pad = 26, 210, 360, 6
    height = max(1, len(bars)) * row + pad * 2
    width = label_width + bar_width + 60
    maximum = max((b.value for b in bars), default=0) or 1
    described = "; ".join(f"{b.label}: {b.value}" for b in bars) or _("No data yet.")
    parts = [
        f'<svg class="chart bar-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{_e(title)}</title><desc id="{chart_id}-desc">{_e(described)}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = pad + index * row
        length = max(2.0, bar.value / maximum * bar_width) if bar.value else 0
        label = bar.label if len(bar.label) <= 30 else bar.label[:29] + "…"
        parts.append(
            f"<g><title>{_e(bar.label)}: {bar.value} {_e(unit)}</title>"
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" font-size="12" fill="{INK}">{_e(label)}</text>'
            f'<rect x="{label_width}" y="{y + 5}" width="{length:.1f}" height="16" rx="2" fill="#0b5cad"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 17}" font-size="12" fill="{INK}">{bar.value}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def stacked_chart(
    rows: Sequence[tuple[str, dict[str, int]]], series: Sequence[tuple[str, str]], *, title: str, chart_id: str
) -> SafeString:
    """One horizontal bar per row, split into coloured series (e.g. meetings per day by kind)."""
    row_h, label_width, bar_width, pad = 30, 150, 420, 6
    legend_h = 24 * ((len(series) + 2) // 3)
    height = max(1, len(rows)) * row_h + pad * 2 + legend_h
    width = label_width + bar_width + 60
    maximum = max((sum(values.values()) for _label, values in rows), default=0) or 1
    colours = dict(zip((key for key, _l in series), itertools.cycle(PALETTE), strict=False))
    described = "; ".join(
        f"{label}: " + ", ".join(f"{name} {values.get(key, 0)}" for key, name in series if values.get(key))
        for label, values in rows
    )
    parts = [
        f'<svg class="chart stacked-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{_e(title)}</title>',
        f'<desc id="{chart_id}-desc">{_e(described or _("No data yet."))}</desc>',
    ]
    for index, (label, values) in enumerate(rows):
        y = pad + index * row_h
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 19}" text-anchor="end" font-size="12" fill="{INK}">{_e(label)}</text>'
        )
        x = float(label_width)
        for key, name in series:
            value = values.get(key, 0)
            if not value:
                continue
            length = value / maximum * bar_width
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 5}" width="{length:.1f}" height="20" fill="{colours[key]}">'
                f"<title>{_e(label)} · {_e(name)}: {value}</title></rect>"
            )
            x += length
        total = sum(values.values())
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 19}" font-size="12" fill="#1b2330">{total}</text>')
    ly = pad + len(rows) * row_h + 8
    for index, (key, name) in enumerate(series):
        x = pad + (index % 3) * 200
        y = ly + (index // 3) * 24
        parts.append(f'<rect x="{x}" y="{y}" width="14" height="14" rx="2" fill="{colours[key]}"/>')
        parts.append(f'<text x="{x + 20}" y="{y + 12}" font-size="12" fill="#1b2330">{_e(name)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
