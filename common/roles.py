"""Role predicates shared by pages, API and admin (django-rules)."""

from __future__ import annotations

import rules
from django.contrib.auth.base_user import AbstractBaseUser

OFFICE_GROUP = "office"

is_office = rules.is_superuser | rules.is_group_member(OFFICE_GROUP)


def user_is_office(user: object) -> bool:
    # API keys authenticate as a stand-in that is not a Django user: never office staff.
    return isinstance(user, AbstractBaseUser) and user.is_authenticated and is_office.test(user)
