"""The printable pavilion brochure: published snapshots only, labels in both languages, A4 print CSS."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from exhibitors.models import BoothProfile
from exhibitors.services import profile_snapshot
from tests.factories import BoothProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def published(exhibitor, **fields) -> BoothProfile:
    profile = BoothProfileFactory(exhibitor=exhibitor, **fields)
    profile.published = profile_snapshot(profile)
    profile.status = BoothProfile.Status.PUBLISHED
    profile.save()
    return profile


def test_brochure_shows_published_version_not_the_draft(client, office_user, exhibitor_a, exhibitor_b):
    profile = published(
        exhibitor_a,
        company_name="Care Tech Ltd",
        tagline="Published tagline",
        description="<p>Published description 智慧照護</p>",
        solutions=[{"name": "CareHub", "line": "Sensors for independent living"}],
        patents=[{"jurisdiction": "TW", "number": "I712345", "title": "Fall detection"}],
        website="https://care.example.org",
        languages=["en", "zh-hant"],
    )
    profile.tagline = "Draft tagline nobody approved"
    profile.description = "<p>Draft description</p>"
    profile.status = BoothProfile.Status.DRAFT
    profile.save()
    BoothProfileFactory(exhibitor=exhibitor_b, company_name="Bin Works Draft Only", tagline="Never published")
    client.force_login(office_user)

    response = client.get(reverse("pavilion-brochure"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Published tagline" in content
    assert "Published description 智慧照護" in content
    assert "CareHub" in content
    assert "TW I712345" in content
    assert "中文（繁體）" in content
    assert "Draft tagline" not in content
    assert "Draft description" not in content
    assert "Bin Works Draft Only" not in content
    assert "Never published" not in content
    assert content.count('class="brochure-entry"') == 1


def test_brochure_sanitises_published_html_again(client, office_user, exhibitor_a):
    profile = published(exhibitor_a)
    profile.published = {
        **profile.published,
        "description": '<p>Hi<script>alert(1)</script><a href="javascript:x">l</a></p>',
    }
    profile.save()
    client.force_login(office_user)
    content = client.get(reverse("pavilion-brochure")).content.decode()
    assert "<script>alert(1)" not in content
    assert "javascript:x" not in content


def test_brochure_labels_in_english_and_traditional_chinese(client, office_user, exhibitor_a):
    published(exhibitor_a, solutions=[{"name": "CareHub", "line": ""}])
    client.force_login(office_user)
    content = client.get(reverse("pavilion-brochure")).content.decode()
    assert '<span lang="en">Solutions</span> · <span lang="zh-Hant">解決方案</span>' in content
    assert '<span lang="en">Smart care</span> / <span lang="zh-Hant">智慧照護</span>' in content


def test_brochure_empty_state(client, office_user, exhibitor_a):
    client.force_login(office_user)
    content = client.get(reverse("pavilion-brochure")).content.decode()
    assert "No profile has been published yet." in content


def test_brochure_print_stylesheet_is_a4_one_exhibitor_per_page():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "brochure.css").read_text()
    assert "@page { size: A4;" in css
    assert ".brochure-entry { break-before: page; page-break-before: always; }" in css


@pytest.mark.parametrize("count", [1, 3])
def test_brochure_query_count_is_flat(client, office_user, exhibitor_a, django_assert_num_queries, count):
    from tests.factories import ExhibitorFactory

    for _ in range(count):
        published(ExhibitorFactory(pavilion=exhibitor_a.pavilion))
    client.force_login(office_user)
    client.get(reverse("pavilion-brochure"))
    with django_assert_num_queries(6):
        response = client.get(reverse("pavilion-brochure"))
    assert response.content.decode().count('class="brochure-entry"') == count
