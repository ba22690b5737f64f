from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from jichitai.registry.certificates.verification import PDF_MAGIC

MAX_PDF_BYTES = 10 * 1024 * 1024


class CertificateUploadForm(forms.Form):
    file = forms.FileField(
        label=_("証明書のPDFファイル"),
        help_text=_(
            "交付を受けた証明書のPDFファイル（10MBまで）を選んでください。ファイルはこの確認にだけ使い、保存しません。"
        ),
        error_messages={
            "required": _("PDFファイルを選んでください。"),
            "empty": _("ファイルが空です。PDFファイルを選んでください。"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self) -> bytes:
        upload: UploadedFile = self.cleaned_data["file"]
        # Size first, from the upload's metadata, before reading anything into memory.
        if upload.size is None or upload.size > MAX_PDF_BYTES:
            raise forms.ValidationError(
                _("ファイルが大きすぎます。10MBまでのPDFファイルを選んでください。")
            )
        # By content, not by name or declared type: a PDF starts with "%PDF-".
        if upload.read(len(PDF_MAGIC)) != PDF_MAGIC:
            raise forms.ValidationError(
                _("PDFファイルではありません。交付された証明書のPDFファイルを選んでください。")
            )
        upload.seek(0)
        return upload.read()
