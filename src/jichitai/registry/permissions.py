"""Who may use the register (住民記録), for its pages and its API alike (one place, so the two
cannot drift apart)."""

from __future__ import annotations

from jichitai.identity.access import Role

# 窓口 and 住民記録審査 both read the register and take ordinary 届出; corrections, the
# cancellation of a change and the full 個人番号 need 住民記録審査 (番号法 第9条 for the last).
STAFF_ROLES = (Role.COUNTER, Role.REGISTRY_REVIEW)
REVIEW_ROLES = (Role.REGISTRY_REVIEW,)
# 支援措置責任者 (住民基本台帳事務処理要領 第5-10): the same review role starts, extends and
# ends a 支援措置 and alone may release a protected person's certificate after review.
SUPPORT_ROLES = REVIEW_ROLES
