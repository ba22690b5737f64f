"""Forms of the staff pages of the register: they parse what a clerk typed, nothing more.

The rules (dates, 続柄, numbers, the head of household…) live in the services; their errors
come back through `add_domain_error` and are shown next to the field they name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from jichitai.common.exceptions import DomainError, InvalidInput
from jichitai.common.kana import normalize_width
from jichitai.common.postal import normalize_postal_code
from jichitai.common.wareki import parse_date_input, to_wareki
from jichitai.registry.inputs import PersonData
from jichitai.registry.models import (
    HEAD,
    ChangeType,
    ForeignCategory,
    Household,
    Resident,
    ResidentType,
    Sex,
)
from jichitai.registry.services import Address
from jichitai.registry.services.amendments import CORRECTABLE_FIELDS

DATE_HELP = "例：令和8年4月7日、R8.4.7、2026-04-07"
RELATIONSHIP_HELP = (
    "標準の表記で：世帯主、妻、夫、子、子の妻、父、母、兄、父の父、縁故者、同居人 など"
)


def _field_max(name: str) -> int:
    return int(Resident._meta.get_field(name).max_length)  # type: ignore[arg-type]


def _label(name: str) -> str:
    return str(Resident._meta.get_field(name).verbose_name)


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
        return super().format_value(value)


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


def _text(label: str, *, max_length: int, required: bool = False, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required, **kwargs)


def add_domain_error(
    form: forms.BaseForm, error: DomainError, aliases: dict[str, str] | None = None
) -> None:
    """A service's error on the form: each FieldError next to the field it names (through
    `aliases` and the form's `error_aliases`; `relationships.<id>` goes to that member's 続柄),
    anything else at the top."""
    names = {**getattr(form, "error_aliases", {}), **(aliases or {})}
    if not error.errors:
        form.add_error(None, error.detail)
        return
    for field_error in error.errors:
        name = names.get(field_error.field, field_error.field)
        if name not in form.fields and "." in field_error.field:
            member = field_error.field.rpartition(".")[2]
            name = f"relationship_{member}"
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


# ---------------------------------------------------------------------------- search


class SearchForm(RegistryForm):
    """住民検索: every key given must match; none given means no query at all."""

    name = _text(
        "氏名または振り仮名",
        max_length=100,
        help_text="一部でも可。ひらがな・カタカナどちらでも",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    birth = DateTextField(label="生年月日", required=False)
    address = _text("住所", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    resident_code = _text(
        "住民票コード",
        max_length=11,
        help_text="半角数字11桁",
        widget=forms.TextInput(
            attrs={"class": "jt-input--code", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )
    my_number = _text(
        "個人番号",
        max_length=12,
        help_text="半角数字12桁",
        widget=forms.TextInput(
            attrs={"class": "jt-input--code", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )
    include_closed = forms.BooleanField(label="除票も検索する", required=False)

    def query_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "birth": data["birth"].isoformat() if data["birth"] else "",
            "address": data["address"],
            "resident_code": normalize_width(data["resident_code"]),
            "my_number": normalize_width(data["my_number"]),
            "include_closed": data["include_closed"],
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


# ---------------------------------------------------------------------------- common parts


class ChangeForm(RegistryForm):
    """What every 異動 asks: 異動日, 届出日 and a note. Today is the default for both."""

    effective_on = DateTextField(label="異動日")
    notified_on = DateTextField(label="届出日", required=False)
    note = _text("留意事項", max_length=200, help_text="記録に残す補足（任意）")

    error_aliases: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        for name in ("effective_on", "notified_on"):
            if name in self.fields:
                self.fields[name].initial = today

    def dates(self) -> dict[str, Any]:
        return {
            "effective_on": self.cleaned_data["effective_on"],
            "notified_on": self.cleaned_data["notified_on"],
            "note": self.cleaned_data["note"],
        }


class PostalCodeField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label="郵便番号",
            max_length=10,
            required=False,
            help_text="例：376-0101",
            widget=forms.TextInput(
                attrs={"class": "jt-input--code", "inputmode": "numeric", "autocomplete": "off"}
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

    postal_code = PostalCodeField()
    address = _text("住所", max_length=_field_max("address"), required=True)
    address_extra = _text("方書", max_length=_field_max("address_extra"))

    def address_value(self) -> Address:
        return Address(
            address=self.cleaned_data["address"],
            address_extra=self.cleaned_data["address_extra"],
            postal_code=self.cleaned_data["postal_code"],
        )


# ---------------------------------------------------------------------------- people


class PersonForm(RegistryForm):
    """One person of a 転入届 or 出生届 (基本4情報 and the other items of §1.1.1 / §1.1.2)."""

    name = _text(_label("name"), max_length=_field_max("name"), required=True)
    name_kana = _text(
        _label("name_kana"),
        max_length=_field_max("name_kana"),
        required=True,
        help_text="カタカナ（ひらがなでも可）。氏と名の間は空白",
    )
    name_kana_confirmed = forms.BooleanField(label="振り仮名を本人に確認した", required=False)
    birth_date = DateTextField(label=_label("birth_date"))
    sex = forms.ChoiceField(label=_label("sex"), choices=Sex.choices, widget=forms.RadioSelect)
    relationship = _text(
        "世帯主との続柄",
        max_length=_field_max("relationship"),
        required=True,
        help_text=RELATIONSHIP_HELP,
    )
    resident_type = forms.ChoiceField(
        label=_label("resident_type"),
        choices=ResidentType.choices,
        initial=ResidentType.JAPANESE,
        widget=forms.RadioSelect,
    )
    resident_code = _text(
        _label("resident_code"),
        max_length=11,
        help_text="国内転入では転出証明書の住民票コード。空欄なら新たに付番",
        widget=forms.TextInput(attrs={"class": "jt-input--code", "inputmode": "numeric"}),
    )
    my_number = _text(
        "個人番号",
        max_length=12,
        help_text="半角数字12桁（任意）",
        widget=forms.TextInput(
            attrs={"class": "jt-input--code", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )
    domicile = _text(_label("domicile"), max_length=_field_max("domicile"))
    domicile_head = _text(_label("domicile_head"), max_length=_field_max("domicile_head"))
    former_surname = _text(_label("former_surname"), max_length=_field_max("former_surname"))
    former_surname_kana = _text(
        _label("former_surname_kana"), max_length=_field_max("former_surname_kana")
    )
    name_alphabet = _text(_label("name_alphabet"), max_length=_field_max("name_alphabet"))
    nationality = _text(_label("nationality"), max_length=_field_max("nationality"))
    foreign_category = forms.ChoiceField(
        label="区分（第30条の45）",
        choices=[("", "選択してください"), *ForeignCategory.choices],
        required=False,
    )
    residence_status = _text(_label("residence_status"), max_length=_field_max("residence_status"))
    period_of_stay = _text(_label("period_of_stay"), max_length=_field_max("period_of_stay"))
    stay_expires_on = DateTextField(label=_label("stay_expires_on"), required=False)
    residence_card_number = _text(
        _label("residence_card_number"), max_length=_field_max("residence_card_number")
    )
    alias = _text(_label("alias"), max_length=_field_max("alias"))
    alias_kana = _text(_label("alias_kana"), max_length=_field_max("alias_kana"))
    national_health_insurance = forms.BooleanField(label="国民健康保険", required=False)
    late_elderly_insurance = forms.BooleanField(label="後期高齢者医療", required=False)
    care_insurance = forms.BooleanField(label="介護保険", required=False)
    national_pension = forms.BooleanField(label="国民年金", required=False)
    child_allowance = forms.BooleanField(label="児童手当", required=False)

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
        "domicile",
        "domicile_head",
    )
    JAPANESE = ("former_surname", "former_surname_kana")
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

    def person(self) -> PersonData:
        data = self.cleaned_data
        values = {f.name: data[f.name] for f in dataclasses.fields(PersonData) if f.name in data}
        values["my_number"] = normalize_width(values.get("my_number", ""))
        values["resident_code"] = normalize_width(values.get("resident_code", ""))
        return PersonData(**values)


class BasePeopleFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """The people of a 転入届: the first is the 世帯主 unless the clerk says otherwise."""

    def _construct_form(self, i: int, **kwargs: Any) -> forms.Form:
        form = super()._construct_form(i, **kwargs)
        form.person_label = "1人目（世帯主）" if i == 0 else f"{i + 1}人目"  # type: ignore[attr-defined]
        return form  # type: ignore[no-any-return]

    def people(self) -> list[PersonData]:
        return [form.person() for form in self.forms if form.has_changed() and form.cleaned_data]


MAX_PEOPLE = 7  # 世帯主 and up to 6 世帯員 on one form; larger households add the rest by 職権記載


def people_formset(count: int) -> type[forms.BaseFormSet]:  # type: ignore[type-arg]
    return forms.formset_factory(
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
    (ChangeType.EX_OFFICIO_ENTRY.value, "職権記載"),
]


class MoveInForm(ChangeForm, AddressFields):
    """転入届 (new household): how they came, when, where from and where to."""

    change_type = forms.ChoiceField(
        label="異動事由",
        choices=ENTRY_CHOICES,
        initial=ChangeType.MOVE_IN,
        widget=forms.RadioSelect,
    )
    previous_address = _text(
        "転入前住所",
        max_length=_field_max("previous_address"),
        help_text="国外転入では国名・地域名",
    )

    field_order = (
        "change_type",
        "effective_on",
        "notified_on",
        "postal_code",
        "address",
        "address_extra",
        "previous_address",
        "note",
    )


class BirthForm(PersonForm):
    """出生届: the child joins the household; 異動日 is the birth date (§4.1.1)."""

    notified_on = DateTextField(label="届出日", required=False)
    note = _text("留意事項", max_length=200, help_text="記録に残す補足（任意）")

    MAIN = (
        "name",
        "name_kana",
        "name_kana_confirmed",
        "birth_date",
        "sex",
        "relationship",
        "resident_type",
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


# ---------------------------------------------------------------------------- household members


class MembersForm(ChangeForm):
    """A 異動 of some members of one household, shown as a table of its members.

    Flags say what the table asks: a check box per member (`select_members`), the new head of
    a new household or of the one that stays (`ask_new_head`, `ask_remaining_head`), and a new
    続柄 per member (`ask_relationships`). An empty 続柄 means "use the proposal" (the
    services propose one relative to the new head; staff confirm the uncertain ones).
    """

    select_members = True
    ask_new_head = False
    ask_remaining_head = False
    ask_relationships = True
    blank_means_proposal = True
    new_head_label = "新しい世帯主"
    new_head_help = ""
    remaining_head_label = "元の世帯の新しい世帯主"
    relationship_label = "新しい続柄"

    error_aliases = {
        "resident_ids": "members",
        "relationships": "members",
        "remaining_relationships": "members",
        "new_head_id": "new_head",
        "remaining_head_id": "remaining_head",
        "household_id": "members",
    }

    def __init__(
        self,
        *args: Any,
        members: Sequence[Resident],
        proposals: dict[int, tuple[str, bool]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = list(members)
        self.proposals = proposals or {}
        choices = [(str(m.pk), m.name) for m in self.members]
        if self.select_members:
            self.fields["members"] = forms.MultipleChoiceField(
                label="対象の世帯員",
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": "対象の世帯員を1人以上選んでください。"},
            )
        head_choices = [("", "選択してください"), *choices]
        if self.ask_new_head:
            self.fields["new_head"] = forms.TypedChoiceField(
                label=self.new_head_label,
                choices=head_choices,
                coerce=int,
                empty_value=None,
                required=False,
                help_text=self.new_head_help,
            )
        if self.ask_remaining_head:
            self.fields["remaining_head"] = forms.TypedChoiceField(
                label=self.remaining_head_label,
                choices=head_choices,
                coerce=int,
                empty_value=None,
                required=False,
                help_text="現在の世帯主が移る場合に、残る世帯員から選びます",
            )
        if self.ask_relationships:
            for member in self.members:
                self.fields[f"relationship_{member.pk}"] = forms.CharField(
                    label=f"{member.name}の{self.relationship_label}",
                    max_length=_field_max("relationship"),
                    required=False,
                )

    # -- reading

    def selected_ids(self) -> list[int]:
        if not self.select_members:
            return [m.pk for m in self.members]
        return [int(pk) for pk in self.cleaned_data.get("members", [])]

    def relationships_of(self, ids: Iterable[int]) -> dict[int, str]:
        """The 続柄 typed for these members; empty boxes are left to the proposals."""
        wanted = set(ids)
        return {
            m.pk: value
            for m in self.members
            if m.pk in wanted and (value := self.cleaned_data.get(f"relationship_{m.pk}", ""))
        }

    def remaining_ids(self) -> list[int]:
        chosen = set(self.selected_ids())
        return [m.pk for m in self.members if m.pk not in chosen]

    # -- showing

    def table_field_names(self) -> set[str]:
        names = {"members", "new_head", "remaining_head"}
        return names | {f"relationship_{m.pk}" for m in self.members}

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.table_field_names()]

    def members_bound(self) -> forms.BoundField | None:
        return self["members"] if "members" in self.fields else None

    def head_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("new_head", "remaining_head") if name in self.fields]

    def member_rows(self) -> list[dict[str, Any]]:
        boxes = list(self["members"]) if self.select_members else []
        rows = []
        for index, member in enumerate(self.members):
            proposal = self.proposals.get(member.pk)
            rows.append(
                {
                    "member": member,
                    "checkbox": boxes[index] if boxes else None,
                    "relationship": (
                        self[f"relationship_{member.pk}"] if self.ask_relationships else None
                    ),
                    "uncertain": proposal is not None and not proposal[1],
                    "proposed": proposal is not None,
                }
            )
        return rows

    def initial_with(self, proposals: dict[int, tuple[str, bool]]) -> dict[str, Any]:
        """What the clerk typed, with the proposed 続柄 filled in: the form shown again after
        「続柄の候補を入れる」, unbound so that nothing is reported missing yet."""
        assert self.data is not None  # noqa: S101 - only called on a submitted form
        initial: dict[str, Any] = {
            name: (self.data.getlist(name) if name == "members" else self.data.get(name))
            for name in self.fields
        }
        for member_id, (relationship, _certain) in proposals.items():
            if f"relationship_{member_id}" in self.fields:
                initial[f"relationship_{member_id}"] = relationship
        return initial


class RemovalForm(MembersForm):
    """転出届・国外転出・死亡・職権消除."""

    ask_new_head = True
    new_head_label = "残る世帯員の新しい世帯主"
    new_head_help = "世帯主が転出等をし、世帯員が2人以上残る場合に選びます"
    relationship_label = "新しい世帯主との続柄"

    moving_to_address = _text(
        "転出先住所", max_length=_field_max("moving_to_address"), help_text="予定の住所で可"
    )

    def __init__(self, *args: Any, change_type: ChangeType, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if change_type in (ChangeType.MOVE_OUT, ChangeType.EMIGRATION):
            self.fields["effective_on"].label = "転出予定日（異動日）"
            self.fields[
                "effective_on"
            ].help_text = f"転出の予定日。62日先まで指定できます。{DATE_HELP}"
            self.fields["moving_to_address"].required = True
            if change_type == ChangeType.EMIGRATION:
                self.fields["moving_to_address"].help_text = "国名・地域名"
        else:
            del self.fields["moving_to_address"]
            if change_type == ChangeType.DEATH:
                self.fields["effective_on"].label = "死亡日（異動日）"


class MoveWithinForm(MembersForm, AddressFields):
    """転居届: the whole household moves, or some members form a new household there."""

    ask_new_head = True
    ask_remaining_head = True
    new_head_label = "転居する人の新しい世帯主"
    new_head_help = "世帯の一部だけが転居する場合に、転居する人から選びます"
    relationship_label = "新しい続柄"

    field_order = ("effective_on", "notified_on", "postal_code", "address", "address_extra")


class SplitForm(MembersForm):
    """世帯分離: some members form a new household at the same address."""

    ask_new_head = True
    ask_remaining_head = True
    new_head_label = "新しい世帯の世帯主"
    new_head_help = "分離する人が2人以上の場合に、その中から選びます"


class TransferForm(MembersForm):
    """世帯変更・世帯合併: members (or the whole household) join another household."""

    ask_remaining_head = True
    blank_means_proposal = False
    relationship_label = "移る先の世帯主との続柄"

    target = forms.ModelChoiceField(
        label="移る先の世帯番号",
        queryset=Household.objects.none(),
        to_field_name="household_number",
        widget=forms.TextInput(attrs={"class": "jt-input--code", "inputmode": "numeric"}),
        error_messages={"invalid_choice": "その世帯番号の現存する世帯は見つかりません。"},
        help_text="同じ住所にある、移る先の世帯の世帯番号",
    )

    field_order = ("target", "effective_on", "notified_on", "note")

    def __init__(
        self, *args: Any, household: Household, merge: bool = False, **kwargs: Any
    ) -> None:
        self.select_members = not merge
        if merge:
            self.ask_remaining_head = False
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (  # type: ignore[attr-defined]
            Household.objects.for_municipality(household.municipality_id)
            .filter(is_active=True)
            .exclude(pk=household.pk)
        )
        self.error_aliases = {**self.error_aliases, "household_id": "target"}
        for member in self.members:
            self.fields[f"relationship_{member.pk}"].help_text = ""


class HeadChangeForm(MembersForm):
    """世帯主変更: a new head and every member's 続柄 relative to it (§4.1.4.2)."""

    select_members = False
    ask_new_head = True
    relationship_label = "新しい世帯主との続柄"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_head"].required = True
        self.fields["new_head"].error_messages["required"] = "新しい世帯主を選んでください。"
        self.fields["new_head"].choices = [  # type: ignore[attr-defined]
            ("", "選択してください"),
            *[(str(m.pk), m.name) for m in self.members if m.relationship != HEAD],
        ]


# ---------------------------------------------------------------------------- one record


class NameChangeForm(ChangeForm):
    """氏名の変更."""

    name = _text("新しい氏名", max_length=_field_max("name"), required=True)
    name_kana = _text(
        "新しい氏名の振り仮名",
        max_length=_field_max("name_kana"),
        required=True,
        help_text="カタカナ（ひらがなでも可）。氏と名の間は空白",
    )
    name_kana_confirmed = forms.BooleanField(
        label="振り仮名を本人に確認した", required=False, initial=True
    )
    field_order = ("name", "name_kana", "name_kana_confirmed", "effective_on", "notified_on")


class FormerSurnameForm(ChangeForm):
    """旧氏の記載・変更・削除 (both empty: delete)."""

    former_surname = _text(
        "旧氏", max_length=_field_max("former_surname"), help_text="空欄にすると旧氏を削除します"
    )
    former_surname_kana = _text("旧氏の振り仮名", max_length=_field_max("former_surname_kana"))
    field_order = ("former_surname", "former_surname_kana", "effective_on", "notified_on")


class AliasForm(ChangeForm):
    """通称の記載・削除 (外国人住民; both empty: delete)."""

    alias = _text("通称", max_length=_field_max("alias"), help_text="空欄にすると通称を削除します")
    alias_kana = _text("通称の振り仮名", max_length=_field_max("alias_kana"))
    field_order = ("alias", "alias_kana", "effective_on", "notified_on")


class MyNumberChangeForm(ChangeForm):
    """個人番号の変更."""

    my_number = _text(
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
        self.fields["items"].choices = [  # type: ignore[attr-defined]
            (name, _label(name)) for name in CORRECTION_ORDER if name not in excluded
        ]


class CorrectionForm(RegistryForm):
    """職権修正・誤記修正 (step 2): the chosen items, prefilled with the record's values."""

    change_type = forms.ChoiceField(
        label="修正の種類", choices=CORRECTION_CHOICES, widget=forms.RadioSelect
    )
    reason = _text(
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
            model_field = Resident._meta.get_field(name)
            # Items the record cannot be without (氏名, 生年月日…) stay required here, so a
            # correction can never empty them.
            required = not model_field.blank  # type: ignore[attr-defined]
            field: forms.Field
            if model_field.get_internal_type() == "DateField":
                field = DateTextField(label=_label(name), required=required)
            elif model_field.get_internal_type() == "BooleanField":
                field = forms.BooleanField(label=_label(name), required=False)
            elif getattr(model_field, "choices", None):
                empty = [] if required else [("", "記載なし")]
                field = forms.ChoiceField(
                    label=_label(name),
                    choices=[*empty, *model_field.choices],  # type: ignore[attr-defined]
                    required=required,
                )
            else:
                field = forms.CharField(
                    label=_label(name),
                    max_length=model_field.max_length,  # type: ignore[attr-defined]
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
            if value is None and Resident._meta.get_field(name).get_internal_type() != "DateField":
                value = ""
            values[name] = value
        return values


class CancelForm(RegistryForm):
    """異動の取消し."""

    reason = _text(
        "取消しの理由", max_length=200, required=True, help_text="例：届出人からの取下げ、入力誤り"
    )


class RevealForm(RegistryForm):
    """個人番号の表示: the 事務 it is needed for (番号法 第9条), kept in the audit log."""

    purpose = _text(
        "利用目的（事務）",
        max_length=100,
        required=True,
        help_text="例：住民基本台帳事務（個人番号カードの交付）",
    )


class MoveInFromCertificateForm(ChangeForm, AddressFields):
    """転入届の特例: the people come from the 転出証明書情報; only where and when are asked."""
