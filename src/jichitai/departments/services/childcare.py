"""保育 (子ども・子育て支援): 利用申込 with its 教育・保育給付認定 (支給認定), and placements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from jichitai.audit.services import audit_record
from jichitai.common.dates import age_reached_on
from jichitai.departments.errors import (
    ChildcareApplicationNone,
    ChildcareCategoryInvalid,
    ChildcareCertificationNone,
    ValueInvalid,
)
from jichitai.departments.models import (
    ChildcareApplication,
    ChildcareCertification,
    ChildcarePlacement,
    ChildcareStatusReport,
)
from jichitai.departments.services.checks import (
    choice_checked,
    code_checked,
    count_checked,
    month_start,
    order_checked,
    text_checked,
)
from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality

PURPOSE = "子ども・子育て支援法による教育・保育給付認定及び保育の利用調整に関する事務"
APPLICATION_OBJECT = "departments.ChildcareApplication"
CERTIFICATION_OBJECT = "departments.ChildcareCertification"
# The catalog's form asks for up to five facilities, in order of preference.
MAX_FACILITIES = 5
FACILITY_MAX_LENGTH = 100


def childcare_certification_end(
    *, birth_date: dt.date, category: ChildcareCertification.Category
) -> dt.date:
    """支給認定の有効期間の終期の上限 (子ども・子育て支援法施行規則 第8条): 3号 the day
    before the child reaches 3; 1号・2号 the day before 小学校就学 (the 4月1日 after the
    day the child reaches 6, 学校教育法 第17条)."""
    if category == ChildcareCertification.Category.THIRD:
        return age_reached_on(birth_date, 3) - dt.timedelta(days=1)
    reaches_six = age_reached_on(birth_date, 6)
    school_year = (
        reaches_six.year
        if reaches_six < dt.date(reaches_six.year, 4, 1)
        else (reaches_six.year + 1)
    )
    return dt.date(school_year, 3, 31)


def _category_checked(
    *,
    category: ChildcareCertification.Category,
    hours: ChildcareCertification.Hours | None,
    birth_date: dt.date,
    valid_from: dt.date,
) -> None:
    # 子ども・子育て支援法 第19条: 3号 is 満3歳未満, 1号・2号 満3歳以上 on the day.
    under_three = valid_from < age_reached_on(birth_date, 3)
    if under_three != (category == ChildcareCertification.Category.THIRD):
        raise ChildcareCategoryInvalid(
            pointer="/category",
            message="認定区分が子どもの年齢に合っていません（3号は満3歳未満、1号・2号は満3歳以上）。",
        )
    if (category == ChildcareCertification.Category.FIRST) != (hours is None):
        raise ChildcareCategoryInvalid(
            pointer="/hours",
            message="保育必要量は2号・3号認定にだけ指定します。",
        )


def _period_checked(
    *,
    category: ChildcareCertification.Category,
    hours: ChildcareCertification.Hours | None,
    birth_date: dt.date,
    valid_from: dt.date,
    valid_to: dt.date | None,
) -> dt.date:
    """The 認定's end: `valid_to`, or the longest the law allows; checked against both."""
    _category_checked(category=category, hours=hours, birth_date=birth_date, valid_from=valid_from)
    longest = childcare_certification_end(birth_date=birth_date, category=category)
    end = longest if valid_to is None else valid_to
    order_checked(
        valid_from, end, pointer="/valid_to", message="有効期間の終了は開始より前にできません。"
    )
    order_checked(
        end, longest, pointer="/valid_to", message="有効期間が認定区分の終期を超えています。"
    )
    return end


@transaction.atomic
def childcare_certify(
    *,
    municipality: Municipality,
    child_code: str,
    child_birth_date: dt.date,
    category: ChildcareCertification.Category,
    hours: ChildcareCertification.Hours | None,
    valid_from: dt.date,
    certified_on: dt.date,
    actor: StaffUser | None,
) -> ChildcareCertification:
    """教育・保育給付認定 on its own application (子ども・子育て支援法 第20条), e.g. 1号 for a
    幼稚園 or a 2号・3号 before any 利用申込: from `valid_from` (not before birth) to the
    longest the law allows for the category.
    Raises CodeInvalid, ValueInvalid, DatesOutOfOrder, ChildcareCategoryInvalid.
    """
    code_checked(child_code, pointer="/child_code")
    category = choice_checked(ChildcareCertification.Category, category, pointer="/category")
    if hours is not None:
        hours = choice_checked(ChildcareCertification.Hours, hours, pointer="/hours")
    start = max(valid_from, child_birth_date)
    end = _period_checked(
        category=category,
        hours=hours,
        birth_date=child_birth_date,
        valid_from=start,
        valid_to=None,
    )
    certification = ChildcareCertification.objects.create(
        municipality=municipality,
        child_code=child_code,
        category=category,
        hours=hours or "",
        certified_on=certified_on,
        valid_from=start,
        valid_to=end,
    )
    audit_record(
        actor=actor,
        action="childcare.certify",
        municipality_code=municipality.pk,
        object_type=CERTIFICATION_OBJECT,
        object_id=certification.pk,
        purpose=PURPOSE,
    )
    return certification


@transaction.atomic
def childcare_status_report(
    *,
    municipality: Municipality,
    child_code: str,
    reported_on: dt.date,
    need_continues: bool,
    ends_on: dt.date | None,
    actor: StaffUser | None,
) -> ChildcareStatusReport:
    """保育施設等の現況届 on the child's 認定 in force: the need for 保育 continues, or it
    ended, and then the 認定 ends on `ends_on` (支給認定の取消し, 子ども・子育て支援法 第24条).
    Raises CodeInvalid, ValueInvalid, DatesOutOfOrder, ChildcareCertificationNone.
    """
    code_checked(child_code, pointer="/child_code")
    if need_continues != (ends_on is None):
        raise ValueInvalid(
            pointer="/ends_on",
            message="保育の必要性がなくなったときだけ、認定を終える日を指定してください。",
        )
    certification = (
        ChildcareCertification.objects.select_for_update()
        .filter(
            municipality=municipality,
            child_code=child_code,
            valid_from__lte=reported_on,
            valid_to__gte=reported_on,
        )
        .exclude(category=ChildcareCertification.Category.FIRST)
        .order_by("-valid_from", "-pk")
        .first()
    )
    if certification is None:
        raise ChildcareCertificationNone()
    if ends_on is not None:
        order_checked(
            certification.valid_from,
            ends_on,
            pointer="/ends_on",
            message="認定を終える日は有効期間の開始より前にできません。",
        )
        certification.valid_to = min(certification.valid_to, ends_on)
        certification.save(update_fields=["valid_to"])
    report = ChildcareStatusReport.objects.create(
        municipality=municipality,
        certification=certification,
        reported_on=reported_on,
        need_continues=need_continues,
        ends_on=ends_on,
    )
    audit_record(
        actor=actor,
        action="childcare.status_report",
        municipality_code=municipality.pk,
        object_type=CERTIFICATION_OBJECT,
        object_id=certification.pk,
        purpose=PURPOSE,
        detail={"continues": need_continues},
    )
    return report


@transaction.atomic
def childcare_application_submit(
    *,
    municipality: Municipality,
    child_code: str,
    guardian_code: str,
    child_birth_date: dt.date,
    preferred_facilities: Sequence[str],
    wanted_start_on: dt.date,
    applied_on: dt.date,
    category: ChildcareCertification.Category,
    hours: ChildcareCertification.Hours | None,
    certified_on: dt.date,
    valid_to: dt.date | None = None,
    actor: StaffUser | None,
) -> ChildcareApplication:
    """保育施設等の利用申込 and its 支給認定 (子ども・子育て支援法 第20条) together, as the
    catalog's procedure asks for both: the application waits for 利用調整, the 認定 holds
    from the month wanted until `valid_to` (by default the longest the law allows).
    Raises CodeInvalid, ValueInvalid, DatesOutOfOrder, ChildcareCategoryInvalid.
    """
    code_checked(child_code, pointer="/child_code")
    code_checked(guardian_code, pointer="/guardian_code")
    count_checked(
        len(preferred_facilities), pointer="/preferred_facilities", low=1, high=MAX_FACILITIES
    )
    facilities = [
        text_checked(name, pointer=f"/preferred_facilities/{index}", max_length=FACILITY_MAX_LENGTH)
        for index, name in enumerate(preferred_facilities)
    ]
    category = choice_checked(ChildcareCertification.Category, category, pointer="/category")
    if hours is not None:
        hours = choice_checked(ChildcareCertification.Hours, hours, pointer="/hours")
    order_checked(
        child_birth_date,
        applied_on,
        pointer="/applied_on",
        message="申込日は子どもの生年月日より前にできません。",
    )
    order_checked(
        applied_on,
        certified_on,
        pointer="/certified_on",
        message="認定日は申込日より前にできません。",
    )
    start = month_start(wanted_start_on)
    valid_from = max(start, child_birth_date)
    end = _period_checked(
        category=category,
        hours=hours,
        birth_date=child_birth_date,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    application = ChildcareApplication.objects.create(
        municipality=municipality,
        child_code=child_code,
        guardian_code=guardian_code,
        child_birth_date=child_birth_date,
        preferred_facilities=facilities,
        wanted_start_month=start,
        applied_on=applied_on,
        status=ChildcareApplication.Status.APPLIED,
    )
    ChildcareCertification.objects.create(
        municipality=municipality,
        application=application,
        child_code=child_code,
        category=category,
        hours=hours or "",
        certified_on=certified_on,
        valid_from=valid_from,
        valid_to=end,
    )
    audit_record(
        actor=actor,
        action="childcare.application_submit",
        municipality_code=municipality.pk,
        object_type=APPLICATION_OBJECT,
        object_id=application.pk,
        purpose=PURPOSE,
        detail={"facilities": len(facilities)},
    )
    return application


@transaction.atomic
def childcare_placement_record(
    *,
    municipality: Municipality,
    application_id: int,
    facility: str,
    starts_on: dt.date,
    actor: StaffUser | None,
) -> ChildcarePlacement:
    """利用調整の結果 (児童福祉法 第24条第3項): the child of an open application uses
    `facility` from `starts_on`; the application is settled (利用決定).
    Raises ValueInvalid, DatesOutOfOrder, ChildcareApplicationNone.
    """
    text_checked(facility, pointer="/facility", max_length=FACILITY_MAX_LENGTH)
    application = (
        ChildcareApplication.objects.select_for_update()
        .filter(
            municipality=municipality,
            pk=application_id,
            status=ChildcareApplication.Status.APPLIED,
        )
        .first()
    )
    if application is None:
        raise ChildcareApplicationNone()
    order_checked(
        application.applied_on,
        starts_on,
        pointer="/starts_on",
        message="利用開始日は申込日より前にできません。",
    )
    placement = ChildcarePlacement.objects.create(
        municipality=municipality, application=application, facility=facility, starts_on=starts_on
    )
    application.status = ChildcareApplication.Status.PLACED
    application.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="childcare.placement_record",
        municipality_code=municipality.pk,
        object_type=APPLICATION_OBJECT,
        object_id=application.pk,
        purpose=PURPOSE,
    )
    return placement
