from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from jichitai.identity.jpki.bridge import ReaderBridge
from jichitai.identity.tests.conftest import JpkiWorld

ORIGIN = "http://127.0.0.1:8000"


@pytest.fixture
def bridge(jpki_world: JpkiWorld) -> Iterator[str]:
    card = jpki_world.taro
    server = ReaderBridge(
        port=0,
        allowed_origin=ORIGIN,
        connect=lambda _name: card.simulated(),
        list_readers=lambda: ["模擬リーダー"],
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _call(
    url: str, *, body: dict[str, Any] | None = None, origin: str = ORIGIN
) -> tuple[int, dict[str, Any], Any]:
    request = urllib.request.Request(  # noqa: S310 - loopback test server
        url,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Origin": origin, "Content-Type": "application/json"},
        method="POST" if body is not None else "GET",
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 - loopback test server
            return answer.status, json.loads(answer.read()), answer.headers
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read()), error.headers


def test_bridge_lists_readers_for_the_counter_page(bridge: str) -> None:
    status, body, headers = _call(f"{bridge}/readers")
    assert (status, body) == (200, {"readers": ["模擬リーダー"]})
    assert headers["Access-Control-Allow-Origin"] == ORIGIN


def test_bridge_reads_my_number_and_basic_four_with_the_pin(bridge: str) -> None:
    status, body, _ = _call(f"{bridge}/read", body={"pin": "4321"})
    assert status == 200
    assert body == {
        "my_number": "234567890121",
        "name": "山田　太郎",
        "address": "群馬県みどり市大間々町大間々１５１１番地",
        "birth_date": "1958-11-03",
        "sex": "1",
    }


def test_bridge_refuses_other_origins(bridge: str) -> None:
    status, body, headers = _call(f"{bridge}/readers", origin="https://evil.example")
    assert status == 403 and body["code"] == "bridge.origin_refused"
    assert "Access-Control-Allow-Origin" not in headers


def test_bridge_reports_pin_format_and_wrong_pin(bridge: str, jpki_world: JpkiWorld) -> None:
    status, body, _ = _call(f"{bridge}/read", body={"pin": "12"})
    assert (status, body["code"]) == (422, "bridge.pin_format")
    status, body, _ = _call(f"{bridge}/read", body={"pin": "0000"})
    assert (status, body["code"], body["tries_left"]) == (422, "jpki.card_pin_wrong", 2)
    # The right PIN afterwards resets the count for the next sessions.
    assert _call(f"{bridge}/read", body={"pin": "4321"})[0] == 200
