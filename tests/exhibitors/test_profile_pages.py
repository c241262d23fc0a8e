"""Booth-profile pages: editing, stale saves, logo and gallery, submit, the office's review."""

from __future__ import annotations

import pytest

from exhibitors import services
from exhibitors.models import BoothProfile
from tests.factories import ExhibitorFactory
from tests.factories.profiles import complete_profile, image_bytes, publish_directly, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def edit_url(exhibitor, suffix: str = "") -> str:
    return f"/exhibitors/{exhibitor.pk}/profile/{suffix}"


def form_data(**overrides):
    data = {
        "version": 1,
        "company_name": "Care Tech",
        "tagline": "Care at home",
        "category": "smart_care",
        "description": "<p>We connect <em>care homes</em>.</p>",
        "website": "https://care.example",
        "languages": ["en", "ko"],
        "contact_name": "Kim",
        "contact_email": "kim@care.example",
        "solution-name": ["CareHub", "Fall alert", ""],
        "solution-line": ["One hub for sensors", "", ""],
        "patent-jurisdiction": ["TW", ""],
        "patent-number": ["I123456", ""],
        "patent-title": ["Bed sensor", ""],
    }
    data.update(overrides)
    return data


@pytest.fixture
def signed_in_a(client, exhibitor_user_a):
    client.force_login(exhibitor_user_a)
    return client


def test_edit_page_shows_form_meter_and_status(signed_in_a, exhibitor_a):
    response = signed_in_a.get(edit_url(exhibitor_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="company_name"' in body and 'value="Care Tech"' in body
    assert "Profile 20% complete" in body
    assert ">Draft<" in body
    assert BoothProfile.objects.filter(exhibitor=exhibitor_a).count() == 1  # created on first visit


def test_edit_page_save_stores_rows_and_languages(signed_in_a, exhibitor_a):
    response = signed_in_a.post(edit_url(exhibitor_a), form_data())
    assert response.status_code == 302
    profile = BoothProfile.objects.get(exhibitor=exhibitor_a)
    assert profile.solutions == [
        {"name": "CareHub", "line": "One hub for sensors"},
        {"name": "Fall alert", "line": ""},
    ]
    assert profile.patents == [{"jurisdiction": "TW", "number": "I123456", "title": "Bed sensor"}]
    assert profile.languages == ["en", "ko"]
    assert profile.version == 2


def test_edit_page_invalid_input_shows_errors_and_keeps_typing(signed_in_a, exhibitor_a):
    signed_in_a.get(edit_url(exhibitor_a))
    response = signed_in_a.post(
        edit_url(exhibitor_a),
        form_data(
            website="javascript:alert(1)", **{"solution-name": ["", "Orphan"], "solution-line": ["only a line", ""]}
        ),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a web address starting with https:// or http://." in body
    assert "Row 1 needs a name." in body
    assert 'value="only a line"' in body
    assert BoothProfile.objects.get(exhibitor=exhibitor_a).version == 1


def test_edit_page_stale_save_answers_409_with_what_changed(signed_in_a, client, exhibitor_a, exhibitor_user_a):
    signed_in_a.get(edit_url(exhibitor_a))
    profile = BoothProfile.objects.get(exhibitor=exhibitor_a)
    services.profile_update(profile=profile, actor=exhibitor_user_a, version=1, tagline="Saved by a colleague")
    response = signed_in_a.post(edit_url(exhibitor_a), form_data(tagline="My tagline"))
    assert response.status_code == 409
    body = response.content.decode()
    assert "Your changes are not saved yet" in body
    assert "Saved by a colleague" in body  # what the other person saved
    assert 'value="My tagline"' in body  # what I typed is kept
    assert 'name="version" value="2"' in body  # the next save is deliberate
    assert BoothProfile.objects.get(exhibitor=exhibitor_a).tagline == "Saved by a colleague"
    # Saving again, deliberately, replaces it.
    assert signed_in_a.post(edit_url(exhibitor_a), form_data(version=2, tagline="My tagline")).status_code == 302
    assert BoothProfile.objects.get(exhibitor=exhibitor_a).tagline == "My tagline"


def test_logo_and_gallery_upload_and_remove(signed_in_a, exhibitor_a):
    signed_in_a.get(edit_url(exhibitor_a))
    assert (
        signed_in_a.post(
            edit_url(exhibitor_a, "logo/"), {"version": 1, "logo": upload("l.png", image_bytes())}
        ).status_code
        == 302
    )
    response = signed_in_a.post(
        edit_url(exhibitor_a, "gallery/"),
        {"version": 2, "image": upload("g.jpg", image_bytes("JPEG")), "caption": "Booth"},
    )
    assert response.status_code == 302
    profile = BoothProfile.objects.get(exhibitor=exhibitor_a)
    image = profile.gallery.get()
    assert image.caption == "Booth"
    page = signed_in_a.get(edit_url(exhibitor_a)).content.decode()
    assert profile.logo_thumbnail.url in page
    confirm = signed_in_a.get(edit_url(exhibitor_a, f"gallery/{image.pk}/remove/"))
    assert "Remove this image from the gallery?" in confirm.content.decode()
    assert signed_in_a.post(edit_url(exhibitor_a, f"gallery/{image.pk}/remove/"), {"version": 3}).status_code == 302
    assert profile.gallery.count() == 0
    assert signed_in_a.post(edit_url(exhibitor_a, "logo/"), {"version": 4, "remove": "1"}).status_code == 302
    assert not BoothProfile.objects.get(exhibitor=exhibitor_a).logo


def test_submit_page_action_and_waiting_state(signed_in_a, exhibitor_a):
    complete_profile(exhibitor_a)
    response = signed_in_a.post(edit_url(exhibitor_a, "submit/"), {"version": 1}, follow=True)
    body = response.content.decode()
    assert "Submitted. The office will review your profile" in body
    assert "Waiting for review" in body
    again = signed_in_a.post(edit_url(exhibitor_a, "submit/"), {"version": 1}, follow=True)
    assert "already waiting for review" in again.content.decode()


def test_review_page_shows_readable_diff_against_published(client, office_user, exhibitor_a, exhibitor_user_a):
    profile = publish_directly(complete_profile(exhibitor_a, tagline="Sorting waste where it falls"))
    services.profile_update(
        profile=profile, actor=exhibitor_user_a, version=profile.version, tagline="Sorting waste at the source"
    )
    services.profile_submit(profile=profile, actor=exhibitor_user_a)
    client.force_login(office_user)
    body = client.get(edit_url(exhibitor_a, "review/")).content.decode()
    assert "Changes against the published version" in body
    assert "Sorting waste <del>where it falls</del> <ins>at the source</ins>" in body
    assert "Publish" in body and "Send back with comment" in body


def test_review_publish_from_page(client, office_user, exhibitor_a, exhibitor_user_a):
    profile = complete_profile(exhibitor_a)
    services.profile_submit(profile=profile, actor=exhibitor_user_a)
    client.force_login(office_user)
    response = client.post(edit_url(exhibitor_a, "review/"), {"version": 1, "action": "publish"}, follow=True)
    assert "Published. The exhibitor&#x27;s team was told by e-mail." in response.content.decode()
    assert BoothProfile.objects.get(pk=profile.pk).published["company_name"] == "Care Tech"


def test_review_send_back_without_comment_is_refused(client, office_user, exhibitor_a, exhibitor_user_a):
    profile = complete_profile(exhibitor_a)
    services.profile_submit(profile=profile, actor=exhibitor_user_a)
    client.force_login(office_user)
    response = client.post(edit_url(exhibitor_a, "review/"), {"version": 1, "action": "send_back", "comment": ""})
    assert response.status_code == 400
    assert "Tell the exhibitor what to change." in response.content.decode()
    assert BoothProfile.objects.get(pk=profile.pk).status == "submitted"


def test_review_of_changed_version_is_refused_with_message(client, office_user, exhibitor_a, exhibitor_user_a):
    profile = complete_profile(exhibitor_a)
    services.profile_submit(profile=profile, actor=exhibitor_user_a)
    services.profile_update(profile=profile, actor=exhibitor_user_a, version=1, tagline="Late change")
    client.force_login(office_user)
    response = client.post(edit_url(exhibitor_a, "review/"), {"version": 1, "action": "publish"}, follow=True)
    assert "changed the profile while you were reviewing it" in response.content.decode()
    assert BoothProfile.objects.get(pk=profile.pk).published is None


def test_sent_back_comment_is_shown_to_exhibitor(signed_in_a, office_user, exhibitor_a, exhibitor_user_a):
    profile = complete_profile(exhibitor_a)
    services.profile_submit(profile=profile, actor=exhibitor_user_a)
    services.profile_send_back(profile=profile, actor=office_user, version=1, comment="Add a gallery photo.")
    body = signed_in_a.get(edit_url(exhibitor_a)).content.decode()
    assert "The office asks for changes" in body and "Add a gallery photo." in body


def test_history_page_lists_versions_with_people(signed_in_a, exhibitor_a, exhibitor_user_a):
    profile = complete_profile(exhibitor_a)
    services.profile_update(profile=profile, actor=exhibitor_user_a, version=1, tagline="Second")
    body = signed_in_a.get(edit_url(exhibitor_a, "history/")).content.decode()
    assert "Edited" in body and "exhibitor-a" in body and "Tagline" in body


def test_preview_shows_working_copy_not_public(signed_in_a, exhibitor_a):
    complete_profile(exhibitor_a, tagline="Only a draft")
    response = signed_in_a.get(edit_url(exhibitor_a, "preview/"))
    assert "Only a draft" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"


def test_office_list_shows_all_exhibitors_without_n_plus_1(
    client, office_user, exhibitor_a, django_assert_max_num_queries
):
    client.force_login(office_user)
    complete_profile(exhibitor_a)
    with django_assert_max_num_queries(12) as one:
        assert client.get("/exhibitor/").status_code == 200
    for n in range(3):
        complete_profile(ExhibitorFactory(pavilion=exhibitor_a.pavilion, name=f"Extra {n}"))
    with django_assert_max_num_queries(len(one.captured_queries)):
        body = client.get("/exhibitor/").content.decode()
    assert body.count("/profile/review/") == 4


def test_history_page_query_count_does_not_grow(
    signed_in_a, exhibitor_a, exhibitor_user_a, django_assert_max_num_queries
):
    profile = complete_profile(exhibitor_a)
    services.profile_update(profile=profile, actor=exhibitor_user_a, version=1, tagline="one")
    with django_assert_max_num_queries(20) as few:
        signed_in_a.get(edit_url(exhibitor_a, "history/"))
    for n in range(2, 6):
        services.profile_update(profile=profile, actor=exhibitor_user_a, version=n, tagline=f"v{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        signed_in_a.get(edit_url(exhibitor_a, "history/"))


def test_plain_user_home_says_no_access(client, plain_user):
    client.force_login(plain_user)
    response = client.get("/exhibitor/")
    assert response.status_code == 403
    assert "No access yet" in response.content.decode()


def test_edit_page_in_traditional_chinese_marks_strings(signed_in_a, exhibitor_a):
    response = signed_in_a.get(edit_url(exhibitor_a), HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert response.status_code == 200
    assert '<html lang="zh-hant">' in response.content.decode()


def test_changes_page_compares_two_versions(signed_in_a, exhibitor_a, exhibitor_user_a):
    profile = complete_profile(exhibitor_a, tagline="Smart bins")
    services.profile_update(profile=profile, actor=exhibitor_user_a, version=1, tagline="Smart recycling bins")
    services.profile_update(profile=profile, actor=exhibitor_user_a, version=2, website="https://bins.example")
    body = signed_in_a.get(edit_url(exhibitor_a, "changes/?from=1&to=2")).content.decode()
    assert "Changes from version 1 to version 2" in body
    assert "Smart <ins>recycling</ins> bins" in body
    assert "bins.example" not in body
    body = signed_in_a.get(edit_url(exhibitor_a, "changes/?from=1")).content.decode()
    assert "Changes from version 1 to version 3" in body
    assert "<ins>https://bins.example</ins>" in body


@pytest.mark.parametrize("query", ["", "?from=x", "?from=99", "?from=1&to=abc"])
def test_changes_page_without_known_versions_is_404(signed_in_a, exhibitor_a, query):
    complete_profile(exhibitor_a)
    assert signed_in_a.get(edit_url(exhibitor_a, f"changes/{query}")).status_code == 404


def test_history_links_each_edit_to_its_changes(signed_in_a, exhibitor_a, exhibitor_user_a):
    profile = complete_profile(exhibitor_a)
    services.profile_update(profile=profile, actor=exhibitor_user_a, version=1, tagline="Second")
    body = signed_in_a.get(edit_url(exhibitor_a, "history/")).content.decode()
    assert f"/exhibitors/{exhibitor_a.pk}/profile/changes/?from=1&amp;to=2" in body


def test_conflict_links_to_changes_since_opened(signed_in_a, exhibitor_a, exhibitor_user_a):
    signed_in_a.get(edit_url(exhibitor_a))
    profile = BoothProfile.objects.get(exhibitor=exhibitor_a)
    services.profile_update(profile=profile, actor=exhibitor_user_a, version=1, tagline="Colleague")
    body = signed_in_a.post(edit_url(exhibitor_a), form_data(tagline="Mine")).content.decode()
    assert f"/exhibitors/{exhibitor_a.pk}/profile/changes/?from=1" in body
