"""The parts every form of the register shares: date fields that read 和暦, RegistryForm
(「必須」 messages that name the item), ChangeForm (異動日, 届出日, note), AddressFields and
add_domain_error, which puts a service's error next to the field it names."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from jichitai.common.exceptions import DomainError, InvalidInput
from jichitai.common.model_fields import column_max_length, concrete_field
from jichitai.common.partial_dates import PartialDate, parse_birth_date_input
from jichitai.common.postal import normalize_postal_code
from jichitai.common.text import TextValidator
from jichitai.common.wareki import parse_date_input, to_wareki
from jichitai.registry.models import ChangeBasis, Resident
from jichitai.registry.services import Address, ChangeCircumstances

DATE_HELP = "例：令和8年4月7日、R8.4.7、2026-04-07"
RELATIONSHIP_HELP = (
    "標準の表記で：世帯主、妻、夫、子、子の妻、父、母、兄、父の父、縁故者、同居人 など"
)


def resident_field_max(name: str) -> int:
    """The column's max_length, so a form never accepts more than the record holds."""
    return column_max_length(Resident, name)


def resident_field_label(name: str) -> str:
    """The item's name on the 住民票 (the model field's verbose_name)."""
    return str(concrete_field(Resident, name).verbose_name)


def date_text(value: dt.date | None) -> str:
    """How a date is put back into a text box: 和暦, as clerks write it."""
    if value is None:
        return ""
    try:
        return to_wareki(value).format()
    except InvalidInput:
        return value.isoformat()


class DateTextInput(forms.TextInput):
    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return date_text(value)
        formatted: str | None = super().format_value(value)
        return formatted


class DateTextField(forms.Field):
    """A date as people write it: 令和8年4月7日, R8.4.7, 2026-04-07, 2026/4/7, 20260407."""

    widget = DateTextInput(attrs={"class": "jt-input--short", "autocomplete": "off"})

    def __init__(self, *, help_text: str = DATE_HELP, **kwargs: Any) -> None:
        super().__init__(help_text=help_text, **kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return parse_date_input(text)
        except InvalidInput as error:
            raise ValidationError(error.detail, code=error.code) from None


BIRTH_DATE_HELP = (
    f"{DATE_HELP}。不明な部分があれば「昭和20年 月日不詳」「年月日不詳」など不詳日の形式で"
)


class BirthDateField(forms.Field):
    """生年月日 (doc/j80.txt §1.1.8): a date, or a 不詳日 / 暦上日以外の年月日 kept as written
    (a PartialDate): the 戸籍 may know the date only in part, and no day is invented for it."""

    widget = DateTextInput(attrs={"class": "jt-input--short", "autocomplete": "off"})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(help_text=BIRTH_DATE_HELP, **kwargs)

    def to_python(self, value: Any) -> dt.date | PartialDate | None:
        if isinstance(value, dt.date | PartialDate):
            return value
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return parse_birth_date_input(text)
        except InvalidInput as error:
            raise ValidationError(error.detail, code=error.code) from None


def text_field(
    label: str, *, max_length: int, required: bool = False, **kwargs: Any
) -> forms.CharField:
    """A text item: bounded, and keeping to the one text rule the API applies too
    (common.text: no control or bidirectional formatting characters)."""
    multiline = isinstance(kwargs.get("widget"), forms.Textarea)
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=[TextValidator(multiline=multiline)],
        **kwargs,
    )


def add_domain_error(
    form: forms.BaseForm, error: DomainError, aliases: dict[str, str] | None = None
) -> None:
    """A service's error on the form: each FieldError next to the field its pointer names
    (`/effective_on`, through `aliases` and the form's `error_aliases`; `/relationships/<id>`
    goes to that member's 続柄), anything else at the top."""
    names = {**getattr(form, "error_aliases", {}), **(aliases or {})}
    if not error.errors:
        form.add_error(None, error.detail)
        return
    for field_error in error.errors:
        tokens = field_error.tokens
        name = names.get(tokens[0], tokens[0]) if len(tokens) == 1 else ""
        if len(tokens) == 2:
            name = f"relationship_{tokens[1]}"
        form.add_error(name if name in form.fields else None, field_error.message)


class RegistryForm(forms.Form):
    """A form whose 「必須」 messages name the item: 「氏名を入力してください。」."""

    def full_clean(self) -> None:
        generic = forms.Field.default_error_messages["required"]
        for field in self.fields.values():
            if field.error_messages.get("required") != generic:
                continue
            choosing = isinstance(field.widget, forms.Select | forms.RadioSelect)
            verb = "選んでください" if choosing else "入力してください"
            field.error_messages["required"] = f"{field.label}を{verb}。"
        super().full_clean()


Workplace = tuple[int | None, int | None]  # (入力場所, 入力端末) of the staff session
NO_WORKPLACE: Workplace = (None, None)


class ChangeForm(RegistryForm):
    """What every 異動 asks: 異動日, 届出日, 届出 or 職権 (and the 申出日), and a note.

    異動日 starts blank (doc/j480.txt §4.0.3: 「異動日は、初期表示としては空欄とすること」);
    届出日 and 申出日 start at today (§4.1.0.2, §4.2.0.5). A change made 職権 has no 届出日
    (§4.2.0.2), so the one typed is dropped when 職権 is chosen."""

    effective_on = DateTextField(label="異動日")
    notified_on = DateTextField(label="届出日", required=False)
    basis = forms.ChoiceField(
        label="届出・職権の別",
        choices=ChangeBasis.choices,
        initial=ChangeBasis.NOTIFICATION,
        required=False,
        widget=forms.RadioSelect,
        help_text="届出がないときは「職権」、本人等の申出を受けて行うときは「申出による職権」",
    )
    offered_on = DateTextField(
        label="申出日", required=False, help_text=f"申出による職権のとき。{DATE_HELP}"
    )
    notifier_name = text_field(
        "届出人氏名",
        max_length=100,
        help_text="異動者以外の人（代理人など）が届け出たとき。住民異動届受理通知に記載します",
    )
    note = text_field("留意事項", max_length=200, help_text="記録に残す補足（任意）")

    error_aliases: dict[str, str] = {}
    # A change that always rests on one basis (通称: 申出) asks for none.
    fixed_basis: ChangeBasis | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        for name in ("notified_on", "offered_on"):
            if name in self.fields:
                self.fields[name].initial = today
        if self.fixed_basis is not None:
            del self.fields["basis"]

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        basis = self.fixed_basis or cleaned.get("basis") or ChangeBasis.NOTIFICATION
        cleaned["basis"] = basis
        if basis != ChangeBasis.NOTIFICATION:
            cleaned["notified_on"] = None
        if basis != ChangeBasis.OFFER:
            cleaned["offered_on"] = None
        elif "offered_on" in self.fields and cleaned.get("offered_on") is None:
            self.add_error("offered_on", "申出による職権では申出日を入力してください。")
        return cleaned

    def circumstances(self, workplace: Workplace = NO_WORKPLACE) -> ChangeCircumstances:
        data = self.cleaned_data
        return ChangeCircumstances(
            basis=ChangeBasis(data.get("basis") or ChangeBasis.NOTIFICATION),
            offered_on=data.get("offered_on"),
            input_place_id=workplace[0],
            input_terminal_id=workplace[1],
            notifier_name=data.get("notifier_name") or "",
        )

    def dates(self, workplace: Workplace = NO_WORKPLACE) -> dict[str, Any]:
        return {
            "effective_on": self.cleaned_data["effective_on"],
            "notified_on": self.cleaned_data.get("notified_on"),
            "note": self.cleaned_data["note"],
            "circumstances": self.circumstances(workplace),
        }


class PostalCodeField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label="郵便番号",
            max_length=10,
            required=False,
            help_text="例：376-0101",
            widget=forms.TextInput(
                attrs={
                    "class": "jt-input--code",
                    "inputmode": "numeric",
                    "autocomplete": "off",
                    "data-jt-postal": "",
                }
            ),
            **kwargs,
        )

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        try:
            return normalize_postal_code(text)
        except InvalidInput as error:
            raise ValidationError(error.detail, code=error.code) from None


class AddressFields(RegistryForm):
    """住所 (with 方書 and 郵便番号) of a 転入 or 転居."""

    # data-jt-*: the 住所辞書, 方書 and 本籍 aids of static/jichitai/js/address-aid.js
    # (§1.3.3, §4.0.6, §4.0.7); without the script the boxes are typed as before.
    postal_code = PostalCodeField()
    address = text_field(
        "住所",
        max_length=resident_field_max("address"),
        required=True,
        widget=forms.TextInput(attrs={"data-jt-address": "", "data-jt-domicile-source": "現住所"}),
    )
    address_extra = text_field(
        "方書",
        max_length=resident_field_max("address_extra"),
        widget=forms.TextInput(attrs={"data-jt-buildings": "", "autocomplete": "off"}),
    )

    def address_value(self) -> Address:
        return Address(
            address=self.cleaned_data["address"],
            address_extra=self.cleaned_data["address_extra"],
            postal_code=self.cleaned_data["postal_code"],
        )
