"""Items of the record added for issue #13 item 13: the 郵便番号 of 転入前住所 and 転出先住所
(doc/j170.txt §1.1.17), the 国民健康保険 and 国民年金 items of doc/j10.txt §1.1.1 and the
card status (doc/j1110.txt §7.1.1.3): services, history, API and the resident page."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jichitai.common.exceptions import InvalidInput, RuleViolation
from jichitai.identity.models import StaffUser
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.selectors import resident_as_of
from jichitai.registry.services import resident_correct, residents_remove
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality
from jichitai.testing.client import ClientResponse

TODAY = dt.date(2026, 4, 7)
BASE = "/api/v1/102121/registry"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def family(midori: Municipality) -> dict[str, Resident]:
    return yamada_family(midori)


def _correct(municipality: Municipality, resident: Resident, **updates: Any) -> Resident:
    resident_correct(
        municipality=municipality,
        resident_id=resident.pk,
        change_type=ChangeType.EX_OFFICIO_CORRECTION,
        updates=updates,
        reason="国保・年金担当課からの通知",
        actor=None,
        effective_on=TODAY,
    )
    return Resident.objects.get(pk=resident.pk)


def test_the_postal_codes_of_the_former_and_the_next_address_are_kept(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    # 転入前住所 東京都千代田区千代田1番1号: Japan Post's code for 千代田.
    assert hanako.previous_postal_code == "1000001"
    residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[r.pk for r in family.values()],
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
        moving_to_address="東京都千代田区千代田1番1号",
    )
    hanako.refresh_from_db()
    assert hanako.moving_to_postal_code == "1000001"
    assert hanako.history.latest("history_number").snapshot["moving_to_postal_code"] == "1000001"
    # Entered by hand where the data has none (abroad, or a town with several codes).
    hanako = _correct(midori, hanako, moving_to_postal_code="〒100-0014")
    assert hanako.moving_to_postal_code == "1000014"


def test_health_insurance_and_pension_items_are_recorded_with_history(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    hanako = _correct(
        midori,
        family["花子"],
        national_health_insurance=True,
        nhi_acquired_on=dt.date(2024, 4, 1),
        nhi_retiree=True,
        national_pension=True,
        basic_pension_number="１２３４－５６７８９０",
        pension_category="first",
        pension_category_changed_on=dt.date(2024, 4, 1),
        pension_acquired_on=dt.date(2010, 6, 15),
    )
    assert hanako.basic_pension_number == "1234567890"
    assert hanako.get_pension_category_display() == "第1号被保険者"
    hanako = _correct(midori, hanako, nhi_lost_on=dt.date(2026, 3, 31))
    # The state before the loss is still readable as of a date.
    before = resident_as_of(resident=hanako, on=dt.date(2026, 4, 6))
    assert before is not None and before["nhi_lost_on"] is None
    now = resident_as_of(resident=hanako, on=TODAY)
    assert now is not None and now["nhi_lost_on"] == "2026-03-31"
    assert now["nhi_acquired_on"] == "2024-04-01" and now["nhi_retiree"] is True


def test_the_card_status_is_recorded(midori: Municipality, family: dict[str, Resident]) -> None:
    hanako = _correct(
        midori,
        family["花子"],
        my_number_card_status="issued",
        my_number_card_status_on=dt.date(2025, 2, 1),
    )
    assert hanako.get_my_number_card_status_display() == "交付済"
    hanako = _correct(
        midori,
        hanako,
        my_number_card_status="suspended",
        my_number_card_status_on=dt.date(2026, 4, 1),
        juki_card_status="abolished",
        juki_card_status_on=dt.date(2016, 1, 1),
    )
    assert hanako.my_number_card_status == "suspended" and hanako.juki_card_status == "abolished"
    assert hanako.history.count() == 3


@pytest.mark.parametrize(
    ("updates", "error", "code", "field"),
    [
        (
            {"basic_pension_number": "12345"},
            InvalidInput,
            "registry.basic_pension_number_format",
            "/basic_pension_number",
        ),
        (
            {"previous_postal_code": "12-34"},
            InvalidInput,
            "postal_code.format",
            "/previous_postal_code",
        ),
        (
            {"nhi_acquired_on": dt.date(2026, 4, 1), "nhi_lost_on": dt.date(2026, 3, 1)},
            RuleViolation,
            "registry.qualification_dates",
            "/nhi_lost_on",
        ),
        (
            {"pension_acquired_on": dt.date(2026, 4, 1), "pension_lost_on": dt.date(2020, 1, 1)},
            RuleViolation,
            "registry.qualification_dates",
            "/pension_lost_on",
        ),
    ],
)
def test_bad_items_are_refused_with_a_field_pointer(
    midori: Municipality,
    family: dict[str, Resident],
    updates: dict[str, Any],
    error: type[Exception],
    code: str,
    field: str,
) -> None:
    with pytest.raises(error) as caught:
        _correct(midori, family["花子"], **updates)
    assert getattr(caught.value, "code", None) == code
    assert [e.field for e in caught.value.errors] == [field]  # type: ignore[attr-defined]  # DomainError


def _post(client: Client, path: str, body: dict[str, Any]) -> ClientResponse:
    return client.post(f"{BASE}{path}", json.dumps(body), content_type="application/json")


def _correction(resident: Resident, **updates: Any) -> dict[str, Any]:
    return {"type": "ex_officio_correction", "updates": updates, "reason": "担当課からの通知"}


def test_api_records_and_returns_the_new_items(
    supervisor: StaffUser, family: dict[str, Resident]
) -> None:
    client = Client()
    client.force_login(supervisor)
    hanako = family["花子"]
    body = _correction(
        hanako,
        nhi_acquired_on="2024-04-01",
        basic_pension_number="1234-567890",
        pension_category="third",
        my_number_card_status="issued",
        my_number_card_status_on="2025-02-01",
    )
    response = _post(client, f"/residents/{hanako.pk}/correction", body)
    assert response.status_code == 201, response.content
    record = client.get(f"{BASE}/residents/{hanako.pk}").json()
    assert record["nhi_acquired_on"] == "2024-04-01"
    assert record["basic_pension_number"] == "1234567890"
    assert record["pension_category"] == "third"
    assert record["my_number_card_status"] == "issued"
    assert record["previous_postal_code"] == "1000001"


@pytest.mark.parametrize(
    ("updates", "code", "field"),
    [
        (
            {"basic_pension_number": "abcd"},
            "registry.basic_pension_number_format",
            "/basic_pension_number",
        ),
        (
            {"basic_pension_number": "1" * 13},
            "validation.failed",
            "/body/body/updates/basic_pension_number",
        ),
        (
            {"pension_category": "second"},
            "validation.failed",
            "/body/body/updates/pension_category",
        ),
        (
            {"my_number_card_status": "lost"},
            "validation.failed",
            "/body/body/updates/my_number_card_status",
        ),
        ({"moving_to_postal_code": "abc"}, "postal_code.format", "/moving_to_postal_code"),
        (
            {"pension_acquired_on": "2026-04-01", "pension_lost_on": "2026-01-01"},
            "registry.qualification_dates",
            "/pension_lost_on",
        ),
    ],
)
def test_api_answers_422_with_the_field_for_bad_items(
    supervisor: StaffUser,
    family: dict[str, Resident],
    updates: dict[str, Any],
    code: str,
    field: str,
) -> None:
    client = Client()
    client.force_login(supervisor)
    hanako = family["花子"]
    response = _post(client, f"/residents/{hanako.pk}/correction", _correction(hanako, **updates))
    problem = response.json()
    assert response.status_code == 422 and problem["code"] == code, problem
    # A choice names the field and, below it, each form the value could have taken.
    fields = [e["field"] for e in problem["errors"]]
    assert fields and all(f == field or f.startswith(f"{field}/") for f in fields)


def test_the_resident_page_shows_the_items_in_wareki(
    supervisor: StaffUser, midori: Municipality, family: dict[str, Resident]
) -> None:
    hanako = _correct(
        midori,
        family["花子"],
        national_health_insurance=True,
        nhi_acquired_on=dt.date(2024, 4, 1),
        national_pension=True,
        basic_pension_number="1234567890",
        pension_category="first",
        pension_acquired_on=dt.date(2010, 6, 15),
        my_number_card_status="issued",
        my_number_card_status_on=dt.date(2025, 2, 1),
    )
    client = Client()
    client.force_login(supervisor)
    page = client.get(f"/102121/registry/residents/{hanako.pk}/").content.decode()
    assert "資格取得 令和6年4月1日" in page
    assert "第1号被保険者" in page and "1234-567890" in page
    assert "資格取得 平成22年6月15日" in page
    assert "カード管理状況" in page and "交付済（令和7年2月1日）" in page
    assert "〒100-0001" in page


def test_the_items_are_entered_on_the_resident_page_by_correction(
    supervisor: StaffUser, family: dict[str, Resident]
) -> None:
    client = Client()
    client.force_login(supervisor)
    hanako = family["花子"]
    url = f"/102121/registry/residents/{hanako.pk}/correction/"
    page = client.get(url).content.decode()
    for label in ("国民健康保険の資格取得年月日", "基礎年金番号", "個人番号カードの発行状況"):
        assert label in page
    url += "?items=nhi_acquired_on&items=pension_category&items=my_number_card_status"
    response = client.post(
        url,
        {
            "item_nhi_acquired_on": "R6.4.1",
            "item_pension_category": "first",
            "item_my_number_card_status": "issued",
            "change_type": "ex_officio_correction",
            "reason": "国保担当課からの通知",
        },
        follow=True,
    )
    assert "「職権修正」を記録しました" in response.content.decode()
    hanako.refresh_from_db()
    assert hanako.nhi_acquired_on == dt.date(2024, 4, 1)
    assert hanako.pension_category == "first" and hanako.my_number_card_status == "issued"
