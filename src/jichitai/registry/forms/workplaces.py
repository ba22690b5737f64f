"""入力場所・入力端末 of the staff session (§1.3.1)."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from jichitai.registry.forms.common import RegistryForm
from jichitai.registry.models import InputPlace, InputTerminal
from jichitai.registry.selectors import input_places_list, input_terminals_list
from jichitai.tenants.models import Municipality


class WorkplaceForm(RegistryForm):
    """The place and (optionally) the terminal this session enters changes at."""

    place = forms.ModelChoiceField(
        label="入力場所",
        queryset=InputPlace.objects.none(),
        empty_label="選択してください",
        error_messages={"invalid_choice": "その入力場所は登録されていません。"},
    )
    terminal = forms.ModelChoiceField(
        label="入力端末",
        queryset=InputTerminal.objects.none(),
        required=False,
        empty_label="指定しない",
        error_messages={"invalid_choice": "その入力端末は登録されていません。"},
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        places = cast(forms.ModelChoiceField, self.fields["place"])
        places.queryset = input_places_list(municipality=municipality)
        terminals = cast(forms.ModelChoiceField, self.fields["terminal"])
        terminals.queryset = input_terminals_list(municipality=municipality)

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        place, terminal = cleaned.get("place"), cleaned.get("terminal")
        if place is not None and terminal is not None and terminal.place_id != place.pk:
            self.add_error("terminal", "選んだ入力場所にある入力端末を選んでください。")
        return cleaned
