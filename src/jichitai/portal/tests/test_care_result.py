"""要介護認定の結果 on the resident's case page: while the 介護認定審査会 judges, the page says
so; once the 介護保険担当 records the result, it shows the level and the 有効期間 in words (or
非該当, with no period)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from jichitai.departments.models import Business, CareLevel
from jichitai.departments.services import care_certification_decide, care_insured_enrol
from jichitai.identity.jpki.virtual_card import VirtualCard
from jichitai.portal.tests.helpers import demo_bind, demo_sign_in
from jichitai.procedures.tests.department_cases import (
    approve,
    care_need_data,
    code_of,
    counter_submit,
    welfare_officer,
)
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        (CareLevel.CARE_2, "<strong>要介護2</strong>と認定されました。"),
        (CareLevel.NOT_APPLICABLE, "要介護・要支援のどちらにも当たらないと判定されました。"),
    ],
)
def test_the_resident_reads_the_result_and_its_period(
    midori: Municipality,
    yamada_card: tuple[dict[str, Resident], VirtualCard],
    level: CareLevel,
    expected: str,
) -> None:
    family, card = yamada_card
    hanako = family["花子"]
    code = code_of(midori, Business.CARE, hanako)
    today = timezone.localdate()
    care_insured_enrol(
        municipality=midori,
        code=code,
        insured_number="0000012345",
        acquired_on=today - dt.timedelta(days=400),
        actor=None,
    )
    staff = welfare_officer(midori)
    case = counter_submit(midori, staff, hanako, "care_need_certification", care_need_data(hanako))
    approve(midori, case, staff)

    client = Client()
    demo_sign_in(client, card.card_id)
    demo_bind(client)
    url = f"/102121/portal/cases/{case.pk}/"
    page = client.get(url).content.decode()
    assert "認定の結果" in page
    assert "介護認定審査会で審査しています。" in page

    applied = timezone.localdate(case.submitted_at)
    period = level != CareLevel.NOT_APPLICABLE
    valid_to = applied + dt.timedelta(days=364)
    care_certification_decide(
        municipality=midori,
        code=code,
        level=level,
        decided_on=applied,
        valid_from=applied if period else None,
        valid_to=valid_to if period else None,
        actor=staff,
    )
    page = client.get(url).content.decode()
    assert "介護認定審査会で審査しています。" not in page
    assert expected in page
    if period:
        start = f"{applied.year}年{applied.month}月{applied.day}日"
        end = f"{valid_to.year}年{valid_to.month}月{valid_to.day}日"
        assert f"{start}から{end}まで" in page
    else:
        assert "有効期間" not in page
