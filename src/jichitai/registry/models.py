"""住民記録 (resident registry) to the 住民記録システム標準仕様書 (総務省).

Section numbers refer to the standard's text (docs/registry-standard.md has reading notes).
The current record (`Resident`) is materialised from immutable changes (`Change`) in the same
transaction that writes a full snapshot row (`ResidentHistory`, §1.2.1): nothing is overwritten
without a history row, and 除票 (closed records) stay in the same table, readable.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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


class ChangeCategory(models.TextChoices):
    """異動の区分 (§1.2.2)."""

    ENTRY = "entry", _("記載")
    REMOVAL = "removal", _("消除")
    AMENDMENT = "amendment", _("修正")


class ChangeType(models.TextChoices):
    """異動事由 (§1.2.2, doc/j210.txt). The standard fixes categories, not codes; these values
    are our codes for them, exported with their Japanese names."""

    MOVE_IN = "move_in", _("国内転入")
    MOVE_IN_FROM_ABROAD = "move_in_from_abroad", _("国外転入")
    BIRTH = "birth", _("出生")
    EX_OFFICIO_ENTRY = "ex_officio_entry", _("職権記載")
    MOVE_OUT = "move_out", _("国内転出")
    EMIGRATION = "emigration", _("国外転出")
    DEATH = "death", _("死亡")
    EX_OFFICIO_REMOVAL = "ex_officio_removal", _("職権消除")
    MOVE_WITHIN = "move_within", _("転居")
    HOUSEHOLD_SPLIT = "household_split", _("世帯分離")
    HOUSEHOLD_MERGE = "household_merge", _("世帯合併")
    HOUSEHOLD_CHANGE = "household_change", _("世帯変更")
    HEAD_CHANGE = "head_change", _("世帯主変更")
    NAME_CHANGE = "name_change", _("氏名の変更")
    FORMER_SURNAME_CHANGE = "former_surname_change", _("旧氏の記載・変更・削除")
    ALIAS_CHANGE = "alias_change", _("通称の記載・削除")
    EX_OFFICIO_CORRECTION = "ex_officio_correction", _("職権修正")
    CLERICAL_CORRECTION = "clerical_correction", _("誤記修正")
    MY_NUMBER_CHANGE = "my_number_change", _("個人番号の変更")
    CANCELLATION = "cancellation", _("異動の取消し")
    IMPORT = "import", _("データ移行")

    @property
    def category(self) -> ChangeCategory:
        return CHANGE_CATEGORIES[self]


CHANGE_CATEGORIES: dict[ChangeType, ChangeCategory] = {
    **dict.fromkeys(
        [
            ChangeType.MOVE_IN,
            ChangeType.MOVE_IN_FROM_ABROAD,
            ChangeType.BIRTH,
            ChangeType.EX_OFFICIO_ENTRY,
            ChangeType.IMPORT,
        ],
        ChangeCategory.ENTRY,
    ),
    **dict.fromkeys(
        [
            ChangeType.MOVE_OUT,
            ChangeType.EMIGRATION,
            ChangeType.DEATH,
            ChangeType.EX_OFFICIO_REMOVAL,
        ],
        ChangeCategory.REMOVAL,
    ),
}
for _type in ChangeType:
    CHANGE_CATEGORIES.setdefault(_type, ChangeCategory.AMENDMENT)


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


class Change(TenantOwnedModel):
    """異動: one notification or ex officio act, touching one or more residents."""

    change_type = models.CharField(_("異動事由"), max_length=32, choices=ChangeType.choices)
    effective_on = models.DateField(_("異動日"))
    notified_on = models.DateField(_("届出日"), null=True, blank=True)
    processed_at = models.DateTimeField(_("処理日時"))
    actor = models.ForeignKey(
        "identity.StaffUser",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("処理者"),
    )
    note = models.CharField(_("留意事項"), max_length=200, blank=True)
    cancels = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cancelled_by",
        verbose_name=_("取り消した異動"),
    )

    class Meta:
        verbose_name = _("異動")
        verbose_name_plural = _("異動")
        indexes = [models.Index(fields=["municipality", "-processed_at"])]
        constraints = [
            # A change is cancelled at most once.
            models.UniqueConstraint(
                fields=["municipality", "cancels"],
                condition=Q(cancels__isnull=False),
                name="change_cancelled_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_change_type_display()} {self.effective_on:%Y-%m-%d}"

    @property
    def category(self) -> ChangeCategory:
        return CHANGE_CATEGORIES[ChangeType(self.change_type)]


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

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="members", verbose_name=_("世帯")
    )
    relationship = models.CharField(_("続柄"), max_length=40)
    household_order = models.PositiveSmallIntegerField(_("世帯員の並び順"), default=1)

    name = models.CharField(_("氏名"), max_length=100)
    name_kana = models.CharField(_("氏名の振り仮名"), max_length=200)
    name_kana_confirmed = models.BooleanField(_("振り仮名の本人確認"), default=False)
    name_alphabet = models.CharField(_("氏名（アルファベット）"), max_length=200, blank=True)
    former_surname = models.CharField(_("旧氏"), max_length=50, blank=True)
    former_surname_kana = models.CharField(_("旧氏の振り仮名"), max_length=100, blank=True)
    alias = models.CharField(_("通称"), max_length=100, blank=True)
    alias_kana = models.CharField(_("通称の振り仮名"), max_length=200, blank=True)
    birth_date = models.DateField(_("生年月日"))
    sex = models.CharField(_("性別"), max_length=1, choices=Sex.choices)

    domicile = models.CharField(_("本籍"), max_length=200, blank=True)
    domicile_head = models.CharField(_("筆頭者"), max_length=100, blank=True)

    became_resident_on = models.DateField(_("住民となった年月日"))
    postal_code = models.CharField(_("郵便番号"), max_length=7, blank=True)
    address = models.CharField(_("住所"), max_length=200)
    address_extra = models.CharField(_("方書"), max_length=100, blank=True)
    address_fixed_on = models.DateField(_("住所を定めた年月日"))
    notified_on = models.DateField(_("届出の年月日"), null=True, blank=True)
    previous_address = models.CharField(_("転入前住所"), max_length=200, blank=True)

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
    late_elderly_insurance = models.BooleanField(_("後期高齢者医療"), default=False)
    care_insurance = models.BooleanField(_("介護保険"), default=False)
    national_pension = models.BooleanField(_("国民年金"), default=False)
    child_allowance = models.BooleanField(_("児童手当"), default=False)

    removal_reason = models.CharField(
        _("消除事由"), max_length=32, choices=ChangeType.choices, blank=True
    )
    removed_on = models.DateField(_("事由の生じた年月日"), null=True, blank=True)
    moving_to_address = models.CharField(_("転出先住所"), max_length=200, blank=True)

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
            models.Index(fields=["household", "household_order"], name="resident_household_idx"),
        ]

    def __str__(self) -> str:
        return f"宛名番号 {self.atena_number}"

    @property
    def is_closed(self) -> bool:
        return self.status == ResidentStatus.CLOSED

    @property
    def is_head(self) -> bool:
        return self.relationship == HEAD

    @property
    def display_name(self) -> str:
        """氏名 as certificates show it: with 旧氏 or 通称 in brackets when recorded."""
        extra = self.former_surname or self.alias
        return f"{self.name}（{extra}）" if extra else self.name


HEAD = "世帯主"


class ResidentHistory(TenantOwnedModel):
    """住民履歴: a full snapshot of every item after one change (§1.2.1, doc/j200.txt).

    The key is (宛名番号, 履歴番号); 履歴番号 counts from 1 and grows with every change,
    whether or not an item changed. `snapshot` holds every field of `Resident` (dates as
    ISO text, 個人番号 only as ciphertext) and the 世帯番号.
    """

    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="history", verbose_name=_("住民")
    )
    history_number = models.PositiveIntegerField(_("履歴番号"))
    change = models.ForeignKey(
        Change, on_delete=models.PROTECT, related_name="history_rows", verbose_name=_("異動")
    )
    effective_on = models.DateField(_("異動日"))
    snapshot: Any = models.JSONField(_("記載事項"))

    class Meta:
        verbose_name = _("住民履歴")
        verbose_name_plural = _("住民履歴")
        ordering = ["resident", "history_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "resident", "history_number"],
                name="history_unique_number",
            )
        ]
        indexes = [models.Index(fields=["resident", "effective_on"], name="history_asof_idx")]

    def __str__(self) -> str:
        return f"{self.resident_id}#{self.history_number}"


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


from jichitai.registry.certificate_models import *  # noqa: E402, F403
from jichitai.registry.moving_models import *  # noqa: E402, F403
