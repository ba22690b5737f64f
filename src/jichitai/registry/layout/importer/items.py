"""The checks of one row's items, shared by 住民.csv and 住民履歴.csv: the services' own checks
(recording.person_fields_check and foreign_items_check), cached by the items they see, and
the 個人番号's ciphertext, made once per person and number."""

from __future__ import annotations

import operator
import re
from types import SimpleNamespace
from typing import Any, cast

from jichitai.common.exceptions import DomainError, InvalidInput
from jichitai.common.partial_dates import parse_partial_date
from jichitai.registry.crypto import my_number_encrypt, my_number_lookup_hash
from jichitai.registry.layout.columns import ITEM_KEYS
from jichitai.registry.layout.importer.run import ImportRun
from jichitai.registry.models import ChangeType, Resident, ResidentStatus
from jichitai.registry.services.recording import foreign_items_check, person_fields_check

_CLOSED = ResidentStatus.CLOSED.value
_PLANNED = {ChangeType.MOVE_OUT.value, ChangeType.EMIGRATION.value}
# The items the services' checks are given (everything but what changes with every 異動, and
# the address, whose presence alone is checked), and those the cache is keyed by.
_PER_CHANGE = {
    "history_number",
    "household_number",
    "household_head_name",
    "household_order",
    "address",
    "address_extra",
    "postal_code",
    "address_fixed_on",
    "notified_on",
    "previous_address",
    "previous_postal_code",
    "last_registered_address",
    "status",
    "removal_reason",
    "removed_on",
    "moving_to_address",
    "moving_to_postal_code",
}
_CHECK_KEY = tuple(k for k in ITEM_KEYS if k not in _PER_CHANGE)
_CHECKED = (*_CHECK_KEY, "address")
_CHECK_ITEMS = operator.itemgetter(*_CHECK_KEY)
_KANA_ITEMS = {"name_kana", "former_surname_kana", "alias_kana"}
# The stored form of a reading (recording._kana_checked): full-width katakana, words joined
# by one full-width space.
_STORED_KANA = re.compile("[ァ-ヺー・]+(?:\u3000[ァ-ヺー・]+)*")
_ANY_KANA = re.compile("[ァ-ヺ]")


def is_stored_kana(value: str, key: str) -> bool:
    if not value:
        return True  # every reading may be blank (doc/j60.txt §1.1.6)
    return _STORED_KANA.fullmatch(value) is not None and _ANY_KANA.search(value) is not None


# 世帯主の氏名 is left out: 住民.csv gives today's head, the latest history row the head when
# the person's last change was recorded (a later change of the head's name is not theirs).
ITEM_VALUES = operator.itemgetter(*(k for k in ITEM_KEYS if k != "household_head_name"))


class ItemChecks:
    """Checks items and remembers what it can: a row whose items hash as the current record's
    is not checked again, and results are cached by the items the services see."""

    def __init__(self, run: ImportRun) -> None:
        self.run = run
        self.report = run.report
        self.state = run.state
        self.lg_code = run.lg_code
        self._cipher_cache: tuple[str, str, str, str] = ("", "", "", "")
        self._check_cache: dict[tuple[Any, ...], dict[str, Any]] = {}
        # Set by services_check for the row just checked.
        self.check_hash = 0
        self.check_unchanged = False

    def checked(
        self, name: str, line: int, values: dict[str, Any], *, known: int | None = None
    ) -> dict[str, Any] | None:
        """The item checks of the services (recording.person_fields_check and
        foreign_items_check) and the state rules; returns the normalised items."""
        items = {key: values[key] for key in ITEM_KEYS}
        items["entry_history_number"] = items["entry_history_number"] or 1
        try:
            items.update(self.services_check(items, known))
        except DomainError as error:
            self.run.fail(name, line, error)
            return None
        ok = True
        if items["birth_date"] > self.run.today:
            self.report.add(name, line, "生年月日: 未来の日付です。")
            ok = False
        if items["history_number"] and items["entry_history_number"] > items["history_number"]:
            self.report.add(name, line, "記載の履歴番号: 履歴番号より後の番号です。")
            ok = False
        if problem := birth_date_form_problem(items):
            self.report.add(name, line, problem)
            ok = False
        closed = items["status"] == _CLOSED
        if closed and not items["removal_reason"]:
            self.report.add(name, line, "消除事由: 除票には消除事由が必要です。")
            ok = False
        # A 住民 with a 消除事由 is one whose 転出届 came before the move: 住民 until the
        # 転出予定日 (doc/j50.txt §1.1.5), with its date.
        planned = items["removal_reason"] in _PLANNED and items["removed_on"] is not None
        if not closed and items["removal_reason"] and not planned:
            self.report.add(name, line, "消除事由: 住民状態が「住民」の記録に消除事由があります。")
            ok = False
        if items["household_number"] not in self.state.households:
            self.report.add(
                name, line, f"世帯番号 {items['household_number']} が世帯.csv にありません。"
            )
            ok = False
        return items if ok else None

    def services_check(self, items: dict[str, Any], known: int | None) -> dict[str, Any]:
        """recording.person_fields_check and foreign_items_check on one row's items: what
        they normalise. They see only the person's own items, which most 異動 leave as
        they were (a 転居 changes the address), so a row whose items hash as `known` (the
        current record's, which passed unchanged) is not checked again, and results are
        cached by those items. Sets self.check_hash and self.check_unchanged."""
        key = (*_CHECK_ITEMS(items), bool(items["address"]))
        self.check_hash = hash(key)
        self.check_unchanged = True
        if self.check_hash == known:
            return {}
        cached = self._check_cache.get(key)
        if cached is None:
            # Readings already in their stored form come back unchanged from the services'
            # normalising (tests/layout/test_importer.py holds them to that), which is the
            # costliest part of the check: only the others are given to it.
            checked = person_fields_check(
                {
                    k: items[k]
                    for k in _CHECKED
                    if k not in _KANA_ITEMS or not is_stored_kana(items[k], k)
                }
            )
            foreign_items_check(cast(Resident, SimpleNamespace(**{**items, **checked})))
            cached = {k: v for k, v in checked.items() if k != "address"}
            if len(self._check_cache) > 4096:
                self._check_cache.clear()
            self._check_cache[key] = cached
        self.check_unchanged = {k: items[k] for k in cached} == cached
        return cached

    def encrypted(self, atena: str, my_number: str) -> tuple[str, str]:
        """(ciphertext, lookup hash) for the target municipality; a person's rows share one
        ciphertext while the number stays the same (one encryption, not one per row)."""
        if not my_number:
            return "", ""
        cached_atena, cached_number, cipher, digest = self._cipher_cache
        if cached_atena != atena or cached_number != my_number:
            cipher = my_number_encrypt(my_number, lg_code=self.lg_code, atena_number=atena)
            digest = my_number_lookup_hash(my_number, lg_code=self.lg_code)
            self._cipher_cache = (atena, my_number, cipher, digest)
        return cipher, digest


def birth_date_form_problem(items: dict[str, Any]) -> str:
    """不詳日 (doc/j80.txt §1.1.8): the text must be one of the standard's forms, written as
    this system writes it, and the form must be that text's; "" when the row is right.
    The internal 生年月日 is taken as given (the former system's)."""
    text, form = items["birth_date_text"], items["birth_date_form"]
    if not text:
        return "生年月日の不詳日の形式: 不詳日等の表記がないのに形式があります。" if form else ""
    try:
        parsed = parse_partial_date(text)
    except InvalidInput as error:
        return f"生年月日（不詳日等の表記）: {error.detail}"
    if parsed.form != form:
        return f"生年月日の不詳日の形式: 表記に合う形式は {parsed.form.value} です。"
    if parsed.text != text:
        return "生年月日（不詳日等の表記）: 標準の書き方（例：昭和20年 月日不詳）で書いてください。"
    return ""
