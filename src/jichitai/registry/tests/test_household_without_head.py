"""世帯主未設定: a household whose head died or left stands without one until a 世帯主変更届
(標準仕様書 §1.1.10 「世帯主未設定を許容すること」, §4.0.4), through the service, the API, the
pages and the 住民票."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from jichitai.common.exceptions import RuleViolation
from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.registry.certificates.change_notices import head_change_notice_issue
from jichitai.registry.layout import registry_export, registry_import
from jichitai.registry.models import Change, ChangeType, Household, Resident, ResidentStatus
from jichitai.registry.selectors import household_head
from jichitai.registry.services import (
    CertificateKind,
    CertificateOptions,
    CertificateRequest,
    certificate_issue,
    household_head_change,
    household_split,
    relationships_propose,
    resident_correct,
    residents_remove,
)
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality, MunicipalitySettings
from jichitai.testing.browser import assert_accessible

TODAY = dt.date(2026, 4, 7)
LG = "102121"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def family(midori: Municipality) -> dict[str, Resident]:
    """山田花子 (世帯主) with her 子 翔太 and 美咲."""
    return yamada_family(midori)


def _fresh(resident: Resident) -> Resident:
    return Resident.objects.get(pk=resident.pk)


def _household(resident: Resident) -> Household:
    return Household.objects.get(pk=resident.household_id)


def _head_dies(midori: Municipality, family: dict[str, Resident]) -> Change:
    return residents_remove(
        municipality=midori,
        change_type=ChangeType.DEATH,
        resident_ids=[family["花子"].pk],
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )


# ---------------------------------------------------------------------------- services


def test_head_dies_with_nobody_named_leaves_the_household_without_a_head(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    change = _head_dies(midori, family)

    hanako, shota, misaki = (_fresh(family[n]) for n in ("花子", "翔太", "美咲"))
    assert hanako.status == ResidentStatus.CLOSED and hanako.removal_reason == ChangeType.DEATH
    assert hanako.history.get(history_number=2).change == change
    household = _household(shota)
    assert household.is_active and household_head(household) is None
    # 続柄 stay relative to the former head until the 世帯主変更届 (§4.1.4.2).
    assert (shota.relationship, misaki.relationship) == ("子", "子")
    assert (shota.history_number, misaki.history_number) == (1, 1)
    assert not Change.objects.filter(change_type=ChangeType.HEAD_CHANGE).exists()


def test_with_one_member_left_that_member_still_becomes_head_ex_officio(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[family["花子"].pk, family["美咲"].pk],
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
        moving_to_address="群馬県利根郡みなかみ町月夜野1744番地1",
    )
    assert _fresh(family["翔太"]).is_head


def test_the_member_made_head_ex_officio_gets_a_head_change_notice(
    midori: Municipality,
    family: dict[str, Resident],
    clerk: StaffUser,
    clerk_client: Client,
    tmp_path: Path,
) -> None:
    """§4.0.4: 「世帯主変更通知書を出力することができること」 for the member made head."""
    residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[family["花子"].pk, family["美咲"].pk],
        effective_on=TODAY,
        notified_on=TODAY,
        actor=clerk,
        moving_to_address="群馬県利根郡みなかみ町月夜野1744番地1",
    )
    shota = _fresh(family["翔太"])
    head_change = Change.objects.get(change_type=ChangeType.HEAD_CHANGE)
    page = clerk_client.get(f"/{midori.lg_code}/registry/residents/{shota.pk}/")
    assert "世帯主変更通知書（PDF）" in page.content.decode()
    issued = head_change_notice_issue(municipality=midori, change_id=head_change.pk, actor=clerk)
    text = _pdf_text(issued.pdf, tmp_path)
    assert "世帯主変更通知書" in text and "山田翔太様" in text
    assert "職権であなたを世帯主として住民票に記載しました" in text
    response = clerk_client.get(
        f"/{midori.lg_code}/registry/changes/{head_change.pk}/head-change-notice/"
    )
    assert response["Content-Type"] == "application/pdf"
    # The 転出 itself made nobody head: no notice for it.
    move_out = Change.objects.get(change_type=ChangeType.MOVE_OUT)
    with pytest.raises(RuleViolation):
        head_change_notice_issue(municipality=midori, change_id=move_out.pk, actor=clerk)


def test_a_head_who_splits_off_leaves_the_others_without_a_head(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    hanako, shota = family["花子"], family["翔太"]
    household_split(
        municipality=midori,
        resident_ids=[hanako.pk],
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    hanako, shota = _fresh(hanako), _fresh(shota)
    assert hanako.is_head and hanako.household_id != shota.household_id
    assert household_head(_household(shota)) is None and shota.relationship == "子"


def _head_by_correction(midori: Municipality, resident: Resident) -> Change:
    return resident_correct(
        municipality=midori,
        resident_id=resident.pk,
        change_type=ChangeType.EX_OFFICIO_CORRECTION,
        updates={"relationship": "世帯主"},
        reason="届出の誤り",
        actor=None,
    )


def test_a_headless_household_still_refuses_a_second_head(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    _head_dies(midori, family)
    _head_by_correction(midori, family["翔太"])
    with pytest.raises(RuleViolation) as caught:
        _head_by_correction(midori, family["美咲"])
    assert caught.value.code == "household.head_duplicate"
    assert _fresh(family["翔太"]).is_head and not _fresh(family["美咲"]).is_head


def test_head_change_restores_a_head_with_the_proposals_of_before(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    shota, misaki = family["翔太"], family["美咲"]
    before = relationships_propose(members=list(family.values()), new_head=shota)[misaki.pk]
    _head_dies(midori, family)
    staying = [_fresh(shota), _fresh(misaki)]
    # Proposed from the former head (a woman: her 子 翔太's sibling), as while she lived.
    assert relationships_propose(members=staying, new_head=staying[0])[misaki.pk] == before

    household_head_change(
        municipality=midori,
        household_id=shota.household_id,
        new_head_id=shota.pk,
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
        relationships={misaki.pk: "妹"},
    )
    shota, misaki = _fresh(shota), _fresh(misaki)
    assert household_head(_household(shota)) == shota
    assert misaki.relationship == "妹"
    assert (shota.history_number, misaki.history_number) == (2, 2)


# ---------------------------------------------------------------------------- API


def _post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(
        f"/api/v1/{LG}/registry{path}", json.dumps(body), content_type="application/json"
    )


def test_the_removal_endpoint_leaves_the_household_without_a_head(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    hanako, shota, misaki = family["花子"], family["翔太"], family["美咲"]
    dates = {"effective_on": TODAY.isoformat(), "notified_on": TODAY.isoformat()}
    response = _post(
        clerk_client, "/changes/removal", {"type": "death", "resident_ids": [hanako.pk], **dates}
    )
    assert response.status_code == 201, response.content
    assert response.json()["resident_ids"] == [hanako.pk]
    household_url = f"/api/v1/{LG}/registry/households/{hanako.household_id}"
    household = clerk_client.get(household_url).json()
    assert household["is_active"] and household["head_id"] is None
    assert {m["id"] for m in household["members"]} == {shota.pk, misaki.pk}
    assert _fresh(misaki).relationship == "子"

    response = _post(
        clerk_client,
        "/changes/head-change",
        {
            "household_id": hanako.household_id,
            "new_head_id": shota.pk,
            "relationships": {str(misaki.pk): "妹"},
            **dates,
        },
    )
    assert response.status_code == 201, response.content
    assert clerk_client.get(household_url).json()["head_id"] == shota.pk


# ---------------------------------------------------------------------------- pages


def test_the_household_page_says_there_is_no_head_and_offers_the_head_change(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    hanako, shota = family["花子"], family["翔太"]
    household_page = f"/{LG}/registry/households/{hanako.household_id}/"
    response = clerk_client.post(
        f"{household_page}death/",
        {"members": [hanako.pk], "effective_on": "令和8年4月7日", "notified_on": "R8.4.7"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == household_page
    page = response.content.decode()
    assert "「死亡」を記録しました" in page
    assert "この世帯は世帯主未設定になりました。世帯主変更届" in page
    assert "世帯主：未設定（世帯主変更の届出待ち）" in page
    assert f'href="{household_page}head/"' in page
    assert page.count("<td>子</td>") == 2
    assert _fresh(hanako).status == ResidentStatus.CLOSED

    form = clerk_client.get(f"{household_page}head/").content.decode()
    assert f'<option value="{shota.pk}">' in form
    clerk_client.post(
        f"{household_page}head/",
        {
            "new_head": shota.pk,
            f"relationship_{family['美咲'].pk}": "妹",
            "effective_on": "令和8年4月7日",
            "notified_on": "R8.4.7",
        },
    )
    page = clerk_client.get(household_page).content.decode()
    assert "世帯主：未設定" not in page and "<strong>世帯主</strong>" in page


def test_a_birth_can_be_recorded_in_a_household_without_a_head(
    clerk_client: Client, midori: Municipality, family: dict[str, Resident]
) -> None:
    _head_dies(midori, family)
    url = f"/{LG}/registry/households/{family['翔太'].household_id}/birth/"
    page = clerk_client.get(url).content.decode()
    assert "（世帯主未設定）に子を記載します" in page
    assert family["翔太"].address in page


# ---------------------------------------------------------------------------- 住民票


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is missing: install poppler-utils"
    path = tmp_path / "juminhyo.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(  # noqa: S603 - fixed tool, our own temporary file
        [tool, "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"\s+", "", out)


def test_a_juminhyo_of_a_headless_household_prints_the_head_blank(
    midori: Municipality, family: dict[str, Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    settings = MunicipalitySettings.objects.get(municipality=midori)
    settings.mayor_name = "山田　一郎"
    settings.save()
    midori.settings = settings
    _head_dies(midori, family)
    issued = certificate_issue(
        municipality=midori,
        kind=CertificateKind.JUMINHYO,
        resident_ids=[family["翔太"].pk, family["美咲"].pk],
        options=CertificateOptions(include_household_head_and_relationship=True),
        actor=clerk,
        purpose="住民票の写しの交付",
        request=CertificateRequest(requester="self", identity_check="drivers_license"),
    )
    text = _pdf_text(issued.pdf, tmp_path)
    assert "世帯全員" in text and "花子" not in text
    # The 世帯主 line is printed empty: the first person's 氏名 follows its label directly
    # (世帯主 may be unset, §1.1.10, and is no item that must never be blank, §1.1.6).
    assert "大間々1511番地世帯主氏名山田翔太" in text
    assert text.count("続柄子") == 2


# ---------------------------------------------------------------------------- migration layout


def test_a_headless_household_is_exported_and_imported_as_it_stands(
    midori: Municipality, minakami: Municipality, family: dict[str, Resident], tmp_path: Path
) -> None:
    # 「世帯主未設定の状態で他システムへ連携ができること」 (§1.1.10).
    _head_dies(midori, family)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)
    registry_import(
        municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
    )
    imported = Resident.objects.for_municipality(minakami).get(name="山田　翔太")
    household = _household(imported)
    assert household.is_active and household_head(household) is None
    assert imported.relationship == "子"


@pytest.mark.browser
def test_the_headless_household_page_as_a_clerk_sees_it(
    page: Page, midori: Municipality, clerk: StaffUser, family: dict[str, Resident]
) -> None:
    """The notice is read out (role=status), links to the 世帯主変更届, and the page stays
    axe-clean at 320 px."""
    _head_dies(midori, family)
    page.goto(f"/{LG}/staff/login/")
    page.get_by_label("ログインID").fill("clerk")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.goto(f"/{LG}/registry/households/{family['翔太'].household_id}/")
    notice = page.get_by_role("status").filter(has_text="世帯主：未設定")
    expect(notice).to_be_visible()
    expect(notice.get_by_role("link", name="世帯主変更届を記録する")).to_be_visible()
    assert_accessible(page, name="registry-household-without-head")
    page.set_viewport_size({"width": 320, "height": 800})
    expect(notice).to_be_visible()
    assert_accessible(page, name="registry-household-without-head-320")
