"""The pavilion: exhibitors, who acts for them, their booth profiles and the leads they log."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from delegations.models import Contact, Expo, Organization, Venue

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class Pavilion(models.Model):
    expo = models.OneToOneField(Expo, on_delete=models.CASCADE, related_name="pavilion")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(unique=True)
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    profile_deadline = models.DateField(_("profile deadline"), null=True, blank=True)
    is_public = models.BooleanField(_("page is public"), default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Exhibitor(models.Model):
    class Category(models.TextChoices):
        SMART_CARE = "smart_care", _("Smart care")
        WASTE_RECYCLING = "waste_recycling", _("Waste & recycling")
        MUSEUM_CULTURE = "museum_culture", _("Museum & culture tech")
        MOBILITY = "mobility", _("Mobility")
        ENERGY = "energy", _("Energy & environment")
        SAFETY = "safety", _("Safety & security")
        OTHER = "other", _("Other")

    pavilion = models.ForeignKey(Pavilion, on_delete=models.CASCADE, related_name="exhibitors")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField()
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    booth_code = models.CharField(_("booth"), max_length=30, blank=True)
    booth = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.SET_NULL, related_name="exhibitors")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="exhibitors"
    )
    users: models.ManyToManyField[User, ExhibitorMembership] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="ExhibitorMembership", related_name="exhibitors"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pavilion", "name"]
        constraints = [
            models.UniqueConstraint(fields=["pavilion", "slug"], name="exhibitor_unique_slug_per_pavilion"),
            models.UniqueConstraint(fields=["pavilion", "name"], name="exhibitor_unique_name_per_pavilion"),
        ]

    def __str__(self) -> str:
        return self.name


class ExhibitorMembership(models.Model):
    """Which users act for which exhibitor; an exhibitor admin may invite and remove colleagues."""

    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exhibitor_memberships")
    is_admin = models.BooleanField(_("exhibitor admin"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["exhibitor", "user"], name="exhibitor_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.exhibitor}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class BoothProfile(models.Model):
    """The exhibitor's working copy; ``published`` keeps what the public sees until the next publish."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")

    exhibitor = models.OneToOneField(Exhibitor, on_delete=models.CASCADE, related_name="profile")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    company_name = models.CharField(_("company name"), max_length=200)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Sanitised HTML."))
    solutions = models.JSONField(_("solutions"), default=list, blank=True)
    patents = models.JSONField(_("patents"), default=list, blank=True)
    website = models.URLField(_("website"), blank=True)
    languages = ArrayField(models.CharField(max_length=12), default=list, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    logo_thumbnail = models.ImageField(_("logo thumbnail"), upload_to="logos/thumbs/", blank=True)
    version = models.PositiveIntegerField(default=1, help_text=_("Bumped on every save; a stale save is refused."))
    review_comment = models.TextField(_("review comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published = models.JSONField(_("published version"), null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["company_name"]

    def __str__(self) -> str:
        return self.company_name


class GalleryImage(models.Model):
    profile = models.ForeignKey(BoothProfile, on_delete=models.CASCADE, related_name="gallery")
    image = models.ImageField(upload_to="gallery/")
    thumbnail = models.ImageField(upload_to="gallery/thumbs/", blank=True)
    caption = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["profile", "position", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name


LEAD_NOTE_MAX_LENGTH = 4000  # a page of text: more than any booth note, far less than an upload


class Lead(models.Model):
    """A person met at the booth; private to its exhibitor and the office."""

    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="leads")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="leads")
    full_name = models.CharField(_("name"), max_length=200)
    organization_name = models.CharField(_("organisation"), max_length=300, blank=True)
    country = CountryField(_("country"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    interest = models.CharField(_("interest"), max_length=200, blank=True)
    # max_length bounds the form and the API field; the validator the service's full_clean; the
    # constraint every other path.
    note = models.TextField(
        _("note"), blank=True, max_length=LEAD_NOTE_MAX_LENGTH, validators=[MaxLengthValidator(LEAD_NOTE_MAX_LENGTH)]
    )
    shared_with_office = models.BooleanField(_("share with the office"), default=False)
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(full_name=""), name="lead_has_name"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), LEAD_NOTE_MAX_LENGTH), name="lead_note_bounded"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class ProfileDeadlineNotice(models.Model):
    """One deadline e-mail sent to one exhibitor; the unique row keeps a second run from sending it again."""

    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="deadline_notices")
    deadline = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    recipients = ArrayField(models.EmailField(), default=list, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibitor", "deadline", "days_before"], name="profile_deadline_notice_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exhibitor} — {self.days_before} day(s) before {self.deadline}"
