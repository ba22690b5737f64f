"""One text rule for the API and the HTML forms (issue 9, finding 4): NUL, ESC and the bidi
override U+202E in 氏名, 本籍 and 備考 are refused by both channels with the same code, and
nothing is written."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jichitai.common.text import TextValidator, text_is_clean
from jichitai.registry.models import Change, Resident
from jichitai.registry.tests.views.helpers import move_in_data as _move_in_data
from jichitai.registry.tests.views.helpers import url as _url
from jichitai.tenants.models import Municipality
from jichitai.testing.client import ClientResponse

ENTRY_URL = "/api/v1/102121/registry/changes/entry"
PERSON = {
    "name": "佐藤　一郎",
    "name_kana": "サトウ　イチロウ",
    "birth_date": "1980-02-03",
    "sex": "1",
    "relationship": "世帯主",
}
ENTRY = {
    "type": "move_in",
    "effective_on": "2026-04-06",
    "address": {"address": "群馬県みどり市笠懸町鹿2952番地"},
    "people": [PERSON],
}
# What the review stored through the API: NUL, ESC and RIGHT-TO-LEFT OVERRIDE.
BAD = ["\x00", "\x1b[31m", "\u202e"]


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 4, 7))


def _entry(client: Client, body: dict[str, Any]) -> ClientResponse:
    return client.post(ENTRY_URL, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize(
    ("where", "body"),
    [
        (
            "/body/body/people/0/name",
            lambda bad: {**ENTRY, "people": [{**PERSON, "name": f"佐藤{bad}一郎"}]},
        ),
        (
            "/body/body/people/0/domicile",
            lambda bad: {**ENTRY, "people": [{**PERSON, "domicile": f"東京都{bad}"}]},
        ),
        ("/body/body/note", lambda bad: {**ENTRY, "note": f"備考{bad}"}),
    ],
    ids=["name", "domicile", "note"],
)
def test_the_api_refuses_control_and_bidi_characters(
    clerk_client: Client, midori: Municipality, bad: str, where: str, body: Any
) -> None:
    response = _entry(clerk_client, body(bad))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [(where, "text.invalid_character")]
    assert Resident.objects.count() == 0 and Change.objects.count() == 0


@pytest.mark.parametrize("bad", ["\x1b[31m", "\u202e"])
@pytest.mark.parametrize("field", ["people-0-name", "people-0-domicile", "note"])
def test_the_forms_refuse_the_same_characters(
    clerk_client: Client, midori: Municipality, bad: str, field: str
) -> None:
    response = clerk_client.post(_url("move-in/"), _move_in_data(**{field: f"東京{bad}"}))
    assert response.status_code == 200
    assert "使用できない文字" in response.content.decode()
    assert Resident.objects.count() == 0 and Change.objects.count() == 0


def test_the_rule_is_one_function_for_both_channels() -> None:
    for bad in [*BAD, "\u2066", "\ud800", "\x85"]:
        assert not text_is_clean(f"山田{bad}")
    assert text_is_clean("髙橋　花子 Smith-Jones・ﾀﾛｳ \ue000")  # private use: 外字
    assert not text_is_clean("一行目\n二行目") and text_is_clean("一行目\n二行目", multiline=True)
    assert TextValidator().code == "text.invalid_character"


def test_case_data_in_either_channel_keeps_to_the_rule(
    clerk_client: Client, midori: Municipality
) -> None:
    response = clerk_client.post(
        "/api/v1/102121/cases",
        json.dumps({"procedure_id": "juminhyo_request", "data": {"purpose": "提出\u202e"}}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert {e["code"] for e in response.json()["errors"]} == {"text.invalid_character"}

    from jichitai.procedures.selectors import procedure_get
    from jichitai.procedures.validation import data_errors

    errors = data_errors(
        procedure=procedure_get(procedure_id="juminhyo_request"), data={"purpose": "提出\x00"}
    )
    assert ("/purpose", "text.invalid_character") in [(e.field, e.code) for e in errors]
