"""Who may use the cases of online and counter procedures, for the inbox pages and the API
alike (one place, so the two cannot drift apart)."""

from __future__ import annotations

from jichitai.identity.access import Role
from jichitai.registry.permissions import STAFF_ROLES

# Which departments' cases each of them reads is selectors.case_departments_for_staff (need
# to know); which of them may act on a given case is the procedure file's business
# (workflow roles), checked by the services.
READ_ROLES = (Role.COUNTER, Role.REGISTRY_REVIEW, Role.DEPARTMENT)
PROCESS_ROLES = READ_ROLES
# A case taken at the counter (書かない窓口) is created by its staff.
CREATE_ROLES = (Role.COUNTER,)
# Who may also open the register's pages from a case (registry.permissions).
REGISTRY_ROLES = frozenset(STAFF_ROLES)
