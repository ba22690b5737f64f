"""The office's upload form: a file, its dataset (or found from the file) and the licence."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

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
