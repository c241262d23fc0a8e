"""The one permission layer: every rule lives in common/rules.py, every rule is asked somewhere,
every rule the code asks exists, and the main rules answer per role as the roles promise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rules
from django.contrib.auth.models import Permission

from common.api_keys.authentication import ApiClient
from common.api_keys.services import api_key_create
from common.models import SCOPES
from common.rules import OFFICE, RULES
from meetings.models import MeetingAttendee
from tests.factories import ExhibitorMembershipFactory, LeadFactory, MeetingFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("common", "delegations", "exhibitors", "meetings", "cockpit", "expo_portal")
# A rule is asked as has_perm("app.rule", ...) or named as a value of a view's permission_rules /
# object_rules ({"action": "app.rule"}).
ASKED = re.compile(r'(?:has_perm\(\s*|:\s*)"((?:common|delegations|exhibitors|meetings|cockpit)\.[a-z_]+)"')


def project_sources() -> dict[Path, str]:
    return {
        path: path.read_text(encoding="utf-8")
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and path != ROOT / "common" / "rules.py"
    }


def test_rules_are_registered_in_one_place_only():
    assert set(rules.permissions.permissions) == set(RULES)


def test_every_registered_rule_is_consulted():
    code = "\n".join(project_sources().values())
    unused = [
        name for name in RULES if f'"{name}"' not in code and not (name == OFFICE and re.search(r"\bOFFICE\b", code))
    ]
    assert unused == [], f"rules that nothing asks (delete them): {unused}"


def test_every_rule_the_code_names_is_registered():
    named = {
        (path.relative_to(ROOT).as_posix(), name)
        for path, text in project_sources().items()
        if path.name != "settings.py"  # names Celery tasks the same way, never a rule
        for name in ASKED.findall(text)
    }
    assert named, "the scan found no rule names: the pattern is out of date"
    unknown = sorted((path, name) for path, name in named if name not in RULES)
    assert unknown == [], f"rules asked but never registered (a typo refuses everyone): {unknown}"


# --- Behaviour per role ----------------------------------------------------------------------------


@pytest.fixture
def people(db, exhibitor_a, exhibitor_b, office_user, superuser, plain_user):
    member = UserFactory(username="member-a")
    ExhibitorMembershipFactory(exhibitor=exhibitor_a, user=member, is_admin=False)
    admin_a = UserFactory(username="admin-a")
    ExhibitorMembershipFactory(exhibitor=exhibitor_a, user=admin_a, is_admin=True)
    admin_b = UserFactory(username="admin-b")
    ExhibitorMembershipFactory(exhibitor=exhibitor_b, user=admin_b, is_admin=True)
    granted = UserFactory(username="granted", is_staff=True)
    granted.user_permissions.set(Permission.objects.all())
    all_key, _ = api_key_create(name="all", scopes=list(SCOPES))
    read_key, _ = api_key_create(name="read", scopes=[s for s in SCOPES if s.endswith(":read")])
    return {
        "office": office_user,
        "superuser": superuser,
        "plain": plain_user,
        "granted": granted,
        "member_a": member,
        "admin_a": admin_a,
        "admin_b": admin_b,
        "key_all": ApiClient(key=all_key),
        "key_read": ApiClient(key=read_key),
    }


WHO = ("office", "superuser", "plain", "granted", "member_a", "admin_a", "admin_b", "key_all", "key_read")


def allowed(people, rule: str, obj=None) -> set[str]:
    return {role for role in WHO if people[role].has_perm(rule, obj)}


def test_office_rule_is_office_staff_and_superusers_only(people):
    assert allowed(people, OFFICE) == {"office", "superuser"}


def test_model_permissions_ticked_in_the_admin_grant_nothing(people):
    granted = people["granted"]
    assert granted.has_perm("delegations.change_contact") is False
    assert granted.get_all_permissions() == set()
    assert not any(granted.has_perm(rule) for rule in RULES)


def test_contact_book_rules_follow_scopes(people):
    assert allowed(people, "delegations.view_contacts") == {"office", "superuser", "key_all", "key_read"}
    assert allowed(people, "delegations.change_contacts") == {"office", "superuser", "key_all"}


def test_team_rules_take_the_exhibitor(people, exhibitor_a, exhibitor_b):
    assert allowed(people, "exhibitors.manage_team", exhibitor_a) == {"office", "superuser", "admin_a"}
    assert allowed(people, "exhibitors.manage_team", exhibitor_b) == {"office", "superuser", "admin_b"}
    assert allowed(people, "exhibitors.edit_profile", exhibitor_a) == {"office", "superuser", "member_a", "admin_a"}
    assert allowed(people, "exhibitors.view_exhibitor", exhibitor_a) == {
        "office",
        "superuser",
        "member_a",
        "admin_a",
        "key_all",
        "key_read",
    }
    assert allowed(people, "exhibitors.review_profile", exhibitor_a) == {"office", "superuser"}


def test_lead_rules_keep_unshared_leads_from_keys(people, exhibitor_a):
    shared = LeadFactory(exhibitor=exhibitor_a, shared_with_office=True)
    private = LeadFactory(exhibitor=exhibitor_a, shared_with_office=False)
    team = {"office", "superuser", "member_a", "admin_a"}
    assert allowed(people, "exhibitors.view_lead", shared) == team | {"key_all", "key_read"}
    assert allowed(people, "exhibitors.view_lead", private) == team
    assert allowed(people, "exhibitors.change_lead", shared) == team


def test_meeting_rule_lets_in_the_exhibitors_taking_part(people, exhibitor_a):
    meeting = MeetingFactory()
    MeetingAttendee.objects.create(meeting=meeting, exhibitor=exhibitor_a)
    assert allowed(people, "meetings.view_meeting", meeting) == {
        "office",
        "superuser",
        "member_a",
        "admin_a",
        "key_all",
        "key_read",
    }
    assert allowed(people, "meetings.change_schedule") == {"office", "superuser", "key_all"}


def test_a_deactivated_office_account_does_not_open_the_admin(client, office_user):
    office_user.is_staff = True
    office_user.is_active = False
    office_user.save()
    client.force_login(office_user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
