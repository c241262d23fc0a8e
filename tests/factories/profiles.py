"""Booth-profile test data: complete profiles, image bytes (good and hostile), media isolation."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from exhibitors.models import BoothProfile, Exhibitor
from exhibitors.services import profile_snapshot
from tests.factories import BoothProfileFactory

LONG_DESCRIPTION = (
    "<p>We build <strong>smart bins</strong> that sort recycling at the source, report fill levels and "
    "cut collection rounds by a third. Our sensors run for five years on one battery and speak to "
    "any city platform through open interfaces. Sixteen patents in the US and Europe protect the "
    "design.</p><ul><li>Fill-level sensing</li><li>Route planning</li></ul>"
)


@pytest.fixture
def media_root(settings, tmp_path: Path) -> Path:
    """Uploaded files of a test go to its own temporary folder; passwords hash quickly.

    (Test users are created with a password; the production hasher costs ~0.3 s per user.)
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.MEDIA_ROOT


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (64, 48), mode: str = "RGB", **save: object) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (20, 120, 200) if mode == "RGB" else None).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg_with_exif() -> bytes:
    img = Image.new("RGB", (80, 60), (200, 50, 50))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {2: (37.0, 30.0, 0.0)}  # GPS latitude
    buffer = io.BytesIO()
    img.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def png_bomb(width: int = 20_000, height: int = 20_000) -> bytes:
    """A tiny PNG that claims a huge canvas (400 megapixels): the header alone is enough."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(64)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def png_bomb_below_pillow_limit() -> bytes:
    """50 megapixels: under Pillow's own warning threshold, over our 40-megapixel limit."""
    return png_bomb(10_000, 5_000)


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>'
)
HTML_AS_PNG = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def complete_profile(exhibitor: Exhibitor, **overrides: object) -> BoothProfile:
    """A profile with every completeness item filled, except logo and gallery (files)."""
    fields = {
        "exhibitor": exhibitor,
        "company_name": exhibitor.name,
        "tagline": "Sorting waste where it falls",
        "description": LONG_DESCRIPTION,
        "solutions": [{"name": "BinSense", "line": "Fill-level sensors for any bin"}],
        "patents": [{"jurisdiction": "US", "number": "US 10,123,456", "title": "Sorting lid"}],
        "website": "https://example.org",
        "languages": ["en", "zh-hant"],
        "contact_name": "Lin Mei",
        "contact_email": "lin@example.org",
        **overrides,
    }
    return BoothProfileFactory(**fields)


def publish_directly(profile: BoothProfile) -> BoothProfile:
    """Make the current working copy the published one without the review flow (setup only)."""
    from django.utils import timezone

    profile.published = profile_snapshot(profile)
    profile.published_at = timezone.now()
    profile.status = BoothProfile.Status.PUBLISHED
    profile.save()
    return profile
