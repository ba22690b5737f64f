"""異動 and 住民履歴 (changes and history, §1.2): every change to the register is an immutable
`Change`, and each record it touches gets a full snapshot row (`ResidentHistory`) in the same
transaction."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jichitai.common.model_fields import BulkJSONField
from jichitai.tenants.models import TenantOwnedModel


class ChangeCategory(models.TextChoices):
    """異動の区分 (§1.2.2)."""

    ENTRY = "entry", _("記載")
    REMOVAL = "removal", _("消除")
    AMENDMENT = "amendment", _("修正")


class ChangeType(models.TextChoices):
    """異動事由コード: our codes for the 異動事由 (§1.2.2, doc/j210.txt), exported with their
    Japanese names. Every code maps to one 区分 of the standard (`STANDARD_REASONS`), and every
    区分 has at least one code. Stored values never change: a code whose meaning was narrowed
    (旧氏, 通称, 取消し) keeps its value, with the old label accepted on import."""

    MOVE_IN = "move_in", _("国内転入")
    MOVE_IN_FROM_ABROAD = "move_in_from_abroad", _("国外転入")
    # 法第30条の47: a resident who becomes a 中長期在留者 etc. (doc/j920.txt §4.5.2).
    ARTICLE_30_47 = "article_30_47", _("法第30条の47届出")
    BIRTH = "birth", _("出生")
    NATURALISATION_ENTRY = "naturalisation_entry", _("職権記載（帰化等）")
    # 国籍取得 (国籍法 第3条・第17条, doc/j940.txt §4.5.4) falls under 帰化「等」.
    NATIONALITY_ACQUISITION_ENTRY = "nationality_acquisition_entry", _("職権記載（国籍取得）")
    NATIONALITY_LOSS_ENTRY = "nationality_loss_entry", _("職権記載（国籍喪失）")
    EX_OFFICIO_ENTRY = "ex_officio_entry", _("職権記載")
    RECREATION_ENTRY = "recreation_entry", _("改製（記載）")
    RESTORATION_ENTRY = "restoration_entry", _("再製（記載）")
    CANCELLATION_INCREASE = "cancellation_increase", _("異動の取消し（増）")
    MOVE_OUT = "move_out", _("国内転出")
    EMIGRATION = "emigration", _("国外転出")
    DEATH = "death", _("死亡")
    NATURALISATION_REMOVAL = "naturalisation_removal", _("職権消除（帰化等）")
    NATIONALITY_ACQUISITION_REMOVAL = "nationality_acquisition_removal", _("職権消除（国籍取得）")
    NATIONALITY_LOSS_REMOVAL = "nationality_loss_removal", _("職権消除（国籍喪失）")
    EX_OFFICIO_REMOVAL = "ex_officio_removal", _("職権消除")
    RECREATION_REMOVAL = "recreation_removal", _("改製（消除）")
    RESTORATION_REMOVAL = "restoration_removal", _("再製（消除）")
    CANCELLATION_DECREASE = "cancellation_decrease", _("異動の取消し（減）")
    MOVE_WITHIN = "move_within", _("転居")
    MINOR_CORRECTION = "minor_correction", _("軽微な修正")
    HOUSEHOLD_SPLIT = "household_split", _("世帯分離")
    HOUSEHOLD_MERGE = "household_merge", _("世帯合併")
    HOUSEHOLD_CHANGE = "household_change", _("世帯変更")
    HEAD_CHANGE = "head_change", _("世帯主変更")
    # 氏名の変更 (a 戸籍届 of another municipality, 法第9条第2項の通知) is a 職権修正 in §1.2.2.
    NAME_CHANGE = "name_change", _("氏名の変更")
    FORMER_SURNAME_ENTRY = "former_surname_entry", _("旧氏の記載")
    FORMER_SURNAME_CHANGE = "former_surname_change", _("旧氏の変更")
    FORMER_SURNAME_REMOVAL = "former_surname_removal", _("旧氏の削除")
    ALIAS_CHANGE = "alias_change", _("通称の記載")
    ALIAS_REMOVAL = "alias_removal", _("通称の削除")
    EX_OFFICIO_CORRECTION = "ex_officio_correction", _("職権修正")
    CLERICAL_CORRECTION = "clerical_correction", _("誤記修正")
    MY_NUMBER_CHANGE = "my_number_change", _("個人番号の変更")
    MY_NUMBER_EX_OFFICIO_CORRECTION = "my_number_ex_officio_correction", _("個人番号の職権修正")
    MY_NUMBER_EX_OFFICIO_ENTRY = "my_number_ex_officio_entry", _("個人番号の職権記載")
    RESIDENT_CODE_CHANGE = "resident_code_change", _("住民票コードの変更請求")
    RESIDENT_CODE_EX_OFFICIO_ENTRY = "resident_code_ex_officio_entry", _("住民票コードの職権記載")
    # 転入通知 (住民基本台帳法 第9条第1項) received: 転出年月日（確定） and 転出先住所（確定）
    # (doc/j680.txt §4.1.3.1.1); the planned values stay in the 転出's own history row.
    MOVE_OUT_CONFIRMATION = "move_out_confirmation", _("転出確定（転入通知）")
    # Kept value: a cancellation of a 修正. Cancellations of a 記載 or 消除 have their own.
    CANCELLATION = "cancellation", _("異動の取消し（修正）")
    IMPORT = "import", _("データ移行")

    @property
    def category(self) -> ChangeCategory:
        return CHANGE_CATEGORIES[self]

    @property
    def standard_reason(self) -> StandardReason:
        return STANDARD_REASONS[self]


# Labels our codes had before §1.2.2 was followed in full: files exported then still import.
LEGACY_CHANGE_LABELS: dict[str, ChangeType] = {
    "旧氏の記載・変更・削除": ChangeType.FORMER_SURNAME_CHANGE,
    "通称の記載・削除": ChangeType.ALIAS_CHANGE,
    "異動の取消し": ChangeType.CANCELLATION,
}


class StandardReason(models.TextChoices):
    """異動事由の区分 of the standard, word for word (doc/j210.txt §1.2.2): 9 of 記載, 9 of
    消除, 19 of 修正. 改製 and 再製 appear under both 記載 and 消除. There is no 「転居取消」:
    a cancelled 転居 is an 異動の取消し（修正） like any other (§1.2.2 【実装しない機能】)."""

    ENTRY_MOVE_IN = "entry.move_in", _("国内転入")
    ENTRY_FROM_ABROAD = "entry.from_abroad", _("国外転入等")
    ENTRY_BIRTH = "entry.birth", _("出生")
    ENTRY_NATURALISATION = "entry.naturalisation", _("職権記載（帰化等）")
    ENTRY_NATIONALITY_LOSS = "entry.nationality_loss", _("職権記載（国籍喪失）")
    ENTRY_EX_OFFICIO = "entry.ex_officio", _("職権記載")
    ENTRY_RECREATION = "entry.recreation", _("改製")
    ENTRY_RESTORATION = "entry.restoration", _("再製")
    ENTRY_CANCELLATION = "entry.cancellation", _("異動の取消し（増）")
    REMOVAL_MOVE_OUT = "removal.move_out", _("国内転出")
    REMOVAL_EMIGRATION = "removal.emigration", _("国外転出")
    REMOVAL_DEATH = "removal.death", _("死亡")
    REMOVAL_NATURALISATION = "removal.naturalisation", _("職権消除（帰化等）")
    REMOVAL_NATIONALITY_LOSS = "removal.nationality_loss", _("職権消除（国籍喪失）")
    REMOVAL_EX_OFFICIO = "removal.ex_officio", _("職権消除")
    REMOVAL_RECREATION = "removal.recreation", _("改製")
    REMOVAL_RESTORATION = "removal.restoration", _("再製")
    REMOVAL_CANCELLATION = "removal.cancellation", _("異動の取消し（減）")
    AMENDMENT_MOVE_WITHIN = "amendment.move_within", _("転居")
    AMENDMENT_MINOR = "amendment.minor", _("軽微な修正")
    AMENDMENT_EX_OFFICIO = "amendment.ex_officio", _("職権修正")
    AMENDMENT_CLERICAL = "amendment.clerical", _("誤記修正")
    AMENDMENT_MY_NUMBER_REQUEST = "amendment.my_number_request", _("個人番号の変更請求")
    AMENDMENT_MY_NUMBER_CORRECTION = "amendment.my_number_correction", _("個人番号の職権修正")
    AMENDMENT_MY_NUMBER_ENTRY = "amendment.my_number_entry", _("個人番号の職権記載")
    AMENDMENT_RESIDENT_CODE_REQUEST = "amendment.resident_code_request", _("住民票コードの変更請求")
    AMENDMENT_RESIDENT_CODE_ENTRY = "amendment.resident_code_entry", _("住民票コードの職権記載")
    AMENDMENT_SPLIT = "amendment.split", _("世帯分離")
    AMENDMENT_MERGE = "amendment.merge", _("世帯合併")
    AMENDMENT_HOUSEHOLD_CHANGE = "amendment.household_change", _("世帯変更")
    AMENDMENT_HEAD_CHANGE = "amendment.head_change", _("世帯主変更")
    AMENDMENT_FORMER_SURNAME_ENTRY = "amendment.former_surname_entry", _("旧氏の記載")
    AMENDMENT_FORMER_SURNAME_CHANGE = "amendment.former_surname_change", _("旧氏の変更")
    AMENDMENT_FORMER_SURNAME_REMOVAL = "amendment.former_surname_removal", _("旧氏の削除")
    AMENDMENT_ALIAS_ENTRY = "amendment.alias_entry", _("通称の記載")
    AMENDMENT_ALIAS_REMOVAL = "amendment.alias_removal", _("通称の削除")
    AMENDMENT_CANCELLATION = "amendment.cancellation", _("異動の取消し（修正）")

    @property
    def category(self) -> ChangeCategory:
        return ChangeCategory(self.value.split(".", 1)[0])

    @property
    def change_types(self) -> list[ChangeType]:
        """Our codes of this 区分 (the mapping from the standard's side, §1.2.2)."""
        return [code for code, reason in STANDARD_REASONS.items() if reason == self]

    @property
    def full_label(self) -> str:
        """The 区分 with its heading, unique even for 改製/再製: 「消除の事由：改製」."""
        return f"{self.category.label}の事由：{self.label}"


# Our code → the standard's 区分 (the mapping §1.2.2 asks for, used by the export and by
# statistics). Codes without a 区分 of their own go to the nearest one, saying why.
STANDARD_REASONS: dict[ChangeType, StandardReason] = {
    ChangeType.MOVE_IN: StandardReason.ENTRY_MOVE_IN,
    ChangeType.MOVE_IN_FROM_ABROAD: StandardReason.ENTRY_FROM_ABROAD,
    # 「国外転入に準じた情報が登録できること」 (doc/j920.txt §4.5.2): 国外転入「等」.
    ChangeType.ARTICLE_30_47: StandardReason.ENTRY_FROM_ABROAD,
    ChangeType.BIRTH: StandardReason.ENTRY_BIRTH,
    ChangeType.NATURALISATION_ENTRY: StandardReason.ENTRY_NATURALISATION,
    ChangeType.NATIONALITY_ACQUISITION_ENTRY: StandardReason.ENTRY_NATURALISATION,
    ChangeType.NATIONALITY_LOSS_ENTRY: StandardReason.ENTRY_NATIONALITY_LOSS,
    ChangeType.EX_OFFICIO_ENTRY: StandardReason.ENTRY_EX_OFFICIO,
    ChangeType.RECREATION_ENTRY: StandardReason.ENTRY_RECREATION,
    ChangeType.RESTORATION_ENTRY: StandardReason.ENTRY_RESTORATION,
    ChangeType.CANCELLATION_INCREASE: StandardReason.ENTRY_CANCELLATION,
    # Records migrated from another system are written by the municipality itself.
    ChangeType.IMPORT: StandardReason.ENTRY_EX_OFFICIO,
    ChangeType.MOVE_OUT: StandardReason.REMOVAL_MOVE_OUT,
    ChangeType.EMIGRATION: StandardReason.REMOVAL_EMIGRATION,
    ChangeType.DEATH: StandardReason.REMOVAL_DEATH,
    ChangeType.NATURALISATION_REMOVAL: StandardReason.REMOVAL_NATURALISATION,
    ChangeType.NATIONALITY_ACQUISITION_REMOVAL: StandardReason.REMOVAL_NATURALISATION,
    ChangeType.NATIONALITY_LOSS_REMOVAL: StandardReason.REMOVAL_NATIONALITY_LOSS,
    ChangeType.EX_OFFICIO_REMOVAL: StandardReason.REMOVAL_EX_OFFICIO,
    ChangeType.RECREATION_REMOVAL: StandardReason.REMOVAL_RECREATION,
    ChangeType.RESTORATION_REMOVAL: StandardReason.REMOVAL_RESTORATION,
    ChangeType.CANCELLATION_DECREASE: StandardReason.REMOVAL_CANCELLATION,
    ChangeType.MOVE_WITHIN: StandardReason.AMENDMENT_MOVE_WITHIN,
    ChangeType.MINOR_CORRECTION: StandardReason.AMENDMENT_MINOR,
    ChangeType.EX_OFFICIO_CORRECTION: StandardReason.AMENDMENT_EX_OFFICIO,
    # A 氏名 changed on a 戸籍 notice and a 転出 confirmed by the 転入通知 are both made
    # 職権 on a notice from another office.
    ChangeType.NAME_CHANGE: StandardReason.AMENDMENT_EX_OFFICIO,
    ChangeType.MOVE_OUT_CONFIRMATION: StandardReason.AMENDMENT_EX_OFFICIO,
    ChangeType.CLERICAL_CORRECTION: StandardReason.AMENDMENT_CLERICAL,
    ChangeType.MY_NUMBER_CHANGE: StandardReason.AMENDMENT_MY_NUMBER_REQUEST,
    ChangeType.MY_NUMBER_EX_OFFICIO_CORRECTION: StandardReason.AMENDMENT_MY_NUMBER_CORRECTION,
    ChangeType.MY_NUMBER_EX_OFFICIO_ENTRY: StandardReason.AMENDMENT_MY_NUMBER_ENTRY,
    ChangeType.RESIDENT_CODE_CHANGE: StandardReason.AMENDMENT_RESIDENT_CODE_REQUEST,
    ChangeType.RESIDENT_CODE_EX_OFFICIO_ENTRY: StandardReason.AMENDMENT_RESIDENT_CODE_ENTRY,
    ChangeType.HOUSEHOLD_SPLIT: StandardReason.AMENDMENT_SPLIT,
    ChangeType.HOUSEHOLD_MERGE: StandardReason.AMENDMENT_MERGE,
    ChangeType.HOUSEHOLD_CHANGE: StandardReason.AMENDMENT_HOUSEHOLD_CHANGE,
    ChangeType.HEAD_CHANGE: StandardReason.AMENDMENT_HEAD_CHANGE,
    ChangeType.FORMER_SURNAME_ENTRY: StandardReason.AMENDMENT_FORMER_SURNAME_ENTRY,
    ChangeType.FORMER_SURNAME_CHANGE: StandardReason.AMENDMENT_FORMER_SURNAME_CHANGE,
    ChangeType.FORMER_SURNAME_REMOVAL: StandardReason.AMENDMENT_FORMER_SURNAME_REMOVAL,
    ChangeType.ALIAS_CHANGE: StandardReason.AMENDMENT_ALIAS_ENTRY,
    ChangeType.ALIAS_REMOVAL: StandardReason.AMENDMENT_ALIAS_REMOVAL,
    ChangeType.CANCELLATION: StandardReason.AMENDMENT_CANCELLATION,
}

CHANGE_CATEGORIES: dict[ChangeType, ChangeCategory] = {
    change_type: reason.category for change_type, reason in STANDARD_REASONS.items()
}

# The three 取消し, by what the cancelled change did (doc/j980.txt §4.6.0.1): cancelling a
# 消除 adds people back (増), cancelling a 記載 takes them off (減), anything else is 修正.
CANCELLATION_TYPES: dict[ChangeCategory, ChangeType] = {
    ChangeCategory.REMOVAL: ChangeType.CANCELLATION_INCREASE,
    ChangeCategory.ENTRY: ChangeType.CANCELLATION_DECREASE,
    ChangeCategory.AMENDMENT: ChangeType.CANCELLATION,
}
CANCELLATION_CODES = frozenset(CANCELLATION_TYPES.values())


NOTIFICATION_PERIOD_DAYS = 14
# 転入届, 転居届, 転出届 and 世帯変更届 (住民基本台帳法 第22条〜第25条), the 届出 a 住民異動届
# 受理通知 is made for (doc/j580.txt §4.1.0.3).
RECEIPT_NOTICE_TYPES = frozenset(
    {
        ChangeType.MOVE_IN,
        ChangeType.MOVE_IN_FROM_ABROAD,
        ChangeType.MOVE_WITHIN,
        ChangeType.MOVE_OUT,
        ChangeType.EMIGRATION,
        ChangeType.HOUSEHOLD_SPLIT,
        ChangeType.HOUSEHOLD_MERGE,
        ChangeType.HOUSEHOLD_CHANGE,
        ChangeType.HEAD_CHANGE,
    }
)


class ChangeBasis(models.TextChoices):
    """What a change rests on: a 届出 (§4.1), 職権 without one (doc/j760.txt §4.2.0.2
    届出の準用: 「4.1（届出）に規定する異動処理については、届出がない場合、職権によっても
    行えること」), or 職権 on a person's 申出 (doc/j790.txt §4.2.0.5: 「申出を受けて行ったこと
    がわかるようにすること」, with its 申出日)."""

    NOTIFICATION = "notification", _("届出")
    EX_OFFICIO = "ex_officio", _("職権")
    OFFER = "offer", _("申出による職権")


# Changes that are 職権 by their kind (§4.2.0.1; 出生・死亡 on the 戸籍届出 or its notice).
EX_OFFICIO_TYPES = frozenset(
    {
        ChangeType.EX_OFFICIO_ENTRY,
        ChangeType.EX_OFFICIO_REMOVAL,
        ChangeType.EX_OFFICIO_CORRECTION,
        ChangeType.CLERICAL_CORRECTION,
        ChangeType.BIRTH,
        ChangeType.DEATH,
    }
)


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
    basis = models.CharField(
        _("届出・職権の別"),
        max_length=16,
        choices=ChangeBasis.choices,
        default=ChangeBasis.NOTIFICATION,
    )
    # The dates of §1.2.1 besides 届出日 (doc/j200.txt): 申出日 (§4.2.0.5), 通知日 (a
    # 転入通知 or 戸籍通知 received) and 請求日 (旧氏, 個人番号 on 請求). Set only where the
    # change rests on such an act.
    offered_on = models.DateField(_("申出日"), null=True, blank=True)
    # 届出人氏名 (doc/j580.txt §4.1.0.3): blank when the 届出 was made by a person it moved.
    notifier_name = models.CharField(_("届出人氏名"), max_length=100, blank=True)
    informed_on = models.DateField(_("通知日"), null=True, blank=True)
    requested_on = models.DateField(_("請求日"), null=True, blank=True)
    input_place = models.ForeignKey(
        "InputPlace",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("入力場所"),
    )
    input_terminal = models.ForeignKey(
        "InputTerminal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("入力端末"),
    )
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
        # A change may be cancelled several times, each time for other people of it
        # (「全部又は一部」, doc/j980.txt §4.6.0.1); services.cancellation refuses a person twice.
        constraints = [
            # 申出日 belongs to a change made on 申出, and such a change always has one.
            models.CheckConstraint(
                condition=(Q(basis="offer") & Q(offered_on__isnull=False))
                | (~Q(basis="offer") & Q(offered_on__isnull=True)),
                name="change_offer_has_its_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_change_type_display()} {self.effective_on:%Y-%m-%d}"

    @property
    def category(self) -> ChangeCategory:
        return CHANGE_CATEGORIES[ChangeType(self.change_type)]

    @property
    def standard_reason(self) -> StandardReason:
        """The §1.2.2 区分 of this change."""
        return STANDARD_REASONS[ChangeType(self.change_type)]

    @property
    def accepts_receipt_notice(self) -> bool:
        """A 住民異動届受理通知 can be made (doc/j580.txt §4.1.0.3): a 転入届, 転居届, 転出届
        or 世帯変更届 that was notified (not made 職権), and not itself a cancellation."""
        return (
            self.change_type in RECEIPT_NOTICE_TYPES
            and self.basis == ChangeBasis.NOTIFICATION
            and self.notified_on is not None
            and self.cancels_id is None
        )

    @property
    def is_ex_officio(self) -> bool:
        """Made 職権 (doc/j750.txt §4.2.0.1), so a 職権記録書 is kept: a 4.1 change made
        without a 届出 or on a 申出, or a change that is 職権 by its kind (出生 and 死亡 are
        recorded 職権 on the 戸籍届出 or its notice)."""
        return self.basis != ChangeBasis.NOTIFICATION or self.change_type in EX_OFFICIO_TYPES

    @property
    def needs_ex_officio_notice(self) -> bool:
        """A change a 届出 should have made but that was made 職権 without one (§4.2.0.1), of
        which the person is told by a 職権記載等通知書."""
        return (
            self.basis == ChangeBasis.EX_OFFICIO and self.change_type in RECEIPT_NOTICE_TYPES
        ) or self.change_type in (ChangeType.EX_OFFICIO_ENTRY, ChangeType.EX_OFFICIO_REMOVAL)

    @property
    def notified_after_period(self) -> bool:
        """Notified more than 14 days after the 異動日 (住民基本台帳法 第22条〜第25条:
        届出期間は14日以内); the record is still made, but the late notice is to be noted."""
        return (
            self.notified_on is not None
            and (self.notified_on - self.effective_on).days > NOTIFICATION_PERIOD_DAYS
        )


class ResidentHistory(TenantOwnedModel):
    """住民履歴: a full snapshot of every item after one change (§1.2.1, doc/j200.txt).

    The key is (宛名番号, 履歴番号); 履歴番号 counts from 1 and grows with every change,
    whether or not an item changed. `snapshot` holds every field of `Resident` (dates as
    ISO text, 個人番号 only as ciphertext) and the 世帯番号.
    """

    resident = models.ForeignKey(
        "Resident", on_delete=models.PROTECT, related_name="history", verbose_name=_("住民")
    )
    history_number = models.PositiveIntegerField(_("履歴番号"))
    change = models.ForeignKey(
        Change, on_delete=models.PROTECT, related_name="history_rows", verbose_name=_("異動")
    )
    effective_on = models.DateField(_("異動日"))
    snapshot: Any = BulkJSONField(_("記載事項"))

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


class PlannedHeadChange(TenantOwnedModel):
    """世帯主変更 named with a 転出届 dated in the future (住民基本台帳法 第25条): the head stays
    head until the 転出予定日 (doc/j50.txt §1.1.5: 「除票となるまでは、現存者として、残存世帯員と
    ともに続柄も管理しながら」), and the 世帯主変更 is recorded when the 転出 takes effect."""

    move_out = models.ForeignKey(
        Change, on_delete=models.PROTECT, related_name="+", verbose_name=_("転出")
    )
    new_head = models.ForeignKey(
        "Resident", on_delete=models.PROTECT, related_name="+", verbose_name=_("新しい世帯主")
    )
    # {resident id: 続柄} of the members who stay, checked when the 転出 was recorded.
    relationships: Any = models.JSONField(_("続柄"), default=dict)

    class Meta:
        verbose_name = _("転出予定日の世帯主変更")
        verbose_name_plural = _("転出予定日の世帯主変更")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "move_out"], name="planned_head_change_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.move_out_id} → {self.new_head_id}"
