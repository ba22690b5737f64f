"""The catalog's department keys (`residents`, `child`, …) a 課 may take care of.

identity sits below procedures and must not import it, yet the 職員管理 pages offer the
catalog's keys as choices and the services refuse an unknown one. procedures registers its
keys here when it starts (procedures.apps), as wagtail's apps plug into the admin by a hook.
"""

from __future__ import annotations

from collections.abc import Mapping

_registered: dict[str, str] = {}


def department_keys_register(keys: Mapping[str, str]) -> None:
    """Called once by the catalog's app: key → label, in the catalog's order."""
    _registered.clear()
    _registered.update(keys)


def department_key_choices() -> list[tuple[str, str]]:
    """(key, label) of every registered catalog department, in the catalog's order."""
    return list(_registered.items())
