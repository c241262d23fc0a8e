"""Booth leads: the people booth staff meet, private to their exhibitor and the office.

Writes (``lead_*``) and the CSV export; the reads live in ``exhibitors.selectors``.

Matching: a lead is linked to an existing contact of the office's contact book when one has
the same e-mail address (case-insensitive), or else the same name (Latin or native script,
case-insensitive) at an organisation of the name the visitor gave. The match is re-checked
whenever name, organisation or e-mail change.

Sharing: a lead shared with the office (the visitor agreed, ``shared_with_office``) that
matches no contact and carries an e-mail address becomes a new contact (consent "visited our
booth", tag ``booth-lead``, met at the pavilion's expo), written through the contact book's
own service so validation and history stay the same. Without an e-mail no contact is created:
a bare name would only add duplicates the office then has to merge. Withdrawing the share
keeps the contact — removing people from the contact book is the office's decision
(``contact_delete``), not a side effect.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.phones import parse_phone, phone_region
from delegations import selectors as contact_selectors
from delegations.exports import neutralise_cell
from delegations.models import Contact
from delegations.services import contact_create
from exhibitors.models import Exhibitor, Lead
from exhibitors.selectors import lead_match_contact

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from common.actors import Actor

LEAD_FIELDS = frozenset(
    {
        "full_name",
        "organization_name",
        "country",
        "email",
        "phone",
        "interest",
        "note",
        "shared_with_office",
    }
)
MATCH_FIELDS = frozenset({"full_name", "organization_name", "email"})
LEAD_TAG = "booth-lead"


class LeadFields(TypedDict, total=False):
    """What booth staff may set on a lead."""

    full_name: str | None
    organization_name: str | None
    country: str | None
    email: str | None
    phone: str | None
    interest: str | None
    note: str | None
    shared_with_office: bool


# --- Writes -------------------------------------------------------------------------------------


def _apply(lead: Lead, fields: LeadFields) -> None:
    unknown = sorted(set(fields) - LEAD_FIELDS)
    if unknown:
        raise TypeError(f"unknown lead field(s): {', '.join(unknown)}")
    for name, value in fields.items():
        if name == "shared_with_office":
            value = bool(value)
        elif value is None:
            value = ""
        elif isinstance(value, str):
            value = value.strip()
        setattr(lead, name, value)


def _validate(lead: Lead) -> None:
    errors: dict[str, list[str]] = {}
    if not lead.full_name:
        errors["full_name"] = [_("Enter the visitor's name.")]
    try:
        lead.full_clean(exclude=["exhibitor", "contact", "captured_by", "phone"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(m for m in messages if m not in errors.get(field, []))
    if lead.phone and not lead.phone.is_valid():
        # A national number is read as dialled in the visitor's country, else the expo's.
        region = phone_region(lead.country.code if lead.country else "", lead.exhibitor.pavilion.expo.country.code)
        try:
            lead.phone = parse_phone(lead.phone, region) or ""
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if errors:
        raise ValidationError(errors)


def _link_contact(*, lead: Lead, actor: Actor | None) -> None:
    """Match the lead to a contact; create one when it is shared, unmatched and has an e-mail."""
    lead.contact = lead_match_contact(
        full_name=lead.full_name, organization_name=lead.organization_name, email=lead.email
    )
    if lead.contact is None and lead.shared_with_office and lead.email:
        lead.contact = _contact_from_lead(lead=lead, actor=actor)


def _contact_from_lead(*, lead: Lead, actor: Actor | None) -> Contact:
    organizations = contact_selectors.organization_list().filter(name__iexact=lead.organization_name)
    organization = organizations.first() if lead.organization_name and organizations.count() == 1 else None
    notes = ""
    if lead.organization_name and organization is None:
        notes = _("Organisation given at the booth: %(name)s") % {"name": lead.organization_name}
    return contact_create(
        actor=actor,
        full_name=lead.full_name,
        email=lead.email,
        phone=lead.phone or "",
        country=lead.country or "",
        organization=organization,
        consent=Contact.Consent.BOOTH,
        tags=[LEAD_TAG],
        expos=[lead.exhibitor.pavilion.expo],
        notes=notes,
    )


@transaction.atomic
def lead_create(*, actor: Actor | None, exhibitor: Exhibitor, **fields: Unpack[LeadFields]) -> Lead:
    """Log a visitor met at ``exhibitor``'s booth.

    Side effects: inserts the lead, linked to the matching contact; when shared with the office
    and unmatched (with an e-mail) also inserts a contact (history records ``actor``).
    Raises ``ValidationError`` per field and writes nothing on bad input.
    """
    lead = Lead(exhibitor=exhibitor, captured_by=actor if isinstance(actor, User) and actor.pk else None)
    _apply(lead, fields)
    _validate(lead)
    _link_contact(lead=lead, actor=actor)
    lead.save()
    return lead


@transaction.atomic
def lead_update(*, lead: Lead, actor: Actor | None, **fields: Unpack[LeadFields]) -> Lead:
    """Change some fields of a lead; name, organisation or e-mail changes re-run the match.

    Side effects: updates the lead; may insert a contact as ``lead_create`` does.
    Raises ``ValidationError`` per field and changes nothing on bad input.
    """
    locked = Lead.objects.select_for_update().select_related("exhibitor__pavilion__expo").get(pk=lead.pk)
    was_shared = locked.shared_with_office
    _apply(locked, fields)
    _validate(locked)
    if MATCH_FIELDS & set(fields) or (locked.shared_with_office and not was_shared):
        _link_contact(lead=locked, actor=actor)
    locked.save()
    return locked


@transaction.atomic
def lead_share(*, lead: Lead, actor: Actor | None, shared: bool = True) -> Lead:
    """Share a lead with the office (the visitor agreed) or withdraw the share.

    Side effects: sets ``shared_with_office``; sharing may insert a contact (see module
    docstring); withdrawing keeps any contact already in the contact book.
    """
    return lead_update(lead=lead, actor=actor, shared_with_office=shared)


@transaction.atomic
def lead_delete(*, lead: Lead, actor: Actor | None) -> None:
    """Delete a lead. Side effects: removes the row only; a linked contact stays in the contact book."""
    Lead.objects.filter(pk=lead.pk).delete()


# --- CSV ----------------------------------------------------------------------------------------


def safe_cell(value: Any) -> str:
    """Text for one CSV cell that a spreadsheet will not run as a formula (E.164 phones stay as they are)."""
    return neutralise_cell("" if value is None else str(value))


def leads_csv(leads: Iterable[Lead], *, contact_names: bool = False) -> bytes:
    """The leads as CSV: UTF-8 with a byte-order mark (so spreadsheets read CJK names), formulas neutralised.

    The last column names the matched contact with ``contact_names`` (the office's export), else
    says only whether the visitor is known to the office (an exhibitor's export)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("Logged at"),
            _("Exhibitor"),
            _("Name"),
            _("Organisation"),
            _("Country"),
            _("E-mail"),
            _("Phone"),
            _("Interest"),
            _("Note"),
            _("Shared with the office"),
            _("Known contact") if contact_names else _("Known to the office"),
        ]
    )
    for lead in leads:
        tz = lead.exhibitor.pavilion.expo.tz
        writer.writerow(
            [
                safe_cell(timezone.localtime(lead.created_at, tz).isoformat(timespec="minutes")),
                safe_cell(lead.exhibitor.name),
                safe_cell(lead.full_name),
                safe_cell(lead.organization_name),
                safe_cell(lead.country.code if lead.country else ""),
                safe_cell(lead.email),
                safe_cell(lead.phone.as_e164 if lead.phone else ""),
                safe_cell(lead.interest),
                safe_cell(lead.note),
                _("yes") if lead.shared_with_office else _("no"),
                safe_cell(lead.contact.full_name if lead.contact else "")
                if contact_names
                else (_("yes") if lead.contact_id else _("no")),
            ]
        )
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")
