"""Who: the expo, our delegation and its members, their itinerary, and the people we meet."""

from __future__ import annotations

import zoneinfo
from typing import TYPE_CHECKING, Any

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateTimeRangeField, RangeOperators
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a known time zone (use an IANA name such as Asia/Seoul)."), params={"value": value}
        )


def default_reminder_offsets() -> list[int]:
    return [24 * 60, 60]


class Expo(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(unique=True)
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    reminder_offsets = ArrayField(
        models.PositiveIntegerField(),
        default=default_reminder_offsets,
        help_text=_("Minutes before a meeting when attendees are reminded."),
    )
    default_travel_minutes = models.PositiveIntegerField(_("default travel buffer (minutes)"), default=30)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="expo_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Delegation(models.Model):
    expo = models.ForeignKey(Expo, on_delete=models.CASCADE, related_name="delegations")
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["expo", "name"]
        constraints = [models.UniqueConstraint(fields=["expo", "name"], name="delegation_unique_name_per_expo")]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    class Role(models.TextChoices):
        HEAD = "head", _("Head of delegation")
        OFFICIAL = "official", _("Official")
        STAFF = "staff", _("Office staff")
        EXHIBITOR_REP = "exhibitor_rep", _("Exhibitor representative")
        INTERPRETER = "interpreter", _("Interpreter")
        GUEST = "guest", _("Guest")

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    native_name = models.CharField(_("name in native script"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    home_time_zone = models.CharField(_("home time zone"), max_length=64, blank=True, validators=[validate_time_zone])
    languages = ArrayField(models.CharField(max_length=12), default=list, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=12, default="en")
    arrives_at = models.DateTimeField(_("arrives"), null=True, blank=True)
    departs_at = models.DateTimeField(_("departs"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["delegation", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "user"], condition=Q(user__isnull=False), name="member_one_user_per_delegation"
            ),
            models.CheckConstraint(
                condition=Q(departs_at__isnull=True) | Q(arrives_at__isnull=True) | Q(departs_at__gt=F("arrives_at")),
                name="member_departs_after_arrival",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class Venue(models.Model):
    """A place that can be booked: a meeting room, a booth, a stage, or an address away from the hall."""

    class Kind(models.TextChoices):
        ROOM = "room", _("Meeting room")
        BOOTH = "booth", _("Booth")
        STAGE = "stage", _("Stage")
        HALL = "hall", _("Hall")
        HOTEL = "hotel", _("Hotel")
        EXTERNAL = "external", _("Address outside the venue")

    expo = models.ForeignKey(Expo, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ROOM)
    address = models.CharField(_("address"), max_length=300, blank=True)
    bookable = models.BooleanField(
        _("bookable"), default=True, help_text=_("A bookable place holds one thing at a time.")
    )

    class Meta:
        ordering = ["expo", "name"]
        constraints = [models.UniqueConstraint(fields=["expo", "name"], name="venue_unique_name_per_expo")]

    def __str__(self) -> str:
        return self.name


class TravelTime(models.Model):
    """Minutes needed to get from one venue to another; the expo's default applies otherwise."""

    origin = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="+")
    destination = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="+")
    minutes = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["origin", "destination"], name="travel_time_unique_pair"),
            models.CheckConstraint(condition=~Q(origin=F("destination")), name="travel_time_distinct_venues"),
        ]

    def __str__(self) -> str:
        return f"{self.origin} → {self.destination}: {self.minutes} min"


class ItineraryItem(models.Model):
    class Kind(models.TextChoices):
        FLIGHT = "flight", _("Flight")
        HOTEL = "hotel", _("Hotel")
        TRANSFER = "transfer", _("Transfer")
        VISIT = "visit", _("Visit")
        OTHER = "other", _("Other")

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="itinerary")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    origin = models.CharField(_("from"), max_length=200, blank=True)
    destination = models.CharField(_("to"), max_length=200, blank=True)
    venue = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.SET_NULL, related_name="itinerary_items")
    reference = models.CharField(_("booking reference"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    members = models.ManyToManyField(Member, related_name="itinerary_items", blank=True)
    blocks_time = models.BooleanField(
        _("makes its members busy"), default=True, help_text=_("Off for hotel stays and other background items.")
    )

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="itinerary_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Organization(models.Model):
    # History rows (pghistory's event model, made at start-up, names this reverse relation).
    events: RelatedManager[Any]

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government agency")
        CITY = "city", _("City / smart-city office")
        RESEARCH = "research", _("Research organisation")
        COMPANY = "company", _("Company")
        INTERNATIONAL = "international", _("International organisation")
        MEDIA = "media", _("Media")

    name = models.CharField(_("name"), max_length=300)
    native_name = models.CharField(_("name in native script"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="organization_unique_name_per_country"),
        ]
        indexes = [
            GinIndex(name="organization_name_trgm", fields=["name"], opclasses=["gin_trgm_ops"]),
            models.Index(fields=["country", "kind"], name="organization_country_kind"),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="organization_touch_updated_at",
                when=pgtrigger.Before,
                # On INSERT too: the database clock (not the app server's) stamps every change,
                # which incremental sync relies on (see delegations/api/sync.py).
                operation=pgtrigger.Insert | pgtrigger.Update,
                func="NEW.updated_at = clock_timestamp(); RETURN NEW;",
            )
        ]

    def __str__(self) -> str:
        return self.name


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Contact(models.Model):
    # History rows (pghistory's event model, made at start-up, names this reverse relation).
    events: RelatedManager[Any]

    class Consent(models.TextChoices):
        BUSINESS_CARD = "business_card", _("Business card exchanged")
        MEETING = "meeting", _("Met in a meeting")
        BOOTH = "booth", _("Visited our booth")
        FORM = "form", _("Signed up on a form")
        PUBLIC = "public", _("Public source")
        REFERRAL = "referral", _("Introduced by a third party")

    honorific = models.CharField(_("honorific"), max_length=50, blank=True)
    full_name = models.CharField(_("full name (Latin script)"), max_length=200)
    native_name = models.CharField(_("name in native script"), max_length=200, blank=True)
    title = models.CharField(_("title / position"), max_length=200, blank=True)
    rank = models.PositiveSmallIntegerField(
        _("protocol rank"), null=True, blank=True, help_text=_("1 = most senior; used to order delegations.")
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    country = CountryField(_("country"), blank=True)
    languages = ArrayField(models.CharField(max_length=12), default=list, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=12, blank=True)
    never_email = models.BooleanField(
        _("never e-mail"),
        default=False,
        db_default=False,  # rows written by raw SQL or COPY (imports, generated data) need no value
        help_text=_("Reached through their protocol office: the portal never e-mails this person."),
    )
    tags = ArrayField(models.CharField(max_length=50), default=list, blank=True)
    consent = models.CharField(_("how consent was obtained"), max_length=20, choices=Consent.choices, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_contacts"
    )
    expos = models.ManyToManyField(Expo, related_name="contacts", blank=True, verbose_name=_("met at"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["full_name", "id"]
        indexes = [
            GinIndex(name="contact_full_name_trgm", fields=["full_name"], opclasses=["gin_trgm_ops"]),
            GinIndex(name="contact_native_name_trgm", fields=["native_name"], opclasses=["gin_trgm_ops"]),
            GinIndex(name="contact_tags", fields=["tags"]),
            models.Index(fields=["email"], name="contact_email"),
            models.Index(fields=["updated_at", "id"], name="contact_updated_id"),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="contact_touch_updated_at",
                when=pgtrigger.Before,
                # On INSERT too: the database clock (not the app server's) stamps every change,
                # which incremental sync relies on (see delegations/api/sync.py).
                operation=pgtrigger.Insert | pgtrigger.Update,
                func="NEW.updated_at = clock_timestamp(); RETURN NEW;",
            ),
            pgtrigger.Trigger(
                name="contact_tombstone",
                when=pgtrigger.After,
                operation=pgtrigger.Delete,
                func=(
                    "INSERT INTO delegations_contacttombstone (contact_id, deleted_at, merged_into_id) "
                    "VALUES (OLD.id, clock_timestamp(), "
                    "NULLIF(current_setting('expo_portal.merged_into', true), '')::bigint) "
                    "ON CONFLICT (contact_id) DO UPDATE SET deleted_at = EXCLUDED.deleted_at; RETURN OLD;"
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class ContactTombstone(models.Model):
    """Left behind by every deleted contact (database trigger), so syncing clients can mirror deletions."""

    contact_id = models.BigIntegerField(unique=True)
    deleted_at = models.DateTimeField(db_index=True)
    merged_into_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["deleted_at", "contact_id"]

    def __str__(self) -> str:
        return f"contact {self.contact_id} deleted {self.deleted_at:%Y-%m-%d %H:%M}"


class BusyTime(models.Model):
    """One stretch of someone's (or some place's) timeline.

    Meetings, speaking slots, booth duty and itinerary items each write rows here
    through their services (to name a clash), and deferred database triggers recompute
    them from the items at commit whatever wrote the item (admin, bulk update, raw SQL;
    see ``common/db/busy_time.py``); the exclusion constraints make PostgreSQL refuse any
    double booking of a member, a contact or a bookable venue.
    """

    class Source(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        SPEAKING_SLOT = "speaking_slot", _("Speaking slot")
        BOOTH_SHIFT = "booth_shift", _("Booth duty")
        ITINERARY = "itinerary", _("Itinerary")

    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.CASCADE, related_name="busy_times")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="busy_times")
    venue = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.CASCADE, related_name="busy_times")
    during = DateTimeRangeField()
    source = models.CharField(max_length=20, choices=Source.choices)
    source_id = models.BigIntegerField()
    label = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, contact__isnull=True, venue__isnull=True)
                | Q(member__isnull=True, contact__isnull=False, venue__isnull=True)
                | Q(member__isnull=True, contact__isnull=True, venue__isnull=False),
                name="busy_time_exactly_one_subject",
            ),
            ExclusionConstraint(
                name="busy_time_no_member_overlap",
                expressions=[("member", RangeOperators.EQUAL), ("during", RangeOperators.OVERLAPS)],
                condition=Q(member__isnull=False),
            ),
            ExclusionConstraint(
                name="busy_time_no_contact_overlap",
                expressions=[("contact", RangeOperators.EQUAL), ("during", RangeOperators.OVERLAPS)],
                condition=Q(contact__isnull=False),
            ),
            ExclusionConstraint(
                name="busy_time_no_venue_overlap",
                expressions=[("venue", RangeOperators.EQUAL), ("during", RangeOperators.OVERLAPS)],
                condition=Q(venue__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["source", "source_id"], name="busy_time_source")]

    def __str__(self) -> str:
        return f"{self.label} ({self.during})"


class ContactImport(models.Model):
    """One spreadsheet import: the uploaded file, its column mapping, and how far it got.

    The file is kept in the database (not on one machine's disk) so any web process or worker
    can read it; progress is written from a separate connection while the import's own
    transaction is still open, so the page can show it.
    """

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    class State(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        MAPPED = "mapped", _("Columns mapped")
        VALIDATING = "validating", _("Checking")
        VALID = "valid", _("Ready to import")
        INVALID = "invalid", _("Has errors")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    class OnDuplicate(models.TextChoices):
        UPDATE = "update", _("Update the existing contact")
        SKIP = "skip", _("Skip the row")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    file_format = models.CharField(max_length=10, choices=Format.choices)
    encoding = models.CharField(max_length=20, blank=True)
    content = models.BinaryField()
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict, help_text="column index (as text) → contact field")
    on_duplicate = models.CharField(max_length=10, choices=OnDuplicate.choices, default=OnDuplicate.UPDATE)
    new_organization_kind = models.CharField(
        max_length=20, choices=Organization.Kind.choices, default=Organization.Kind.COMPANY
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.UPLOADED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    organizations_created = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, help_text="[{row, column, message}] (first 500)")
    error_count = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"


class DuplicateScan(models.Model):
    """The last list of likely duplicate contact pairs, kept with the state of the book it was computed for.

    Comparing names is quadratic within each organisation, so the list is computed once per
    change of the contact book, not once per page view (see delegations/duplicates.py).
    """

    book_version = models.CharField(max_length=100, unique=True)
    pairs = models.JSONField(default=list, help_text="[[first_id, second_id, reasons, score], …] best first")
    computed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{len(self.pairs)} likely duplicate pairs ({self.computed_at:%Y-%m-%d %H:%M})"
