"""How complete a booth profile is: which items are missing, and a percentage.

Used by the profile page (the meter), the office's pavilion overview and the deadline e-mails.
Patents are optional (not every exhibitor holds one) and do not count.
For lists of profiles, prefetch ``gallery`` (``exhibitors.selectors``) to keep it one query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from exhibitors.models import BoothProfile
from exhibitors.sanitize import rich_text_to_plain

MIN_DESCRIPTION_WORDS = 30


@dataclass(frozen=True)
class CompletenessItem:
    key: str
    label: Promise | str
    done: bool


@dataclass(frozen=True)
class Completeness:
    items: list[CompletenessItem] = field(default_factory=list)

    @property
    def missing(self) -> list[CompletenessItem]:
        return [item for item in self.items if not item.done]

    @property
    def missing_keys(self) -> list[str]:
        return [item.key for item in self.missing]

    @property
    def percent(self) -> int:
        if not self.items:
            return 0
        return round(100 * sum(item.done for item in self.items) / len(self.items))

    @property
    def is_complete(self) -> bool:
        return not self.missing


def _description_done(p: BoothProfile) -> bool:
    return len(rich_text_to_plain(p.description).split()) >= MIN_DESCRIPTION_WORDS


CHECKS: list[tuple[str, Promise, Callable[[BoothProfile], bool]]] = [
    ("company_name", _("Company name"), lambda p: bool(p.company_name.strip())),
    ("tagline", _("Tagline"), lambda p: bool(p.tagline.strip())),
    ("category", _("Category"), lambda p: bool(p.exhibitor.category)),
    ("description", _("Description of at least 30 words"), _description_done),
    ("solutions", _("At least one solution"), lambda p: any((s or {}).get("name") for s in p.solutions or [])),
    ("website", _("Website"), lambda p: bool(p.website)),
    ("languages", _("Languages spoken at the booth"), lambda p: bool(p.languages)),
    ("contact", _("Contact person with e-mail"), lambda p: bool(p.contact_name.strip() and p.contact_email)),
    ("logo", _("Logo"), lambda p: bool(p.logo)),
    ("gallery", _("At least one gallery image"), lambda p: len(p.gallery.all()) > 0),
]


def profile_completeness(profile: BoothProfile) -> Completeness:
    """Check every item of ``profile`` (prefetch ``gallery`` and select ``exhibitor`` for lists)."""
    return Completeness(items=[CompletenessItem(key, label, bool(check(profile))) for key, label, check in CHECKS])
