"""Every URL of the portal × GET, POST, PUT, PATCH, DELETE × every role: the answer the server gives.

The URL patterns come from the resolver: a pattern without a row in ``MATRIX`` fails
``test_every_url_is_in_the_matrix``, so a new page or endpoint cannot ship before its permissions
are stated. Each row says, per role and method, one of: allowed (``OK``: the view ran — a page, a
redirect after saving, a 400 for the empty form…), ``LOGIN`` (sent to sign in), 401, 403, 404 or 405.
A refused request must change nothing: the database's own count of rows this transaction inserted,
updated or deleted is the same before and after it. Every request runs in a savepoint that is rolled
back, so one dataset (built once for the module) serves them all, and allowed writes leave it as it was.

The admin is sampled: changelist, add, change and delete of every registered model, for each role,
and a refused delete changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from common.admin_mixins import OfficeAdminMixin, ScheduledItemAdmin
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

# Marked so that pytest-django prepares the test database; each test runs in a savepoint of the
# module's transaction (see ``world``).
pytestmark = pytest.mark.django_db

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
ROLES = (
    "anonymous",
    "deactivated",  # an account switched off: its session no longer signs anyone in
    "plain",  # signed in, no role
    "granted",  # staff flag and every Django model permission ticked, no role: still nothing
    "member_a",  # a member of exhibitor A's team
    "exhibitor_a",  # an admin of exhibitor A's team
    "exhibitor_b",  # an admin of exhibitor B's team
    "office",
    "key_all",  # an API key with every scope
    "key_read",  # an API key with the read scopes only
)
OK, LOGIN = "ok", "login"
NOT_SIGNED_IN = ("anonymous", "deactivated", "key_all", "key_read")  # pages do not take API keys
NO_ROLE = ("plain", "granted")
TEAM_A = ("member_a", "exhibitor_a")
SAFE = ("GET",)
FORM = ("GET", "POST")
READ_SCOPES = [scope for scope in SCOPES if scope.endswith(":read")]


def roles(default: Any, **outcomes: Any) -> dict[str, Any]:
    return {role: outcomes.get(role, default) for role in ROLES}


@dataclass(frozen=True)
class Page:
    """A page. ``methods``: those it handles (others 405). ``who``: the outcome per role for them
    (``post`` overrides it for writes). ``gate_first``: the role gate runs before the method check,
    so a refused role is refused whatever the method. ``login``: signed-out visitors are sent to
    sign in before anything else."""

    methods: tuple[str, ...]
    who: dict[str, Any]
    post: dict[str, Any] | None = None
    gate_first: bool = True
    login: bool = True

    def expect(self, role: str, method: str) -> Any:
        if self.login and role in NOT_SIGNED_IN:
            return LOGIN
        outcome = (self.post if method != "GET" and self.post else self.who)[role]
        if self.gate_first and outcome != OK:
            return outcome
        return outcome if method in self.methods else 405


@dataclass(frozen=True)
class Api:
    """An API endpoint: signed-out requests 401; methods it does not handle 405; else ``read`` (GET)
    or ``write`` per role."""

    methods: tuple[str, ...]
    read: dict[str, Any]
    write: dict[str, Any] = field(default_factory=dict)

    def expect(self, role: str, method: str) -> Any:
        if role in ("anonymous", "deactivated"):
            return 401
        if method not in self.methods:
            return 405
        return (self.read if method == "GET" else self.write)[role]


def office_page(methods: tuple[str, ...] = SAFE, **changes: Any) -> Page:
    return Page(methods, roles(403, office=OK, **changes))


def public(methods: tuple[str, ...] = SAFE, **changes: Any) -> Page:
    return Page(methods, roles(OK, **changes), login=False, gate_first=False)


# Pages of the exhibitor self-service that any team member (and the office) opens.
SELF_SERVICE = roles(403, member_a=OK, exhibitor_a=OK, exhibitor_b=OK, office=OK)
# A page of exhibitor A: its team and the office; exhibitor B is told it does not exist.
A_ONLY = roles(403, member_a=OK, exhibitor_a=OK, exhibitor_b=404, office=OK)

OFFICE_READ = roles(403, office=OK, key_all=OK, key_read=OK)
OFFICE_WRITE = roles(403, office=OK, key_all=OK)
LIST = ("GET", "POST")
DETAIL = ("GET", "PUT", "PATCH", "DELETE")


def office_api(methods: tuple[str, ...], **changes: Any) -> Api:
    return Api(methods, {**OFFICE_READ, **changes}, {**OFFICE_WRITE, **changes})


# name -> (URL kwargs from the world — "?" adds a query string —, the expectations)
MATRIX: dict[str, tuple[Callable[[Any], dict[str, Any]] | None, Page | Api]] = {
    # --- public and plumbing ---
    "healthz": (None, public()),
    "login": (None, public(("GET", "POST", "PUT"))),  # Django's form view takes PUT as POST
    "logout": (None, Page(("POST",), roles(LOGIN), gate_first=False, login=False)),  # then sent to sign in
    "password_reset": (None, public(("GET", "POST", "PUT"))),
    "password_reset_done": (None, public()),
    "password_reset_complete": (None, public()),
    # Django's views: a spent link redirects, and the language switch redirects, whatever the method.
    "password_reset_confirm": (lambda w: {"uidb64": "MQ", "token": "set-password"}, public(METHODS)),
    "password_change": (None, Page(("GET", "POST", "PUT"), roles(OK), gate_first=False)),
    "password_change_done": (None, Page(SAFE, roles(OK), gate_first=False)),
    "set_language": (None, public(METHODS)),
    "pavilion": (None, public()),
    "pavilion-exhibitor": (lambda w: {"slug": w.exhibitor_a.slug}, public()),
    "service-worker": (None, public()),
    "media": (lambda w: {"path": "logos/missing.png"}, public(SAFE, **roles(404))),  # uploaded images
    "exhibitor-invitation": (lambda w: {"token": w.invitation_token}, public(FORM)),
    # A join offer is for one signed-in account; a forged token reads as spent (410).
    "exhibitor-team-join": (lambda w: {"token": "forged"}, Page(FORM, roles(OK), gate_first=False)),
    "calendar-feed": (lambda w: {"token": w.feed_token}, public()),  # the secret token is the credential
    "api:api-schema": (None, public()),
    "api:api-docs": (None, public()),
    # --- the office's pages ---
    # Exhibitors are sent to their booth; the method is checked before the role.
    "dashboard": (
        None,
        Page(SAFE, roles(403, office=OK, **dict.fromkeys(("member_a", *TEAM_A, "exhibitor_b"), OK)), gate_first=False),
    ),
    "delegation-overview": (None, office_page()),
    "agenda-grid": (None, office_page()),
    "outcome-report": (None, office_page()),
    "briefing-meeting": (lambda w: {"pk": w.meeting.pk}, office_page()),
    "briefing-member-day": (lambda w: {"pk": w.member.pk, "day": "2027-09-04"}, office_page()),
    "contact-list": (None, office_page()),
    "contact-create": (None, office_page(FORM)),
    "contact-detail": (lambda w: {"pk": w.contact.pk}, office_page()),
    "contact-update": (lambda w: {"pk": w.contact.pk}, office_page(FORM)),
    "contact-delete": (lambda w: {"pk": w.contact.pk}, office_page(FORM)),
    "contact-export-csv": (None, office_page()),
    "contact-export-vcf": (None, office_page()),
    "contact-duplicates": (None, office_page()),
    "contact-merge": (lambda w: {"keep": w.contact.pk, "duplicate": w.contact2.pk}, office_page(FORM)),
    "contact-import": (None, office_page(FORM)),
    "contact-import-mapping": (lambda w: {"pk": w.contact_import.pk}, office_page(FORM)),
    "contact-import-preview": (lambda w: {"pk": w.contact_import.pk}, office_page(FORM)),
    "contact-import-status": (lambda w: {"pk": w.contact_import.pk}, office_page()),
    "organization-list": (None, office_page()),
    "organization-create": (None, office_page(FORM)),
    "organization-detail": (lambda w: {"pk": w.organization.pk}, office_page()),
    "organization-update": (lambda w: {"pk": w.organization.pk}, office_page(FORM)),
    "organization-delete": (lambda w: {"pk": w.organization.pk}, office_page(FORM)),
    "api-key-list": (None, office_page()),
    "api-key-create": (None, office_page(FORM)),
    "api-key-detail": (lambda w: {"pk": w.api_key.pk}, office_page()),
    "api-key-revoke": (lambda w: {"pk": w.api_key.pk}, office_page(FORM)),
    "pavilion-review": (None, office_page()),
    "pavilion-brochure": (None, office_page()),
    "meeting-list": (None, office_page()),
    "meeting-create": (None, office_page(FORM)),
    # Exhibitor A takes part in the meeting: its team reads it; the method is checked first.
    "meeting-detail": (
        lambda w: {"pk": w.meeting.pk},
        Page(SAFE, {**A_ONLY, **dict.fromkeys(NOT_SIGNED_IN, LOGIN)}, gate_first=False, login=False),
    ),
    "meeting-edit": (lambda w: {"pk": w.meeting.pk}, office_page(FORM)),
    "meeting-cancel": (lambda w: {"pk": w.meeting.pk}, office_page(FORM)),
    "meeting-response-accept": (lambda w: {"pk": w.meeting.pk, "attendee_pk": w.guest.pk}, office_page(("POST",))),
    "meeting-response-revoke": (lambda w: {"pk": w.meeting.pk, "attendee_pk": w.guest.pk}, office_page(("POST",))),
    "meeting-respond": (lambda w: {"token": w.response_token}, public(FORM)),  # the guest's personal link
    "speaking-slot-list": (None, office_page()),
    "speaking-slot-create": (None, office_page(FORM)),
    "speaking-slot-detail": (lambda w: {"pk": w.slot.pk}, office_page()),
    "speaking-slot-edit": (lambda w: {"pk": w.slot.pk}, office_page(FORM)),
    "speaking-slot-cancel": (lambda w: {"pk": w.slot.pk}, office_page(FORM)),
    "booth-shift-list": (None, office_page(FORM)),
    "booth-shift-delete": (lambda w: {"pk": w.shift.pk}, office_page(("POST",))),
    "follow-up-list": (None, office_page()),
    "follow-up-create": (None, office_page(FORM)),
    "follow-up-edit": (lambda w: {"pk": w.follow_up.pk}, office_page(FORM)),
    "schedule-delegation": (None, office_page()),
    "schedule-member": (lambda w: {"pk": w.member.pk}, office_page()),
    "member-feed": (lambda w: {"pk": w.member.pk}, office_page(("POST",))),  # issues a feed token
    "schedule-exhibitor": (lambda w: {"pk": w.exhibitor_a.pk}, office_page()),
    # --- exhibitor self-service ---
    "exhibitor-home": (None, Page(SAFE, SELF_SERVICE, gate_first=False)),
    "exhibitor-team": (None, Page(SAFE, SELF_SERVICE, gate_first=False)),
    "exhibitor-schedule": (
        None,
        Page(SAFE, {**SELF_SERVICE, **dict.fromkeys(NOT_SIGNED_IN, LOGIN)}, gate_first=False, login=False),
    ),
    "exhibitor-schedule-detail": (
        lambda w: {"pk": w.exhibitor_a.pk},
        Page(
            SAFE,
            {**A_ONLY, **dict.fromkeys(NOT_SIGNED_IN, LOGIN), **dict.fromkeys(NO_ROLE, 404)},
            gate_first=False,
            login=False,
        ),
    ),
    "lead-list": (None, Page(SAFE, SELF_SERVICE, gate_first=False)),
    "lead-create": (None, Page(FORM, SELF_SERVICE, gate_first=False)),
    "lead-export": (None, Page(SAFE, SELF_SERVICE, gate_first=False)),
    "lead-edit": (lambda w: {"pk": w.lead.pk}, Page(FORM, {**A_ONLY, **dict.fromkeys(NO_ROLE, 404)}, gate_first=False)),
    "lead-delete": (
        lambda w: {"pk": w.lead.pk},
        Page(FORM, {**A_ONLY, **dict.fromkeys(NO_ROLE, 404)}, gate_first=False),
    ),
    # An empty form names no exhibitor of the user's: 404 (nothing is switched).
    "exhibitor-switch": (None, Page(("POST",), roles(404), gate_first=False)),
    "exhibitor-profile": (lambda w: {"exhibitor_id": w.exhibitor_a.pk}, Page(FORM, A_ONLY, gate_first=False)),
    "exhibitor-profile-logo": (lambda w: {"exhibitor_id": w.exhibitor_a.pk}, Page(("POST",), A_ONLY, gate_first=False)),
    "exhibitor-gallery-add": (lambda w: {"exhibitor_id": w.exhibitor_a.pk}, Page(("POST",), A_ONLY, gate_first=False)),
    "exhibitor-gallery-remove": (
        lambda w: {"exhibitor_id": w.exhibitor_a.pk, "image_id": w.image.pk},
        Page(FORM, A_ONLY, gate_first=False),
    ),
    "exhibitor-profile-submit": (
        lambda w: {"exhibitor_id": w.exhibitor_a.pk},
        Page(("POST",), A_ONLY, gate_first=False),
    ),
    "exhibitor-profile-preview": (lambda w: {"exhibitor_id": w.exhibitor_a.pk}, Page(SAFE, A_ONLY, gate_first=False)),
    "exhibitor-profile-history": (lambda w: {"exhibitor_id": w.exhibitor_a.pk}, Page(SAFE, A_ONLY, gate_first=False)),
    "exhibitor-profile-changes": (
        lambda w: {"exhibitor_id": w.exhibitor_a.pk, "?": "from=1"},
        Page(SAFE, A_ONLY, gate_first=False),
    ),
    "exhibitor-profile-review": (
        lambda w: {"exhibitor_id": w.exhibitor_a.pk},
        Page(FORM, {**A_ONLY, **dict.fromkeys(TEAM_A, 403)}, gate_first=False),
    ),
    # Every member reads the team; only team admins (and the office) invite and remove.
    "exhibitor-team-detail": (
        lambda w: {"exhibitor_id": w.exhibitor_a.pk},
        Page(FORM, A_ONLY, post={**A_ONLY, "member_a": 403}, gate_first=False),
    ),
    "exhibitor-team-remove": (
        lambda w: {"exhibitor_id": w.exhibitor_a.pk, "membership_id": w.colleague.pk},
        Page(FORM, {**A_ONLY, "member_a": 403}, gate_first=False),
    ),
    # --- the API ---
    "api:expo-list": (None, office_api(SAFE)),
    "api:expo-detail": (lambda w: {"pk": w.expo.pk}, office_api(SAFE)),
    "api:delegation-list": (None, office_api(SAFE)),
    "api:delegation-detail": (lambda w: {"pk": w.delegation.pk}, office_api(SAFE)),
    "api:member-list": (None, office_api(SAFE)),
    "api:member-detail": (lambda w: {"pk": w.member.pk}, office_api(SAFE)),
    "api:organization-list": (None, office_api(LIST)),
    "api:organization-detail": (lambda w: {"pk": w.organization.pk}, office_api(DETAIL)),
    "api:contact-list": (None, office_api(LIST)),
    "api:contact-detail": (lambda w: {"pk": w.contact.pk}, office_api(DETAIL)),
    "api:contact-deleted": (None, office_api(SAFE)),
    "api:contact-export": (lambda w: {"file_format": "csv"}, office_api(SAFE)),
    "api:exhibitor-list": (None, Api(SAFE, {**OFFICE_READ, **dict.fromkeys(("member_a", *TEAM_A, "exhibitor_b"), OK)})),
    "api:exhibitor-detail": (
        lambda w: {"pk": w.exhibitor_a.pk},
        Api(SAFE, {**OFFICE_READ, **dict.fromkeys(TEAM_A, OK), "exhibitor_b": 404}),
    ),
    "api:exhibitor-profile": (
        lambda w: {"pk": w.exhibitor_a.pk},
        Api(
            ("GET", "PATCH"),
            {**OFFICE_READ, **dict.fromkeys(TEAM_A, OK), "exhibitor_b": 404},
            {**A_ONLY, "key_all": 403, "key_read": 403},
        ),
    ),
    "api:exhibitor-logo": (
        lambda w: {"pk": w.exhibitor_a.pk},
        Api(("POST", "DELETE"), {}, {**A_ONLY, "key_all": 403, "key_read": 403}),
    ),
    "api:exhibitor-submit": (
        lambda w: {"pk": w.exhibitor_a.pk},
        Api(("POST",), {}, {**A_ONLY, "key_all": 403, "key_read": 403}),
    ),
    "api:exhibitor-publish": (
        lambda w: {"pk": w.exhibitor_a.pk},
        Api(("POST",), {}, {**A_ONLY, **dict.fromkeys(TEAM_A, 403), "key_all": 403, "key_read": 403}),
    ),
    "api:exhibitor-send-back": (
        lambda w: {"pk": w.exhibitor_a.pk},
        Api(("POST",), {}, {**A_ONLY, **dict.fromkeys(TEAM_A, 403), "key_all": 403, "key_read": 403}),
    ),
    # Keys read the leads shared with the office and never write (there is no exhibitors:write).
    "api:lead-list": (
        None,
        Api(
            LIST,
            {**OFFICE_READ, **dict.fromkeys(("member_a", *TEAM_A, "exhibitor_b"), OK)},
            {**SELF_SERVICE, "key_all": 403, "key_read": 403},
        ),
    ),
    "api:lead-match": (
        None,
        Api(SAFE, {**SELF_SERVICE, "key_all": 403, "key_read": 403}),
    ),  # keys never search the contact book
    "api:lead-detail": (
        lambda w: {"pk": w.lead.pk},
        Api(
            DETAIL,
            {**OFFICE_READ, **dict.fromkeys(TEAM_A, OK), "exhibitor_b": 404},
            {**A_ONLY, "key_all": 403, "key_read": 403},
        ),
    ),
    "api:meeting-list": (
        None,
        Api(LIST, {**OFFICE_READ, **dict.fromkeys(("member_a", *TEAM_A, "exhibitor_b"), OK)}, OFFICE_WRITE),
    ),
    "api:meeting-detail": (
        lambda w: {"pk": w.meeting.pk},
        Api(DETAIL, {**OFFICE_READ, **dict.fromkeys(TEAM_A, OK), "exhibitor_b": 404}, OFFICE_WRITE),
    ),
    "api:meeting-check": (None, Api(("POST",), {}, OFFICE_WRITE)),
    "api:meeting-ics": (
        lambda w: {"pk": w.meeting.pk},
        Api(SAFE, {**OFFICE_READ, **dict.fromkeys(TEAM_A, OK), "exhibitor_b": 404}),
    ),
    "api:speaking-slot-list": (None, office_api(LIST)),
    "api:speaking-slot-detail": (lambda w: {"pk": w.slot.pk}, office_api(DETAIL)),
    "api:follow-up-list": (None, office_api(LIST)),
    "api:follow-up-detail": (lambda w: {"pk": w.follow_up.pk}, office_api(DETAIL)),
}


def url_patterns() -> tuple[set[str], list[str]]:
    """Every URL name of the portal (namespaced), and the patterns that have no name at all."""
    names: set[str] = set()
    unnamed: list[str] = []

    def walk(patterns: list[Any], namespace: str | None, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue  # sampled by test_admin_matrix
                walk(pattern.url_patterns, pattern.namespace or namespace, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                if pattern.name:
                    names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
                else:
                    unnamed.append(prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, None, "")
    return names, unnamed


def test_every_url_is_in_the_matrix():
    names, unnamed = url_patterns()
    assert unnamed == [], f"URL patterns without a name cannot be classified: {unnamed}"
    missing = sorted(names - set(MATRIX))
    assert missing == [], f"URLs without a row in the permission matrix: {missing}"
    stale = sorted(set(MATRIX) - names)
    assert stale == [], f"matrix rows for URLs that no longer exist: {stale}"


# --- One dataset for the module -----------------------------------------------------------------

# Tables that a refused request may touch without changing anything of the portal's.
# The pull log records every write a key attempts, refused ones included (rows = 0): an audit
# trail, not a change.
BOOKKEEPING_TABLES = ("django_session", "portal_cache", "common_ratecounter", "common_apipulllog")


def rows_written() -> int:
    """Rows inserted, updated or deleted so far in this transaction (PostgreSQL's own count,
    savepoints rolled back included), outside the session and cache tables."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables "
            "WHERE relname <> ALL(%s) AND relname NOT LIKE 'axes%%'",
            [list(BOOKKEEPING_TABLES)],
        )
        return int(cursor.fetchone()[0])


def build_world() -> SimpleNamespace:
    expo = ExpoFactory(starts_on=dt.date(2027, 9, 4), ends_on=dt.date(2027, 9, 6))
    pavilion = PavilionFactory(expo=expo)
    exhibitor_a = ExhibitorFactory(pavilion=pavilion, name="Care Tech", slug="care-tech")
    exhibitor_b = ExhibitorFactory(pavilion=pavilion, name="Bin Works", slug="bin-works")
    profile_a = BoothProfileFactory(exhibitor=exhibitor_a, status="published", published={"company_name": "Care Tech"})
    BoothProfileFactory(exhibitor=exhibitor_b)
    users = {
        "plain": UserFactory(username="plain"),
        "granted": UserFactory(username="granted", is_staff=True),
        "member_a": UserFactory(username="member-a"),
        "exhibitor_a": UserFactory(username="exhibitor-a"),
        "exhibitor_b": UserFactory(username="exhibitor-b"),
        "office": UserFactory(username="office", office=True),
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
        "deactivated": UserFactory(username="gone", office=True),
    }
    users["granted"].user_permissions.set(Permission.objects.all())
    ExhibitorMembershipFactory(exhibitor=exhibitor_a, user=users["member_a"], is_admin=False)
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
    keys = {
        "key_all": api_key_create(name="matrix-all", scopes=list(SCOPES)),
        "key_read": api_key_create(name="matrix-read", scopes=READ_SCOPES),
    }
    for key, _raw in keys.values():
        # Marked as used a moment from now, so no request of this module stamps its last use.
        key.last_used_at = timezone.now() + dt.timedelta(days=1)
        key.save(update_fields=["last_used_at"])
    return SimpleNamespace(
        expo=expo,
        exhibitor_a=exhibitor_a,
        exhibitor_b=exhibitor_b,
        users=users,
        keys=keys,
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
        api_key=keys["key_all"][0],
        feed_token=calendar_feed_issue(member=member, actor=users["office"]),
        guest=guest,
        response_token=response_link_issue(attendee=guest),
        invitation_token=invitation_token(user=invitee),
    )


def client_for(world: SimpleNamespace, role: str) -> Client:
    if role.startswith("key_"):
        return Client(HTTP_AUTHORIZATION=f"Token {world.keys[role][1]}", raise_request_exception=False)
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[SimpleNamespace]:
    """Built once, inside a transaction that is rolled back after the module."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock(), media, transaction.atomic():
        built = build_world()
        deactivated = built.users["deactivated"]
        built.clients = {role: client_for(built, role) for role in (*ROLES, "superuser")}
        # Switched off after signing in: the session it holds must sign nobody in.
        deactivated.is_active = False
        deactivated.save(update_fields=["is_active"])
        yield built
        transaction.set_rollback(True)


def outcome(response: Any) -> Any:
    status = response.status_code
    if status == 302 and response["Location"].startswith(("/accounts/login/", "/admin/login/")):
        return LOGIN
    if status in (401, 403, 404, 405) or status >= 500:
        return status
    return OK


def send(client: Client, method: str, url: str) -> tuple[Any, int]:
    """The request in a savepoint rolled back afterwards; returns its outcome and the rows it wrote."""
    with transaction.atomic():
        before = rows_written()
        response = client.generic(method, url, b"", content_type="application/json")
        written = rows_written() - before
        transaction.set_rollback(True)
    return outcome(response), written


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_every_role_and_method_gets_what_the_matrix_says(world, name):
    kwargs_of, spec = MATRIX[name]
    kwargs = kwargs_of(world) if kwargs_of else {}
    query = kwargs.pop("?", "")
    url = reverse(name, kwargs=kwargs or None) + (f"?{query}" if query else "")
    wrong = []
    for role in ROLES:
        for method in METHODS:
            expected = spec.expect(role, method)
            # Signing out ends the session: each attempt gets a client of its own.
            client = client_for(world, role) if name == "logout" else world.clients[role]
            got, written = send(client, method, url)
            if got != expected:
                wrong.append(f"{method} {url} as {role}: expected {expected}, got {got}")
            elif got != OK and written:
                wrong.append(f"{method} {url} as {role}: refused ({got}) but wrote {written} rows")
    assert not wrong, "\n".join(wrong)


def test_a_write_that_is_allowed_is_counted(world):
    """The refusal check above can see a write: an allowed delete counts its rows."""
    url = reverse("api:contact-detail", kwargs={"pk": world.contact.pk})
    got, written = send(world.clients["office"], "DELETE", url)
    assert got == OK
    assert written >= 1


# --- The admin, sampled --------------------------------------------------------------------------

ADMIN_ROLES = ("anonymous", "plain", "granted", "exhibitor_a", "office", "superuser")


def admin_expectation(model_admin: Any, view: str, role: str) -> Any:
    """Signed out, no role, every model permission ticked, or an exhibitor: the admin's sign-in.
    The office: what the model admin allows it (the schedule and other libraries' records are
    read-only for it); a superuser also what those libraries allow."""
    if role not in ("office", "superuser"):
        return LOGIN
    portal_admin = isinstance(model_admin, OfficeAdminMixin)
    if view in ("changelist", "change"):
        return OK  # a change page without the right to change shows the object read-only
    read_only = ScheduledItemAdmin in type(model_admin).__mro__ or (not portal_admin and role == "office")
    if read_only:
        return 403
    allowed = {"add": model_admin.has_add_permission, "delete": model_admin.has_delete_permission}[view]
    request = SimpleNamespace(user=SimpleNamespace(is_active=True, has_perm=lambda perm, obj=None: True))
    return OK if allowed(request) else 403


def admin_cases() -> list[tuple[str, str]]:
    return [
        (model._meta.label, view)
        for model in admin.site._registry
        for view in ("changelist", "add", "change", "delete")
    ]


@pytest.mark.parametrize(("label", "view"), admin_cases())
def test_admin_is_the_office_s_only(world, label, view):
    model = next(m for m in admin.site._registry if m._meta.label == label)
    model_admin = admin.site._registry[model]
    info = (model._meta.app_label, model._meta.model_name)
    obj = model._default_manager.order_by("pk").first()
    if view in ("change", "delete") and obj is None:
        pytest.skip(f"no {label} in the dataset")
    url = reverse(f"admin:{info[0]}_{info[1]}_{view}", args=[obj.pk] if view in ("change", "delete") else [])
    wrong = []
    for role in ADMIN_ROLES:
        client = world.clients[role]
        expected = admin_expectation(model_admin, view, role)
        got, _written = send(client, "GET", url)
        if got != expected:
            wrong.append(f"GET {url} as {role}: expected {expected}, got {got}")
        if view == "delete" and expected != OK:
            got, written = send(client, "POST", url + "?post=yes")
            if got == OK or written:
                wrong.append(f"POST {url} as {role}: answered {got}, wrote {written} rows")
    assert not wrong, "\n".join(wrong)
