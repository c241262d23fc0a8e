"""Booth-profile services: editing with optimistic locking, submit → publish / send back, history."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from common.errors import Conflict
from exhibitors import selectors, services
from exhibitors.completeness import profile_completeness
from exhibitors.diff import profile_diff, word_diff
from exhibitors.models import BoothProfile
from exhibitors.sanitize import sanitize_rich_text
from tests.factories import BoothProfileFactory, UserFactory
from tests.factories.profiles import complete_profile, image_bytes, publish_directly, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def profile(exhibitor_a):
    return BoothProfileFactory(exhibitor=exhibitor_a, company_name="Care Tech")


def test_profile_update_bumps_version_and_sanitises(profile, exhibitor_user_a):
    services.profile_update(
        profile=profile,
        actor=exhibitor_user_a,
        version=1,
        tagline="  Care   at home  ",
        description='<p onclick="x()">Hi <b>there</b><script>alert(1)</script></p>',
        solutions=[{"name": "CareHub", "line": "Sensors"}, {"name": "", "line": ""}],
    )
    profile.refresh_from_db()
    assert profile.version == 2
    assert profile.tagline == "Care at home"
    assert profile.description == "<p>Hi <strong>there</strong></p>"
    assert profile.solutions == [{"name": "CareHub", "line": "Sensors"}]


def test_profile_update_stale_version_raises_conflict_and_changes_nothing(profile, exhibitor_user_a):
    services.profile_update(profile=profile, actor=exhibitor_user_a, version=1, tagline="First")
    stale = BoothProfile.objects.get(pk=profile.pk)
    stale.version = 1  # what a second editor loaded before the first save
    with pytest.raises(services.ProfileVersionConflict) as caught:
        services.profile_update(profile=stale, actor=exhibitor_user_a, version=1, tagline="Second")
    assert caught.value.changed_fields == ["tagline"]
    assert isinstance(caught.value, Conflict)
    profile.refresh_from_db()
    assert (profile.tagline, profile.version) == ("First", 2)


def test_profile_update_without_change_keeps_version(profile, exhibitor_user_a):
    services.profile_update(profile=profile, actor=exhibitor_user_a, version=1, company_name="Care Tech")
    profile.refresh_from_db()
    assert profile.version == 1


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"company_name": "  "}, "company_name"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"website": "ftp://example.org"}, "website"),
        ({"contact_email": "not-an-address"}, "contact_email"),
        ({"languages": ["en", "xx"]}, "languages"),
        ({"category": "weapons"}, "category"),
        ({"solutions": [{"line": "no name"}]}, "solutions"),
        ({"solutions": "CareHub"}, "solutions"),
        ({"solutions": [{"name": "x" * 101}]}, "solutions"),
        ({"patents": [{"number": "1", "colour": "red"}]}, "patents"),
        ({"solutions": [{"name": f"S{i}"} for i in range(21)]}, "solutions"),
        ({"status": "published"}, "status"),
        ({"published": {"company_name": "hijack"}}, "published"),
    ],
)
def test_profile_update_bad_input_names_the_field_and_changes_nothing(profile, exhibitor_user_a, fields, error_field):
    with pytest.raises(ValidationError) as caught:
        services.profile_update(profile=profile, actor=exhibitor_user_a, version=1, **fields)
    assert error_field in caught.value.message_dict
    profile.refresh_from_db()
    assert profile.version == 1
    assert profile.published is None


def test_profile_submit_then_publish_snapshots_and_mails(exhibitor_a, exhibitor_user_a, office_user):
    profile = complete_profile(exhibitor_a)
    services.profile_submit(profile=profile, actor=exhibitor_user_a, version=1)
    assert profile.status == BoothProfile.Status.SUBMITTED
    mail.outbox.clear()
    services.profile_publish(profile=profile, actor=office_user, version=1)
    profile.refresh_from_db()
    assert profile.status == BoothProfile.Status.PUBLISHED
    assert profile.published["tagline"] == "Sorting waste where it falls"
    assert profile.published["category"] == "smart_care"
    assert profile.published_at is not None


def test_profile_publish_sends_mail_after_commit(
    exhibitor_a, exhibitor_user_a, office_user, django_capture_on_commit_callbacks
):
    profile = complete_profile(exhibitor_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.profile_submit(profile=profile, actor=exhibitor_user_a, version=1)
    assert [m.to for m in mail.outbox] == [[office_user.email]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.profile_publish(profile=profile, actor=office_user, version=1)
    assert [m.to for m in mail.outbox] == [[exhibitor_user_a.email]]
    assert "published" in mail.outbox[0].subject
    assert f"/pavilion/{exhibitor_a.slug}/" in mail.outbox[0].body


def test_profile_send_back_needs_comment_and_mails_it(
    exhibitor_a, exhibitor_user_a, office_user, django_capture_on_commit_callbacks
):
    profile = complete_profile(exhibitor_a)
    services.profile_submit(profile=profile, actor=exhibitor_user_a, version=1)
    with pytest.raises(ValidationError):
        services.profile_send_back(profile=profile, actor=office_user, version=1, comment="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.profile_send_back(profile=profile, actor=office_user, version=1, comment="Please add a logo.")
    profile.refresh_from_db()
    assert (profile.status, profile.review_comment) == (BoothProfile.Status.DRAFT, "Please add a logo.")
    assert "Please add a logo." in mail.outbox[-1].body
    assert mail.outbox[-1].to == [exhibitor_user_a.email]


def test_profile_publish_of_changed_version_is_refused(exhibitor_a, exhibitor_user_a, office_user):
    profile = complete_profile(exhibitor_a)
    services.profile_submit(profile=profile, actor=exhibitor_user_a, version=1)
    services.profile_update(profile=profile, actor=exhibitor_user_a, version=1, tagline="Changed during review")
    with pytest.raises(services.ProfileVersionConflict):
        services.profile_publish(profile=profile, actor=office_user, version=1)
    profile.refresh_from_db()
    assert profile.published is None


def test_profile_publish_requires_submission(exhibitor_a, office_user):
    profile = complete_profile(exhibitor_a)
    with pytest.raises(ValidationError):
        services.profile_publish(profile=profile, actor=office_user, version=1)


def test_profile_published_copy_stays_while_next_draft_is_edited(exhibitor_a, exhibitor_user_a):
    profile = publish_directly(complete_profile(exhibitor_a))
    services.profile_update(
        profile=profile, actor=exhibitor_user_a, version=profile.version, tagline="Next year's line"
    )
    profile.refresh_from_db()
    assert profile.status == BoothProfile.Status.DRAFT
    assert profile.tagline == "Next year's line"
    assert profile.published["tagline"] == "Sorting waste where it falls"
    assert services.profile_has_unpublished_changes(profile) is True


def test_profile_submit_without_changes_is_refused(exhibitor_a, exhibitor_user_a):
    profile = publish_directly(complete_profile(exhibitor_a))
    with pytest.raises(ValidationError):
        services.profile_submit(profile=profile, actor=exhibitor_user_a)


def test_profile_history_records_who_did_what(exhibitor_a, exhibitor_user_a, office_user):
    profile = complete_profile(exhibitor_a)
    services.profile_update(profile=profile, actor=exhibitor_user_a, version=1, tagline="New")
    services.profile_submit(profile=profile, actor=exhibitor_user_a, version=2)
    services.profile_publish(profile=profile, actor=office_user, version=2)
    rows = selectors.profile_history(profile)
    assert [(r["action"], r["user"]) for r in rows[:3]] == [
        ("profile.publish", office_user),
        ("profile.submit", exhibitor_user_a),
        ("profile.update", exhibitor_user_a),
    ]
    assert rows[2]["changed"] == ["tagline"]


def test_profile_set_logo_stores_reencoded_files(profile, exhibitor_user_a, media_root):
    services.profile_set_logo(
        profile=profile, actor=exhibitor_user_a, upload=upload("logo.png", image_bytes()), version=1
    )
    profile.refresh_from_db()
    assert profile.logo.name.startswith("logos/") and profile.logo.name.endswith(".jpg")
    assert profile.logo_thumbnail.name.startswith("logos/thumbs/")
    assert (media_root / profile.logo.name).exists()
    assert profile.version == 2


def test_gallery_image_add_limits_count(profile, exhibitor_user_a):
    for n in range(services.MAX_GALLERY_IMAGES):
        services.gallery_image_add(profile=profile, actor=exhibitor_user_a, upload=upload(f"{n}.png", image_bytes()))
    with pytest.raises(ValidationError):
        services.gallery_image_add(profile=profile, actor=exhibitor_user_a, upload=upload("x.png", image_bytes()))
    assert profile.gallery.count() == services.MAX_GALLERY_IMAGES


def test_completeness_lists_missing_items(exhibitor_a):
    empty = BoothProfileFactory(exhibitor=exhibitor_a, company_name="Care Tech", tagline="")
    result = profile_completeness(empty)
    assert result.missing_keys == [
        "tagline",
        "description",
        "solutions",
        "website",
        "languages",
        "contact",
        "logo",
        "gallery",
    ]
    assert result.percent == 20


def test_completeness_full_profile_without_images_is_80_percent(exhibitor_a):
    result = profile_completeness(complete_profile(exhibitor_a))
    assert (result.missing_keys, result.percent) == (["logo", "gallery"], 80)


def test_sanitize_keeps_only_allowed_markup():
    html = (
        '<h1>Title</h1><p style="color:red">A <a href="https://x.org" target="_blank">link</a> '
        '<img src=x onerror=alert(1)><em>em</em></p><ol><li>one</li></ol><iframe src="https://evil"></iframe>'
    )
    assert sanitize_rich_text(html) == (
        '<p>Title</p><p>A <a href="https://x.org" rel="noopener nofollow">link</a> <em>em</em></p><ol><li>one</li></ol>'
    )


def test_word_diff_marks_removed_and_added_words_escaped():
    assert word_diff("Smart <bins>", "Smart recycling") == "Smart <del>&lt;bins&gt;</del> <ins>recycling</ins>"


def test_profile_diff_against_nothing_published_marks_filled_fields(exhibitor_a):
    profile = complete_profile(exhibitor_a)
    rows = {row.key: row for row in profile_diff(None, services.profile_snapshot(profile))}
    assert rows["tagline"].changed is True
    assert rows["logo"].changed is False
    assert "<ins>BinSense — Fill-level sensors for any bin</ins>" in rows["solutions"].inline


def test_profile_get_or_create_names_profile_after_exhibitor(exhibitor_a):
    profile = services.profile_get_or_create(exhibitor=exhibitor_a)
    assert (profile.company_name, profile.status, profile.version) == ("Care Tech", "draft", 1)


def test_profile_update_by_other_user_is_recorded_as_that_user(profile):
    colleague = UserFactory(username="colleague")
    services.profile_update(profile=profile, actor=colleague, version=1, tagline="By colleague")
    assert selectors.profile_history(profile)[0]["user"] == colleague


def test_unpublished_changes_ignore_empty_values_missing_from_old_snapshots(exhibitor_a):
    profile = publish_directly(complete_profile(exhibitor_a))
    profile.published = {k: v for k, v in profile.published.items() if k not in {"gallery", "logo_thumbnail"}}
    profile.published["logo"] = None
    assert services.profile_has_unpublished_changes(profile) is False
    profile.tagline = "Changed"
    assert services.profile_has_unpublished_changes(profile) is True


def test_mail_server_failure_after_commit_delays_the_notice_and_keeps_the_publish(
    exhibitor_a, exhibitor_user_a, office_user, monkeypatch, django_capture_on_commit_callbacks
):
    import smtplib

    from django.core.mail.backends.locmem import EmailBackend

    from common import outbox
    from common.models import OutboxMessage

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("mail server went away")

    profile = complete_profile(exhibitor_a)
    services.profile_submit(profile=profile, actor=exhibitor_user_a, version=1)
    with monkeypatch.context() as patched:
        patched.setattr(EmailBackend, "send_messages", refuse)
        with django_capture_on_commit_callbacks(execute=True):
            services.profile_publish(profile=profile, actor=office_user, version=1)
    profile.refresh_from_db()
    assert profile.status == BoothProfile.Status.PUBLISHED
    # The notice is owed, not lost: the row records the failure and waits for the next attempt.
    owed = OutboxMessage.objects.get(kind="profile_published")
    assert owed.sent_at is None and owed.attempts == 1 and "went away" in owed.last_error
    assert mail.outbox == []
    OutboxMessage.objects.filter(pk=owed.pk).update(next_attempt_at=owed.created_at)
    outbox.sweep()
    owed.refresh_from_db()
    assert owed.sent_at is not None
    [notice] = [m for m in mail.outbox if m.extra_headers["X-Expo-Outbox"] == str(owed.pk)]
    assert notice.to == [exhibitor_user_a.email]
