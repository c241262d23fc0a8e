"""Uploaded images under ``/media/``: published ones for everyone, drafts for their exhibitor and the office.

A draft logo or gallery photo is the exhibitor's work in progress; its URL alone must not show it
(URLs leak through browser history, screenshots and shared links). Every name is checked against
the rows that hold it, so a file no row names answers 404 to everyone but the office.
"""

from __future__ import annotations

import mimetypes

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from common.rules import OFFICE
from exhibitors import selectors

PUBLIC_MAX_AGE = 3600


@require_safe
def media_file(request: HttpRequest, path: str) -> FileResponse:
    name = path.strip("/")
    if not name or "\\" in name or any(part in ("", ".", "..") for part in name.split("/")):
        raise Http404
    if selectors.media_is_published(name):
        cache_control = f"public, max-age={PUBLIC_MAX_AGE}"
    elif request.user.has_perm(OFFICE) or (
        request.user.is_authenticated
        and selectors.exhibitors_for_user(request.user).filter(pk__in=selectors.media_exhibitor_ids(name)).exists()
    ):
        cache_control = "private, no-store"
    else:
        raise Http404
    if not default_storage.exists(name):
        raise Http404
    content_type, _encoding = mimetypes.guess_type(name)
    response = FileResponse(default_storage.open(name, "rb"), content_type=content_type or "application/octet-stream")
    response["Cache-Control"] = cache_control
    if cache_control.startswith("private"):
        response["Vary"] = "Cookie"
    return response
