"""Writes and business rules of the pavilion side: ``profiles`` (booth profiles: edit, review,
publish), ``team`` (invitations and team membership), ``leads`` (booth leads) and ``mail``.

Every service is keyword-only and atomic; history is recorded by database triggers (pghistory),
with the acting user attached to the history context. E-mails go out after the commit.
"""

from exhibitors.services.profiles import (
    BOOTH_LANGUAGES,
    EDITABLE_FIELDS,
    MAX_GALLERY_IMAGES,
    MAX_PATENTS,
    MAX_SOLUTIONS,
    ProfileVersionConflict,
    gallery_image_add,
    gallery_image_remove,
    profile_get_or_create,
    profile_has_unpublished_changes,
    profile_publish,
    profile_remove_logo,
    profile_send_back,
    profile_set_logo,
    profile_snapshot,
    profile_submit,
    profile_update,
)
from exhibitors.services.team import (
    exhibitor_invite,
    invitation_accept,
    invitation_token,
    invitation_user,
    membership_remove,
    team_join_accept,
    team_join_offer,
    team_join_token,
)

__all__ = [
    "BOOTH_LANGUAGES",
    "EDITABLE_FIELDS",
    "MAX_GALLERY_IMAGES",
    "MAX_PATENTS",
    "MAX_SOLUTIONS",
    "ProfileVersionConflict",
    "exhibitor_invite",
    "gallery_image_add",
    "gallery_image_remove",
    "invitation_accept",
    "invitation_token",
    "invitation_user",
    "membership_remove",
    "profile_get_or_create",
    "profile_has_unpublished_changes",
    "profile_publish",
    "profile_remove_logo",
    "profile_send_back",
    "profile_set_logo",
    "profile_snapshot",
    "profile_submit",
    "profile_update",
    "team_join_accept",
    "team_join_offer",
    "team_join_token",
]
