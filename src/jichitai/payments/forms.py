"""The office's forms: a payment file to import, and the decision on one exception."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_MB = 100


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("収納データのファイル"),
        help_text=_(
            "金融機関CSV、コンビニ収納代行の固定長、eLTAX形式CSV（UTF-8 または Shift_JIS）、"
            "100MBまで。大きなファイルは jichitai import-payments で取り込めます。"
        ),
        error_messages={
            "required": _("ファイルを選んでください。"),
            "empty": _("ファイルが空です。"),
        },
    )

    def clean_file(self) -> object:
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(_("ファイルが大きすぎます（100MBまで）。"))
        return file


class ResolveForm(forms.Form):
    payment_number = forms.RegexField(
        label=_("充当する納付書の納付番号（16桁）"),
        regex=r"^\d{16}$",
        required=False,
        help_text=_("空欄のときは全額を還付候補にします。"),
        error_messages={"invalid": _("納付番号は16桁の数字で入力してください。")},
        max_length=16,
    )


class DemoPayForm(forms.Form):
    """デモ用の決済画面: a test card number, or the text of the invoice's eL-QR."""

    card_number = forms.CharField(
        label=_("カード番号（テスト用）"),
        required=False,
        max_length=32,
        help_text=_("テスト用のカード番号 4444 3333 2222 1111 で支払えます。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    el_qr = forms.CharField(
        label=_("eL-QR の内容"),
        required=False,
        max_length=200,
        help_text=_("カード番号の代わりに、納付書の eL-QR を読み取った内容でも支払えます。"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
