"""公金収納 data. Every row is written once: a correction or cancellation of an invoice is a new
`InvoiceAdjustment` (and, for a correction, a new invoice that `supersedes` the old one); a
payment is a new `Payment`; a staff decision on an exception is a new `ExceptionResolution`.
The balance of an invoice is derived (selectors.invoice_balances), never stored, so the ledger
invariant billed - paid - adjustments = balance holds by construction and `jichitai
check-ledger` checks the rules that construction cannot (docs/payments.md「台帳の不変条件」).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jichitai.tenants.models import TenantOwnedModel


class InvoiceKind(models.TextChoices):
    """歳入の種類 with its 納付区分 (a local numbering: the national one is not published)."""

    VEHICLE_TAX = "vehicle_tax", _("軽自動車税（種別割）")
    CERTIFICATE_FEE = "certificate_fee", _("住民票等の交付手数料")
    CHILDCARE_FEE = "childcare_fee", _("保育料")


CATEGORY_OF_KIND = {
    InvoiceKind.VEHICLE_TAX: "301",
    InvoiceKind.CERTIFICATE_FEE: "501",
    InvoiceKind.CHILDCARE_FEE: "601",
}


class LightVehicle(TenantOwnedModel):
    """軽自動車税の課税台帳 (a small register of 軽自動車等, 地方税法 第463条の15): who owns which
    vehicle on 4月1日 (賦課期日, 第463条の19) pays the year's 種別割."""

    class VehicleClass(models.TextChoices):
        MOPED = "moped", _("原動機付自転車（50cc以下）")
        MOTORCYCLE_250 = "motorcycle_250", _("軽二輪（125cc超250cc以下）")
        SMALL_MOTORCYCLE = "small_motorcycle", _("小型二輪（250cc超）")
        KEI_PASSENGER = "kei_passenger", _("軽四輪 乗用・自家用")
        KEI_FREIGHT = "kei_freight", _("軽四輪 貨物・自家用")

    plate = models.CharField(_("標識番号"), max_length=20)
    vehicle_class = models.CharField(_("車種区分"), max_length=20, choices=VehicleClass.choices)
    owner_resident_code = models.CharField(_("所有者の住民票コード"), max_length=11)
    owner_name = models.CharField(_("所有者の氏名"), max_length=100)
    registered_on = models.DateField(_("登録日"))
    deregistered_on = models.DateField(_("廃車日"), null=True, blank=True)

    class Meta:
        verbose_name = _("軽自動車等")
        verbose_name_plural = _("軽自動車等")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "plate"], name="light_vehicle_plate")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.get_vehicle_class_display()}"


class Invoice(TenantOwnedModel):
    """納付書 (調定): payer, period, amount in integer yen, due date and the eL番号."""

    kind = models.CharField(_("種類"), max_length=20, choices=InvoiceKind.choices)
    subject = models.CharField(_("対象"), max_length=60, help_text=_("標識番号、受付番号など"))
    period = models.CharField(_("期別"), max_length=20, help_text=_("2026年度、2026-05 など"))
    payer_resident_code = models.CharField(_("納付者の住民票コード"), max_length=11, blank=True)
    payer_code = models.CharField(
        _("納付者の符号"), max_length=64, blank=True, help_text=_("保育の業務の符号（保育料）")
    )
    payer_name = models.CharField(_("納付者の氏名"), max_length=100)
    amount = models.PositiveIntegerField(_("調定額（円）"))
    due_on = models.DateField(_("納期限"))
    issued_at = models.DateTimeField(_("発行日時"))
    collector_number = models.CharField(_("収納機関番号"), max_length=5)
    payment_number = models.CharField(_("納付番号"), max_length=16)
    confirmation_number = models.CharField(_("確認番号"), max_length=6)
    category = models.CharField(_("納付区分"), max_length=3)
    reissue = models.PositiveSmallIntegerField(_("再発行区分"), default=0)
    # One correction per invoice: the unique constraint with the municipality below (a tenant
    # table's unique keys all carry it, tenants/tests/test_schema_rules.py).
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("訂正前の納付書"),
    )

    class Meta:
        verbose_name = _("納付書")
        verbose_name_plural = _("納付書")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "payment_number"], name="invoice_payment_number"
            ),
            models.UniqueConstraint(
                fields=["municipality", "supersedes"], name="invoice_corrected_once"
            ),
            models.UniqueConstraint(
                fields=["municipality", "kind", "subject", "period"],
                condition=Q(supersedes__isnull=True),
                name="invoice_one_original_per_period",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "due_on"])]

    def __str__(self) -> str:
        return f"{self.municipality_id} 納付書 {self.payment_number}"


class InvoiceNumberSeries(TenantOwnedModel):
    """The last serial used for 納付番号 per municipality and 納付区分 (locked to hand out blocks)."""

    category = models.CharField(max_length=3)
    last_serial = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "category"], name="invoice_number_series"
            )
        ]


class InvoiceAdjustment(TenantOwnedModel):
    """減額・取消 (an adjustment of the billed amount): a new entry, never an edit."""

    class Reason(models.TextChoices):
        CANCELLATION = "cancellation", _("取消")
        CORRECTION = "correction", _("訂正（新しい納付書に置き換え）")

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="adjustments")
    amount = models.PositiveIntegerField(_("減額（円）"))
    reason = models.CharField(_("理由"), max_length=16, choices=Reason.choices)
    note = models.CharField(_("備考"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("記録日時"))
    recorded_by = models.CharField(_("記録者"), max_length=150)

    class Meta:
        verbose_name = _("調定の減額・取消")
        verbose_name_plural = _("調定の減額・取消")


class PaymentImport(TenantOwnedModel):
    """収納データの取込 (one imported file) with its counts and totals."""

    class Layout(models.TextChoices):
        BANK_CSV = "bank_csv", _("金融機関 CSV")
        CVS_FIXED = "cvs_fixed", _("コンビニ収納代行 固定長")
        ELTAX = "eltax", _("eLTAX 形式 CSV")

    file_sha256 = models.CharField(_("ファイルのSHA-256"), max_length=64)
    file_name = models.CharField(_("ファイル名"), max_length=200)
    layout = models.CharField(_("様式"), max_length=16, choices=Layout.choices)
    imported_at = models.DateTimeField(_("取込日時"))
    imported_by = models.CharField(_("取込者"), max_length=150)
    record_count = models.PositiveIntegerField(_("件数"))
    total_amount = models.BigIntegerField(_("合計金額"))
    skipped_count = models.PositiveIntegerField(_("取込済みで飛ばした件数"), default=0)
    skipped_amount = models.BigIntegerField(_("取込済みで飛ばした金額"), default=0)
    matched_count = models.PositiveIntegerField(_("消込件数"), default=0)
    applied_amount = models.BigIntegerField(_("消込金額"), default=0)
    refund_count = models.PositiveIntegerField(_("還付候補件数"), default=0)
    refund_amount = models.BigIntegerField(_("還付候補金額"), default=0)
    exception_count = models.PositiveIntegerField(_("例外件数"), default=0)
    exception_amount = models.BigIntegerField(_("例外金額"), default=0)

    class Meta:
        verbose_name = _("収納データの取込")
        verbose_name_plural = _("収納データの取込")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "file_sha256"], name="payment_import_file"
            )
        ]


class Outcome(models.TextChoices):
    """消込の結果 of one payment record."""

    EXACT = "exact", _("消込済み")
    PARTIAL = "partial", _("一部納付")
    OVERPAID = "overpaid", _("過納（差額は還付候補）")
    DUPLICATE = "duplicate", _("二重納付（還付候補）")
    CANCELLED = "cancelled", _("取消済みの納付書（還付候補）")
    UNKNOWN = "unknown", _("不明（例外）")


class Payment(TenantOwnedModel):
    """収納記録: one payment as the channel reported it, and how it was applied.

    amount = applied + refund + exception amount (the part still waiting for staff)."""

    payment_import = models.ForeignKey(
        PaymentImport, on_delete=models.PROTECT, related_name="payments", null=True, blank=True
    )

    class Channel(models.TextChoices):
        BANK = "bank", _("金融機関")
        CVS = "cvs", _("コンビニエンスストア")
        ELTAX = "eltax", _("eLTAX（地方税お支払サイト等）")
        ONLINE = "online", _("オンライン決済（申請時）")

    channel = models.CharField(_("収納経路"), max_length=16, choices=Channel.choices)
    record_id = models.CharField(_("収納記録の番号"), max_length=40)
    paid_on = models.DateField(_("納付日"))
    amount = models.PositiveIntegerField(_("納付額（円）"))
    payment_number = models.CharField(_("納付番号（読み取り値）"), max_length=20)
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="payments", null=True, blank=True
    )
    outcome = models.CharField(_("消込の結果"), max_length=16, choices=Outcome.choices)
    applied = models.PositiveIntegerField(_("充当額（円）"), default=0)
    refund = models.PositiveIntegerField(_("還付候補額（円）"), default=0)

    class Meta:
        verbose_name = _("収納記録")
        verbose_name_plural = _("収納記録")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "channel", "record_id"], name="payment_record_once"
            ),
            models.CheckConstraint(
                condition=Q(applied__lte=models.F("amount")) & Q(refund__lte=models.F("amount")),
                name="payment_parts_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 収納 {self.channel}/{self.record_id}"


class ExceptionResolution(TenantOwnedModel):
    """職員による例外の処理: an unknown payment assigned to an invoice or marked for refund."""

    class Decision(models.TextChoices):
        ASSIGNED = "assigned", _("納付書に充当")
        REFUND = "refund", _("還付する")

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="resolutions")
    decision = models.CharField(_("処理"), max_length=16, choices=Decision.choices)
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, null=True, blank=True, related_name="resolutions"
    )
    applied = models.PositiveIntegerField(_("充当額（円）"), default=0)
    refund = models.PositiveIntegerField(_("還付候補額（円）"), default=0)
    resolved_at = models.DateTimeField(_("処理日時"))
    resolved_by = models.CharField(_("処理者"), max_length=150)

    class Meta:
        verbose_name = _("例外の処理")
        verbose_name_plural = _("例外の処理")
        constraints = [
            # A payment is resolved once.
            models.UniqueConstraint(
                fields=["municipality", "payment"], name="exception_resolved_once"
            ),
        ]


class OnlinePayment(TenantOwnedModel):
    """オンライン決済: the fee of one online request, paid at the payment provider (shaped like
    GOV.UK Pay: created here, paid there, confirmed by a signed notification; online/)."""

    class Status(models.TextChoices):
        CREATED = "created", _("支払い手続き中")
        SUCCESS = "success", _("支払い済み")

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="online_payments")
    reference = models.CharField(_("受付番号"), max_length=60)
    amount = models.PositiveIntegerField(_("金額（円）"))
    provider_id = models.CharField(_("決済事業者の支払い番号"), max_length=64)
    next_url = models.CharField(_("決済画面"), max_length=300)
    return_url = models.CharField(_("戻り先"), max_length=300)
    status = models.CharField(
        _("状態"), max_length=16, choices=Status.choices, default=Status.CREATED
    )
    created_at = models.DateTimeField(_("作成日時"))
    paid_at = models.DateTimeField(_("支払日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("オンライン決済")
        verbose_name_plural = _("オンライン決済")
        constraints = [
            # One payment under way per request: starting again resumes it (idempotent).
            models.UniqueConstraint(
                fields=["municipality", "reference"], name="online_payment_one_per_reference"
            ),
            models.UniqueConstraint(
                fields=["municipality", "provider_id"], name="online_payment_provider_id"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} オンライン決済 {self.reference}"


class ProviderNotification(TenantOwnedModel):
    """A signed notification already acted on: the same message id again is a replay."""

    message_id = models.CharField(_("通知の番号"), max_length=64)
    online_payment = models.ForeignKey(
        OnlinePayment, on_delete=models.PROTECT, related_name="notifications"
    )
    received_at = models.DateTimeField(_("受信日時"))

    class Meta:
        verbose_name = _("決済の通知")
        verbose_name_plural = _("決済の通知")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "message_id"], name="provider_notification_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 通知 {self.message_id}"


class RefundDecision(TenantOwnedModel):
    """還付・充当の決定: what staff decided for one payment's 還付候補 (overpaid, duplicate, paid on
    a cancelled invoice, or an exception marked for refund). 充当 applies it to another open
    invoice of the same payer (地方税法 第17条の2: a refund is first applied to what the payer
    still owes); what is left is refunded to the payer's bank account (還付, 第17条)."""

    class Decision(models.TextChoices):
        REFUND = "refund", _("還付")
        OFFSET = "offset", _("充当（残りは還付）")

    class AccountType(models.TextChoices):
        ORDINARY = "1", _("普通")
        CURRENT = "2", _("当座")
        SAVINGS = "4", _("貯蓄")

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refund_decisions")
    decision = models.CharField(_("決定"), max_length=16, choices=Decision.choices)
    amount = models.PositiveIntegerField(_("還付候補額（円）"))
    invoice = models.ForeignKey(
        Invoice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refund_offsets",
        verbose_name=_("充当先の納付書"),
    )
    applied = models.PositiveIntegerField(_("充当額（円）"), default=0)
    refund = models.PositiveIntegerField(_("還付額（円）"), default=0)
    # 振込先 (the payer's account, from their 還付請求): personal data, never logged or audited.
    bank_code = models.CharField(_("金融機関コード"), max_length=4, blank=True)
    branch_code = models.CharField(_("支店コード"), max_length=3, blank=True)
    account_type = models.CharField(
        _("預金種目"), max_length=1, choices=AccountType.choices, blank=True
    )
    account_number = models.CharField(_("口座番号"), max_length=7, blank=True)
    account_name = models.CharField(_("口座名義（半角カナ）"), max_length=30, blank=True)
    decided_at = models.DateTimeField(_("決定日時"))
    decided_by = models.CharField(_("決定者"), max_length=150)

    class Meta:
        verbose_name = _("還付・充当の決定")
        verbose_name_plural = _("還付・充当の決定")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "payment"], name="refund_decided_once")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 還付決定 {self.payment_id}"


class RefundPayout(TenantOwnedModel):
    """還付の支出: one 総合振込 file for the bank, paying every refund decided and not yet paid.
    The paying account (依頼人) is kept so the file can be written again, byte for byte."""

    transfer_on = models.DateField(_("振込指定日"))
    requester_code = models.CharField(_("振込依頼人コード"), max_length=10)
    requester_name = models.CharField(_("振込依頼人名（半角カナ）"), max_length=40)
    bank_code = models.CharField(_("仕向銀行番号"), max_length=4)
    branch_code = models.CharField(_("仕向支店番号"), max_length=3)
    account_type = models.CharField(_("預金種目"), max_length=1)
    account_number = models.CharField(_("口座番号"), max_length=7)
    record_count = models.PositiveIntegerField(_("件数"))
    total_amount = models.BigIntegerField(_("合計金額"))
    created_at = models.DateTimeField(_("作成日時"))
    created_by = models.CharField(_("作成者"), max_length=150)

    class Meta:
        verbose_name = _("還付の支出")
        verbose_name_plural = _("還付の支出")

    def __str__(self) -> str:
        return f"{self.municipality_id} 還付支出 {self.transfer_on}"


class RefundPayoutLine(TenantOwnedModel):
    """One refund in a payout: each decided refund is paid once (the unique key)."""

    payout = models.ForeignKey(RefundPayout, on_delete=models.PROTECT, related_name="lines")
    decision = models.ForeignKey(
        RefundDecision, on_delete=models.PROTECT, related_name="payout_lines"
    )
    amount = models.PositiveIntegerField(_("振込金額（円）"))

    class Meta:
        verbose_name = _("還付の支出明細")
        verbose_name_plural = _("還付の支出明細")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "decision"], name="refund_paid_once")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 還付支出明細 {self.decision_id}"


class DunningNotice(TenantOwnedModel):
    """督促状の発付: the recorded act of sending a 督促状 for an overdue invoice (one per invoice:
    a second letter is a 催告, not a 督促), with the tax still owed and the 延滞金 accrued on the
    day it was sent (for a 地方税; other revenues have none here)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="dunning_notices")
    sent_on = models.DateField(_("発付日"))
    amount = models.PositiveIntegerField(_("督促税額（円）"))
    late_fee = models.PositiveIntegerField(_("発付日までの延滞金（円）"), default=0)
    recorded_at = models.DateTimeField(_("記録日時"))
    recorded_by = models.CharField(_("記録者"), max_length=150)

    class Meta:
        verbose_name = _("督促状の発付")
        verbose_name_plural = _("督促状の発付")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "invoice"], name="dunning_once")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 督促 {self.invoice_id}"
