"""What a certificate says: the items of each person, formatted for people to read.

Items follow 住民基本台帳法 第7条 and the standard's certificate rules (docs/registry-standard.md
§5): 方書 always with the 住所 (doc/j1030.txt §5.4); 世帯主・続柄, 本籍・筆頭者, 住民票コード and
個人番号 only when asked for (doc/j1000.txt §5.1, default 省略); フリガナ after the name, in
katakana and in parentheses (doc/j1020.txt §5.3); dates in 和暦, except a foreign resident's
生年月日 and 在留期間の満了の日, which are in 西暦 (doc/j90.txt).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from jichitai.common.wareki import to_wareki
from jichitai.registry.birth_dates import birth_date_shown
from jichitai.registry.crypto import my_number_decrypt
from jichitai.registry.models import (
    CLOSED_KINDS,
    HEAD,
    CertificateKind,
    ChangeType,
    ForeignCategory,
    Household,
    Resident,
    ResidentHistory,
    ResidentStatus,
    ResidentType,
    Sex,
    living,
)
from jichitai.registry.selectors import remarks_printed

# On certificates the 消除事由 is the short word, not the 異動事由's full name.
REMOVAL_WORDS = {
    ChangeType.MOVE_OUT: "転出",
    ChangeType.EMIGRATION: "国外転出",
    ChangeType.DEATH: "死亡",
    ChangeType.EX_OFFICIO_REMOVAL: "職権消除",
}
PLANNED_REMOVALS = {ChangeType.MOVE_OUT, ChangeType.EMIGRATION}


@dataclass(frozen=True, kw_only=True)
class CertificateOptions:
    """記載事項の選択 (doc/j1000.txt §5.1): every optional item is omitted unless asked for."""

    include_household_head_and_relationship: bool = False
    include_domicile: bool = False  # 本籍・筆頭者 (日本人住民 only; foreign residents have none)
    include_resident_code: bool = False
    include_my_number: bool = False  # needs the 住民記録審査 role
    include_name_kana: bool = False
    omit_address_extra: bool = False  # 記載事項証明書 only, on request (doc/j1030.txt §5.4)
    include_history: bool = False  # 履歴付き: the record's 異動 (doc/j1000.txt §5.1)
    # 外国人住民's 国籍・地域, 法第30条の45の区分, 在留資格, 在留期間等, 満了の日 and 在留カード等の
    # 番号 left off on request ("外国人の場合は…の省略も指定できること", doc/j1000.txt §5.1).
    omit_foreign_items: bool = False


@dataclass(frozen=True)
class Item:
    label: str
    value: str


@dataclass(frozen=True)
class HistoryLine:
    """One 異動 of a 履歴付き copy: 異動日 (和暦), 異動事由 and the items it changed."""

    effective_on: str
    reason: str
    changes: tuple[Item, ...]


@dataclass(frozen=True)
class PersonEntry:
    number: int
    name: str
    name_kana: str
    rows: tuple[tuple[Item, ...], ...]
    history: tuple[HistoryLine, ...] = ()


@dataclass(frozen=True, kw_only=True)
class CertificateDocument:
    """Everything the template prints; built before the issue number is known."""

    kind: CertificateKind
    title: str
    whole_household: bool
    address: str  # the household's 住所 for 世帯連記式 copies, else ""
    # None: 世帯主・続柄 omitted; "": asked for, but the household has no head (blank).
    head_name: str | None
    people: tuple[PersonEntry, ...]
    municipality_name: str
    lg_code: str
    certifier_title: str  # 「群馬県みどり市長」 or 「群馬県みどり市長職務代理者」
    certifier_role: str  # the 職務代理者's own 職名 (副市長); "" for the 市区町村長
    certifier_name: str
    official_use: bool  # 「公用」 (doc/j1060.txt §5.7)
    seal_columns: tuple[str, ...]  # right to left, each read top to bottom

    @property
    def seal_rows(self) -> int:
        return max(len(column) for column in self.seal_columns)

    issued_on: str
    issue_number: str
    # The public verification page as an absolute URL (JICHITAI_BASE_URL): a relative path
    # on paper or in a PDF viewer leads nowhere.
    verify_url: str
    # 転出証明書 only: 転出先 and 転出の予定年月日 (施行令 第23条), 再交付, and the sentence of
    # a 準ずる証明書 issued for a late 転出届 (doc/j660.txt §4.1.3.0.3).
    moving_to: str = ""
    planned_on: str = ""
    reissue: bool = False
    late_note: str = ""


TITLES = {
    CertificateKind.JUMINHYO: "住民票",
    CertificateKind.CLOSED_RECORD: "住民票の除票",
    CertificateKind.ENTRY_CERTIFICATE: "住民票記載事項証明書",
    CertificateKind.CLOSED_ENTRY_CERTIFICATE: "住民票除票記載事項証明書",
    CertificateKind.MOVE_OUT_CERTIFICATE: "転出証明書",
}
ENTRY_KINDS = {CertificateKind.ENTRY_CERTIFICATE, CertificateKind.CLOSED_ENTRY_CERTIFICATE}
LATE_MOVE_OUT_TITLE = "転出証明書に準ずる証明書"
LATE_MOVE_OUT_NOTE = "この証明書は、転出をした日から14日を経過した後の転出届に基づき、転入届に添付すべき書類として発行したものです。"


def seal_columns(text: str) -> tuple[str, ...]:
    """電子公印の印文 in columns as a seal is cut: read top to bottom, right to left."""
    count = 2 if len(text) <= 4 else 3
    size, longer = divmod(len(text), count)
    columns, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < longer else 0)
        columns.append(text[start:end])
        start = end
    return tuple(reversed([c for c in columns if c]))


def wareki(value: dt.date | None) -> str:
    return to_wareki(value).format() if value else ""


def western(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def address_line(resident: Resident, *, with_extra: bool = True) -> str:
    """住所 with its 方書, which every certificate prints (doc/j1030.txt §5.4)."""
    extra = resident.address_extra if with_extra else ""
    return f"{resident.address}　{extra}" if extra else resident.address


def _my_number(resident: Resident) -> str:
    if not resident.my_number_cipher:
        return ""
    number = my_number_decrypt(
        resident.my_number_cipher,
        lg_code=resident.municipality_id,
        atena_number=resident.atena_number,
    )
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


def person_entry(
    resident: Resident,
    *,
    number: int,
    kind: CertificateKind,
    options: CertificateOptions,
    head_name: str | None = None,
    remarks: Sequence[str] = (),
) -> PersonEntry:
    """One person's block. `head_name` is printed with the 続柄 when the certificate has no
    household header (除票, 記載事項証明書). Decrypts the 個人番号 only when it is printed."""
    foreign = resident.resident_type == ResidentType.FOREIGN
    birth = birth_date_shown(resident)  # a 不詳日 as written (§1.1.8), 西暦 if foreign (§1.1.9)
    closed = kind in CLOSED_KINDS
    rows: list[tuple[Item, ...]] = [
        (Item("生年月日", birth), Item("性別", str(Sex(resident.sex).label)))
    ]
    relationship = None
    if options.include_household_head_and_relationship:
        relationship = Item("続柄", resident.relationship)
        if head_name is not None:
            rows.append((Item("世帯主", head_name), relationship))
            relationship = None
    if kind != CertificateKind.JUMINHYO:
        with_extra = not (options.omit_address_extra and kind in ENTRY_KINDS)
        rows.append((Item("住所", address_line(resident, with_extra=with_extra)),))
    became = Item("住民となった年月日", wareki(resident.became_resident_on))
    rows.append((became, relationship) if relationship else (became,))
    fixed = Item("住所を定めた年月日", wareki(resident.address_fixed_on))
    # A 除票's 届出日 is the one of the 消除 (転出届, 死亡届), printed with it below.
    rows.append((fixed,) if closed else (fixed, Item("届出日", wareki(resident.notified_on))))
    rows.append((Item("前住所", resident.previous_address),))
    if foreign and not options.omit_foreign_items:
        category = (
            ForeignCategory(resident.foreign_category).label if resident.foreign_category else ""
        )
        rows.append(
            (Item("国籍・地域", resident.nationality), Item("法第30条の45の区分", str(category)))
        )
        if resident.residence_status or resident.period_of_stay:
            rows.append(
                (
                    Item("在留資格", resident.residence_status),
                    Item("在留期間等", resident.period_of_stay),
                )
            )
        if resident.stay_expires_on or resident.residence_card_number:
            rows.append(
                (
                    Item("在留期間の満了の日", western(resident.stay_expires_on)),
                    Item("在留カード等の番号", resident.residence_card_number),
                )
            )
    if closed:
        reason = ChangeType(resident.removal_reason) if resident.removal_reason else None
        word = (REMOVAL_WORDS.get(reason) or str(reason.label)) if reason else ""
        # 事由の生じた年月日: for a 転出, the 転出予定年月日 (法第7条 / doc/j10.txt §1.1.1 B).
        date_label = "転出予定年月日" if reason in PLANNED_REMOVALS else "事由の生じた年月日"
        rows.append((Item("消除事由", word), Item(date_label, wareki(resident.removed_on))))
        if resident.moving_to_address:
            rows.append((Item("転出先", resident.moving_to_address),))
        rows.append((Item("届出日", wareki(resident.notified_on)),))
    tail: list[Item] = []
    if options.include_domicile and not foreign:
        rows.append((Item("本籍", resident.domicile),))
        tail.append(Item("筆頭者", resident.domicile_head))
    if options.include_resident_code:
        tail.append(Item("住民票コード", resident.resident_code))
    if options.include_my_number:
        tail.append(Item("個人番号", _my_number(resident)))
    rows.extend(tuple(tail[i : i + 2]) for i in range(0, len(tail), 2))
    if remarks:
        # 備考（Ｃ類型） in the 統合記載欄 (doc/j140.txt §1.1.14), after the items.
        rows.append((Item("備考", "　".join(remarks)),))
    kana = resident.name_kana if options.include_name_kana else ""
    history = history_lines(resident, options=options) if options.include_history else ()
    return PersonEntry(
        number=number,
        name=resident.display_name,
        name_kana=kana,
        rows=tuple(rows),
        history=history,
    )


# The 1.2.1 items a 履歴付き copy prints when a 異動 changed them, in the order of the record.
# Each optional item only when the copy prints it (doc/j1000.txt §5.1: 省略した項目は履歴も省略).
_HISTORY_ITEMS: tuple[tuple[str, str, str | None], ...] = (
    ("name", "氏名", None),
    ("name_kana", "氏名の振り仮名", "include_name_kana"),
    ("former_surname", "旧氏", None),
    ("alias", "通称", None),
    ("birth_date", "生年月日", None),
    ("sex", "性別", None),
    ("relationship", "続柄", "include_household_head_and_relationship"),
    ("address", "住所", None),
    ("address_extra", "方書", None),
    ("domicile", "本籍", "include_domicile"),
    ("domicile_head", "筆頭者", "include_domicile"),
    ("nationality", "国籍・地域", "omit_foreign_items"),
    ("residence_status", "在留資格", "omit_foreign_items"),
    ("period_of_stay", "在留期間等", "omit_foreign_items"),
    ("stay_expires_on", "在留期間の満了の日", "omit_foreign_items"),
    ("residence_card_number", "在留カード等の番号", "omit_foreign_items"),
)
_HISTORY_DATES = {"birth_date", "stay_expires_on"}


def _history_value(key: str, value: object, *, foreign: bool) -> str:
    if value in (None, ""):
        return "（なし）"
    if key == "sex":
        return str(Sex(str(value)).label)
    if key in _HISTORY_DATES:
        date = dt.date.fromisoformat(str(value))
        # A foreign resident's 生年月日 and 満了の日 are in 西暦 (doc/j90.txt §1.1.9).
        return western(date) if foreign else wareki(date)
    return str(value)


def _history_item_printed(option: str | None, options: CertificateOptions) -> bool:
    """An item's history is printed with the item: an `include_…` item when asked for, an
    `omit_…` item unless left off (省略した項目は履歴も省略)."""
    if option is None:
        return True
    wanted = bool(getattr(options, option))
    return not wanted if option.startswith("omit_") else wanted


def history_lines(resident: Resident, *, options: CertificateOptions) -> tuple[HistoryLine, ...]:
    """The record's 異動, oldest first, each with the items it changed (§1.2.1 history rows).

    Cancelled changes and the cancellations themselves are left out, as if they had never
    happened (as the 時点照会 does). The first line is the 記載 (転入, 出生 …), which changes
    nothing it could be compared with. No 改製 exists yet, so no 改製原住民票 note is printed.
    """
    recorded = list(
        ResidentHistory.objects.for_municipality(resident.municipality_id)
        .filter(resident=resident)
        .select_related("change")
        .order_by("history_number")
    )
    # A cancellation writes a row on each record it took back, and may take back only some
    # of a change's people (doc/j980.txt §4.6.0.1): this person's own rows say what was
    # cancelled for them.
    cancelled = {row.change.cancels_id for row in recorded if row.change.cancels_id}
    rows = [r for r in recorded if r.change.cancels_id is None and r.change_id not in cancelled]
    foreign = resident.resident_type == ResidentType.FOREIGN
    printed = [
        (key, label)
        for key, label, option in _HISTORY_ITEMS
        if _history_item_printed(option, options)
    ]
    lines: list[HistoryLine] = []
    previous: dict[str, object] | None = None
    for row in rows:
        snapshot = row.snapshot
        changes = (
            ()
            if previous is None
            else tuple(
                Item(label, _history_value(key, snapshot.get(key), foreign=foreign))
                for key, label in printed
                if previous.get(key) != snapshot.get(key)
            )
        )
        if previous is None or changes or row.change.change_type in REMOVAL_WORDS:
            reason = ChangeType(row.change.change_type)
            lines.append(
                HistoryLine(
                    effective_on=wareki(row.effective_on),
                    reason=str(reason.label),
                    changes=changes,
                )
            )
        previous = snapshot
    return tuple(lines)


def household_head_name(household: Household) -> str:
    """世帯主の氏名, blank while the household has none: 世帯主 may be unset (doc/j100.txt
    §1.1.10) and is not among the items that may never be blank (doc/j60.txt §1.1.6)."""
    head = household.members.filter(living(), relationship=HEAD).first()
    return head.display_name if head else ""


def head_name_at_removal(resident: Resident) -> str:
    """世帯主の氏名 as it stood when the record was closed, from the history rows (§1.2.1):
    the member of the same household whose latest row up to the closing change says 世帯主."""
    if resident.relationship == HEAD:
        return resident.display_name
    history = ResidentHistory.objects.for_municipality(resident.municipality_id)
    closing = history.filter(resident=resident).order_by("-history_number").first()
    if closing is None:
        return ""
    upto = history.filter(change_id__lte=closing.change_id)
    candidates = (
        upto.filter(snapshot__household_id=resident.household_id, snapshot__relationship=HEAD)
        .exclude(resident=resident)
        .order_by("-change_id", "-history_number")[:5]
    )
    for row in candidates:
        latest = (
            upto.filter(resident_id=row.resident_id)
            .order_by("-change_id", "-history_number")
            .first()
        )
        alive = row.snapshot.get("status") == ResidentStatus.ACTIVE
        if (
            latest is not None
            and latest.pk == row.pk
            and (alive or row.change_id == closing.change_id)
        ):
            extra = row.snapshot.get("former_surname") or row.snapshot.get("alias")
            name = row.snapshot.get("name", "")
            return f"{name}（{extra}）" if extra else name
    return ""


def people_entries(
    residents: Sequence[Resident], *, kind: CertificateKind, options: CertificateOptions
) -> tuple[PersonEntry, ...]:
    heads: dict[int, str] = {}

    def head_of(resident: Resident) -> str | None:
        if kind == CertificateKind.JUMINHYO or not options.include_household_head_and_relationship:
            return None
        if kind in CLOSED_KINDS:
            return head_name_at_removal(resident)
        if resident.household_id not in heads:
            heads[resident.household_id] = household_head_name(resident.household)
        return heads[resident.household_id]

    remarks = remarks_printed(resident_ids=[resident.pk for resident in residents])
    return tuple(
        person_entry(
            resident,
            number=number,
            kind=kind,
            options=options,
            head_name=head_of(resident),
            remarks=remarks.get(resident.pk, ()),
        )
        for number, resident in enumerate(residents, start=1)
    )


def move_out_entries(leaving: Sequence[Resident], *, head_name: str) -> tuple[PersonEntry, ...]:
    """The people of a 転出証明書 with every item of 住民基本台帳法施行令 第23条: 氏名, 出生の
    年月日, 男女の別, 世帯主の氏名・続柄, 住民票コード, 個人番号, 本籍・筆頭者 (日本人住民), the
    外国人住民's items and 通称 (第30条の45); 住所 and 転出先・予定年月日 are printed once
    for the household. `leaving` are the records as the 転出 left them (history rows)."""
    entries = []
    for number, resident in enumerate(leaving, start=1):
        foreign = resident.resident_type == ResidentType.FOREIGN
        birth = western(resident.birth_date) if foreign else wareki(resident.birth_date)
        rows: list[tuple[Item, ...]] = [
            (Item("生年月日", birth), Item("性別", str(Sex(resident.sex).label))),
            (Item("世帯主", head_name), Item("続柄", resident.relationship)),
            (Item("住民票コード", resident.resident_code), Item("個人番号", _my_number(resident))),
        ]
        if foreign:
            category = (
                ForeignCategory(resident.foreign_category).label
                if resident.foreign_category
                else ""
            )
            rows += [
                (
                    Item("国籍・地域", resident.nationality),
                    Item("法第30条の45の区分", str(category)),
                ),
                (
                    Item("在留資格", resident.residence_status),
                    Item("在留期間等", resident.period_of_stay),
                ),
                (
                    Item("在留期間の満了の日", western(resident.stay_expires_on)),
                    Item("在留カード等の番号", resident.residence_card_number),
                ),
            ]
            if resident.alias:
                rows.append((Item("通称", resident.alias),))
        else:
            rows += [(Item("本籍", resident.domicile),), (Item("筆頭者", resident.domicile_head),)]
        entries.append(
            PersonEntry(
                number=number,
                name=resident.display_name,
                name_kana=resident.name_kana,
                rows=tuple(rows),
            )
        )
    return tuple(entries)
