"""Finding Low: JPEG comments, ICC profiles and PNG text chunks do not survive re-encoding."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageCms, PngImagePlugin

from exhibitors.images import clean_image

SECRET = b"secret-maker-note-4711"


def icc_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes() + SECRET


def jpeg_with_comment_and_icc() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), (200, 50, 50)).save(buffer, format="JPEG", comment=SECRET, icc_profile=icc_profile())
    return buffer.getvalue()


def png_with_icc_and_text(mode: str) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET.decode())
    info.add_itxt("Author", SECRET.decode())
    info.add_text("Software", SECRET.decode(), zip=True)
    buffer = io.BytesIO()
    Image.new(mode, (80, 60)).save(buffer, format="PNG", pnginfo=info, icc_profile=icc_profile())
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [jpeg_with_comment_and_icc(), png_with_icc_and_text("RGB"), png_with_icc_and_text("RGBA")],
    ids=["jpeg-comment-icc", "png-rgb-icc-text", "png-rgba-icc-text"],
)
def test_low_no_metadata_survives_re_encoding(data):
    assert SECRET in data
    result = clean_image(io.BytesIO(data))
    for stored in (result.image, result.thumbnail):
        content = stored.read()
        assert SECRET not in content
        with Image.open(io.BytesIO(content)) as image:
            assert not {"icc_profile", "comment", "exif", "Comment", "Author", "Software"} & set(image.info)
            assert getattr(image, "text", {}) == {}
