"""住所辞書 (doc/j250.txt §1.3.3), 住居表示・地番 (doc/j240.txt §1.3.2) and 方書 (doc/j260.txt
§1.3.4): the municipality's address masters.

§1.3.3: 「住所コードは全国地方公共団体コードを使用した11桁の値とすること。構成は、都道府県（２桁）
+市区町村（３桁）+大字（３桁）+小字（３桁）とすること。…大字、小字は規定しない。」
§1.3.2: 「住居表示・区画整理におけるデータ及び住所を設定することができる地番（特殊地番を含む。）を
マスタ管理・表示できること。ソート機能のため、番地・枝番・部屋番号等を数値によりコード管理できる
こと。」 §1.3.4: 「方書（アパートやマンション、寮等）を登録管理できること。また、住所に応じた方書が
紐付けられていること。」
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jichitai.tenants.models import TenantOwnedModel


class AddressArea(TenantOwnedModel):
    """住所辞書の一件 (one 町字 of the address dictionary) with its 11-digit 住所コード.

    `municipality` is the deployment's tenant that keeps the dictionary; the dictionary itself
    covers any 市区町村 (本籍 and 転出先 are anywhere in Japan)."""

    address_code = models.CharField(_("住所コード"), max_length=11)
    prefecture = models.CharField(_("都道府県"), max_length=10)
    prefecture_kana = models.CharField(_("都道府県（カナ）"), max_length=20, blank=True)
    city = models.CharField(_("市区町村"), max_length=60)
    city_kana = models.CharField(_("市区町村（カナ）"), max_length=120, blank=True)
    oaza = models.CharField(_("大字・町"), max_length=60, blank=True)
    oaza_kana = models.CharField(_("大字・町（カナ）"), max_length=120, blank=True)
    koaza = models.CharField(_("丁目・小字"), max_length=60, blank=True)
    koaza_kana = models.CharField(_("丁目・小字（カナ）"), max_length=120, blank=True)
    postal_code = models.CharField(_("郵便番号"), max_length=7, blank=True)
    # 「本籍地等の（旧）町名等が入力できること」: a 町字 no longer in use stays, marked by its end.
    valid_from = models.DateField(_("施行日"), null=True, blank=True)
    valid_to = models.DateField(_("廃止日"), null=True, blank=True)

    class Meta:
        verbose_name = _("住所辞書")
        verbose_name_plural = _("住所辞書")
        ordering = ["address_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "address_code"], name="address_area_code_uniq"
            )
        ]
        indexes = [
            models.Index(fields=["municipality", "postal_code"], name="address_area_postal_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.address_code} {self.text}"

    @property
    def text(self) -> str:
        """住所の表記: 都道府県 + 市区町村 + 大字・町 + 丁目・小字."""
        return f"{self.prefecture}{self.city}{self.oaza}{self.koaza}"

    @property
    def kana(self) -> str:
        return f"{self.prefecture_kana}{self.city_kana}{self.oaza_kana}{self.koaza_kana}"


class LotKind(models.TextChoices):
    """住居表示 or 地番 (§1.3.2)."""

    RESIDENCE_INDICATION = "residence", _("住居表示")
    LAND_LOT = "lot", _("地番")


class AddressLot(TenantOwnedModel):
    """住居表示・地番マスタの一件: a 番地 (or 街区・住居番号) of one 町字, its numbers for sorting."""

    area = models.ForeignKey(
        AddressArea, on_delete=models.PROTECT, related_name="lots", verbose_name=_("住所")
    )
    kind = models.CharField(_("種別"), max_length=12, choices=LotKind.choices)
    text = models.CharField(_("番地等の表記"), max_length=40)
    block = models.PositiveIntegerField(_("番地・街区符号"), null=True, blank=True)
    branch = models.PositiveIntegerField(_("枝番・住居番号"), null=True, blank=True)
    sub_branch = models.PositiveIntegerField(_("枝番の枝番"), null=True, blank=True)
    special = models.BooleanField(_("特殊地番"), default=False)

    class Meta:
        verbose_name = _("住居表示・地番")
        verbose_name_plural = _("住居表示・地番")
        ordering = ["area", "block", "branch", "sub_branch", "text"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "area", "text"], name="address_lot_text_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area.text}{self.text}"


class BuildingName(TenantOwnedModel):
    """方書マスタの一件 (a 方書: アパート, マンション, 寮…) linked to the 住所 it stands at.

    §4.0.7 is one-way: the 方書 is offered for the 住所 typed; nothing looks a 住所 up from a
    方書 (「方書から住所地番を候補として選択できること」 is 実装しない)."""

    area = models.ForeignKey(
        AddressArea, on_delete=models.PROTECT, related_name="buildings", verbose_name=_("住所")
    )
    lot_text = models.CharField(_("番地等"), max_length=40, blank=True)
    name = models.CharField(_("方書"), max_length=100)
    name_kana = models.CharField(_("方書（カナ）"), max_length=200, blank=True)
    is_active = models.BooleanField(_("使用中"), default=True)

    class Meta:
        verbose_name = _("方書")
        verbose_name_plural = _("方書")
        ordering = ["area", "lot_text", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "area", "lot_text", "name"], name="building_name_uniq"
            )
        ]

    def __str__(self) -> str:
        return self.name
