"""Role predicates shared by pages, API and admin (django-rules)."""

from __future__ import annotations

import rules

OFFICE_GROUP = "office"

is_office = rules.is_superuser | rules.is_group_member(OFFICE_GROUP)


def user_is_office(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and is_office.test(user)
