"""Date, datetime and time inputs carry ISO values in every language.

A browser's ``<input type=date>`` only accepts ``2028-02-28``; a value such as ``2028/02/28``
(Traditional Chinese's date format) is dropped and the field shows empty, so saving the untouched
form would clear the date. Every form of the portal is built here, and every date-like field of
it must use the ISO widget and render its value as ISO in English and in Traditional Chinese.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import zoneinfo
from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.utils import timezone, translation

from common.forms import IsoDateInput, IsoDateTimeInput, IsoTimeInput, iso_widget_for
from delegations.models import ContactImport
from tests.factories import ContactFactory, ExpoFactory

pytestmark = pytest.mark.django_db

FORM_MODULES = [
    "cockpit.api_keys",
    "delegations.forms",
    "delegations.views.imports",
    "exhibitors.forms",
    "meetings.forms",
]
PROJECT = ("cockpit.", "common.", "delegations.", "exhibitors.", "meetings.")
SAMPLES: dict[type[forms.Widget], tuple[Any, str]] = {
    IsoDateInput: (dt.date(2028, 2, 28), "2028-02-28"),
    IsoDateTimeInput: (dt.datetime(2028, 2, 28, 9, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Seoul")), "2028-02-28T09:30"),
    IsoTimeInput: (dt.time(9, 30), "09:30"),
}


def _all_form_classes() -> list[type[forms.BaseForm]]:
    for module in FORM_MODULES:
        importlib.import_module(module)
    found: list[type[forms.BaseForm]] = []
    pending: list[type] = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith(PROJECT) and sub not in found:
                found.append(sub)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _builders() -> dict[str, Callable[[], forms.BaseForm]]:
    """How to build each form that needs arguments (every other form is built with none)."""
    from delegations.forms import MergeForm
    from delegations.views.imports import MappingForm
    from meetings.forms import BoothShiftForm, MeetingForm, SpeakingSlotForm

    expo = ExpoFactory()
    keep, duplicate = ContactFactory(), ContactFactory()
    job = ContactImport(headers=["Name", "Due"], content=b"Name,Due\nAna,2028-02-28\n", file_format="csv")
    return {
        "delegations.forms.MergeForm": lambda: MergeForm(keep=keep, duplicate=duplicate, fields=["email"]),
        "delegations.views.imports.MappingForm": lambda: MappingForm(job=job),
        "meetings.forms.MeetingForm": lambda: MeetingForm(expo=expo),
        "meetings.forms.SpeakingSlotForm": lambda: SpeakingSlotForm(expo=expo),
        "meetings.forms.BoothShiftForm": lambda: BoothShiftForm(expo=expo),
    }


def _temporal_fields(form: forms.BaseForm) -> list[tuple[str, forms.Field]]:
    return [(name, field) for name, field in form.fields.items() if iso_widget_for(field) is not None]


def test_every_form_is_built_and_the_date_forms_are_among_them():
    builders = _builders()
    built = {}
    for cls in _all_form_classes():
        key = f"{cls.__module__}.{cls.__qualname__}"
        built[key] = builders.get(key, cls)()
    with_dates = {name for name, form in built.items() if _temporal_fields(form)}
    # The forms known to carry dates or times; a new one is checked by the test below as well.
    assert {
        "meetings.forms.FollowUpForm",
        "meetings.forms.SpeakingSlotForm",
        "meetings.forms.MeetingForm",
        "meetings.forms.BoothShiftForm",
    } <= with_dates


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_every_date_widget_renders_iso(language):
    builders = _builders()
    checked = 0
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo("Asia/Seoul")):
        for cls in _all_form_classes():
            key = f"{cls.__module__}.{cls.__qualname__}"
            form = builders.get(key, cls)()
            for name, field in _temporal_fields(form):
                expected_widget = iso_widget_for(field)
                assert type(field.widget) is expected_widget, f"{key}.{name} uses {type(field.widget).__name__}"
                value, iso = SAMPLES[type(field.widget)]
                form.initial[name] = value  # as a page shows a saved object
                html = str(form[name])
                assert re.search(rf'value="{re.escape(iso)}"', html), f"{key}.{name} renders {html}"
                assert f'type="{field.widget.input_type}"' in html
                checked += 1
    assert checked >= 8


def test_zh_hant_would_otherwise_render_slashes():
    """The failure the ISO widgets prevent: Django's own date input follows the language."""
    with translation.override("zh-hant"):
        html = forms.DateInput(attrs={"type": "date"}).render("due_on", dt.date(2028, 2, 28))
    assert 'value="2028/02/28"' in html


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_follow_up_form_round_trips_its_due_date_untouched(language):
    """The bound value the page posts back is the value it showed: nothing is lost."""
    from meetings.forms import FollowUpForm
    from tests.factories import FollowUpFactory

    follow_up = FollowUpFactory(title="Send the pilot quote", due_on=dt.date(2028, 2, 28))
    with translation.override(language):
        shown = FollowUpForm(instance=follow_up)
        html = str(shown["due_on"])
        value = re.search(r'value="([^"]*)"', html)
        assert value and value.group(1) == "2028-02-28"
        posted = FollowUpForm(
            data={"title": follow_up.title, "status": follow_up.status, "due_on": value.group(1)}, instance=follow_up
        )
        assert posted.is_valid(), posted.errors
        assert posted.cleaned_data["due_on"] == dt.date(2028, 2, 28)
