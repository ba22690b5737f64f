"""What higher apps add to the municipality's home page (`/<lg_code>/`).

The home page belongs to tenants (the municipality, its contact and 開庁時間), but part of
what a newcomer looks for there is known only above it: the 窓口 (which 課 handles what,
where) are identity's `Department` rows, and tenants sits below identity in the layers
(pyproject.toml, import-linter). Rather than move the page up, or let tenants import
upward, a higher app registers a context provider here when it starts — as wagtail's apps
plug into its admin by hooks, and as procedures gives identity its department keys
(identity.department_keys). tenants calls the providers without knowing who they are; the
imports stay downward and the page keeps its URL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jichitai.tenants.models import Municipality

HomeContextProvider = Callable[[Municipality], dict[str, Any]]

_providers: dict[str, HomeContextProvider] = {}


def home_context_register(name: str, provider: HomeContextProvider) -> None:
    """Called once by a higher app's `ready()`; the same name again replaces the provider."""
    _providers[name] = provider


def home_context(municipality: Municipality) -> dict[str, Any]:
    """The context every registered provider gives for this municipality's home page."""
    context: dict[str, Any] = {}
    for provider in _providers.values():
        context.update(provider(municipality))
    return context
