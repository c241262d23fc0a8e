"""``/api/v1/exhibitors/{id}/profile/``: GET, PATCH with optimistic locking, logo, submit, review."""

from __future__ import annotations

import pytest
from django.core import mail
from rest_framework.test import APIClient

from exhibitors.models import BoothProfile, GalleryImage
from tests.factories import BoothProfileFactory, ExhibitorFactory
from tests.factories.profiles import complete_profile, image_bytes, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def profile(exhibitor_a):
    return complete_profile(exhibitor_a)


@pytest.fixture
def api_a(exhibitor_user_a) -> APIClient:
    client = APIClient()
    client.force_authenticate(exhibitor_user_a)
    return client


def url(exhibitor, suffix: str = "") -> str:
    return f"/api/v1/exhibitors/{exhibitor.pk}/profile/{suffix}"


def test_profile_get_returns_contract_fields_and_etag(api_a, exhibitor_a, profile):
    response = api_a.get(url(exhibitor_a))
    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    body = response.json()
    for field in (
        "exhibitor",
        "status",
        "company_name",
        "tagline",
        "category",
        "description",
        "solutions",
        "patents",
        "website",
        "logo",
        "version",
        "updated_at",
    ):
        assert field in body
    assert body["exhibitor"] == exhibitor_a.pk
    assert body["category"] == "smart_care"
    assert body["logo"] is None
    assert body["completeness"] == {"percent": 80, "missing": ["logo", "gallery"]}


def test_profile_patch_with_version_field_saves_and_bumps(api_a, exhibitor_a, profile):
    response = api_a.patch(url(exhibitor_a), {"version": 1, "tagline": "Care, connected"}, format="json")
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response.json()["tagline"] == "Care, connected"
    assert response["ETag"] == '"2"'


def test_profile_patch_with_if_match_header_saves(api_a, exhibitor_a, profile):
    response = api_a.patch(url(exhibitor_a), {"tagline": "Via header"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200
    assert response.json()["version"] == 2


def test_profile_patch_stale_version_answers_409_and_changes_nothing(api_a, exhibitor_a, profile):
    assert api_a.patch(url(exhibitor_a), {"version": 1, "tagline": "First"}, format="json").status_code == 200
    response = api_a.patch(url(exhibitor_a), {"version": 1, "tagline": "Second"}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert body["current_version"] == 2
    assert body["conflicts"] == [{"type": "profile_version", "field": "tagline"}]
    assert BoothProfile.objects.get(pk=profile.pk).tagline == "First"


def test_profile_patch_without_version_is_400(api_a, exhibitor_a, profile):
    response = api_a.patch(url(exhibitor_a), {"tagline": "No version"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["version"]
    assert BoothProfile.objects.get(pk=profile.pk).tagline == "Sorting waste where it falls"


def test_profile_patch_ignores_read_only_fields_sent_back(api_a, exhibitor_a, profile):
    body = api_a.get(url(exhibitor_a)).json()
    body.update({"tagline": "Round trip", "status": "published", "version": 1})
    response = api_a.patch(url(exhibitor_a), body, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "draft"
    assert response.json()["tagline"] == "Round trip"


def test_profile_patch_unknown_field_is_400(api_a, exhibitor_a, profile):
    response = api_a.patch(url(exhibitor_a), {"version": 1, "secret_flag": True}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"secret_flag": ["This field cannot be changed here."]}


def test_profile_patch_non_object_body_is_400(api_a, exhibitor_a, profile):
    response = api_a.patch(url(exhibitor_a), [1, 2], format="json")
    assert response.status_code == 400


def test_profile_patch_bad_version_is_400(api_a, exhibitor_a, profile):
    response = api_a.patch(url(exhibitor_a), {"tagline": "x"}, format="json", HTTP_IF_MATCH='"abc"')
    assert response.status_code == 400
    assert response.json()["fields"] == {"version": ["The version must be a whole number."]}


def test_profile_logo_upload_returns_urls(api_a, exhibitor_a, profile):
    response = api_a.post(url(exhibitor_a, "logo/"), {"logo": upload("l.png", image_bytes())}, format="multipart")
    assert response.status_code == 200
    body = response.json()
    assert body["logo"].startswith("http://testserver/media/logos/")
    assert body["logo_thumbnail"].startswith("http://testserver/media/logos/thumbs/")
    assert body["version"] == 2


def test_profile_logo_upload_with_stale_version_is_409(api_a, exhibitor_a, profile):
    api_a.patch(url(exhibitor_a), {"version": 1, "tagline": "x"}, format="json")
    response = api_a.post(
        url(exhibitor_a, "logo/"), {"logo": upload("l.png", image_bytes()), "version": 1}, format="multipart"
    )
    assert response.status_code == 409
    assert not BoothProfile.objects.get(pk=profile.pk).logo


def test_profile_logo_missing_file_is_400(api_a, exhibitor_a, profile):
    response = api_a.post(url(exhibitor_a, "logo/"), {}, format="multipart")
    assert response.status_code == 400
    assert "logo" in response.json()["fields"]


def test_profile_logo_delete_removes_it(api_a, exhibitor_a, profile):
    api_a.post(url(exhibitor_a, "logo/"), {"logo": upload("l.png", image_bytes())}, format="multipart")
    response = api_a.delete(url(exhibitor_a, "logo/"))
    assert response.status_code == 200
    assert response.json()["logo"] is None


def test_profile_submit_then_office_publishes(api_a, office_client, exhibitor_a, profile):
    response = api_a.post(url(exhibitor_a, "submit/"), {"version": 1}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    assert api_a.post(url(exhibitor_a, "submit/"), {}, format="json").status_code == 400
    assert api_a.post(url(exhibitor_a, "publish/"), {"version": 1}, format="json").status_code == 403
    response = office_client.post(url(exhibitor_a, "publish/"), {"version": 1}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "published"
    assert response.json()["published_at"] is not None


def test_profile_send_back_over_api(api_a, office_client, exhibitor_a, profile):
    api_a.post(url(exhibitor_a, "submit/"), {}, format="json")
    response = office_client.post(
        url(exhibitor_a, "send-back/"), {"version": 1, "comment": "Logo please"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["review_comment"]) == ("draft", "Logo please")


def test_profile_publish_without_version_is_400(api_a, office_client, exhibitor_a, profile):
    api_a.post(url(exhibitor_a, "submit/"), {}, format="json")
    assert office_client.post(url(exhibitor_a, "publish/"), {}, format="json").status_code == 400


def test_profile_get_missing_profile_is_404(api_a, exhibitor_a):
    assert api_a.get(url(exhibitor_a)).status_code == 404


def test_profile_patch_creates_missing_profile(api_a, exhibitor_a):
    response = api_a.patch(url(exhibitor_a), {"version": 1, "tagline": "Hello"}, format="json")
    assert response.status_code == 200
    assert response.json()["company_name"] == "Care Tech"


def test_exhibitor_list_shows_only_own_exhibitors(api_a, exhibitor_a, exhibitor_b):
    response = api_a.get("/api/v1/exhibitors/")
    assert [row["id"] for row in response.json()["results"]] == [exhibitor_a.pk]


def test_exhibitor_list_query_count_does_not_grow(office_client, exhibitor_a, django_assert_max_num_queries):
    BoothProfileFactory(exhibitor=exhibitor_a)
    with django_assert_max_num_queries(4) as one:
        assert len(office_client.get("/api/v1/exhibitors/").json()["results"]) == 1
    for _ in range(3):
        BoothProfileFactory(exhibitor=ExhibitorFactory(pavilion=exhibitor_a.pavilion))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(office_client.get("/api/v1/exhibitors/").json()["results"]) == 4


def test_profile_get_query_count_independent_of_gallery_size(
    api_a, exhibitor_a, profile, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12) as before:
        api_a.get(url(exhibitor_a))
    for n in range(3):
        GalleryImage.objects.create(profile=profile, image=f"gallery/{n}.jpg", thumbnail=f"gallery/thumbs/{n}.jpg")
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert len(api_a.get(url(exhibitor_a)).json()["gallery"]) == 3


def test_profile_submit_mails_office(api_a, exhibitor_a, profile, office_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        api_a.post(url(exhibitor_a, "submit/"), {}, format="json")
    assert len(mail.outbox) == 1
    assert f"/exhibitors/{exhibitor_a.pk}/profile/review/" in mail.outbox[0].body


def test_schema_documents_profile_endpoints(office_client):
    response = office_client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"get", "patch"} <= set(paths["/api/v1/exhibitors/{id}/profile/"])
    assert "post" in paths["/api/v1/exhibitors/{id}/profile/logo/"]
    assert "post" in paths["/api/v1/exhibitors/{id}/profile/submit/"]
