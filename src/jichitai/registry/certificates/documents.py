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
from jichitai.registry.crypto import my_number_decrypt
from jichitai.registry.models import (
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


@dataclass(frozen=True)
class Item:
    label: str
    value: str


@dataclass(frozen=True)
class PersonEntry:
    number: int
    name: str
    name_kana: str
    rows: tuple[tuple[Item, ...], ...]


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
    certifier_title: str
    certifier_name: str
    seal_columns: tuple[str, ...]  # right to left, each read top to bottom

    @property
    def seal_rows(self) -> int:
        return max(len(column) for column in self.seal_columns)

    issued_on: str
    issue_number: str
    # The public verification page as an absolute URL (JICHITAI_BASE_URL): a relative path
    # on paper or in a PDF viewer leads nowhere.
    verify_url: str


TITLES = {
    CertificateKind.JUMINHYO: "住民票",
    CertificateKind.CLOSED_RECORD: "住民票の除票",
    CertificateKind.ENTRY_CERTIFICATE: "住民票記載事項証明書",
}


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
    birth = western(resident.birth_date) if foreign else wareki(resident.birth_date)
    closed = kind == CertificateKind.CLOSED_RECORD
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
        with_extra = not (options.omit_address_extra and kind == CertificateKind.ENTRY_CERTIFICATE)
        rows.append((Item("住所", address_line(resident, with_extra=with_extra)),))
    became = Item("住民となった年月日", wareki(resident.became_resident_on))
    rows.append((became, relationship) if relationship else (became,))
    fixed = Item("住所を定めた年月日", wareki(resident.address_fixed_on))
    # A 除票's 届出日 is the one of the 消除 (転出届, 死亡届), printed with it below.
    rows.append((fixed,) if closed else (fixed, Item("届出日", wareki(resident.notified_on))))
    rows.append((Item("前住所", resident.previous_address),))
    if foreign:
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
    return PersonEntry(number=number, name=resident.display_name, name_kana=kana, rows=tuple(rows))


def household_head_name(household: Household) -> str:
    """世帯主の氏名, blank while the household has none: 世帯主 may be unset (doc/j100.txt
    §1.1.10) and is not among the items that may never be blank (doc/j60.txt §1.1.6)."""
    head = household.members.filter(status=ResidentStatus.ACTIVE, relationship=HEAD).first()
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
        if kind == CertificateKind.CLOSED_RECORD:
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
