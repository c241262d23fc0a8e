"""Incremental sync: updated_since with shared timestamps, late commits, and tombstones."""

from __future__ import annotations

import datetime as dt

import pgtrigger
import psycopg2
import pytest
from django.db import connection
from django.test import override_settings

from delegations import services
from delegations.models import Contact
from tests.factories import ContactFactory, ExpoFactory, OrganizationFactory

URL = "/api/v1/contacts/"
T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def _stamp(contact_ids, when):
    with pgtrigger.ignore("delegations.Contact:contact_touch_updated_at"):
        Contact.objects.filter(pk__in=contact_ids).update(updated_at=when)


def _walk(client, url):
    rows = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        rows.extend(response.json()["results"])
        url = response.json()["next"]
    return rows


@pytest.mark.django_db
def test_updated_since_misses_no_row_sharing_a_timestamp(key_client):
    client = key_client("contacts:read")
    org = OrganizationFactory()
    old = ContactFactory(organization=org)
    same = ContactFactory.create_batch(3, organization=org)
    later = ContactFactory(organization=org)
    _stamp([old.id], T0 - dt.timedelta(days=1))
    _stamp([c.id for c in same], T0)
    _stamp([later.id], T0 + dt.timedelta(seconds=1))
    # A page boundary falls between rows that share T0.
    first = client.get(f"{URL}?updated_since={T0.isoformat().replace('+00:00', 'Z')}&page_size=2").json()
    assert [r["id"] for r in first["results"]] == [same[0].id, same[1].id]
    rest = _walk(client, first["next"])
    assert [r["id"] for r in rest] == [same[2].id, later.id]
    # Resuming from the largest updated_at received re-sends ties instead of losing them.
    resume = _walk(client, f"{URL}?updated_since={first['results'][-1]['updated_at'].replace('+', '%2B')}")
    assert {r["id"] for r in resume} == {c.id for c in same} | {later.id}


@pytest.mark.django_db
def test_updated_since_without_offset_is_utc_and_malformed_is_400(key_client):
    client = key_client("contacts:read")
    contact = ContactFactory()
    _stamp([contact.id], T0)
    assert [r["id"] for r in client.get(f"{URL}?updated_since=2026-03-01T09:00:00").json()["results"]] == [contact.id]
    assert client.get(f"{URL}?updated_since=2026-03-01T09:00:01").json()["results"] == []
    for bad in ("yesterday", "2026-13-01", "1700000000"):
        response = client.get(f"{URL}?updated_since={bad}")
        assert response.status_code == 400
        assert list(response.json()["fields"]) == ["updated_since"]


@pytest.mark.django_db
def test_sync_holds_back_changes_younger_than_the_safety_margin(key_client):
    client = key_client("contacts:read")
    contact = ContactFactory()
    with override_settings(CONTACT_SYNC_SAFETY_SECONDS=3600):
        assert client.get(f"{URL}?ordering=updated_at").json()["results"] == []
        assert client.get(f"{URL}?updated_since=2000-01-01T00:00:00Z").json()["results"] == []
        # A plain directory listing is not held back.
        assert [r["id"] for r in client.get(URL).json()["results"]] == [contact.id]
    with override_settings(CONTACT_SYNC_SAFETY_SECONDS=0):
        assert [r["id"] for r in client.get(f"{URL}?ordering=updated_at").json()["results"]] == [contact.id]


@pytest.mark.django_db(transaction=True)
def test_sync_never_passes_a_change_a_slower_transaction_has_not_committed(key_client):
    """A writes first but commits last: a client that synced in between must still get A."""
    client = key_client("contacts:read")
    org = OrganizationFactory()
    settings_dict = connection.settings_dict
    slow = psycopg2.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        host=settings_dict["HOST"],
        port=settings_dict["PORT"] or 5432,
        password=settings_dict["PASSWORD"] or None,
    )
    try:
        with override_settings(CONTACT_SYNC_SAFETY_SECONDS=0):
            with slow.cursor() as cursor:  # transaction A: stamped now, committed later
                cursor.execute(
                    "INSERT INTO delegations_contact (honorific, full_name, native_name, title, email, phone, country,"
                    " languages, preferred_language, tags, consent, notes, created_at, updated_at, organization_id)"
                    " VALUES ('', 'Slow Writer', '', '', '', '', '', '{}', '', '{}', '', '', now(), now(), %s)"
                    " RETURNING id",
                    [org.id],
                )
                slow_id = cursor.fetchone()[0]
            fast = ContactFactory(full_name="Fast Writer", organization=org)  # B: committed at once
            first = _walk(client, f"{URL}?ordering=updated_at")
            assert fast.id not in [r["id"] for r in first], "B was served while an older change was in flight"
            slow.commit()
            since = max((r["updated_at"] for r in first), default="2000-01-01T00:00:00+00:00")
            second = _walk(client, f"{URL}?ordering=updated_at&updated_since={since.replace('+', '%2B')}")
            assert {slow_id, fast.id} <= {r["id"] for r in second}
    finally:
        slow.close()


@pytest.mark.django_db
def test_deleted_lists_tombstones_after_delete_and_merge(key_client, office_user):
    client = key_client("contacts:read")
    org = OrganizationFactory()
    gone, keep, duplicate = ContactFactory.create_batch(3, organization=org)
    services.contact_delete(contact=gone, actor=office_user)
    services.contact_merge(keep=keep, duplicate=duplicate, actor=office_user)
    with override_settings(CONTACT_SYNC_SAFETY_SECONDS=0):
        rows = _walk(client, "/api/v1/contacts/deleted/?page_size=1")
        assert [(r["id"], r["merged_into_id"]) for r in rows] == [(gone.id, None), (duplicate.id, keep.id)]
        assert rows[0]["deleted_at"] <= rows[1]["deleted_at"]
        since = rows[1]["deleted_at"].replace("+", "%2B")
        assert [r["id"] for r in _walk(client, f"/api/v1/contacts/deleted/?since={since}")] == [duplicate.id]
    with override_settings(CONTACT_SYNC_SAFETY_SECONDS=3600):
        assert client.get("/api/v1/contacts/deleted/").json()["results"] == []
    response = client.get("/api/v1/contacts/deleted/?since=yesterday")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["since"]


@pytest.mark.django_db
def test_organization_and_export_sync_use_the_same_rule(key_client):
    client = key_client("contacts:read")
    org = OrganizationFactory(name="Muscat Municipality", country="OM")
    contact = ContactFactory(organization=org)
    with override_settings(CONTACT_SYNC_SAFETY_SECONDS=3600):
        assert client.get("/api/v1/organizations/?ordering=updated_at").json()["results"] == []
        body = b"".join(client.get("/api/v1/contacts/export.csv?updated_since=2000-01-01T00:00:00Z").streaming_content)
        assert body.decode().count("\r\n") == 1  # the header only
    with override_settings(CONTACT_SYNC_SAFETY_SECONDS=0):
        since = "2000-01-01T00:00:00Z"
        rows = client.get(f"/api/v1/organizations/?updated_since={since}").json()["results"]
        assert [row["id"] for row in rows] == [org.id]
        body = b"".join(client.get(f"/api/v1/contacts/export.csv?updated_since={since}").streaming_content)
        assert f"\r\n{contact.id}," in body.decode()
    response = client.get("/api/v1/organizations/?updated_since=yesterday")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["updated_since"]


@pytest.mark.django_db
def test_updated_since_walks_in_change_order_by_default(key_client):
    client = key_client("contacts:read")
    org = OrganizationFactory()
    zed, amy = ContactFactory(full_name="Zed", organization=org), ContactFactory(full_name="Amy", organization=org)
    _stamp([zed.id], T0)
    _stamp([amy.id], T0 + dt.timedelta(seconds=5))
    rows = client.get(f"{URL}?updated_since=2026-01-01T00:00:00Z").json()["results"]
    assert [r["full_name"] for r in rows] == ["Zed", "Amy"]
    rows = client.get(f"{URL}?updated_since=2026-01-01T00:00:00Z&ordering=full_name").json()["results"]
    assert [r["full_name"] for r in rows] == ["Amy", "Zed"]


@pytest.mark.django_db
def test_met_at_change_moves_updated_at(key_client):
    client = key_client("contacts:read")
    contact = ContactFactory()
    _stamp([contact.id], T0)
    expo = ExpoFactory()
    contact.expos.add(expo)  # written straight to the many-to-many table
    with override_settings(CONTACT_SYNC_SAFETY_SECONDS=0):
        rows = client.get(f"{URL}?updated_since={(T0 + dt.timedelta(seconds=1)).isoformat().replace('+', '%2B')}")
    assert [(r["id"], r["expos"]) for r in rows.json()["results"]] == [(contact.id, [expo.id])]
