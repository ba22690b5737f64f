"""検索 (§2.1): the search keys of past names and addresses, and each user's 検索履歴."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jichitai.tenants.models import Municipality, TenantOwnedModel


class SearchKeyKind(models.TextChoices):
    """What a ResidentSearchKey holds: a name in writing or reading, a 旧氏, or an address."""

    NAME = "name", _("氏名・通称")
    READING = "reading", _("氏名・通称の振り仮名")
    FORMER_SURNAME = "former_surname", _("旧氏")
    FORMER_SURNAME_READING = "former_surname_reading", _("旧氏の振り仮名")
    ADDRESS = "address", _("住所")


class ResidentSearchKey(TenantOwnedModel):
    """検索キー: every 氏名, 名, 通称, 旧氏 and 住所 a record has ever held, normalised as the
    search normalises its input, one row per distinct value (doc/j340.txt §2.1.3:
    「氏名及び住所の検索は、過去のものも横断的に検索できること」).

    Written with each history row (services.recording.history_write), so a past name or
    address is found through one index range scan instead of reading every snapshot."""

    # No index of its own (nor its varchar_pattern_ops copy): search_key_idx and
    # search_key_unique both begin with it, and every query here names the municipality
    # with the kind or the person. Two fewer indexes to fill on each import of a register.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("地方公共団体"),
    )
    resident = models.ForeignKey(
        "Resident", on_delete=models.CASCADE, related_name="search_keys", verbose_name=_("住民")
    )
    kind = models.CharField(_("種類"), max_length=24, choices=SearchKeyKind.choices)
    key = models.CharField(_("検索キー"), max_length=200)

    class Meta:
        verbose_name = _("検索キー")
        verbose_name_plural = _("検索キー")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "resident", "kind", "key"], name="search_key_unique"
            )
        ]
        indexes = [
            # (municipality, kind, key): a prefix or exact search is one range scan; on
            # PostgreSQL `key` uses the "C" collation (migration 0011) like the record's keys.
            models.Index(fields=["municipality", "kind", "key"], name="search_key_idx")
        ]

    def __str__(self) -> str:
        return f"{self.resident_id}:{self.kind}"


class SearchHistoryEntry(TenantOwnedModel):
    """検索履歴 (doc/j320.txt §2.1.1): the conditions of one search by one user, kept so that
    they can search the same way again. The conditions (names, dates of birth, numbers) are
    personal data: they are stored only as AES-GCM ciphertext bound to the user and the
    municipality (registry.crypto.search_conditions_encrypt), and only the newest
    SEARCH_HISTORY_KEPT of each user are kept."""

    user = models.ForeignKey(
        "identity.StaffUser",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("利用者"),
    )
    searched_at = models.DateTimeField(_("検索日時"))
    conditions_cipher = models.TextField(_("検索条件（暗号化）"))

    class Meta:
        verbose_name = _("検索履歴")
        verbose_name_plural = _("検索履歴")
        indexes = [
            models.Index(
                fields=["municipality", "user", "-searched_at"], name="search_history_user_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.searched_at:%Y-%m-%d %H:%M}"
