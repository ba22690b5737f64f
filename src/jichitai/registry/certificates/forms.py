from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from jichitai.registry.certificates.fees import certificate_fee
from jichitai.registry.certificates.verification import PDF_MAGIC
from jichitai.registry.forms.common import DateTextField, text_field
from jichitai.registry.models import (
    MAX_COPIES,
    CertificateKind,
    CertificateRequester,
    IdentityCheck,
    Resident,
)
from jichitai.registry.models.support_measures import NOTE_MAX

MAX_PDF_BYTES = 10 * 1024 * 1024
COPIES_RANGE_MESSAGE = f"通数は1から{MAX_COPIES}までの数で入力してください。"


class CertificateUploadForm(forms.Form):
    file = forms.FileField(
        label=_("証明書のPDFファイル"),
        help_text=_(
            "交付を受けた証明書のPDFファイル（10MBまで）を選んでください。ファイルはこの確認にだけ使い、保存しません。"
        ),
        error_messages={
            "required": _("PDFファイルを選んでください。"),
            "empty": _("ファイルが空です。PDFファイルを選んでください。"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self) -> bytes:
        upload: UploadedFile = self.cleaned_data["file"]
        # Size first, from the upload's metadata, before reading anything into memory.
        if upload.size is None or upload.size > MAX_PDF_BYTES:
            raise forms.ValidationError(
                _("ファイルが大きすぎます。10MBまでのPDFファイルを選んでください。")
            )
        # By content, not by name or declared type: a PDF starts with "%PDF-".
        if upload.read(len(PDF_MAGIC)) != PDF_MAGIC:
            raise forms.ValidationError(
                _("PDFファイルではありません。交付された証明書のPDFファイルを選んでください。")
            )
        upload.seek(0)
        return bytes(upload.read())


class CertificateIssueForm(forms.Form):
    """証明書の交付: which members, which document, which optional items, for which 事務."""

    kind = forms.ChoiceField(label=_("証明書の種類"), choices=CertificateKind.choices)
    resident_ids = forms.TypedMultipleChoiceField(
        label=_("記載する人"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("記載する人を1人以上選んでください。")},
    )
    include_household_head_and_relationship = forms.BooleanField(
        label=_("世帯主の氏名と続柄を記載する"), required=False
    )
    include_domicile = forms.BooleanField(label=_("本籍・筆頭者を記載する"), required=False)
    include_resident_code = forms.BooleanField(label=_("住民票コードを記載する"), required=False)
    include_name_kana = forms.BooleanField(label=_("氏名の振り仮名を記載する"), required=False)
    include_my_number = forms.BooleanField(
        label=_("個人番号を記載する（住民記録審査の役割が必要）"), required=False
    )
    include_history = forms.BooleanField(
        label=_("履歴付きにする（異動日・異動事由と変更された事項）"), required=False
    )
    omit_foreign_items = forms.BooleanField(
        label=_(
            "外国人住民の国籍・地域、第30条の45の区分、在留資格、在留期間等、満了の日、在留カード等の番号を省略する"
        ),
        required=False,
    )
    requester = forms.ChoiceField(
        label=_("請求者の区分"),
        choices=CertificateRequester.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "本人・同一世帯の人・その代理人は住民基本台帳法第12条、第三者は第12条の3による請求です。"
        ),
        error_messages={"required": _("請求者の区分を選んでください。")},
    )
    identity_check = forms.ChoiceField(
        label=_("本人確認の方法"),
        choices=IdentityCheck.choices,
        widget=forms.RadioSelect,
        help_text=_("窓口に来た人について、確認に使った書類を選んでください。"),
        error_messages={"required": _("本人確認の方法を選んでください。")},
    )
    copies = forms.IntegerField(
        label=_("通数"),
        min_value=1,
        max_value=MAX_COPIES,
        initial=1,
        error_messages={
            "required": _("通数を入力してください。"),
            "invalid": _("通数は半角数字で入力してください。"),
            "min_value": COPIES_RANGE_MESSAGE,
            "max_value": COPIES_RANGE_MESSAGE,
        },
    )
    official_use = forms.BooleanField(
        label=_("公用（官公署の職務上の請求）"),
        required=False,
        help_text=_("証明書に「公用」と印字し、手数料は0円になります。"),
    )
    terminal = forms.CharField(
        label=_("発行端末名番号（任意）"),
        required=False,
        max_length=10,
        help_text=_("例：本庁1。発行番号に印字されます（10文字まで、空白なし）。"),
    )
    place = forms.CharField(
        label=_("交付場所（任意）"),
        required=False,
        max_length=40,
        help_text=_("交付記録にだけ残り、証明書には印字しません。例：本庁舎市民課窓口"),
    )
    purpose = forms.CharField(
        label=_("事務（利用目的）"),
        max_length=100,
        initial=_("住民票の写しの交付"),
        help_text=_("監査記録に残ります。例：住民票の写しの交付（窓口）"),
    )
    # 支援措置の解除 (doc/j440.txt §3.4): shown only when a 支援対象者 is in the household.
    support_release_reason = forms.CharField(
        label=_("支援措置の解除の理由（審査の結果）"),
        max_length=NOTE_MAX,
        required=False,
        help_text=_(
            "支援対象者を含めて交付するときだけ、支援措置責任者（住民記録審査）が入力します。"
            "解除した職員・日時とともに記録されます。"
        ),
    )

    def __init__(
        self,
        *args: Any,
        members: list[tuple[int, str]],
        chosen: Resident | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["resident_ids"]).choices = members
        self.fields["copies"].help_text = f"手数料は1通{certificate_fee(1):,}円です。"
        if chosen is None:
            self.fields["resident_ids"].initial = [pk for pk, _label in members]
        else:
            # From one resident's page: that person's own copy (a 除票 for a closed record).
            self.fields["resident_ids"].initial = [chosen.pk]
            self.fields["kind"].initial = (
                CertificateKind.CLOSED_RECORD if chosen.is_closed else CertificateKind.JUMINHYO
            )


class ActingCertifierForm(forms.Form):
    """職務代理者の登録 (doc/j310.txt §1.3.9): 職名, 氏名 and the period, both days included."""

    title = text_field(
        str(_("職務代理者の職名")), max_length=20, required=True, help_text=_("例：副市長")
    )
    name = text_field(str(_("職務代理者の氏名")), max_length=40, required=True)
    seal_text = text_field(
        str(_("職務代理者の公印の印文（任意）")),
        max_length=20,
        help_text=_(
            "例：みどり市長職務代理者之印。空欄のときは市区町村長の職名に「職務代理者之印」を付けます。"
        ),
    )
    starts_on = DateTextField(label=_("開始日"))
    ends_on = DateTextField(label=_("終了日"))


class MayorForm(forms.Form):
    """市区町村長の職名・氏名 (the certifier outside every 職務代理者 period)."""

    title = text_field(
        str(_("市区町村長の職名")),
        max_length=20,
        help_text=_(
            "例：みどり市長。空欄のときは団体名に「長」を付けます。都道府県名は自動で付きます。"
        ),
    )
    name = text_field(str(_("市区町村長の氏名")), max_length=40, required=True)
