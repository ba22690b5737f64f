"""自治体 (municipalities): the tenants of a shared deployment (共同利用) and their settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from typing import Self

# The most 空きコード an alert may wait for: far more than a batch from the CS.
RESIDENT_CODE_STOCK_ALERT_MAX = 100_000


class Municipality(models.Model):
    """地方公共団体: one row per code of the national list; `is_served` marks the tenants.

    The primary key is the 6-digit 全国地方公共団体コード (JIS X 0401/0402 + 検査数字, 総務省),
    so every tenant-owned row carries the code itself in its `municipality_id` column.
    """

    class Kind(models.TextChoices):
        PREFECTURE = "prefecture", _("都道府県")
        MUNICIPALITY = "municipality", _("市区町村")
        WARD = "ward", _("政令指定都市の区")

    lg_code = models.CharField(_("全国地方公共団体コード"), max_length=6, primary_key=True)
    kind = models.CharField(_("種別"), max_length=16, choices=Kind.choices)
    prefecture = models.CharField(_("都道府県名"), max_length=8)
    name = models.CharField(_("団体名"), max_length=40, blank=True)
    name_kana = models.CharField(_("団体名（ふりがな）"), max_length=80)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上位団体"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    is_served = models.BooleanField(
        _("本システムを利用中"),
        default=False,
        help_text=_("この共同利用環境で業務を行っている団体だけが選択画面に表示されます。"),
    )

    class Meta:
        verbose_name = _("地方公共団体")
        verbose_name_plural = _("地方公共団体")
        ordering = ["lg_code"]
        indexes = [models.Index(fields=["is_served", "lg_code"])]

    def __str__(self) -> str:
        return f"{self.lg_code} {self.full_name}"

    @property
    def display_name(self) -> str:
        """The name people use: 札幌市, 東京都 (a prefecture row has no municipality name)."""
        return self.name or self.prefecture

    @property
    def full_name(self) -> str:
        """地方公共団体名 as the standard open data sets write it: 北海道札幌市."""
        if self.kind == self.Kind.PREFECTURE:
            return self.prefecture
        return f"{self.prefecture}{self.name}"


# The office hours most municipalities keep (8:30〜17:15: 7時間45分 and a 1時間 break).
DEFAULT_OPENING_HOURS = "平日 8:30〜17:15"


class MunicipalitySettings(models.Model):
    """団体別設定: the head's name and title for certificates, contact details, closing days."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="settings",
        verbose_name=_("地方公共団体"),
    )
    mayor_title = models.CharField(_("首長の職名"), max_length=20, blank=True)
    mayor_name = models.CharField(_("首長の氏名"), max_length=40, blank=True)
    office_postal_code = models.CharField(_("庁舎の郵便番号"), max_length=8, blank=True)
    office_address = models.CharField(_("庁舎の所在地"), max_length=200, blank=True)
    phone = models.CharField(_("代表電話番号"), max_length=20, blank=True)
    email = models.EmailField(_("問い合わせ先メールアドレス"), blank=True)
    website = models.URLField(_("ウェブサイト"), blank=True)
    closes_year_end = models.BooleanField(
        _("年末年始（12月29日〜1月3日）は閉庁"),
        default=True,
        help_text=_("行政機関の休日に関する法律 第1条第1項第3号に倣う既定値です。"),
    )
    opening_hours = models.CharField(
        _("開庁時間"),
        max_length=100,
        blank=True,
        help_text=_(
            "例：平日 8:30〜17:15（土日祝日・年末年始を除く）。空欄のときは既定の時間を、"
            "年末年始の閉庁の設定に合わせて表示します。"
        ),
    )

    # doc/j870.txt §4.3.1: 「蓄積された住民票コードの空き番レコードの件数が、市区町村が任意に
    # 設定した数を下回った場合、アラートを表示すること」.
    resident_code_stock_alert = models.PositiveIntegerField(
        _("住民票コード空きコードのアラート件数"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(RESIDENT_CODE_STOCK_ALERT_MAX)],
        help_text=_(
            "空きコードがこの件数を下回ると、付番の画面と住基ネット送信の画面に表示します。"
            "空欄のときはシステムの既定値です。"
        ),
    )

    class Meta:
        verbose_name = _("団体別設定")
        verbose_name_plural = _("団体別設定")

    def __str__(self) -> str:
        return f"{self.municipality_id} の設定"

    @property
    def opening_hours_text(self) -> str:
        """開庁時間 as residents read it: the configured text, else the default office hours
        (8:30〜17:15, the common 7時間45分 day of 勤務時間法) with this municipality's closing
        rule (年末年始 only when `closes_year_end`)."""
        if self.opening_hours.strip():
            return self.opening_hours.strip()
        closed = "土日祝日・年末年始" if self.closes_year_end else "土日祝日"
        return f"{DEFAULT_OPENING_HOURS}（{closed}を除く）"


class TenantQuerySet(models.QuerySet):
    """Every read of tenant-owned rows starts here: `.for_municipality(m)`."""

    def for_municipality(self, municipality: Municipality | str) -> Self:
        code = municipality if isinstance(municipality, str) else municipality.lg_code
        return self.filter(municipality_id=code)


TenantManager = models.Manager.from_queryset(TenantQuerySet)


class TenantOwnedModel(models.Model):
    """Base of every tenant-owned table: the municipality key and the scoped manager.

    Every unique constraint of a subclass must include `municipality` (checked by
    tenants/tests/test_schema_rules.py), which keeps the schema ready for Citus distribution.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("地方公共団体"),
    )

    objects: Any = TenantManager()

    class Meta:
        abstract = True


class ClosingDay(TenantOwnedModel):
    """休日条例による閉庁日 (extra closing day) beyond weekends, holidays and 年末年始."""

    date = models.DateField(_("閉庁日"))
    reason = models.CharField(_("理由"), max_length=100)

    class Meta:
        verbose_name = _("閉庁日")
        verbose_name_plural = _("閉庁日")
        ordering = ["municipality", "date"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "date"], name="closingday_unique_date")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.date:%Y-%m-%d} {self.reason}"
