"""Private calendar subscription feeds: issue, regenerate and revoke a member's feed token."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from delegations.models import Member
from meetings.models import CalendarFeedToken

if TYPE_CHECKING:
    from common.actors import Actor


def feed_token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def calendar_feed_issue(*, member: Member, actor: Actor | None) -> str:
    """Give a member a new feed URL token (the old one, if any, stops working).

    Side effects: revokes the live ``CalendarFeedToken`` and stores the new one's hash.
    Returns the raw token — shown once, never stored.
    """
    Member.objects.select_for_update().filter(pk=member.pk).first()
    CalendarFeedToken.objects.filter(member=member, revoked_at__isnull=True).update(revoked_at=timezone.now())
    raw = secrets.token_urlsafe(32)
    CalendarFeedToken.objects.create(
        member=member,
        token_hash=feed_token_hash(raw),
        prefix=raw[:8],
        created_by_id=getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None,
    )
    return raw


@transaction.atomic
def calendar_feed_revoke(*, member: Member, actor: Actor | None) -> int:
    """Stop the member's feed URL at once; returns how many tokens were revoked (0 or 1)."""
    return CalendarFeedToken.objects.filter(member=member, revoked_at__isnull=True).update(revoked_at=timezone.now())


def calendar_feed_touch(*, token: CalendarFeedToken) -> None:
    """Note that a calendar app fetched the feed (at most once a minute)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        CalendarFeedToken.objects.filter(pk=token.pk).update(last_used_at=now)
