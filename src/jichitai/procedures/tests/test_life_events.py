"""Life events (procedures/life_events): every rule file loads, a wrong one stops start-up with
its path and the exact problem, and the rules decide the procedures of story step 4 and of the
other events with their reasons and the fields they fill."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from jichitai.departments.services import is_allowance_child
from jichitai.procedures.errors import LifeEventAnswersInvalid, LifeEventNotFound
from jichitai.procedures.life_events import (
    LifeEventError,
    age_reached,
    life_events,
    life_events_load,
    school_grade,
    school_year_age,
)
from jichitai.procedures.life_events.definitions import RULES_DIR, life_event_file_load
from jichitai.procedures.selectors import (
    Facts,
    Person,
    life_event_applicable,
    life_event_get,
    life_event_list,
)

APRIL_7 = dt.date(2026, 4, 7)
HANAKO = Person(key="0", name="山田花子", name_kana="ヤマダ ハナコ", birth_date=dt.date(1990, 5, 1))
TARO = Person(key="1", name="山田太郎", relationship="子", birth_date=dt.date(2017, 11, 3))
JIRO = Person(key="2", name="山田次郎", relationship="子", birth_date=dt.date(2022, 10, 1))


def _story(**answers: Any) -> Facts:
    return Facts(
        event_on=APRIL_7,
        people=(HANAKO, TARO, JIRO),
        answers=answers or {"employee_insurance": False},
        served=HANAKO,
    )


def _by_key(event_id: str, facts: Facts) -> dict[str, Any]:
    return {a.key: a for a in life_event_applicable(event_id=event_id, facts=facts)}


# ---------------------------------------------------------------------------- the rules


def test_the_six_life_events_load_in_the_order_people_meet_them() -> None:
    assert [e.id for e in life_event_list()] == [
        "move_in",
        "move_out",
        "move_within",
        "birth",
        "death",
        "marriage_name_change",
    ]
    assert life_events() is life_events()  # checked once, at start-up
    assert all(e.name.ja and e.name.easy and e.name.en for e in life_event_list())


def test_story_move_in_proposes_the_four_procedures_with_reasons() -> None:
    found = _by_key("move_in", _story())
    assert list(found) == [
        "nhi_membership",
        "child_allowance_claim",
        "school_transfer.1",  # the 8-year-old only
        "child_medical_subsidy",
    ]
    assert "国民健康保険" in found["nhi_membership"].reason.ja
    assert found["school_transfer.1"].reason.en.startswith("A child of elementary")
    assert "{" in found["child_allowance_claim"].reason.easy  # ruby for やさしい日本語


def test_story_move_in_fills_what_the_event_knows() -> None:
    found = _by_key("move_in", _story())
    assert found["nhi_membership"].data == {
        "kind": "資格取得",
        "reason": "転入",
        "occurred_on": "2026-04-07",
        "members": [
            {"name": "山田花子", "name_kana": "ヤマダ ハナコ", "birth_date": "1990-05-01"},
            {"name": "山田太郎", "birth_date": "2017-11-03", "relationship": "子"},
            {"name": "山田次郎", "birth_date": "2022-10-01", "relationship": "子"},
        ],
    }
    claim = found["child_allowance_claim"].data
    assert [c["name"] for c in claim["children"]] == ["山田太郎", "山田次郎"]
    assert all(c["lives_with_applicant"] for c in claim["children"])
    assert claim["pension"] == "国民年金"
    assert claim["bank_account"] == {"holder_kana": "ヤマダ ハナコ"}
    assert found["school_transfer.1"].data == {
        "child": {"name": "山田太郎", "birth_date": "2017-11-03"},
        "grade": 3,
        "moved_in_on": "2026-04-07",
    }
    assert found["child_medical_subsidy"].data["insurance"] == "国民健康保険"


def test_employee_insurance_means_no_nhi_and_the_employees_pension() -> None:
    found = _by_key("move_in", _story(employee_insurance=True))
    assert "nhi_membership" not in found
    assert found["child_allowance_claim"].data["pension"] == "厚生年金"
    assert found["child_medical_subsidy"].data["insurance"] == "職場の健康保険"


def test_a_resident_answering_in_the_navigator_needs_no_register() -> None:
    # 手続ナビ: ages as the resident says them, nobody recorded, no card.
    facts = Facts(
        event_on=APRIL_7,
        people=(Person(key="a", age=70), Person(key="b", age=10)),
        answers={"employee_insurance": True},
    )
    found = _by_key("move_in", facts)
    assert list(found) == [
        "child_allowance_claim",
        "school_transfer.b",
        "child_medical_subsidy",
        "care_insurance_qualification",
    ]
    assert found["care_insurance_qualification"].people == (Person(key="a", age=70),)
    assert "bank_account" not in found["child_allowance_claim"].data  # nobody served


def test_unanswered_and_unknown_answers_are_refused_per_question() -> None:
    with pytest.raises(LifeEventAnswersInvalid) as refused:
        life_event_applicable(
            event_id="death",
            facts=Facts(event_on=APRIL_7, people=(HANAKO,), answers={"in_nhi": "yes"}),
        )
    assert [e.field for e in refused.value.errors] == ["/answers/in_nhi", "/answers/funeral_held"]
    with pytest.raises(LifeEventAnswersInvalid) as unknown:
        life_event_applicable(
            event_id="move_within",
            facts=Facts(event_on=APRIL_7, people=(HANAKO,), answers={"<script>": True}),
        )
    assert [e.field for e in unknown.value.errors] == ["/answers"]


def test_an_unknown_life_event_is_not_found() -> None:
    with pytest.raises(LifeEventNotFound):
        life_event_get(event_id="moving_to_mars")


def test_death_of_a_74_year_old_in_nhi_after_the_funeral() -> None:
    deceased = Person(key="9", name="山田一郎", birth_date=dt.date(1951, 6, 1), resident_id=9)
    facts = Facts(
        event_on=APRIL_7,
        people=(deceased, dataclasses.replace(HANAKO, subject=False)),
        answers={"in_nhi": True, "funeral_held": True},
    )
    found = _by_key("death", facts)
    assert list(found) == ["nhi_withdrawal", "funeral_expenses.9", "care_insurance_qualification"]
    assert found["funeral_expenses.9"].data["deceased"]["resident_id"] == 9
    assert [p.key for p in found["nhi_withdrawal"].people] == ["9"]  # not the survivors


def test_after_75_the_funeral_benefit_is_not_the_nhi_s() -> None:
    deceased = Person(key="9", birth_date=dt.date(1940, 1, 1))
    facts = Facts(
        event_on=APRIL_7, people=(deceased,), answers={"in_nhi": True, "funeral_held": True}
    )
    assert "funeral_expenses.9" not in _by_key("death", facts)


def test_birth_with_an_allowance_already_received_revises_it() -> None:
    baby = Person(key="n", name="山田三郎", relationship="子", birth_date=APRIL_7)
    facts = Facts(
        event_on=APRIL_7,
        people=(baby,),
        answers={"receives_child_allowance": True, "in_nhi": False},
    )
    found = _by_key("birth", facts)
    assert list(found) == ["child_allowance_revision", "child_medical_subsidy"]
    assert found["child_allowance_revision"].data["added_children"] == [
        {"name": "山田三郎", "birth_date": "2026-04-07", "relationship": "子"}
    ]


# ---------------------------------------------------------------------------- ages


def test_an_age_is_reached_the_day_before_the_birthday() -> None:
    # 年齢計算ニ関スル法律: 65歳に達した日 is the day before the 65th birthday.
    assert age_reached(dt.date(1961, 4, 8), dt.date(2026, 4, 7)) == 65
    assert age_reached(dt.date(1961, 4, 9), dt.date(2026, 4, 7)) == 64
    assert age_reached(dt.date(2000, 2, 29), dt.date(2026, 2, 28)) == 26


@pytest.mark.parametrize(
    ("birth_date", "grade"),
    [
        (dt.date(2020, 4, 1), 1),  # 早生まれ: reached 6 on 31 March 2026
        (dt.date(2020, 4, 2), None),  # reaches 6 on 1 April: school from 2027
        (dt.date(2011, 4, 2), 9),  # 中学3年
        (dt.date(2011, 4, 1), None),  # finished compulsory school
    ],
)
def test_the_school_grade_follows_the_school_education_act(
    birth_date: dt.date, grade: int | None
) -> None:
    assert school_grade(Person(key="c", birth_date=birth_date), APRIL_7) == grade


@pytest.mark.parametrize(
    "birth_date",
    [dt.date(2008, 4, 1), dt.date(2008, 4, 2), dt.date(2007, 4, 2), dt.date(2009, 3, 31)],
)
def test_the_allowance_age_agrees_with_the_departments_rule(birth_date: dt.date) -> None:
    # 児童手当法 第3条 in the rule files (school_year age ≤ 17) and in departments: the same.
    for on in (dt.date(2026, 3, 31), APRIL_7, dt.date(2027, 3, 31)):
        in_rule = school_year_age(birth_date, on) <= 17
        assert in_rule == is_allowance_child(birth_date=birth_date, on=on), (birth_date, on)


# ---------------------------------------------------------------------------- wrong files


def _valid() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load((RULES_DIR / "move_in.yaml").read_text(encoding="utf-8"))
    return raw


def _write(tmp_path: Path, raw: Any, name: str = "move_in.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_a_copy_of_a_valid_file_loads(tmp_path: Path) -> None:
    assert life_event_file_load(_write(tmp_path, _valid())).name.ja == "転入"


def _set(pointer: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(raw: dict[str, Any]) -> None:
        *parents, last = pointer.strip("/").split("/")
        node: Any = raw
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return change


def _decided_at_counter(procedure_id: str) -> Callable[[dict[str, Any]], None]:
    def change(raw: dict[str, Any]) -> None:
        raw["procedures"][0].update(procedure=procedure_id, complete_at_counter=True)

    return change


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (_set("/id", "moving"), "must equal the file name"),
        (_set("/register", "maybe"), "/register: 'maybe' is not one of"),
        (_set("/procedures/0/procedure", "tea_ceremony"), "the catalog has no procedure"),
        (_set("/procedures/0/procedure", "move_in_reservation"), "is not filed at a counter"),
        (_set("/procedures/0/fill/0/field", "/colour"), "/colour is not a field of"),
        (_set("/procedures/0/fill/0/value", "資格を得た"), "/fill/0/value: does not fit /kind"),
        (_set("/procedures/0/fill/2/from", "people"), "people gives a array"),
        (_set("/procedures/0/fill/3/from", "person"), "person needs each: person"),
        (_set("/procedures/0/when/answer", "income"), "no question 'income'"),
        (_set("/procedures/0/when/is", "yes"), "'yes' is not an answer of"),
        (_set("/procedures/1/fill/1/when/is", 1), "/procedures/1/fill/1/when"),
        (_set("/procedures/1/fill/0/with", {"lives_with_applicant": "yes"}), "with/lives_with"),
        (_set("/questions/0/label/en", "日本語"), "/questions/0/label/en"),
        (_set("/procedures/2/each", "household"), "/procedures/2/each"),
        (_set("/procedures/0/complete_at_counter", "yes"), "/procedures/0/complete_at_counter"),
        (_decided_at_counter("nursery_application"), "reviewed in 2 steps"),
    ],
)
def test_a_wrong_file_fails_with_its_path_and_the_problem(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], problem: str
) -> None:
    raw = copy.deepcopy(_valid())
    change(raw)
    with pytest.raises(LifeEventError) as failed:
        life_event_file_load(_write(tmp_path, raw))
    assert str(failed.value).startswith(str(tmp_path / "move_in.yaml"))
    assert problem in str(failed.value)


def test_a_question_asked_twice_fails(tmp_path: Path) -> None:
    raw = _valid()
    raw["questions"].append(copy.deepcopy(raw["questions"][0]))
    with pytest.raises(LifeEventError, match="each id may appear only once"):
        life_event_file_load(_write(tmp_path, raw))


def test_a_file_that_is_not_yaml_or_an_empty_directory_fails(tmp_path: Path) -> None:
    with pytest.raises(LifeEventError, match="no life-event files"):
        life_events_load(tmp_path)
    (tmp_path / "move_in.yaml").write_text("id: [", encoding="utf-8")
    with pytest.raises(LifeEventError, match="not valid YAML"):
        life_events_load(tmp_path)
