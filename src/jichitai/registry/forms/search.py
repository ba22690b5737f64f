"""住民検索 and 時点照会 (as-of) forms."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django import forms

from jichitai.common.kana import normalize_width
from jichitai.common.model_fields import column_max_length
from jichitai.registry.forms.common import (
    DATE_HELP,
    DateTextField,
    RegistryForm,
    date_text,
    resident_field_label,
    resident_field_max,
    text_field,
)
from jichitai.registry.models import Household, Sex
from jichitai.registry.selectors import BLANK_SEARCH_ITEMS, ResidentQuery, SearchMatch
from jichitai.registry.services.removals import REMOVAL_TYPES

REMOVAL_REASON_CHOICES = [(str(kind.value), str(kind.label)) for kind in REMOVAL_TYPES]

_CODE_INPUT = {"class": "jt-input--code", "autocomplete": "off"}
MATCH_CHOICES = [
    (SearchMatch.PREFIX.value, "前方一致"),
    (SearchMatch.EXACT.value, "完全一致"),
    (SearchMatch.PARTIAL.value, "部分一致（全件を調べるため時間がかかります）"),
]


class SearchForm(RegistryForm):
    """住民検索: every key given must match; none given means no query at all."""

    name = text_field(
        "氏名または振り仮名",
        max_length=100,
        help_text="氏・名・通称・旧氏のどれでも。ひらがな・カタカナどちらでも、濁点・長音の違いは無視",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    match = forms.ChoiceField(
        label="氏名の一致の方法",
        choices=MATCH_CHOICES,
        initial=SearchMatch.PREFIX,
        required=False,
    )
    birth = DateTextField(label="生年月日", required=False)
    address = text_field(
        "住所", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    resident_code = text_field(
        "住民票コード",
        max_length=11,
        help_text="半角数字11桁",
        widget=forms.TextInput(
            attrs={"class": "jt-input--code", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )
    my_number = text_field(
        "個人番号",
        max_length=12,
        help_text="半角数字12桁",
        widget=forms.TextInput(
            attrs={"class": "jt-input--code", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )
    atena_number = text_field(
        resident_field_label("atena_number"),
        max_length=resident_field_max("atena_number"),
        help_text="半角数字",
        widget=forms.TextInput(attrs={**_CODE_INPUT, "inputmode": "numeric"}),
    )
    household_number = text_field(
        "世帯番号",
        max_length=column_max_length(Household, "household_number"),
        help_text="半角数字",
        widget=forms.TextInput(attrs={**_CODE_INPUT, "inputmode": "numeric"}),
    )
    sex = forms.ChoiceField(
        label=resident_field_label("sex"),
        choices=[("", "指定しない"), *Sex.choices],
        required=False,
    )
    residence_card_number = text_field(
        resident_field_label("residence_card_number"),
        max_length=resident_field_max("residence_card_number"),
        help_text="英数字12桁（在留カード・特別永住者証明書）",
        widget=forms.TextInput(attrs=_CODE_INPUT),
    )
    relationship = text_field(
        resident_field_label("relationship"),
        max_length=resident_field_max("relationship"),
        help_text="完全一致（例：妻）",
    )
    address_extra = text_field(
        resident_field_label("address_extra"),
        max_length=resident_field_max("address_extra"),
        help_text="一部分でも可",
    )
    removal_reason = forms.ChoiceField(
        label=resident_field_label("removal_reason"),
        choices=[("", "指定しない"), *REMOVAL_REASON_CHOICES],
        required=False,
        help_text="選ぶと除票から検索します",
    )
    blank = forms.ChoiceField(
        label="空白の項目で検索",
        choices=[("", "指定しない"), *BLANK_SEARCH_ITEMS.items()],
        required=False,
        help_text="選んだ項目が空白（未設定）の人を検索します",
    )
    include_closed = forms.BooleanField(label="除票も検索する", required=False)
    include_past = forms.BooleanField(label="過去の氏名・住所も検索する", required=False)

    def query_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "match": data["match"] or SearchMatch.PREFIX,
            "birth": data["birth"].isoformat() if data["birth"] else "",
            "address": data["address"],
            "resident_code": normalize_width(data["resident_code"]),
            "my_number": normalize_width(data["my_number"]),
            "atena_number": data["atena_number"],
            "household_number": data["household_number"],
            "sex": data["sex"],
            "residence_card_number": data["residence_card_number"],
            "relationship": data["relationship"],
            "address_extra": data["address_extra"],
            "removal_reason": data["removal_reason"],
            "blank": data["blank"],
            "include_closed": data["include_closed"],
            "include_past": data["include_past"],
        }


class AsOfForm(RegistryForm):
    """時点照会: a date is not personal data, so this form may use GET."""

    on = forms.CharField(
        label="時点の日付",
        required=False,
        max_length=30,
        help_text=DATE_HELP,
        widget=forms.TextInput(attrs={"class": "jt-input--short", "autocomplete": "off"}),
    )


def search_form_data(query: ResidentQuery) -> dict[str, Any]:
    """A kept search's conditions as the form's data (a 検索履歴 put back into the fields)."""
    return {
        field.name: ("on" if value is True else value)
        for field in dataclasses.fields(query)
        if (value := getattr(query, field.name)) not in ("", False)
    }


def search_condition_text(name: str, value: str | bool) -> str:
    """One condition as shown in the 検索履歴: 生年月日 in 和暦, choices by their label."""
    if name == "birth" and isinstance(value, str):
        return date_text(dt.date.fromisoformat(value))
    labels: dict[str, dict[str, str]] = {
        "match": dict(MATCH_CHOICES),
        "sex": {str(k): str(v) for k, v in Sex.choices},
        "removal_reason": dict(REMOVAL_REASON_CHOICES),
        "blank": BLANK_SEARCH_ITEMS,
    }
    if name in labels:
        return labels[name].get(str(value), str(value))
    return str(value)


class CharactersForm(RegistryForm):
    """文字コード照会 (§2.2.3): characters typed or pasted, shown enlarged with their codes."""

    text = text_field(
        "照会する文字",
        max_length=100,
        required=True,
        help_text="氏名などの文字を入力又は貼り付けてください（最大100文字）",
        widget=forms.TextInput(attrs={"class": "jt-registry-large-input", "autocomplete": "off"}),
    )
