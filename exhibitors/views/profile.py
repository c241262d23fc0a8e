"""Booth-profile pages: editing (with logo and gallery), submitting, preview, history and the
office's per-profile review (diff against the published copy, publish or send back).

Access: the exhibitor's own users and the office; anyone else gets 404 (never a hint that the
exhibitor exists). Review and publishing are for the office only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common.actors import actor_of
from common.forms import apply_service_errors
from common.http import parse_id
from common.rules import OFFICE
from exhibitors import selectors, services
from exhibitors.completeness import profile_completeness
from exhibitors.current import set_current_exhibitor, user_exhibitors
from exhibitors.diff import LABELS, profile_diff
from exhibitors.forms import GalleryForm, LogoForm, ProfileForm, ReviewForm
from exhibitors.images import ImageRejected
from exhibitors.models import BoothProfile, Exhibitor, GalleryImage
from exhibitors.sanitize import sanitize_rich_text

ACTION_LABELS = {
    "insert": _lazy("Created"),
    "update": _lazy("Changed"),
    "profile.update": _lazy("Edited"),
    "profile.logo": _lazy("New logo"),
    "profile.logo_remove": _lazy("Logo removed"),
    "profile.gallery_add": _lazy("Gallery image added"),
    "profile.gallery_remove": _lazy("Gallery image removed"),
    "profile.submit": _lazy("Submitted for review"),
    "profile.publish": _lazy("Published"),
    "profile.send_back": _lazy("Sent back"),
}
HISTORY_LABELS = {
    "status": _lazy("Status"),
    "published_at": _lazy("Publication"),
    "review_comment": _lazy("Review comment"),
}
SOLUTION_KEYS = ["name", "line"]
PATENT_KEYS = ["jurisdiction", "number", "title"]


def exhibitor_or_404(request: HttpRequest, exhibitor_id: int, rule: str = "exhibitors.view_exhibitor") -> Exhibitor:
    """The exhibitor if the user may act for it (its members, the office) and ``rule`` allows it
    with that exhibitor; another exhibitor's answers 404.

    A signed-in user acting for no exhibitor at all gets 403, as in the API.
    """
    if not request.user.has_perm("exhibitors.use_self_service"):
        raise PermissionDenied(_("Your account acts for no exhibitor."))  # no role at all: 403
    exhibitor = selectors.exhibitors_for_user(request.user).filter(pk=exhibitor_id).first()
    if exhibitor is None or not request.user.has_perm(rule, exhibitor):
        raise Http404(_("No such exhibitor."))
    set_current_exhibitor(request, exhibitor.pk)  # only takes effect for members
    return exhibitor


def _profile(exhibitor: Exhibitor) -> BoothProfile:
    profile = selectors.profile_for_page(exhibitor)
    if profile is None:
        services.profile_get_or_create(exhibitor=exhibitor)
        profile = selectors.profile_for_page(exhibitor)
    assert profile is not None
    return profile


def _render_profile(request: HttpRequest, exhibitor: Exhibitor, profile: BoothProfile, **extra: Any) -> HttpResponse:
    form = extra.pop("form", None) or ProfileForm(
        initial={
            "company_name": profile.company_name,
            "tagline": profile.tagline,
            "category": exhibitor.category,
            "description": profile.description,
            "website": profile.website,
            "languages": profile.languages,
            "contact_name": profile.contact_name,
            "contact_email": profile.contact_email,
            "version": profile.version,
        }
    )
    solutions = extra.pop("solutions", None)
    patents = extra.pop("patents", None)
    context = {
        "exhibitor": exhibitor,
        "profile": profile,
        "form": form,
        "solutions": solutions if solutions is not None else [*profile.solutions, {}],
        "patents": patents if patents is not None else [*profile.patents, {}],
        "completeness": profile_completeness(profile),
        "logo_form": extra.pop("logo_form", None) or LogoForm(initial={"version": profile.version}),
        "gallery_form": extra.pop("gallery_form", None) or GalleryForm(initial={"version": profile.version}),
        "gallery": list(profile.gallery.all()),
        "max_gallery": services.MAX_GALLERY_IMAGES,
        "has_unpublished_changes": services.profile_has_unpublished_changes(profile),
        "switchable": user_exhibitors(request) if len(user_exhibitors(request)) > 1 else [],
        "is_office": request.user.has_perm(OFFICE),
        "labels": LABELS,
        **extra,
    }
    status = 409 if extra.get("conflict") else 400 if extra.get("invalid") else 200
    return render(request, "exhibitors/profile_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, exhibitor_id: int) -> HttpResponse:
    rule = "exhibitors.view_exhibitor" if request.method == "GET" else "exhibitors.edit_profile"
    exhibitor = exhibitor_or_404(request, exhibitor_id, rule)
    profile = _profile(exhibitor)
    if request.method == "GET":
        return _render_profile(request, exhibitor, profile)

    form = ProfileForm(request.POST)
    solutions = ProfileForm.rows_from(request.POST, "solution", SOLUTION_KEYS)
    patents = ProfileForm.rows_from(request.POST, "patent", PATENT_KEYS)
    if not form.is_valid():
        return _render_profile(
            request, exhibitor, profile, form=form, solutions=solutions, patents=patents, invalid=True
        )
    data = dict(form.cleaned_data)
    version = data.pop("version")
    try:
        services.profile_update(
            profile=profile, actor=actor_of(request), version=version, solutions=solutions, patents=patents, **data
        )
    except services.ProfileVersionConflict as conflict:
        current = selectors.profile_for_page(exhibitor)
        assert current is not None
        # Keep what the user typed; the new version number makes the next save a deliberate choice.
        posted = request.POST.copy()
        posted["version"] = str(current.version)
        form = ProfileForm(posted)
        form.is_valid()
        theirs = services.profile_snapshot(current)
        mine = {**form.cleaned_data, "solutions": solutions, "patents": patents}
        mine["description"] = sanitize_rich_text(mine.get("description") or "")
        changed = [
            {"key": name, "label": LABELS.get(name, name), "current": theirs.get(name), "mine": mine.get(name)}
            for name in conflict.changed_fields
        ]
        return _render_profile(
            request,
            exhibitor,
            current,
            form=form,
            solutions=solutions,
            patents=patents,
            conflict=True,
            conflict_fields=changed,
            conflict_from_version=conflict.expected_version,
        )
    except ValidationError as error:
        apply_service_errors(form, error)
        return _render_profile(
            request, exhibitor, profile, form=form, solutions=solutions, patents=patents, invalid=True
        )
    messages.success(request, _("Saved. Submit the profile for review when it is ready."))
    return redirect("exhibitor-profile", exhibitor_id=exhibitor.pk)


def _conflict_message(request: HttpRequest) -> None:
    messages.error(
        request,
        _(
            "Someone else changed this profile in the meantime. "
            "Nothing was changed; look at the current version and try again."
        ),
    )


@login_required
@require_POST
def profile_logo(request: HttpRequest, exhibitor_id: int) -> HttpResponse:
    exhibitor = exhibitor_or_404(request, exhibitor_id, "exhibitors.edit_profile")
    profile = _profile(exhibitor)
    if request.POST.get("remove"):
        try:
            services.profile_remove_logo(profile=profile, actor=actor_of(request), version=_version(request))
        except services.ProfileVersionConflict:
            _conflict_message(request)
        else:
            messages.success(request, _("The logo was removed."))
        return redirect("exhibitor-profile", exhibitor_id=exhibitor.pk)
    form = LogoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.profile_set_logo(
                profile=profile,
                actor=actor_of(request),
                upload=form.cleaned_data["logo"],
                version=form.cleaned_data["version"],
            )
        except ImageRejected as rejected:
            form.add_error("logo", str(rejected))
        except services.ProfileVersionConflict:
            _conflict_message(request)
            return redirect("exhibitor-profile", exhibitor_id=exhibitor.pk)
        else:
            messages.success(request, _("The new logo is saved."))
            return redirect("exhibitor-profile", exhibitor_id=exhibitor.pk)
    return _render_profile(request, exhibitor, profile, logo_form=form, invalid=True)


@login_required
@require_POST
def gallery_add(request: HttpRequest, exhibitor_id: int) -> HttpResponse:
    exhibitor = exhibitor_or_404(request, exhibitor_id, "exhibitors.edit_profile")
    profile = _profile(exhibitor)
    form = GalleryForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.gallery_image_add(
                profile=profile,
                actor=actor_of(request),
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
                version=form.cleaned_data["version"],
            )
        except ImageRejected as rejected:
            form.add_error("image", str(rejected))
        except ValidationError as error:
            apply_service_errors(form, error)
        except services.ProfileVersionConflict:
            _conflict_message(request)
            return redirect("exhibitor-profile", exhibitor_id=exhibitor.pk)
        else:
            messages.success(request, _("The image was added to the gallery."))
            return redirect("exhibitor-profile", exhibitor_id=exhibitor.pk)
    return _render_profile(request, exhibitor, profile, gallery_form=form, invalid=True)


@login_required
@require_http_methods(["GET", "POST"])
def gallery_remove(request: HttpRequest, exhibitor_id: int, image_id: int) -> HttpResponse:
    exhibitor = exhibitor_or_404(request, exhibitor_id, "exhibitors.edit_profile")
    image = get_object_or_404(GalleryImage.objects.select_related("profile"), pk=image_id, profile__exhibitor=exhibitor)
    if request.method == "GET":
        return render(request, "exhibitors/gallery_confirm_remove.html", {"exhibitor": exhibitor, "image": image})
    try:
        services.gallery_image_remove(image=image, actor=actor_of(request), version=_version(request))
    except services.ProfileVersionConflict:
        _conflict_message(request)
    else:
        messages.success(request, _("The image was removed from the gallery."))
    return redirect("exhibitor-profile", exhibitor_id=exhibitor.pk)


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return parse_id(raw)


@login_required
@require_POST
def profile_submit(request: HttpRequest, exhibitor_id: int) -> HttpResponse:
    exhibitor = exhibitor_or_404(request, exhibitor_id, "exhibitors.edit_profile")
    profile = _profile(exhibitor)
    try:
        services.profile_submit(profile=profile, actor=actor_of(request), version=_version(request))
    except services.ProfileVersionConflict:
        _conflict_message(request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Submitted. The office will review your profile and let you know by e-mail."))
    return redirect("exhibitor-profile", exhibitor_id=exhibitor.pk)


@login_required
@require_safe
def profile_preview(request: HttpRequest, exhibitor_id: int) -> HttpResponse:
    """The working copy as the public page would show it — only for its exhibitor and the office."""
    exhibitor = exhibitor_or_404(request, exhibitor_id)
    profile = _profile(exhibitor)
    response = render(
        request,
        "exhibitors/public_exhibitor.html",
        {"exhibitor": exhibitor, "profile": services.profile_snapshot(profile), "preview": True},
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_safe
def profile_history(request: HttpRequest, exhibitor_id: int) -> HttpResponse:
    exhibitor = exhibitor_or_404(request, exhibitor_id)
    profile = _profile(exhibitor)
    rows = selectors.profile_history(profile)
    labels = {**LABELS, **HISTORY_LABELS}
    for row in rows:
        row["action_label"] = ACTION_LABELS.get(row["action"], row["action"])
        row["changed_labels"] = [str(labels.get(name, name)) for name in row["changed"]]
    return render(
        request, "exhibitors/profile_history.html", {"exhibitor": exhibitor, "profile": profile, "rows": rows}
    )


@login_required
@require_safe
def profile_changes(request: HttpRequest, exhibitor_id: int) -> HttpResponse:
    """What changed between two versions of the working copy (``?from=3&to=5``; ``to`` defaults to now)."""
    exhibitor = exhibitor_or_404(request, exhibitor_id)
    profile = _profile(exhibitor)
    raw_from, raw_to = request.GET.get("from", ""), request.GET.get("to", "")
    if parse_id(raw_from) is None or (raw_to and parse_id(raw_to) is None):
        raise Http404(_("Name the versions to compare."))
    current = {key: value for key, value in services.profile_snapshot(profile).items() if key != "gallery"}
    before = selectors.profile_version_snapshot(profile, int(raw_from))
    after = selectors.profile_version_snapshot(profile, int(raw_to)) if raw_to else current
    if before is None or after is None:
        raise Http404(_("This version is not in the history."))
    rows = [row for row in profile_diff(before, after) if row.key in after]
    return render(
        request,
        "exhibitors/profile_changes.html",
        {
            "exhibitor": exhibitor,
            "profile": profile,
            "rows": rows,
            "version_from": int(raw_from),
            "version_to": int(raw_to) if raw_to else profile.version,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_review(request: HttpRequest, exhibitor_id: int) -> HttpResponse:
    """The office compares the submitted working copy with the published one and decides."""
    exhibitor = exhibitor_or_404(request, exhibitor_id)
    if not request.user.has_perm("exhibitors.review_profile"):
        raise PermissionDenied(_("Only the office reviews profiles."))
    profile = _profile(exhibitor)
    form = ReviewForm(request.POST or None, initial={"version": profile.version, "action": "publish"})
    if request.method == "POST" and form.is_valid():
        action = form.cleaned_data["action"]
        try:
            if action == "publish":
                services.profile_publish(profile=profile, actor=actor_of(request), version=form.cleaned_data["version"])
                messages.success(request, _("Published. The exhibitor's team was told by e-mail."))
            else:
                services.profile_send_back(
                    profile=profile,
                    actor=actor_of(request),
                    version=form.cleaned_data["version"],
                    comment=form.cleaned_data["comment"],
                )
                messages.success(request, _("Sent back with your comment. The exhibitor's team was told by e-mail."))
        except services.ProfileVersionConflict:
            messages.error(
                request,
                _(
                    "The exhibitor changed the profile while you were reviewing it. "
                    "Nothing was published; review the new version."
                ),
            )
            return redirect("exhibitor-profile-review", exhibitor_id=exhibitor.pk)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("exhibitor-profile-review", exhibitor_id=exhibitor.pk)
    return render(
        request,
        "exhibitors/profile_review.html",
        {
            "exhibitor": exhibitor,
            "profile": profile,
            "form": form,
            "rows": profile_diff(profile.published, services.profile_snapshot(profile)),
            "completeness": profile_completeness(profile),
        },
        status=400 if form.errors else 200,
    )
