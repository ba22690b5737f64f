"""情報連携 (data linkage): the broker's own tables, in its own database (linkage/routers.py).

The broker is the only place where a person's 符号 of one business meets those of the others:
across the municipalities of the deployment it knows the person only by 住民票コード, and no
department holds anything that leads back to it (分散管理, 番号法 第2条第8項 and 第19条第8号).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from jichitai.common.append_only import AppendOnlyModel, AppendOnlyQuerySet
from jichitai.departments.models import Business

# The requester of an exchange asked by the person themself through the portal (本人).
RESIDENT_REQUESTER = "resident"


class Person(models.Model):
    """個人: a person as the broker knows them, by 住民票コード only. The code is kept when the
    person moves to another municipality of the deployment (転入), so their 符号 stay linked."""

    resident_code = models.CharField(_("住民票コード"), max_length=11, unique=True)

    class Meta:
        verbose_name = _("個人（情報連携）")
        verbose_name_plural = _("個人（情報連携）")

    def __str__(self) -> str:
        return f"person {self.pk}"


class PersonCode(models.Model):
    """符号 (fugo): the identifier by which one business of one municipality knows the person.

    Random (128 bits from `secrets`), so nothing about the person — 個人番号, 住民票コード, any
    id — can be derived from it; only this table turns it back into the person.
    """

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="codes", verbose_name=_("個人")
    )
    # No FK: Municipality lives in the default database, the broker in its own.
    municipality_code = models.CharField(_("団体コード"), max_length=6)
    business = models.CharField(_("業務"), max_length=20, choices=Business.choices)
    code = models.CharField(_("符号"), max_length=32, unique=True)
    issued_at = models.DateTimeField(_("発行日時"))

    class Meta:
        verbose_name = _("符号")
        verbose_name_plural = _("符号")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_code", "business", "person"],
                name="personcode_unique_per_business",
            )
        ]
        # code → person is the unique index of `code`; person → codes is the FK's index.

    def __str__(self) -> str:
        return f"{self.municipality_code}/{self.business}"


class ExchangeRecord(AppendOnlyModel):
    """情報提供等記録 (番号法 第23条): one exchange, allowed or refused — who asked whom, for which
    事務, on which legal basis, when, and the result. Metadata only, never the values provided.

    Hash-chained per requesting municipality (`chain`), like the audit log, with a head row
    (ExchangeChainHead) so that a deleted tail is noticed.
    """

    class Result(models.TextChoices):
        PROVIDED = "provided", _("提供")
        NOT_FOUND = "not_found", _("該当なし")
        REFUSED = "refused", _("拒否")

    public_id = models.UUIDField(_("記録ID"), default=uuid.uuid4, unique=True)
    chain = models.CharField(_("チェーン"), max_length=6)
    seq = models.PositiveBigIntegerField(_("連番"))
    occurred_at = models.DateTimeField(_("日時"))
    requester_municipality = models.CharField(_("照会元の団体コード"), max_length=6)
    # A Business value, or RESIDENT_REQUESTER for 本人 through the portal.
    requester_business = models.CharField(_("照会元"), max_length=20)
    task = models.CharField(_("事務"), max_length=100)
    provider_municipality = models.CharField(_("提供元の団体コード"), max_length=6, blank=True)
    provider_business = models.CharField(_("提供元"), max_length=20, blank=True)
    item = models.CharField(_("特定個人情報の項目"), max_length=64)
    purpose = models.CharField(_("利用目的"), max_length=200)
    legal_basis = models.TextField(_("根拠法令"), blank=True)
    rule = models.CharField(_("連携の定め"), max_length=64, blank=True)
    result = models.CharField(_("結果"), max_length=10, choices=Result.choices)
    refusal_code = models.CharField(_("拒否の理由コード"), max_length=64, blank=True)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exchanges",
        verbose_name=_("個人"),
    )
    prev_hash = models.CharField(_("直前のハッシュ"), max_length=64)
    hash = models.CharField(_("ハッシュ"), max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("情報提供等記録")
        verbose_name_plural = _("情報提供等記録")
        ordering = ["chain", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="exchangerecord_unique_seq")
        ]
        indexes = [models.Index(fields=["person", "-occurred_at"], name="exchange_person_time")]

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq} {self.item} {self.result}"


class ExchangeChainHead(models.Model):
    """The last record of each chain: verification notices a truncated tail, and its row lock
    makes concurrent exchanges of one municipality take turns for the next sequence number."""

    chain = models.CharField(_("チェーン"), max_length=6, primary_key=True)
    last_seq = models.PositiveBigIntegerField(_("最終連番"), default=0)
    last_hash = models.CharField(_("最終ハッシュ"), max_length=64)
    mac = models.CharField(_("先頭の認証子"), max_length=64)

    class Meta:
        verbose_name = _("情報提供等記録チェーンの先頭")
        verbose_name_plural = _("情報提供等記録チェーンの先頭")

    def __str__(self) -> str:
        return f"{self.chain}#{self.last_seq}"
