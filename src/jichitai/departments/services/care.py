"""介護保険: 被保険者, 要介護・要支援認定 (申請 and 結果), 被保険者証の再交付."""

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError, transaction

from jichitai.audit.services import audit_record
from jichitai.departments.errors import (
    CareAlreadyInsured,
    CareApplicationNone,
    CareApplicationPending,
    CareNotCertified,
    CareNotInsured,
    DatesOutOfOrder,
    ValueInvalid,
)
from jichitai.departments.models import CareCardReissue, CareCertification, CareInsured, CareLevel
from jichitai.departments.services.checks import choice_checked, code_checked, order_checked
from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality

INSURED_PURPOSE = "介護保険法による被保険者の資格に関する事務"
CERTIFICATION_PURPOSE = "介護保険法による要介護認定・要支援認定に関する事務"
CARD_PURPOSE = "介護保険法による被保険者証の交付に関する事務"
INSURED_OBJECT = "departments.CareInsured"
CERTIFICATION_OBJECT = "departments.CareCertification"
_INSURED_NUMBER = re.compile(r"[0-9]{10}", re.ASCII)


# 介護保険法 第28条 (更新) and 第29条 (区分変更) change a 認定 that is in force.
_NEEDS_CERTIFICATION = frozenset({CareCertification.Kind.RENEWAL, CareCertification.Kind.CHANGE})


def certification_in_force(insured: CareInsured, *, on: dt.date) -> CareCertification | None:
    """The 要介護・要支援認定 (not 非該当) whose 有効期間 includes `on`, the latest first."""
    return (
        insured.certifications.filter(
            status=CareCertification.Status.DECIDED, valid_from__lte=on, valid_to__gte=on
        )
        .exclude(level=CareLevel.NOT_APPLICABLE)
        .order_by("-valid_from", "-pk")
        .first()
    )


def insured_locked(municipality: Municipality, code: str, *, on: dt.date) -> CareInsured:
    """The 被保険者 on `on`, row-locked. Raises CareNotInsured."""
    insured = (
        CareInsured.objects.select_for_update()
        .filter(municipality=municipality, code=code, acquired_on__lte=on, lost_on__isnull=True)
        .first()
    )
    if insured is None:
        raise CareNotInsured()
    return insured


@transaction.atomic
def care_insured_enrol(
    *,
    municipality: Municipality,
    code: str,
    insured_number: str,
    acquired_on: dt.date,
    actor: StaffUser | None,
) -> CareInsured:
    """被保険者の資格取得 (介護保険法 第9条・第10条: 65歳到達, or 40歳からの医療保険加入者,
    or 転入) with the 10-digit 被保険者番号 the municipality gives.
    Raises CodeInvalid, ValueInvalid, CareAlreadyInsured.
    """
    code_checked(code, pointer="/code")
    if not isinstance(insured_number, str) or not _INSURED_NUMBER.fullmatch(insured_number):
        raise ValueInvalid(
            pointer="/insured_number", message="被保険者番号は半角数字10桁で指定してください。"
        )
    if CareInsured.objects.filter(
        municipality=municipality, code=code, lost_on__isnull=True
    ).exists():
        raise CareAlreadyInsured()
    try:
        with transaction.atomic():
            insured = CareInsured.objects.create(
                municipality=municipality,
                code=code,
                insured_number=insured_number,
                acquired_on=acquired_on,
            )
    except IntegrityError:
        raise CareAlreadyInsured() from None
    audit_record(
        actor=actor,
        action="care.enrol",
        municipality_code=municipality.pk,
        object_type=INSURED_OBJECT,
        object_id=insured.pk,
        purpose=INSURED_PURPOSE,
    )
    return insured


@transaction.atomic
def care_certification_apply(
    *,
    municipality: Municipality,
    code: str,
    kind: CareCertification.Kind,
    applied_on: dt.date,
    actor: StaffUser | None,
) -> CareCertification:
    """要介護・要支援認定の申請 (介護保険法 第27条第1項, 第32条第1項): 新規, 更新 (第28条)
    or 区分変更 (第29条) — the last two of a 認定 in force on the day; one application waits
    for its result at a time. A 住所移転後 認定 is `care_relocation_certify`.
    Raises CodeInvalid, ValueInvalid, CareNotInsured, CareNotCertified, CareApplicationPending.
    """
    code_checked(code, pointer="/code")
    kind = choice_checked(CareCertification.Kind, kind, pointer="/kind")
    if kind == CareCertification.Kind.RELOCATION:
        raise ValueInvalid(pointer="/kind", message="住所移転後の認定は別の手続です。")
    insured = insured_locked(municipality, code, on=applied_on)
    if kind in _NEEDS_CERTIFICATION and certification_in_force(insured, on=applied_on) is None:
        raise CareNotCertified()
    if insured.certifications.filter(status=CareCertification.Status.APPLIED).exists():
        raise CareApplicationPending()
    certification = CareCertification.objects.create(
        municipality=municipality,
        insured=insured,
        kind=kind,
        applied_on=applied_on,
        status=CareCertification.Status.APPLIED,
    )
    audit_record(
        actor=actor,
        action="care.certification_apply",
        municipality_code=municipality.pk,
        object_type=CERTIFICATION_OBJECT,
        object_id=certification.pk,
        purpose=CERTIFICATION_PURPOSE,
    )
    return certification


@transaction.atomic
def care_certification_decide(
    *,
    municipality: Municipality,
    code: str,
    level: CareLevel,
    decided_on: dt.date,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    actor: StaffUser | None,
) -> CareCertification:
    """要介護認定等の結果の記録 (介護認定審査会の判定に基づく認定, 第27条第7項): the level
    and its 有効期間, which starts no earlier than the application (a 新規 認定 takes effect
    from the day of application, 第27条第8項). 非該当 has no period.
    Raises CodeInvalid, ValueInvalid, DatesOutOfOrder, CareNotInsured, CareApplicationNone.
    """
    code_checked(code, pointer="/code")
    level = choice_checked(CareLevel, level, pointer="/level")
    insured = insured_locked(municipality, code, on=decided_on)
    certification = (
        insured.certifications.select_for_update()
        .filter(status=CareCertification.Status.APPLIED)
        .first()
    )
    if certification is None:
        raise CareApplicationNone()
    order_checked(
        certification.applied_on,
        decided_on,
        pointer="/decided_on",
        message="認定日は申請日より前にできません。",
    )
    if level == CareLevel.NOT_APPLICABLE:
        if valid_from is not None or valid_to is not None:
            raise ValueInvalid(pointer="/valid_from", message="非該当には有効期間がありません。")
    else:
        if valid_from is None or valid_to is None:
            raise ValueInvalid(pointer="/valid_from", message="認定の有効期間を指定してください。")
        order_checked(
            certification.applied_on,
            valid_from,
            pointer="/valid_from",
            message="有効期間は申請日より前から始められません。",
        )
        if valid_to <= valid_from:
            raise DatesOutOfOrder(
                pointer="/valid_to", message="有効期間の終了は開始より後にしてください。"
            )
    certification.status = CareCertification.Status.DECIDED
    certification.level = level
    certification.decided_on = decided_on
    certification.valid_from = valid_from
    certification.valid_to = valid_to
    certification.save(update_fields=["status", "level", "decided_on", "valid_from", "valid_to"])
    audit_record(
        actor=actor,
        action="care.certification_decide",
        municipality_code=municipality.pk,
        object_type=CERTIFICATION_OBJECT,
        object_id=certification.pk,
        purpose=CERTIFICATION_PURPOSE,
    )
    return certification


@transaction.atomic
def care_card_reissue(
    *,
    municipality: Municipality,
    code: str,
    reason: CareCardReissue.Reason,
    reissued_on: dt.date,
    card: CareCardReissue.Card = CareCardReissue.Card.INSURANCE,
    actor: StaffUser | None,
) -> CareCardReissue:
    """被保険者証 (介護保険法施行規則 第27条) or 負担割合証 (第28条の2) の再交付 to a current
    被保険者. Raises CodeInvalid, ValueInvalid, CareNotInsured.
    """
    code_checked(code, pointer="/code")
    reason = choice_checked(CareCardReissue.Reason, reason, pointer="/reason")
    card = choice_checked(CareCardReissue.Card, card, pointer="/card")
    insured = insured_locked(municipality, code, on=reissued_on)
    reissue = CareCardReissue.objects.create(
        municipality=municipality,
        insured=insured,
        card=card,
        reason=reason,
        reissued_on=reissued_on,
    )
    audit_record(
        actor=actor,
        action="care.card_reissue",
        municipality_code=municipality.pk,
        object_type=INSURED_OBJECT,
        object_id=insured.pk,
        purpose=CARD_PURPOSE,
        detail={"cost_share_card": card == CareCardReissue.Card.COST_SHARE},
    )
    return reissue
