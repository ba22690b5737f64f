"""住民 and 世帯 (residents and households) of the 住民記録システム標準仕様書 (総務省).

Section numbers refer to the standard's text (docs/registry-standard.md has reading notes).
The current record (`Resident`) is materialised from immutable changes (`registry.models.changes`)
in the same transaction that writes a full snapshot row (`ResidentHistory`, §1.2.1): nothing is
overwritten without a history row, and 除票 (closed records) stay in the same table, readable.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jichitai.common.dates import add_months, age_reached_on
from jichitai.common.partial_dates import UnknownDateForm
from jichitai.registry.models.changes import ChangeType
from jichitai.tenants.models import TenantOwnedModel


class ResidentType(models.TextChoices):
    """住民種別 (§1.1.1 / §1.1.2)."""

    JAPANESE = "japanese", _("日本人住民")
    FOREIGN = "foreign", _("外国人住民")


class Sex(models.TextChoices):
    """性別: ISO/IEC 5218 codes, as the My Number card's 券面事項入力補助AP writes them."""

    MALE = "1", _("男")
    FEMALE = "2", _("女")
    NOT_APPLICABLE = "9", _("適用不能")


# 不詳日 and 暦上日以外の年月日 (doc/j80.txt §1.1.8); blank for an ordinary date.
BIRTH_DATE_FORMS = [(form.value, form.label) for form in UnknownDateForm]


class PensionCategory(models.TextChoices):
    """国民年金の被保険者の種別 as the 住民票 records it (法第7条第11号; 第2号 is 厚生年金's)."""

    FIRST = "first", _("第1号被保険者")
    THIRD = "third", _("第3号被保険者")
    VOLUNTARY = "voluntary", _("任意加入被保険者")


class CardStatus(models.TextChoices):
    """個人番号カード・住基カードの発行状況 (doc/j10.txt §1.1.1, doc/j1110.txt §7.1.1.3)."""

    ISSUED = "issued", _("交付済")
    SUSPENDED = "suspended", _("一時停止")
    ABOLISHED = "abolished", _("廃止")


class ResidentStatus(models.TextChoices):
    """住民状態."""

    ACTIVE = "active", _("住民")
    CLOSED = "closed", _("除票")


class ForeignCategory(models.TextChoices):
    """住民基本台帳法 第30条の45 の区分."""

    MID_LONG_TERM = "mid_long_term", _("中長期在留者")
    SPECIAL_PERMANENT = "special_permanent", _("特別永住者")
    TEMPORARY_REFUGE = "temporary_refuge", _("一時庇護許可者")
    PROVISIONAL_STAY = "provisional_stay", _("仮滞在者")
    TRANSITIONAL = "transitional", _("出生による経過滞在者又は国籍喪失による経過滞在者")


class Household(TenantOwnedModel):
    """世帯. Its head is the member whose 続柄 is 世帯主 (§1.1.10)."""

    household_number = models.CharField(_("世帯番号"), max_length=16)
    is_active = models.BooleanField(_("現存"), default=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("世帯")
        verbose_name_plural = _("世帯")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "household_number"], name="household_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"世帯 {self.household_number}"


SEARCH_KEYS = (
    "name_search",
    "given_name_search",
    "kana_search",
    "given_kana_search",
    "alias_search",
    "alias_kana_search",
)


class Resident(TenantOwnedModel):
    """住民票 (the current record of one person). Changed only by registry services, which
    write a `ResidentHistory` row in the same transaction (§1.2.1)."""

    atena_number = models.CharField(_("宛名番号"), max_length=16)
    resident_code = models.CharField(_("住民票コード"), max_length=11)
    resident_type = models.CharField(_("住民種別"), max_length=16, choices=ResidentType.choices)
    status = models.CharField(
        _("住民状態"),
        max_length=16,
        choices=ResidentStatus.choices,
        default=ResidentStatus.ACTIVE,
    )
    history_number = models.PositiveIntegerField(_("履歴番号"), default=0)
    # 再転入者 (doc/j600.txt §4.1.1.2) get their 除票 back as a new 記載 (registry.returners):
    # this 住民票 begins at this 履歴番号, and its history is read from here, since history
    # by the person across 住民票 is 「実装しない機能」 (doc/j350.txt §2.2.1).
    entry_history_number = models.PositiveIntegerField(_("記載の履歴番号"), default=1)

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="members", verbose_name=_("世帯")
    )
    relationship = models.CharField(_("続柄"), max_length=40)
    household_order = models.PositiveSmallIntegerField(_("世帯員の並び順"), default=1)

    # 空欄 (doc/j60.txt §1.1.6): 氏名 and its 振り仮名 are not among the items that may not be
    # blank, so they may be (a child whose 名 is not yet decided).
    name = models.CharField(_("氏名"), max_length=100, blank=True)
    name_kana = models.CharField(_("氏名の振り仮名"), max_length=200, blank=True)
    name_kana_confirmed = models.BooleanField(_("振り仮名の本人確認"), default=False)
    name_alphabet = models.CharField(_("氏名（アルファベット）"), max_length=200, blank=True)
    former_surname = models.CharField(_("旧氏"), max_length=50, blank=True)
    former_surname_kana = models.CharField(_("旧氏の振り仮名"), max_length=100, blank=True)
    # フリガナ確認フラグ for 旧氏 and 通称 as for 氏名 (doc/j180.txt §1.1.18).
    former_surname_kana_confirmed = models.BooleanField(
        _("旧氏の振り仮名の本人確認"), default=False
    )
    alias = models.CharField(_("通称"), max_length=100, blank=True)
    alias_kana = models.CharField(_("通称の振り仮名"), max_length=200, blank=True)
    alias_kana_confirmed = models.BooleanField(_("通称の振り仮名の本人確認"), default=False)
    # 生年月日 (doc/j80.txt §1.1.8): a date the 戸籍 knows only in part is kept as its text
    # (`birth_date_text`, shown everywhere the date is) and its form; `birth_date` is then the
    # latest day the person can have been born, for sorting, indexes and ages only, so that
    # no right that comes with an age is given early (docs/registry-standard.md).
    birth_date = models.DateField(_("生年月日"))
    birth_date_form = models.CharField(
        _("生年月日の不詳日の形式"), max_length=32, choices=BIRTH_DATE_FORMS, blank=True
    )
    birth_date_text = models.CharField(_("生年月日（不詳日等の表記）"), max_length=60, blank=True)
    sex = models.CharField(_("性別"), max_length=1, choices=Sex.choices)

    domicile = models.CharField(_("本籍"), max_length=200, blank=True)
    domicile_head = models.CharField(_("筆頭者"), max_length=100, blank=True)

    became_resident_on = models.DateField(_("住民となった年月日"))
    postal_code = models.CharField(_("郵便番号"), max_length=7, blank=True)
    address = models.CharField(_("住所"), max_length=200)
    # 住所コード (doc/j10.txt §1.1.1, doc/j250.txt §1.3.3): the 住所辞書's 11-digit code of the
    # 町字 the 住所 lies in, set whenever the record is written; blank outside the dictionary.
    address_code = models.CharField(_("住所コード"), max_length=11, blank=True)
    address_extra = models.CharField(_("方書"), max_length=100, blank=True)
    address_fixed_on = models.DateField(_("住所を定めた年月日"))
    notified_on = models.DateField(_("届出の年月日"), null=True, blank=True)
    previous_address = models.CharField(_("転入前住所"), max_length=200, blank=True)
    previous_postal_code = models.CharField(_("転入前住所の郵便番号"), max_length=7, blank=True)
    # 最終登録住所地 (doc/j620.txt §4.1.1.4): 「（住民票記載事項ではない）データ項目として入力
    # できること」: kept for 未届転入 and 住所設定, never printed on a 住民票.
    last_registered_address = models.CharField(_("最終登録住所地"), max_length=200, blank=True)

    nationality = models.CharField(_("国籍・地域"), max_length=60, blank=True)
    foreign_category = models.CharField(
        _("第30条の45に規定する区分"), max_length=32, choices=ForeignCategory.choices, blank=True
    )
    residence_status = models.CharField(_("在留資格"), max_length=60, blank=True)
    period_of_stay = models.CharField(_("在留期間"), max_length=30, blank=True)
    stay_expires_on = models.DateField(_("在留期間の満了の日"), null=True, blank=True)
    residence_card_number = models.CharField(_("在留カード等の番号"), max_length=12, blank=True)

    on_electoral_roll = models.BooleanField(_("選挙人名簿への登録"), default=False)
    national_health_insurance = models.BooleanField(_("国民健康保険"), default=False)
    # 国民健康保険・国民年金の記載事項 (doc/j10.txt §1.1.1: 資格取得・喪失年月日, 基礎年金番号,
    # 種別 and the day it changed), kept on the record so that they have a history.
    nhi_acquired_on = models.DateField(_("国民健康保険の資格取得年月日"), null=True, blank=True)
    nhi_lost_on = models.DateField(_("国民健康保険の資格喪失年月日"), null=True, blank=True)
    nhi_retiree = models.BooleanField(_("国民健康保険の退職被保険者等"), default=False)
    late_elderly_insurance = models.BooleanField(_("後期高齢者医療"), default=False)
    care_insurance = models.BooleanField(_("介護保険"), default=False)
    national_pension = models.BooleanField(_("国民年金"), default=False)
    basic_pension_number = models.CharField(_("基礎年金番号"), max_length=10, blank=True)
    pension_category = models.CharField(
        _("国民年金の種別"), max_length=16, choices=PensionCategory.choices, blank=True
    )
    pension_category_changed_on = models.DateField(
        _("国民年金の種別の変更年月日"), null=True, blank=True
    )
    pension_acquired_on = models.DateField(_("国民年金の資格取得年月日"), null=True, blank=True)
    pension_lost_on = models.DateField(_("国民年金の資格喪失年月日"), null=True, blank=True)
    child_allowance = models.BooleanField(_("児童手当"), default=False)

    removal_reason = models.CharField(
        _("消除事由"), max_length=32, choices=ChangeType.choices, blank=True
    )
    removed_on = models.DateField(_("事由の生じた年月日"), null=True, blank=True)
    moving_to_address = models.CharField(_("転出先住所"), max_length=200, blank=True)
    moving_to_postal_code = models.CharField(_("転出先住所の郵便番号"), max_length=7, blank=True)

    # カード管理状況 (doc/j1110.txt §7.1.1.3: 「所有しているかどうかが確認できること」).
    my_number_card_status = models.CharField(
        _("個人番号カードの発行状況"), max_length=16, choices=CardStatus.choices, blank=True
    )
    my_number_card_status_on = models.DateField(
        _("個人番号カードの発行状況の年月日"), null=True, blank=True
    )
    juki_card_status = models.CharField(
        _("住基カードの発行状況"), max_length=16, choices=CardStatus.choices, blank=True
    )
    juki_card_status_on = models.DateField(_("住基カードの発行状況の年月日"), null=True, blank=True)

    # 個人番号: AES-GCM ciphertext bound to this record, and a keyed hash for exact lookup.
    my_number_cipher = models.TextField(_("個人番号（暗号化）"), blank=True)
    my_number_hash = models.CharField(_("個人番号の照合用ハッシュ"), max_length=64, blank=True)

    # Search keys, normalised once on write (common.kana.normalize_for_search): the whole
    # name and the given name alone, so a prefix of either 氏 or 名 finds the person through
    # an index (§2.1.3: 氏名 search ignores the space between 氏 and 名).
    name_search = models.CharField(max_length=100, blank=True, editable=False)
    given_name_search = models.CharField(max_length=100, blank=True, editable=False)
    kana_search = models.CharField(max_length=200, blank=True, editable=False)
    given_kana_search = models.CharField(max_length=200, blank=True, editable=False)
    alias_search = models.CharField(max_length=100, blank=True, editable=False)
    alias_kana_search = models.CharField(max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = _("住民")
        verbose_name_plural = _("住民")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "atena_number"], name="resident_unique_atena_number"
            ),
            # 住民票コード and 個人番号 are unique among living records: a 除票 keeps its
            # numbers and the same person may come back as a new record.
            models.UniqueConstraint(
                fields=["municipality", "resident_code"],
                condition=Q(status="active"),
                name="resident_unique_living_code",
            ),
            models.UniqueConstraint(
                fields=["municipality", "my_number_hash"],
                condition=Q(status="active") & ~Q(my_number_hash=""),
                name="resident_unique_living_my_number",
            ),
        ]
        indexes = [
            # (municipality, key, birth_date, id): one ordered range scan answers a prefix search
            # with its LIMIT. On PostgreSQL the key columns use the "C" collation (migration
            # 0004) so that LIKE 'prefix%' can use these indexes whatever the database's own.
            *(
                models.Index(
                    fields=["municipality", key, "birth_date", "id"], name=f"resident_{key}_idx"
                )
                for key in SEARCH_KEYS
            ),
            models.Index(fields=["municipality", "birth_date"], name="resident_birth_idx"),
            models.Index(fields=["municipality", "resident_code"], name="resident_code_idx"),
            models.Index(fields=["municipality", "my_number_hash"], name="resident_mynum_idx"),
            # 住民検索 by 在留カード等の番号 (§2.1.3): exact, so one equality lookup.
            models.Index(
                fields=["municipality", "residence_card_number"], name="resident_card_idx"
            ),
            models.Index(fields=["household", "household_order"], name="resident_household_idx"),
            # The daily close-planned-removals: living records with a 転出予定日 are few.
            models.Index(
                fields=["removed_on"],
                condition=Q(status="active", removed_on__isnull=False),
                name="resident_planned_removal_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"宛名番号 {self.atena_number}"

    @property
    def is_closed(self) -> bool:
        """除票: closed, or a planned 転出 whose date has come and that the daily
        `close-planned-removals` has not closed yet (see `living`)."""
        if self.status == ResidentStatus.CLOSED:
            return True
        return self.removed_on is not None and self.removed_on <= timezone.localdate()

    @property
    def planned_removal_on(self) -> dt.date | None:
        """転出予定日 of a 転出届 made before the move, while the record is still 住民
        (doc/j50.txt §1.1.5): None for every other record."""
        if self.status == ResidentStatus.ACTIVE and self.removed_on is not None:
            return self.removed_on if self.removed_on > timezone.localdate() else None
        return None

    @property
    def is_head(self) -> bool:
        return self.relationship == HEAD

    def on_electoral_roll_on(self, on: dt.date) -> bool:
        """選挙人名簿への登録 on `on` (公職選挙法 第9条・第21条): a living Japanese resident aged
        18 or more (年齢計算ニ関スル法律: the age is reached the day before the birthday) whose
        住民票 has been here three months in a row, counted from 住民となった年月日.

        The stored flag is the 選挙管理委員会's state imported with the register: it stands for
        registrations made before the history starts. Entries never set it (a 転入 is not
        registered on day one, whatever the former town's roll said)."""
        if self.is_closed or self.resident_type != ResidentType.JAPANESE:
            return False
        if self.on_electoral_roll:
            return True
        if self.age_unknown:
            # 年月日不詳: no age, so no right that comes with one (docs/registry-standard.md).
            return False
        # For a 不詳日 `birth_date` is the latest day of birth: 18 is reached no earlier
        # than it can be for certain.
        adult = age_reached_on(self.birth_date, ELECTORAL_AGE) <= on
        return adult and add_months(self.became_resident_on, ELECTORAL_RESIDENCE_MONTHS) <= on

    @property
    def age_unknown(self) -> bool:
        """年月日不詳: not even the year is known, so the person has no age to count with."""
        return self.birth_date_form == UnknownDateForm.UNKNOWN

    @property
    def birth_date_exact(self) -> bool:
        """The 生年月日 is an ordinary calendar date (no 不詳日, no 暦上日以外)."""
        return not self.birth_date_form

    @property
    def domicile_stated(self) -> bool:
        """A real 本籍 is recorded: not blank, nor the word 「なし」 or 「不明」 (§1.1.12)."""
        return bool(self.domicile) and self.domicile not in DOMICILE_WORDS

    @property
    def display_name(self) -> str:
        """氏名 as certificates show it: with 旧氏 or 通称 in brackets when recorded."""
        extra = self.former_surname or self.alias
        return f"{self.name}（{extra}）" if extra else self.name


HEAD = "世帯主"


def living(on: dt.date | None = None) -> Q:
    """住民 (living records) on `on`, today by default: status 住民 and no planned 転出 whose
    date has come.

    A 転出届 made before the move keeps the record 住民 until the 転出予定日 (doc/j50.txt
    §1.1.5); its 消除事由 and 転出予定日 are already on the record (`removed_on` is set on a
    living record only then). The daily `close-planned-removals` turns such records into 除票;
    reading through this filter makes every page right on the day itself, before the job
    has run, without a write on a read.
    """
    day = on or timezone.localdate()
    return Q(status=ResidentStatus.ACTIVE) & (Q(removed_on__isnull=True) | Q(removed_on__gt=day))


# 本籍・筆頭者欄は「なし」又は「不明」と記載できること (doc/j120.txt §1.1.12): the two words
# are stored as they print, and told apart from a real 本籍 by `Resident.domicile_stated`.
DOMICILE_NONE = "なし"
DOMICILE_UNKNOWN = "不明"
DOMICILE_WORDS = (DOMICILE_NONE, DOMICILE_UNKNOWN)
# 公職選挙法 第9条 (年齢満18年以上) and 第21条第1項 (引き続き3箇月以上 住民基本台帳に記録).
ELECTORAL_AGE = 18
ELECTORAL_RESIDENCE_MONTHS = 3


class NumberSequence(TenantOwnedModel):
    """自動付番の連番 (§1.1.13): the last body issued for 宛名番号 or 世帯番号."""

    class Kind(models.TextChoices):
        ATENA = "atena", _("宛名番号")
        HOUSEHOLD = "household", _("世帯番号")

    kind = models.CharField(_("種類"), max_length=16, choices=Kind.choices)
    last_value = models.PositiveBigIntegerField(_("最終番号"), default=0)

    class Meta:
        verbose_name = _("付番")
        verbose_name_plural = _("付番")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kind"], name="sequence_unique_kind")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.kind} {self.last_value}"
