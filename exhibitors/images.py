"""Uploaded images are hostile until Pillow has decoded them.

An upload is accepted only when Pillow decodes it as PNG, JPEG or WebP (the name and the declared
content type are ignored), it is within the byte and pixel limits, and it re-encodes cleanly.
What is stored is a fresh encoding without any metadata (EXIF, GPS, ICC, comments), plus a
thumbnail. SVG, HTML and anything else are refused with a message a person can act on.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass
from typing import IO

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 megapixels: far above any logo or booth photo, far below a bomb
MAX_SIDE = 1600  # stored images are scaled down to this longest side
THUMBNAIL_SIDE = 320
ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP"}


class ImageRejected(ValueError):
    """The upload is not an image we accept; ``str(exc)`` is the message to show."""

    def __init__(self, message: str, *, too_large: bool = False) -> None:
        super().__init__(message)
        self.too_large = too_large


@dataclass(frozen=True)
class CleanImage:
    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int


def size_limit_message() -> str:
    return _("The image is larger than %(limit)s MB. Please upload a smaller file.") % {
        "limit": MAX_UPLOAD_BYTES // (1024 * 1024)
    }


def _read_limited(upload: IO[bytes]) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ImageRejected(size_limit_message(), too_large=True)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected(size_limit_message(), too_large=True)
    if not data:
        raise ImageRejected(_("The file is empty."))
    return data


def _refuse_unknown(data: bytes) -> ImageRejected:
    head = data[:512].lstrip().lower()
    if head.startswith(b"<?xml") or b"<svg" in head:
        return ImageRejected(_("SVG images are not accepted. Please upload a PNG, JPEG or WebP file."))
    return ImageRejected(_("This file is not a PNG, JPEG or WebP image. Please upload one of those."))


def clean_image(upload: IO[bytes], *, max_side: int = MAX_SIDE) -> CleanImage:
    """Decode, check and re-encode ``upload``; raise :class:`ImageRejected` when it is not acceptable."""
    data = _read_limited(upload)
    with warnings.catch_warnings():
        # A decompression bomb is refused, never half-decoded: make Pillow's warning an error too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=sorted(ACCEPTED_FORMATS)) as probe:
                fmt = probe.format
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise ImageRejected(
                        _("The image has too many pixels (%(w)s × %(h)s). Please upload at most %(mp)s megapixels.")
                        % {"w": width, "h": height, "mp": MAX_PIXELS // 1_000_000}
                    )
                probe.verify()  # structural check of the whole file
            with Image.open(io.BytesIO(data), formats=[fmt] if fmt else sorted(ACCEPTED_FORMATS)) as opened:
                opened.load()
                img = ImageOps.exif_transpose(opened)
                has_alpha = img.mode in {"RGBA", "LA", "PA"} or (img.mode == "P" and "transparency" in img.info)
                img = img.convert("RGBA" if has_alpha else "RGB")
        except ImageRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageRejected(
                _("The image has too many pixels. Please upload at most %(mp)s megapixels.")
                % {"mp": MAX_PIXELS // 1_000_000}
            ) from exc
        except UnidentifiedImageError as exc:
            raise _refuse_unknown(data) from exc
        except (OSError, SyntaxError, ValueError, Image.UnidentifiedImageError) as exc:
            raise ImageRejected(_("The image is damaged and cannot be read. Please upload another file.")) from exc

    width, height = img.size
    img.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    thumb = img.copy()
    thumb.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    stem = uuid.uuid4().hex
    return CleanImage(
        image=_encode(img, stem, has_alpha),
        thumbnail=_encode(thumb, f"{stem}-thumb", has_alpha),
        width=width,
        height=height,
    )


def _encode(img: Image.Image, stem: str, has_alpha: bool) -> ContentFile:
    """A fresh encoding: no EXIF, ICC profile, text chunks or comments are carried over.

    Pillow's encoders write what ``img.info`` still holds from the upload (a JPEG comment, an ICC
    profile), so only the pixels are copied into a new image before saving.
    """
    pixels_only = Image.new(img.mode, img.size)
    pixels_only.paste(img)
    img = pixels_only
    buffer = io.BytesIO()
    if has_alpha:
        img.save(buffer, format="PNG", optimize=True)
        name = f"{stem}.png"
    else:
        img.save(buffer, format="JPEG", quality=85, optimize=True, progressive=True)
        name = f"{stem}.jpg"
    return ContentFile(buffer.getvalue(), name=name)
