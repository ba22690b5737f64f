"""異動 and 住民履歴 (changes and history, §1.2): every change to the register is an immutable
`Change`, and each record it touches gets a full snapshot row (`ResidentHistory`) in the same
transaction."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jichitai.tenants.models import TenantOwnedModel


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
    # 転入通知 (住民基本台帳法 第9条第1項) received: 転出年月日（確定） and 転出先住所（確定）
    # (doc/j680.txt §4.1.3.1.1); the planned values stay in the 転出's own history row.
    MOVE_OUT_CONFIRMATION = "move_out_confirmation", _("転出確定（転入通知）")
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
        constraints = [
            # A change is cancelled at most once.
            models.UniqueConstraint(
                fields=["municipality", "cancels"],
                condition=Q(cancels__isnull=False),
                name="change_cancelled_once",
            ),
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
