"""児童手当 (child allowance): recipients, children, determinations, reports, revisions."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jichitai.departments.models.base import code_field
from jichitai.tenants.models import TenantOwnedModel


class ChildAllowanceRecipient(TenantOwnedModel):
    """児童手当の受給者 (recipient): one 認定 (児童手当法 第7条) until it ends (消滅).

    A later claim after the end is a new row: the ended one stays as it was.
    """

    class Status(models.TextChoices):
        CERTIFIED = "certified", _("認定")
        ENDED = "ended", _("消滅")

    class EndReason(models.TextChoices):
        """Why the right ended: a 死亡 leaves what was not yet paid to the children
        (未支払の児童手当, 児童手当法 第12条)."""

        DEATH = "death", _("死亡")
        MOVE_OUT = "move_out", _("転出")
        NOTIFIED = "notified", _("受給事由消滅の届出")
        NO_CHILDREN = "no_children", _("対象児童がいなくなった")

    code = code_field("受給者の符号")
    status = models.CharField(_("状態"), max_length=16, choices=Status.choices)
    claimed_on = models.DateField(_("請求日"))
    certified_on = models.DateField(_("認定日"))
    payment_start_month = models.DateField(_("支給開始月"), help_text=_("月の初日"))
    ended_on = models.DateField(_("消滅日"), null=True, blank=True)
    end_reason = models.CharField(
        _("消滅の理由"), max_length=16, choices=EndReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("児童手当の受給者")
        verbose_name_plural = _("児童手当の受給者")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"],
                condition=Q(status="certified"),
                name="child_allowance_one_certified_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 児童手当受給者 {self.get_status_display()}"


class ChildAllowanceChild(TenantOwnedModel):
    """支給要件児童 (a child counted for the allowance) of a recipient, from `added_on`
    until `removed_on`. `birth_order` (第n子) and `monthly_amount` are those of the latest
    `ChildAllowanceRevision`, which keeps the dated totals."""

    recipient = models.ForeignKey(
        ChildAllowanceRecipient, on_delete=models.PROTECT, related_name="children"
    )
    code = code_field("児童の符号")
    birth_date = models.DateField(_("生年月日"))
    birth_order = models.PositiveSmallIntegerField(_("第n子"))
    monthly_amount = models.PositiveIntegerField(_("月額（円）"))
    added_on = models.DateField(_("対象となった日"))
    removed_on = models.DateField(_("対象でなくなった日"), null=True, blank=True)

    class Meta:
        verbose_name = _("児童手当の対象児童")
        verbose_name_plural = _("児童手当の対象児童")
        constraints = [
            # 児童手当法 第4条: a child is counted for one recipient at a time.
            models.UniqueConstraint(
                fields=["municipality", "code"],
                condition=Q(removed_on__isnull=True),
                name="child_allowance_child_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 児童手当 第{self.birth_order}子"


class ChildAllowanceIncomeDetermination(TenantOwnedModel):
    """生計中心者の判定: the income that decided who is the recipient, and the linkage
    exchange that supplied it (ワンスオンリー: no 課税証明書 attached). `income_exchange_id`
    names the exchange record of the broker; it is text, not a relation, because the broker's
    records may live in another database."""

    recipient = models.ForeignKey(
        ChildAllowanceRecipient, on_delete=models.PROTECT, related_name="income_determinations"
    )
    determined_on = models.DateField(_("判定日"))
    fiscal_year = models.PositiveSmallIntegerField(_("所得の賦課年度"))
    total_income = models.BigIntegerField(_("総所得金額等"))
    income_exchange_id = models.CharField(_("情報連携の記録番号"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("生計中心者の判定")
        verbose_name_plural = _("生計中心者の判定")

    def __str__(self) -> str:
        return f"{self.municipality_id} 生計中心者の判定 {self.determined_on:%Y-%m-%d}"


class ChildAllowanceStatusReport(TenantOwnedModel):
    """現況届 (status report, 児童手当法施行規則 第4条): filed only by recipients the
    municipality asks since 2022-06."""

    recipient = models.ForeignKey(
        ChildAllowanceRecipient, on_delete=models.PROTECT, related_name="status_reports"
    )
    reported_on = models.DateField(_("届出日"))
    children_count = models.PositiveSmallIntegerField(_("養育している児童の数"))

    class Meta:
        verbose_name = _("児童手当の現況届")
        verbose_name_plural = _("児童手当の現況届")

    def __str__(self) -> str:
        return f"{self.municipality_id} 現況届 {self.reported_on:%Y-%m-%d}"


class ChildAllowanceRevision(TenantOwnedModel):
    """額の決定・改定 (児童手当法 第8条・第9条): the monthly total from `effective_month` on."""

    class Kind(models.TextChoices):
        CERTIFICATION = "certification", _("認定")
        INCREASE = "increase", _("増額改定")
        DECREASE = "decrease", _("減額改定")

    recipient = models.ForeignKey(
        ChildAllowanceRecipient, on_delete=models.PROTECT, related_name="revisions"
    )
    kind = models.CharField(_("種類"), max_length=16, choices=Kind.choices)
    occurred_on = models.DateField(_("事由が生じた日"))
    effective_month = models.DateField(_("改定月"), help_text=_("月の初日"))
    monthly_total = models.PositiveIntegerField(_("月額の合計（円）"))
    children_count = models.PositiveSmallIntegerField(_("対象児童の数"))
    recorded_at = models.DateTimeField(_("記録日時"))

    class Meta:
        verbose_name = _("児童手当の額の改定")
        verbose_name_plural = _("児童手当の額の改定")

    def __str__(self) -> str:
        return f"{self.municipality_id} 児童手当 {self.get_kind_display()} {self.effective_month:%Y-%m}"


class ChildAllowanceNotice(TenantOwnedModel):
    """受給者の届出 (児童手当法 第26条 and the 施行規則 under it): a change the recipient
    notifies — 氏名変更, 住所変更 (within the municipality; a move out ends the recipient),
    口座変更 and the like — or the 消滅 of the right (受給事由消滅の届出), kept on the record
    with the day it happened. The register keeps the new name or address itself; the business
    keeps that it was told and when (the 届出 is itself what the law asks)."""

    class Kind(models.TextChoices):
        NAME = "name", _("氏名変更")
        ADDRESS = "address", _("住所変更")
        ACCOUNT = "account", _("支払口座の変更")
        CHILD_ADDRESS = "child_address", _("児童の住所変更")
        PUBLIC_SERVANT = "public_servant", _("公務員になった")
        EXTINCTION = "extinction", _("受給事由消滅")

    recipient = models.ForeignKey(
        ChildAllowanceRecipient, on_delete=models.PROTECT, related_name="notices"
    )
    kind = models.CharField(_("届出の種類"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("事由が生じた日"))
    notified_on = models.DateField(_("届出日"))

    class Meta:
        verbose_name = _("児童手当の届出")
        verbose_name_plural = _("児童手当の届出")

    def __str__(self) -> str:
        return (
            f"{self.municipality_id} 児童手当 {self.get_kind_display()} {self.notified_on:%Y-%m-%d}"
        )
