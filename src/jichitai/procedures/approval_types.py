"""What every approval action is made of (approval_actions.py explains the whole): its
`Action`, the `ActionContext` it runs in, the `ApprovalOutcome` it returns, and the household
check that the register's and the departments' actions share.

Apart from `approval_actions.py` so that `department_actions.py` can build on it while
`approval_actions.py` gathers both into the one registry, `ACTIONS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from jichitai.identity.models import StaffUser
from jichitai.linkage.services import ExchangeResult
from jichitai.procedures import errors
from jichitai.procedures.attachments import sha256_hex, storage_name
from jichitai.procedures.models import Case, CaseDocument
from jichitai.registry.models import Resident
from jichitai.registry.selectors import household_living_member_ids


@dataclass(frozen=True)
class CaseExchangeNote:
    """情報連携で取得した情報: one exchange an action made, and whose data it was about in
    words for the case page (「請求者」, 「配偶者」; never a name)."""

    exchange: ExchangeResult
    item_label: str
    about: str


@dataclass(frozen=True)
class ApprovalOutcome:
    """承認の結果 (approval outcome): what approval actions did that the case keeps, applied
    by services.case_approve. A Case field left None was not set (by this action)."""

    # The 異動 recorded in the register: the case page links to it, a 転出's hand-over sends it.
    registry_change_id: int | None = None
    # 要介護認定: the department's certification row, whose result the case pages show.
    care_certification_id: int | None = None
    # The 情報連携 exchanges whose answers the approval used (ワンスオンリー): the case keeps
    # their metadata (CaseExchange), never the values.
    exchanges: tuple[CaseExchangeNote, ...] = ()

    def case_fields(self) -> dict[str, Any]:
        """The Case fields this outcome sets, by name."""
        return {
            item.name: getattr(self, item.name)
            for item in fields(self)
            if item.name != "exchanges" and getattr(self, item.name) is not None
        }

    def merged(self, later: ApprovalOutcome) -> ApprovalOutcome:
        """This outcome with what a later action set on top (exchanges: both, in order)."""
        return replace(self, **later.case_fields(), exchanges=self.exchanges + later.exchanges)


@dataclass(frozen=True)
class ActionContext:
    """What an action gets: the locked case (its municipality, data, applicant) and who approves."""

    case: Case
    actor: StaffUser
    now: dt.datetime
    # What the actions before this one in the same approval did (a 転出's hand-over sends
    # the 異動 that registry.move_out recorded just before).
    earlier: ApprovalOutcome = ApprovalOutcome()

    @property
    def data(self) -> Mapping[str, Any]:
        return self.case.data  # type: ignore[no-any-return]  # a JSONField reads as Any

    @property
    def notified_on(self) -> dt.date:
        """届出日: the day the case was submitted (not the day it was approved)."""
        return timezone.localdate(self.case.submitted_at)

    @property
    def decided_on(self) -> dt.date:
        """処理日: the day of the approval (認定日, 再交付日)."""
        return timezone.localdate(self.now)


Check = Callable[[Mapping[str, Any], Resident | None], None]


def no_check(data: Mapping[str, Any], applicant: Resident | None) -> None:
    """Nothing to check beyond the form's schema."""


def _always(case: Case) -> bool:
    return True


@dataclass(frozen=True)
class Action:
    """A back-office action: its check before the case is accepted, what it runs on approval,
    and what it does in words for the reviewer who approves (`{destination}`: the paired
    municipality of a 引越しワンストップ). On a case it does not apply to (`applies_to`) it
    is neither run nor shown (not even with the procedure file's note)."""

    check: Check
    run: Callable[[ActionContext], ApprovalOutcome]
    effect: str = ""
    applies_to: Callable[[Case], bool] = _always


def resident_ids(rows: Sequence[Mapping[str, Any]]) -> list[int]:
    return [int(row["resident_id"]) for row in rows]


def household_check(field: str) -> Check:
    """The people in `data[field]` must be living members of the applicant's 世帯: a resident
    notifies or asks only for their own household (住民基本台帳法 第12条第1項, 第26条)."""

    def check(data: Mapping[str, Any], applicant: Resident | None) -> None:
        if applicant is None:
            raise errors.applicant_required()
        members = household_living_member_ids(resident=applicant)
        for index, resident_id in enumerate(resident_ids(data[field])):
            if resident_id not in members:
                raise errors.not_household_member(field, index)

    return check


def case_document_keep(
    context: ActionContext, *, title: str, issue_number: str, pdf: bytes
) -> None:
    """A document the approval issued (a certificate's PDF), kept with the case for the portal
    to deliver (the back-office records never store the PDFs)."""
    # Storage is not transactional: if the approval rolls back after this, an unreferenced
    # file under a random name remains, which is harmless; a row pointing at no file is not.
    name = default_storage.save(
        storage_name(lg_code=context.case.municipality_id, folder="documents", extension="pdf"),
        ContentFile(pdf),
    )
    CaseDocument.objects.create(
        municipality=context.case.municipality,
        case=context.case,
        title=title,
        issue_number=issue_number,
        content_type="application/pdf",
        sha256=sha256_hex(pdf),
        file=name,
        created_at=context.now,
    )
