"""Forms of the resident portal (the procedure forms themselves come from JSON Schema)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class NotificationAddressForm(forms.Form):
    """通知先メールアドレス: empty removes it."""

    email = forms.EmailField(
        label=_("メールアドレス"),
        required=False,
        max_length=254,
        help_text=_(
            "申請の状況が変わったときにお知らせします。空にして保存すると、お知らせを止めます。"
        ),
        error_messages={
            "invalid": _("メールアドレスの形式が正しくありません（例：hanako@example.jp）。")
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
