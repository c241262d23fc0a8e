"""The public pavilion: only published copies, never drafts or leads; filters, sharing, languages."""

from __future__ import annotations

import pytest

from exhibitors import services
from tests.factories import ExhibitorFactory, LeadFactory
from tests.factories.profiles import complete_profile, publish_directly

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def published_a(exhibitor_a):
    return publish_directly(complete_profile(exhibitor_a, company_name="Care Tech Ltd", tagline="Care at home"))


def test_pavilion_lists_only_published_profiles(client, published_a, exhibitor_b):
    complete_profile(exhibitor_b, company_name="Bin Works Draft Name")
    body = client.get("/pavilion/").content.decode()
    assert "Care Tech Ltd" in body
    assert "Bin Works Draft Name" not in body


def test_public_page_shows_published_copy_not_the_newer_draft(client, published_a, exhibitor_a, exhibitor_user_a):
    services.profile_update(
        profile=published_a,
        actor=exhibitor_user_a,
        version=published_a.version,
        tagline="Secret draft tagline",
        description="<p>Unreleased product</p>",
    )
    for url in ("/pavilion/", f"/pavilion/{exhibitor_a.slug}/"):
        body = client.get(url).content.decode()
        assert "Care at home" in body
        assert "Secret draft tagline" not in body
        assert "Unreleased product" not in body


def test_public_page_of_unpublished_exhibitor_is_404(client, exhibitor_b):
    complete_profile(exhibitor_b)
    assert client.get(f"/pavilion/{exhibitor_b.slug}/").status_code == 404
    assert client.get("/pavilion/no-such-exhibitor/").status_code == 404


def test_public_pages_never_show_leads(client, published_a, exhibitor_a):
    LeadFactory(exhibitor=exhibitor_a, full_name="Visitor Confidential", email="vip@example.org")
    for url in ("/pavilion/", f"/pavilion/{exhibitor_a.slug}/"):
        body = client.get(url).content.decode()
        assert "Visitor Confidential" not in body and "vip@example.org" not in body


def test_public_page_of_hidden_pavilion_is_404(client, published_a, exhibitor_a):
    exhibitor_a.pavilion.is_public = False
    exhibitor_a.pavilion.save()
    assert client.get(f"/pavilion/{exhibitor_a.slug}/").status_code == 404
    assert "Care Tech Ltd" not in client.get("/pavilion/").content.decode()


def test_pavilion_filters_by_published_category(client, published_a, exhibitor_b):
    publish_directly(complete_profile(exhibitor_b, company_name="Bin Works"))
    exhibitor_b.category = "smart_care"  # a draft change of category is not public yet
    exhibitor_b.save()
    body = client.get("/pavilion/?category=waste_recycling").content.decode()
    assert "Bin Works" in body and "Care Tech Ltd" not in body
    body = client.get("/pavilion/?category=smart_care").content.decode()
    assert "Care Tech Ltd" in body and "Bin Works" not in body
    assert 'href="?category=waste_recycling"' in body


def test_pavilion_unknown_category_shows_all(client, published_a):
    assert "Care Tech Ltd" in client.get("/pavilion/?category=<script>").content.decode()


def test_pavilion_empty_state_says_what_happens_next(client):
    body = client.get("/pavilion/").content.decode()
    assert "will appear here once they are published" in body


def test_public_exhibitor_page_is_shareable(client, published_a, exhibitor_a):
    body = client.get(f"/pavilion/{exhibitor_a.slug}/").content.decode()
    assert '<meta property="og:title" content="Care Tech Ltd">' in body
    assert '<meta property="og:description" content="Care at home">' in body
    assert f'<meta property="og:url" content="http://testserver/pavilion/{exhibitor_a.slug}/">' in body
    assert f'<link rel="canonical" href="http://testserver/pavilion/{exhibitor_a.slug}/">' in body
    assert 'rel="noopener nofollow">https://example.org</a>' in body
    assert "US 10,123,456" in body


def test_public_pages_in_traditional_chinese(client, published_a, exhibitor_a):
    for url in ("/pavilion/", f"/pavilion/{exhibitor_a.slug}/"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hant")
        assert response.status_code == 200
        assert '<html lang="zh-hant">' in response.content.decode()


def test_pavilion_query_count_does_not_grow(client, published_a, exhibitor_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(6) as one:
        client.get("/pavilion/")
    for n in range(3):
        publish_directly(complete_profile(ExhibitorFactory(pavilion=exhibitor_a.pavilion, name=f"Extra {n}")))
    with django_assert_max_num_queries(len(one.captured_queries)):
        body = client.get("/pavilion/").content.decode()
    assert body.count('class="card exhibitor-card"') == 4


def test_public_exhibitor_page_query_count(client, published_a, exhibitor_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(f"/pavilion/{exhibitor_a.slug}/")


def test_pavilion_shows_the_latest_expos_pavilion(client, published_a, exhibitor_a):
    import datetime as dt

    from tests.factories import ExpoFactory, PavilionFactory

    next_expo = ExpoFactory(starts_on=dt.date(2028, 9, 2), ends_on=dt.date(2028, 9, 4))
    next_pavilion = PavilionFactory(expo=next_expo, name="Pavilion 2028")
    newcomer = ExhibitorFactory(pavilion=next_pavilion, name="Newcomer", slug=exhibitor_a.slug)
    publish_directly(complete_profile(newcomer, company_name="Newcomer Robotics"))
    body = client.get("/pavilion/").content.decode()
    assert "Pavilion 2028" in body and "Newcomer Robotics" in body
    assert "Care Tech Ltd" not in body
    # The shared slug now leads to the latest pavilion's exhibitor.
    assert "Newcomer Robotics" in client.get(f"/pavilion/{exhibitor_a.slug}/").content.decode()
