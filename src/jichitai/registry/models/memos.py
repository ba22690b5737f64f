"""メモ (doc/j150.txt §1.1.15): 「個人を単位とし、記載事項を限定しないメモ入力が可能である
こと。メモを入力した者のユーザID及び日時が記録されること。メモの修正・削除について履歴管理
されること。メモ入力されたものについては、住民票の写し等の証明書に出力されないこと。」

A memo belongs to one person and is no item of the 住民票: no certificate, export or history
snapshot reads these tables. Every write adds a `ResidentMemoRevision`; none is changed or
deleted afterwards."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jichitai.tenants.models import TenantOwnedModel

MEMO_MAX_LENGTH = 1000


class ResidentMemo(TenantOwnedModel):
    """メモ: its current text (blank once deleted) and who wrote it last, when."""

    resident = models.ForeignKey(
        "Resident", on_delete=models.PROTECT, related_name="memos", verbose_name=_("住民")
    )
    text = models.TextField(_("メモ"), max_length=MEMO_MAX_LENGTH, blank=True)
    is_deleted = models.BooleanField(_("削除済み"), default=False)
    written_by = models.ForeignKey(
        "identity.StaffUser",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("入力者"),
    )
    written_at = models.DateTimeField(_("入力日時"))

    class Meta:
        verbose_name = _("メモ")
        verbose_name_plural = _("メモ")
        ordering = ["-written_at", "-pk"]
        indexes = [models.Index(fields=["resident", "is_deleted"], name="memo_resident_idx")]

    def __str__(self) -> str:
        return f"メモ {self.pk}"


class ResidentMemoRevision(TenantOwnedModel):
    """メモの履歴: one row per 入力, 修正 or 削除, with the text as it then stood."""

    class Action(models.TextChoices):
        WRITE = "write", _("入力")
        EDIT = "edit", _("修正")
        DELETE = "delete", _("削除")

    memo = models.ForeignKey(
        ResidentMemo, on_delete=models.PROTECT, related_name="revisions", verbose_name=_("メモ")
    )
    action = models.CharField(_("操作"), max_length=8, choices=Action.choices)
    text = models.TextField(_("メモ"), max_length=MEMO_MAX_LENGTH, blank=True)
    actor = models.ForeignKey(
        "identity.StaffUser",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("操作者"),
    )
    recorded_at = models.DateTimeField(_("操作日時"))

    class Meta:
        verbose_name = _("メモの履歴")
        verbose_name_plural = _("メモの履歴")
        ordering = ["memo", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"メモ {self.memo_id} {self.action}"
