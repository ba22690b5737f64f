"""The public verification page: anyone holding a certificate PDF can check it. No sign-in:
the page reveals only whether this municipality issued the file unchanged, and the issue
record (発行番号, 種別, 交付日時), never what the certificate says."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from jichitai.registry.certificates.forms import CertificateUploadForm
from jichitai.registry.certificates.verification import verify_certificate_pdf


@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest, lg_code: str) -> HttpResponse:
    """証明書の検証: upload a PDF, see 「有効」 or 「改ざんされているか、発行記録がありません」."""
    municipality = request.municipality  # type: ignore[attr-defined]
    result = None
    if request.method == "POST":
        form = CertificateUploadForm(request.POST, request.FILES)
        if form.is_valid():
            result = verify_certificate_pdf(form.cleaned_data["file"], municipality=municipality)
            form = CertificateUploadForm()
    else:
        form = CertificateUploadForm()
    return render(request, "registry/certificates/verify.html", {"form": form, "result": result})
