"""jichitai card …: the virtual My Number card (demo only) and real card readers.

init-ca        テスト認証局を作る (refused under production settings)
issue          仮想カードを発行する
list           仮想カードの一覧
sign           仮想カードで署名する (challenge or data; JSON with base64 for API clients)
revoke         仮想カードの電子証明書を失効させる (new CRL, loaded)
refresh-crl    テスト認証局の失効リストを発行し直す (loaded)
read           カードの個人番号と基本4情報を読む (PC/SC reader, or --simulate CARD_ID)
bridge         窓口PCのカードリーダー中継 (http://127.0.0.1:PORT)
"""

from __future__ import annotations

import base64
import getpass
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jichitai.common.exceptions import DomainError
from jichitai.common.wareki import parse_date_input
from jichitai.identity.jpki.bridge import ReaderBridge
from jichitai.identity.jpki.card import CardTransport, MyNumberCardSession
from jichitai.identity.jpki.pcsc import pcsc_connect, pcsc_readers
from jichitai.identity.jpki.revocation import crl_load
from jichitai.identity.jpki.virtual_card import (
    VirtualCard,
    VirtualCertificateAuthority,
    virtual_card_issue,
)


class Command(BaseCommand):
    help = "仮想マイナンバーカード（デモ専用）とカードリーダーの操作。"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        init = actions.add_parser("init-ca", help="テスト認証局を作る（本番設定では拒否）")
        init.add_argument("--force", action="store_true", help="既存のテスト認証局を作り直す")
        issue = actions.add_parser("issue", help="仮想カードを発行する")
        issue.add_argument("--name", required=True, help="氏名（氏と名の間は全角空白）")
        issue.add_argument(
            "--birth-date", required=True, help="生年月日（2001-04-01 / 平成13年4月1日）"
        )
        issue.add_argument(
            "--sex", required=True, choices=["1", "2", "3"], help="1 男 / 2 女 / 3 不明"
        )
        issue.add_argument("--address", required=True, help="住所")
        issue.add_argument("--my-number", required=True, help="個人番号（12桁）")
        issue.add_argument(
            "--pin", default="1234", help="利用者証明用・券面事項入力補助用の暗証番号（4桁）"
        )
        issue.add_argument(
            "--signing-password",
            default="JICHITAI1",
            help="署名用パスワード（英大文字・数字6〜16文字）",
        )
        issue.add_argument("--name-substitute", help="氏名の代替文字の使用位置情報（例 10000）")
        issue.add_argument("--address-substitute", help="住所の代替文字の使用位置情報")
        actions.add_parser("list", help="仮想カードの一覧")
        sign = actions.add_parser("sign", help="仮想カードで署名する")
        sign.add_argument("--card", required=True, help="カードID（vc-…）")
        sign.add_argument(
            "--which",
            required=True,
            choices=["auth", "sign"],
            help="auth 利用者証明用 / sign 署名用",
        )
        source = sign.add_mutually_exclusive_group(required=True)
        source.add_argument("--data", help="署名するファイル（sign: CMS分離署名）")
        source.add_argument("--challenge", help="ログイン用チャレンジ（16進）")
        sign.add_argument("--pin", help="暗証番号またはパスワード（省略時は入力を求めます）")
        sign.add_argument(
            "--out",
            help="署名（DER）をこのファイルに書く（verify-signature --signature に渡せます）",
        )
        revoke = actions.add_parser("revoke", help="仮想カードの電子証明書を失効させる")
        revoke.add_argument("--card", required=True)
        actions.add_parser("refresh-crl", help="テスト認証局の失効リストを発行し直して取り込む")
        read = actions.add_parser("read", help="カードの個人番号と基本4情報を読む")
        read.add_argument("--reader", help="カードリーダー名（省略時は最初のもの）")
        read.add_argument("--simulate", metavar="CARD_ID", help="仮想カードを模擬リーダーで読む")
        read.add_argument("--pin", help="券面事項入力補助用暗証番号（省略時は入力を求めます）")
        bridge = actions.add_parser("bridge", help="窓口PCのカードリーダー中継を起動する")
        bridge.add_argument("--port", type=int, default=8765)
        bridge.add_argument("--simulate", metavar="CARD_ID", help="実機の代わりに仮想カードを使う")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        handler = getattr(self, "_" + action.replace("-", "_"))
        try:
            handler(**options)
        except DomainError as error:
            raise CommandError(f"{error.detail}（{error.code}）") from None

    def _init_ca(self, *, force: bool, **options: Any) -> None:
        directory = Path(settings.JPKI_TEST_CA_DIR)
        if (directory / "ca.pem").exists() and not force:
            raise CommandError(
                f"テスト認証局は既にあります（{directory}）。作り直すには --force（発行済みの仮想カードは使えなくなります）。"
            )
        authority = VirtualCertificateAuthority.create()
        crl_load(data=authority.crl_path.read_bytes())
        self.stdout.write(
            self.style.SUCCESS(
                f"テスト認証局を作りました（デモ専用）: {authority.certificate_path}\n"
                f"失効リスト: {authority.crl_path}（取込み済み）"
            )
        )

    def _issue(self, **options: Any) -> None:
        card = virtual_card_issue(
            name=options["name"],
            birth_date=parse_date_input(options["birth_date"]),
            sex=options["sex"],
            address=options["address"],
            my_number=options["my_number"],
            pin=options["pin"],
            signing_password=options["signing_password"],
            name_substitute=options["name_substitute"],
            address_substitute=options["address_substitute"],
        )
        self.stdout.write(card.card_id)

    def _list(self, **options: Any) -> None:
        for card in VirtualCard.list_all():
            not_after = card.signing_certificate.not_valid_after_utc
            self.stdout.write(
                f"{card.card_id}  発行 {card.issued_at:%Y-%m-%d}  有効期限 {not_after:%Y-%m-%d}"
            )

    def _sign(
        self,
        *,
        card: str,
        which: str,
        data: str | None,
        challenge: str | None,
        pin: str | None,
        out: str | None,
        **options: Any,
    ) -> None:
        virtual_card = VirtualCard.load(card)
        content = _read(data) if data is not None else _hex(challenge or "")
        secret = pin or getpass.getpass("暗証番号: ")
        if which == "auth":
            signature = virtual_card.sign_challenge(content, secret)
            certificate = virtual_card.authentication_certificate
        else:
            signature = virtual_card.sign_data(content, secret)
            certificate = virtual_card.signing_certificate
        der = certificate.public_bytes(serialization.Encoding.DER)
        if out is not None:
            Path(out).write_bytes(signature)
            self.stdout.write(self.style.SUCCESS(f"署名（DER）を {out} に書きました。"))
            return
        self.stdout.write(
            json.dumps(
                {
                    "signature": base64.b64encode(signature).decode("ascii"),
                    "signature_hex": signature.hex(),
                    "certificate": base64.b64encode(der).decode("ascii"),
                }
            )
        )

    def _revoke(self, *, card: str, **options: Any) -> None:
        virtual_card = VirtualCard.load(card)
        authority = VirtualCertificateAuthority.load()
        serials = (
            virtual_card.authentication_certificate.serial_number,
            virtual_card.signing_certificate.serial_number,
        )
        crl_load(data=authority.publish_crl(revoke=serials))
        self.stdout.write(
            self.style.SUCCESS(f"{card} の電子証明書を失効させ、失効リストを取り込みました。")
        )

    def _refresh_crl(self, **options: Any) -> None:
        authority = VirtualCertificateAuthority.load()
        load = crl_load(data=authority.publish_crl())
        self.stdout.write(
            self.style.SUCCESS(
                f"失効リストを取り込みました（次回更新 {load.next_update:%Y-%m-%d}）。"
            )
        )

    def _read(
        self, *, reader: str | None, simulate: str | None, pin: str | None, **options: Any
    ) -> None:
        transport = _transport(reader, simulate)
        info = MyNumberCardSession(transport).read_card_info(
            pin=pin or getpass.getpass("暗証番号（4桁）: ")
        )
        self.stdout.write(
            json.dumps(
                {
                    "my_number": info.my_number,
                    "name": info.name,
                    "address": info.address,
                    "birth_date": info.birth_date.isoformat(),
                    "sex": info.sex,
                },
                ensure_ascii=False,
            )
        )

    def _bridge(self, *, port: int, simulate: str | None, **options: Any) -> None:
        if simulate is not None:
            simulated = VirtualCard.load(simulate)
            server = ReaderBridge(
                port=port,
                allowed_origin=settings.JPKI_BRIDGE_ALLOWED_ORIGIN,
                connect=lambda _name: simulated.simulated(),
                list_readers=lambda: [f"仮想カード {simulate}（デモ）"],
            )
        else:
            server = ReaderBridge(
                port=port,
                allowed_origin=settings.JPKI_BRIDGE_ALLOWED_ORIGIN,
                connect=pcsc_connect,
                list_readers=pcsc_readers,
            )
        self.stdout.write(
            f"カードリーダー中継: http://127.0.0.1:{port}/ （{settings.JPKI_BRIDGE_ALLOWED_ORIGIN} から利用可）"
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()


def _transport(reader: str | None, simulate: str | None) -> CardTransport:
    if simulate is not None:
        return VirtualCard.load(simulate).simulated()
    return pcsc_connect(reader)


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"{path} を読み込めません: {error.strerror}") from None


def _hex(text: str) -> bytes:
    try:
        return bytes.fromhex(text)
    except ValueError:
        raise CommandError("--challenge は16進数で指定してください。") from None
