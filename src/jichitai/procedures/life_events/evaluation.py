"""Which procedures a life event leads to, for given facts, and the part of each form the event
fills (on top of the procedure's own prefill from the card, the register and the 転出証明書情報).

The facts are plain values, so the same rules serve a resident answering questions in 手続ナビ
(ages only, nobody in the register yet) and the counter (the people of the 転出証明書情報 or of
the register, with their birth dates).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jichitai.common.exceptions import FieldError
from jichitai.procedures.definitions import Procedure, form_field_schema
from jichitai.procedures.error_codes import LifeEventErrorCode
from jichitai.procedures.errors import LifeEventAnswersInvalid
from jichitai.procedures.life_events.definitions import (
    PERSON_ITEMS,
    Fill,
    LifeEvent,
    ProcedureRule,
    Text,
)

Answer = bool | str


@dataclass(frozen=True)
class Person:
    """One person the facts are about. `birth_date` when known (card, register, 転出証明書情報);
    else `age` as a resident says it in 手続ナビ (「8歳」), taken for both age bases."""

    key: str  # unique within the facts: a resident id, a position in the certificate, a row
    birth_date: dt.date | None = None
    age: int | None = None
    subject: bool = True  # one of the people the event is about (the arriving, the deceased)
    name: str = ""
    name_kana: str = ""
    relationship: str = ""
    resident_id: int | None = None

    def row(self) -> dict[str, Any]:
        """The person as a form row (only what is known; ISO dates, DESIGN.md)."""
        values = {
            "resident_id": self.resident_id,
            "name": self.name,
            "name_kana": self.name_kana,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "relationship": self.relationship,
        }
        return {k: values[k] for k in PERSON_ITEMS if values[k] not in (None, "")}


@dataclass(frozen=True)
class Facts:
    """What is known when the event is looked at: its date, the people, the answers."""

    event_on: dt.date
    people: tuple[Person, ...]
    answers: Mapping[str, Answer] = field(default_factory=dict)
    served: Person | None = None  # who is at the counter (the card holder), when known


@dataclass(frozen=True)
class Applicable:
    """One filing the event leads to: the procedure, why, whom it concerns and what the event
    fills of its form (`data`, keyed by the form's own fields)."""

    procedure: Procedure
    reason: Text
    people: tuple[Person, ...]
    person: Person | None  # the one person of a per-person filing (転入学)
    data: dict[str, Any]
    rule: ProcedureRule

    @property
    def key(self) -> str:
        """Stable within one evaluation: the procedure, and the person of a per-person filing."""
        return self.procedure.id + (f".{self.person.key}" if self.person else "")


# ---------------------------------------------------------------------------- ages


def _completed_years(birth_date: dt.date, on: dt.date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def age_reached(birth_date: dt.date, on: dt.date) -> int:
    """The age reached on `on`. 年齢計算ニ関スル法律 with 民法 第143条: an age is reached at the
    end of the day before the birthday, so on that day the person already counts as older
    (the 65歳に達した日 of 介護保険法 第9条 is the day before the 65th birthday)."""
    return _completed_years(birth_date, on + dt.timedelta(days=1))


def school_year_start(on: dt.date) -> dt.date:
    """4月1日 starting the 年度 (school and fiscal year) that contains `on`."""
    return dt.date(on.year if on.month >= 4 else on.year - 1, 4, 1)


def school_year_age(birth_date: dt.date, on: dt.date) -> int:
    """The age reached by the 31 March before the 年度 of `on`. 学校教育法 第17条: a child goes
    to school from the first 年度 after reaching 6, so 小学1年 has 6 here and 中学3年 14;
    児童手当法 第3条: a 児童 until the first 31 March after reaching 18, so 17 at most here."""
    return age_reached(birth_date, school_year_start(on) - dt.timedelta(days=1))


def _age(person: Person, basis: str, on: dt.date) -> int | None:
    if person.birth_date is None:
        return person.age
    if person.birth_date > on:
        return None
    if basis == "school_year":
        return school_year_age(person.birth_date, on)
    return age_reached(person.birth_date, on)


def school_grade(person: Person, on: dt.date) -> int | None:
    """学年 of compulsory education (小学1年 = 1 … 中学3年 = 9) in the 年度 of `on`, or None."""
    age = _age(person, "school_year", on)
    if age is None or not 6 <= age <= 14:
        return None
    return age - 5


# ---------------------------------------------------------------------------- conditions


def person_matches(person: Person, condition: Mapping[str, Any] | None, on: dt.date) -> bool:
    """A person condition of a rule file (`who`, `someone`): every key given holds."""
    if not condition:
        return True
    if "subject" in condition and person.subject != condition["subject"]:
        return False
    if "age" in condition:
        bounds = condition["age"]
        age = _age(person, bounds.get("basis", "event"), on)
        if age is None:
            return False
        if age < bounds.get("min", 0) or age > bounds.get("max", 150):
            return False
    return True


def condition_holds(condition: Mapping[str, Any] | None, facts: Facts) -> bool:
    """A rule's `when`: all / any / not / someone / answer … is."""
    if not condition:
        return True
    if "all" in condition:
        return all(condition_holds(part, facts) for part in condition["all"])
    if "any" in condition:
        return any(condition_holds(part, facts) for part in condition["any"])
    if "not" in condition:
        return not condition_holds(condition["not"], facts)
    if "someone" in condition:
        return any(person_matches(p, condition["someone"], facts.event_on) for p in facts.people)
    answer: Answer | None = facts.answers.get(condition["answer"])
    return bool(answer == condition["is"])


# ---------------------------------------------------------------------------- filling


def _set(data: dict[str, Any], pointer: str, value: Any) -> None:
    *parents, last = pointer.strip("/").split("/")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def _row_for(field_schema: Mapping[str, Any], person: Person) -> dict[str, Any]:
    """The person as a row of the field: only the items the field has."""
    known = field_schema.get("properties", {})
    return {k: v for k, v in person.row().items() if k in known}


def _fill_value(
    fill: Fill,
    procedure: Procedure,
    people: tuple[Person, ...],
    person: Person | None,
    facts: Facts,
) -> Any:
    on = facts.event_on
    if fill.source is None:
        return fill.value
    if fill.source == "event_date":
        return on.isoformat()
    if fill.source == "served_name_kana":
        return facts.served.name_kana if facts.served else None
    field_schema = form_field_schema(procedure.form, fill.field) or {}
    if fill.source == "people":
        items = field_schema.get("items", {})
        return [{**_row_for(items, p), **(fill.extra or {})} for p in people]
    if person is None:
        return None
    if fill.source == "person":
        return _row_for(field_schema, person)
    return school_grade(person, on)


def _filled(
    rule: ProcedureRule, people: tuple[Person, ...], person: Person | None, facts: Facts
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for fill in rule.fills:
        if not condition_holds(fill.when, facts):
            continue
        value = _fill_value(fill, rule.procedure, people, person, facts)
        if value is not None and value != []:
            _set(data, fill.field, value)
    return data


# ---------------------------------------------------------------------------- the selector


def answers_check(event: LifeEvent, answers: Mapping[str, Any]) -> dict[str, Answer]:
    """Every question answered with one of its answers, and nothing else answered. Raises
    LifeEventAnswersInvalid with one field error per question (`/answers/<id>`)."""
    errors = [
        FieldError(
            f"/answers/{question.id}",
            LifeEventErrorCode.ANSWER_MISSING,
            f"「{question.label.ja}」に答えてください。",
        )
        for question in event.questions
        if not question.accepts(answers.get(question.id))
    ]
    errors += [
        FieldError(
            "/answers",
            LifeEventErrorCode.ANSWER_UNKNOWN,
            "このライフイベントの質問ではありません。",
        )
        for key in answers
        if event.question(str(key)) is None
    ][:1]
    if errors:
        raise LifeEventAnswersInvalid(errors=errors)
    return {question.id: answers[question.id] for question in event.questions}


def applicable(event: LifeEvent, facts: Facts) -> list[Applicable]:
    """手続の判定: every filing the event leads to for these facts, in the file's order, with
    its reason and the fields the event fills. Raises LifeEventAnswersInvalid when a question
    is unanswered or answered with what it does not take."""
    facts = dataclasses.replace(facts, answers=answers_check(event, facts.answers))
    found: list[Applicable] = []
    for rule in event.rules:
        if not condition_holds(rule.when, facts):
            continue
        people = tuple(p for p in facts.people if person_matches(p, rule.who, facts.event_on))
        if rule.who is not None and not people:
            continue
        for person in people if rule.each_person else (None,):
            found.append(
                Applicable(
                    procedure=rule.procedure,
                    reason=rule.reason,
                    people=(person,) if person else people,
                    person=person,
                    data=_filled(rule, people, person, facts),
                    rule=rule,
                )
            )
    return found
