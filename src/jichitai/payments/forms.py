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
