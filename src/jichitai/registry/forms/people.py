"""Forms that enter people: one person (PersonForm), the people of a 転入届, 出生届, and the
転入 from 転出証明書情報."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.utils import timezone

from jichitai.common.kana import normalize_width
from jichitai.common.partial_dates import PartialDate
from jichitai.registry.forms.common import (
    RELATIONSHIP_HELP,
    AddressFields,
    BirthDateField,
    ChangeForm,
    DateTextField,
    RegistryForm,
    resident_field_label,
    resident_field_max,
    text_field,
)
from jichitai.registry.inputs import PersonData
from jichitai.registry.models import (
    DOMICILE_NONE,
    DOMICILE_UNKNOWN,
    ChangeType,
    ForeignCategory,
    Resident,
    ResidentType,
    Sex,
)

# 本籍・筆頭者 「なし」 or 「不明」 (doc/j120.txt §1.1.12) as choices, not typed text.
DOMICILE_STATE_CHOICES = [
    ("stated", "本籍を記載する"),
    ("none", DOMICILE_NONE),
    ("unknown", DOMICILE_UNKNOWN),
]
DOMICILE_STATE_WORDS = {"none": DOMICILE_NONE, "unknown": DOMICILE_UNKNOWN}


class PersonForm(RegistryForm):
    """One person of a 転入届 or 出生届 (基本4情報 and the other items of §1.1.1 / §1.1.2)."""

    person_label = ""  # 「1人目（世帯主）」…, set by the formset, shown in legends and errors

    name = text_field(
        resident_field_label("name"), max_length=resident_field_max("name"), required=False
    )
    # 空欄 (doc/j60.txt §1.1.6): 氏名 and its 振り仮名 are not among the items that may not
    # be blank (a child whose 名 is not yet decided).
    name_kana = text_field(
        resident_field_label("name_kana"),
        max_length=resident_field_max("name_kana"),
        required=False,
        help_text="カタカナ（ひらがなでも可）。氏と名の間は空白",
    )
    name_kana_confirmed = forms.BooleanField(label="振り仮名を本人に確認した", required=False)
    birth_date: forms.Field = BirthDateField(label=resident_field_label("birth_date"))
    sex = forms.ChoiceField(
        label=resident_field_label("sex"), choices=Sex.choices, widget=forms.RadioSelect
    )
    relationship = text_field(
        "世帯主との続柄",
        max_length=resident_field_max("relationship"),
        required=True,
        help_text=RELATIONSHIP_HELP,
    )
    resident_type = forms.ChoiceField(
        label=resident_field_label("resident_type"),
        choices=ResidentType.choices,
        initial=ResidentType.JAPANESE,
        widget=forms.RadioSelect,
    )
    resident_code = text_field(
        resident_field_label("resident_code"),
        max_length=11,
        help_text="国内転入では転出証明書の住民票コード。空欄なら新たに付番",
        widget=forms.TextInput(attrs={"class": "jt-input--code", "inputmode": "numeric"}),
    )
    my_number = text_field(
        "個人番号",
        max_length=12,
        help_text="半角数字12桁（任意）",
        widget=forms.TextInput(
            attrs={"class": "jt-input--code", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )
    domicile_state = forms.ChoiceField(
        label="本籍・筆頭者の記載",
        choices=DOMICILE_STATE_CHOICES,
        initial="stated",
        required=False,
        widget=forms.RadioSelect,
        help_text="本籍がない又は分からないときは「なし」「不明」を選びます（本籍・筆頭者欄に記載）",
    )
    domicile = text_field(
        resident_field_label("domicile"),
        max_length=resident_field_max("domicile"),
        # 本籍入力補助 (§4.0.6): the form's 住所, 転入前住所 and the others' 本籍 are offered.
        widget=forms.TextInput(
            attrs={"data-jt-domicile": "", "data-jt-dictionary": "", "autocomplete": "off"}
        ),
    )
    domicile_head = text_field(
        resident_field_label("domicile_head"), max_length=resident_field_max("domicile_head")
    )
    former_surname = text_field(
        resident_field_label("former_surname"), max_length=resident_field_max("former_surname")
    )
    former_surname_kana = text_field(
        resident_field_label("former_surname_kana"),
        max_length=resident_field_max("former_surname_kana"),
    )
    # フリガナ確認フラグ for 旧氏 and 通称 (doc/j180.txt §1.1.18).
    former_surname_kana_confirmed = forms.BooleanField(
        label="旧氏の振り仮名を本人に確認した", required=False
    )
    name_alphabet = text_field(
        resident_field_label("name_alphabet"), max_length=resident_field_max("name_alphabet")
    )
    nationality = text_field(
        resident_field_label("nationality"), max_length=resident_field_max("nationality")
    )
    foreign_category = forms.ChoiceField(
        label="区分（第30条の45）",
        choices=[("", "選択してください"), *ForeignCategory.choices],
        required=False,
    )
    residence_status = text_field(
        resident_field_label("residence_status"), max_length=resident_field_max("residence_status")
    )
    period_of_stay = text_field(
        resident_field_label("period_of_stay"), max_length=resident_field_max("period_of_stay")
    )
    stay_expires_on = DateTextField(label=resident_field_label("stay_expires_on"), required=False)
    residence_card_number = text_field(
        resident_field_label("residence_card_number"),
        max_length=resident_field_max("residence_card_number"),
    )
    alias = text_field(resident_field_label("alias"), max_length=resident_field_max("alias"))
    alias_kana = text_field(
        resident_field_label("alias_kana"), max_length=resident_field_max("alias_kana")
    )
    alias_kana_confirmed = forms.BooleanField(
        label="通称の振り仮名を本人に確認した", required=False
    )
    national_health_insurance = forms.BooleanField(label="国民健康保険", required=False)
    late_elderly_insurance = forms.BooleanField(label="後期高齢者医療", required=False)
    care_insurance = forms.BooleanField(label="介護保険", required=False)
    national_pension = forms.BooleanField(label="国民年金", required=False)
    child_allowance = forms.BooleanField(label="児童手当", required=False)
    # 再転入者の確認 (doc/j600.txt §4.1.1.2): shown only when 除票 share the person's 氏名・
    # 生年月日・性別 (`returner_candidates`, set by the view); a 除票's 宛名番号 or NOT_RETURNING.
    returner = forms.CharField(
        label="再転入者の確認",
        required=False,
        max_length=16,
        widget=forms.RadioSelect,
        help_text="氏名・生年月日・性別が一致する除票があります。同じ人なら、その除票の宛名番号と"
        "履歴を引き継いで記載します。",
    )

    NOT_RETURNING = "new"
    returner_candidates: Sequence[Resident] = ()  # set per instance by the view

    MAIN = (
        "name",
        "name_kana",
        "name_kana_confirmed",
        "birth_date",
        "sex",
        "relationship",
        "resident_type",
        "resident_code",
        "my_number",
        "domicile_state",
        "domicile",
        "domicile_head",
    )
    JAPANESE = ("former_surname", "former_surname_kana", "former_surname_kana_confirmed")
    FOREIGN = (
        "name_alphabet",
        "nationality",
        "foreign_category",
        "residence_status",
        "period_of_stay",
        "stay_expires_on",
        "residence_card_number",
        "alias",
        "alias_kana",
        "alias_kana_confirmed",
    )
    QUALIFICATIONS = (
        "national_health_insurance",
        "late_elderly_insurance",
        "care_insurance",
        "national_pension",
        "child_allowance",
    )

    def _group(self, names: Iterable[str]) -> list[forms.BoundField]:
        return [self[name] for name in names if name in self.fields]

    def main_fields(self) -> list[forms.BoundField]:
        return self._group(self.MAIN)

    def japanese_fields(self) -> list[forms.BoundField]:
        return self._group(self.JAPANESE)

    def foreign_fields(self) -> list[forms.BoundField]:
        return self._group(self.FOREIGN)

    def qualification_fields(self) -> list[forms.BoundField]:
        return self._group(self.QUALIFICATIONS)

    def group_open(self, names: Iterable[str]) -> bool:
        """A folded group opens when it holds an error or a value the clerk typed."""
        return any(
            self[name].value() or (self.is_bound and self[name].errors)
            for name in names
            if name in self.fields
        )

    @property
    def japanese_open(self) -> bool:
        return self.group_open(self.JAPANESE)

    @property
    def foreign_open(self) -> bool:
        return self.group_open(self.FOREIGN) or self["resident_type"].value() == "foreign"

    @property
    def qualifications_open(self) -> bool:
        return self.group_open(self.QUALIFICATIONS)

    # 取り込み (doc/j600.txt §4.1.1.2): the 除票's items the form takes over. Not the 続柄
    # (the new household decides it) nor the 個人番号, which is never shown and which the
    # service keeps from the 除票 when none is entered.
    NOT_IMPORTED = frozenset({"relationship", "my_number", "returner"})

    @classmethod
    def initial_from(cls, record: Resident) -> dict[str, Any]:
        """「除票の内容を取り込む」: the 除票's items as this form's initial values (a 不詳日
        as its text, never its sort day)."""
        return {
            name: getattr(record, name)
            for name in cls.base_fields
            if name not in cls.NOT_IMPORTED and hasattr(record, name)
        } | {
            "returner": record.atena_number,
            "birth_date": record.birth_date_text or record.birth_date,
        }

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        word = DOMICILE_STATE_WORDS.get(cleaned.get("domicile_state") or "")
        if word:
            # 「なし」/「不明」 chosen: both columns read the word, whatever was typed (§1.1.12).
            cleaned["domicile"] = cleaned["domicile_head"] = word
        return cleaned

    def person(self) -> PersonData:
        data = self.cleaned_data
        values = {f.name: data[f.name] for f in dataclasses.fields(PersonData) if f.name in data}
        values["my_number"] = normalize_width(values.get("my_number", ""))
        values["resident_code"] = normalize_width(values.get("resident_code", ""))
        born = data["birth_date"]
        if isinstance(born, PartialDate):
            # The entry derives the sort day from the text (services.entries.birth_date_resolved).
            values["birth_date"] = born.latest or timezone.localdate()
            values["birth_date_text"] = born.text
        answer = data.get("returner", "")
        values["not_returning"] = answer == self.NOT_RETURNING
        values["returning_atena_number"] = "" if answer == self.NOT_RETURNING else answer
        return PersonData(**values)


class BasePeopleFormSet(forms.BaseFormSet):
    """The people of a 転入届: the first is the 世帯主 unless the clerk says otherwise."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if isinstance(form, PersonForm) and index is not None:
            form.person_label = "1人目（世帯主）" if index == 0 else f"{index + 1}人目"

    def people(self) -> list[PersonData]:
        return [form.person() for form in self.forms if form.has_changed() and form.cleaned_data]


MAX_PEOPLE = 7  # 世帯主 and up to 6 世帯員 on one form; larger households add the rest by 職権記載


def people_formset(count: int) -> type[BasePeopleFormSet]:
    return forms.formset_factory(  # type: ignore[return-value]  # formset_factory is typed as returning the base class
        PersonForm,
        formset=BasePeopleFormSet,
        extra=max(count - 1, 0),
        min_num=1,
        validate_min=True,
        max_num=MAX_PEOPLE,
        validate_max=True,
    )


ENTRY_CHOICES = [
    (ChangeType.MOVE_IN.value, "国内転入（転出証明書・転入届）"),
    (ChangeType.MOVE_IN_FROM_ABROAD.value, "国外転入"),
    (ChangeType.ARTICLE_30_47.value, "法第30条の47届出（中長期在留者等となった外国人住民）"),
    (ChangeType.EX_OFFICIO_ENTRY.value, "職権記載"),
    (ChangeType.NATURALISATION_ENTRY.value, "職権記載（帰化：記録のなかった人）"),
    (ChangeType.NATIONALITY_ACQUISITION_ENTRY.value, "職権記載（国籍取得：記録のなかった人）"),
    (ChangeType.NATIONALITY_LOSS_ENTRY.value, "職権記載（国籍喪失：記録のなかった人）"),
]


class MoveInForm(ChangeForm, AddressFields):
    """転入届 (new household): how they came, when, where from and where to."""

    change_type = forms.ChoiceField(
        label="異動事由",
        choices=ENTRY_CHOICES,
        initial=ChangeType.MOVE_IN,
        widget=forms.RadioSelect,
    )
    previous_address = text_field(
        "転入前住所",
        max_length=resident_field_max("previous_address"),
        help_text="国外転入では国名・地域名。住所設定で前住所地が確定できないときは「不明」、"
        "前住所地がないときは空欄",
        widget=forms.TextInput(attrs={"data-jt-domicile-source": "転入前住所"}),
    )
    # 未届転入 (doc/j620.txt §4.1.1.4) and 最終登録住所地, a data item no 住民票 prints.
    unreported = forms.BooleanField(
        label="未届転入",
        required=False,
        help_text="転入前住所に未届の住所のうち直近のものを入力します。末尾に（未届）を付け、"
        "留意事項を記載します",
    )
    last_registered_address = text_field(
        "最終登録住所地",
        max_length=resident_field_max("last_registered_address"),
        help_text="住民票には記載しないデータ項目（任意）",
    )
    # 転出証明書 on paper (施行令 第23条): people who moved without the 特例転入.
    by_move_out_certificate = forms.BooleanField(
        label="転出証明書（紙）による転入",
        required=False,
        help_text="転出証明書の住所を転入前住所に、各人の住民票コード・個人番号を証明書のとおり入力します",
    )
    move_out_planned_on = DateTextField(label="転出予定年月日（転出証明書）", required=False)
    former_lg_code = forms.CharField(
        label="転出元の団体コード（転出証明書）",
        max_length=6,
        required=False,
        help_text="6桁。入力すると転出元に転入通知を送ります",
        widget=forms.TextInput(attrs={"class": "jt-input--code", "inputmode": "numeric"}),
    )

    field_order = (
        "change_type",
        "effective_on",
        "notified_on",
        "postal_code",
        "address",
        "address_extra",
        "previous_address",
        "unreported",
        "last_registered_address",
        "by_move_out_certificate",
        "move_out_planned_on",
        "former_lg_code",
        "note",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("by_move_out_certificate") and data.get("change_type") != ChangeType.MOVE_IN:
            self.add_error(
                "by_move_out_certificate", "転出証明書による転入は、国内転入のときだけ選べます。"
            )
        return data


# 戸籍届出・通知日 (doc/j780.txt §4.2.0.4): 「戸籍届出又は戸籍通知に基づく職権による住民票の
# 記載等においては、戸籍届出・通知日を入力できること。…処理当日を初期表示すること。」 It may
# share the 届出日 column, as here; the screens of 出生 and 死亡 call it by its name.
FAMILY_REGISTER_DATE_LABEL = "戸籍届出・通知日"
FAMILY_REGISTER_DATE_HELP = "戸籍の届出を受けた日、又は本籍地から通知を受けた日"


class BirthForm(PersonForm):
    """出生届: the child joins the household; 異動日 is the birth date (§4.1.1)."""

    # The 出生届 names the day of birth, which is also the 異動日.
    birth_date = DateTextField(label=resident_field_label("birth_date"))

    notified_on = DateTextField(
        label=FAMILY_REGISTER_DATE_LABEL, required=False, help_text=FAMILY_REGISTER_DATE_HELP
    )
    note = text_field("留意事項", max_length=200, help_text="記録に残す補足（任意）")

    MAIN = (
        "name",
        "name_kana",
        "name_kana_confirmed",
        "birth_date",
        "sex",
        "relationship",
        "resident_type",
        "domicile_state",
        "domicile",
        "domicile_head",
        "resident_code",
        "my_number",
    )
    MAIN_AFTER = ("notified_on", "note")

    error_aliases = {"effective_on": "birth_date"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["relationship"].initial = "子"
        self.fields["notified_on"].initial = timezone.localdate()
        self.fields["resident_code"].help_text = "通常は空欄（新たに付番）"

    def after_fields(self) -> list[forms.BoundField]:
        return self._group(self.MAIN_AFTER)


class MoveInFromCertificateForm(ChangeForm, AddressFields):
    """転入届の特例: the people come from the 転出証明書情報; only where and when are asked.
    Recording also sends the 転入通知, which ends the former municipality's record: the
    clerk confirms first."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # registry.services.entries.Address.postal_code_or_derived fills it from the address.
        self.fields["postal_code"].help_text = "例：379-1305。空欄のときは住所から補います。"

    confirmed = forms.BooleanField(
        label="世帯員・転入日・住所を本人と確認しました（記録すると転出元へ転入通知が送られます）",
        error_messages={"required": "記録する前に、内容を本人と確認してチェックを入れてください。"},
    )
