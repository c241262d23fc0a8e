"""The SVG charts: pictures with a title and a description, values escaped, colours by step."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from cockpit import agenda, charts
from cockpit.report import join_list
from cockpit.selectors import TimelineItem
from tests.factories.cockpit import SEOUL


def test_colour_steps_split_the_range_in_five():
    assert [charts.colour_step(v, 10) for v in (0, 1, 2, 3, 5, 7, 9, 10)] == [0, 1, 1, 2, 3, 4, 5, 5]
    assert charts.colour_step(3, 0) == 0


def test_tile_map_shades_countries_and_describes_them():
    svg = charts.tile_map(
        {"MA": 4, "ZA": 1, "XX": 2}, {"MA": "Morocco", "ZA": "South Africa"}, title="Met", unit="contacts", chart_id="t"
    )
    assert svg.startswith('<svg class="chart tile-map"')
    assert 'role="img"' in svg and 'aria-labelledby="t-title t-desc"' in svg
    assert '<desc id="t-desc">Morocco: 4, XX: 2, South Africa: 1</desc>' in svg
    assert (
        f'<g class="tile has-value" data-country="MA"><title>Morocco: 4 contacts</title><rect x="{4 + 7 * 31}"' in svg
    )
    assert 'data-country="XX"' not in svg  # off the grid: the page lists it in words


def test_bar_chart_escapes_labels_and_scales_to_the_largest():
    svg = charts.bar_chart([charts.Bar("<b>A</b>", 10), charts.Bar("B", 5)], title="T & U", chart_id="b")
    assert "<b>" not in svg
    assert "&lt;b&gt;A&lt;/b&gt;" in svg
    assert "T &amp; U" in svg
    assert 'width="360.0"' in svg and 'width="180.0"' in svg


def test_stacked_chart_has_a_legend_entry_per_series():
    svg = charts.stacked_chart(
        [("Day 1", {"g2g": 2, "press": 1})], [("g2g", "G2G"), ("press", "Press")], title="M", chart_id="s"
    )
    assert svg.count("<rect") == 4  # two segments, two legend swatches
    assert "Day 1 · G2G: 2" in svg


def item(start_hour: int, end_hour: int, kind: str = "business") -> TimelineItem:
    day = dt.date(2027, 9, 4)
    return TimelineItem(
        type="meeting",
        id=1,
        title="x",
        kind=kind,
        starts_at=dt.datetime.combine(day, dt.time(start_hour), tzinfo=SEOUL),
        ends_at=dt.datetime.combine(day, dt.time(end_hour), tzinfo=SEOUL),
    )


def test_agenda_window_widens_for_early_and_late_items_on_expo_days_only():
    days = [dt.date(2027, 9, 4)]
    assert agenda.hour_window([], SEOUL, days) == (8, 20)
    assert agenda.hour_window([item(7, 9), item(19, 22)], SEOUL, days) == (7, 22)
    assert agenda.hour_window([item(5, 6)], SEOUL, [dt.date(2027, 9, 5)]) == (8, 20)


def test_join_list_follows_the_language():
    with translation.override("en"):
        assert join_list(["Morocco", "South Africa", "Oman"]) == "Morocco, South Africa and Oman"
        assert join_list(["Morocco"]) == "Morocco"
        assert join_list([]) == ""
    with translation.override("zh-hant"):
        assert join_list(["摩洛哥", "南非", "阿曼"]) == "摩洛哥、南非及阿曼"
