"""The portal finds each procedure of the national plan (docs/procedures.md) by the words a
resident would type and by its life event: 「手続をさがす」 lists it with a link to its page."""

from __future__ import annotations

import pytest
from django.test import Client

from jichitai.tenants.models import Municipality

# (catalog file, what a resident types, the life event chip)
SEARCHES = [
    ("child_allowance_claim", "児童手当 認定請求", "子育て"),
    ("child_allowance_revision", "じどうてあて 額改定", "子育て"),
    ("child_allowance_change", "児童手当 住所変更", "子育て"),
    ("child_allowance_extinction", "児童手当 消滅", "引越し"),
    ("child_allowance_unpaid", "児童手当 未支払 亡くなった", "子育て"),
    ("child_allowance_donation", "児童手当 寄付", "子育て"),
    ("child_allowance_donation_change", "寄附 変更", "子育て"),
    ("child_allowance_fee_deduction", "給食費 児童手当", "就学"),
    ("child_allowance_fee_deduction_change", "給食費 変更", "子育て"),
    ("child_allowance_status", "児童手当 現況届", "子育て"),
    ("child_support_status", "ひとり親 現況届", "子育て"),
    ("childcare_certification", "支給認定", "子育て"),
    ("nursery_application", "ほいくえん 申込", "子育て"),
    ("childcare_status_report", "保育 現況届", "子育て"),
    ("pregnancy_notification", "妊娠", "妊娠・出産"),
    ("care_need_certification", "要介護 認定", "介護"),
    ("care_plan_notification", "ケアプラン", "介護"),
    ("care_cost_share_card_reissue", "負担割合証", "介護"),
    ("care_insurance_card_reissue", "介護 被保険者証", "介護"),
    ("care_high_cost_benefit", "高額介護", "介護"),
    ("care_cost_limit_certification", "負担限度額", "介護"),
    ("care_equipment_purchase", "福祉用具", "介護"),
    ("care_home_modification", "手すり 住宅改修", "介護"),
    ("care_relocation_certification", "介護 引越し 認定", "引越し"),
    ("disaster_certificate", "りさいしょうめい 台風", "証明書"),
]


@pytest.mark.parametrize(("procedure_id", "words", "event"), SEARCHES)
def test_the_portal_finds_the_procedure_by_words_and_life_event(
    client: Client, midori: Municipality, procedure_id: str, words: str, event: str
) -> None:
    link = f'href="/102121/portal/procedures/{procedure_id}/"'
    by_words = client.get("/102121/portal/procedures/", {"q": words})
    by_event = client.get("/102121/portal/procedures/", {"event": event})
    assert by_words.status_code == by_event.status_code == 200
    assert link in by_words.content.decode()
    assert link in by_event.content.decode()
