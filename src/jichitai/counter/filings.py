"""What a counter session will file: for each procedure the life event leads to, its form's
data composed from what is known — the procedure's own prefill (the card's 基本4情報, the
register, the 転出証明書情報), then what the life event fills (procedures.life_events), then
what staff typed — and where each field came from (書かない測定).

Before a 転入 is recorded nobody of the family is in the register yet: the register's part of
the prefill is read from the record the 転入 will write (the certificate's person at the new
address). After recording, the same composition runs on the real records, with their ids.
"""

from __future__ import annotations

import copy
import datetime as dt
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jichitai.common.exceptions import FieldError
from jichitai.counter.models import CounterSession, FieldOrigin
from jichitai.procedures.selectors import (
    Applicable,
    Facts,
    LifeEvent,
    Person,
    Procedure,
    SummaryRow,
    case_form_initial,
    data_errors,
    data_summary,
    form_field_schema,
    is_internal,
    life_event_applicable,
)
from jichitai.registry.models import Resident

# The kinds of a field staff may type on the console: a value, never a list of people.
TYPED_KINDS = frozenset({"string", "integer", "boolean"})


@dataclass(frozen=True)
class MissingField:
    """A field no system knows: staff type it (the console shows an input)."""

    pointer: str
    title: str
    kind: str  # string | integer | boolean
    choices: tuple[str, ...]


@dataclass(frozen=True)
class Filing:
    """One procedure to be filed, with its data and the origin of each of its fields."""

    key: str
    applicable: Applicable
    data: dict[str, Any]
    origins: dict[str, str]  # leaf pointer -> FieldOrigin.Origin
    missing: tuple[MissingField, ...]
    problems: tuple[FieldError, ...]  # what still stops the filing (other than `missing`)

    @property
    def procedure(self) -> Procedure:
        return self.applicable.procedure

    @property
    def summary(self) -> list[SummaryRow]:
        """The data as people read it (the case page's rows)."""
        return data_summary(self.procedure.form, self.data)


def normalized_name(name: str) -> str:
    """氏名 as compared between the card and the records: width and spaces ignored."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def leaf_pointers(data: Any, at: str = "") -> Iterator[str]:
    """Every filled value of the data as a JSON pointer (rows of a list included)."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            yield from leaf_pointers(value, f"{at}/{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaf_pointers(value, f"{at}/{index}")
    elif data not in (None, ""):
        yield at


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)
    return base


def pointer_set(data: dict[str, Any], pointer: str, value: Any) -> None:
    *parents, last = pointer.strip("/").split("/")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def paper_field_count(procedure: Procedure, rows: int) -> int:
    """Fields the same procedure takes on paper: every leaf of its form, a list's item fields
    once per person on it (a family of three writes three rows). Internal ids are not on
    paper."""

    def count(schema: Mapping[str, Any]) -> int:
        if schema.get("type") == "object":
            return sum(
                count(sub)
                for name, sub in schema.get("properties", {}).items()
                if name != "resident_id"
            )
        if schema.get("type") == "array":
            return count(schema.get("items", {})) * max(rows, 1)
        return 1

    return count(procedure.form)


# ---------------------------------------------------------------------------- the facts


def _person_of_certificate(position: int, stored: Mapping[str, Any]) -> Person:
    birth = stored.get("birth_date") or None
    return Person(
        key=str(position),
        name=str(stored.get("name", "")),
        name_kana=str(stored.get("name_kana", "")),
        birth_date=dt.date.fromisoformat(birth) if birth else None,
        relationship=str(stored.get("relationship", "")),
    )


def _person_of_resident(resident: Resident, *, subject: bool) -> Person:
    return Person(
        key=str(resident.pk),
        name=resident.name,
        name_kana=resident.name_kana,
        birth_date=resident.birth_date,
        relationship=resident.relationship,
        resident_id=resident.pk,
        subject=subject,
    )


def session_people(
    session: CounterSession, *, recorded: Mapping[str, Resident] | None = None
) -> tuple[Person, ...]:
    """The people the session is about: a certificate's (with their new ids once `recorded`,
    keyed by position) or the household of the register's person (the subject)."""
    certificate = session.move_out_certificate
    if certificate is not None:
        people = [_person_of_certificate(i, p) for i, p in enumerate(certificate.persons)]
        if recorded:
            people = [
                Person(**{**vars(p), "resident_id": recorded[p.key].pk}) if p.key in recorded else p
                for p in people
            ]
        return tuple(people)
    resident = session.resident
    if resident is None:
        return ()
    household = Resident.objects.for_municipality(session.municipality_id).filter(
        household_id=resident.household_id, status=resident.status
    )
    return tuple(
        _person_of_resident(m, subject=m.pk == resident.pk)
        for m in household.order_by("household_order", "pk")
    )


def served_person(session: CounterSession, people: Sequence[Person]) -> Person | None:
    """The person whose card was read, among the people (matched on 氏名 and 生年月日)."""
    card = session.card
    if not card:
        return None
    return next(
        (
            p
            for p in people
            if normalized_name(p.name) == normalized_name(card.get("name", ""))
            and p.birth_date is not None
            and p.birth_date.isoformat() == card.get("birth_date")
        ),
        None,
    )


def new_address(session: CounterSession) -> str:
    """The address the 転入 records (the 転出先 the resident gave), or the register's."""
    if session.move_out_certificate is not None:
        return str(session.move_out_certificate.moving_to_address)
    return session.resident.address if session.resident else ""


def session_facts(
    session: CounterSession, *, recorded: Mapping[str, Resident] | None = None
) -> Facts:
    people = session_people(session, recorded=recorded)
    return Facts(
        event_on=session.event_on or dt.date.today(),
        people=people,
        answers=session.answers,
        served=served_person(session, people),
    )


# ---------------------------------------------------------------------------- composing


def _card_for_prefill(session: CounterSession) -> dict[str, Any] | None:
    """The card's 基本4情報 as the forms take them; the address is the one the person lives at
    after the event (a card read at a 転入 still shows the old one until its 券面 changes)."""
    if not session.card:
        return None
    return {
        "name": session.card["name"],
        "birth_date": session.card["birth_date"],
        "sex": session.card.get("sex", ""),
        "address": new_address(session),
    }


def _register_record(session: CounterSession, served: Person | None) -> Resident | None:
    """The served person's record: the register's, or (before a 転入 is recorded) the record
    it will write, unsaved, so the register's prefill reads the same values."""
    if served is not None and served.resident_id is not None:
        return Resident.objects.for_municipality(session.municipality_id).get(pk=served.resident_id)
    if served is None or served.birth_date is None or session.move_out_certificate is None:
        return session.resident if session.resident and served else None
    return Resident(
        municipality_id=session.municipality_id,
        name=served.name,
        name_kana=served.name_kana,
        birth_date=served.birth_date,
        sex=session.card.get("sex", ""),
        address=new_address(session),
        relationship=served.relationship,
    )


def _missing(procedure: Procedure, errors: Sequence[FieldError]) -> tuple[MissingField, ...]:
    found = []
    for error in errors:
        if error.code != "form.required":
            continue
        schema = form_field_schema(procedure.form, error.field)
        if schema is None or schema.get("type") not in TYPED_KINDS:
            continue
        found.append(
            MissingField(
                pointer=error.field,
                title=str(schema.get("title", error.field)),
                kind=str(schema["type"]),
                choices=tuple(str(c) for c in schema.get("enum", ())),
            )
        )
    return tuple(found)


def _filing(
    session: CounterSession, applicable: Applicable, served: Person | None, record: Resident | None
) -> Filing:
    procedure = applicable.procedure
    prefilled = case_form_initial(
        procedure_id=procedure.id,
        resident=record if record is not None and record.pk else None,
        card=_card_for_prefill(session),
        move_out_certificate=None,
    )
    if record is not None and not record.pk:
        # Before the 転入: the register's items of the record it will write (no household yet;
        # the life event fills the people).
        register_only = case_form_initial(procedure_id=procedure.id, resident=record, card=None)
        prefilled = _merge(register_only, prefilled)
    data = _merge(prefilled, applicable.data)
    # Internal ids (the resident_id of a row) are not fields anyone would write: not counted.
    origins = {
        pointer: FieldOrigin.Origin.PREFILLED.value
        for pointer in leaf_pointers(data)
        if not is_internal(pointer.rsplit("/", 1)[-1])
    }
    typed = session.staff_inputs.get(applicable.key, {})
    for pointer, value in typed.items():
        pointer_set(data, pointer, value)
        origins[pointer] = FieldOrigin.Origin.STAFF.value
    errors = data_errors(procedure=procedure, data=data)
    missing = _missing(procedure, errors)
    asked = {m.pointer for m in missing}
    return Filing(
        key=applicable.key,
        applicable=applicable,
        data=data,
        origins=origins,
        missing=missing,
        problems=tuple(e for e in errors if e.field not in asked),
    )


def session_filings(
    session: CounterSession, event: LifeEvent, *, recorded: Mapping[str, Resident] | None = None
) -> list[Filing]:
    """Every filing of the session's life event, composed. Raises LifeEventAnswersInvalid."""
    facts = session_facts(session, recorded=recorded)
    record = _register_record(session, facts.served)
    return [
        _filing(session, applicable, facts.served, record)
        for applicable in life_event_applicable(event_id=event.id, facts=facts)
    ]
