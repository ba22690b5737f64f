"""公表する指標 (published figures): the monthly aggregates a municipality chooses to share
with the other municipalities of the deployment.

The side-by-side comparison of the dashboard reads only these rows: one municipality's
cases or events are never read for another (DESIGN.md: no query joins two tenants' rows).
Each row is a count or a median, no case and no person.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jichitai.tenants.models import TenantOwnedModel


class PublishedFigures(TenantOwnedModel):
    """月次の公表指標: one month's figures of one municipality, replaced when published again."""

    month = models.DateField(_("月"), help_text=_("その月の1日"))
    cases = models.PositiveIntegerField(_("申請件数"))
    online_cases = models.PositiveIntegerField(_("オンライン申請の件数"))
    card_sign_in_cases = models.PositiveIntegerField(
        _("マイナンバーカードでログインした申請の件数")
    )
    signed_cases = models.PositiveIntegerField(_("電子署名付きの申請の件数"))
    online_procedures = models.PositiveSmallIntegerField(_("オンラインで申請できる手続の数"))
    lead_median_days = models.FloatField(_("処理日数の中央値"), null=True, blank=True)
    published_at = models.DateTimeField(_("公表日時"))

    class Meta:
        verbose_name = _("公表指標")
        verbose_name_plural = _("公表指標")
        ordering = ["municipality", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "month"], name="published_figures_unique_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.month:%Y-%m}"

    @property
    def online_share(self) -> float | None:
        return self.online_cases / self.cases if self.cases else None

    @property
    def card_sign_in_share(self) -> float | None:
        return self.card_sign_in_cases / self.cases if self.cases else None


class ImportedLog(TenantOwnedModel):
    """取り込んだイベントログ: a log from another system (`jichitai import-xes`), kept to be
    analysed beside the platform's own case events. Only case id, activity and instant are
    kept, never the other attributes (they may hold personal data)."""

    name = models.CharField(_("名前"), max_length=100)
    source_format = models.CharField(_("形式"), max_length=16)
    cases = models.PositiveIntegerField(_("ケース数"))
    events = models.PositiveIntegerField(_("事象数"))
    imported_at = models.DateTimeField(_("取込日時"))

    class Meta:
        verbose_name = _("取り込んだイベントログ")
        verbose_name_plural = _("取り込んだイベントログ")
        ordering = ["municipality", "-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="imported_log_unique_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.name}"


class ImportedEvent(TenantOwnedModel):
    """One event of an imported log, in file order (`position` breaks ties of equal instants
    the way the file had them, as pm4py does)."""

    log = models.ForeignKey(
        ImportedLog, on_delete=models.CASCADE, related_name="+", verbose_name=_("ログ")
    )
    position = models.PositiveIntegerField(_("ファイル内の順番"))
    case_id = models.CharField(_("ケースID"), max_length=200)
    activity = models.CharField(_("活動"), max_length=200)
    instant = models.BigIntegerField(_("日時（UTC、エポックからのマイクロ秒）"))

    class Meta:
        verbose_name = _("取り込んだ事象")
        verbose_name_plural = _("取り込んだ事象")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "log", "position"], name="imported_event_unique_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.log_id} {self.position}"
