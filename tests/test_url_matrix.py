"""Every URL of the portal, every role: who may read what (GET), enforced on the server.

A URL that is not listed here fails ``test_every_url_is_in_the_matrix``: a new page or endpoint
cannot ship without its permissions being stated. The per-feature test modules check writes and
the finer rules; this matrix is the map.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from common.api_keys.services import api_key_create
from common.models import SCOPES
from delegations.models import ContactImport
from exhibitors.models import GalleryImage
from exhibitors.services import invitation_token
from meetings.models import BoothShift, MeetingAttendee
from meetings.response_links import response_link_issue
from meetings.services import calendar_feed_issue
from tests.factories import (
    SEOUL,
    BoothProfileFactory,
    ContactFactory,
    DelegationFactory,
    ExhibitorFactory,
    ExhibitorMembershipFactory,
    ExpoFactory,
    FollowUpFactory,
    LeadFactory,
    MeetingFactory,
    MemberFactory,
    OrganizationFactory,
    PavilionFactory,
    SpeakingSlotFactory,
    UserFactory,
)

ROLES = ("anonymous", "plain", "exhibitor_a", "exhibitor_b", "office", "api_key")

# Outcomes of a GET, by role. A page answers an anonymous visitor with a redirect to sign in (302);
# the API answers 401. An API key (all scopes) is not a browser session: pages treat it as anonymous.
OFFICE_PAGE = {"anonymous": 302, "plain": 403, "exhibitor_a": 403, "exhibitor_b": 403, "office": 200, "api_key": 302}
PUBLIC = dict.fromkeys(ROLES, 200)
# An exhibitor's own page: its users and the office read it; other exhibitors are told it does not exist;
# a signed-in user with no role at all is told they have no access.
A_PAGE = {"anonymous": 302, "plain": 403, "exhibitor_a": 200, "exhibitor_b": 404, "office": 200, "api_key": 302}
OWN_EXHIBITOR_PAGE = {
    "anonymous": 302,
    "plain": 403,
    "exhibitor_a": 200,
    "exhibitor_b": 200,
    "office": 200,
    "api_key": 302,
}
OFFICE_API = {"anonymous": 401, "plain": 403, "exhibitor_a": 403, "exhibitor_b": 403, "office": 200, "api_key": 200}
EXHIBITOR_API = {"anonymous": 401, "plain": 403, "exhibitor_a": 200, "exhibitor_b": 200, "office": 200, "api_key": 200}
A_API = {"anonymous": 401, "plain": 403, "exhibitor_a": 200, "exhibitor_b": 404, "office": 200, "api_key": 200}


def override(base: dict[str, int], **changes: int) -> dict[str, int]:
    return {**base, **changes}


def post_only(base: dict[str, int], **changes: int) -> dict[str, int]:
    """A POST-only URL: whoever gets past sign-in is told the method is not allowed (nothing leaks)."""
    return {**{role: status if status in (302, 401) else 405 for role, status in base.items()}, **changes}


# An office action (POST only): the office is told the method is not allowed, others that it is not theirs.
OFFICE_POST = post_only(OFFICE_PAGE, plain=403, exhibitor_a=403, exhibitor_b=403)

# name -> (URL kwargs from the world — "?" adds a query string —, expected status per role)
MATRIX: dict[str, tuple] = {
    # --- public and plumbing ---
    "healthz": (None, override(PUBLIC)),
    "login": (None, PUBLIC),
    "password_reset": (None, PUBLIC),
    "password_reset_done": (None, PUBLIC),
    "password_reset_complete": (None, PUBLIC),
    "pavilion": (None, PUBLIC),
    "pavilion-exhibitor": (lambda w: {"slug": w.exhibitor_a.slug}, PUBLIC),
    "service-worker": (None, PUBLIC),
    "media": (lambda w: {"path": "logos/missing.png"}, dict.fromkeys(ROLES, 404)),  # uploaded images, public
    "exhibitor-invitation": (lambda w: {"token": w.invitation_token}, PUBLIC),
    # A join offer is for one signed-in account; a token for someone else reads as spent.
    "exhibitor-team-join": (
        lambda w: {"token": "forged"},
        {"anonymous": 302, "plain": 410, "exhibitor_a": 410, "exhibitor_b": 410, "office": 410, "api_key": 302},
    ),
    "calendar-feed": (lambda w: {"token": w.feed_token}, PUBLIC),  # the secret token is the credential
    "api:api-schema": (None, PUBLIC),
    "api:api-docs": (None, PUBLIC),
    # --- the office's pages ---
    "dashboard": (None, override(OFFICE_PAGE, exhibitor_a=302, exhibitor_b=302)),  # exhibitors go to their booth
    "delegation-overview": (None, OFFICE_PAGE),
    "agenda-grid": (None, OFFICE_PAGE),
    "outcome-report": (None, OFFICE_PAGE),
    "briefing-meeting": (lambda w: {"pk": w.meeting.pk}, OFFICE_PAGE),
    "briefing-member-day": (lambda w: {"pk": w.member.pk, "day": "2027-09-04"}, OFFICE_PAGE),
    "contact-list": (None, OFFICE_PAGE),
    "contact-create": (None, OFFICE_PAGE),
    "contact-detail": (lambda w: {"pk": w.contact.pk}, OFFICE_PAGE),
    "contact-update": (lambda w: {"pk": w.contact.pk}, OFFICE_PAGE),
    "contact-delete": (lambda w: {"pk": w.contact.pk}, OFFICE_PAGE),
    "contact-export-csv": (None, OFFICE_PAGE),
    "contact-export-vcf": (None, OFFICE_PAGE),
    "contact-duplicates": (None, OFFICE_PAGE),
    "contact-merge": (lambda w: {"keep": w.contact.pk, "duplicate": w.contact2.pk}, OFFICE_PAGE),
    "contact-import": (None, OFFICE_PAGE),
    "contact-import-mapping": (lambda w: {"pk": w.contact_import.pk}, OFFICE_PAGE),
    "contact-import-preview": (lambda w: {"pk": w.contact_import.pk}, OFFICE_PAGE),
    "contact-import-status": (lambda w: {"pk": w.contact_import.pk}, OFFICE_PAGE),
    "organization-list": (None, OFFICE_PAGE),
    "organization-create": (None, OFFICE_PAGE),
    "organization-detail": (lambda w: {"pk": w.organization.pk}, OFFICE_PAGE),
    "organization-update": (lambda w: {"pk": w.organization.pk}, OFFICE_PAGE),
    "organization-delete": (lambda w: {"pk": w.organization.pk}, OFFICE_PAGE),
    "api-key-list": (None, OFFICE_PAGE),
    "api-key-create": (None, OFFICE_PAGE),
    "api-key-detail": (lambda w: {"pk": w.api_key.pk}, OFFICE_PAGE),
    "api-key-revoke": (lambda w: {"pk": w.api_key.pk}, OFFICE_PAGE),
    "pavilion-review": (None, OFFICE_PAGE),
    "pavilion-brochure": (None, OFFICE_PAGE),
    "meeting-list": (None, OFFICE_PAGE),
    "meeting-create": (None, OFFICE_PAGE),
    "meeting-detail": (lambda w: {"pk": w.meeting.pk}, A_PAGE),  # exhibitor A takes part in it
    "meeting-edit": (lambda w: {"pk": w.meeting.pk}, OFFICE_PAGE),
    "meeting-cancel": (lambda w: {"pk": w.meeting.pk}, OFFICE_PAGE),
    "meeting-response-accept": (lambda w: {"pk": w.meeting.pk, "attendee_pk": w.guest.pk}, OFFICE_POST),
    "meeting-response-revoke": (lambda w: {"pk": w.meeting.pk, "attendee_pk": w.guest.pk}, OFFICE_POST),
    "meeting-respond": (lambda w: {"token": w.response_token}, PUBLIC),  # the guest's personal link
    "speaking-slot-list": (None, OFFICE_PAGE),
    "speaking-slot-create": (None, OFFICE_PAGE),
    "speaking-slot-detail": (lambda w: {"pk": w.slot.pk}, OFFICE_PAGE),
    "speaking-slot-edit": (lambda w: {"pk": w.slot.pk}, OFFICE_PAGE),
    "speaking-slot-cancel": (lambda w: {"pk": w.slot.pk}, OFFICE_PAGE),
    "booth-shift-list": (None, OFFICE_PAGE),
    "booth-shift-delete": (lambda w: {"pk": w.shift.pk}, override(OFFICE_PAGE, office=405)),
    "follow-up-list": (None, OFFICE_PAGE),
    "follow-up-create": (None, OFFICE_PAGE),
    "follow-up-edit": (lambda w: {"pk": w.follow_up.pk}, OFFICE_PAGE),
    "schedule-delegation": (None, OFFICE_PAGE),
    "schedule-member": (lambda w: {"pk": w.member.pk}, OFFICE_PAGE),
    "member-feed": (lambda w: {"pk": w.member.pk}, override(OFFICE_PAGE, office=405)),  # POST issues a token
    "schedule-exhibitor": (lambda w: {"pk": w.exhibitor_a.pk}, OFFICE_PAGE),
    # --- exhibitor self-service ---
    "exhibitor-home": (None, override(OWN_EXHIBITOR_PAGE, exhibitor_a=302, exhibitor_b=302)),  # to their profile
    "exhibitor-team": (None, override(OWN_EXHIBITOR_PAGE, exhibitor_a=302, exhibitor_b=302, office=302)),
    "exhibitor-schedule": (None, OWN_EXHIBITOR_PAGE),
    "lead-list": (None, OWN_EXHIBITOR_PAGE),
    "lead-create": (None, OWN_EXHIBITOR_PAGE),
    "lead-export": (None, OWN_EXHIBITOR_PAGE),
    "exhibitor-switch": (None, post_only(OWN_EXHIBITOR_PAGE)),
    "exhibitor-profile": (lambda w: {"exhibitor_id": w.exhibitor_a.pk}, A_PAGE),
    "exhibitor-profile-logo": (lambda w: {"exhibitor_id": w.exhibitor_a.pk}, post_only(A_PAGE)),
    "exhibitor-gallery-add": (lambda w: {"exhibitor_id": w.exhibitor_a.pk}, post_only(A_PAGE)),
    "exhibitor-gallery-remove": (lambda w: {"exhibitor_id": w.exhibitor_a.pk, "image_id": w.image.pk}, A_PAGE),
    "exhibitor-profile-submit": (lambda w: {"exhibitor_id": w.exhibitor_a.pk}, post_only(A_PAGE)),
    "exhibitor-profile-preview": (lambda w: {"exhibitor_id": w.exhibitor_a.pk}, A_PAGE),
    "exhibitor-profile-history": (lambda w: {"exhibitor_id": w.exhibitor_a.pk}, A_PAGE),
    "exhibitor-profile-changes": (lambda w: {"exhibitor_id": w.exhibitor_a.pk, "?": "from=1"}, A_PAGE),
    "exhibitor-profile-review": (lambda w: {"exhibitor_id": w.exhibitor_a.pk}, override(OFFICE_PAGE, exhibitor_b=404)),
    "exhibitor-team-detail": (lambda w: {"exhibitor_id": w.exhibitor_a.pk}, A_PAGE),
    "exhibitor-team-remove": (lambda w: {"exhibitor_id": w.exhibitor_a.pk, "membership_id": w.colleague.pk}, A_PAGE),
    "exhibitor-schedule-detail": (lambda w: {"pk": w.exhibitor_a.pk}, override(A_PAGE, plain=404)),
    "lead-edit": (lambda w: {"pk": w.lead.pk}, override(A_PAGE, plain=404)),
    "lead-delete": (lambda w: {"pk": w.lead.pk}, override(A_PAGE, plain=404)),
    # --- the API ---
    "api:expo-list": (None, OFFICE_API),
    "api:expo-detail": (lambda w: {"pk": w.expo.pk}, OFFICE_API),
    "api:delegation-list": (None, OFFICE_API),
    "api:delegation-detail": (lambda w: {"pk": w.delegation.pk}, OFFICE_API),
    "api:member-list": (None, OFFICE_API),
    "api:member-detail": (lambda w: {"pk": w.member.pk}, OFFICE_API),
    "api:organization-list": (None, OFFICE_API),
    "api:organization-detail": (lambda w: {"pk": w.organization.pk}, OFFICE_API),
    "api:contact-list": (None, OFFICE_API),
    "api:contact-detail": (lambda w: {"pk": w.contact.pk}, OFFICE_API),
    "api:contact-deleted": (None, OFFICE_API),
    "api:contact-export": (lambda w: {"file_format": "csv"}, OFFICE_API),
    "api:exhibitor-list": (None, EXHIBITOR_API),
    "api:exhibitor-detail": (lambda w: {"pk": w.exhibitor_a.pk}, A_API),
    "api:exhibitor-profile": (lambda w: {"pk": w.exhibitor_a.pk}, A_API),
    "api:exhibitor-logo": (lambda w: {"pk": w.exhibitor_a.pk}, post_only(A_API, plain=403)),
    "api:exhibitor-submit": (lambda w: {"pk": w.exhibitor_a.pk}, post_only(A_API, plain=403)),
    "api:exhibitor-publish": (lambda w: {"pk": w.exhibitor_a.pk}, post_only(OFFICE_API, plain=403)),
    "api:exhibitor-send-back": (lambda w: {"pk": w.exhibitor_a.pk}, post_only(OFFICE_API, plain=403)),
    "api:lead-list": (None, EXHIBITOR_API),
    "api:lead-match": (None, override(EXHIBITOR_API, api_key=403)),  # keys never search the contact book
    "api:lead-detail": (lambda w: {"pk": w.lead.pk}, A_API),
    "api:meeting-list": (None, EXHIBITOR_API),
    "api:meeting-detail": (lambda w: {"pk": w.meeting.pk}, A_API),
    "api:meeting-check": (None, post_only(OFFICE_API, plain=403)),
    "api:meeting-ics": (lambda w: {"pk": w.meeting.pk}, A_API),
    "api:speaking-slot-list": (None, OFFICE_API),
    "api:speaking-slot-detail": (lambda w: {"pk": w.slot.pk}, OFFICE_API),
    "api:follow-up-list": (None, OFFICE_API),
    "api:follow-up-detail": (lambda w: {"pk": w.follow_up.pk}, OFFICE_API),
}

# URLs that are Django's own machinery, not pages of the portal, or need a one-time secret.
NOT_IN_MATRIX = {
    "logout",  # POST only (Django's view); tested in tests/common/test_roles.py
    "password_change",  # Django's own, sign-in required
    "password_change_done",
    "password_reset_confirm",  # needs a one-time token; tested with exhibitor accounts
    "set_language",  # POST only, Django's own
}


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_is_in_the_matrix():
    missing = sorted(all_url_names() - set(MATRIX) - NOT_IN_MATRIX)
    assert missing == [], f"URLs without a row in the permission matrix: {missing}"
    stale = sorted(set(MATRIX) - all_url_names())
    assert stale == [], f"matrix rows for URLs that no longer exist: {stale}"


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    expo = ExpoFactory(starts_on=dt.date(2027, 9, 4), ends_on=dt.date(2027, 9, 6))
    pavilion = PavilionFactory(expo=expo)
    exhibitor_a = ExhibitorFactory(pavilion=pavilion, name="Care Tech", slug="care-tech")
    exhibitor_b = ExhibitorFactory(pavilion=pavilion, name="Bin Works", slug="bin-works")
    profile_a = BoothProfileFactory(exhibitor=exhibitor_a, status="published", published={"company_name": "Care Tech"})
    BoothProfileFactory(exhibitor=exhibitor_b)
    users = {
        "plain": UserFactory(username="plain"),
        "exhibitor_a": UserFactory(username="exhibitor-a"),
        "exhibitor_b": UserFactory(username="exhibitor-b"),
        "office": UserFactory(username="office", office=True),
    }
    ExhibitorMembershipFactory(exhibitor=exhibitor_a, user=users["exhibitor_a"], is_admin=True)
    ExhibitorMembershipFactory(exhibitor=exhibitor_b, user=users["exhibitor_b"], is_admin=True)
    colleague = ExhibitorMembershipFactory(exhibitor=exhibitor_a, user=UserFactory(username="colleague-a"))
    delegation = DelegationFactory(expo=expo)
    member = MemberFactory(delegation=delegation)
    organization = OrganizationFactory()
    contact, contact2 = ContactFactory(organization=organization), ContactFactory(organization=organization)
    meeting = MeetingFactory(expo=expo)
    MeetingAttendee.objects.create(meeting=meeting, exhibitor=exhibitor_a)
    MeetingAttendee.objects.create(meeting=meeting, member=member)
    guest = MeetingAttendee.objects.create(meeting=meeting, contact=contact2)
    invitee = get_user_model().objects.create_user(username="invitee", email="invitee@example.org")
    invitee.set_unusable_password()
    invitee.save()
    ExhibitorMembershipFactory(exhibitor=exhibitor_a, user=invitee)
    _key, raw_key = api_key_create(name="matrix", scopes=list(SCOPES))
    return SimpleNamespace(
        expo=expo,
        exhibitor_a=exhibitor_a,
        exhibitor_b=exhibitor_b,
        users=users,
        colleague=colleague,
        delegation=delegation,
        member=member,
        organization=organization,
        contact=contact,
        contact2=contact2,
        meeting=meeting,
        slot=SpeakingSlotFactory(expo=expo),
        shift=BoothShift.objects.create(
            exhibitor=exhibitor_a,
            member=member,
            starts_at=dt.datetime(2027, 9, 5, 9, tzinfo=SEOUL),
            ends_at=dt.datetime(2027, 9, 5, 12, tzinfo=SEOUL),
        ),
        follow_up=FollowUpFactory(expo=expo, meeting=meeting),
        lead=LeadFactory(exhibitor=exhibitor_a, shared_with_office=True),  # keys read shared leads only
        image=GalleryImage.objects.create(profile=profile_a, image="gallery/x.png", thumbnail="gallery/thumbs/x.png"),
        contact_import=ContactImport.objects.create(
            filename="contacts.csv",
            file_format="csv",
            content=b"name\nA\n",
            headers=["name"],
            created_by=users["office"],
        ),
        api_key=_key,
        raw_key=raw_key,
        feed_token=calendar_feed_issue(member=member, actor=users["office"]),
        guest=guest,
        response_token=response_link_issue(attendee=guest),
        invitation_token=invitation_token(user=invitee),
    )


def client_for(world, role: str) -> Client:
    if role == "api_key":
        return Client(HTTP_AUTHORIZATION=f"Token {world.raw_key}")
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def test_every_role_gets_what_the_matrix_says(world):
    """One world, every URL, every role (one test, so the world is built once)."""
    clients = {role: client_for(world, role) for role in ROLES}
    wrong = []
    for name, (kwargs_of, expected) in sorted(MATRIX.items()):
        kwargs = kwargs_of(world) if kwargs_of else {}
        query = kwargs.pop("?", "")
        url = reverse(name, kwargs=kwargs or None) + (f"?{query}" if query else "")
        for role in ROLES:
            status = clients[role].get(url).status_code
            if status != expected[role]:
                wrong.append(f"{name} {url} as {role}: expected {expected[role]}, got {status}")
    assert not wrong, "\n".join(wrong)
