"""Contact and organisation writes: validation, atomicity, history, merge and tombstones."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange

from delegations.models import BusyTime, Contact, ContactTombstone, Organization
from delegations.services import (
    contact_bulk_create,
    contact_create,
    contact_delete,
    contact_merge,
    contact_update,
    organization_create,
    organization_delete,
    organization_update,
)
from exhibitors.models import Lead
from meetings.models import FollowUp, MeetingAttendee
from tests.factories import (
    SEOUL,
    ContactFactory,
    ExpoFactory,
    FollowUpFactory,
    LeadFactory,
    MeetingAttendeeFactory,
    MeetingFactory,
    OrganizationFactory,
    SpeakingSlotFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor(db):
    return UserFactory(username="clerk", office=True)


# --- contact_create -----------------------------------------------------------------------------


def test_contact_create_stores_protocol_fields_and_normalises(actor):
    org = OrganizationFactory(name="Seoul Digital Foundation", country="KR")
    expo = ExpoFactory()
    contact = contact_create(
        actor=actor,
        honorific="Dr.",
        full_name="  Kim Min-jun ",
        native_name="김민준",
        title="Director",
        rank=2,
        organization=org,
        email="minjun.kim@sdf.or.kr",
        phone="+82 2 2133 1234",
        country="KR",
        languages=["KO", "en", "ko"],
        preferred_language="ko",
        tags="smart city; mobility",
        expos=[expo],
    )
    contact.refresh_from_db()
    assert contact.full_name == "Kim Min-jun"
    assert contact.native_name == "김민준"
    assert str(contact.phone) == "+82221331234"
    assert contact.languages == ["ko", "en"]
    assert contact.tags == ["smart city", "mobility"]
    assert list(contact.expos.all()) == [expo]


def test_contact_create_invalid_values_raise_per_field_and_write_nothing(actor):
    with pytest.raises(ValidationError) as caught:
        contact_create(
            actor=actor,
            full_name="",
            email="not-an-email",
            phone="12345",
            country="XX",
            languages=["english!"],
        )
    assert set(caught.value.message_dict) == {"full_name", "email", "phone", "country", "languages"}
    assert Contact.objects.count() == 0


def test_contact_create_unknown_field_is_a_type_error(actor):
    with pytest.raises(TypeError):
        contact_create(actor=actor, full_name="A", favourite_colour="blue")


def test_contact_create_records_actor_in_history(actor):
    contact = contact_create(actor=actor, full_name="Amina Benali", country="MA")
    event = contact.events.get()
    assert event.pgh_label == "insert"
    assert event.pgh_context.metadata["user"] == actor.pk
    assert event.pgh_context.metadata["action"] == "contact.create"


# --- contact_update -----------------------------------------------------------------------------


def test_contact_update_changes_only_given_fields(actor):
    contact = ContactFactory(full_name="Old Name", title="Adviser")
    contact_update(contact=contact, actor=actor, title="Senior Adviser")
    contact.refresh_from_db()
    assert (contact.full_name, contact.title) == ("Old Name", "Senior Adviser")
    assert [e.pgh_label for e in contact.events.order_by("pgh_id")] == ["insert", "update"]


def test_contact_update_invalid_changes_nothing(actor):
    contact = ContactFactory(full_name="Keep Me", email="keep@example.org")
    with pytest.raises(ValidationError) as caught:
        contact_update(contact=contact, actor=actor, full_name="New", email="broken@")
    assert list(caught.value.message_dict) == ["email"]
    contact.refresh_from_db()
    assert (contact.full_name, contact.email) == ("Keep Me", "keep@example.org")
    assert contact.events.count() == 1


def test_contact_update_rolls_back_with_the_surrounding_transaction(actor):
    from django.db import transaction

    contact = ContactFactory(title="Before")
    with pytest.raises(RuntimeError), transaction.atomic():
        contact_update(contact=contact, actor=actor, title="After")
        raise RuntimeError("caller failed later")
    contact.refresh_from_db()
    assert contact.title == "Before"


# --- contact_delete -----------------------------------------------------------------------------


def test_contact_delete_leaves_tombstone_without_merge_target(actor):
    contact = ContactFactory()
    contact_id = contact.pk
    contact_delete(contact=contact, actor=actor)
    assert not Contact.objects.filter(pk=contact_id).exists()
    tombstone = ContactTombstone.objects.get(contact_id=contact_id)
    assert tombstone.merged_into_id is None


# --- contact_merge ------------------------------------------------------------------------------


def _busy(contact, hour, source_id):
    start = dt.datetime(2027, 9, 4, hour, tzinfo=SEOUL)
    return BusyTime.objects.create(
        contact=contact,
        during=DateTimeTZRange(start, start + dt.timedelta(hours=1)),
        source=BusyTime.Source.MEETING,
        source_id=source_id,
    )


def test_contact_merge_keeps_everything_of_both_and_leaves_tombstone(actor):
    org = OrganizationFactory()
    expo_a, expo_b = ExpoFactory(), ExpoFactory()
    keep = ContactFactory(organization=org, full_name="Fatima Zahra", email="", tags=["mou"], languages=["ar"])
    keep.expos.add(expo_a)
    duplicate = ContactFactory(
        organization=org,
        full_name="Fatima Zahra El Idrissi",
        email="f.zahra@rabat.ma",
        tags=["award", "mou"],
        languages=["fr"],
        title="Head of Innovation",
    )
    duplicate.expos.add(expo_b)
    shared_meeting = MeetingFactory(expo=expo_a)
    MeetingAttendeeFactory(meeting=shared_meeting, contact=keep)
    MeetingAttendeeFactory(meeting=shared_meeting, contact=duplicate)
    own_meeting = MeetingFactory(
        expo=expo_b,
        starts_at=dt.datetime(2027, 9, 5, 10, tzinfo=SEOUL),
        ends_at=dt.datetime(2027, 9, 5, 11, tzinfo=SEOUL),
    )
    MeetingAttendeeFactory(meeting=own_meeting, contact=duplicate)
    _busy(keep, 10, shared_meeting.pk)
    _busy(duplicate, 10, shared_meeting.pk)
    _busy(duplicate, 14, own_meeting.pk)
    lead = LeadFactory(contact=duplicate)
    follow_up = FollowUpFactory(contact=duplicate)
    slot = SpeakingSlotFactory(moderator=duplicate)
    slot.panelists.add(duplicate, keep)
    duplicate_id = duplicate.pk
    contact_update(contact=duplicate, actor=actor, notes="met at the forum")

    merged = contact_merge(keep=keep, duplicate=duplicate, actor=actor, picks={"full_name": "duplicate"})

    assert merged.pk == keep.pk
    assert merged.full_name == "Fatima Zahra El Idrissi"
    assert merged.email == "f.zahra@rabat.ma"  # blank on keep: filled from the duplicate
    assert merged.title == "Head of Innovation"
    assert merged.tags == ["mou", "award"]
    assert merged.languages == ["ar", "fr"]
    assert set(merged.expos.all()) == {expo_a, expo_b}
    assert not Contact.objects.filter(pk=duplicate_id).exists()
    assert sorted(MeetingAttendee.objects.filter(contact=keep).values_list("meeting_id", flat=True)) == sorted(
        [shared_meeting.pk, own_meeting.pk]
    )
    assert Lead.objects.get(pk=lead.pk).contact_id == keep.pk
    assert FollowUp.objects.get(pk=follow_up.pk).contact_id == keep.pk
    slot.refresh_from_db()
    assert slot.moderator_id == keep.pk
    assert list(slot.panelists.all()) == [keep]
    assert BusyTime.objects.filter(contact=keep).count() == 2
    # History of both: the duplicate's insert + update events now hang on the kept contact.
    labels = sorted(merged.events.values_list("pgh_label", "id"))
    assert ("insert", duplicate_id) in labels
    assert ("update", duplicate_id) in labels
    assert ("insert", keep.pk) in labels
    assert ("delete", duplicate_id) in labels  # the merge itself is part of the kept history
    tombstone = ContactTombstone.objects.get(contact_id=duplicate_id)
    assert tombstone.merged_into_id == keep.pk


def test_contact_merge_does_not_mark_later_deletes_as_merged(actor):
    keep, duplicate, other = ContactFactory(), ContactFactory(), ContactFactory()
    from django.db import transaction

    with transaction.atomic():
        contact_merge(keep=keep, duplicate=duplicate, actor=actor)
        contact_delete(contact=other, actor=actor)
    assert ContactTombstone.objects.get(contact_id=other.pk).merged_into_id is None


def test_contact_merge_with_itself_is_refused(actor):
    contact = ContactFactory()
    with pytest.raises(ValidationError):
        contact_merge(keep=contact, duplicate=contact, actor=actor)
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_contact_merge_clashing_bookings_refused_and_nothing_changes(actor):
    keep, duplicate = ContactFactory(), ContactFactory()
    _busy(keep, 10, 1001)
    _busy(duplicate, 10, 1002)  # a different meeting at the same hour
    lead = LeadFactory(contact=duplicate)
    with pytest.raises(ValidationError):
        contact_merge(keep=keep, duplicate=duplicate, actor=actor)
    assert Contact.objects.filter(pk=duplicate.pk).exists()
    assert Lead.objects.get(pk=lead.pk).contact_id == duplicate.pk
    assert not ContactTombstone.objects.filter(contact_id=duplicate.pk).exists()


def test_contact_merge_bad_pick_changes_nothing(actor):
    keep, duplicate = ContactFactory(full_name="A"), ContactFactory(full_name="B")
    with pytest.raises(ValidationError):
        contact_merge(keep=keep, duplicate=duplicate, actor=actor, picks={"full_name": "both"})
    assert Contact.objects.filter(pk=duplicate.pk).exists()


# --- organisations ------------------------------------------------------------------------------


def test_organization_create_validates_and_is_unique_per_country(actor):
    org = organization_create(actor=actor, name="Oman Smart City Office", kind="city", country="OM")
    assert org.pk and org.events.get().pgh_label == "insert"
    with pytest.raises(ValidationError) as caught:
        organization_create(actor=actor, name="Oman Smart City Office", kind="city", country="OM")
    assert "__all__" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        organization_create(actor=actor, name="X", kind="alien", country="ZZ", website="nope")
    assert set(caught.value.message_dict) == {"kind", "country", "website"}
    assert Organization.objects.count() == 1


def test_organization_update_invalid_changes_nothing(actor):
    org = OrganizationFactory(name="Busan Tech Park", country="KR")
    organization_update(organization=org, actor=actor, sector="mobility")
    with pytest.raises(ValidationError):
        organization_update(organization=org, actor=actor, sector="ports", country="QQ")
    org.refresh_from_db()
    assert (org.sector, org.country.code) == ("mobility", "KR")


def test_organization_delete_refused_while_contacts_belong(actor):
    org = OrganizationFactory()
    contact = ContactFactory(organization=org)
    with pytest.raises(ValidationError):
        organization_delete(organization=org, actor=actor)
    contact_delete(contact=contact, actor=actor)
    organization_delete(organization=org, actor=actor)
    assert not Organization.objects.filter(pk=org.pk).exists()


# --- contact_bulk_create ------------------------------------------------------------------------


def test_contact_bulk_create_validates_every_row_and_writes_nothing_on_error(actor):
    org = OrganizationFactory()
    rows = [
        {"full_name": "One", "organization": org, "email": "one@example.org", "country": "KR"},
        {"full_name": "Two", "email": "broken@", "country": "KR"},
        {"full_name": "", "country": "XX"},
    ]
    with pytest.raises(ValidationError) as caught:
        contact_bulk_create(actor=actor, rows=rows)
    assert set(caught.value.message_dict) == {"1", "2"}
    assert Contact.objects.count() == 0


def test_contact_bulk_create_inserts_with_history_per_contact(actor, django_assert_max_num_queries):
    org = OrganizationFactory()
    rows = [{"full_name": f"Person {i}", "organization": org, "phone": "+82 2 2133 1234"} for i in range(50)]
    with django_assert_max_num_queries(8):
        created = contact_bulk_create(actor=actor, rows=rows)
    assert len(created) == 50 and all(c.pk for c in created)
    assert str(Contact.objects.get(full_name="Person 7").phone) == "+82221331234"
    event = Contact.objects.get(full_name="Person 7").events.get()
    assert (event.pgh_label, event.pgh_context.metadata["user"]) == ("insert", actor.pk)


def test_contact_expos_by_id_and_unknown_id_refused(actor):
    expo = ExpoFactory()
    contact = contact_create(actor=actor, full_name="By Id", expos=[expo.pk])
    assert list(contact.expos.all()) == [expo]
    with pytest.raises(ValidationError) as caught:
        contact_update(contact=contact, actor=actor, expos=[expo.pk, 999999])
    assert list(caught.value.message_dict) == ["expos"]
    assert list(contact.expos.all()) == [expo]
