"""申請・届出 (cases): what a resident or the counter submitted for one procedure, its
workflow state, its attachments, the documents it produced and its event trail.

A case keeps the catalog version and file hash it was checked against, so a later change of
the procedure file never changes the meaning of a case already filed. `CaseEvent` is the
append-only trail the insights app reads (DESIGN.md: case id, activity, timestamp with
seconds, actor, channel, procedure, municipality); the database refuses to change it.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jichitai.tenants.models import TenantOwnedModel


class CaseState(models.TextChoices):
    """申請の状態 (workflow.py holds the transitions between them)."""

    # An online request with a fee waits here until the payment provider confirms the payment
    # (procedures.signals.case_fee_paid); staff cannot take it up before (workflow.py).
    AWAITING_PAYMENT = "awaiting_payment", _("手数料のお支払い待ち")
    SUBMITTED = "submitted", _("受付済み")
    IN_REVIEW = "in_review", _("審査中")
    RETURNED = "returned", _("差戻し中")
    RESUBMITTED = "resubmitted", _("再提出済み")
    APPROVED = "approved", _("承認")
    REJECTED = "rejected", _("却下")
    WITHDRAWN = "withdrawn", _("取下げ")


class Channel(models.TextChoices):
    """受付チャネル."""

    ONLINE = "online", _("オンライン")
    COUNTER = "counter", _("窓口")


class Activity(models.TextChoices):
    """事象 (the XES `concept:name` of a case event)."""

    SUBMIT = "submit", _("申請")
    CLAIM = "claim", _("審査開始")
    RETURN = "return", _("差戻し")
    RESUBMIT = "resubmit", _("再提出")
    FORWARD = "forward", _("次の段階へ回付")
    APPROVE = "approve", _("承認")
    REJECT = "reject", _("却下")
    WITHDRAW = "withdraw", _("取下げ")
    # 転入予約 (引越しワンストップ), written by the system when the registry announces them:
    CERTIFICATE = "certificate", _("転出証明書情報の受信")
    MOVE_IN = "move_in", _("転入の記録")
    # 手数料の納付, written by the system when the payments app announces a confirmed payment:
    PAY = "pay", _("手数料の納付")


class ActorType(models.TextChoices):
    STAFF = "staff", _("職員")
    RESIDENT = "resident", _("住民")
    SYSTEM = "system", _("システム")


class ReferenceSequence(TenantOwnedModel):
    """受付番号の連番: the last number given in one municipality in one year."""

    year = models.PositiveSmallIntegerField(_("年"))
    last_value = models.PositiveIntegerField(_("最終番号"), default=0)

    class Meta:
        verbose_name = _("受付番号の連番")
        verbose_name_plural = _("受付番号の連番")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="reference_sequence_unique_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year} {self.last_value}"


class Case(TenantOwnedModel):
    """申請・届出 (a case): one submission of one procedure, with its workflow state.

    Written only by procedures.services. `data` holds the form's answers, checked against
    the procedure's JSON Schema; personal data stays here and never goes to logs or audit.
    """

    procedure_id = models.CharField(_("手続"), max_length=64)
    procedure_version = models.PositiveIntegerField(_("手続定義の版"))
    procedure_sha256 = models.CharField(_("手続定義ファイルのSHA-256"), max_length=64)
    department = models.CharField(_("担当"), max_length=32)
    reference_number = models.CharField(_("受付番号"), max_length=20)
    applicant = models.ForeignKey(
        "registry.Resident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("申請者"),
        help_text=_(
            "転入予約のように申請者がまだこの団体の住民でないときは空で、本人の情報は申請内容にあります。"
        ),
    )
    # The signed-in person who filed online (actors.ResidentActor.key): lets them follow a case
    # that has no applicant record here, such as a 転入予約. Not personal data.
    applicant_key = models.CharField(_("申請者の識別子"), max_length=64, blank=True)
    state = models.CharField(
        _("状態"), max_length=16, choices=CaseState.choices, default=CaseState.SUBMITTED
    )
    step = models.PositiveSmallIntegerField(_("処理の段階"), default=0)
    channel = models.CharField(_("受付チャネル"), max_length=16, choices=Channel.choices)
    data: Any = models.JSONField(_("申請内容"))
    submitted_at = models.DateTimeField(_("申請日時"))
    due_on = models.DateField(_("処理期限"))
    decided_at = models.DateTimeField(_("決定日時"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        "identity.StaffUser",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("担当職員"),
    )
    rejection_reason = models.TextField(_("却下の理由"), blank=True)

    # 電子署名 (署名用電子証明書, JPKI): the detached CMS over the signed payload, the signer's
    # certificate and when it was verified. Kept so the signature can be shown and re-checked.
    signed_payload: Any = models.JSONField(_("署名対象"), null=True, blank=True)
    signature_cms = models.BinaryField(_("電子署名（CMS）"), null=True, blank=True)
    signer_certificate_der = models.BinaryField(_("署名用電子証明書（DER）"), null=True, blank=True)
    signature_verified_at = models.DateTimeField(_("署名の検証日時"), null=True, blank=True)

    # 引越しワンストップ: the 転出届 at one municipality and the 転入予約 at the other are two
    # cases of two tenants. They share `onestop_id`; no foreign key joins the two tenants.
    onestop_id = models.UUIDField(_("引越しワンストップの識別子"), null=True, blank=True)
    related_lg_code = models.CharField(_("対になる申請の団体コード"), max_length=6, blank=True)
    related_reference_number = models.CharField(
        _("対になる申請の受付番号"), max_length=20, blank=True
    )

    # 転入予約: the 転出証明書情報 (registry.MoveOutCertificate.public_id) received here for
    # this move, once the former municipality approved the 転出届. An id, not a foreign key:
    # procedures learns it from the registry's signal.
    move_out_certificate_id = models.UUIDField(_("転出証明書情報ID"), null=True, blank=True)

    # The 異動 the approval recorded in the register (registry.Change), when there is one.
    registry_change_id = models.PositiveBigIntegerField(_("住民記録の異動"), null=True, blank=True)

    # 要介護認定の申請・住所移転後の認定: the 介護保険 record the approval wrote
    # (departments.CareCertification), on which the 審査会's result is recorded later.
    care_certification_id = models.PositiveBigIntegerField(
        _("要介護認定の記録"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("申請・届出")
        verbose_name_plural = _("申請・届出")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference_number"], name="case_unique_reference"
            )
        ]
        indexes = [
            models.Index(
                fields=["municipality", "department", "state", "due_on"], name="case_inbox_idx"
            ),
            models.Index(
                fields=["municipality", "applicant", "-submitted_at"], name="case_applicant_idx"
            ),
            models.Index(fields=["onestop_id"], name="case_onestop_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference_number} {self.procedure_id}"

    @property
    def is_decided(self) -> bool:
        return self.state in (CaseState.APPROVED, CaseState.REJECTED, CaseState.WITHDRAWN)


class CaseEvent(TenantOwnedModel):
    """事象 (one case event), append-only: the process-mining trail of DESIGN.md.

    XES names: case → `case:concept:name` (the 受付番号), activity → `concept:name`,
    timestamp → `time:timestamp`, actor → `org:resource`; channel and procedure are case
    attributes repeated here so insights never needs to join.
    """

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="events", verbose_name=_("申請")
    )
    activity = models.CharField(_("事象"), max_length=16, choices=Activity.choices)
    timestamp = models.DateTimeField(_("日時"))
    actor_type = models.CharField(_("実行者の種別"), max_length=16, choices=ActorType.choices)
    actor_id = models.CharField(_("実行者ID"), max_length=64, blank=True)
    channel = models.CharField(_("受付チャネル"), max_length=16, choices=Channel.choices)
    procedure_id = models.CharField(_("手続"), max_length=64)
    state = models.CharField(_("事象後の状態"), max_length=16, choices=CaseState.choices)

    class Meta:
        verbose_name = _("申請の事象")
        verbose_name_plural = _("申請の事象")
        ordering = ["case", "timestamp", "pk"]
        indexes = [
            models.Index(fields=["municipality", "timestamp"], name="caseevent_time_idx"),
            models.Index(fields=["case", "timestamp"], name="caseevent_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.activity} {self.timestamp:%Y-%m-%d %H:%M:%S}"


class CaseReturn(TenantOwnedModel):
    """差戻し (return for correction): the reason staff gave, and when the resident answered."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="returns", verbose_name=_("申請")
    )
    reason = models.TextField(_("差戻しの理由"))
    returned_at = models.DateTimeField(_("差戻し日時"))
    returned_by = models.ForeignKey(
        "identity.StaffUser",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("差し戻した職員"),
    )
    answered_at = models.DateTimeField(_("再提出日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("差戻し")
        verbose_name_plural = _("差戻し")
        ordering = ["case", "returned_at"]
        constraints = [
            # At most one open return per case: the workflow allows return only from review.
            models.UniqueConstraint(
                fields=["municipality", "case"],
                condition=Q(answered_at__isnull=True),
                name="case_return_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.returned_at:%Y-%m-%d}"


class CaseAttachment(TenantOwnedModel):
    """添付書類: a PDF, JPEG or PNG (checked by content), stored under a random name."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("申請")
    )
    kind = models.CharField(_("添付書類の種類"), max_length=64)
    content_type = models.CharField(_("形式"), max_length=32)
    size = models.PositiveIntegerField(_("大きさ（バイト）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file = models.FileField(_("ファイル"), max_length=200)
    uploaded_at = models.DateTimeField(_("添付日時"))

    class Meta:
        verbose_name = _("添付書類")
        verbose_name_plural = _("添付書類")
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class CaseDocument(TenantOwnedModel):
    """交付文書: what approval produced for the resident (the signed 住民票の写し PDF), kept
    for the portal to deliver."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="documents", verbose_name=_("申請")
    )
    title = models.CharField(_("文書名"), max_length=60)
    issue_number = models.CharField(_("発行番号"), max_length=20, blank=True)
    content_type = models.CharField(_("形式"), max_length=32)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file = models.FileField(_("ファイル"), max_length=200)
    created_at = models.DateTimeField(_("作成日時"))

    class Meta:
        verbose_name = _("交付文書")
        verbose_name_plural = _("交付文書")
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.title}"


class CaseExchange(TenantOwnedModel):
    """情報連携で取得した情報 (ワンスオンリー): an exchange of the linkage broker whose answer
    the approval used, kept for the case page and the resident — which item, from which
    municipality and business, when, on which legal basis. Metadata only: the values stay with
    the department that used them; `exchange_id` names the broker's exchange record."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="exchanges", verbose_name=_("申請")
    )
    exchange_id = models.CharField(_("情報提供等記録の識別子"), max_length=36)
    item = models.CharField(_("情報の項目"), max_length=64)
    item_label = models.CharField(_("取得した情報"), max_length=100)
    about = models.CharField(_("誰の情報か"), max_length=20, help_text=_("請求者・配偶者など"))
    provider_municipality = models.CharField(_("提供した団体"), max_length=6)
    provider_business = models.CharField(_("提供した業務"), max_length=32)
    legal_basis = models.TextField(_("根拠"))
    occurred_at = models.DateTimeField(_("連携日時"))

    class Meta:
        verbose_name = _("情報連携で取得した情報")
        verbose_name_plural = _("情報連携で取得した情報")
        ordering = ["case", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "exchange_id"], name="case_exchange_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.item}"
