"""Forms on one record: 氏名・旧氏・通称・個人番号の変更, 職権修正・誤記修正 (two steps),
異動の取消し and the purpose asked before showing the 個人番号."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, cast

from django import forms

from jichitai.common.kana import normalize_width
from jichitai.common.model_fields import column_max_length, concrete_field
from jichitai.registry.forms.common import (
    DATE_HELP,
    NO_WORKPLACE,
    ChangeForm,
    DateTextField,
    RegistryForm,
    Workplace,
    resident_field_label,
    resident_field_max,
    text_field,
)
from jichitai.registry.forms.people import (
    FAMILY_REGISTER_DATE_HELP,
    FAMILY_REGISTER_DATE_LABEL,
    PersonForm,
)
from jichitai.registry.models import (
    MEMO_MAX_LENGTH,
    REMARK_MAX_LENGTH,
    ChangeBasis,
    ChangeType,
    RemarkKind,
    Resident,
    ResidentType,
)
from jichitai.registry.services.amendments import CORRECTABLE_FIELDS


class NameChangeForm(ChangeForm):
    """氏名の変更."""

    name = text_field("新しい氏名", max_length=resident_field_max("name"), required=True)
    name_kana = text_field(
        "新しい氏名の振り仮名",
        max_length=resident_field_max("name_kana"),
        required=True,
        help_text="カタカナ（ひらがなでも可）。氏と名の間は空白",
    )
    name_kana_confirmed = forms.BooleanField(
        label="振り仮名を本人に確認した", required=False, initial=True
    )
    field_order = ("name", "name_kana", "name_kana_confirmed", "effective_on", "notified_on")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # 氏名の変更 follows a 戸籍届出 (婚姻, 離婚 …) or the 本籍地's notice: §4.2.0.4.
        super().__init__(*args, **kwargs)
        self.fields["notified_on"].label = FAMILY_REGISTER_DATE_LABEL
        self.fields["notified_on"].help_text = FAMILY_REGISTER_DATE_HELP


class FormerSurnameForm(ChangeForm):
    """旧氏の記載・変更・削除 (both empty: delete)."""

    former_surname = text_field(
        "旧氏",
        max_length=resident_field_max("former_surname"),
        help_text="空欄にすると旧氏を削除します",
    )
    former_surname_kana = text_field(
        "旧氏の振り仮名", max_length=resident_field_max("former_surname_kana")
    )
    field_order = ("former_surname", "former_surname_kana", "effective_on", "notified_on")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # 旧氏 is recorded on 請求 (doc/j70.txt §1.1.7); its history keeps the 請求日, not a
        # 届出日 (doc/j200.txt §1.2.1: 「請求日（「旧氏の記載・変更・削除」…の場合に限る。）」).
        super().__init__(*args, **kwargs)
        del self.fields["basis"], self.fields["offered_on"]
        self.fields["notified_on"].label = "請求日"
        self.fields["notified_on"].help_text = f"旧氏の記載等の請求を受けた日。{DATE_HELP}"

    def dates(self, workplace: Workplace = NO_WORKPLACE) -> dict[str, Any]:
        values = super().dates(workplace)
        values["circumstances"] = dataclasses.replace(
            values["circumstances"], requested_on=values["notified_on"]
        )
        values["notified_on"] = None
        return values


class AliasForm(ChangeForm):
    """通称の記載・削除 (外国人住民; both empty: delete)."""

    alias = text_field(
        "通称", max_length=resident_field_max("alias"), help_text="空欄にすると通称を削除します"
    )
    alias_kana = text_field("通称の振り仮名", max_length=resident_field_max("alias_kana"))
    field_order = ("alias", "alias_kana", "effective_on", "offered_on")
    # 通称 is recorded and deleted on 申出 (令第30条の26), so the history keeps its 申出日
    # (doc/j200.txt §1.2.1) and marks it 申出による (§4.2.0.5).
    fixed_basis = ChangeBasis.OFFER

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["notified_on"]
        self.fields["offered_on"].required = True
        self.fields["offered_on"].help_text = f"通称の記載・削除の申出を受けた日。{DATE_HELP}"


class MyNumberChangeForm(ChangeForm):
    """個人番号の変更."""

    my_number = text_field(
        "新しい個人番号",
        max_length=14,
        required=True,
        help_text="半角数字12桁",
        widget=forms.TextInput(
            attrs={"class": "jt-input--code", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )
    field_order = ("my_number", "effective_on", "notified_on")

    def clean_my_number(self) -> str:
        return "".join(normalize_width(self.cleaned_data["my_number"]).split())


CORRECTION_CHOICES = [
    (ChangeType.CLERICAL_CORRECTION.value, "誤記修正（記載の誤りを正す）"),
    (ChangeType.EX_OFFICIO_CORRECTION.value, "職権修正（届出によらず事実に合わせる）"),
]
# The order in which the items are offered, as on the resident page.
CORRECTION_ORDER = [f.name for f in Resident._meta.concrete_fields if f.name in CORRECTABLE_FIELDS]


_FOREIGN_ONLY = frozenset(PersonForm.FOREIGN)
_JAPANESE_ONLY = frozenset({"former_surname", "former_surname_kana", "domicile", "domicile_head"})
_CLOSED_ONLY = frozenset({"removed_on", "moving_to_address"})


class CorrectionChoiceForm(RegistryForm):
    """修正する項目を選ぶ (step 1 of a correction; GET: item names are not personal data).
    Only the items this record can hold are offered (no 旧氏 for a 外国人住民, …)."""

    items = forms.MultipleChoiceField(
        label="修正する項目",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "修正する項目を1つ以上選んでください。"},
    )

    def __init__(self, *args: Any, resident: Resident, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        excluded = (
            _JAPANESE_ONLY if resident.resident_type == ResidentType.FOREIGN else _FOREIGN_ONLY
        )
        if not resident.is_closed:
            excluded = excluded | _CLOSED_ONLY
        cast(forms.MultipleChoiceField, self.fields["items"]).choices = [
            (name, resident_field_label(name)) for name in CORRECTION_ORDER if name not in excluded
        ]


class CorrectionForm(RegistryForm):
    """職権修正・誤記修正 (step 2): the chosen items, prefilled with the record's values."""

    change_type = forms.ChoiceField(
        label="修正の種類", choices=CORRECTION_CHOICES, widget=forms.RadioSelect
    )
    reason = text_field(
        "修正の理由",
        max_length=200,
        required=True,
        help_text="例：戸籍の附票との照合により判明した誤記",
    )
    effective_on = DateTextField(
        label="修正日", required=False, help_text=f"空欄なら本日。{DATE_HELP}"
    )

    def __init__(self, *args: Any, items: Sequence[str], resident: Resident, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = [name for name in CORRECTION_ORDER if name in items]
        for name in self.items:
            model_field = concrete_field(Resident, name)
            # Items the record cannot be without (氏名, 生年月日…) stay required here, so a
            # correction can never empty them.
            required = not model_field.blank
            field: forms.Field
            if model_field.get_internal_type() == "DateField":
                field = DateTextField(label=resident_field_label(name), required=required)
            elif model_field.get_internal_type() == "BooleanField":
                field = forms.BooleanField(label=resident_field_label(name), required=False)
            elif model_field.choices:
                empty = [] if required else [("", "記載なし")]
                field = forms.ChoiceField(
                    label=resident_field_label(name),
                    choices=[*empty, *model_field.choices],
                    required=required,
                )
            else:
                field = text_field(
                    resident_field_label(name),
                    max_length=column_max_length(Resident, name),
                    required=required,
                )
            field.initial = getattr(resident, name)
            self.fields[f"item_{name}"] = field
            self.fields[f"item_{name}"].help_text = "修正後の内容"
        self.error_aliases = {name: f"item_{name}" for name in self.items}

    def item_fields(self) -> list[forms.BoundField]:
        return [self[f"item_{name}"] for name in self.items]

    def updates(self) -> dict[str, Any]:
        values = {}
        for name in self.items:
            value = self.cleaned_data[f"item_{name}"]
            if value is None and concrete_field(Resident, name).get_internal_type() != "DateField":
                value = ""
            values[name] = value
        return values


class CancelForm(RegistryForm):
    """異動の取消し."""

    reason = text_field(
        "取消しの理由", max_length=200, required=True, help_text="例：届出人からの取下げ、入力誤り"
    )


class RevealForm(RegistryForm):
    """個人番号の表示: the 事務 it is needed for (番号法 第9条), kept in the audit log."""

    purpose = text_field(
        "利用目的（事務）",
        max_length=100,
        required=True,
        help_text="例：住民基本台帳事務（個人番号カードの交付）",
    )


class MemoForm(RegistryForm):
    """メモ (§1.1.15): free text on one person, never printed."""

    text = text_field(
        "メモ",
        max_length=MEMO_MAX_LENGTH,
        required=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="職員間の引継ぎなど。証明書には記載されません",
    )
    error_aliases = {"text": "text"}


class RemarkForm(RegistryForm):
    """備考（Ｃ類型） or the 事実上の世帯主 (§1.1.14, §4.1.4.3)."""

    kind = forms.ChoiceField(
        label="種類", choices=RemarkKind.choices, initial=RemarkKind.FREE, widget=forms.RadioSelect
    )
    text = text_field(
        "内容",
        max_length=REMARK_MAX_LENGTH,
        help_text="自由記載の備考、又は事実上の世帯主の氏名。特別養子縁組・その解消では入力不要"
        "（定型の文言を記載）",
    )
