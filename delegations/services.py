"""Writes and business rules of the people side.

Contact and organisation writes all pass through here — pages, the API, imports and the
admin call the same functions — so validation, history and tombstones are the same everywhere.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypedDict

import pghistory
import pghistory.models
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from django_countries import countries
from typing_extensions import Unpack

from common.languages import canonical_language
from common.phones import parse_phone, phone_region
from delegations.models import BusyTime, Contact, Expo, Organization
from delegations.selectors import current_expo

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from common.actors import Actor

# Fields a caller may set on a contact (``expos`` is the many-to-many "met at").
CONTACT_FIELDS = frozenset(
    {
        "honorific",
        "full_name",
        "native_name",
        "title",
        "rank",
        "organization",
        "organization_id",
        "email",
        "phone",
        "country",
        "languages",
        "preferred_language",
        "never_email",
        "tags",
        "consent",
        "owner",
        "owner_id",
        "notes",
        "expos",
    }
)
ORGANIZATION_FIELDS = frozenset({"name", "native_name", "kind", "country", "city", "sector", "website", "notes"})

# Values the merge screen can pick from either contact (scalars; lists and "met at" are united).
MERGEABLE_FIELDS = (
    "honorific",
    "full_name",
    "native_name",
    "title",
    "rank",
    "organization",
    "email",
    "phone",
    "country",
    "preferred_language",
    "consent",
    "owner",
    "notes",
)
UNION_FIELDS = ("languages", "tags")


class ContactFields(TypedDict, total=False):
    """What a caller may set on a contact; every value is checked before anything is written."""

    honorific: str
    full_name: str
    native_name: str
    title: str
    rank: int | None
    organization: Organization | None
    organization_id: int | None
    email: str | None
    phone: str | None
    country: str | None
    languages: list[str] | tuple[str, ...] | str | None
    preferred_language: str
    never_email: bool
    tags: list[str] | tuple[str, ...] | str | None
    consent: str
    owner: User | None
    owner_id: int | None
    notes: str
    expos: list[Expo | int] | tuple[Expo | int, ...] | None


class OrganizationFields(TypedDict, total=False):
    """What a caller may set on an organisation."""

    name: str
    native_name: str
    kind: str | None
    country: str | None
    city: str | None
    sector: str | None
    website: str | None
    notes: str | None


# --- Helpers ------------------------------------------------------------------------------------


@contextmanager
def _history(actor: Actor | None, action: str) -> Iterator[None]:
    """Attach who did what to the history rows written by the database triggers."""
    metadata: dict[str, Any] = {"action": action}
    pk = getattr(actor, "pk", None)
    if pk is not None:
        metadata["user"] = pk
    key = getattr(actor, "key", None)
    if key is not None and getattr(key, "name", None):
        metadata["api_key"] = key.name
    with pghistory.context(**metadata):
        yield


def _clean_text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _clean_list(values: Any, *, field: str, lower: bool = False) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = re.split(r"[,;]", values)
    if not isinstance(values, list | tuple | set):
        raise ValidationError({field: [_("Give a list of values.")]})
    cleaned: list[str] = []
    for value in values:
        if not isinstance(value, str):
            raise ValidationError({field: [_("Every value must be text.")]})
        value = value.strip()
        if lower:
            value = value.lower()
        if value and value not in cleaned:
            cleaned.append(value)
    return cleaned


def _check_fields(fields: Mapping[str, object], allowed: frozenset[str]) -> None:
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise TypeError(f"unknown field(s): {', '.join(unknown)}")


def _apply_contact_fields(contact: Contact, fields: dict[str, Any]) -> list[Any] | None:
    """Set the scalar fields on ``contact``; return the expos to set (None: leave them)."""
    _check_fields(fields, CONTACT_FIELDS)
    expos = fields.pop("expos", None)
    for name, value in fields.items():
        if name in ("languages", "tags"):
            value = _clean_list(value, field=name, lower=name == "languages")
        elif name in ("phone", "country", "email") and value is None:
            value = ""
        else:
            value = _clean_text(value)
        setattr(contact, name, value)
    if contact.email:
        contact.email = contact.email.strip()
    return list(expos) if expos is not None else None


@functools.cache
def _country_codes() -> frozenset[str]:
    return frozenset(code for code, _name in countries)


def _country_errors(instance: Contact | Organization, *, required: bool) -> dict[str, list[str]]:
    """ISO 3166-1 alpha-2 check by set lookup (the field's own check walks every choice)."""
    code = instance.country.code if instance.country else ""
    if not code:
        return {"country": [_("Choose a country.")]} if required else {}
    if code not in _country_codes():
        return {
            "country": [_("“%(code)s” is not an ISO 3166-1 alpha-2 country code (e.g. KR, MA, ZA).") % {"code": code}]
        }
    return {}


def _contact_phone_region(contact: Contact, expos: Sequence[Any] | None) -> str | None:
    """Where a national number is dialled: the contact's country, else an expo they were met at,
    else the expo the office is working on."""
    codes: list[str] = [contact.country.code if contact.country else ""]
    if expos is not None:
        ids = [e.pk if isinstance(e, Expo) else e for e in expos]
        codes += [
            str(c)
            for c in Expo.objects.filter(pk__in=[i for i in ids if isinstance(i, int)]).values_list(
                "country", flat=True
            )
        ]
    elif contact.pk:
        codes += [str(c) for c in contact.expos.order_by("-starts_on").values_list("country", flat=True)]
    region = phone_region(*codes)
    if region is None:
        expo = current_expo()
        region = phone_region(expo.country.code if expo else "")
    return region


def _validate_contact(contact: Contact, *, check_relations: bool = True, expos: Sequence[Any] | None = None) -> None:
    errors: dict[str, list[str]] = {}
    exclude = ["expos", "country", "phone"]
    if not check_relations:
        exclude += ["organization", "owner"]
    try:
        contact.full_clean(exclude=exclude)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    errors.update(_country_errors(contact, required=False))
    if contact.phone and not contact.phone.is_valid():
        try:
            contact.phone = parse_phone(contact.phone, _contact_phone_region(contact, expos)) or ""
        except ValidationError as exc:
            errors["phone"] = exc.messages
    # Languages are codes from the list the pages offer; a known other spelling (zh-TW) is read as
    # the listed code it stands for, anything else (xx, "english") is refused.
    languages = [(code, canonical_language(code)) for code in contact.languages]
    bad_languages = [code for code, known in languages if known is None]
    if bad_languages:
        errors.setdefault("languages", []).append(
            _("Choose languages from the list (codes such as “en”, “ko” or “zh-hant”), not: %(codes)s.")
            % {"codes": ", ".join(bad_languages)}
        )
    else:
        contact.languages = list(dict.fromkeys(known for _code, known in languages if known))
    if contact.preferred_language:
        preferred = canonical_language(contact.preferred_language)
        if preferred is None:
            errors.setdefault("preferred_language", []).append(
                _("Choose the preferred language from the list, not “%(code)s”.") % {"code": contact.preferred_language}
            )
        else:
            contact.preferred_language = preferred
    if errors:
        raise ValidationError(errors)


def _validate_expos(expos: list[Any]) -> list[Expo]:
    """Expos given as instances or ids; an unknown id is a validation error."""
    ids = []
    for expo in expos:
        if isinstance(expo, Expo):
            ids.append(expo.pk)
        elif isinstance(expo, int) and not isinstance(expo, bool):
            ids.append(expo)
        else:
            raise ValidationError({"expos": [_("Choose expos from the list.")]})
    found = Expo.objects.in_bulk(ids)
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise ValidationError({"expos": [_("No expo has the id %(ids)s.") % {"ids": ", ".join(missing)}]})
    return [found[pk] for pk in ids]


# --- Contacts -----------------------------------------------------------------------------------


@transaction.atomic
def contact_create(*, actor: Actor | None, **fields: Unpack[ContactFields]) -> Contact:
    """Create a contact after validating every field.

    Side effects: inserts the contact (and its "met at" expos); the history trigger records an
    ``insert`` event attributed to ``actor``. Raises ``ValidationError`` (per field) and writes
    nothing when a value is invalid; ``TypeError`` for a field name that does not exist.
    """
    contact = Contact()
    expos = _apply_contact_fields(contact, dict(fields))
    _validate_contact(contact, expos=expos)
    if expos is not None:
        expos = _validate_expos(expos)
    with _history(actor, "contact.create"):
        contact.save()
        if expos:
            contact.expos.set(expos)
    return contact


def contact_check(*, contact: Contact | None, **fields: Unpack[ContactFields]) -> None:
    """Check ``fields`` as ``contact_create`` (``contact`` None) or ``contact_update`` would, writing
    nothing: a page reports these together with its own checks instead of one after the other.
    Raises ``ValidationError`` (per field) when a value is invalid."""
    probe = Contact.objects.get(pk=contact.pk) if contact is not None else Contact()
    expos = _apply_contact_fields(probe, dict(fields))
    errors: dict[str, list[str]] = {}
    try:
        _validate_contact(probe, expos=expos)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if expos is not None:
        try:
            _validate_expos(expos)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contact_update(*, contact: Contact, actor: Actor | None, **fields: Unpack[ContactFields]) -> Contact:
    """Change some fields of a contact (those not given keep their values).

    Side effects: updates the row (``updated_at`` moves, the history trigger records an
    ``update`` event with the actor); ``expos`` replaces the "met at" list when given.
    Raises ``ValidationError`` (per field) and changes nothing when a value is invalid.
    """
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    expos = _apply_contact_fields(locked, dict(fields))
    _validate_contact(locked, expos=expos)
    if expos is not None:
        expos = _validate_expos(expos)
    with _history(actor, "contact.update"):
        locked.save()
        if expos is not None:
            locked.expos.set(expos)
    locked.refresh_from_db()
    # The caller's instance reflects the saved state too.
    contact.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


@transaction.atomic
def contact_delete(*, contact: Contact, actor: Actor | None) -> None:
    """Delete a contact.

    Side effects: the history trigger records a ``delete`` event, the tombstone trigger leaves a
    ``ContactTombstone`` for syncing clients; the contact's meeting attendances and busy times are
    deleted with it (database cascade), leads and follow-ups keep their text but lose the link.
    """
    with _history(actor, "contact.delete"):
        try:
            Contact.objects.filter(pk=contact.pk).delete()
        except (ProtectedError, RestrictedError) as exc:
            raise ValidationError(_("This contact is still referenced and cannot be deleted.")) from exc


@transaction.atomic
def contact_bulk_create(
    *, actor: Actor | None, rows: Sequence[Mapping[str, object]], batch_size: int = 1000
) -> list[Contact]:
    """Create many contacts at once (imports): the same validation as ``contact_create``.

    Rows may not set ``expos``. Foreign keys are checked with one query per relation instead of
    one per row, and rows are inserted in batches. Side effects: one history ``insert`` event per
    contact (attributed to ``actor``). Raises ``ValidationError`` keyed by row index
    (``{"3": [...]}``) and writes nothing when any row is invalid.
    """
    contacts: list[Contact] = []
    errors: dict[str, list[str]] = {}
    for index, fields in enumerate(rows):
        if "expos" in fields:
            raise TypeError("contact_bulk_create does not set expos")
        contact = Contact()
        _apply_contact_fields(contact, dict(fields))
        try:
            _validate_contact(contact, check_relations=False)
        except ValidationError as exc:
            errors[str(index)] = [m for messages in exc.message_dict.values() for m in messages]
        contacts.append(contact)
    checks: tuple[tuple[str, type[models.Model]], ...] = (
        ("organization_id", Organization),
        ("owner_id", get_user_model()),
    )
    for attname, model in checks:
        wanted = {getattr(c, attname) for c in contacts} - {None}
        missing = wanted - set(model._base_manager.filter(pk__in=wanted).values_list("pk", flat=True))
        for index, contact in enumerate(contacts):
            if getattr(contact, attname) in missing:
                errors.setdefault(str(index), []).append(_("The linked record no longer exists."))
    if errors:
        raise ValidationError(errors)
    with _history(actor, "contact.create"):
        return Contact.objects.bulk_create(contacts, batch_size=batch_size)


def _attname(name: str) -> str:
    """The column attribute of one of the contact's own fields (``organization`` → ``organization_id``)."""
    field = Contact._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{name!r} is not a column of a contact")
    return field.attname


def _merge_values(keep: Contact, duplicate: Contact, picks: dict[str, str] | None) -> dict[str, Any]:
    """What ``keep`` looks like after the merge, as ``{attname: value}``.

    Blanks on ``keep`` are filled from the duplicate, then the caller's picks apply
    (``{"email": "duplicate"}``); tags and languages are united.
    """
    merged: dict[str, Any] = {}
    for name in MERGEABLE_FIELDS:
        attname = _attname(name)
        if getattr(keep, attname) in ("", None) and getattr(duplicate, attname) not in ("", None):
            merged[attname] = getattr(duplicate, attname)
    for name, side in (picks or {}).items():
        if name not in MERGEABLE_FIELDS:
            raise TypeError(f"field {name!r} cannot be picked in a merge")
        if side not in ("keep", "duplicate"):
            raise ValidationError({name: [_("Pick the value of one of the two contacts.")]})
        attname = _attname(name)
        merged[attname] = getattr(keep if side == "keep" else duplicate, attname)
    for name in UNION_FIELDS:
        merged[name] = list(dict.fromkeys([*getattr(keep, name), *getattr(duplicate, name)]))
    return merged


def _holder(rel: models.ForeignObjectRel) -> type[models.Model]:
    """The model whose rows point at a contact through ``rel``."""
    model = rel.related_model
    if isinstance(model, str):  # a lazy reference, only before the app registry is ready
        raise TypeError(f"relation {rel.name!r} is not resolved yet")
    return model


def _reverse_relations() -> list[models.ForeignObjectRel]:
    """Every relation other models (or their auto-created through tables) hold to a contact."""
    relations: list[models.ForeignObjectRel] = []
    for rel in Contact._meta.get_fields(include_hidden=True):
        if not isinstance(rel, models.ForeignObjectRel):
            continue
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one or rel.many_to_many)):
            continue
        if not rel.many_to_many and _holder(rel)._meta.auto_created:
            # The through table of a many-to-many: handled by its ManyToManyRel, or ``expos`` below.
            continue
        if issubclass(_holder(rel), pghistory.models.Event) and rel.field.name != "pgh_obj":
            # Snapshots of other objects stay as they were; only the contact's own events follow it.
            continue
        relations.append(rel)
    return relations


def _repoint_foreign_key(rel: models.ForeignObjectRel, keep: Contact, duplicate: Contact) -> None:
    """Move the rows of one related model from the duplicate to ``keep``.

    A row that would break a unique rule (``keep`` already holds the same thing, e.g. both were
    attendees of one meeting) is redundant and is deleted; a real clash (two different
    overlapping bookings) refuses the merge.
    """
    model = _holder(rel)
    field_name = rel.field.name
    rows = model._base_manager.filter(**{field_name: duplicate})
    try:
        with transaction.atomic():
            rows.update(**{field_name: keep})
        return
    except IntegrityError:
        pass
    for pk in list(rows.values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                model._base_manager.filter(pk=pk).update(**{field_name: keep})
        except IntegrityError as exc:
            pgcode = getattr(exc.__cause__, "pgcode", None)
            if pgcode == "23505":  # unique: keep already has this row
                model._base_manager.filter(pk=pk).delete()
            else:
                raise ValidationError(
                    _("The two contacts are booked at overlapping times (%(what)s); resolve that first.")
                    % {"what": model._meta.verbose_name}
                ) from exc


def _repoint_many_to_many(rel: models.ManyToManyRel, keep: Contact, duplicate: Contact) -> None:
    through = rel.through
    if through is None:
        raise TypeError(f"relation {rel.name!r} has no through table")
    contact_fk = next(
        f for f in through._meta.fields if isinstance(f, models.ForeignKey) and f.related_model is Contact
    )
    other_fk = next(
        f
        for f in through._meta.fields
        if isinstance(f, models.ForeignKey) and f is not contact_fk and f.related_model is not Contact
    )
    already = through._base_manager.filter(**{contact_fk.name: keep}).values_list(other_fk.attname, flat=True)
    through._base_manager.filter(**{contact_fk.name: duplicate, f"{other_fk.attname}__in": list(already)}).delete()
    through._base_manager.filter(**{contact_fk.name: duplicate}).update(**{contact_fk.name: keep})


@transaction.atomic
def contact_merge(
    *, keep: Contact, duplicate: Contact, actor: Actor | None, picks: dict[str, str] | None = None
) -> Contact:
    """Merge ``duplicate`` into ``keep`` and delete the duplicate.

    ``picks`` (optional) chooses whose value each field keeps: ``{"email": "duplicate"}``; fields
    blank on ``keep`` are filled from the duplicate; tags, languages and "met at" expos are united.

    Side effects: every row pointing at the duplicate — meeting attendances, leads, follow-ups,
    busy times, speaking slots, its history events, anything another app links to it (found by
    model introspection) — now points at ``keep``; rows that would repeat one ``keep`` already
    has (same meeting twice) are dropped. ``keep`` is updated (history ``update`` event); the
    duplicate is deleted (history ``delete`` event; the tombstone records ``merged_into`` =
    ``keep.id`` so syncing clients can follow). Raises ``ValidationError`` and changes nothing
    when the picked values are invalid, the two are the same contact, or their bookings clash.
    """
    if keep.pk == duplicate.pk:
        raise ValidationError(_("A contact cannot be merged with itself."))
    # Lock both in id order so two merges of the same pair cannot deadlock.
    locked = {
        c.pk: c for c in Contact.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk]).order_by("pk")
    }
    if len(locked) != 2:
        raise ValidationError(_("One of the two contacts no longer exists."))
    keep_row, duplicate_row = locked[keep.pk], locked[duplicate.pk]

    for name, value in _merge_values(keep_row, duplicate_row, picks).items():
        setattr(keep_row, name, value)
    _validate_contact(keep_row)

    with _history(actor, "contact.merge"):
        keep_row.save()
        keep_row.expos.add(*duplicate_row.expos.all())
        # Same item booked for both (e.g. both listed in one meeting): the duplicate's copy is redundant.
        keep_sources = BusyTime.objects.filter(contact=keep_row).values_list("source", "source_id")
        for source, source_id in list(keep_sources):
            BusyTime.objects.filter(contact=duplicate_row, source=source, source_id=source_id).delete()
        for rel in _reverse_relations():
            if isinstance(rel, models.ManyToManyRel):
                _repoint_many_to_many(rel, keep_row, duplicate_row)
            else:
                _repoint_foreign_key(rel, keep_row, duplicate_row)
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('expo_portal.merged_into', %s, true)", [str(keep_row.pk)])
            Contact.objects.filter(pk=duplicate_row.pk).delete()
            cursor.execute("SELECT set_config('expo_portal.merged_into', '', true)")
        # The duplicate's last event (its deletion) joins the rest of its history on ``keep``.
        apps.get_model("delegations", "ContactEvent")._default_manager.filter(pgh_obj_id=duplicate_row.pk).update(
            pgh_obj_id=keep_row.pk
        )
    keep_row.refresh_from_db()
    return keep_row


# --- Organisations ------------------------------------------------------------------------------


def _apply_organization_fields(organization: Organization, fields: Mapping[str, object]) -> None:
    _check_fields(fields, ORGANIZATION_FIELDS)
    for name, value in fields.items():
        if value is None and name != "kind":
            value = ""
        setattr(organization, name, _clean_text(value))


def _validate_organization(organization: Organization) -> None:
    errors: dict[str, list[str]] = {}
    try:
        organization.full_clean(exclude=["country"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    errors.update(_country_errors(organization, required=True))
    if not errors:
        # Excluding the country above also skipped the (name, country) uniqueness rule.
        try:
            organization.validate_constraints()
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def organization_create(*, actor: Actor | None, **fields: Unpack[OrganizationFields]) -> Organization:
    """Create an organisation (name unique per country).

    Side effects: inserts the row; the history trigger records an ``insert`` event with the
    actor. Raises ``ValidationError`` (per field) and writes nothing on invalid input.
    """
    organization = Organization()
    _apply_organization_fields(organization, dict(fields))
    _validate_organization(organization)
    with _history(actor, "organization.create"):
        organization.save()
    return organization


@transaction.atomic
def organization_update(
    *, organization: Organization, actor: Actor | None, **fields: Unpack[OrganizationFields]
) -> Organization:
    """Change some fields of an organisation.

    Side effects: updates the row (history ``update`` event with the actor). Raises
    ``ValidationError`` (per field) and changes nothing on invalid input.
    """
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    _apply_organization_fields(locked, dict(fields))
    _validate_organization(locked)
    with _history(actor, "organization.update"):
        locked.save()
    locked.refresh_from_db()
    organization.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


@transaction.atomic
def organization_delete(*, organization: Organization, actor: Actor | None) -> None:
    """Delete an organisation that no contact belongs to any more.

    Side effects: history ``delete`` event; follow-ups and exhibitors that named it lose the
    link. Raises ``ValidationError`` when contacts still belong to it (move or delete them first).
    """
    count = Contact.objects.filter(organization_id=organization.pk).count()
    if count:
        raise ValidationError(
            _("%(count)d contact(s) still belong to this organisation; move or delete them first.") % {"count": count}
        )
    with _history(actor, "organization.delete"):
        try:
            Organization.objects.filter(pk=organization.pk).delete()
        except (ProtectedError, RestrictedError) as exc:
            raise ValidationError(_("This organisation is still referenced and cannot be deleted.")) from exc


# --- Busy time ----------------------------------------------------------------------------------


@transaction.atomic
def busy_time_replace(*, source: str, source_id: int, rows: list[BusyTime]) -> None:
    """Replace the busy time recorded for one item (meeting, slot, shift, itinerary item).

    Side effects: deletes and inserts ``BusyTime`` rows; PostgreSQL's exclusion constraints
    raise ``IntegrityError`` (23P01) when a row would overlap someone's existing busy time.
    """
    BusyTime.objects.filter(source=source, source_id=source_id).delete()
    for row in rows:
        row.source = source
        row.source_id = source_id
    BusyTime.objects.bulk_create(rows)
