"""One click from a cockpit item to its page: the object's own page when it exists, else the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cockpit import links


@pytest.fixture(autouse=True)
def fresh_cache():
    links.clear_cache()
    yield
    links.clear_cache()


def test_object_url_prefers_the_objects_own_page():
    assert links.object_url("meeting", 7) == reverse("meeting-detail", kwargs={"pk": 7})
    assert links.object_url("contact", 7) == reverse("contact-detail", kwargs={"pk": 7})
    assert links.object_url("exhibitor", 7) == reverse("exhibitor-profile-review", kwargs={"exhibitor_id": 7})


def test_object_url_falls_back_to_the_admin_change_page(monkeypatch):
    monkeypatch.setitem(links.PAGE_NAMES, "meeting", (("no-such-page", "pk"),))
    assert links.object_url("meeting", 7) == reverse("admin:meetings_meeting_change", args=[7])


def test_object_url_without_a_page_or_an_id_is_empty():
    assert links.object_url("meeting", None) == ""
    assert links.object_url("nothing-of-the-kind", 3) == ""


def test_list_url_uses_the_first_page_that_exists(monkeypatch):
    assert links.list_url("follow_up") == reverse("follow-up-list")
    monkeypatch.setitem(links.LIST_NAMES, "follow_up", ("no-such-page", "admin:meetings_followup_changelist"))
    assert links.list_url("follow_up") == reverse("admin:meetings_followup_changelist")
