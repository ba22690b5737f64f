"""What a 記載 (entry) needs to know of one person, as services receive it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from jichitai.common.exceptions import InvalidInput
from jichitai.common.kana import normalize_width
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.models import ForeignCategory, ResidentType, Sex


def residence_card_number_normalized(value: str) -> str:
    """在留カード等の番号 as it is recorded and searched: half-width and upper case, as printed
    on the card (英字2桁・数字8桁・英字2桁), whatever width or case it was typed in."""
    return normalize_width(value).strip().upper()


# 【実装しない機能】「（株）や（有）等の記号を入力及び検索できること」(doc/j330.txt §2.1.2):
# brackets of every width and the enclosed or squared signs (㈱ ㈲ ㍿ ① …) are no part of a
# person's name, so they are refused in names and in the name searched for.
_NAME_SYMBOLS = re.compile(
    # Checked after width normalisation (full-width brackets are ASCII then): ASCII brackets, CJK
    # brackets U+3008-3011 and U+3014-301B, circled signs, enclosed CJK and squared words.
    "[()\\[\\]{}<>\u3008-\u3011\u3014-\u301b\u2460-\u24ff\u3200-\u33ff\U0001f100-\U0001f1ff]"
)
NAME_FIELDS = ("name", "former_surname", "alias", "name_alphabet")


def name_symbols_check(value: str, field: str) -> None:
    """Raises InvalidInput on `field` when `value` holds a symbol such as （株） or ㈱."""
    if _NAME_SYMBOLS.search(normalize_width(value)):
        raise InvalidInput.for_field(
            f"/{field}",
            RegistryErrorCode.NAME_SYMBOL,
            "氏名に（株）や㈱などの記号は使えません。記号を除いて入力してください。",
        )


# Fields of PersonData that answer a question of the entry rather than carry an item of
# the record (registry.returners).
ENTRY_ANSWERS = frozenset({"returning_atena_number", "not_returning"})


@dataclass(frozen=True, kw_only=True)
class PersonData:
    """基本4情報 and the other items of §1.1.1 / §1.1.2 for one new record."""

    name: str
    name_kana: str
    # 生年月日: an ordinary date, or with `birth_date_text` a 不詳日 / 暦上日以外の年月日 as
    # written (「昭和20年 月日不詳」, doc/j80.txt §1.1.8); the entry then derives `birth_date`
    # from the text (the latest possible day) and ignores the one given.
    birth_date: dt.date
    sex: Sex | str
    relationship: str
    resident_type: ResidentType | str = ResidentType.JAPANESE
    birth_date_text: str = ""
    resident_code: str = ""  # carried over on 国内転入; issued when empty
    my_number: str = ""
    name_kana_confirmed: bool = False
    name_alphabet: str = ""
    former_surname: str = ""
    former_surname_kana: str = ""
    former_surname_kana_confirmed: bool = False
    alias: str = ""
    alias_kana: str = ""
    alias_kana_confirmed: bool = False
    domicile: str = ""
    domicile_head: str = ""
    nationality: str = ""
    foreign_category: ForeignCategory | str = ""
    residence_status: str = ""
    period_of_stay: str = ""
    stay_expires_on: dt.date | None = None
    residence_card_number: str = ""
    on_electoral_roll: bool = False
    national_health_insurance: bool = False
    late_elderly_insurance: bool = False
    care_insurance: bool = False
    national_pension: bool = False
    child_allowance: bool = False
    # 再転入者 (doc/j600.txt §4.1.1.2): the clerk's answer to the alert a 除票 with the same
    # 氏名・生年月日・性別 raises: that 除票's 宛名番号 (the same person returns), or
    # `not_returning` (someone else). A 除票 found by a number needs neither.
    returning_atena_number: str = ""
    not_returning: bool = False
