"""公開データ (published open data): every version a municipality published of a dataset."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jichitai.tenants.models import TenantOwnedModel


class Licence(models.TextChoices):
    """公開の利用規約: the two the Digital Agency recommends for 自治体 open data."""

    PDL = "PDL-1.0", _("公共データ利用規約（第1.0版）PDL1.0")
    CC_BY = "CC-BY-4.0", _("クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）")


class Publication(TenantOwnedModel):
    """公開版 (one published version of a dataset): the validated records in the new layout.

    Versions are never changed: publishing again adds the next version, and the catalog
    shows the latest with the history of the others.
    """

    dataset_key = models.CharField(_("データセット"), max_length=40)
    version = models.PositiveIntegerField(_("版"))
    licence = models.CharField(_("ライセンス"), max_length=20, choices=Licence.choices)
    # What validation published: a list of {item name: value}, keys in the definition's order.
    records = models.JSONField(_("データ"), default=list)
    record_count = models.PositiveIntegerField(_("件数"))
    warning_count = models.PositiveIntegerField(_("警告の件数"))
    published_at = models.DateTimeField(_("公開日時"))

    class Meta:
        verbose_name = _("公開データ")
        verbose_name_plural = _("公開データ")
        ordering = ["municipality", "dataset_key", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "dataset_key", "version"],
                name="publication_unique_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.dataset_key} 第{self.version}版"


class Facility(TenantOwnedModel):
    """施設台帳の一件 (one facility of the municipality's master), kept in the office and
    published as 公共施設一覧. `values` holds the items of the dataset definition
    (datasets/public_facility.yaml) by their Japanese names, as validation normalised them;
    全国地方公共団体コード and 地方公共団体名 are the municipality's and are not stored."""

    # The dataset's ID (一意の識別子), unique in the municipality's master.
    identifier = models.CharField(_("ID"), max_length=40)
    name = models.CharField(_("名称"), max_length=200)
    values = models.JSONField(_("項目"), default=dict)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("施設")
        verbose_name_plural = _("施設台帳")
        ordering = ["municipality", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "identifier"], name="facility_unique_identifier"
            )
        ]

    def __str__(self) -> str:
        return f"{self.identifier} {self.name}"
