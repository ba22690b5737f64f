"""Which input of a portal page a refused card step or submission is about, so the page shows
its message next to that input and the error summary links there (WCAG 3.3.1, 1.3.1), as the
forms do with their own errors.

The card pages name their inputs by what the resident does with them: `card` (the demo
device's virtual card), `secret` (the 利用者証明用 暗証番号 at sign-in, the 署名用電子証明書の
パスワード elsewhere), `answer` and `certificate` (what a JPKI client produced). A page passes
the ids of the inputs it has; a refusal about an input the page lacks is a summary line
without a link. Attachments are `attachment-<kind>`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from jichitai.common.exceptions import DomainError
from jichitai.common.templatetags.jichitai_ui import SummaryLine

# What each refusal is about, by its stable code (identity.jpki.errors, portal views).
ABOUT: dict[str, str] = {
    "jpki.card_pin_wrong": "secret",
    "jpki.card_pin_blocked": "secret",
    "jpki.virtual_card_not_found": "card",
    "jpki.virtual_card_invalid": "card",
    # A signature by someone else's card: the card chosen is the mistake.
    "jpki.signer_not_applicant": "card",
    "portal.answer_unreadable": "answer",
    "portal.signature_unreadable": "answer",
    "jpki.signature_malformed": "answer",
    "jpki.signature_invalid": "answer",
    "jpki.certificate_malformed": "certificate",
    "jpki.certificate_expired": "certificate",
    "jpki.certificate_not_yet_valid": "certificate",
    "jpki.certificate_revoked": "certificate",
    "jpki.unknown_ca": "certificate",
    "jpki.key_usage_invalid": "certificate",
    "jpki.algorithm_unsupported": "certificate",
    "jpki.authentication_certificate_required": "certificate",
    "jpki.signing_certificate_required": "certificate",
}

_ATTACHMENT = re.compile(r"^/attachments/([^/]+)")


@dataclass(frozen=True)
class Refusal:
    """A refusal as the page shows it: the summary's lines, each input's message, the code."""

    lines: list[SummaryLine]
    code: str
    messages: dict[str, str] = field(default_factory=dict)

    def message_for(self, input_id: str) -> str:
        return self.messages.get(input_id, "")


def refusal_of(
    error: DomainError, *, inputs: dict[str, str], uploads: Sequence[str] = ()
) -> Refusal:
    """The refusal placed on the page's inputs: `inputs` maps what an input is for (`secret`,
    `card`, `answer`, `certificate`) to its id on this page; `uploads` are the kinds of the
    files sent, in the order the service numbered them (`/attachments/0` …)."""
    if not error.errors:
        about = inputs.get(ABOUT.get(error.code, ""), "")
        messages = {about: error.detail} if about else {}
        return Refusal([SummaryLine(error.detail, about)], error.code, messages)
    lines, messages = [], {}
    for problem in error.errors:
        anchor = _attachment_input(problem.field, uploads)
        if anchor:
            messages.setdefault(anchor, problem.message)
        lines.append(SummaryLine(problem.message, anchor))
    return Refusal(lines, error.code, messages)


def _attachment_input(pointer: str, uploads: Sequence[str]) -> str:
    """`attachment-<kind>` for an error on an attachment (by kind, or by its place among the
    files sent); "" for an error on the application's data, which this page does not edit."""
    match = _ATTACHMENT.match(pointer)
    if match is None:
        return ""
    key = match.group(1)
    if key.isdigit():
        index = int(key)
        return f"attachment-{uploads[index]}" if index < len(uploads) else ""
    return f"attachment-{key}"
