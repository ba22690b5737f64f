"""年月日の表示 (doc/j90.txt §1.1.9) on the registry's screens: the 処理日時 of the history
table and of the cancel page, and the 交付日時 of the public verification page, in 和暦 with
the time in Tokyo. 【実装しない機能】 forbids 西暦 there, 「併記を含む」."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import strip_tags

from jichitai.conftest import signed_in
from jichitai.identity.models import StaffUser
from jichitai.registry.certificates.documents import CertificateOptions
from jichitai.registry.certificates.services import (
    CertificateKind,
    CertificateRequest,
    certificate_issue,
)
from jichitai.registry.models import Resident
from jichitai.registry.tests.factories import change_of, yamada_family
from jichitai.tenants.models import Municipality

# 2026-12-06 05:05:09 UTC is 14:05 in Tokyo on 令和8年12月6日.
MOMENT = dt.datetime(2026, 12, 6, 5, 5, 9, tzinfo=dt.UTC)
SHOWN = "令和8年12月6日 14:05"
# A western year (2026-, 2026/, 2026年) or an ISO time (T05:05, 05:05:09).
WESTERN = re.compile(r"\d{4}\s*[-/年]|T\d{2}:\d{2}|\d{2}:\d{2}:\d{2}")


@pytest.fixture
def family(
    midori: Municipality, clerk: StaffUser, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Resident]:
    """山田家, registered (処理日時) at MOMENT."""
    with monkeypatch.context() as frozen:
        frozen.setattr("django.utils.timezone.now", lambda: MOMENT)
        return yamada_family(midori, actor=clerk)


def _text(html: str, start: str, end: str) -> str:
    """The words a reader sees between the first `start` and the next `end` of the page."""
    section = html[html.index(start) :]
    # A space before each tag keeps the cells of a row (<dt>, <dd>, <td>) apart.
    return " ".join(strip_tags(section[: section.index(end)].replace("<", " <")).split())


def test_history_table_shows_the_processing_time_in_wareki(
    supervisor: StaffUser, family: dict[str, Resident]
) -> None:
    response = signed_in(supervisor).get(f"/102121/registry/residents/{family['花子'].pk}/")
    history = _text(response.content.decode(), 'aria-labelledby="history-heading"', "</table>")
    assert f"令和6年4月1日 令和6年4月1日 {SHOWN} clerk" in history
    assert WESTERN.search(history) is None, history


def test_cancel_page_shows_the_processing_time_in_wareki(
    supervisor: StaffUser, family: dict[str, Resident]
) -> None:
    change = change_of(family["花子"])
    response = signed_in(supervisor).get(
        f"/102121/registry/changes/{change.pk}/cancel/?resident={family['花子'].pk}"
    )
    page = _text(response.content.decode(), "<main", "</main>")
    assert f"処理日時 {SHOWN}" in page
    assert WESTERN.search(page) is None, page


def test_verification_page_shows_the_issue_time_in_wareki(
    client: Client,
    midori: Municipality,
    clerk: StaffUser,
    family: dict[str, Resident],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    midori.settings.mayor_name = "緑川　一郎"
    midori.settings.save()
    with monkeypatch.context() as frozen:
        frozen.setattr("django.utils.timezone.now", lambda: MOMENT)
        issued = certificate_issue(
            municipality=midori,
            kind=CertificateKind.JUMINHYO,
            resident_ids=[family["花子"].pk],
            options=CertificateOptions(),
            actor=clerk,
            purpose="住民票の写しの交付",
            request=CertificateRequest(requester="self", identity_check="my_number_card"),
        )
    response = client.post(
        "/102121/certificates/verify/",
        {"file": SimpleUploadedFile("juminhyo.pdf", issued.pdf, "application/pdf")},
    )
    page = _text(response.content.decode(), "<main", "</main>")
    assert "有効" in page
    assert f"交付日時 {SHOWN}" in page
    assert WESTERN.search(page) is None, page
