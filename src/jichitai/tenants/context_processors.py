from __future__ import annotations

from django.http import HttpRequest


def municipality(request: HttpRequest) -> dict[str, object]:
    """The municipality of the `/<lg_code>/…` page, for the header of every template."""
    return {"municipality": getattr(request, "municipality", None)}
