"""jichitai verify-signature --data FILE --signature FILE: re-verify a JPKI signature.

Exit 0 when the CMS signature is valid over the data with a valid 署名用電子証明書;
exit 1 with the Japanese reason and its code otherwise.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jichitai.common.exceptions import DomainError
from jichitai.identity.jpki.signatures import verify_detached_signature


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"{path} を読み込めません: {error.strerror}") from None


def _signature_der(content: bytes) -> bytes:
    """The CMS signature as DER, from DER itself, its Base64 text, or the JSON that
    `jichitai card sign` prints (its "signature" member)."""
    if content[:1] == b"\x30":  # an ASN.1 SEQUENCE: DER already
        return content
    text = content.decode("utf-8", errors="replace").strip()
    if text.startswith("{"):
        try:
            text = str(json.loads(text)["signature"])
        except (ValueError, KeyError, TypeError):
            raise CommandError("署名のJSONに signature がありません。") from None
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error:
        raise CommandError(
            "署名は DER、その Base64、または card sign の出力で指定してください。"
        ) from None


class Command(BaseCommand):
    help = "申請データの電子署名（CMS分離署名・署名用電子証明書）を検証します。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data", required=True, help="署名されたデータ（正規化済みJSONなど）")
        parser.add_argument(
            "--signature",
            required=True,
            help="CMS署名のファイル（DER、Base64、または jichitai card sign の出力JSON）",
        )
        parser.add_argument("--at", help="この日時時点で検証する（ISO 8601、省略時は現在）")

    def handle(self, *args: Any, data: str, signature: str, at: str | None, **options: Any) -> None:
        moment = _moment(at)
        try:
            verified = verify_detached_signature(
                _read(data), _signature_der(_read(signature)), moment
            )
        except DomainError as error:
            raise CommandError(f"無効: {error.detail}（{error.code}）", returncode=1) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"有効: {verified.kind.label}（シリアル {verified.serial}、"
                f"有効期限 {timezone.localtime(verified.not_after):%Y-%m-%d}、発行者 {verified.issuer}）"
            )
        )


def _moment(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise CommandError("--at は ISO 8601 の日時で指定してください。") from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
