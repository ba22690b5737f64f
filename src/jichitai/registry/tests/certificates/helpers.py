"""Issuing 住民票の写し等 through the service and reading the PDFs back (poppler-utils), for
the tests of registry/certificates."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

from jichitai.identity.models import StaffUser
from jichitai.registry.certificates.documents import CertificateOptions
from jichitai.registry.certificates.services import CertificateRequest, IssuedPdf, certificate_issue
from jichitai.registry.inputs import PersonData
from jichitai.registry.models import CertificateKind, ChangeType, Resident
from jichitai.registry.services import Address, residents_register, residents_remove
from jichitai.tenants.models import Municipality, MunicipalitySettings

MOVED_IN = dt.date(2021, 4, 1)  # 令和3年4月1日
NOTIFIED = dt.date(2021, 4, 5)  # 令和3年4月5日
MY_NUMBER = "123456789018"
PURPOSE = "住民票の写しの交付"
COUNTER_REQUEST = CertificateRequest(requester="self", identity_check="drivers_license")


def register(municipality: Municipality, people: list[PersonData], address: str) -> list[Resident]:
    change = residents_register(
        municipality=municipality,
        change_type=ChangeType.MOVE_IN,
        people=people,
        address=Address(address=address, address_extra="グリーンハイツ101号"),
        effective_on=MOVED_IN,
        notified_on=NOTIFIED,
        actor=None,
        previous_address="東京都千代田区千代田1番1号",
    )
    return list(Resident.objects.filter(history__change=change).order_by("household_order"))


def set_mayor_name(municipality: Municipality, name: str) -> None:
    settings = MunicipalitySettings.objects.get(municipality=municipality)
    settings.mayor_name = name
    settings.save()
    municipality.settings = settings


def issue(
    municipality: Municipality,
    residents: list[Resident],
    actor: StaffUser,
    *,
    kind: CertificateKind = CertificateKind.JUMINHYO,
    request: CertificateRequest = COUNTER_REQUEST,
    **options: bool,
) -> IssuedPdf:
    return certificate_issue(
        municipality=municipality,
        kind=kind,
        resident_ids=[r.pk for r in residents],
        options=CertificateOptions(**options),
        actor=actor,
        purpose=PURPOSE,
        request=request,
    )


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} is missing: install poppler-utils (apt-get install poppler-utils)"
    return path


def pdf_text(pdf: bytes, tmp_path: Path, *, page: int | None = None) -> str:
    """The PDF's text as pdftotext extracts it, without any whitespace: extraction turns the
    full-width spaces of names (鈴木　一郎) and the spaces of "1 / 1" into layout gaps."""
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    pages = ["-f", str(page), "-l", str(page)] if page else []
    text = subprocess.run(  # noqa: S603 - fixed tool, our own temporary file
        [poppler("pdftotext"), "-layout", *pages, str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return flat(text)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def fonts(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    command = [poppler("pdffonts"), str(path)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    return [line.split() for line in out.splitlines()[2:]]


def move_out(
    midori: Municipality, residents: list[Resident], new_head: Resident | None = None
) -> None:
    residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[r.pk for r in residents],
        effective_on=dt.date(2025, 3, 31),
        notified_on=dt.date(2025, 3, 20),
        actor=None,
        moving_to_address="東京都港区芝公園4丁目2番8号",
        new_head_id=new_head.pk if new_head else None,
    )
