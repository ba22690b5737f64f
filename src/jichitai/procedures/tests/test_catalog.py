"""The procedure catalog: every file loads, and a wrong file stops start-up with its path and
the exact problem."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.utils import translation

from jichitai.procedures.definitions import (
    CATALOG_DIR,
    CatalogError,
    catalog,
    catalog_load,
    procedure_file_load,
)

REQUIRED_PROCEDURES = {
    "転出届",
    "転入予約",
    "転居届",
    "住民票の写しの交付請求",
    "児童手当の認定請求",
    "児童手当の現況届",
    "児童手当の額改定請求",
    "保育施設等の利用申込",
    "妊娠の届出",
    "要介護・要支援認定の申請",
    "介護保険被保険者証の再交付申請",
    "国民健康保険の資格取得・喪失の届出",
    "転入学の届出",
}


def test_every_procedure_file_loads() -> None:
    loaded = catalog_load()
    assert len(loaded) == len(list(CATALOG_DIR.glob("*.yaml")))
    assert {p.name for p in loaded.values()} >= REQUIRED_PROCEDURES


def test_the_catalog_was_checked_at_start_up() -> None:
    # ProceduresConfig.ready loaded it; the same objects come back.
    assert catalog() is catalog()
    assert "move_out" in catalog()


def test_the_juminhyo_request_costs_300_yen_online() -> None:
    request = catalog()["juminhyo_request"]
    assert request.fee == 300
    assert request.accepts("online")
    assert request.signature_required
    assert [a.action for a in request.on_approval] == ["registry.certificate"]


def test_each_procedure_cites_its_law() -> None:
    bases = {p.id: {str(b) for b in p.legal_basis} for p in catalog().values()}
    assert "住民基本台帳法 第24条" in bases["move_out"]
    assert "住民基本台帳法 第23条" in bases["move_within"]
    assert "住民基本台帳法 第22条" in bases["move_in_reservation"]
    assert "住民基本台帳法 第12条" in bases["juminhyo_request"]
    assert "児童手当法 第7条" in bases["child_allowance_claim"]
    assert "母子保健法 第15条" in bases["pregnancy_notification"]
    assert "介護保険法 第27条" in bases["care_need_certification"]
    assert "国民健康保険法 第9条" in bases["nhi_membership"]


def test_departments_without_a_system_say_so_in_the_file() -> None:
    for procedure in catalog().values():
        for approval in procedure.on_approval:
            if approval.action == "none":
                assert approval.note.strip(), procedure.id


def _valid() -> dict[str, Any]:
    catalog: dict[str, Any] = yaml.safe_load(
        (CATALOG_DIR / "move_out.yaml").read_text(encoding="utf-8")
    )
    return catalog


def _write(tmp_path: Path, raw: Any, name: str = "move_out.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_a_copy_of_a_valid_file_loads(tmp_path: Path) -> None:
    assert procedure_file_load(_write(tmp_path, _valid())).name == "転出届"


def _drop(key: str) -> Callable[[dict[str, Any]], None]:
    return lambda raw: raw.pop(key)


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(raw: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        node: Any = raw
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[int(last) if isinstance(node, list) else last] = value

    return change


def _drop_at(path: str, key: str) -> Callable[[dict[str, Any]], None]:
    def change(raw: dict[str, Any]) -> None:
        node: Any = raw
        for part in path.split("/"):
            node = node[int(part)] if isinstance(node, list) else node[part]
        node.pop(key)

    return change


BROKEN = {
    "missing key": (_drop("fee"), "'fee' is a required property"),
    "unknown key": (_set("colour", "red"), "Additional properties are not allowed"),
    "fee not integer yen": (_set("fee", 300.5), "/fee: 300.5 is not of type 'integer'"),
    "unknown channel": (_set("channels", ["fax"]), "/channels/0: 'fax' is not one of"),
    "unknown life event": (_set("life_events", ["宝くじ"]), "/life_events/0"),
    "article not an article": (_set("legal_basis/0/article", "24"), "/legal_basis/0/article"),
    "form is not a JSON Schema": (
        _set("form/properties/planned_move_on/type", "datum"),
        "/form/properties/planned_move_on/type: not a valid JSON Schema",
    ),
    "field without a title": (
        _set("form/properties/planned_move_on", {"type": "string"}),
        "/form/properties/planned_move_on: every field needs a Japanese 'title'",
    ),
    "required item that is not a field": (
        _set("form/required", ["planned_move_on", "holder_kana"]),
        "/form/required: 'holder_kana' is required but not a field of the form",
    ),
    "prefill target missing from the form": (
        _set("prefill/0/field", "/applicant/nickname"),
        "/prefill/0/field: /applicant/nickname is not a field of the form",
    ),
    "prefill item unknown to its source": (
        _set("prefill/0/item", "blood_type"),
        "/prefill/0/item: card has no item 'blood_type'",
    ),
    "unknown action": (
        _set("on_approval/0/action", "registry.teleport"),
        "/on_approval/0/action: unknown action 'registry.teleport'",
    ),
    "action none without a note": (
        _set("on_approval", [{"action": "none"}]),
        "'note' is a required property",
    ),
    "unknown role": (
        _set("workflow/0/role", "mayor"),
        "/workflow/0/role: unknown role 'mayor'",
    ),
    "unknown department": (
        _set("department", "fortune_telling"),
        "/department: unknown department 'fortune_telling'",
    ),
    "duplicate workflow step": (
        _set("workflow", [{"step": "a", "name": "一", "role": "department"}] * 2),
        "/workflow: each step may appear only once",
    ),
    "id differs from the file name": (_set("id", "move_away"), "must equal the file name"),
    "name without its English": (_drop("name_en"), "'name_en' is a required property"),
    "blank English summary": (_set("summary_en", " "), "/summary_en: ' ' does not match"),
    "field title without its English": (
        _set("form/properties/planned_move_on", {"type": "string", "title": "転出予定日"}),
        "/form/properties/planned_move_on: 'x-title-en' is a required property",
    ),
    "nested description without its English": (
        _set(
            "form/properties/applicant/properties/phone",
            {"type": "string", "title": "電話", "x-title-en": "Phone", "description": "数字で"},
        ),
        "/form/properties/applicant/properties/phone: 'x-description-en' is a required property",
    ),
    "choices without their English": (
        _set(
            "form/properties/purpose",
            {
                "type": "string",
                "title": "目的",
                "x-title-en": "Purpose",
                "enum": ["就職", "その他"],
            },
        ),
        "/form/properties/purpose: 'x-enum-en' is a required property",
    ),
    "English of a choice the enum does not have": (
        _set(
            "form/properties/purpose",
            {
                "type": "string",
                "title": "目的",
                "x-title-en": "Purpose",
                "enum": ["就職", "その他"],
                "x-enum-en": {"就職": "Work", "旅行": "Travel"},
            },
        ),
        "/form/properties/purpose/x-enum-en: give the English of each value of the enum",
    ),
    "attachment without its English": (
        _set("attachments", [{"kind": "photo", "name": "写真", "required": False}]),
        "/attachments/0: 'name_en' is a required property",
    ),
    "law without its English": (_drop_at("legal_basis/0", "law_en"), "'law_en' is a required"),
    "easy Japanese with a broken reading": (
        _set("summary_easy", "{転出届|てんしゅつとどけ です。"),
        "/summary_easy",
    ),
}


@pytest.mark.parametrize("case", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_file_fails_with_its_path_and_the_problem(
    tmp_path: Path, case: tuple[Callable[[dict[str, Any]], None], str]
) -> None:
    change, problem = case
    raw = copy.deepcopy(_valid())
    change(raw)
    path = _write(tmp_path, raw)
    with pytest.raises(CatalogError) as failure:
        catalog_load(tmp_path)
    assert str(failure.value).startswith(f"{path}: ")
    assert problem in str(failure.value)


def test_a_file_that_is_not_yaml_fails_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(CatalogError, match="not valid YAML") as failure:
        catalog_load(tmp_path)
    assert failure.value.path == path


def test_an_empty_catalog_directory_fails(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="no procedure files"):
        catalog_load(tmp_path)


# A Japanese character, a space, a Japanese character: what a YAML folded string (`>-`) leaves
# where a line of Japanese text was broken (「転出予定日の 翌日から」). Japanese has no spaces
# between words, so each one is a mistake a reader notices.
_JAPANESE = "[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]"
_STRAY_SPACE = re.compile(f"{_JAPANESE} {_JAPANESE}")


def _strings(node: Any, at: str = "") -> list[tuple[str, str]]:
    if isinstance(node, str):
        return [(at, node)]
    if isinstance(node, dict):
        return [s for key, value in node.items() for s in _strings(value, f"{at}/{key}")]
    if isinstance(node, list):
        return [s for index, value in enumerate(node) for s in _strings(value, f"{at}/{index}")]
    return []


@pytest.mark.parametrize("path", sorted(CATALOG_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_catalog_texts_have_no_stray_spaces(path: Path) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    stray = [(at, text) for at, text in _strings(raw) if _STRAY_SPACE.search(text)]
    assert stray == []


def test_a_choice_of_people_must_name_a_household_field(tmp_path: Path) -> None:
    raw = _valid()
    raw["form"]["properties"]["new_head_resident_id"]["x-choices-from"] = "/applicant"
    with pytest.raises(CatalogError, match="x-choices-from: /applicant is not a field prefilled"):
        procedure_file_load(_write(tmp_path, raw))


# --------------------------------------------------------------------------- English

# The procedures residents use most: each has a summary in やさしい日本語.
EASY_JAPANESE_PROCEDURES = {
    "move_out",
    "move_in_reservation",
    "move_within",
    "juminhyo_request",
    "child_allowance_claim",
    "pregnancy_notification",
    "nursery_application",
}
_LATIN = re.compile("[A-Za-z]")


def _texts_without_english(node: Any, at: str) -> list[str]:
    """Where a form text a resident reads has no English beside it, at any depth."""
    if isinstance(node, list):
        return [m for i, item in enumerate(node) for m in _texts_without_english(item, f"{at}/{i}")]
    if not isinstance(node, dict):
        return []
    missing = [
        f"{at}/{key}"
        for key, english in (("title", "x-title-en"), ("description", "x-description-en"))
        if key in node and not _LATIN.search(str(node.get(english, "")))
    ]
    if "enum" in node:
        labels = node.get("x-enum-en", {})
        missing += [f"{at}/enum/{v}" for v in node["enum"] if not _LATIN.search(labels.get(v, ""))]
    return missing + [
        m
        for key, value in node.items()
        if key != "x-enum-en"
        for m in _texts_without_english(value, f"{at}/{key}")
    ]


@pytest.mark.parametrize("path", sorted(CATALOG_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_text_a_resident_reads_has_its_english(path: Path) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    missing = [key for key in ("name_en", "summary_en") if not _LATIN.search(raw.get(key, ""))]
    missing += [
        f"/legal_basis/{i}" for i, b in enumerate(raw["legal_basis"]) if not b.get("law_en")
    ]
    for i, attachment in enumerate(raw["attachments"]):
        missing += [
            f"/attachments/{i}/{key}"
            for key in ("name", "description")
            if key in attachment and not _LATIN.search(attachment.get(f"{key}_en", ""))
        ]
    missing += _texts_without_english(raw["form"], "/form")
    assert missing == []


def test_the_most_used_procedures_have_a_summary_in_easy_japanese() -> None:
    assert {p.id for p in catalog().values() if p.summary_easy} >= EASY_JAPANESE_PROCEDURES


def test_the_english_form_accepts_what_the_japanese_form_accepts() -> None:
    procedure = catalog()["juminhyo_request"]
    with translation.override("en"):
        english = procedure.localized
    assert english.name == "Request for a certificate of residence (住民票の写し)"
    purpose = english.form["properties"]["purpose"]
    assert purpose["title"] == "Purpose"
    assert purpose["enum"] == procedure.form["properties"]["purpose"]["enum"]
    assert purpose["x-enum-titles"][0] == "General procedures"
    assert english.legal_basis[0] == "Basic Resident Registration Act, Article 12"
    with translation.override("ja"):
        assert procedure.localized.form is procedure.form
