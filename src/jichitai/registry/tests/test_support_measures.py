"""支援措置 (doc/j160.txt §1.1.16, doc/j440.txt §3.4): starting, extending and ending one; the
certificate refused for a protected person unless a 支援措置責任者 releases it with a reason;
the search API marking protected people and leaving their address out."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.common.exceptions import DomainError
from jichitai.conftest import signed_in
from jichitai.identity.models import StaffUser
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.models import (
    CertificateKind,
    ChangeType,
    IssuedCertificate,
    MoveOutCertificate,
    Resident,
    SupportMeasure,
    SupportMeasureRelease,
)
from jichitai.registry.selectors import resident_support_status, support_measures_covering
from jichitai.registry.services import (
    Address,
    CertificateOptions,
    CertificateRequest,
    Offender,
    SupportAffairs,
    SupportRelative,
    SupportTransfer,
    certificate_issue,
    move_out_certificate_send,
    period_end_default,
    residents_move_in_from_certificate,
    residents_remove,
    support_measure_confirm,
    support_measure_end,
    support_measure_end_notice,
    support_measure_extend,
    support_measure_start,
    support_measure_update,
)
from jichitai.registry.tests.certificates.helpers import pdf_text
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 4, 7)
COUNTER = CertificateRequest(requester="agent", identity_check="drivers_license")


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def family(midori: Municipality) -> dict[str, Resident]:
    midori.settings.mayor_name = "緑川　一郎"
    midori.settings.save()
    return yamada_family(midori)


def _protect(
    midori: Municipality, family: dict[str, Resident], actor: StaffUser, **extra: object
) -> SupportMeasure:
    """花子 asks for support for herself and 翔太 (子); 美咲 is not named."""
    return support_measure_start(
        municipality=midori,
        applicant_id=family["花子"].pk,
        relatives=[SupportRelative(resident_id=family["翔太"].pk, relation="子")],
        starts_on=TODAY,
        offender=Offender(name="加害　太郎", address="東京都千代田区千代田1番1号"),
        reason="配偶者からの暴力（警察署の意見を確認）",
        actor=actor,
        **extra,  # type: ignore[arg-type]  # keyword arguments of support_measure_start
    )


def _issue(midori: Municipality, ids: list[int], actor: StaffUser, **request: object) -> object:
    return certificate_issue(
        municipality=midori,
        kind=CertificateKind.JUMINHYO,
        resident_ids=ids,
        options=CertificateOptions(),
        actor=actor,
        purpose="住民票の写しの交付",
        request=CertificateRequest(
            requester="agent",
            identity_check="drivers_license",
            **request,  # type: ignore[arg-type]  # CertificateRequest's fields
        ),
    )


def test_period_end_default_is_one_year_less_a_day() -> None:
    # doc/j440.txt §3.4: 令和2年4月1日 → 令和3年3月31日.
    assert period_end_default(dt.date(2020, 4, 1)) == dt.date(2021, 3, 31)
    assert period_end_default(dt.date(2024, 2, 29)) == dt.date(2025, 2, 27)


def test_start_protects_the_applicant_and_the_named_relatives_for_a_year(
    midori: Municipality, family: dict[str, Resident], supervisor: StaffUser
) -> None:
    measure = _protect(midori, family, supervisor)
    assert (measure.starts_on, measure.ends_on) == (TODAY, dt.date(2027, 4, 6))
    ids = [r.pk for r in family.values()]
    protected = support_measures_covering(municipality=midori, resident_ids=ids, on=TODAY)
    assert set(protected) == {family["花子"].pk, family["翔太"].pk}
    assert not support_measures_covering(
        municipality=midori, resident_ids=ids, on=dt.date(2027, 4, 7)
    )
    record = AuditRecord.objects.get(action="registry.support_measure_start")
    assert record.detail["residents"] == 2
    assert "加害" not in json.dumps(record.detail, ensure_ascii=False)


def test_start_refuses_a_counter_clerk_and_a_period_over_a_year(
    midori: Municipality, family: dict[str, Resident], clerk: StaffUser, supervisor: StaffUser
) -> None:
    with pytest.raises(DomainError) as denied:
        _protect(midori, family, clerk)
    assert denied.value.code == RegistryErrorCode.SUPPORT_MEASURE_NOT_PERMITTED
    assert AuditRecord.objects.filter(
        action="registry.support_measure_start", result="denied"
    ).exists()
    with pytest.raises(DomainError) as too_long:
        _protect(midori, family, supervisor, ends_on=dt.date(2027, 4, 7))
    assert too_long.value.code == RegistryErrorCode.SUPPORT_MEASURE_PERIOD_INVALID
    with pytest.raises(DomainError) as twice:
        support_measure_start(
            municipality=midori,
            applicant_id=family["花子"].pk,
            relatives=[SupportRelative(resident_id=family["花子"].pk)],
            starts_on=TODAY,
            reason="申出",
            actor=supervisor,
        )
    assert twice.value.code == RegistryErrorCode.SUPPORT_MEASURE_PEOPLE_INVALID
    assert not SupportMeasure.objects.exists()


def test_extension_opens_a_month_before_the_end_and_adds_a_year(
    midori: Municipality,
    family: dict[str, Resident],
    supervisor: StaffUser,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    measure = _protect(midori, family, supervisor)
    with pytest.raises(DomainError) as early:
        support_measure_extend(municipality=midori, measure_id=measure.pk, actor=supervisor)
    assert early.value.code == RegistryErrorCode.SUPPORT_MEASURE_EXTENSION_TOO_EARLY
    # 令和9年3月6日: one month before 令和9年4月6日, the alert shows and extending is allowed.
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2027, 3, 6))
    status = resident_support_status(resident=family["花子"], on=dt.date(2027, 3, 6))
    assert status.current == measure and status.ending_soon
    extended = support_measure_extend(municipality=midori, measure_id=measure.pk, actor=supervisor)
    assert extended.ends_on == dt.date(2028, 4, 6) and extended.extensions == 1


def test_a_lapsed_measure_is_shown_until_extended_and_an_ended_one_is_not(
    midori: Municipality, family: dict[str, Resident], supervisor: StaffUser
) -> None:
    measure = _protect(midori, family, supervisor)
    lapsed = resident_support_status(resident=family["花子"], on=dt.date(2027, 5, 1))
    assert lapsed.current is None and lapsed.lapsed == measure
    ended = support_measure_end(
        municipality=midori, measure_id=measure.pk, reason="申出者から終了の申出", actor=supervisor
    )
    assert ended.is_ended and ended.ends_on == TODAY - dt.timedelta(days=1)
    assert not resident_support_status(resident=family["花子"], on=TODAY).shown
    with pytest.raises(DomainError) as again:
        support_measure_extend(municipality=midori, measure_id=measure.pk, actor=supervisor)
    assert again.value.code == RegistryErrorCode.SUPPORT_MEASURE_ENDED


def test_provisional_measure_protects_and_is_confirmed(
    midori: Municipality, family: dict[str, Resident], supervisor: StaffUser
) -> None:
    measure = _protect(midori, family, supervisor, provisional=True)
    status = resident_support_status(resident=family["翔太"], on=TODAY)
    assert status.current is not None and status.current.provisional
    confirmed = support_measure_confirm(
        municipality=midori, measure_id=measure.pk, actor=supervisor
    )
    assert not confirmed.provisional


def test_certificate_of_a_protected_person_is_refused_and_audited(
    midori: Municipality, family: dict[str, Resident], supervisor: StaffUser, clerk: StaffUser
) -> None:
    _protect(midori, family, supervisor)
    with pytest.raises(DomainError) as refused:
        _issue(midori, [family["翔太"].pk], clerk)
    assert refused.value.code == RegistryErrorCode.SUPPORT_MEASURE_PROTECTED
    assert refused.value.status == 403
    assert not IssuedCertificate.objects.exists()
    denied = AuditRecord.objects.get(action="registry.certificate_issue", result="denied")
    assert denied.detail["support_measure"] is True
    # A counter clerk cannot release it, reason or not.
    with pytest.raises(DomainError) as not_permitted:
        _issue(midori, [family["翔太"].pk], clerk, support_release_reason="審査済み")
    assert not_permitted.value.code == RegistryErrorCode.SUPPORT_MEASURE_NOT_PERMITTED
    # 美咲 is not protected: her certificate is issued as before.
    _issue(midori, [family["美咲"].pk], clerk)
    assert IssuedCertificate.objects.count() == 1


def test_support_officer_releases_with_a_reason_recorded(
    midori: Municipality, family: dict[str, Resident], supervisor: StaffUser
) -> None:
    _protect(midori, family, supervisor)
    _issue(
        midori,
        [family["花子"].pk, family["美咲"].pk],
        supervisor,
        support_release_reason="本人が来庁、運転免許証で本人確認",
    )
    release = SupportMeasureRelease.objects.get()
    assert (release.resident_id, release.released_by_id) == (family["花子"].pk, supervisor.pk)
    assert release.reason == "本人が来庁、運転免許証で本人確認"
    assert release.purpose == SupportMeasureRelease.Purpose.CERTIFICATE
    audit = AuditRecord.objects.get(action="registry.support_measure_release")
    assert audit.object_id == str(release.pk) and audit.actor_id == str(supervisor.pk)
    assert "本人確認" not in json.dumps(audit.detail, ensure_ascii=False)


def test_the_protected_person_may_have_their_own_certificate(
    midori: Municipality, family: dict[str, Resident], supervisor: StaffUser, clerk: StaffUser
) -> None:
    """本人からの請求 (the portal names the card holder as `applicant_id`): 花子 gets her own
    and 翔太's, who is protected with her; 美咲 protected by another measure is still refused."""
    _protect(midori, family, supervisor)
    _issue(midori, [family["花子"].pk, family["翔太"].pk], clerk, applicant_id=family["花子"].pk)
    support_measure_start(
        municipality=midori,
        applicant_id=family["美咲"].pk,
        starts_on=TODAY,
        reason="児童虐待",
        actor=supervisor,
    )
    with pytest.raises(DomainError) as refused:
        _issue(midori, [family["美咲"].pk], clerk, applicant_id=family["花子"].pk)
    assert refused.value.code == RegistryErrorCode.SUPPORT_MEASURE_PROTECTED


def test_search_api_marks_protected_people_without_their_address(
    midori: Municipality,
    family: dict[str, Resident],
    supervisor: StaffUser,
    clerk_client: Client,
) -> None:
    _protect(midori, family, supervisor)
    response = clerk_client.post(
        "/api/v1/102121/registry/residents/search",
        json.dumps({"name": "ヤマダ"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["items"]}
    assert rows[family["花子"].pk]["support_measure"] is True
    assert rows[family["花子"].pk]["address"] == ""
    assert rows[family["美咲"].pk]["support_measure"] is False
    assert rows[family["美咲"].pk]["address"] == family["美咲"].address


def test_certificate_api_refuses_then_releases(
    midori: Municipality,
    family: dict[str, Resident],
    supervisor: StaffUser,
    clerk_client: Client,
) -> None:
    _protect(midori, family, supervisor)
    supervisor_client = signed_in(supervisor)
    body = {
        "kind": "juminhyo",
        "resident_ids": [family["翔太"].pk],
        "requester": "agent",
        "identity_check": "drivers_license",
    }
    path = "/api/v1/102121/registry/certificates"
    refused = clerk_client.post(path, json.dumps(body), content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "support_measure.protected"
    body["support_release_reason"] = "裁判所への提出（審査済み）"
    issued = supervisor_client.post(path, json.dumps(body), content_type="application/json")
    assert issued.status_code == 200 and issued["Content-Type"] == "application/pdf"
    assert SupportMeasureRelease.objects.count() == 1


def test_a_move_carries_the_measure_and_the_new_town_protects_from_the_move_in(
    midori: Municipality, minakami: Municipality, family: dict[str, Resident], supervisor: StaffUser
) -> None:
    """転出証明書情報 carries the 支援措置 (DESIGN.md: every exchange checks the flag); the 転入
    there starts a 仮支援措置 for the same people until the former period ends, and the 除票
    here stays protected (doc/j440.txt §3.4)."""
    _protect(midori, family, supervisor)
    change = residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[r.pk for r in family.values()],
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
        moving_to_address="群馬県利根郡みなかみ町後閑318番地",
    )
    move_out_certificate_send(
        municipality=midori, change_id=change.pk, destination_lg_code="104493", actor=None
    )
    certificate = MoveOutCertificate.objects.get()
    assert certificate.carries_support_measures  # the 転入待ち pages mark it
    carried = certificate.carried["registry.support_measures"]
    assert [(c["position"], c["role"], c["relation"]) for c in carried] == [
        (0, "applicant", ""),
        (1, "relative", "子"),
    ]
    assert "加害" not in json.dumps(certificate.carried, ensure_ascii=False)
    # The 除票 at みどり市 is still protected.
    with pytest.raises(DomainError):
        certificate_issue(
            municipality=midori,
            kind=CertificateKind.CLOSED_RECORD,
            resident_ids=[family["翔太"].pk],
            options=CertificateOptions(),
            actor=supervisor,
            purpose="除票の写しの交付",
            request=COUNTER,
        )
    residents_move_in_from_certificate(
        municipality=minakami,
        certificate_id=certificate.pk,
        address=Address(address="群馬県利根郡みなかみ町後閑318番地"),
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    arrived = {r.name: r for r in Resident.objects.for_municipality(minakami)}
    taken_over = resident_support_status(resident=arrived["山田　翔太"], on=TODAY)
    assert taken_over.current is not None and taken_over.current.provisional
    assert taken_over.current.origin_name == "群馬県みどり市"
    assert taken_over.current.ends_on == dt.date(2027, 4, 6)
    assert not resident_support_status(
        resident=arrived["山田　美咲"], on=dt.date(2026, 4, 21)
    ).shown


def test_record_and_household_api_say_who_is_protected(
    midori: Municipality,
    family: dict[str, Resident],
    supervisor: StaffUser,
    clerk_client: Client,
) -> None:
    measure = _protect(midori, family, supervisor, provisional=True)
    base = "/api/v1/102121/registry"
    record = clerk_client.get(f"{base}/residents/{family['翔太'].pk}").json()
    assert record["support_measure"] == {
        "id": measure.pk,
        "starts_on": "2026-04-07",
        "ends_on": "2027-04-06",
        "provisional": True,
    }
    assert (
        clerk_client.get(f"{base}/residents/{family['美咲'].pk}").json()["support_measure"] is None
    )
    household = clerk_client.get(f"{base}/households/{family['花子'].household_id}").json()
    assert {m["id"]: m["support_measure"] for m in household["members"]} == {
        family["花子"].pk: True,
        family["翔太"].pk: True,
        family["美咲"].pk: False,
    }


def test_the_database_keeps_contact_offender_affairs_and_transfer(
    midori: Municipality, family: dict[str, Resident], supervisor: StaffUser, clerk: StaffUser
) -> None:
    """§1.1.16's items: 連絡先, the 加害者 (宛名番号 only of a record here), the 事務 asked for
    with the addresses withheld, and the 転送情報; the end date corrected within the period."""
    with pytest.raises(DomainError) as unknown:
        support_measure_start(
            municipality=midori,
            applicant_id=family["美咲"].pk,
            starts_on=TODAY,
            offender=Offender(atena_number="9999999999"),
            reason="申出",
            actor=supervisor,
        )
    assert unknown.value.code == RegistryErrorCode.SUPPORT_MEASURE_OFFENDER_UNKNOWN
    measure = support_measure_start(
        municipality=midori,
        applicant_id=family["美咲"].pk,
        starts_on=TODAY,
        offender=Offender(
            name="山田　花子",
            atena_number=family["花子"].atena_number,
            birth_date=dt.date(1990, 6, 15),
            sex="2",
        ),
        affairs=SupportAffairs(certificates=False, withheld_addresses="現住所"),
        contact="090-0000-0000",
        reason="児童虐待（児童相談所の意見）",
        actor=supervisor,
    )
    assert (measure.offender_atena_number, measure.offender_sex) == (
        family["花子"].atena_number,
        "2",
    )
    assert measure.contact == "090-0000-0000" and measure.withheld_addresses == "現住所"
    # 住民票の写し等 were not asked to be withheld: the certificate is issued.
    _issue(midori, [family["美咲"].pk], clerk)
    updated = support_measure_update(
        municipality=midori,
        measure_id=measure.pk,
        transfer=SupportTransfer(
            ends_on=dt.date(2026, 12, 31),
            forwarded_to="群馬県利根郡みなかみ町",
            forwarded_on=TODAY,
        ),
        actor=supervisor,
    )
    assert updated.ends_on == dt.date(2026, 12, 31) and updated.forwarded_to.endswith("みなかみ町")
    with pytest.raises(DomainError) as beyond:
        support_measure_update(
            municipality=midori,
            measure_id=measure.pk,
            transfer=SupportTransfer(ends_on=dt.date(2027, 4, 7)),
            actor=supervisor,
        )
    assert beyond.value.code == RegistryErrorCode.SUPPORT_MEASURE_PERIOD_INVALID


def test_end_notice_tells_the_applicant_when_support_ends_and_when_to_extend(
    midori: Municipality,
    family: dict[str, Resident],
    supervisor: StaffUser,
    clerk: StaffUser,
    tmp_path: Path,
) -> None:
    """20.5.1 支援措置期間終了通知 (doc/j440.txt §3.4), a PDF in 和暦, audited."""
    measure = _protect(midori, family, supervisor)
    with pytest.raises(DomainError):
        support_measure_end_notice(municipality=midori, measure_id=measure.pk, actor=clerk)
    pdf = support_measure_end_notice(municipality=midori, measure_id=measure.pk, actor=supervisor)
    text = "".join(pdf_text(pdf, tmp_path).split())
    assert "支援措置期間終了通知" in text and "山田花子様" in text
    assert "令和9年4月6日で終了します" in text
    assert "令和9年3月6日以降" in text
    assert "加害" not in text
    assert AuditRecord.objects.filter(
        action="registry.support_measure_notice", result="success"
    ).exists()
