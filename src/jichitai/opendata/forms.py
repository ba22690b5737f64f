"""The office's upload form: a file, its dataset (or found from the file) and the licence."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from jichitai.common.exceptions import DomainError
from jichitai.opendata.facilities import IDENTIFIER, MAX_VALUE_LENGTH, facility_columns
from jichitai.opendata.models import Licence
from jichitai.opendata.reading import MAX_FILE_BYTES
from jichitai.opendata.selectors import dataset_list


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("ファイル"),
        help_text=_("CSV（UTF-8 または Shift_JIS）または Excel（.xlsx）、20MBまで。"),
        error_messages={
            "required": _("ファイルを選んでください。"),
            "empty": _("ファイルが空です。"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    dataset = forms.ChoiceField(
        label=_("データセット"),
        required=False,
        help_text=_("選ばないときはファイル名と見出し行から判別します。"),
    )
    licence = forms.ChoiceField(label=_("ライセンス"), choices=Licence.choices)
    publish = forms.BooleanField(
        label=_("エラーがなければ公開する"),
        required=False,
        help_text=_("チェックしないときは検証だけを行います。"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["dataset"].choices = [  # type: ignore[attr-defined]
            ("", _("ファイルから判別")),
            *((d.key, d.title) for d in dataset_list()),
        ]

    def clean_file(self) -> tuple[str, bytes]:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is None or upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("ファイルが大きすぎます（20MBまで）。"))
        # Only the file name's last part, bounded: it decides nothing but the dataset guess.
        name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][:200]
        return name, upload.read()


class FacilityForm(forms.Form):
    """施設台帳の一件: one text field per item of 公共施設一覧 (the municipality's own items
    aside). The values are checked by the dataset's validation in the service."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for column in facility_columns():
            required = column.required or column.name == IDENTIFIER
            hint = column.description or ""
            if column.example:
                hint = f"{hint} 例：{column.example}".strip()
            # Fields are named by the English item name: ids and names stay ASCII.
            self.fields[column.name_en] = forms.CharField(
                label=column.name,
                required=required,
                max_length=MAX_VALUE_LENGTH,
                help_text=hint,
                widget=forms.Textarea(attrs={"rows": 3})
                if column.name in LONG_ITEMS
                else forms.TextInput(),
                error_messages={"required": _("入力してください。")},
            )

    def item_values(self) -> dict[str, str]:
        """The cleaned values by the dataset's Japanese item names."""
        return {c.name: self.cleaned_data.get(c.name_en, "") for c in facility_columns()}

    @classmethod
    def initial_for(cls, values: dict[str, str]) -> dict[str, str]:
        return {c.name_en: values.get(c.name, "") for c in facility_columns()}

    def add_item_errors(self, error: DomainError) -> None:
        """Each of the service's findings next to its item (`/名称_カナ` → its field)."""
        fields = {c.name: c.name_en for c in facility_columns()}
        for field_error in error.errors:
            name = fields.get(field_error.tokens[0]) if field_error.tokens else None
            self.add_error(name if name in self.fields else None, field_error.message)
        if not error.errors:
            self.add_error(None, error.detail)


# Items written as sentences: a larger box.
LONG_ITEMS = frozenset({"説明", "利用可能日時特記事項", "バリアフリー情報", "備考"})


class LicenceForm(forms.Form):
    licence = forms.ChoiceField(label=_("ライセンス"), choices=Licence.choices)


class PopulationForm(LicenceForm):
    on = forms.DateField(
        label=_("調査年月日"),
        help_text=_("この日に住民基本台帳に記録されていた人を数えます。例：2026-04-01"),
        error_messages={
            "required": _("調査年月日を入力してください。"),
            "invalid": _("日付は 2026-04-01 のように入力してください。"),
        },
        widget=forms.DateInput(attrs={"type": "date"}),
    )
