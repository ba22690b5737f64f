"""添付書類 (attachments): PDF, JPEG or PNG only, at most 10 MB, recognised by their content.

The file's name and the browser's Content-Type are chosen by the sender and prove nothing;
the first bytes of the file do. A PNG named `.pdf` is stored as what it is, a PNG; an `.exe`
named `.pdf` is refused. The stored name is random (`secrets.token_urlsafe`), so neither the
resident's file name (often their own name) nor a guessable path reaches the storage.

Three fixed signatures are all that is needed, so they are checked here rather than through
libmagic or a sniffing package:
- PDF: `%PDF-` (ISO 32000-2 §7.5.2, the file header);
- PNG: the 8-byte signature 89 50 4E 47 0D 0A 1A 0A (ISO/IEC 15948 §5.2);
- JPEG: SOI FF D8 followed by a marker FF (ITU-T T.81 Annex B).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

MAX_BYTES = 10 * 1024 * 1024
MAX_MB = MAX_BYTES // (1024 * 1024)

_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)


@dataclass(frozen=True)
class Upload:
    """One file as received (the portal and the API build these from the request)."""

    kind: str
    content: bytes


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str


def content_sniff(content: bytes) -> Sniffed | None:
    """The accepted type the bytes really are, or None."""
    for signature, content_type, extension in _SIGNATURES:
        if content.startswith(signature):
            return Sniffed(content_type=content_type, extension=extension)
    return None


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def storage_name(*, lg_code: str, folder: str, extension: str) -> str:
    """A non-guessable storage path: 256 bits of randomness, no trace of the sender's name."""
    return f"procedures/{lg_code}/{folder}/{secrets.token_urlsafe(32)}.{extension}"
