"""ライフイベント定義 (life-event rules): one declarative YAML file per life event in `rules/`.

A file names the questions the event asks (what no system knows: 職場の健康保険に加入しているか)
and, for each procedure of the catalog it may lead to, when it applies (a condition over the
people concerned and the answers), why (the reason, in Japanese, やさしい日本語 and English),
who is concerned and how the event fills the form beyond the procedure's own prefill.

Like the catalog, the rules are loaded and checked once, at start-up (ProceduresConfig.ready):
a file that does not fit `life_event.schema.json`, or that names a procedure the catalog does
not have, a field its form does not have, a value the field does not take, or a question it
does not ask, stops the process with the file's path and the exact problem.
docs/counter.md explains the keys with a worked example.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from jichitai.procedures.definitions import CatalogError, Procedure, catalog, form_field_schema

RULES_DIR = Path(__file__).resolve().parent / "rules"
META_SCHEMA_PATH = Path(__file__).resolve().parent / "life_event.schema.json"

# What each `from` of a fill gives, as the JSON Schema type of the field it may fill.
FILL_SOURCE_TYPES = {
    "event_date": "string",
    "people": "array",
    "person": "object",
    "school_grade": "integer",
    "served_name_kana": "string",
}
# The items of a person a `people` / `person` fill writes, when the form's field has them.
PERSON_ITEMS = ("resident_id", "name", "name_kana", "birth_date", "relationship")


class LifeEventError(CatalogError):
    """A life-event file is wrong: its path, then the exact problem (stops the start-up)."""


@dataclass(frozen=True)
class Text:
    """One text a resident reads, in 日本語, やさしい日本語 ({漢字|かんじ} ruby) and English."""

    ja: str
    easy: str
    en: str

    @classmethod
    def of(cls, raw: Mapping[str, str]) -> Text:
        return cls(ja=raw["ja"], easy=raw["easy"], en=raw["en"])


@dataclass(frozen=True)
class Choice:
    value: str
    label: Text


@dataclass(frozen=True)
class Question:
    """質問: what the event asks because no register knows it. A `boolean` is answered
    True/False, a `choice` by one of its values."""

    id: str
    label: Text
    type: str  # boolean | choice
    choices: tuple[Choice, ...] = ()
    help: Text | None = None

    def accepts(self, value: Any) -> bool:
        if self.type == "boolean":
            return isinstance(value, bool)
        return isinstance(value, str) and value in {c.value for c in self.choices}


@dataclass(frozen=True)
class Fill:
    """One field the event fills: a fixed `value` or what `source` gives (FILL_SOURCE_TYPES)."""

    field: str
    value: Any = None
    source: str | None = None
    extra: Mapping[str, Any] | None = None  # `with`: added to each row of `people`
    when: Mapping[str, Any] | None = None  # fills only when this condition holds


@dataclass(frozen=True)
class ProcedureRule:
    """One procedure the event may lead to: applies when `when` holds (always without one)."""

    procedure_id: str
    reason: Text
    when: Mapping[str, Any] | None
    who: Mapping[str, Any] | None  # the people concerned (a person condition)
    each_person: bool
    fills: tuple[Fill, ...]
    complete_at_counter: bool = False  # decided at the counter's completion (窓口で決定)
    paper: str = ""  # why a law still wants the form on paper (the counter prints it filled)

    @property
    def procedure(self) -> Procedure:
        return catalog()[self.procedure_id]


@dataclass(frozen=True, eq=False)
class LifeEvent:
    """ライフイベント (転入, 出生, 死亡 …) as read from its file."""

    id: str
    version: int
    name: Text
    register: str  # arriving | living
    questions: tuple[Question, ...]
    rules: tuple[ProcedureRule, ...]
    path: Path
    sha256: str

    def __str__(self) -> str:
        return f"{self.id} {self.name.ja}"

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


# ---------------------------------------------------------------------------- checking


def _answers_in(condition: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """Every (question id, compared value) of a condition, however deep."""
    if "answer" in condition:
        yield condition["answer"], condition["is"]
    for key in ("all", "any"):
        for part in condition.get(key, ()):
            yield from _answers_in(part)
    if "not" in condition:
        yield from _answers_in(condition["not"])


def _check_answers(raw: Mapping[str, Any], path: Path, questions: dict[str, Question]) -> None:
    for index, rule in enumerate(raw["procedures"]):
        conditions = [rule.get("when") or {}, *(f.get("when") or {} for f in rule.get("fill", ()))]
        for question_id, value in (a for c in conditions for a in _answers_in(c)):
            question = questions.get(question_id)
            if question is None:
                raise LifeEventError(
                    path, f"/procedures/{index}/when: no question {question_id!r} in /questions"
                )
            if not question.accepts(value):
                raise LifeEventError(
                    path,
                    f"/procedures/{index}/when: {value!r} is not an answer of {question_id!r}",
                )


def _check_fill(fill: Mapping[str, Any], procedure: Procedure, at: str, path: Path) -> None:
    field = form_field_schema(procedure.form, fill["field"])
    if field is None:
        raise LifeEventError(
            path, f"{at}/field: {fill['field']} is not a field of {procedure.id}'s form"
        )
    if "value" in fill:
        problem = best_match(Draft202012Validator(field).iter_errors(fill["value"]))
        if problem is not None:
            raise LifeEventError(
                path, f"{at}/value: does not fit {fill['field']}: {problem.message}"
            )
        return
    wanted = FILL_SOURCE_TYPES[fill["from"]]
    if field.get("type") != wanted:
        raise LifeEventError(
            path, f"{at}/from: {fill['from']} gives a {wanted}, {fill['field']} is not one"
        )
    if "with" in fill:
        items = field.get("items", {}) if fill["from"] == "people" else {}
        properties = items.get("properties", {})
        for key, value in fill["with"].items():
            if key not in properties or best_match(
                Draft202012Validator(properties[key]).iter_errors(value)
            ):
                raise LifeEventError(path, f"{at}/with/{key}: not a value the rows take")


def _check_meaning(raw: Mapping[str, Any], path: Path, questions: dict[str, Question]) -> None:
    if raw["id"] != path.stem:
        raise LifeEventError(path, f"id {raw['id']!r} must equal the file name {path.stem!r}")
    if len(questions) != len(raw["questions"]):
        raise LifeEventError(path, "/questions: each id may appear only once")
    procedures = catalog()
    for index, rule in enumerate(raw["procedures"]):
        at = f"/procedures/{index}"
        procedure = procedures.get(rule["procedure"])
        if procedure is None:
            raise LifeEventError(
                path, f"{at}/procedure: the catalog has no procedure {rule['procedure']!r}"
            )
        if not procedure.accepts("counter"):
            raise LifeEventError(path, f"{at}/procedure: {procedure.id} is not filed at a counter")
        # The counter decides in one step (専決): a procedure reviewed in several steps
        # (回付) goes to the departments whatever the file says.
        if rule.get("complete_at_counter") and len(procedure.workflow) != 1:
            raise LifeEventError(
                path,
                f"{at}/complete_at_counter: {procedure.id} is reviewed in "
                f"{len(procedure.workflow)} steps, the counter decides only one-step procedures",
            )
        for position, fill in enumerate(rule.get("fill", ())):
            if fill.get("from") in {"person", "school_grade"} and rule.get("each") != "person":
                raise LifeEventError(
                    path, f"{at}/fill/{position}/from: {fill['from']} needs each: person"
                )
            _check_fill(fill, procedure, f"{at}/fill/{position}", path)
    _check_answers(raw, path, questions)


def _question(raw: Mapping[str, Any]) -> Question:
    return Question(
        id=raw["id"],
        label=Text.of(raw["label"]),
        type=raw["type"],
        choices=tuple(
            Choice(value=c["value"], label=Text.of(c["label"])) for c in raw.get("choices", ())
        ),
        help=Text.of(raw["help"]) if "help" in raw else None,
    )


def _rule(raw: Mapping[str, Any]) -> ProcedureRule:
    return ProcedureRule(
        procedure_id=raw["procedure"],
        reason=Text.of(raw["reason"]),
        when=raw.get("when"),
        who=raw.get("who"),
        each_person=raw.get("each") == "person",
        complete_at_counter=raw.get("complete_at_counter", False),
        paper=raw.get("paper", ""),
        fills=tuple(
            Fill(
                field=f["field"],
                value=f.get("value"),
                source=f.get("from"),
                extra=f.get("with"),
                when=f.get("when"),
            )
            for f in raw.get("fill", ())
        ),
    )


def life_event_file_load(path: Path) -> LifeEvent:
    """Reads and checks one life-event file. Raises LifeEventError (path + exact problem)."""
    content = path.read_bytes()
    try:
        raw = yaml.safe_load(content)
    except yaml.YAMLError as error:
        raise LifeEventError(path, f"not valid YAML: {error}") from None
    if not isinstance(raw, dict):
        raise LifeEventError(path, "the file must hold one mapping (key: value)")
    meta = Draft202012Validator(json.loads(META_SCHEMA_PATH.read_text(encoding="utf-8")))
    problem = best_match(meta.iter_errors(raw))
    if problem is not None:
        where = "/" + "/".join(str(p) for p in problem.absolute_path)
        raise LifeEventError(path, f"{where}: {problem.message}")
    questions = {q["id"]: _question(q) for q in raw["questions"]}
    _check_meaning(raw, path, questions)
    return LifeEvent(
        id=raw["id"],
        version=raw["version"],
        name=Text(ja=raw["name"], easy=raw["name_easy"], en=raw["name_en"]),
        register=raw["register"],
        questions=tuple(questions.values()),
        rules=tuple(_rule(r) for r in raw["procedures"]),
        path=path,
        sha256=hashlib.sha256(content).hexdigest(),
    )


# The order staff and residents meet the events in (窓口で多い順), then any other file by name.
EVENT_ORDER = ("move_in", "move_out", "move_within", "birth", "death", "marriage_name_change")


def life_events_load(directory: Path = RULES_DIR) -> dict[str, LifeEvent]:
    """Loads every `*.yaml` of `directory`. Raises LifeEventError on the first wrong file."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise LifeEventError(directory, "no life-event files (*.yaml) found")
    events = {event.id: event for event in map(life_event_file_load, files)}
    rank = {name: position for position, name in enumerate(EVENT_ORDER)}
    return dict(sorted(events.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0])))


_life_events: dict[str, LifeEvent] | None = None


def life_events() -> dict[str, LifeEvent]:
    """The checked life events of this process (loaded at start-up by ProceduresConfig.ready,
    after the catalog they refer to)."""
    global _life_events
    if _life_events is None:
        _life_events = life_events_load()
    return _life_events
