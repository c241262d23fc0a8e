"""Time ranges shown in the expo's time and the viewer's home time, side by side."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html

register = template.Library()


def _range(starts_at: dt.datetime, ends_at: dt.datetime, tz) -> tuple[str, str]:
    start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
    text = f"{start:%H:%M}–{end:%H:%M}"
    if end.date() != start.date():
        text += f" (+{(end.date() - start.date()).days})"
    return text, start.isoformat()


@register.simple_tag(takes_context=True)
def time_pair(context, starts_at: dt.datetime, ends_at: dt.datetime, with_date: bool = False):
    """``10:00–11:00 KST`` and, when the viewer lives elsewhere, ``09:00–10:00 Asia/Taipei``."""
    expo_tz, home_tz = context.get("expo_tz"), context.get("home_tz")
    if expo_tz is None:
        expo_tz = dt.UTC
    text, iso = _range(starts_at, ends_at, expo_tz)
    prefix = date_format(starts_at.astimezone(expo_tz), "D j M") + " " if with_date else ""
    expo_name = context.get("expo_tz_name", "")
    if home_tz is None:
        return format_html(
            '<span class="time-pair"><time datetime="{}">{}{}</time> <abbr class="tz" title="{}">{}</abbr></span>',
            iso,
            prefix,
            text,
            expo_name,
            starts_at.astimezone(expo_tz).strftime("%Z"),
        )
    home_text, _ = _range(starts_at, ends_at, home_tz)
    home_day = starts_at.astimezone(home_tz).date() != starts_at.astimezone(expo_tz).date()
    if home_day:
        home_text = date_format(starts_at.astimezone(home_tz), "D j M") + " " + home_text
    return format_html(
        '<span class="time-pair"><time datetime="{}">{}{}</time> <abbr class="tz" title="{}">{}</abbr>'
        '<span class="home">{} <abbr title="{}">{}</abbr></span></span>',
        iso,
        prefix,
        text,
        expo_name,
        starts_at.astimezone(expo_tz).strftime("%Z"),
        home_text,
        context.get("home_tz_name", ""),
        starts_at.astimezone(home_tz).strftime("%Z"),
    )
