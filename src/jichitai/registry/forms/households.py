"""Forms of the 届出 on a household's members: a table of members with check boxes, new
heads and 続柄 (MembersForm) and its 転出, 転居, 世帯分離, 世帯変更・合併 and 世帯主変更 forms."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django import forms
from django.http import QueryDict

from jichitai.registry.forms.common import (
    DATE_HELP,
    AddressFields,
    ChangeForm,
    resident_field_max,
    text_field,
)
from jichitai.registry.forms.people import FAMILY_REGISTER_DATE_HELP, FAMILY_REGISTER_DATE_LABEL
from jichitai.registry.models import HEAD, ChangeType, Household, Resident


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
                self.fields[f"relationship_{member.pk}"] = text_field(
                    f"{member.name}の{self.relationship_label}",
                    max_length=resident_field_max("relationship"),
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
        assert isinstance(self.data, QueryDict)  # noqa: S101 - only called on a submitted form
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
    new_head_help = (
        "世帯主が転出等をし、世帯員が2人以上残る場合に選びます。"
        "選ばなければ、世帯主変更届まで世帯主未設定になります"
    )
    relationship_label = "新しい世帯主との続柄"

    moving_to_address = text_field(
        "転出先住所", max_length=resident_field_max("moving_to_address"), help_text="予定の住所で可"
    )
    # 特例転出 (doc/j670.txt §4.1.3.0.4): with the destination's 団体コード the 転出証明書情報
    # goes to it over 住基ネット with the 転出, and no paper 転出証明書 is needed.
    destination_lg_code = text_field(
        "特例転出：転出先の団体コード",
        max_length=6,
        help_text=(
            "マイナンバーカードによる転出（特例転出）のときに、転出先市区町村の団体コード（6桁）を"
            "入力します。転出証明書情報を住基ネットで転出先に自動で送ります。"
        ),
    )

    def __init__(self, *args: Any, change_type: ChangeType, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if change_type in (ChangeType.MOVE_OUT, ChangeType.EMIGRATION):
            self.fields["effective_on"].label = "転出予定日（異動日）"
            self.fields[
                "effective_on"
            ].help_text = f"転出の予定日。62日先まで指定できます。{DATE_HELP}"
            self.fields["moving_to_address"].required = True
            if change_type == ChangeType.MOVE_OUT:
                # 転出先入力 (§4.1.3.0.2): from the 住所辞書 (to the 市区町村 alone) or typed.
                self.fields["moving_to_address"].widget.attrs["data-jt-address"] = ""
            if change_type == ChangeType.EMIGRATION:
                self.fields["moving_to_address"].help_text = "国名・地域名"
                del self.fields["destination_lg_code"]
        else:
            del self.fields["moving_to_address"]
            del self.fields["destination_lg_code"]
            if change_type == ChangeType.DEATH:
                self.fields["effective_on"].label = "死亡日（異動日）"
                # §4.2.0.4: a 死亡 is recorded on the 死亡届 or the 本籍地's notice.
                self.fields["notified_on"].label = FAMILY_REGISTER_DATE_LABEL
                self.fields["notified_on"].help_text = FAMILY_REGISTER_DATE_HELP


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
        cast(forms.ModelChoiceField, self.fields["target"]).queryset = (
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
        cast(forms.ChoiceField, self.fields["new_head"]).choices = [
            ("", "選択してください"),
            *[(str(m.pk), m.name) for m in self.members if m.relationship != HEAD],
        ]
