"""Forms of the 職員管理 pages: they parse what the administrator chose or typed; the rules
(login names, roles, 課, one's own 管理者 role) are the services' (identity.staff_admin)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms

from jichitai.common.exceptions import DomainError
from jichitai.identity.models import Role


def _roles_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="役割",
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="「各課担当」の職員は、所属する課が担当する手続の申請だけを閲覧・審査できます。",
        error_messages={"invalid_choice": "選べない役割です。"},
    )


def _departments_field(choices: Sequence[tuple[int, str]]) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label="所属する課",
        choices=list(choices),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="複数の課に所属できます。",
        error_messages={"invalid_choice": "選べない課です。"},
    )


class StaffCreateForm(forms.Form):
    """職員の登録."""

    username = forms.CharField(
        label="ログインID",
        max_length=150,
        help_text="半角の英数字と「.」「@」「+」「-」「_」。例：midori-tanaka",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
        error_messages={"required": "ログインIDを入力してください。"},
    )
    display_name = forms.CharField(
        label="表示名",
        max_length=80,
        help_text="画面と記録に表示される名前です。",
        error_messages={
            "required": "表示名を入力してください。",
            "max_length": "表示名は80文字以内で入力してください。",
        },
    )
    password = forms.CharField(
        label="初期パスワード",
        strip=False,
        help_text="12文字以上。本人に安全な方法で伝え、初回ログイン時に二要素認証を設定してもらいます。",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "初期パスワードを入力してください。"},
    )

    def __init__(self, data: Any = None, *, departments: Sequence[tuple[int, str]]) -> None:
        super().__init__(data)
        self.fields["username"].error_messages["max_length"] = (
            "ログインIDは150文字以内で入力してください。"
        )
        self.fields["roles"] = _roles_field()
        self.fields["departments"] = _departments_field(departments)


class StaffRolesForm(forms.Form):
    """役割の変更."""

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, prefix="roles", **kwargs)
        self.fields["roles"] = _roles_field()


class StaffDepartmentsForm(forms.Form):
    """所属する課の変更."""

    def __init__(
        self, data: Any = None, *, departments: Sequence[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(data, prefix="departments", **kwargs)
        self.fields["departments"] = _departments_field(departments)


class DepartmentForm(forms.Form):
    """課の作成・変更. The code is asked only when the 課 is created."""

    code = forms.CharField(
        label="課コード",
        max_length=32,
        help_text="半角の英小文字・数字・ハイフン・下線。例：shimin",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
        error_messages={
            "required": "課コードを入力してください。",
            "max_length": "課コードは32文字以内で入力してください。",
        },
    )
    name = forms.CharField(
        label="課名",
        max_length=40,
        help_text="例：市民課、町民課、こども課",
        error_messages={
            "required": "課名を入力してください。",
            "max_length": "課名は40文字以内で入力してください。",
        },
    )
    catalog_keys = forms.MultipleChoiceField(
        label="担当する手続の区分",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="この課の職員が閲覧・審査する申請の区分です。",
        error_messages={"invalid_choice": "選べない手続の区分です。"},
    )
    location = forms.CharField(
        label="窓口の場所",
        max_length=60,
        required=False,
        help_text="団体のトップページの「窓口」に表示します。例：本庁舎1階 2番窓口",
        error_messages={"max_length": "窓口の場所は60文字以内で入力してください。"},
    )
    phone = forms.CharField(
        label="直通電話番号",
        max_length=20,
        required=False,
        help_text="空欄のときは、お問い合わせ先の代表電話番号だけを案内します。例：0278-25-5020",
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
        error_messages={"max_length": "電話番号は20文字以内で入力してください。"},
    )

    def __init__(
        self,
        data: Any = None,
        *,
        key_choices: Sequence[tuple[str, str]],
        with_code: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        cast(forms.ChoiceField, self.fields["catalog_keys"]).choices = list(key_choices)
        if not with_code:
            del self.fields["code"]


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """A service's error on the form: next to the field it names, else at the top."""
    if not error.errors:
        form.add_error(None, error.detail)
        return
    for field_error in error.errors:
        name = field_error.tokens[0] if len(field_error.tokens) == 1 else ""
        form.add_error(name if name in form.fields else None, field_error.message)
