"""Finding Low: draft images are not public by URL; published ones stay public."""

from __future__ import annotations

import io

import pytest

from exhibitors.services import profiles as profile_services
from tests.factories import BoothProfileFactory
from tests.factories.profiles import image_bytes, media_root, publish_directly  # noqa: F401 - media_root: a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def draft_logo(exhibitor_a, exhibitor_user_a):
    profile = BoothProfileFactory(exhibitor=exhibitor_a, company_name="Care Tech")
    profile = profile_services.profile_set_logo(
        profile=profile, actor=exhibitor_user_a, upload=io.BytesIO(image_bytes("JPEG"))
    )
    return profile


def media_url(name: str) -> str:
    return "/media/" + name


def status(client, name: str) -> int:
    response = client.get(media_url(name))
    if response.streaming:
        b"".join(response.streaming_content)  # read to the end: the served file is then closed
    return response.status_code


def test_low_draft_logo_is_404_for_anonymous_and_other_exhibitors(client, draft_logo, exhibitor_user_b):
    for name in (draft_logo.logo.name, draft_logo.logo_thumbnail.name):
        assert status(client, name) == 404
    client.force_login(exhibitor_user_b)
    assert status(client, draft_logo.logo.name) == 404


def test_low_draft_logo_is_served_to_its_exhibitor_and_the_office(client, draft_logo, exhibitor_user_a, office_user):
    for user in (exhibitor_user_a, office_user):
        client.force_login(user)
        response = client.get(media_url(draft_logo.logo.name))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


def test_low_published_logo_stays_public(client, draft_logo):
    publish_directly(draft_logo)
    response = client.get(media_url(draft_logo.logo.name))
    assert b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")
    assert status(client, draft_logo.logo_thumbnail.name) == 200


def test_low_published_logo_replaced_by_a_draft_keeps_the_old_one_public_only(client, draft_logo, exhibitor_user_a):
    publish_directly(draft_logo)
    old = draft_logo.logo.name
    profile = profile_services.profile_set_logo(
        profile=draft_logo, actor=exhibitor_user_a, upload=io.BytesIO(image_bytes("PNG"))
    )
    assert status(client, old) == 200
    assert status(client, profile.logo.name) == 404


def test_low_draft_gallery_photo_is_404_for_anonymous(client, draft_logo, exhibitor_user_a):
    profile_services.gallery_image_add(
        profile=draft_logo, actor=exhibitor_user_a, upload=io.BytesIO(image_bytes("JPEG")), caption="Booth"
    )
    photo = draft_logo.gallery.get()
    assert status(client, photo.image.name) == 404
    assert status(client, photo.thumbnail.name) == 404
    client.force_login(exhibitor_user_a)
    assert status(client, photo.image.name) == 200


@pytest.mark.parametrize("path", ["../secret_key", "logos/../../secret_key", "nothing-here.png", ""])
def test_low_unknown_or_escaping_media_paths_are_404(client, office_user, path):
    client.force_login(office_user)
    assert status(client, path) == 404
