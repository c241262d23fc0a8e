"""The outcome report: what came of an expo, counted from the selectors' data.

Shared by the page, the CSV export and the year-over-year comparison.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django_countries import countries

from cockpit import charts
from cockpit import selectors as cockpit_selectors
from delegations import selectors as delegation_selectors
from delegations.exports import neutralise_cell
from meetings import selectors as meeting_selectors

# Plural phrases for kinds of organisation, as a press release would say them.
KIND_PHRASES = {
    "government": lambda: _("government agencies"),
    "city": lambda: _("city and smart-city offices"),
    "research": lambda: _("research organisations"),
    "international": lambda: _("international organisations"),
    "company": lambda: _("companies"),
    "media": lambda: _("media"),
}
KIND_ORDER = ["government", "city", "research", "international", "company", "media"]


def join_list(items: list[str]) -> str:
    """'A, B and C' in English, 'A、B和C' in Chinese."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    separator = pgettext("list separator", ", ")
    last = pgettext("list separator before the last item", " and ")
    return separator.join(items[:-1]) + last + items[-1]


def country_name(code: str) -> str:
    return str(countries.name(code)) or code if code else ""


@dataclass
class OutcomeReport:
    expo: Any
    meetings: list[Any]
    contacts: list[Any]
    organizations: list[Any]
    exhibitors: list[Any]
    slots: list[Any]
    follow_ups: list[Any]
    contacts_by_country: Counter = field(default_factory=Counter)
    organizations_by_country: Counter = field(default_factory=Counter)
    organizations_by_kind: Counter = field(default_factory=Counter)
    contacts_by_kind: Counter = field(default_factory=Counter)
    meetings_by_day: dict[dt.date, Counter] = field(default_factory=dict)
    meetings_by_kind: Counter = field(default_factory=Counter)
    follow_ups_by_status: Counter = field(default_factory=Counter)
    follow_ups_by_owner: dict[str, Counter] = field(default_factory=dict)

    @property
    def countries(self) -> list[str]:
        """Country codes, most contacts first (ties by name)."""
        return sorted(self.contacts_by_country, key=lambda c: (-self.contacts_by_country[c], country_name(c)))

    @property
    def speeches_given(self) -> list[Any]:
        return [s for s in self.slots if s.status == "delivered"]

    @property
    def leads_total(self) -> int:
        return sum(e.lead_count for e in self.exhibitors)

    @property
    def open_follow_ups(self) -> list[Any]:
        return [f for f in self.follow_ups if f.status in cockpit_selectors.OPEN_FOLLOW_UP]

    def figures(self) -> list[tuple[str, str, int]]:
        """The headline figures: (key, label, value)."""
        return [
            ("meetings", _("Meetings"), len(self.meetings)),
            ("contacts", _("Contacts met"), len(self.contacts)),
            ("organizations", _("Organisations met"), len(self.organizations)),
            ("countries", _("Countries"), len(self.contacts_by_country)),
            ("speeches", _("Speeches and panels"), len(self.slots)),
            ("leads", _("Booth leads"), self.leads_total),
            ("follow_ups", _("Follow-ups"), len(self.follow_ups)),
            ("follow_ups_open", _("Follow-ups still open"), len(self.open_follow_ups)),
        ]


def build_report(expo: Any) -> OutcomeReport:
    sources = cockpit_selectors.outcome_sources(expo)
    tz = expo.tz
    contacts = sources["contacts"]
    organizations: dict[int, Any] = {}
    report = OutcomeReport(
        expo=expo,
        meetings=sources["meetings"],
        contacts=contacts,
        organizations=[],
        exhibitors=sources["exhibitors"],
        slots=sources["slots"],
        follow_ups=sources["follow_ups"],
    )
    for contact in contacts:
        organization = contact.organization
        code = str(contact.country or (organization.country if organization else "") or "")
        if code:
            report.contacts_by_country[code] += 1
        if organization is not None:
            organizations[organization.pk] = organization
            report.contacts_by_kind[organization.kind] += 1
    report.organizations = sorted(organizations.values(), key=lambda o: (o.name, o.pk))
    for organization in report.organizations:
        if organization.country:
            report.organizations_by_country[str(organization.country)] += 1
        report.organizations_by_kind[organization.kind] += 1
    by_day: dict[dt.date, Counter] = defaultdict(Counter)
    for day in cockpit_selectors.expo_days(expo):
        by_day[day] = Counter()
    for meeting in report.meetings:
        by_day[meeting.starts_at.astimezone(tz).date()][meeting.kind] += 1
        report.meetings_by_kind[meeting.kind] += 1
    report.meetings_by_day = dict(sorted(by_day.items()))
    owners: dict[str, Counter] = defaultdict(Counter)
    for follow_up in report.follow_ups:
        report.follow_ups_by_status[follow_up.status] += 1
        owner = follow_up.owner
        name = (owner.get_full_name() or owner.get_username()) if owner else _("No owner")
        owners[name][follow_up.status] += 1
    report.follow_ups_by_owner = dict(sorted(owners.items()))
    return report


def kind_labels() -> dict[str, str]:
    return {value: str(label) for value, label in delegation_selectors.organization_list().model.Kind.choices}


def meeting_kind_labels() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in meeting_selectors.meeting_list().model.Kind.choices]


def follow_up_status_labels() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in meeting_selectors.follow_up_list().model.Status.choices]


def summary(report: OutcomeReport) -> str:
    """The paragraph a press release would state, in the active language."""
    expo = report.expo
    if not report.meetings and not report.contacts and not report.slots:
        return _("Nothing is recorded for %(expo)s yet: add meetings, contacts and speeches to see the summary.") % {
            "expo": expo.name
        }
    kinds = [k for k in KIND_ORDER if report.organizations_by_kind.get(k)]
    kind_phrase = join_list([KIND_PHRASES[k]() for k in kinds])
    top = [country_name(c) for c in report.countries[:6]]
    more = len(report.countries) - len(top)
    countries_phrase = join_list(top)
    if more > 0:
        countries_phrase = ngettext(
            "%(countries)s and %(count)d other country",
            "%(countries)s and %(count)d other countries",
            more,
        ) % {"countries": ", ".join(top) if translation.get_language() == "en" else "、".join(top), "count": more}
    sentences = [
        _(
            "At %(expo)s in %(city)s (%(start)s to %(end)s), the delegation held %(meetings)s and met %(contacts)s "
            "from %(organizations)s in %(countries)s."
        )
        % {
            "expo": expo.name,
            "city": expo.city,
            "start": formats.date_format(expo.starts_on, "DATE_FORMAT"),
            "end": formats.date_format(expo.ends_on, "DATE_FORMAT"),
            "meetings": ngettext("%(n)d meeting", "%(n)d meetings", len(report.meetings)) % {"n": len(report.meetings)},
            "contacts": ngettext("%(n)d person", "%(n)d people", len(report.contacts)) % {"n": len(report.contacts)},
            "organizations": ngettext("%(n)d organisation", "%(n)d organisations", len(report.organizations))
            % {"n": len(report.organizations)},
            "countries": ngettext("%(n)d country", "%(n)d countries", len(report.contacts_by_country))
            % {"n": len(report.contacts_by_country)},
        }
    ]
    if kind_phrase and countries_phrase:
        sentences.append(
            _("They met %(kinds)s from %(countries)s.") % {"kinds": kind_phrase, "countries": countries_phrase}
        )
    if report.slots:
        titles = join_list(
            [f"“{s.title}”" if translation.get_language() == "en" else f"「{s.title}」" for s in report.slots[:3]]
        )
        sentences.append(
            ngettext(
                "The delegation spoke on %(n)d stage occasion, including %(titles)s.",
                "The delegation spoke on %(n)d stage occasions, including %(titles)s.",
                len(report.slots),
            )
            % {"n": len(report.slots), "titles": titles}
        )
    if report.exhibitors:
        sentences.append(
            ngettext(
                "The pavilion's %(exhibitors)d exhibitor logged %(leads)d booth leads.",
                "The pavilion's %(exhibitors)d exhibitors logged %(leads)d booth leads.",
                len(report.exhibitors),
            )
            % {"exhibitors": len(report.exhibitors), "leads": report.leads_total}
        )
    open_items = report.open_follow_ups
    if open_items:
        examples = join_list(
            [f"“{f.title}”" if translation.get_language() == "en" else f"「{f.title}」" for f in open_items[:2]]
        )
        sentences.append(
            ngettext(
                "%(n)d follow-up is under way, among them %(examples)s.",
                "%(n)d follow-ups are under way, among them %(examples)s.",
                len(open_items),
            )
            % {"n": len(open_items), "examples": examples}
        )
    separator = " " if translation.get_language() == "en" else ""
    return separator.join(sentences)


def summaries(report: OutcomeReport) -> list[tuple[str, str, str]]:
    """The summary in each of the portal's languages: (code, language name, text)."""
    result = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            name = str(translation.get_language_info(code)["name_local"])
            result.append((code, name, summary(report)))
    return result


def charts_for(report: OutcomeReport, prefix: str = "r") -> dict[str, Any]:
    names = {code: country_name(code) for code in set(report.contacts_by_country) | set(charts.TILES)}
    country_bars = [charts.Bar(names.get(c, c), report.contacts_by_country[c]) for c in report.countries[:15]]
    kinds = kind_labels()
    kind_bars = [
        charts.Bar(kinds.get(k, k), report.organizations_by_kind[k])
        for k in KIND_ORDER
        if report.organizations_by_kind.get(k)
    ]
    day_rows = [
        (formats.date_format(day, pgettext("date format: weekday, day, month", "D j M")), counts)
        for day, counts in report.meetings_by_day.items()
    ]
    lead_bars = [charts.Bar(e.name, e.lead_count) for e in report.exhibitors]
    return {
        "map": charts.tile_map(
            dict(report.contacts_by_country),
            names,
            title=_("Contacts met by country (tile map)"),
            unit=_("contacts"),
            legend=_("Contacts met"),
            chart_id=f"{prefix}-map",
        ),
        "countries": charts.bar_chart(
            country_bars, title=_("Contacts met by country"), chart_id=f"{prefix}-countries", unit=_("contacts")
        ),
        "kinds": charts.bar_chart(
            kind_bars, title=_("Organisations met by kind"), chart_id=f"{prefix}-kinds", unit=_("organisations")
        ),
        "days": charts.stacked_chart(
            day_rows, meeting_kind_labels(), title=_("Meetings by day and kind"), chart_id=f"{prefix}-days"
        ),
        "leads": charts.bar_chart(
            lead_bars, title=_("Booth leads per exhibitor"), chart_id=f"{prefix}-leads", unit=_("leads")
        ),
        "off_grid": [names.get(c, c) for c in report.countries if c not in charts.TILES],
    }


def csv_export(report: OutcomeReport) -> str:
    """The report's tables as one CSV: section, key, label, value (+ a second value where it helps)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["section", "key", "label", "value", "extra"])
    for key, label, value in report.figures():
        writer.writerow(["figure", key, label, value, ""])
    for code in report.countries:
        writer.writerow(
            [
                "country",
                code,
                country_name(code),
                report.contacts_by_country[code],
                report.organizations_by_country[code],
            ]
        )
    kinds = kind_labels()
    for kind in KIND_ORDER:
        if report.organizations_by_kind.get(kind):
            writer.writerow(
                [
                    "organization_kind",
                    kind,
                    kinds.get(kind, kind),
                    report.organizations_by_kind[kind],
                    report.contacts_by_kind[kind],
                ]
            )
    meeting_kinds = dict(meeting_kind_labels())
    for day, counts in report.meetings_by_day.items():
        for kind, count in sorted(counts.items()):
            writer.writerow(["meetings_by_day", f"{day.isoformat()}:{kind}", meeting_kinds.get(kind, kind), count, ""])
    for exhibitor in report.exhibitors:
        writer.writerow(["leads", exhibitor.slug, exhibitor.name, exhibitor.lead_count, ""])
    for slot in report.slots:
        speakers = "; ".join(m.full_name for m in slot.speakers.all())
        writer.writerow(["speech", slot.pk, slot.title, slot.get_status_display(), speakers])
    statuses = dict(follow_up_status_labels())
    for follow_up in report.follow_ups:
        owner = follow_up.owner.get_username() if follow_up.owner else ""
        writer.writerow(
            ["follow_up", follow_up.pk, follow_up.title, statuses.get(follow_up.status, follow_up.status), owner]
        )
    for code, _name, text in summaries(report):
        writer.writerow(["summary", code, "", text, ""])
    return _csv_safe(buffer.getvalue())


def _csv_safe(text: str) -> str:
    """Neutralise cells a spreadsheet would run as a formula (names and titles come from users)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in csv.reader(io.StringIO(text)):
        writer.writerow([neutralise_cell(cell) for cell in row])
    return out.getvalue()
