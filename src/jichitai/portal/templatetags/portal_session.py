"""The portal's session-expiry warning (WCAG 2.2.1): the limits the page's script counts."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("portal/includes/session_timeout.html", takes_context=True)
def session_timeout(context: template.Context) -> dict[str, Any]:
    idle = int(settings.SESSION_COOKIE_AGE)
    # At least 20 s to answer the warning, and never a warning before the session began.
    warning = max(20, min(int(settings.JICHITAI_SESSION_WARNING_SECONDS), idle // 2))
    return {
        "municipality": context["municipality"],
        "idle_seconds": idle,
        "idle_minutes": max(1, idle // 60),
        "warning_seconds": warning,
    }
