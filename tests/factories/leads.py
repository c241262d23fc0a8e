"""Helpers for the pavilion-office tests: complete and published booth profiles without real files."""

from __future__ import annotations

from exhibitors.models import BoothProfile, Exhibitor, GalleryImage
from tests.factories import BoothProfileFactory

LONG_TEXT = "<p>" + " ".join(["word"] * 40) + "</p>"


def complete_profile(exhibitor: Exhibitor, **overrides: object) -> BoothProfile:
    """A profile meeting every completeness item (logo and gallery are file names only)."""
    fields = {
        "exhibitor": exhibitor,
        "tagline": "Smart care at home",
        "description": LONG_TEXT,
        "solutions": [{"name": "CareHub", "line": "Sensors for independent living"}],
        "website": "https://care.example.org",
        "languages": ["en", "zh-hant"],
        "contact_name": "Lin Mei",
        "contact_email": "lin@example.org",
        "logo": "logos/care.png",
        **overrides,
    }
    profile = BoothProfileFactory(**fields)
    GalleryImage.objects.create(profile=profile, image="gallery/booth.png")
    return profile


def publish(profile: BoothProfile) -> BoothProfile:
    """Make the working copy the published one, without the review flow (set-up only)."""
    from exhibitors.services import profile_snapshot

    profile.published = profile_snapshot(profile)
    profile.status = BoothProfile.Status.PUBLISHED
    profile.save()
    return profile
