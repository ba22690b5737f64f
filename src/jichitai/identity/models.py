"""職員 (staff accounts), their roles per municipality, and API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from jichitai.tenants.models import Municipality, TenantOwnedModel


class Role(models.TextChoices):
    """職員の役割 (staff roles); a staff member may hold several in their municipality."""

    COUNTER = "counter", _("窓口")
    REGISTRY_REVIEW = "registry_review", _("住民記録審査")
    DEPARTMENT = "department", _("各課担当")
    ADMIN = "admin", _("管理者")
    AUDITOR = "auditor", _("監査")


class StaffUser(AbstractUser):
    """職員アカウント. Belongs to one municipality; platform operators have none.

    The login name is unique across the deployment so the platform admin can find anyone;
    sign-in still happens under `/<lg_code>/staff/` and refuses other municipalities' staff.
    """

    # The roles, read once per request by selectors.staff_roles; not a column.
    _role_cache: set[str]

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所属団体"),
    )
    display_name = models.CharField(_("表示名"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("職員")
        verbose_name_plural = _("職員")

    def __str__(self) -> str:
        return self.display_name or self.username


class StaffRole(TenantOwnedModel):
    """職員の役割の付与 (a role granted to a staff member in their municipality)."""

    user = models.ForeignKey(
        StaffUser, on_delete=models.CASCADE, related_name="roles", verbose_name=_("職員")
    )
    role = models.CharField(_("役割"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("職員の役割")
        verbose_name_plural = _("職員の役割")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "user", "role"], name="staffrole_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()}"


class Department(TenantOwnedModel):
    """課 (a department of the municipality's organisation), e.g. みどり市「市民課」.

    Each municipality names its own 課 (みなかみ町 has a 町民課, not a 市民課). A 課 takes care
    of one or more of the procedure catalog's department keys (`residents`, `child`, …; plain
    strings: identity knows nothing of the catalog), and its members read those cases.
    """

    code = models.CharField(_("課コード"), max_length=32)
    name = models.CharField(_("課名"), max_length=40)
    catalog_keys = models.JSONField(_("担当する手続の区分"), default=list, blank=True)
    # Where residents find the 課 (the 窓口 list of the municipality's home page).
    location = models.CharField(
        _("窓口の場所"), max_length=60, blank=True, help_text=_("例：本庁舎1階 2番窓口")
    )
    phone = models.CharField(_("直通電話番号"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("課")
        verbose_name_plural = _("課")
        ordering = ["municipality", "code"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="department_unique_code"),
            models.UniqueConstraint(fields=["municipality", "name"], name="department_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class DepartmentMembership(TenantOwnedModel):
    """課への所属 (a staff member's membership of a 課); a staff member may belong to several."""

    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("課")
    )
    user = models.ForeignKey(
        StaffUser,
        on_delete=models.CASCADE,
        related_name="department_memberships",
        verbose_name=_("職員"),
    )

    class Meta:
        verbose_name = _("課への所属")
        verbose_name_plural = _("課への所属")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "department", "user"],
                name="departmentmembership_unique_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.department}"


class ApiToken(TenantOwnedModel):
    """APIトークン (API token) of a staff member. Only a hash of the secret is stored.

    The token text is `jt_<lg_code>_<secret>`: the code says which municipality's rows to
    look in, so lookups stay inside one tenant.
    """

    user = models.ForeignKey(
        StaffUser, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("職員")
    )
    name = models.CharField(_("用途"), max_length=80)
    prefix = models.CharField(_("先頭の文字"), max_length=16)
    secret_hash = models.CharField(_("秘密のハッシュ"), max_length=64)
    created_at = models.DateTimeField(_("発行日時"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有効期限"))
    last_used_at = models.DateTimeField(_("最終利用日時"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("失効日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("APIトークン")
        verbose_name_plural = _("APIトークン")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "secret_hash"], name="apitoken_unique_secret"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"


class SignInChallenge(TenantOwnedModel):
    """公的個人認証のログイン用チャレンジ (sign-in challenge): a single-use random nonce.

    The resident's card signs the nonce with the 利用者証明用 key; `used_at` is set the first
    time anyone answers, so a captured answer can never be replayed.
    """

    nonce = models.CharField(_("ノンス"), max_length=64)
    purpose = models.CharField(_("用途"), max_length=32)
    created_at = models.DateTimeField(_("発行日時"))
    expires_at = models.DateTimeField(_("有効期限"))
    used_at = models.DateTimeField(_("使用日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("ログイン用チャレンジ")
        verbose_name_plural = _("ログイン用チャレンジ")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "nonce"], name="signinchallenge_unique_nonce"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.purpose} {self.nonce[:8]}…"


class RevocationListLoad(models.Model):
    """失効リストの取込み (one CRL loaded): J-LIS's CRLs are national, so not tenant-owned.

    The newest load of an issuer decides: past its `next_update`, verification refuses
    (jpki.revocation_stale) instead of trusting an old list.
    """

    issuer_fingerprint = models.CharField(_("発行者証明書のSHA-256"), max_length=64)
    issuer_name = models.CharField(_("発行者"), max_length=500)
    crl_number = models.CharField(_("CRL番号"), max_length=64, blank=True)
    this_update = models.DateTimeField(_("発行日時 (thisUpdate)"))
    next_update = models.DateTimeField(_("次回更新予定 (nextUpdate)"))
    revoked_count = models.PositiveIntegerField(_("失効件数"))
    sha256 = models.CharField(_("CRLファイルのSHA-256"), max_length=64)
    loaded_at = models.DateTimeField(_("取込日時"))

    class Meta:
        verbose_name = _("失効リストの取込み")
        verbose_name_plural = _("失効リストの取込み")
        indexes = [models.Index(fields=["issuer_fingerprint", "-this_update"])]

    def __str__(self) -> str:
        return f"{self.issuer_name} {self.this_update:%Y-%m-%d %H:%M}"


class RevokedCertificate(models.Model):
    """失効した電子証明書 (a revoked certificate) from the issuer's newest CRL."""

    issuer_fingerprint = models.CharField(_("発行者証明書のSHA-256"), max_length=64)
    serial_number = models.CharField(_("シリアル番号（16進）"), max_length=64)
    revoked_at = models.DateTimeField(_("失効日時"))
    load = models.ForeignKey(
        RevocationListLoad,
        on_delete=models.CASCADE,
        related_name="revoked",
        verbose_name=_("取込み"),
    )

    class Meta:
        verbose_name = _("失効した電子証明書")
        verbose_name_plural = _("失効した電子証明書")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_fingerprint", "serial_number"],
                name="revokedcertificate_unique_serial",
            )
        ]

    def __str__(self) -> str:
        return f"{self.serial_number} ({self.revoked_at:%Y-%m-%d})"
