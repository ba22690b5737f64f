"""Who acts, as the audit log and the idempotency store see it: a staff user, an anonymous
visitor, or a resident signed in with their card (procedures.actors.ResidentActor). A
Protocol, because they share no base class."""

from __future__ import annotations

from typing import Any, Protocol


class Actor(Protocol):
    """Anything with Django's user shape: `pk`, `is_authenticated`, `get_username()`."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...

    def get_username(self) -> str: ...
