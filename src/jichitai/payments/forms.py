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


_ACCOUNT_TYPES = [("1", _("普通")), ("2", _("当座")), ("4", _("貯蓄"))]


class RefundDecideForm(forms.Form):
    """還付・充当の決定: 充当先 (optional) and the payer's account for what is refunded."""

    offset_invoice = forms.IntegerField(label=_("充当先の納付書"), required=False, min_value=1)
    bank_code = forms.RegexField(
        label=_("金融機関コード（4桁）"), regex=r"^\d{4}$", required=False, max_length=4
    )
    branch_code = forms.RegexField(
        label=_("支店コード（3桁）"), regex=r"^\d{3}$", required=False, max_length=3
    )
    account_type = forms.ChoiceField(label=_("預金種目"), choices=_ACCOUNT_TYPES, initial="1")
    account_number = forms.RegexField(
        label=_("口座番号（7桁以内）"), regex=r"^\d{1,7}$", required=False, max_length=7
    )
    account_name = forms.CharField(label=_("口座名義（カタカナ）"), required=False, max_length=30)


class PayoutForm(forms.Form):
    """還付の支出: the municipality's paying account (振込依頼人) and the transfer day."""

    transfer_on = forms.DateField(
        label=_("振込指定日"), widget=forms.DateInput(attrs={"type": "date"})
    )
    requester_code = forms.RegexField(
        label=_("振込依頼人コード（銀行の定める委託者コード）"), regex=r"^\d{1,10}$", max_length=10
    )
    requester_name = forms.CharField(label=_("振込依頼人名（カタカナ）"), max_length=40)
    bank_code = forms.RegexField(label=_("仕向銀行番号（4桁）"), regex=r"^\d{4}$", max_length=4)
    branch_code = forms.RegexField(label=_("仕向支店番号（3桁）"), regex=r"^\d{3}$", max_length=3)
    account_type = forms.ChoiceField(label=_("預金種目"), choices=_ACCOUNT_TYPES[:2], initial="1")
    account_number = forms.RegexField(label=_("口座番号"), regex=r"^\d{1,7}$", max_length=7)
