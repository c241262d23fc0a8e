"""Booth profiles: edit, review, publish, and the draft/published snapshots.

Every service is keyword-only and atomic; history is recorded by database triggers (pghistory),
with the acting user attached to the history context. E-mails go out after the commit.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any, TypedDict

import pghistory
from django.apps import apps
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import Conflict
from common.rules import OFFICE_GROUP
from exhibitors.images import clean_image
from exhibitors.models import BoothProfile, Exhibitor, GalleryImage
from exhibitors.sanitize import sanitize_rich_text
from exhibitors.services.mail import exhibitor_emails, mail_after_commit

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from common.actors import Actor


# The fields an exhibitor edits; ``category`` lives on the exhibitor but is edited with the profile.
EDITABLE_FIELDS = [
    "company_name",
    "tagline",
    "category",
    "description",
    "solutions",
    "patents",
    "website",
    "languages",
    "contact_name",
    "contact_email",
]
# What the public sees, and what the review diff compares.
SNAPSHOT_FIELDS = [*EDITABLE_FIELDS, "logo", "gallery"]
MAX_SOLUTIONS = 20
MAX_PATENTS = 50
MAX_GALLERY_IMAGES = 8
BOOTH_LANGUAGES = [
    ("en", "English"),
    ("zh-hant", "中文（繁體）"),
    ("zh-hans", "中文（简体）"),
    ("ko", "한국어"),
    ("ja", "日本語"),
    ("ar", "العربية"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("vi", "Tiếng Việt"),
    ("th", "ไทย"),
    ("id", "Bahasa Indonesia"),
]
BOOTH_LANGUAGE_CODES = {code for code, _name in BOOTH_LANGUAGES}


class ProfileFields(TypedDict, total=False):
    """The fields an exhibitor edits (``EDITABLE_FIELDS``); each is checked before anything is saved."""

    company_name: str | None
    tagline: str | None
    category: str
    description: str | None
    solutions: list[dict[str, str]] | None
    patents: list[dict[str, str]] | None
    website: str | None
    languages: list[str] | None
    contact_name: str | None
    contact_email: str | None


class ProfileVersionConflict(Conflict):
    """Someone saved the profile after the caller loaded it; nothing was changed."""

    def __init__(self, *, profile: BoothProfile, expected_version: int, changed_fields: list[str]) -> None:
        super().__init__(
            _("This profile was changed by someone else since you opened it (version %(theirs)s, now %(now)s).")
            % {"theirs": expected_version, "now": profile.version},
            conflicts=[{"type": "profile_version", "field": name} for name in changed_fields],
            current_version=profile.version,
        )
        self.profile = profile
        self.expected_version = expected_version
        self.changed_fields = changed_fields


# --- Profiles -------------------------------------------------------------------------------


def profile_snapshot(profile: BoothProfile) -> dict[str, Any]:
    """The profile as the public would see it if it were published now (JSON-serialisable)."""
    return {
        "company_name": profile.company_name,
        "tagline": profile.tagline,
        "category": profile.exhibitor.category,
        "description": profile.description,
        "solutions": list(profile.solutions or []),
        "patents": list(profile.patents or []),
        "website": profile.website,
        "languages": list(profile.languages or []),
        "contact_name": profile.contact_name,
        "contact_email": profile.contact_email,
        "logo": profile.logo.name or "",
        "logo_thumbnail": profile.logo_thumbnail.name or "",
        "gallery": [
            {"image": g.image.name, "thumbnail": g.thumbnail.name, "caption": g.caption} for g in profile.gallery.all()
        ],
    }


def profile_has_unpublished_changes(profile: BoothProfile) -> bool:
    if profile.published is None:
        return True
    current = profile_snapshot(profile)
    # "", None, [] and a missing key all mean "nothing" (snapshots written by older code or by hand).
    return any((current.get(name) or None) != (profile.published.get(name) or None) for name in SNAPSHOT_FIELDS)


@transaction.atomic
def profile_get_or_create(*, exhibitor: Exhibitor) -> BoothProfile:
    """The exhibitor's profile, created as an empty draft named after the exhibitor when missing.

    Side effects: may insert a BoothProfile (history records the insert).
    """
    profile, _created = BoothProfile.objects.select_related("exhibitor").get_or_create(
        exhibitor=exhibitor, defaults={"company_name": exhibitor.name}
    )
    return profile


def _clean_rows(
    rows: Any, *, keys: dict[str, int], required: str, field: str, limit: int, label: str
) -> list[dict[str, str]]:
    if rows in (None, ""):
        return []
    if not isinstance(rows, list):
        raise ValidationError({field: _("Expected a list.")})
    cleaned: list[dict[str, str]] = []
    for index, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise ValidationError({field: _("Row %(n)d is not an object.") % {"n": index}})
        unknown = set(row) - set(keys)
        if unknown:
            raise ValidationError(
                {field: _("Row %(n)d has unknown keys: %(keys)s.") % {"n": index, "keys": ", ".join(sorted(unknown))}}
            )
        item = {}
        for key, max_length in keys.items():
            value = row.get(key, "")
            if value is None:
                value = ""
            if not isinstance(value, str):
                raise ValidationError({field: _("Row %(n)d: %(key)s must be text.") % {"n": index, "key": key}})
            value = " ".join(value.split())
            if len(value) > max_length:
                raise ValidationError(
                    {
                        field: _("Row %(n)d: %(key)s is longer than %(max)d characters.")
                        % {"n": index, "key": key, "max": max_length}
                    }
                )
            item[key] = value
        if not any(item.values()):
            continue  # an empty row left in the form
        if not item[required]:
            raise ValidationError({field: _("Row %(n)d needs a %(key)s.") % {"n": index, "key": required}})
        cleaned.append(item)
    if len(cleaned) > limit:
        raise ValidationError({field: _("At most %(max)d %(label)s.") % {"max": limit, "label": label}})
    return cleaned


def _clean_fields(fields: ProfileFields) -> dict[str, Any]:
    """Normalise and validate editable fields; raise ValidationError with per-field messages."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, value in fields.items():
        try:
            if name in {"company_name", "tagline", "contact_name"}:
                if value is None:
                    value = ""
                if not isinstance(value, str):
                    raise ValidationError(_("Expected text."))
                value = " ".join(value.split())
                if name == "company_name" and not value:
                    raise ValidationError(_("The company name is required."))
            elif name == "description":
                if not isinstance(value, str | None):
                    raise ValidationError(_("Expected text."))
                value = sanitize_rich_text(value or "")
                if len(value) > 20_000:
                    raise ValidationError(_("The description is too long (at most 20,000 characters)."))
            elif name == "category":
                if value not in Exhibitor.Category.values:
                    raise ValidationError(_("Choose one of the listed categories."))
            elif name == "solutions":
                value = _clean_rows(
                    value,
                    keys={"name": 100, "line": 200},
                    required="name",
                    field=name,
                    limit=MAX_SOLUTIONS,
                    label=_("solutions"),
                )
            elif name == "patents":
                value = _clean_rows(
                    value,
                    keys={"jurisdiction": 40, "number": 60, "title": 200},
                    required="number",
                    field=name,
                    limit=MAX_PATENTS,
                    label=_("patents"),
                )
            elif name == "website":
                value = str(value or "").strip()
                if value:
                    URLValidator(
                        schemes=["http", "https"], message=_("Enter a web address starting with https:// or http://.")
                    )(value)
            elif name == "contact_email":
                value = str(value or "").strip()
                if value:
                    EmailValidator(message=_("Enter a valid e-mail address."))(value)
            elif name == "languages":
                if value in (None, ""):
                    value = []
                if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
                    raise ValidationError(_("Expected a list of language codes."))
                bad = [code for code in value if code not in BOOTH_LANGUAGE_CODES]
                if bad:
                    raise ValidationError(_("Unknown language codes: %(codes)s.") % {"codes": ", ".join(bad)})
                value = list(dict.fromkeys(value))
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for key, messages in exc.message_dict.items():
                    errors.setdefault(key, []).extend(messages)
            else:
                errors.setdefault(name, []).extend(exc.messages)
            continue
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def profile_event_model() -> Any:
    """The history (pghistory event) model of booth profiles."""
    return apps.get_model("exhibitors", "BoothProfileEvent")


def profile_fields_changed_since(*, profile: BoothProfile, version: int) -> list[str]:
    """Names of the editable fields that differ between ``version`` (from history) and now."""
    event = profile_event_model().objects.filter(pgh_obj_id=profile.pk, version=version).order_by("-pgh_id").first()
    if event is None:
        return []
    changed = []
    for name in EDITABLE_FIELDS:
        if name == "category":
            continue
        if getattr(event, name) != getattr(profile, name):
            changed.append(name)
    if event.logo != profile.logo.name:
        changed.append("logo")
    return changed


def _lock(profile: BoothProfile, version: int | None) -> BoothProfile:
    locked = BoothProfile.objects.select_for_update().select_related("exhibitor").get(pk=profile.pk)
    if version is not None and int(version) != locked.version:
        raise ProfileVersionConflict(
            profile=locked,
            expected_version=int(version),
            changed_fields=profile_fields_changed_since(profile=locked, version=int(version)),
        )
    return locked


def _bump(profile: BoothProfile) -> None:
    """A change by the exhibitor makes the working copy a draft again; the published copy stays."""
    profile.version += 1
    if profile.status != BoothProfile.Status.DRAFT:
        profile.status = BoothProfile.Status.DRAFT


def _copy_into(target: BoothProfile, source: BoothProfile) -> None:
    for field in BoothProfile._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


@transaction.atomic
def profile_update(
    *, profile: BoothProfile, actor: Actor, version: int, **fields: Unpack[ProfileFields]
) -> BoothProfile:
    """Change the working copy of a profile, refusing a stale ``version``.

    Side effects: bumps ``version``; a submitted or published profile becomes a draft again (the
    published copy stays online); may change the exhibitor's category; history records who.
    Raises ValidationError (per field) or ProfileVersionConflict; changes nothing then.
    """
    cleaned = _clean_fields(fields)
    with pghistory.context(user=actor.pk, action="profile.update"):
        locked = _lock(profile, version)
        category = cleaned.pop("category", None)
        changed = [name for name, value in cleaned.items() if getattr(locked, name) != value]
        if category is not None and category != locked.exhibitor.category:
            locked.exhibitor.category = category
            locked.exhibitor.save(update_fields=["category"])
            changed.append("category")
        if changed:
            for name, value in cleaned.items():
                setattr(locked, name, value)
            _bump(locked)
            locked.full_clean(exclude=["logo", "logo_thumbnail", "published"])
            locked.save()
    _copy_into(profile, locked)
    profile.exhibitor = locked.exhibitor
    return profile


@transaction.atomic
def profile_set_logo(
    *, profile: BoothProfile, actor: Actor, upload: IO[bytes], version: int | None = None
) -> BoothProfile:
    """Check, re-encode and store a new logo (the old file stays for the published copy).

    Raises exhibitors.images.ImageRejected (nothing stored) or ProfileVersionConflict.
    Side effects: writes two files (logo and thumbnail), bumps ``version``, status back to draft.
    """
    image = clean_image(upload, max_side=800)
    with pghistory.context(user=actor.pk, action="profile.logo"):
        locked = _lock(profile, version)
        locked.logo.save(image.image.name, image.image, save=False)
        locked.logo_thumbnail.save(image.thumbnail.name, image.thumbnail, save=False)
        _bump(locked)
        locked.save()
    _copy_into(profile, locked)
    return profile


@transaction.atomic
def profile_remove_logo(*, profile: BoothProfile, actor: Actor, version: int | None = None) -> BoothProfile:
    """Drop the logo from the working copy (files stay while a published copy may use them)."""
    with pghistory.context(user=actor.pk, action="profile.logo_remove"):
        locked = _lock(profile, version)
        if locked.logo:
            locked.logo = ""
            locked.logo_thumbnail = ""
            _bump(locked)
            locked.save()
    _copy_into(profile, locked)
    return profile


@transaction.atomic
def gallery_image_add(
    *, profile: BoothProfile, actor: Actor, upload: IO[bytes], caption: str = "", version: int | None = None
) -> GalleryImage:
    """Check, re-encode and add a gallery image with a thumbnail.

    Raises ImageRejected, ValidationError (gallery full) or ProfileVersionConflict.
    Side effects: writes two files, bumps the profile's version, status back to draft.
    """
    caption = " ".join((caption or "").split())
    if len(caption) > 200:
        raise ValidationError({"caption": _("At most 200 characters.")})
    with pghistory.context(user=actor.pk, action="profile.gallery_add"):
        locked = _lock(profile, version)
        if locked.gallery.count() >= MAX_GALLERY_IMAGES:
            raise ValidationError(
                {"image": _("The gallery holds at most %(max)d images.") % {"max": MAX_GALLERY_IMAGES}}
            )
        image = clean_image(upload)
        position = (locked.gallery.order_by("-position").values_list("position", flat=True).first() or 0) + 1
        item = GalleryImage(profile=locked, caption=caption, position=position)
        item.image.save(image.image.name, image.image, save=False)
        item.thumbnail.save(image.thumbnail.name, image.thumbnail, save=False)
        item.save()
        _bump(locked)
        locked.save()
    _copy_into(profile, locked)
    return item


@transaction.atomic
def gallery_image_remove(*, image: GalleryImage, actor: Actor, version: int | None = None) -> None:
    """Remove an image from the working copy's gallery (files stay for the published copy)."""
    with pghistory.context(user=actor.pk, action="profile.gallery_remove"):
        locked = _lock(image.profile, version)
        image.delete()
        _bump(locked)
        locked.save()


@transaction.atomic
def profile_submit(*, profile: BoothProfile, actor: Actor, version: int | None = None) -> BoothProfile:
    """Hand the working copy to the office for review.

    Side effects: status ``submitted``, ``submitted_at`` now, review comment cleared; e-mails the
    office staff after the commit. Raises ValidationError when there is nothing new to review.
    """
    with pghistory.context(user=actor.pk, action="profile.submit"):
        locked = _lock(profile, version)
        if locked.status == BoothProfile.Status.SUBMITTED:
            raise ValidationError(_("This profile is already waiting for review."))
        if not profile_has_unpublished_changes(locked):
            raise ValidationError(_("Nothing has changed since the last publication."))
        locked.status = BoothProfile.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.review_comment = ""
        locked.save()
    _copy_into(profile, locked)
    office_emails = list(
        User.objects.filter(is_active=True, groups__name=OFFICE_GROUP).exclude(email="").values_list("email", flat=True)
    )
    mail_after_commit(
        recipients=office_emails,
        template="exhibitors/email/profile_submitted",
        context={
            "profile": locked,
            "exhibitor": locked.exhibitor,
            "path": reverse("exhibitor-profile-review", args=[locked.exhibitor_id]),
        },
    )
    return profile


@transaction.atomic
def profile_publish(*, profile: BoothProfile, actor: Actor, version: int) -> BoothProfile:
    """Publish the reviewed working copy: it replaces the public copy.

    Only a submitted profile at the version the reviewer looked at is published (else 409).
    Side effects: ``published`` snapshot and ``published_at``; status ``published``; e-mails the
    exhibitor's users after the commit; history records the reviewer.
    """
    with pghistory.context(user=actor.pk, action="profile.publish"):
        locked = _lock(profile, version)
        if locked.status != BoothProfile.Status.SUBMITTED:
            raise ValidationError(_("Only a submitted profile can be published."))
        snapshot = profile_snapshot(locked)
        snapshot["description"] = sanitize_rich_text(snapshot["description"])  # belt and braces
        locked.published = snapshot
        locked.published_at = timezone.now()
        locked.status = BoothProfile.Status.PUBLISHED
        locked.review_comment = ""
        locked.save()
    _copy_into(profile, locked)
    mail_after_commit(
        recipients=exhibitor_emails(locked.exhibitor),
        template="exhibitors/email/profile_published",
        context={
            "profile": locked,
            "exhibitor": locked.exhibitor,
            "path": reverse("pavilion-exhibitor", args=[locked.exhibitor.slug]),
        },
    )
    return profile


@transaction.atomic
def profile_send_back(*, profile: BoothProfile, actor: Actor, version: int, comment: str) -> BoothProfile:
    """Return a submitted profile to its exhibitor with the reviewer's comment.

    Side effects: status ``draft``, ``review_comment`` set; e-mails the exhibitor's users.
    """
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Tell the exhibitor what to change.")})
    with pghistory.context(user=actor.pk, action="profile.send_back"):
        locked = _lock(profile, version)
        if locked.status != BoothProfile.Status.SUBMITTED:
            raise ValidationError(_("Only a submitted profile can be sent back."))
        locked.status = BoothProfile.Status.DRAFT
        locked.review_comment = comment[:5000]
        locked.save()
    _copy_into(profile, locked)
    mail_after_commit(
        recipients=exhibitor_emails(locked.exhibitor),
        template="exhibitors/email/profile_sent_back",
        context={
            "profile": locked,
            "exhibitor": locked.exhibitor,
            "comment": locked.review_comment,
            "path": reverse("exhibitor-profile", args=[locked.exhibitor_id]),
        },
    )
    return profile
