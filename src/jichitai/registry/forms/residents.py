"""Forms on one record: 氏名・旧氏・通称・個人番号の変更, 職権修正・誤記修正 (two steps),
異動の取消し and the purpose asked before showing the 個人番号."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils import timezone

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
    ForeignCategory,
    RemarkKind,
    Resident,
    ResidentType,
)
from jichitai.registry.services.amendments import CORRECTABLE_FIELDS, MINOR_CORRECTION_KINDS


class NameChangeForm(ChangeForm):
    """氏名の変更."""

    name = text_field("新しい氏名", max_length=resident_field_max("name"), required=True)
    name_kana = text_field(
        "新しい氏名の振り仮名",
        max_length=resident_field_max("name_kana"),
        required=False,
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
    former_surname_kana_confirmed = forms.BooleanField(
        label="旧氏の振り仮名を本人に確認した", required=False, initial=True
    )
    field_order = (
        "former_surname",
        "former_surname_kana",
        "former_surname_kana_confirmed",
        "effective_on",
        "notified_on",
    )

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
    alias_kana_confirmed = forms.BooleanField(
        label="通称の振り仮名を本人に確認した", required=False, initial=True
    )
    field_order = ("alias", "alias_kana", "alias_kana_confirmed", "effective_on", "offered_on")
    # 通称 is recorded and deleted on 申出 (令第30条の26), so the history keeps its 申出日
    # (doc/j200.txt §1.2.1) and marks it 申出による (§4.2.0.5).
    fixed_basis = ChangeBasis.OFFER

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["notified_on"]
        self.fields["offered_on"].required = True
        self.fields["offered_on"].help_text = f"通称の記載・削除の申出を受けた日。{DATE_HELP}"


class NaturalisationForm(ChangeForm):
    """帰化・国籍取得 (§4.5.3, §4.5.4): the 日本人住民票's own items, from the 戸籍."""

    kind = forms.ChoiceField(
        label="事由",
        choices=[("naturalisation", "帰化"), ("acquisition", "国籍取得")],
        widget=forms.RadioSelect,
        initial="naturalisation",
    )
    name = text_field("氏名（戸籍の氏名）", max_length=resident_field_max("name"), required=True)
    name_kana = text_field(
        "氏名の振り仮名",
        max_length=resident_field_max("name_kana"),
        required=False,
        help_text="カタカナ（ひらがなでも可）。氏と名の間は空白",
    )
    domicile = text_field("本籍", max_length=resident_field_max("domicile"), required=True)
    domicile_head = text_field(
        "筆頭者", max_length=resident_field_max("domicile_head"), required=True
    )
    field_order = (
        "kind",
        "name",
        "name_kana",
        "domicile",
        "domicile_head",
        "effective_on",
        "notified_on",
    )


class NationalityLossForm(ChangeForm):
    """国籍喪失 (§4.5.5): the 外国人住民票's own items (第30条の45)."""

    nationality = text_field(
        "国籍・地域", max_length=resident_field_max("nationality"), required=True
    )
    foreign_category = forms.ChoiceField(
        label="法第30条の45に規定する区分",
        choices=[("", "選択してください"), *ForeignCategory.choices],
    )
    residence_status = text_field("在留資格", max_length=resident_field_max("residence_status"))
    period_of_stay = text_field("在留期間", max_length=resident_field_max("period_of_stay"))
    stay_expires_on = DateTextField(label="在留期間の満了の日", required=False)
    residence_card_number = text_field(
        "在留カード等の番号", max_length=resident_field_max("residence_card_number")
    )
    name_alphabet = text_field(
        "氏名（アルファベット）", max_length=resident_field_max("name_alphabet")
    )
    field_order = (
        "nationality",
        "foreign_category",
        "residence_status",
        "period_of_stay",
        "stay_expires_on",
        "residence_card_number",
        "name_alphabet",
        "effective_on",
        "notified_on",
    )


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
    kind = forms.ChoiceField(
        label="区分",
        choices=[
            (ChangeType.MY_NUMBER_CHANGE.value, "変更（本人の請求）"),
            (
                ChangeType.MY_NUMBER_EX_OFFICIO_CORRECTION.value,
                "職権修正（誤記の修正：施行令第12条第3項）",
            ),
            (ChangeType.MY_NUMBER_EX_OFFICIO_ENTRY.value, "職権記載（記載漏れ）"),
        ],
        initial=ChangeType.MY_NUMBER_CHANGE.value,
        required=False,
        widget=forms.RadioSelect,
    )
    field_order = ("my_number", "kind", "effective_on", "notified_on")

    def clean_kind(self) -> ChangeType:
        return ChangeType(self.cleaned_data["kind"] or ChangeType.MY_NUMBER_CHANGE)

    def clean_my_number(self) -> str:
        return "".join(normalize_width(self.cleaned_data["my_number"]).split())


class ResidentCodeChangeForm(ChangeForm):
    """住民票コードの変更請求: the new code is drawn from the 空きコード, so only the dates are asked."""

    field_order = ("effective_on", "notified_on")


class MyNumberRequestForm(ChangeForm):
    """個人番号の生成・変更要求 (住基ネット経由): the number comes from 住基ネット, not typed."""

    reason = forms.ChoiceField(
        label="要求の区分",
        choices=[
            ("designate", "指定（個人番号が記載されていない住民：出生など）"),
            ("change_on_request", "変更（本人の請求：番号法第7条第2項）"),
            ("change_ex_officio", "職権による変更（漏えいして不正に用いられるおそれがあるとき）"),
        ],
        widget=forms.RadioSelect,
    )
    field_order = ("reason", "effective_on", "notified_on")


CORRECTION_CHOICES = [
    (ChangeType.CLERICAL_CORRECTION.value, "誤記修正（記載の誤りを正す）"),
    (ChangeType.EX_OFFICIO_CORRECTION.value, "職権修正（届出によらず事実に合わせる）"),
    (
        ChangeType.MINOR_CORRECTION.value,
        "軽微な修正（常用漢字への置換え、町字・地番・住居表示の変更など）",
    ),
]
# The order in which the items are offered, as on the resident page.
CORRECTION_ORDER = [f.name for f in Resident._meta.concrete_fields if f.name in CORRECTABLE_FIELDS]


_FOREIGN_ONLY = frozenset(PersonForm.FOREIGN)
_JAPANESE_ONLY = frozenset({"former_surname", "former_surname_kana", "domicile", "domicile_head"})
_CLOSED_ONLY = frozenset({"removed_on", "moving_to_address", "moving_to_postal_code"})


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
        if not resident.is_closed and resident.planned_removal_on is None:
            # 転出先 and 転出予定日 exist on a 除票, and on a record with a planned 転出.
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
    minor_kind = forms.ChoiceField(
        label="軽微な修正の事由",
        choices=[("", "（軽微な修正のときに選ぶ）"), *((k, k) for k in MINOR_CORRECTION_KINDS)],
        required=False,
        help_text="規則第11条第3項第2号に掲げる事由",
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

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        minor = cleaned.get("change_type") == ChangeType.MINOR_CORRECTION.value
        if minor and not cleaned.get("minor_kind"):
            self.add_error("minor_kind", "軽微な修正の事由を選んでください。")
        elif not minor:
            cleaned["minor_kind"] = ""
        return cleaned

    def note(self) -> str:
        """The reason kept with the change; a 軽微な修正 opens with its 事由 (§4.2.3.2)."""
        reason: str = self.cleaned_data["reason"]
        kind = self.cleaned_data.get("minor_kind")
        return f"{kind}：{reason}" if kind else reason

    def updates(self) -> dict[str, Any]:
        values = {}
        for name in self.items:
            value = self.cleaned_data[f"item_{name}"]
            if value is None and concrete_field(Resident, name).get_internal_type() != "DateField":
                value = ""
            values[name] = value
        return values


class CancelForm(RegistryForm):
    """異動の取消し: for whom (全部又は一部, doc/j980.txt §4.6.0.1), why, and whether on the
    person's 申出 with its 申出日 (§4.6.1.1)."""

    error_aliases = {"resident_ids": "people"}

    people = forms.MultipleChoiceField(
        label="取り消す人",
        widget=forms.CheckboxSelectMultiple,
        help_text="この異動の対象者のうち、取り消す人を選びます",
        error_messages={"required": "取り消す人を1人以上選んでください。"},
    )
    reason = text_field(
        "取消しの理由", max_length=200, required=True, help_text="例：届出人からの取下げ、入力誤り"
    )
    on_request = forms.BooleanField(label="本人等の申出による取消し", required=False)
    offered_on = DateTextField(
        label="申出日",
        required=False,
        help_text="申出による取消しの場合。空欄なら今日（例：令和8年4月7日、R8.4.7）",
    )

    def __init__(self, *args: Any, people: Sequence[Resident], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["people"])
        field.choices = [(str(p.pk), p.name) for p in people]
        field.initial = [str(p.pk) for p in people]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # 申出日 defaults to today (§4.2.0.5); it means nothing without the 申出.
        if not cleaned.get("on_request"):
            cleaned["offered_on"] = None
        elif cleaned.get("offered_on") is None:
            cleaned["offered_on"] = timezone.localdate()
        return cleaned

    def people_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("people", [])]


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
