"""再転入者 (returning residents): is the person of a 記載 someone whose 除票 this municipality
keeps?

doc/j600.txt §4.1.1.2: 「除票データにおいて、個人番号、住民票コード又は在留カード番号が一致する者が
いた場合は、再転入者としての処理を行うこととし、新規入力を抑止すること。また、３情報（氏名・性別・
生年月日）が一致する者がいた場合は、アラートを表示し、再転入者として選択できること。」 and
「従前使用していた宛名番号をそのまま引き継ぐこと」; MUST NOT 「再転入者の一覧表作成・出力」.

So a number identifies the person by itself; the three items only raise the alert the clerk
answers (`PersonData.returning_atena_number` or `not_returning`). Nothing here lists returners:
each function answers for the one person being entered.

宛名番号 is unique per municipality whatever the record's state (`resident_unique_atena_number`),
so the returner is recorded by reopening the 除票 itself (registry.services.entries): a new
history row (記載) on the same record, the history continuing, rather than a second record
with the same 宛名番号.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from jichitai.common.exceptions import InvalidInput, RuleViolation, json_pointer
from jichitai.common.kana import normalize_width
from jichitai.common.partial_dates import parse_partial_date
from jichitai.registry.crypto import my_number_lookup_hash
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.inputs import PersonData, residence_card_number_normalized
from jichitai.registry.models import Resident, ResidentStatus
from jichitai.tenants.models import Municipality

# A handful at most share 氏名・生年月日・性別 in one municipality; the bound keeps the alert a
# question about this person, never a list.
MAX_CANDIDATES = 5


def _closed(municipality: Municipality) -> QuerySet[Resident]:
    return Resident.objects.for_municipality(municipality).filter(status=ResidentStatus.CLOSED)


def _number_filter(person: PersonData, *, lg_code: str) -> Q | None:
    keys = Q()
    if person.my_number:
        keys |= Q(my_number_hash=my_number_lookup_hash(person.my_number, lg_code=lg_code))
    if person.resident_code:
        keys |= Q(resident_code=person.resident_code)
    card = residence_card_number_normalized(person.residence_card_number)
    if card:
        keys |= Q(residence_card_number=card)
    return keys if keys.children else None


def returner_by_number(
    *, municipality: Municipality, person: PersonData, position: int
) -> Resident | None:
    """The 除票 whose 個人番号, 住民票コード or 在留カード等の番号 is the person's, locked.

    Raises RuleViolation (RETURNER_CONFLICT) when the numbers point to two different 除票."""
    keys = _number_filter(person, lg_code=municipality.lg_code)
    if keys is None:
        return None
    found = list(_closed(municipality).filter(keys).select_for_update().order_by("pk")[:2])
    if len(found) > 1:
        raise RuleViolation.for_field(
            json_pointer("people", position, "returning_atena_number"),
            RegistryErrorCode.RETURNER_CONFLICT,
            "個人番号・住民票コード・在留カード等の番号が別々の除票と一致します。除票を確認してください。",
        )
    return found[0] if found else None


def returner_named(*, municipality: Municipality, atena_number: str, position: int) -> Resident:
    """The 除票 the clerk chose as this person's, locked. Raises RuleViolation
    (RETURNER_NOT_FOUND) when the 宛名番号 is no 除票 of this municipality."""
    found = (
        _closed(municipality)
        .filter(atena_number=normalize_width(atena_number).strip())
        .select_for_update()
        .first()
    )
    if found is None:
        raise RuleViolation.for_field(
            json_pointer("people", position, "returning_atena_number"),
            RegistryErrorCode.RETURNER_NOT_FOUND,
            "指定された宛名番号の除票はありません。",
        )
    return found


def returner_record_get(*, municipality: Municipality, atena_number: str) -> Resident | None:
    """One 除票 of this municipality by its 宛名番号 (None if there is none), for 取り込み."""
    return _closed(municipality).filter(atena_number=atena_number).first()


def returner_candidates(*, municipality: Municipality, person: PersonData) -> list[Resident]:
    """除票 with the person's 氏名 (spaces and width aside), 生年月日 and 性別: the alert's
    candidates, at most MAX_CANDIDATES, the latest closed first."""
    name = "".join(normalize_width(person.name).split())
    if not name:
        return []
    # A 不詳日 is the same 生年月日 when the same thing is known of it (doc/j80.txt §1.1.8).
    born = Q(birth_date=person.birth_date, birth_date_text="")
    if person.birth_date_text:
        try:
            born = Q(birth_date_text=parse_partial_date(person.birth_date_text).text)
        except InvalidInput:
            return []
    return list(
        _closed(municipality)
        .filter(born, name_search=name, sex=person.sex)
        .order_by("-removed_on", "-pk")[:MAX_CANDIDATES]
    )


def returner_find(
    *, municipality: Municipality, person: PersonData, position: int
) -> Resident | None:
    """The 除票 to reopen for the person at `position` of an entry, or None for a new record.

    A number decides alone (新規入力を抑止); else the clerk's choice; else, when 除票 share the
    three items and the clerk has not said this is someone else, the entry stops for the alert.
    Raises RuleViolation (RETURNER_CONFIRM, RETURNER_NOT_FOUND, RETURNER_CONFLICT)."""
    by_number = returner_by_number(municipality=municipality, person=person, position=position)
    if person.returning_atena_number:
        named = returner_named(
            municipality=municipality,
            atena_number=person.returning_atena_number,
            position=position,
        )
        if by_number is not None and by_number.pk != named.pk:
            raise RuleViolation.for_field(
                json_pointer("people", position, "returning_atena_number"),
                RegistryErrorCode.RETURNER_CONFLICT,
                "番号が一致する除票は、選んだ除票とは別の除票です。除票を確認してください。",
            )
        return named
    if by_number is not None:
        return by_number
    if not person.not_returning and returner_candidates(municipality=municipality, person=person):
        raise RuleViolation.for_field(
            json_pointer("people", position, "returning_atena_number"),
            RegistryErrorCode.RETURNER_CONFIRM,
            "氏名・生年月日・性別が一致する除票があります。同じ人（再転入者）か、別の人かを選んでください。",
        )
    return None
