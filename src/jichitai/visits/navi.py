"""手続ナビ (procedure navigator): a few questions about a life event, then the procedures the
resident needs, from the counter's life-event rules (procedures.selectors.life_event_*), in
日本語, やさしい日本語 or English. Nothing is stored: ages and answers only, no names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from jichitai.procedures.selectors import (
    Applicable,
    Facts,
    LifeEvent,
    Person,
    Text,
    life_event_applicable,
)

LANGUAGES = ("ja", "easy", "en")
# People a household enters by age on the page (a larger household uses the counter).
PEOPLE_MAX = 8
AGE_MAX = 130


def language_of(query: QueryDict) -> str:
    lang = query.get("lang", "ja")
    return lang if lang in LANGUAGES else "ja"


def text_in(text: Text, lang: str) -> str:
    return str(getattr(text, lang))


@dataclass(frozen=True)
class NaviQuestion:
    id: str
    label: str
    help: str
    choices: list[tuple[str, str]]
    answer: str


@dataclass(frozen=True)
class NaviResult:
    name: str
    reason: str
    online: bool
    bring: list[str]
    procedure_id: str


def _choices(question: Any, lang: str) -> list[tuple[str, str]]:
    if question.type == "boolean":
        labels = {"ja": ("はい", "いいえ"), "easy": ("はい", "いいえ"), "en": ("Yes", "No")}[lang]
        return [("yes", labels[0]), ("no", labels[1])]
    return [(c.value, text_in(c.label, lang)) for c in question.choices]


def navi_questions(event: LifeEvent, query: QueryDict, lang: str) -> list[NaviQuestion]:
    return [
        NaviQuestion(
            id=q.id,
            label=text_in(q.label, lang),
            help=text_in(q.help, lang) if q.help else "",
            choices=_choices(q, lang),
            answer=query.get(f"q_{q.id}", "")[:40],
        )
        for q in event.questions
    ]


def _answers(event: LifeEvent, query: QueryDict) -> dict[str, bool | str]:
    answers: dict[str, bool | str] = {}
    for question in event.questions:
        raw = query.get(f"q_{question.id}", "")[:40]
        if question.type == "boolean" and raw in ("yes", "no"):
            answers[question.id] = raw == "yes"
        elif question.type != "boolean" and raw:
            answers[question.id] = raw
    return answers


def navi_ages(query: QueryDict) -> list[int]:
    """The ages typed (one per person, blanks and garbage left out)."""
    ages = []
    for index in range(PEOPLE_MAX):
        raw = query.get(f"age_{index}", "").strip()[:3]
        if raw.isdigit() and int(raw) <= AGE_MAX:
            ages.append(int(raw))
    return ages


def navi_results(
    event: LifeEvent, query: QueryDict, lang: str, *, today: dt.date
) -> list[NaviResult]:
    """The filings for the answers and ages. Raises LifeEventAnswersInvalid."""
    facts = Facts(
        event_on=today,
        people=tuple(Person(key=str(i), age=age) for i, age in enumerate(navi_ages(query))),
        answers=_answers(event, query),
    )
    found: list[Applicable] = life_event_applicable(event_id=event.id, facts=facts)
    results = []
    seen = set()
    for applicable in found:
        procedure = applicable.procedure
        if procedure.id in seen:  # one line per procedure even when filed per person
            continue
        seen.add(procedure.id)
        results.append(
            NaviResult(
                name=procedure.name_en if lang == "en" else procedure.name,
                reason=text_in(applicable.reason, lang),
                online="online" in procedure.channels,
                bring=[a.name_en if lang == "en" else a.name for a in procedure.attachments],
                procedure_id=procedure.id,
            )
        )
    return results
