"""Permissions over the people side: only the office reads and changes it."""

import rules

from common.roles import is_office

for model in ("expo", "delegation", "member", "venue", "traveltime", "itineraryitem", "organization", "contact"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"delegations.{action}_{model}", is_office)
rules.add_perm("delegations.view_contacttombstone", is_office)
rules.add_perm("delegations", is_office)
