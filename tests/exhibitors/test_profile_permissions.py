"""Permission matrix over every page and API endpoint of booth profiles, teams and the pavilion.

Roles: anonymous, a plain signed-in user (no role: 403), a user of exhibitor A, a user of exhibitor B, office staff,
and API keys with and without the ``exhibitors:read`` scope. Every target belongs to A. B never
reads or changes anything private of A (404); anonymous sees only published profiles.
A test below fails when a URL of this part is missing from the matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, get_resolver
from rest_framework.test import APIClient

from exhibitors.models import BoothProfile, ExhibitorMembership, GalleryImage
from tests.factories import ExhibitorMembershipFactory, UserFactory
from tests.factories.profiles import complete_profile, image_bytes, publish_directly, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

ROLES = ["anonymous", "plain", "user_a", "user_b", "office"]
LOGIN = 302  # anonymous on a private page: redirected to sign in


@dataclass(frozen=True)
class Case:
    name: str  # URL name (matrix completeness is checked against it)
    method: str
    path: str  # formatted with the scene below
    expected: dict[str, int]
    data: dict | None = None


def expect(anonymous: int, plain: int, user_a: int, user_b: int, office: int) -> dict[str, int]:
    return dict(zip(ROLES, [anonymous, plain, user_a, user_b, office], strict=True))


PRIVATE_READ = expect(LOGIN, 403, 200, 404, 200)

PAGE_CASES = [
    Case("pavilion", "get", "/pavilion/", expect(200, 200, 200, 200, 200)),
    Case("pavilion-exhibitor", "get", "/pavilion/{a_slug}/", expect(200, 200, 200, 200, 200)),
    Case("pavilion-exhibitor", "get", "/pavilion/{b_slug}/", expect(404, 404, 404, 404, 404)),
    Case("exhibitor-home", "get", "/exhibitor/", expect(LOGIN, 403, 302, 302, 200)),
    Case("exhibitor-team", "get", "/exhibitor/team/", expect(LOGIN, 403, 302, 302, 302)),
    Case("exhibitor-switch", "post", "/exhibitor/switch/", expect(LOGIN, 404, 302, 404, 404), {"exhibitor": "{a}"}),
    Case("exhibitor-profile", "get", "/exhibitors/{a}/profile/", PRIVATE_READ),
    Case("exhibitor-profile-preview", "get", "/exhibitors/{a}/profile/preview/", PRIVATE_READ),
    Case("exhibitor-profile-history", "get", "/exhibitors/{a}/profile/history/", PRIVATE_READ),
    Case("exhibitor-profile-changes", "get", "/exhibitors/{a}/profile/changes/?from=1", PRIVATE_READ),
    Case("exhibitor-profile-review", "get", "/exhibitors/{a}/profile/review/", expect(LOGIN, 403, 403, 404, 200)),
    Case("exhibitor-team-detail", "get", "/exhibitors/{a}/team/", PRIVATE_READ),
    Case("exhibitor-team-remove", "get", "/exhibitors/{a}/team/{member}/remove/", PRIVATE_READ),
    Case("exhibitor-gallery-remove", "get", "/exhibitors/{a}/profile/gallery/{image}/remove/", PRIVATE_READ),
    # Writes: A's users and the office succeed (302 back to the page); B and others get 404.
    Case(
        "exhibitor-profile",
        "post",
        "/exhibitors/{a}/profile/",
        expect(LOGIN, 403, 302, 404, 302),
        {"version": "{version}", "company_name": "Changed", "category": "smart_care"},
    ),
    Case(
        "exhibitor-profile-logo",
        "post",
        "/exhibitors/{a}/profile/logo/",
        expect(LOGIN, 403, 302, 404, 302),
        {"remove": "1"},
    ),
    Case(
        "exhibitor-gallery-add",
        "post",
        "/exhibitors/{a}/profile/gallery/",
        expect(LOGIN, 403, 302, 404, 302),
        {"version": "{version}", "image": "PNG", "caption": "x"},
    ),
    Case(
        "exhibitor-gallery-remove",
        "post",
        "/exhibitors/{a}/profile/gallery/{image}/remove/",
        expect(LOGIN, 403, 302, 404, 302),
    ),
    Case("exhibitor-profile-submit", "post", "/exhibitors/{a}/profile/submit/", expect(LOGIN, 403, 302, 404, 302)),
    Case(
        "exhibitor-profile-review",
        "post",
        "/exhibitors/{a}/profile/review/",
        expect(LOGIN, 403, 403, 404, 302),
        {"version": "{version}", "action": "send_back", "comment": "Please change"},
    ),
    Case(
        "exhibitor-team-detail",
        "post",
        "/exhibitors/{a}/team/",
        expect(LOGIN, 403, 302, 404, 302),
        {"email": "new-colleague@example.org"},
    ),
    Case("exhibitor-team-remove", "post", "/exhibitors/{a}/team/{member}/remove/", expect(LOGIN, 403, 302, 404, 302)),
    Case("exhibitor-invitation", "get", "/accounts/invitation/forged-token/", expect(410, 410, 410, 410, 410)),
    Case("exhibitor-team-join", "get", "/accounts/team-invitation/forged/", expect(LOGIN, 410, 410, 410, 410)),
    Case("exhibitor-team-join", "post", "/accounts/team-invitation/forged/", expect(LOGIN, 410, 410, 410, 410)),
]

API_ROLES = [*ROLES, "key_read", "key_other"]


def api_expect(anonymous, plain, user_a, user_b, office, key_read, key_other) -> dict[str, int]:
    return dict(zip(API_ROLES, [anonymous, plain, user_a, user_b, office, key_read, key_other], strict=True))


API_CASES = [
    Case("exhibitor-list", "get", "/api/v1/exhibitors/", api_expect(401, 403, 200, 200, 200, 200, 403)),
    Case("exhibitor-detail", "get", "/api/v1/exhibitors/{a}/", api_expect(401, 403, 200, 404, 200, 200, 403)),
    Case("exhibitor-profile", "get", "/api/v1/exhibitors/{a}/profile/", api_expect(401, 403, 200, 404, 200, 200, 403)),
    Case(
        "exhibitor-profile",
        "patch",
        "/api/v1/exhibitors/{a}/profile/",
        api_expect(401, 403, 200, 404, 200, 403, 403),
        {"version": "{version}", "tagline": "Changed by caller"},
    ),
    Case(
        "exhibitor-logo",
        "post",
        "/api/v1/exhibitors/{a}/profile/logo/",
        api_expect(401, 403, 200, 404, 200, 403, 403),
        {"logo": "PNG"},
    ),
    Case(
        "exhibitor-logo",
        "delete",
        "/api/v1/exhibitors/{a}/profile/logo/",
        api_expect(401, 403, 200, 404, 200, 403, 403),
    ),
    Case(
        "exhibitor-submit",
        "post",
        "/api/v1/exhibitors/{a}/profile/submit/",
        api_expect(401, 403, 200, 404, 200, 403, 403),
    ),
    Case(
        "exhibitor-publish",
        "post",
        "/api/v1/exhibitors/{a}/profile/publish/",
        api_expect(401, 403, 403, 404, 200, 403, 403),
        {"version": "{submitted_version}"},
    ),
    Case(
        "exhibitor-send-back",
        "post",
        "/api/v1/exhibitors/{a}/profile/send-back/",
        api_expect(401, 403, 403, 404, 200, 403, 403),
        {"version": "{submitted_version}", "comment": "Fix"},
    ),
]


@pytest.fixture
def scene(exhibitor_a, exhibitor_b, exhibitor_user_a, exhibitor_user_b, plain_user, office_user, key_client):
    profile_a = publish_directly(complete_profile(exhibitor_a))
    complete_profile(exhibitor_b)
    member = ExhibitorMembershipFactory(exhibitor=exhibitor_a, user=UserFactory(username="a-colleague"))
    image = GalleryImage.objects.create(profile=profile_a, image="gallery/a.jpg", thumbnail="gallery/thumbs/a.jpg")
    return {
        "a": exhibitor_a.pk,
        "a_slug": exhibitor_a.slug,
        "b_slug": exhibitor_b.slug,
        "member": member.pk,
        "image": image.pk,
        "profile": profile_a,
        "users": {"plain": plain_user, "user_a": exhibitor_user_a, "user_b": exhibitor_user_b, "office": office_user},
        "key_client": key_client,
    }


def _fill(case: Case, scene: dict, profile: BoothProfile) -> tuple[str, dict | None]:
    values = {**{k: v for k, v in scene.items() if not isinstance(v, dict | BoothProfile)}, "version": profile.version}
    values["submitted_version"] = profile.version
    path = case.path.format(**values)
    if case.data is None:
        return path, None
    data = {}
    for key, value in case.data.items():
        if value == "PNG":
            data[key] = upload("p.png", image_bytes())
        else:
            data[key] = value.format(**values) if isinstance(value, str) else value
    return path, data


def _snapshot(profile: BoothProfile) -> tuple:
    profile.refresh_from_db()
    return (
        profile.version,
        profile.status,
        profile.tagline,
        profile.company_name,
        profile.logo.name,
        profile.gallery.count(),
        profile.published,
        ExhibitorMembership.objects.filter(exhibitor=profile.exhibitor).count(),
    )


def _prepare(case: Case, profile: BoothProfile, actor) -> None:
    if case.name in {"exhibitor-profile-review", "exhibitor-publish", "exhibitor-send-back"} and case.method == "post":
        BoothProfile.objects.filter(pk=profile.pk).update(status="submitted", tagline="Ready for review")
    if case.name in {"exhibitor-profile-submit", "exhibitor-submit"}:
        BoothProfile.objects.filter(pk=profile.pk).update(tagline="Something new")
    profile.refresh_from_db()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda c: f"{c.method}-{c.path}")
def test_page_permissions(client, scene, role, case):
    if role != "anonymous":
        client.force_login(scene["users"][role])
    profile = scene["profile"]
    _prepare(case, profile, role)
    before = _snapshot(profile)
    path, data = _fill(case, scene, profile)
    response = getattr(client, case.method)(path, data or {})
    assert response.status_code == case.expected[role], (role, case.path, response.status_code)
    if response.status_code in (302, 403, 404, 410) and case.method == "post" and case.expected[role] != 302:
        assert _snapshot(profile) == before  # refused writes change nothing
    if role == "anonymous" and case.expected[role] == LOGIN:
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", API_ROLES)
@pytest.mark.parametrize("case", API_CASES, ids=lambda c: f"{c.method}-{c.path}")
def test_api_permissions(scene, role, case):
    if role == "key_read":
        client = scene["key_client"]("exhibitors:read")
    elif role == "key_other":
        client = scene["key_client"]("contacts:read")
    else:
        client = APIClient()
        if role != "anonymous":
            client.force_authenticate(scene["users"][role])
    profile = scene["profile"]
    _prepare(case, profile, role)
    before = _snapshot(profile)
    path, data = _fill(case, scene, profile)
    kwargs = {"format": "multipart" if case.name == "exhibitor-logo" and case.method == "post" else "json"}
    response = (
        getattr(client, case.method)(path, data, **kwargs) if data is not None else getattr(client, case.method)(path)
    )
    assert response.status_code == case.expected[role], (role, case.path, response.status_code, response.content[:300])
    if case.expected[role] >= 400 and case.method != "get":
        assert _snapshot(profile) == before


def test_exhibitor_b_cannot_see_a_in_lists(scene):
    client = APIClient()
    client.force_authenticate(scene["users"]["user_b"])
    ids = [row["id"] for row in client.get("/api/v1/exhibitors/").json()["results"]]
    assert scene["a"] not in ids


# URL names of this part: pages in exhibitors.views.home / .profile / .team and the exhibitor API.
OWN_VIEW_MODULES = {"exhibitors.views.home", "exhibitors.views.profile", "exhibitors.views.team"}
OWN_API_NAMES = {
    "exhibitor-list",
    "exhibitor-detail",
    "exhibitor-profile",
    "exhibitor-logo",
    "exhibitor-submit",
    "exhibitor-publish",
    "exhibitor-send-back",
}


def _all_patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLPattern):
            yield entry
        else:
            yield from _all_patterns(entry)


def test_every_url_of_this_part_is_in_the_matrix():
    names_in_matrix = {case.name for case in PAGE_CASES} | {case.name for case in API_CASES}
    own = set()
    for pattern in _all_patterns(get_resolver()):
        callback = pattern.callback
        module = getattr(callback, "__module__", "")
        if module in OWN_VIEW_MODULES and pattern.name:
            own.add(pattern.name)
        if getattr(callback, "cls", None) is not None and callback.cls.__name__ == "ExhibitorViewSet" and pattern.name:
            own.add(pattern.name)
    assert own, "no URL of this part found"
    assert own - names_in_matrix == set()
    assert own >= OWN_API_NAMES
