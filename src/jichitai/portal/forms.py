"""Forms of the resident portal (the procedure forms themselves come from JSON Schema)."""

from __future__ import annotations

from django import forms


class NotificationAddressForm(forms.Form):
    """通知先メールアドレス: empty removes it."""

    email = forms.EmailField(
        label="メールアドレス",
        required=False,
        max_length=254,
        help_text="申請の状況が変わったときにお知らせします。空にして保存すると、お知らせを止めます。",
        error_messages={
            "invalid": "メールアドレスの形式が正しくありません（例：hanako@example.jp）。"
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
