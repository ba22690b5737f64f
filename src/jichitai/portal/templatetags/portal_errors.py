"""Refusals on the portal's card and signing pages (portal.refusals), for the templates:

    {% refusal error secret="pin" card="card_id" answer="signature" as refused %}
    {% include "includes/error_summary.html" with errors=refused.lines code=refused.code %}
    {% include "portal/includes/input_error.html" with id="pin" message=refused|message_for:"pin" %}

Each keyword names the id of the input this page has for that purpose; leave out what the page
lacks. `uploads` are the kinds of the files sent (the confirm page).
"""

from __future__ import annotations

from collections.abc import Sequence

from django import template

from jichitai.common.exceptions import DomainError
from jichitai.portal.refusals import Refusal, refusal_of

register = template.Library()


@register.simple_tag
def refusal(
    error: DomainError | None, *, uploads: Sequence[str] = (), **inputs: str
) -> Refusal | None:
    if error is None:
        return None
    return refusal_of(error, inputs=inputs, uploads=uploads)


@register.filter
def message_for(refused: Refusal | None, input_id: str) -> str:
    """The refusal's message for that input ("" when it is about another, or none)."""
    return refused.message_for(input_id) if refused is not None else ""
