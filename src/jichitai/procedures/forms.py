"""Forms of the department inboxes: they parse what staff chose or typed, nothing more.

Whether a case may be returned, approved or rejected is the services' business; their
errors come back through `add_domain_error`, next to the field they name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils import timezone

from jichitai.common.exceptions import DomainError
from jichitai.common.text import TextValidator
from jichitai.departments.models import CareLevel, DamageClass
from jichitai.procedures.inbox import INBOX_TABS

REASON_MAX_LENGTH = 2000


class InboxFilterForm(forms.Form):
    """受付一覧の絞り込み. Sent by GET: only codes (担当, 状態, 手続) and a page number go in
    the URL, never anything about a person."""

    department = forms.ChoiceField(label="担当")
    state = forms.ChoiceField(
        label="状態", choices=[(tab.key, tab.label) for tab in INBOX_TABS], required=False
    )
    procedure = forms.ChoiceField(label="手続", required=False)
    page = forms.IntegerField(label="ページ", min_value=1, required=False)

    def __init__(
        self,
        data: Any,
        *,
        departments: Sequence[tuple[str, str]],
        procedures: Sequence[tuple[str, str]],
    ) -> None:
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["department"]).choices = list(departments)
        self.fields["department"].error_messages["invalid_choice"] = "選べない担当です。"
        cast(forms.ChoiceField, self.fields["procedure"]).choices = [
            ("", "すべての手続"),
            *procedures,
        ]
        self.fields["procedure"].error_messages["invalid_choice"] = "この担当の手続ではありません。"


class ReasonForm(forms.Form):
    """差戻し・却下の理由: the resident reads it (行政手続法 第8条: 拒否の処分には理由を示す)."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_MAX_LENGTH,
        strip=True,
        validators=[TextValidator(multiline=True)],
    )

    def __init__(self, data: Any = None, *, prefix: str, label: str, help_text: str) -> None:
        super().__init__(data, prefix=prefix)
        field = self.fields["reason"]
        field.label = label
        field.help_text = help_text
        field.error_messages["required"] = f"{label}を入力してください。"
        field.error_messages["max_length"] = (
            f"{label}は{REASON_MAX_LENGTH}文字以内で入力してください。"
        )


# A service's FieldError names a JSON pointer into its arguments: `/name` is the field `name`
# unless named here.
ERROR_FIELDS = {"/reason": "reason"}


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """A service's error on the form: next to the field it names, else at the top."""
    if not error.errors:
        form.add_error(None, error.detail)
        return
    for field_error in error.errors:
        name = ERROR_FIELDS.get(field_error.field, field_error.field.removeprefix("/"))
        form.add_error(name if name in form.fields else None, field_error.message)


class ApprovalConfirmForm(forms.Form):
    """承認の確認: approval runs the back-office action (a 国内転出 in the register, a
    転出証明書情報 sent to another municipality) and cannot be taken back by a click, so the
    officer confirms that they read what it will do."""

    confirmed = forms.BooleanField(
        label="上記の処理は取り消せないことを確認しました",
        error_messages={
            "required": "承認する前に、行われる処理を確認してチェックを入れてください。"
        },
    )

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="approve")


# ---------------------------------------------------------------------------- 被災者台帳

# The lengths of the 台帳's columns (departments.models.disaster): a longer text is refused on
# the form, before the service is asked.
DISASTER_NAME_MAX = 100
DISASTER_TEXT_MAX = 200
DATE_ERRORS = {"invalid": "日付を正しく入力してください（例: 2026-09-01）。"}


def _date_field(label: str, *, required: bool = True) -> forms.DateField:
    field = forms.DateField(
        label=label,
        required=required,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={**DATE_ERRORS, "required": f"{label}を入力してください。"},
    )
    return field


def _text_field(label: str, max_length: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        strip=True,
        validators=[TextValidator()],
        error_messages={
            "required": f"{label}を入力してください。",
            "max_length": f"{label}は{max_length}文字以内で入力してください。",
        },
    )


class DisasterForm(forms.Form):
    """災害の記録 (被災者台帳): its name, the days it struck and the area surveyed."""

    name = _text_field("災害名", DISASTER_NAME_MAX)
    occurred_on = _date_field("発生日")
    ended_on = _date_field("終了日", required=False)
    area = _text_field("被災区域", DISASTER_TEXT_MAX)

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="disaster")
        self.fields["ended_on"].help_text = "1日だけの災害なら空欄にしてください。"
        self.fields["area"].help_text = "例: みどり市全域、みどり市東町1丁目〜3丁目"


class DamageForm(forms.Form):
    """住家被害認定の記録: the class the 被害認定調査 found (内閣府の6区分) and its day."""

    damage_class = forms.ChoiceField(
        label="被害の程度",
        widget=forms.RadioSelect,
        choices=DamageClass.choices,
        error_messages={
            "required": "被害の程度を選んでください。",
            "invalid_choice": "被害の程度は6つの区分から選んでください。",
        },
    )
    surveyed_on = _date_field("調査日")

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="damage")


# ---------------------------------------------------------------------------- 要介護認定


class CareResultForm(forms.Form):
    """要介護認定等の結果の記録 (介護保険法 第27条第7項・第32条第6項): the level the
    介護認定審査会 judged, the day of the 認定 and its 有効期間 (none for 非該当). Whether the
    dates fit the application is the service's business (`care_certification_decide`)."""

    level = forms.ChoiceField(
        label="認定結果（要介護状態区分等）",
        widget=forms.RadioSelect,
        choices=CareLevel.choices,
        error_messages={
            "required": "認定結果を選んでください。",
            "invalid_choice": "認定結果は要支援1〜2、要介護1〜5、非該当から選んでください。",
        },
    )
    decided_on = _date_field("認定日")
    valid_from = _date_field("有効期間の開始日", required=False)
    valid_to = _date_field("有効期間の終了日", required=False)

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="care")
        self.fields["valid_from"].help_text = "非該当のときは空欄にしてください。"
        self.fields["valid_to"].help_text = "非該当のときは空欄にしてください。"

    def clean_decided_on(self) -> dt.date:
        decided_on: dt.date = self.cleaned_data["decided_on"]
        if decided_on > timezone.localdate():
            raise forms.ValidationError("認定日は今日より後にできません。")
        return decided_on


# ---------------------------------------------------------------------------- 児童手当の支払月

MONTH_FORMAT = "%Y-%m"


class PaymentRunForm(forms.Form):
    """支払月の支払 (児童手当法 第8条第4項): the 支払月 and the day the bank pays. Whether the
    month is a 支払月 is the service's business (`child_allowance_payment_run`)."""

    payment_month = forms.DateField(
        label="支払月",
        input_formats=[MONTH_FORMAT],
        widget=forms.DateInput(attrs={"type": "month"}, format=MONTH_FORMAT),
        error_messages={
            "required": "支払月を入力してください。",
            "invalid": "支払月を正しく入力してください（例: 2026-06）。",
        },
    )
    paid_on = _date_field("支払日")

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="run")
        self.fields["payment_month"].help_text = "偶数月（2月・4月・6月・8月・10月・12月）です。"
        self.fields[
            "paid_on"
        ].help_text = "口座に振り込まれる日です。支払月の中の日にしてください。"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        month, paid_on = cleaned.get("payment_month"), cleaned.get("paid_on")
        if (
            month is not None
            and paid_on is not None
            and (paid_on.year, paid_on.month)
            != (
                month.year,
                month.month,
            )
        ):
            self.add_error("paid_on", "支払日は支払月の中の日にしてください。")
        return cleaned
