"""支援措置 (support measures for victims of DV, stalking, child abuse and the like):
住民基本台帳事務処理要領 第5-10, the standard's doc/j160.txt §1.1.16 支援対象者管理 and
doc/j440.txt §3.4 支援措置.

A `SupportMeasure` is one 申出 (request for support): its 申出者 and the 併せて支援を求める者
(both protected: `SupportMeasurePerson`), the 加害者 as far as it is known (free text, never a
link to a record, which may not exist here), the 支援措置の期間 and whether it is a 仮支援措置.
While a measure's period covers a day, the certificates (住民票の写し等) of its people are
refused unless a 支援措置責任者 releases them after review (`SupportMeasureRelease`: who,
when, why).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from jichitai.registry.models.residents import Sex
from jichitai.tenants.models import TenantOwnedModel

# Bounds of the free-text items: a form field, never a document.
OFFENDER_NAME_MAX = 100
OFFENDER_ADDRESS_MAX = 200
NOTE_MAX = 200
RELATION_MAX = 20
CONTACT_MAX = 100
# 併せて支援を求める者: the family of one 申出, not a list of a town.
RELATIVES_MAX = 10


class SupportMeasure(TenantOwnedModel):
    """支援措置 (one 申出 and its period). `ends_on` is the last day of support: 1 year from
    `starts_on` by default (§3.4: 令和2年4月1日 → 令和3年3月31日), a year more per 延長, the day
    support ended when it is ended early (`ended_at` set)."""

    starts_on = models.DateField(_("支援措置の開始年月日"))
    ends_on = models.DateField(_("支援措置の終了年月日"))
    provisional = models.BooleanField(_("仮支援措置"), default=False)
    offender_name = models.CharField(_("加害者の氏名"), max_length=OFFENDER_NAME_MAX, blank=True)
    offender_address = models.CharField(
        _("加害者の住所"), max_length=OFFENDER_ADDRESS_MAX, blank=True
    )
    # 宛名番号 only when the 加害者 is recorded in this municipality (§1.1.16).
    offender_atena_number = models.CharField(_("加害者の宛名番号"), max_length=16, blank=True)
    offender_birth_date = models.DateField(_("加害者の生年月日"), null=True, blank=True)
    offender_sex = models.CharField(
        _("加害者の性別"), max_length=1, choices=Sex.choices, blank=True
    )
    offender_note = models.CharField(_("加害者に関するその他"), max_length=NOTE_MAX, blank=True)
    # 申出者の連絡先 (電話番号、メールアドレス等).
    contact = models.CharField(_("申出者の連絡先"), max_length=CONTACT_MAX, blank=True)
    # 申出者より支援を求められている事務 (§1.1.16); a certificate is refused only when asked.
    covers_inspection = models.BooleanField(_("住民基本台帳の閲覧"), default=True)
    covers_certificates = models.BooleanField(_("住民票の写し等の交付"), default=True)
    covers_family_register = models.BooleanField(_("戸籍の附票の写し等の交付"), default=True)
    withheld_addresses = models.CharField(_("抑止対象の住所等"), max_length=NOTE_MAX, blank=True)
    # 転送情報 (§1.1.16): as 当初受付市区町村, where the 申出書 was forwarded and when; as
    # 転送受付市区町村, when it arrived and when the applicant was told support was not needed.
    forwarded_to = models.CharField(_("転送先市区町村"), max_length=40, blank=True)
    forwarded_on = models.DateField(_("転送年月日"), null=True, blank=True)
    forward_received_on = models.DateField(
        _("転送された支援措置申出書の受付年月日"), null=True, blank=True
    )
    no_need_notified_on = models.DateField(
        _("支援の必要性がない旨の申出者への連絡年月日"), null=True, blank=True
    )
    reason = models.CharField(_("申出の内容・確認の経過"), max_length=NOTE_MAX)
    extensions = models.PositiveSmallIntegerField(_("延長の回数"), default=0)
    # Empty for a 仮支援措置 taken over with a 転入 from 転出証明書情報 (recorded by the 転入).
    recorded_by = models.ForeignKey(
        "identity.StaffUser",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記録した職員"),
    )
    # 転送情報 (§1.1.16): the municipality that first took the 申出, for one taken over here.
    origin_name = models.CharField(_("当初受付市区町村"), max_length=40, blank=True)
    recorded_at = models.DateTimeField(_("記録日時"))
    ended_by = models.ForeignKey(
        "identity.StaffUser",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("終了した職員"),
    )
    ended_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    end_reason = models.CharField(_("終了の理由"), max_length=NOTE_MAX, blank=True)

    class Meta:
        verbose_name = _("支援措置")
        verbose_name_plural = _("支援措置")
        indexes = [models.Index(fields=["municipality", "ends_on"], name="support_ends_idx")]

    def __str__(self) -> str:
        return f"支援措置 {self.pk} {self.starts_on:%Y-%m-%d}..{self.ends_on:%Y-%m-%d}"

    def covers(self, day: dt.date) -> bool:
        """支援措置期間中 (or 仮支援措置期間中) on `day`."""
        return self.starts_on <= day <= self.ends_on

    @property
    def affairs_display(self) -> str:
        """支援を求められている事務, as the page lists them."""
        asked = [
            (self.covers_inspection, "住民基本台帳の閲覧"),
            (self.covers_certificates, "住民票の写し等の交付"),
            (self.covers_family_register, "戸籍の附票の写し等の交付"),
        ]
        return "・".join(label for on, label in asked if on) or "なし"

    @property
    def is_ended(self) -> bool:
        """Ended early (申出による終了, 必要性がなくなった), not merely past its period."""
        return self.ended_at is not None


class SupportMeasurePerson(TenantOwnedModel):
    """支援対象者: the 申出者 or one 併せて支援を求める者 of a measure."""

    class Role(models.TextChoices):
        APPLICANT = "applicant", _("申出者")
        RELATIVE = "relative", _("併せて支援を求める者")

    measure = models.ForeignKey(
        SupportMeasure, on_delete=models.CASCADE, related_name="people", verbose_name=_("支援措置")
    )
    resident = models.ForeignKey(
        "registry.Resident",
        on_delete=models.PROTECT,
        related_name="support_entries",
        verbose_name=_("支援対象者"),
    )
    role = models.CharField(_("区分"), max_length=16, choices=Role.choices)
    # 申出者との関係 (子, 母 …), for a 併せて支援を求める者.
    relation = models.CharField(_("申出者との関係"), max_length=RELATION_MAX, blank=True)

    class Meta:
        verbose_name = _("支援対象者")
        verbose_name_plural = _("支援対象者")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "measure", "resident"], name="support_person_once"
            )
        ]

    def __str__(self) -> str:
        return f"支援対象者 {self.measure_id}/{self.resident_id}"


class SupportMeasureRelease(TenantOwnedModel):
    """支援措置の解除 (§3.4 「審査の結果…エラーを解除できること」): a 支援措置責任者 let one
    certificate (or 閲覧) of a protected person through, after review. Kept with its reason
    so that every release can be accounted for; the audit log names it by id only."""

    class Purpose(models.TextChoices):
        CERTIFICATE = "certificate", _("住民票の写し等の交付")
        INSPECTION = "inspection", _("住民基本台帳の一部の写しの閲覧")

    resident = models.ForeignKey(
        "registry.Resident",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("支援対象者"),
    )
    measure = models.ForeignKey(
        SupportMeasure,
        on_delete=models.PROTECT,
        related_name="releases",
        verbose_name=_("支援措置"),
    )
    purpose = models.CharField(_("解除した事務"), max_length=16, choices=Purpose.choices)
    reason = models.CharField(_("解除の理由（審査の結果）"), max_length=NOTE_MAX)
    released_by = models.ForeignKey(
        "identity.StaffUser",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("解除した職員"),
    )
    released_at = models.DateTimeField(_("解除日時"))

    class Meta:
        verbose_name = _("支援措置の解除")
        verbose_name_plural = _("支援措置の解除")

    def __str__(self) -> str:
        return f"支援措置の解除 {self.pk}"
