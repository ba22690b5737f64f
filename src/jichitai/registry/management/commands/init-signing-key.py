"""jichitai init-signing-key LG_CODE: the municipality's key for signing certificates.

Without options it makes a self-signed ECDSA P-256 certificate (enough to detect any change
to an issued PDF). A municipality with a certificate from a real CA imports it with
--key-file/--cert-file (and --ca-file for the CA verification anchors on). The private key
is stored encrypted with JICHITAI_ENCRYPTION_KEYS. certificate_issue makes a self-signed key
by itself on first use, so this command is needed only to import or to rotate.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jichitai.registry.certificates.errors import SigningKeyError
from jichitai.registry.certificates.signing import signing_key_generate, signing_key_import
from jichitai.tenants.errors import MunicipalityNotFound
from jichitai.tenants.selectors import municipality_get_served


def _read(path: str | None) -> bytes | None:
    if path is None:
        return None
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"{path} を読み込めません: {error.strerror}") from None


class Command(BaseCommand):
    help = "証明書に電子署名する団体の署名鍵と証明書を作成（または取込み）します。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("lg_code", help="団体コード（6桁）")
        parser.add_argument("--key-file", help="取り込む秘密鍵（PEM/DER）")
        parser.add_argument("--cert-file", help="取り込む署名用証明書（PEM/DER）")
        parser.add_argument("--ca-file", help="信頼点とする認証局の証明書（PEM、複数可）")
        parser.add_argument("--key-password-file", help="秘密鍵のパスワードを書いたファイル")
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="使用中の鍵を退役させて新しい鍵にする（旧鍵で署名した証明書は引き続き検証できます）",
        )

    def handle(self, *args: Any, lg_code: str, **options: Any) -> None:
        try:
            municipality = municipality_get_served(lg_code=lg_code)
        except MunicipalityNotFound:
            raise CommandError(f"団体コード {lg_code} の団体は利用されていません。") from None
        key_data, cert_data = _read(options["key_file"]), _read(options["cert_file"])
        if (key_data is None) != (cert_data is None):
            raise CommandError("--key-file と --cert-file は両方指定してください。")
        password = _read(options["key_password_file"])
        try:
            if key_data is not None and cert_data is not None:
                key = signing_key_import(
                    municipality=municipality,
                    key_data=key_data,
                    certificate_data=cert_data,
                    trust_roots_data=_read(options["ca_file"]) or b"",
                    password=password.strip() if password else None,
                    rotate=options["rotate"],
                )
            else:
                key = signing_key_generate(municipality=municipality, rotate=options["rotate"])
        except SigningKeyError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{municipality.full_name}の署名鍵を登録しました。"
                f"証明書: {key.subject}（SHA-256 {key.fingerprint}、有効期限 {key.not_after:%Y-%m-%d}）"
            )
        )
