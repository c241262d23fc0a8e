"""Exhibitor users act for their own exhibitors only; the office acts for all."""

from __future__ import annotations

import rules

from common.roles import is_office


@rules.predicate
def is_exhibitor_member(user, exhibitor) -> bool:
    if exhibitor is None or not getattr(user, "is_authenticated", False):
        return False
    return exhibitor.memberships.filter(user=user).exists()


@rules.predicate
def is_exhibitor_admin(user, exhibitor) -> bool:
    if exhibitor is None or not getattr(user, "is_authenticated", False):
        return False
    return exhibitor.memberships.filter(user=user, is_admin=True).exists()


@rules.predicate
def is_member_of_objects_exhibitor(user, obj) -> bool:
    exhibitor = getattr(obj, "exhibitor", None)
    return is_exhibitor_member(user, exhibitor)


rules.add_perm("exhibitors.view_exhibitor", is_office | is_exhibitor_member)
rules.add_perm("exhibitors.change_exhibitor", is_office)
rules.add_perm("exhibitors.manage_team", is_office | is_exhibitor_admin)
rules.add_perm("exhibitors.view_boothprofile", is_office | is_member_of_objects_exhibitor)
rules.add_perm("exhibitors.change_boothprofile", is_office | is_member_of_objects_exhibitor)
rules.add_perm("exhibitors.publish_boothprofile", is_office)
rules.add_perm("exhibitors.view_lead", is_office | is_member_of_objects_exhibitor)
rules.add_perm("exhibitors.add_lead", is_office | is_exhibitor_member)
rules.add_perm("exhibitors.change_lead", is_office | is_member_of_objects_exhibitor)
rules.add_perm("exhibitors.delete_lead", is_office | is_member_of_objects_exhibitor)
