"""児童手当の支払月 page of the inbox: a clerk of 子育て支援担当 runs a 支払月, reads the counts
(paid, already paid, nothing owed), runs it again without paying anyone twice and downloads
the CSV of what it paid. Bad input is a Japanese error with 400 and nothing paid; staff who
do not read the 担当's cases, and another municipality, find nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.conftest import PASSWORD, signed_in
from jichitai.departments.models import ChildAllowancePayment
from jichitai.departments.services import ClaimedChild, child_allowance_certify
from jichitai.identity.models import Role
from jichitai.identity.services import staff_create
from jichitai.identity.tests.factories import department_with_members
from jichitai.procedures.tests.department_cases import welfare_officer
from jichitai.tenants.models import Municipality

D = dt.date
URL = "/102121/office/child-allowance/payments/"


def _certify(municipality: Municipality, code: str, claimed_on: dt.date) -> None:
    """Two children of 3 or more and under 高校生年代: 20,000円 a month."""
    child_allowance_certify(
        municipality=municipality,
        recipient_code=code,
        children=[
            ClaimedChild(f"{code}-1", D(2016, 5, 1)),
            ClaimedChild(f"{code}-2", D(2017, 5, 1)),
        ],
        claimed_on=claimed_on,
        occurred_on=None,
        certified_on=claimed_on + dt.timedelta(days=5),
        income_fiscal_year=2025,
        total_income=4_000_000,
        income_exchange_id="",
        actor=None,
    )


@pytest.fixture
def client(midori: Municipality) -> Client:
    return signed_in(welfare_officer(midori))


@pytest.fixture
def recipients(midori: Municipality) -> None:
    _certify(midori, "CP-owed", D(2026, 4, 20))  # paid from May: June pays May
    _certify(midori, "CP-new", D(2026, 6, 3))  # paid from July: nothing in June


def _form(month: str = "2026-06", paid_on: str = "2026-06-10") -> dict[str, str]:
    return {"run-payment_month": month, "run-paid_on": paid_on}


def _text(response: Any) -> str:
    return str(response.content.decode())


def test_a_run_its_counts_a_second_run_and_the_csv(
    midori: Municipality, recipients: None, client: Client
) -> None:
    assert "支払月を実行する" in _text(client.get(URL))
    assert "児童手当の支払月" in _text(client.get("/102121/office/?department=child"))

    first = _text(client.post(URL, _form()))
    assert "2026年6月の支払の結果" in first
    assert "今回支払った受給者</dt><dd>1人（20,000円）" in first
    assert "支払う月分がない</dt><dd>1人" in first
    assert ChildAllowancePayment.objects.count() == 1

    again = _text(client.post(URL, _form()))
    assert "今回支払った受給者</dt><dd>0人（0円）" in again
    assert "支払済み（前の実行で）</dt><dd>1人" in again
    assert ChildAllowancePayment.objects.count() == 1
    assert AuditRecord.objects.filter(action="child_allowance.payment_run").count() == 2

    response = client.get(URL + "2026-06/csv/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == [
        "受給者の符号,支払月,最初の月分,最後の月分,支払額（円）,支払日",
        "CP-owed,2026-06,2026-05,2026-05,20000,2026-06-10",
    ]
    assert AuditRecord.objects.filter(action="child_allowance.payment_export").count() == 1


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (_form("2026-07", "2026-07-10"), "支払月は偶数月（2月・4月…12月）です。"),
        (_form("2026-13"), "支払月を正しく入力してください（例: 2026-06）。"),
        (_form(""), "支払月を入力してください。"),
        (_form(paid_on="2026-06-31"), "日付を正しく入力してください"),
        (_form(paid_on="2026-07-10"), "支払日は支払月の中の日にしてください。"),
    ],
)
def test_a_bad_month_or_day_pays_no_one(
    recipients: None, client: Client, form: dict[str, str], message: str
) -> None:
    response = client.post(URL, form)
    assert response.status_code == 400
    assert message in _text(response)
    assert not ChildAllowancePayment.objects.exists()


def test_a_bad_csv_month_is_not_found(client: Client) -> None:
    for month in ("2026-07", "2026-13", "June"):
        assert client.get(f"{URL}{month}/csv/").status_code == 404


def test_staff_outside_the_department_and_other_municipalities_find_nothing(
    midori: Municipality, minakami: Municipality, recipients: None
) -> None:
    user = staff_create(
        municipality=midori,
        username="kaigo",
        password=PASSWORD,
        display_name="kaigo",
        roles=[Role.DEPARTMENT],
        actor=None,
        check_password=False,
    )
    department_with_members(midori, code="kaigo", name="介護保険課", keys=["care"], members=[user])
    care = signed_in(user)
    assert care.get(URL).status_code == 404
    assert care.post(URL, _form()).status_code == 404
    assert care.get(URL + "2026-06/csv/").status_code == 404

    outsider = signed_in(welfare_officer(minakami, username="outsider"))
    run = _text(outsider.post(f"/{minakami.lg_code}/office/child-allowance/payments/", _form()))
    assert "今回支払った受給者</dt><dd>0人（0円）" in run
    assert not ChildAllowancePayment.objects.exists()
