"""入力場所・入力端末 (places and terminals where changes are entered, doc/j230.txt §1.3.1):
「本庁、支所、出張所、住民記録システム利用課等の入力場所及び入力端末等の登録管理ができること」.
Each municipality keeps its own register; a change records where it was entered (§1.2.1)
and the staff session picks the place and terminal it works at."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jichitai.tenants.models import TenantOwnedModel


class InputPlace(TenantOwnedModel):
    """入力場所: 本庁, 支所, 出張所 …; one may be the default for a session that chose none."""

    class Kind(models.TextChoices):
        MAIN_OFFICE = "main_office", _("本庁")
        BRANCH = "branch", _("支所")
        SUB_BRANCH = "sub_branch", _("出張所")
        SECTION = "section", _("住民記録システム利用課")
        OTHER = "other", _("その他")

    code = models.CharField(_("入力場所コード"), max_length=8)
    name = models.CharField(_("入力場所名"), max_length=60)
    kind = models.CharField(_("種別"), max_length=16, choices=Kind.choices)
    is_default = models.BooleanField(_("既定の入力場所"), default=False)

    class Meta:
        verbose_name = _("入力場所")
        verbose_name_plural = _("入力場所")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="input_place_unique"),
            models.UniqueConstraint(
                fields=["municipality"],
                condition=models.Q(is_default=True),
                name="input_place_one_default",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class InputTerminal(TenantOwnedModel):
    """入力端末: a terminal at one 入力場所."""

    place = models.ForeignKey(
        InputPlace, on_delete=models.PROTECT, related_name="terminals", verbose_name=_("入力場所")
    )
    code = models.CharField(_("端末コード"), max_length=16)
    name = models.CharField(_("端末名"), max_length=60)

    class Meta:
        verbose_name = _("入力端末")
        verbose_name_plural = _("入力端末")
        ordering = ["place__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="input_terminal_unique")
        ]

    def __str__(self) -> str:
        return f"{self.place.name} {self.name}"
