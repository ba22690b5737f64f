"""支援措置 (support measures) on a resident's 支援措置 page: the 申出 that starts one, and
the reason that ends one (doc/j160.txt §1.1.16, doc/j440.txt §3.4)."""

from __future__ import annotations

from typing import Any

from django import forms

from jichitai.registry.forms.common import DateTextField, RegistryForm, text_field
from jichitai.registry.models import Resident, Sex
from jichitai.registry.models.support_measures import (
    CONTACT_MAX,
    NOTE_MAX,
    OFFENDER_ADDRESS_MAX,
    OFFENDER_NAME_MAX,
    RELATION_MAX,
)
from jichitai.registry.services import (
    Offender,
    SupportAffairs,
    SupportRelative,
    SupportTransfer,
)


class SupportMeasureStartForm(RegistryForm):
    """支援措置の申出: who else is protected (the household's other members, with their
    申出者との関係), the period, 仮支援措置, the 加害者 as far as known and the reason."""

    starts_on = DateTextField(label="支援措置の開始年月日")
    ends_on = DateTextField(
        label="支援措置の終了年月日",
        required=False,
        help_text="空欄なら開始年月日から1年（例：令和8年4月7日開始なら令和9年4月6日）。",
    )
    provisional = forms.BooleanField(
        label="仮支援措置（支援の必要性を確認するまでの間）", required=False
    )
    reason = text_field(
        "申出の内容・確認の経過",
        max_length=NOTE_MAX,
        required=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact = text_field(
        "申出者の連絡先", max_length=CONTACT_MAX, help_text="電話番号、メールアドレス等"
    )
    covers_inspection = forms.BooleanField(label="住民基本台帳の閲覧", required=False, initial=True)
    covers_certificates = forms.BooleanField(
        label="住民票の写し等の交付", required=False, initial=True
    )
    covers_family_register = forms.BooleanField(
        label="戸籍の附票の写し等の交付", required=False, initial=True
    )
    withheld_addresses = text_field(
        "抑止対象の住所等", max_length=NOTE_MAX, help_text="例：現住所、前住所、本籍"
    )
    offender_name = text_field("加害者の氏名", max_length=OFFENDER_NAME_MAX)
    offender_address = text_field("加害者の住所", max_length=OFFENDER_ADDRESS_MAX)
    offender_atena_number = text_field(
        "加害者の宛名番号",
        max_length=16,
        help_text="加害者がこの市区町村の住民の場合だけ入力します。",
    )
    offender_birth_date = DateTextField(label="加害者の生年月日", required=False)
    offender_sex = forms.ChoiceField(
        label="加害者の性別", choices=[("", "不明"), *Sex.choices], required=False
    )
    offender_note = text_field("加害者に関するその他", max_length=NOTE_MAX)
    error_aliases = {"relatives": "relatives"}

    def __init__(self, *args: Any, others: list[Resident], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.others = others
        if others:
            self.fields["relatives"] = forms.MultipleChoiceField(
                label="併せて支援を求める者",
                choices=[(str(m.pk), f"{m.name}（{m.relationship}）") for m in others],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
            for member in others:
                self.fields[f"relation_{member.pk}"] = text_field(
                    f"{member.name}の申出者との関係",
                    max_length=RELATION_MAX,
                    help_text="例：子、母",
                )

    def relation_fields(self) -> list[forms.BoundField]:
        return [self[f"relation_{m.pk}"] for m in self.others]

    def relatives(self) -> list[SupportRelative]:
        chosen = self.cleaned_data.get("relatives") or []
        return [
            SupportRelative(
                resident_id=int(pk), relation=self.cleaned_data.get(f"relation_{pk}", "")
            )
            for pk in chosen
        ]

    def offender(self) -> Offender:
        data = self.cleaned_data
        return Offender(
            name=data["offender_name"],
            address=data["offender_address"],
            note=data["offender_note"],
            atena_number=data["offender_atena_number"],
            birth_date=data["offender_birth_date"],
            sex=data["offender_sex"],
        )

    def affairs(self) -> SupportAffairs:
        data = self.cleaned_data
        return SupportAffairs(
            inspection=data["covers_inspection"],
            certificates=data["covers_certificates"],
            family_register=data["covers_family_register"],
            withheld_addresses=data["withheld_addresses"],
        )


class SupportMeasureEndForm(RegistryForm):
    """支援措置の終了: why (the person asked, or the need is gone)."""

    reason = text_field(
        "終了の理由",
        max_length=NOTE_MAX,
        required=True,
        help_text="例：申出者から支援の終了の申出があった",
    )


class SupportMeasureUpdateForm(RegistryForm):
    """転送情報 and the corrected 終了年月日 of one measure."""

    ends_on = DateTextField(label="支援措置の終了年月日", required=False)
    origin_name = text_field(
        "当初受付市区町村", max_length=40, help_text="転送を受けた支援措置のとき入力します。"
    )
    forwarded_to = text_field("転送先市区町村", max_length=40)
    forwarded_on = DateTextField(label="転送年月日", required=False)
    forward_received_on = DateTextField(
        label="転送された支援措置申出書の受付年月日", required=False
    )
    no_need_notified_on = DateTextField(
        label="支援の必要性がない旨の申出者への連絡年月日", required=False
    )

    def transfer(self) -> SupportTransfer:
        data = self.cleaned_data
        return SupportTransfer(
            ends_on=data["ends_on"],
            origin_name=data["origin_name"],
            forwarded_to=data["forwarded_to"],
            forwarded_on=data["forwarded_on"],
            forward_received_on=data["forward_received_on"],
            no_need_notified_on=data["no_need_notified_on"],
        )
