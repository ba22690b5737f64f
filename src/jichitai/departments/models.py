"""各業務の記録 (department records), keyed only by each business's own 符号.

Every record names its person by `code`, the business's own 符号 issued by the linkage broker
(an opaque random string): no field or relation leads to the register's rows, the 住民票コード or
the 個人番号 (番号法の分散管理). A business holds what its work needs (amounts, dates, birth
dates of children, care levels) and nothing of the 基本4情報 beyond that.

History is kept where the law cares: a period ends by its end date, a correction of a tax
assessment keeps the superseded values, an amount revision is a new row.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jichitai.tenants.models import TenantOwnedModel

# 符号: issued by the broker, opaque to the business; bounded so no caller can store text.
CODE_MAX_LENGTH = 32


class Business(models.TextChoices):
    """業務: a back-office system that holds its own records and knows a person only by its
    own 符号. Names follow the 地方公共団体情報システム標準化 業務 (個人住民税, 児童手当,
    国民健康保険, 介護保険, 子ども・子育て支援, 健康管理)."""

    TAX = "tax", _("個人住民税")
    CHILD_ALLOWANCE = "child_allowance", _("児童手当")
    NHI = "nhi", _("国民健康保険")
    CARE = "care", _("介護保険")
    CHILDCARE = "childcare", _("子ども・子育て支援（保育）")
    MATERNAL_HEALTH = "maternal_health", _("健康管理（母子保健）")


def _code_field(label: str = "符号") -> models.CharField[str, str]:
    return models.CharField(_(label), max_length=CODE_MAX_LENGTH, db_index=True)


# --- 個人住民税 -------------------------------------------------------------------------


class ResidentTaxAssessment(TenantOwnedModel):
    """個人住民税の賦課 (resident tax assessment) of one person for one 賦課年度.

    The tax of 年度 N is levied on the income of 年 N-1 (地方税法 第32条・第313条: 前年の所得).
    A correction (更正) bumps `revision` and keeps the superseded values as a
    `ResidentTaxRevision` row.
    """

    code = _code_field()
    fiscal_year = models.PositiveSmallIntegerField(_("賦課年度"))
    income_year = models.PositiveSmallIntegerField(_("所得年"))
    total_income = models.BigIntegerField(_("総所得金額等"))
    income_levy = models.BigIntegerField(_("所得割額"))
    per_capita_levy = models.BigIntegerField(_("均等割額"))
    tax_total = models.BigIntegerField(_("税額"))
    revision = models.PositiveIntegerField(_("更正の回数"), default=0)
    recorded_at = models.DateTimeField(_("記録日時"))

    class Meta:
        verbose_name = _("個人住民税の賦課")
        verbose_name_plural = _("個人住民税の賦課")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code", "fiscal_year"], name="resident_tax_unique_year"
            ),
            models.CheckConstraint(
                condition=Q(income_year=models.F("fiscal_year") - 1),
                name="resident_tax_income_previous_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 個人住民税 {self.fiscal_year}年度"


class ResidentTaxRevision(TenantOwnedModel):
    """更正前の賦課 (an assessment's values before a correction)."""

    assessment = models.ForeignKey(
        ResidentTaxAssessment, on_delete=models.PROTECT, related_name="revisions"
    )
    revision = models.PositiveIntegerField(_("更正の回数"))
    total_income = models.BigIntegerField(_("総所得金額等"))
    income_levy = models.BigIntegerField(_("所得割額"))
    per_capita_levy = models.BigIntegerField(_("均等割額"))
    tax_total = models.BigIntegerField(_("税額"))
    superseded_at = models.DateTimeField(_("更正日時"))

    class Meta:
        verbose_name = _("個人住民税の更正前の賦課")
        verbose_name_plural = _("個人住民税の更正前の賦課")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "assessment", "revision"],
                name="resident_tax_revision_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 個人住民税 更正前 {self.revision}"


# --- 児童手当 ---------------------------------------------------------------------------


class ChildAllowanceRecipient(TenantOwnedModel):
    """児童手当の受給者 (recipient): one 認定 (児童手当法 第7条) until it ends (消滅).

    A later claim after the end is a new row: the ended one stays as it was.
    """

    class Status(models.TextChoices):
        CERTIFIED = "certified", _("認定")
        ENDED = "ended", _("消滅")

    code = _code_field("受給者の符号")
    status = models.CharField(_("状態"), max_length=16, choices=Status.choices)
    claimed_on = models.DateField(_("請求日"))
    certified_on = models.DateField(_("認定日"))
    payment_start_month = models.DateField(_("支給開始月"), help_text=_("月の初日"))
    ended_on = models.DateField(_("消滅日"), null=True, blank=True)

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
    code = _code_field("児童の符号")
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


# --- 国民健康保険 -----------------------------------------------------------------------


class NhiCoverage(TenantOwnedModel):
    """国民健康保険の資格 (coverage period) from 資格取得日 to 資格喪失日 (国民健康保険法
    第7条・第8条). A person has at most one open period; a loss end-dates it."""

    class AcquisitionReason(models.TextChoices):
        MOVE_IN = "move_in", _("転入")
        LEFT_EMPLOYEE_INSURANCE = "left_employee_insurance", _("職場の健康保険をやめた")
        BIRTH = "birth", _("出生")
        PUBLIC_ASSISTANCE_ENDED = "public_assistance_ended", _("生活保護を受けなくなった")
        OTHER = "other", _("その他")

    class LossReason(models.TextChoices):
        MOVE_OUT = "move_out", _("転出")
        JOINED_EMPLOYEE_INSURANCE = "joined_employee_insurance", _("職場の健康保険に加入した")
        DEATH = "death", _("死亡")
        PUBLIC_ASSISTANCE_STARTED = "public_assistance_started", _("生活保護を受けるようになった")
        OTHER = "other", _("その他")

    code = _code_field()
    acquired_on = models.DateField(_("資格取得日"))
    acquisition_reason = models.CharField(
        _("資格取得事由"), max_length=32, choices=AcquisitionReason.choices
    )
    lost_on = models.DateField(_("資格喪失日"), null=True, blank=True)
    loss_reason = models.CharField(
        _("資格喪失事由"), max_length=32, choices=LossReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("国民健康保険の資格")
        verbose_name_plural = _("国民健康保険の資格")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"],
                condition=Q(lost_on__isnull=True),
                name="nhi_one_open_coverage",
            ),
            models.CheckConstraint(
                condition=Q(lost_on__isnull=True) | Q(lost_on__gte=models.F("acquired_on")),
                name="nhi_lost_after_acquired",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 国保資格 {self.acquired_on:%Y-%m-%d}〜"


# --- 介護保険 ---------------------------------------------------------------------------


class CareInsured(TenantOwnedModel):
    """介護保険の被保険者 (介護保険法 第9条) from 資格取得日 to 資格喪失日."""

    code = _code_field()
    insured_number = models.CharField(_("被保険者番号"), max_length=10)
    acquired_on = models.DateField(_("資格取得日"))
    lost_on = models.DateField(_("資格喪失日"), null=True, blank=True)

    class Meta:
        verbose_name = _("介護保険の被保険者")
        verbose_name_plural = _("介護保険の被保険者")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "insured_number"], name="care_insured_number_unique"
            ),
            models.UniqueConstraint(
                fields=["municipality", "code"],
                condition=Q(lost_on__isnull=True),
                name="care_one_open_insured",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 介護保険被保険者"


class CareLevel(models.TextChoices):
    """要介護状態区分・要支援状態区分 (要介護認定等に係る介護認定審査会による審査及び判定の
    基準等に関する省令), and 非該当 for an application found to need neither."""

    SUPPORT_1 = "support_1", _("要支援1")
    SUPPORT_2 = "support_2", _("要支援2")
    CARE_1 = "care_1", _("要介護1")
    CARE_2 = "care_2", _("要介護2")
    CARE_3 = "care_3", _("要介護3")
    CARE_4 = "care_4", _("要介護4")
    CARE_5 = "care_5", _("要介護5")
    NOT_APPLICABLE = "not_applicable", _("非該当")


class CareCertification(TenantOwnedModel):
    """要介護・要支援認定の申請と結果 (介護保険法 第27条・第32条). One application is
    pending at a time; its result is recorded on the same row (申請 → 認定 or 非該当)."""

    class Kind(models.TextChoices):
        NEW = "new", _("新規")
        RENEWAL = "renewal", _("更新")
        CHANGE = "change", _("区分変更")

    class Status(models.TextChoices):
        APPLIED = "applied", _("申請中")
        DECIDED = "decided", _("認定済み")

    insured = models.ForeignKey(
        CareInsured, on_delete=models.PROTECT, related_name="certifications"
    )
    kind = models.CharField(_("申請の区分"), max_length=16, choices=Kind.choices)
    applied_on = models.DateField(_("申請日"))
    status = models.CharField(_("状態"), max_length=16, choices=Status.choices)
    level = models.CharField(_("認定結果"), max_length=16, choices=CareLevel.choices, blank=True)
    decided_on = models.DateField(_("認定日"), null=True, blank=True)
    valid_from = models.DateField(_("認定の有効期間（開始）"), null=True, blank=True)
    valid_to = models.DateField(_("認定の有効期間（終了）"), null=True, blank=True)

    class Meta:
        verbose_name = _("要介護認定")
        verbose_name_plural = _("要介護認定")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "insured"],
                condition=Q(status="applied"),
                name="care_one_pending_application",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 要介護認定 {self.get_status_display()}"


class CareCardReissue(TenantOwnedModel):
    """被保険者証の再交付 (介護保険法施行規則 第27条)."""

    class Reason(models.TextChoices):
        LOST = "lost", _("紛失")
        DAMAGED = "damaged", _("破損")
        SOILED = "soiled", _("汚損")
        OTHER = "other", _("その他")

    insured = models.ForeignKey(CareInsured, on_delete=models.PROTECT, related_name="reissues")
    reason = models.CharField(_("再交付の理由"), max_length=16, choices=Reason.choices)
    reissued_on = models.DateField(_("再交付日"))

    class Meta:
        verbose_name = _("介護保険被保険者証の再交付")
        verbose_name_plural = _("介護保険被保険者証の再交付")

    def __str__(self) -> str:
        return f"{self.municipality_id} 被保険者証再交付 {self.reissued_on:%Y-%m-%d}"


# --- 保育 (子ども・子育て支援) ------------------------------------------------------------


class ChildcareApplication(TenantOwnedModel):
    """保育施設等の利用申込 (児童福祉法 第24条の利用調整を受ける申込み)."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("申込み")
        PLACED = "placed", _("利用決定")
        WITHDRAWN = "withdrawn", _("取下げ")

    child_code = _code_field("子どもの符号")
    guardian_code = _code_field("保護者の符号")
    child_birth_date = models.DateField(_("子どもの生年月日"))
    preferred_facilities = models.JSONField(_("希望する施設（希望順）"))
    wanted_start_month = models.DateField(_("利用希望月"), help_text=_("月の初日"))
    applied_on = models.DateField(_("申込日"))
    status = models.CharField(_("状態"), max_length=16, choices=Status.choices)

    class Meta:
        verbose_name = _("保育施設等の利用申込")
        verbose_name_plural = _("保育施設等の利用申込")

    def __str__(self) -> str:
        return f"{self.municipality_id} 保育利用申込 {self.wanted_start_month:%Y-%m}"


class ChildcareCertification(TenantOwnedModel):
    """教育・保育給付認定 (支給認定, 子ども・子育て支援法 第19条・第20条): 1号 (満3歳以上, 教育),
    2号 (満3歳以上, 保育の必要あり), 3号 (満3歳未満, 保育の必要あり); 保育必要量 for 2号 and 3号
    (施行規則 第4条: 保育標準時間 or 保育短時間)."""

    class Category(models.TextChoices):
        FIRST = "1", _("1号認定")
        SECOND = "2", _("2号認定")
        THIRD = "3", _("3号認定")

    class Hours(models.TextChoices):
        STANDARD = "standard", _("保育標準時間")
        SHORT = "short", _("保育短時間")

    application = models.ForeignKey(
        ChildcareApplication,
        on_delete=models.PROTECT,
        related_name="certifications",
        null=True,
        blank=True,
    )
    child_code = _code_field("子どもの符号")
    category = models.CharField(_("認定区分"), max_length=1, choices=Category.choices)
    hours = models.CharField(_("保育必要量"), max_length=16, choices=Hours.choices, blank=True)
    certified_on = models.DateField(_("認定日"))
    valid_from = models.DateField(_("有効期間（開始）"))
    valid_to = models.DateField(_("有効期間（終了）"))

    class Meta:
        verbose_name = _("教育・保育給付認定")
        verbose_name_plural = _("教育・保育給付認定")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")),
                name="childcare_certification_period_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.get_category_display()}"


class ChildcarePlacement(TenantOwnedModel):
    """利用調整の結果 (placement): the facility the child uses from `starts_on`."""

    application = models.ForeignKey(
        ChildcareApplication, on_delete=models.PROTECT, related_name="placements"
    )
    facility = models.CharField(_("施設名"), max_length=100)
    starts_on = models.DateField(_("利用開始日"))

    class Meta:
        verbose_name = _("保育施設等の利用決定")
        verbose_name_plural = _("保育施設等の利用決定")

    def __str__(self) -> str:
        return f"{self.municipality_id} 利用決定 {self.starts_on:%Y-%m-%d}"


# --- 母子保健 ---------------------------------------------------------------------------


class PregnancyNotification(TenantOwnedModel):
    """妊娠の届出 (母子保健法 第15条)."""

    code = _code_field()
    notified_on = models.DateField(_("届出日"))
    expected_on = models.DateField(_("出産予定日"))
    weeks = models.PositiveSmallIntegerField(_("届出時の妊娠週数"))
    fetuses = models.PositiveSmallIntegerField(_("胎児の数"), default=1)

    class Meta:
        verbose_name = _("妊娠の届出")
        verbose_name_plural = _("妊娠の届出")

    def __str__(self) -> str:
        return f"{self.municipality_id} 妊娠の届出 {self.notified_on:%Y-%m-%d}"


class MaternalHandbook(TenantOwnedModel):
    """母子健康手帳 (母子保健法 第16条): one per expected child, numbered per municipality
    and 年度 (`2026-00001`)."""

    pregnancy = models.ForeignKey(
        PregnancyNotification, on_delete=models.PROTECT, related_name="handbooks"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("交付年度"))
    serial = models.PositiveIntegerField(_("年度内の番号"))
    issued_on = models.DateField(_("交付日"))

    class Meta:
        verbose_name = _("母子健康手帳")
        verbose_name_plural = _("母子健康手帳")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "fiscal_year", "serial"], name="maternal_handbook_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} 母子健康手帳 {self.number}"

    @property
    def number(self) -> str:
        """手帳番号 as printed: 年度 and the serial of that year."""
        return f"{self.fiscal_year}-{self.serial:05d}"
