"""カードリーダー中継 (reader bridge): a tiny HTTP server on the counter PC, 127.0.0.1 only.

The counter page in the browser asks it for the connected readers and, with the 4-digit
券面事項入力補助 PIN the resident types, for the card's 個人番号 and 基本4情報 — so nobody
copies them by hand. Only the configured origin (JPKI_BRIDGE_ALLOWED_ORIGIN) may call it
from a browser (CORS), the Host header must name the loopback address (against DNS
rebinding), and POST needs a JSON body (which forces a CORS preflight). Nothing read from the
card is logged or kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from jichitai.common.error_codes import CommonErrorCode
from jichitai.identity.jpki.card import CardTransport, MyNumberCardSession
from jichitai.identity.jpki.error_codes import JpkiErrorCode
from jichitai.identity.jpki.errors import JpkiError, ReaderUnavailable

ConnectCard = Callable[[str | None], CardTransport]
ListReaders = Callable[[], list[str]]
_PIN = re.compile(r"\d{4}")
_LOOPBACK_HOSTS = ("127.0.0.1", "localhost")
_MAX_BODY = 1024


class ReaderBridge(ThreadingHTTPServer):
    """The bridge server; `connect` and `list_readers` are PC/SC unless a test gives others."""

    daemon_threads = True

    def __init__(
        self,
        *,
        port: int,
        allowed_origin: str,
        connect: ConnectCard,
        list_readers: ListReaders,
    ) -> None:
        super().__init__(("127.0.0.1", port), _BridgeHandler)
        self.allowed_origin = allowed_origin
        self.connect = connect
        self.list_readers = list_readers


class _BridgeHandler(BaseHTTPRequestHandler):
    server: ReaderBridge

    def _origin_allowed(self) -> bool:
        origin = self.headers.get("Origin")
        return origin is None or origin == self.server.allowed_origin

    def _host_allowed(self) -> bool:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        return host in _LOOPBACK_HOSTS

    def _answer(self, status: HTTPStatus, body: dict[str, Any] | None = None) -> None:
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else b""
        self.send_response(status)
        if self.headers.get("Origin") == self.server.allowed_origin:
            self.send_header("Access-Control-Allow-Origin", self.server.allowed_origin)
            self.send_header("Vary", "Origin")
        self.send_header("Cache-Control", "no-store")
        if body is not None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _refuse_foreign(self) -> bool:
        if self._host_allowed() and self._origin_allowed():
            return False
        self._answer(
            HTTPStatus.FORBIDDEN,
            {
                "code": JpkiErrorCode.BRIDGE_ORIGIN_REFUSED,
                "detail": "この画面からはカードリーダーを使えません。",
            },
        )
        return True

    def do_OPTIONS(self) -> None:
        if self._refuse_foreign():
            return
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Access-Control-Allow-Origin", self.server.allowed_origin)
        self.send_header("Access-Control-Allow-Methods", "GET, POST")
        self.send_header("Access-Control-Allow-Headers", "Content-Type")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        if self._refuse_foreign():
            return
        if self.path != "/readers":
            self._answer(
                HTTPStatus.NOT_FOUND, {"code": CommonErrorCode.NOT_FOUND, "detail": "ありません。"}
            )
            return
        try:
            self._answer(HTTPStatus.OK, {"readers": self.server.list_readers()})
        except ReaderUnavailable as error:
            self._answer(HTTPStatus.SERVICE_UNAVAILABLE, _problem(error))

    def do_POST(self) -> None:
        if self._refuse_foreign():
            return
        if self.path != "/read":
            self._answer(
                HTTPStatus.NOT_FOUND, {"code": CommonErrorCode.NOT_FOUND, "detail": "ありません。"}
            )
            return
        request = self._json_body()
        pin = request.get("pin") if request is not None else None
        if not isinstance(pin, str) or not _PIN.fullmatch(pin):
            self._answer(
                HTTPStatus.UNPROCESSABLE_ENTITY,
                {
                    "code": JpkiErrorCode.BRIDGE_PIN_FORMAT,
                    "detail": "暗証番号は数字4桁で入力してください。",
                },
            )
            return
        reader = request.get("reader") if request is not None else None
        try:
            session = MyNumberCardSession(
                self.server.connect(reader if isinstance(reader, str) else None)
            )
            info = session.read_card_info(pin=pin)
        except ReaderUnavailable as error:
            self._answer(HTTPStatus.SERVICE_UNAVAILABLE, _problem(error))
            return
        except JpkiError as error:
            self._answer(HTTPStatus.UNPROCESSABLE_ENTITY, _problem(error))
            return
        self._answer(
            HTTPStatus.OK,
            {
                "my_number": info.my_number,
                "name": info.name,
                "address": info.address,
                "birth_date": info.birth_date.isoformat(),
                "sex": info.sex,
            },
        )

    def _json_body(self) -> dict[str, Any] | None:
        if not (self.headers.get("Content-Type") or "").startswith("application/json"):
            return None
        length = int(self.headers.get("Content-Length") or 0)
        if not 0 < length <= _MAX_BODY:
            return None
        try:
            body = json.loads(self.rfile.read(length))
        except ValueError:
            return None
        return body if isinstance(body, dict) else None


def _problem(error: JpkiError) -> dict[str, Any]:
    return {"code": error.code, "detail": error.detail, **error.extra}
