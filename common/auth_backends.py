"""Sign-in without implicit rights: Django's model permissions grant nothing in the portal.

``ModelBackend`` still checks passwords and loads the signed-in user, but a permission ticked
in the admin (on a user or a group) is not a right: only the rules in ``common/rules.py``
decide, through ``rules.permissions.ObjectPermissionBackend``. A superuser passes every rule
(Django's own ``is_superuser`` shortcut), which matches "a superuser is office staff with every
right".
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class PortalModelBackend(ModelBackend):
    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return False
