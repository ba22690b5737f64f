"""被災者台帳 pages of the inbox: a clerk of 被災者支援担当 records the disaster, the
resident's 罹災証明書 case waits for the survey, the reviewer records the 住家被害認定 from the
case page and approves, and the certificate is issued. Bad input is refused on the form with
nothing written; another municipality's ids are not found."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.conftest import signed_in
from jichitai.departments.models import DamageClass, Disaster, DisasterCertificate, DwellingDamage
from jichitai.identity.models import StaffUser
from jichitai.procedures.models import Case, CaseDocument, CaseState
from jichitai.procedures.tests.department_cases import counter_submit, welfare_officer
from jichitai.procedures.tests.national_cases import World
from jichitai.procedures.tests.national_disaster_cases import disaster_data, typhoon
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality

CONFIRMED = {"approve-confirmed": "on"}


@pytest.fixture
def world(midori: Municipality) -> World:
    return World(municipality=midori, people=yamada_family(midori))


@pytest.fixture
def staff(midori: Municipality) -> StaffUser:
    return welfare_officer(midori)


@pytest.fixture
def client(staff: StaffUser) -> Client:
    return signed_in(staff)


def _disasters_url(world: World) -> str:
    return f"/{world.municipality.lg_code}/office/disasters/"


def _case_url(case: Case, action: str = "") -> str:
    return f"/{case.municipality_id}/office/cases/{case.pk}/{action + '/' if action else ''}"


def _text(response: Any) -> str:
    return str(response.content.decode())


def _disaster_form(world: World, **changes: str) -> dict[str, str]:
    form = {
        "disaster-name": "令和8年台風第10号",
        "disaster-occurred_on": (world.today - dt.timedelta(days=20)).isoformat(),
        "disaster-ended_on": (world.today - dt.timedelta(days=19)).isoformat(),
        "disaster-area": "みどり市全域",
    }
    return form | {f"disaster-{key}": value for key, value in changes.items()}


def _damage_form(world: World, damage_class: str = "half", days_ago: int = 5) -> dict[str, str]:
    return {
        "damage-damage_class": damage_class,
        "damage-surveyed_on": (world.today - dt.timedelta(days=days_ago)).isoformat(),
    }


def _submit(world: World, staff: StaffUser) -> Case:
    return counter_submit(
        world.municipality,
        staff,
        world.people["花子"],
        "disaster_certificate",
        disaster_data(world),
    )


def _in_review(world: World, staff: StaffUser, client: Client) -> Case:
    """The resident's case, claimed, passed to the 調査 step and claimed again."""
    case = _submit(world, staff)
    client.post(_case_url(case, "claim"))
    client.post(_case_url(case, "approve"), CONFIRMED)
    client.post(_case_url(case, "claim"))
    case.refresh_from_db()
    assert case.state == CaseState.IN_REVIEW
    return case


def test_through_the_pages_a_disaster_a_survey_and_the_certificate(
    world: World, staff: StaffUser, client: Client
) -> None:
    assert "まだ災害は記録されていません" in _text(client.get(_disasters_url(world)))
    response = client.post(_disasters_url(world), _disaster_form(world), follow=True)
    text = _text(response)
    assert "災害「令和8年台風第10号」を被災者台帳に記録しました。" in text
    assert "みどり市全域" in text
    assert AuditRecord.objects.filter(action="disaster.record").count() == 1

    case = _in_review(world, staff, client)
    page = _text(client.get(_case_url(case)))
    assert "未記録：調査の結果を記録するまで承認できません。" in page
    refused = client.post(_case_url(case, "approve"), CONFIRMED, follow=True)
    assert "この住家の被害認定（調査の結果）がまだ記録されていません。" in _text(refused)
    assert not DisasterCertificate.objects.exists()

    recorded = client.post(_case_url(case, "damage"), _damage_form(world), follow=True)
    text = _text(recorded)
    assert "住家被害認定「半壊」を記録しました。承認できます。" in text
    assert "<strong>半壊</strong>" in text
    # A 再調査 replaces the class.
    again = client.post(
        _case_url(case, "damage"), _damage_form(world, "large_half", 2), follow=True
    )
    assert "<strong>大規模半壊</strong>" in _text(again)
    assert DwellingDamage.objects.get().damage_class == DamageClass.LARGE_HALF
    assert AuditRecord.objects.filter(action="disaster.damage_assess").count() == 2

    approved = client.post(_case_url(case, "approve"), CONFIRMED, follow=True)
    assert "を承認しました。" in _text(approved)
    case.refresh_from_db()
    assert case.state == CaseState.APPROVED
    certificate = DisasterCertificate.objects.get()
    assert certificate.damage.get_damage_class_display() == "大規模半壊"
    assert CaseDocument.objects.get(case=case).title == "罹災証明書"
    # Decided: the page shows the result, no longer the form.
    page = _text(client.get(_case_url(case)))
    assert "<strong>大規模半壊</strong>" in page
    assert "調査の結果を記録する" not in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"occurred_on": "2026-02-30"}, "日付を正しく入力してください"),
        ({"ended_on": "2026-13-01"}, "日付を正しく入力してください"),
        (
            {"occurred_on": "2026-09-10", "ended_on": "2026-09-01"},
            "終了日は発生日より前にできません。",
        ),
        ({"name": ""}, "災害名を入力してください。"),
        ({"name": "台" * 101}, "災害名は100文字以内で入力してください。"),
        ({"area": "区" * 10_000}, "被災区域は200文字以内で入力してください。"),
    ],
)
def test_a_bad_disaster_is_refused_on_the_form_and_nothing_is_written(
    world: World, client: Client, changes: dict[str, str], message: str
) -> None:
    response = client.post(_disasters_url(world), _disaster_form(world, **changes))
    assert response.status_code == 400
    assert message in _text(response)
    assert not Disaster.objects.exists()


def test_the_same_disaster_twice_is_refused(world: World, client: Client) -> None:
    client.post(_disasters_url(world), _disaster_form(world))
    response = client.post(_disasters_url(world), _disaster_form(world))
    assert response.status_code == 400
    assert "同じ災害がすでに登録されています。" in _text(response)
    assert Disaster.objects.count() == 1


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"damage-damage_class": "destroyed"}, "被害の程度は6つの区分から選んでください。"),
        ({"damage-damage_class": ""}, "被害の程度を選んでください。"),
        ({"damage-surveyed_on": "2026-04-31"}, "日付を正しく入力してください"),
        ({"damage-surveyed_on": "1999-01-01"}, "調査日は災害の発生日より前にできません。"),
    ],
)
def test_a_bad_survey_result_is_refused_on_the_case_page(
    world: World, staff: StaffUser, client: Client, form: dict[str, str], message: str
) -> None:
    typhoon(world)
    case = _in_review(world, staff, client)
    response = client.post(_case_url(case, "damage"), _damage_form(world) | form)
    assert response.status_code == 400
    assert message in _text(response)
    assert not DwellingDamage.objects.exists()


def test_the_six_classes_are_offered(world: World, staff: StaffUser, client: Client) -> None:
    typhoon(world)
    page = _text(client.get(_case_url(_in_review(world, staff, client))))
    for value, label in DamageClass.choices:
        assert f'value="{value}"' in page
        assert str(label) in page


def test_another_municipality_finds_nothing(
    world: World, staff: StaffUser, client: Client, minakami: Municipality
) -> None:
    typhoon(world)
    case = _in_review(world, staff, client)
    outsider = signed_in(welfare_officer(minakami, username="outsider"))
    damage = outsider.post(
        f"/{minakami.lg_code}/office/cases/{case.pk}/damage/", _damage_form(world)
    )
    assert damage.status_code == 404
    listing = _text(outsider.get(f"/{minakami.lg_code}/office/disasters/"))
    assert "令和8年台風第10号" not in listing
    assert not DwellingDamage.objects.exists()


def test_the_survey_form_is_only_for_disaster_certificates(
    world: World, staff: StaffUser, client: Client
) -> None:
    typhoon(world)
    other = counter_submit(
        world.municipality,
        staff,
        world.people["花子"],
        "disaster_certificate",
        disaster_data(world),
    )
    Case.objects.filter(pk=other.pk).update(procedure_id="pregnancy_notification")
    response = client.post(_case_url(other, "damage"), _damage_form(world))
    assert response.status_code == 404
