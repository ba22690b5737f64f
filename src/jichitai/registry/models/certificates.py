"""住民票の写し等の交付 (certificates): the signing key of each municipality and the record
of every certificate issued.

The issue record holds no personal data and not the PDF: only what is needed to say
later whether a PDF someone shows us is one we issued, unchanged (its SHA-256), and the
交付履歴 items of the standard that are not personal (doc/j300.txt §1.3.8: 交付年月日時,
種別, 記載事項, 枚数, 発行番号, ユーザID).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jichitai.tenants.models import TenantOwnedModel


class CertificateKind(models.TextChoices):
    """証明書の種別 (doc/j1000.txt §5.1)."""

    JUMINHYO = "juminhyo", _("住民票の写し")
    CLOSED_RECORD = "closed_record", _("住民票の除票の写し")
    ENTRY_CERTIFICATE = "entry_certificate", _("住民票記載事項証明書")
    CLOSED_ENTRY_CERTIFICATE = "closed_entry_certificate", _("住民票除票記載事項証明書")
    # 転出証明書 (住民基本台帳法施行令 第23条) for a 転入 without the card, printed in the
    # 転出 flow (doc/j660.txt §4.1.3.0.3); its 準ずる証明書 for a late 転出届 too.
    MOVE_OUT_CERTIFICATE = "move_out_certificate", _("転出証明書")


# 除票 kinds: only closed records go on them, and they print the 消除事由 and its date.
CLOSED_KINDS = frozenset({CertificateKind.CLOSED_RECORD, CertificateKind.CLOSED_ENTRY_CERTIFICATE})


# 通数 of one request: a counter hands out a few; more is a mistyped number.
MAX_COPIES = 10


class CertificateRequester(models.TextChoices):
    """請求者の区分: 本人等の請求 (住民基本台帳法 第12条: 本人・同一世帯の人、その代理人) or
    第三者の申出 (第12条の3)."""

    SELF = "self", _("本人")
    HOUSEHOLD = "household", _("同一世帯の人")
    AGENT = "agent", _("代理人")
    THIRD_PARTY = "third_party", _("第三者")


class IdentityCheck(models.TextChoices):
    """本人確認の方法 (住民基本台帳法 第12条第3項・第12条の3第5項): the document shown."""

    MY_NUMBER_CARD = "my_number_card", _("マイナンバーカード")
    DRIVERS_LICENSE = "drivers_license", _("運転免許証")
    OTHER = "other", _("その他の書類")


class MunicipalitySigningKey(TenantOwnedModel):
    """電子公印の署名鍵 (the municipality's signing key and X.509 certificate).

    The private key is stored only encrypted with the key ring of JICHITAI_ENCRYPTION_KEYS,
    bound to this municipality and certificate. Old keys stay (inactive) so that certificates
    they signed can still be verified; exactly one key per municipality is active.
    """

    class Origin(models.TextChoices):
        GENERATED = "generated", _("自己署名（本システムで生成）")
        IMPORTED = "imported", _("外部の認証局が発行（取込み）")

    origin = models.CharField(_("由来"), max_length=16, choices=Origin.choices)
    key_cipher = models.TextField(_("秘密鍵（暗号化）"))
    certificate_pem = models.TextField(_("署名用証明書（PEM）"))
    # Trust anchors for verification: the issuing CA of an imported certificate; empty for a
    # self-signed one, which is then its own anchor.
    trust_roots_pem = models.TextField(_("信頼点の証明書（PEM）"), blank=True)
    fingerprint = models.CharField(_("証明書のSHA-256フィンガープリント"), max_length=64)
    subject = models.CharField(_("証明書の主体者"), max_length=200)
    not_after = models.DateTimeField(_("有効期限"))
    is_active = models.BooleanField(_("使用中"), default=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("証明書の署名鍵")
        verbose_name_plural = _("証明書の署名鍵")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "fingerprint"], name="signing_key_unique_fingerprint"
            ),
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(is_active=True),
                name="signing_key_one_active",
            ),
        ]
        indexes = [models.Index(fields=["fingerprint"], name="signing_key_fingerprint_idx")]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.fingerprint[:16]}"


class IssuedCertificate(TenantOwnedModel):
    """証明書の交付記録 (one issued certificate): no personal data, no PDF, only its hash."""

    # The first copy's 発行番号; copy k of the issue has serial + k - 1 (doc/j1040.txt §5.5).
    issue_number = models.CharField(_("発行番号"), max_length=60)
    serial = models.PositiveIntegerField(_("通し番号"))
    kind = models.CharField(_("種別"), max_length=32, choices=CertificateKind.choices)
    whole_household = models.BooleanField(_("世帯全員"), default=False)
    sha256 = models.CharField(_("PDFのSHA-256"), max_length=64)
    issued_at = models.DateTimeField(_("交付日時"))
    actor = models.ForeignKey(
        "identity.StaffUser",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("交付した職員"),
    )
    purpose = models.CharField(_("事務"), max_length=100)
    residents = models.PositiveSmallIntegerField(_("記載人数"))
    pages = models.PositiveSmallIntegerField(_("枚数"))
    # 記載事項 (which optional items were printed), as flags: never the values.
    with_household_head = models.BooleanField(_("世帯主・続柄"), default=False)
    with_domicile = models.BooleanField(_("本籍・筆頭者"), default=False)
    with_resident_code = models.BooleanField(_("住民票コード"), default=False)
    with_my_number = models.BooleanField(_("個人番号"), default=False)
    # Who asked and how they were identified, as codes (never the requester's name): blank
    # only on records issued before these were kept.
    requester = models.CharField(
        _("請求者の区分"), max_length=16, choices=CertificateRequester.choices, blank=True
    )
    identity_check = models.CharField(
        _("本人確認の方法"), max_length=16, choices=IdentityCheck.choices, blank=True
    )
    copies = models.PositiveSmallIntegerField(_("通数"), default=1)
    # 再交付 of a lost 転出証明書 (doc/j660.txt §4.1.3.0.3), printed with the original items.
    reissue = models.BooleanField(_("再交付"), default=False)
    fee = models.PositiveIntegerField(_("手数料（円）"), default=0)
    with_history = models.BooleanField(_("履歴付き"), default=False)
    # 外国人住民の事項の省略 (doc/j1000.txt §5.1), kept as the 記載事項 of the issue (§1.3.8).
    without_foreign_items = models.BooleanField(_("外国人住民の事項の省略"), default=False)
    official_use = models.BooleanField(_("公用"), default=False)
    # 交付場所 (doc/j300.txt §1.3.8): kept, never printed (doc/j1040.txt §5.5 実装しない).
    place = models.CharField(_("交付場所"), max_length=40, blank=True)
    # 発行端末名番号 (§5.5, also 1.3.8 端末名): a short code of the counter or terminal, e.g.
    # 本庁1, printed inside the 発行番号; blank when the issue names none.
    terminal = models.CharField(_("発行端末名番号"), max_length=10, blank=True)
    acting_certifier = models.ForeignKey(
        "ActingCertifier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("認証した職務代理者"),
    )
    signing_key = models.ForeignKey(
        MunicipalitySigningKey,
        on_delete=models.PROTECT,
        related_name="issued",
        verbose_name=_("署名鍵"),
    )

    class Meta:
        verbose_name = _("証明書の交付記録")
        verbose_name_plural = _("証明書の交付記録")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "issue_number"], name="issued_unique_number"
            ),
            models.UniqueConstraint(fields=["municipality", "serial"], name="issued_unique_serial"),
            models.UniqueConstraint(fields=["municipality", "sha256"], name="issued_unique_sha256"),
        ]
        indexes = [models.Index(fields=["municipality", "-issued_at"], name="issued_recent_idx")]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.issue_number}"

    @property
    def issue_code(self) -> str:
        """The 発行番号 in ASCII, for file names and HTTP headers (which cannot carry the
        市区町村名): 発行年月日-団体コード-番号, e.g. 20261206-102121-000001."""
        issued_on = timezone.localdate(self.issued_at)
        return f"{issued_on:%Y%m%d}-{self.municipality_id}-{self.serial:06d}"

    @property
    def serial_last(self) -> int:
        """The serial of the issue's last copy: each copy has its own number."""
        return self.serial + self.copies - 1


class IssuedCertificateSubject(TenantOwnedModel):
    """交付対象者 (doc/j300.txt §1.3.8): whom an issued certificate was about, by reference to
    the record (never a name), in the order printed."""

    certificate = models.ForeignKey(
        IssuedCertificate,
        on_delete=models.PROTECT,
        related_name="subjects",
        verbose_name=_("交付記録"),
    )
    resident = models.ForeignKey(
        "Resident",
        on_delete=models.PROTECT,
        related_name="issued_certificates",
        verbose_name=_("記載された住民"),
    )
    position = models.PositiveSmallIntegerField(_("記載順"))

    class Meta:
        verbose_name = _("交付対象者")
        verbose_name_plural = _("交付対象者")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "certificate", "resident"], name="issued_subject_unique"
            )
        ]
        indexes = [models.Index(fields=["resident", "certificate"], name="issued_subject_idx")]

    def __str__(self) -> str:
        return f"{self.certificate_id}:{self.resident_id}"


class ActingCertifier(TenantOwnedModel):
    """職務代理者 (doc/j310.txt §1.3.9): who certifies in the 市区町村長's stead for a period
    (地方自治法 第152条), e.g. 副市長. Outside every period the 市区町村長 certifies."""

    title = models.CharField(_("職務代理者の職名"), max_length=20)
    name = models.CharField(_("職務代理者の氏名"), max_length=40)
    # 職務代理者の公印 (doc/j290.txt §1.3.7: 市区町村長及び職務代理者の公印が管理できること):
    # its 印文, registered with the 職務代理者; blank: 「〇〇市長職務代理者之印」.
    seal_text = models.CharField(_("職務代理者の公印の印文"), max_length=20, blank=True, default="")
    starts_on = models.DateField(_("開始日"))
    ends_on = models.DateField(_("終了日"))
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("職務代理者")
        verbose_name_plural = _("職務代理者")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="acting_certifier_period"
            )
        ]
        indexes = [models.Index(fields=["municipality", "starts_on"], name="acting_certifier_idx")]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.starts_on}〜{self.ends_on}"
