"""支援措置 (support measures, 住民基本台帳事務処理要領 第5-10): start, extend and end one
(doc/j160.txt §1.1.16, doc/j440.txt §3.4), and the check every certificate makes before it
prints a protected person (「支援対象者…の住民票の写し等の交付を実施しようとする際に、エラーと
することができること…審査の結果…エラーを解除できること」).

Only 支援措置責任者 (permissions.SUPPORT_ROLES) record them. The audit log holds ids and
counts only: the 申出's reason, the 加害者 and a release's reason stay in the registry's own
rows, which are personal data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.dates import add_months
from jichitai.common.exceptions import Conflict, InvalidInput, PermissionDenied, RuleViolation
from jichitai.common.wareki import to_wareki
from jichitai.identity.models import StaffUser
from jichitai.identity.selectors import staff_roles
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.errors import SupportMeasureNotFound
from jichitai.registry.models import (
    RELATIVES_MAX,
    Resident,
    Sex,
    SupportMeasure,
    SupportMeasurePerson,
    SupportMeasureRelease,
)
from jichitai.registry.models.support_measures import (
    CONTACT_MAX,
    NOTE_MAX,
    OFFENDER_ADDRESS_MAX,
    OFFENDER_NAME_MAX,
    RELATION_MAX,
)
from jichitai.registry.permissions import SUPPORT_ROLES
from jichitai.registry.selectors import (
    extension_opens_on,
    support_measure_get,
    support_measures_covering,
)
from jichitai.registry.services.recording import REGISTRY_PURPOSE, lock, residents_lock
from jichitai.tenants.models import Municipality

OBJECT_TYPE = "registry.SupportMeasure"


@dataclass(frozen=True, kw_only=True)
class SupportRelative:
    """併せて支援を求める者: a resident of this municipality and their 申出者との関係."""

    resident_id: int
    relation: str = ""


@dataclass(frozen=True, kw_only=True)
class Offender:
    """加害者 as the 申出 names them (free text: they may live anywhere); `atena_number` only
    when they are recorded in this municipality."""

    name: str = ""
    address: str = ""
    note: str = ""
    atena_number: str = ""
    birth_date: dt.date | None = None
    sex: str = ""


@dataclass(frozen=True, kw_only=True)
class SupportAffairs:
    """申出者より支援を求められている事務 and the addresses to withhold (§1.1.16)."""

    inspection: bool = True
    certificates: bool = True
    family_register: bool = True
    withheld_addresses: str = ""


@dataclass(frozen=True, kw_only=True)
class SupportTransfer:
    """転送情報 (§1.1.16), and the end date when it is corrected (§3.4 「必要に応じて修正」)."""

    ends_on: dt.date | None = None
    origin_name: str = ""  # 当初受付市区町村, as 転送受付市区町村
    forwarded_to: str = ""
    forwarded_on: dt.date | None = None
    forward_received_on: dt.date | None = None
    no_need_notified_on: dt.date | None = None


def period_end_default(starts_on: dt.date) -> dt.date:
    """支援措置の終了年月日 set from the start: one year, the day before the same date a year
    later (§3.4: 令和2年4月1日 → 令和3年3月31日)."""
    return add_months(starts_on, 12) - dt.timedelta(days=1)


def _role_check(*, actor: StaffUser, municipality: Municipality, action: str) -> None:
    if staff_roles(user=actor) & set(SUPPORT_ROLES) and actor.municipality_id == (
        municipality.lg_code
    ):
        return
    audit_record(
        actor=actor,
        action=action,
        municipality_code=municipality.lg_code,
        object_type=OBJECT_TYPE,
        purpose=REGISTRY_PURPOSE,
        result="denied",
    )
    raise PermissionDenied(
        code=RegistryErrorCode.SUPPORT_MEASURE_NOT_PERMITTED,
        detail="支援措置を扱う権限がありません（住民記録審査の役割が必要です）。",
    )


def _text(value: str, *, pointer: str, label: str, limit: int, required: bool = False) -> str:
    text = value.strip()
    if required and not text:
        raise InvalidInput.for_field(
            pointer,
            RegistryErrorCode.SUPPORT_MEASURE_REASON_REQUIRED,
            f"{label}を入力してください。",
        )
    if len(text) > limit:
        raise InvalidInput.for_field(
            pointer,
            RegistryErrorCode.SUPPORT_MEASURE_REASON_REQUIRED,
            f"{label}は{limit}文字以内で入力してください。",
        )
    return text


def _period_check(starts_on: dt.date, ends_on: dt.date) -> None:
    if ends_on < starts_on or ends_on > period_end_default(starts_on):
        raise RuleViolation.for_field(
            "/ends_on",
            RegistryErrorCode.SUPPORT_MEASURE_PERIOD_INVALID,
            "支援措置の終了年月日は、開始年月日から1年以内の日にしてください。",
        )


def _relatives_check(applicant_id: int, relatives: Sequence[SupportRelative]) -> None:
    ids = [r.resident_id for r in relatives]
    if len(ids) > RELATIVES_MAX or len(set(ids)) != len(ids) or applicant_id in ids:
        raise RuleViolation.for_field(
            "/relatives",
            RegistryErrorCode.SUPPORT_MEASURE_PEOPLE_INVALID,
            f"併せて支援を求める者は、申出者以外の人を重複なく{RELATIVES_MAX}人まで選んでください。",
        )


def _audit(measure: SupportMeasure, *, actor: StaffUser, action: str, **detail: int) -> None:
    audit_record(
        actor=actor,
        action=action,
        municipality_code=measure.municipality_id,
        object_type=OBJECT_TYPE,
        object_id=measure.pk,
        purpose=REGISTRY_PURPOSE,
        detail=detail,
    )


def support_measure_start(
    *,
    municipality: Municipality,
    applicant_id: int,
    relatives: Sequence[SupportRelative] = (),
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    provisional: bool = False,
    offender: Offender = Offender(),
    affairs: SupportAffairs = SupportAffairs(),
    contact: str = "",
    reason: str,
    actor: StaffUser,
) -> SupportMeasure:
    """支援措置の開始 (or 仮支援措置, while the need is being confirmed): the 申出者 and the
    併せて支援を求める者 are protected from `starts_on` to `ends_on` (1 year by default; a
    shorter end may be set, never a longer one).

    Raises PermissionDenied (`support_measure.not_permitted`, audited), ResidentNotFound
    (also another municipality's), InvalidInput (reason, texts too long), RuleViolation
    (`support_measure.period_invalid`, `support_measure.people_invalid`).
    """
    _role_check(actor=actor, municipality=municipality, action="registry.support_measure_start")
    reason = _text(reason, pointer="/reason", label="申出の内容", limit=NOTE_MAX, required=True)
    offender = Offender(
        name=_text(
            offender.name, pointer="/offender_name", label="加害者の氏名", limit=OFFENDER_NAME_MAX
        ),
        address=_text(
            offender.address,
            pointer="/offender_address",
            label="加害者の住所",
            limit=OFFENDER_ADDRESS_MAX,
        ),
        note=_text(offender.note, pointer="/offender_note", label="その他", limit=NOTE_MAX),
        atena_number=_offender_atena_checked(municipality, offender.atena_number),
        birth_date=offender.birth_date,
        sex=_offender_sex_checked(offender.sex),
    )
    affairs = SupportAffairs(
        inspection=affairs.inspection,
        certificates=affairs.certificates,
        family_register=affairs.family_register,
        withheld_addresses=_text(
            affairs.withheld_addresses,
            pointer="/withheld_addresses",
            label="抑止対象の住所等",
            limit=NOTE_MAX,
        ),
    )
    contact = _text(contact, pointer="/contact", label="連絡先", limit=CONTACT_MAX)
    relations = {
        r.resident_id: _text(
            r.relation, pointer="/relatives", label="申出者との関係", limit=RELATION_MAX
        )
        for r in relatives
    }
    _relatives_check(applicant_id, relatives)
    end = ends_on or period_end_default(starts_on)
    _period_check(starts_on, end)
    with transaction.atomic():
        return _start(
            municipality=municipality,
            applicant_id=applicant_id,
            relations=relations,
            starts_on=starts_on,
            ends_on=end,
            provisional=provisional,
            offender=offender,
            affairs=affairs,
            contact=contact,
            reason=reason,
            actor=actor,
        )


def _offender_atena_checked(municipality: Municipality, atena_number: str) -> str:
    """宛名番号 of a 加害者 recorded here: it must name a record of this municipality."""
    number = atena_number.strip()
    if not number:
        return ""
    if not (
        number.isascii()
        and number.isdigit()
        and len(number) <= 16
        and Resident.objects.for_municipality(municipality).filter(atena_number=number).exists()
    ):
        raise InvalidInput.for_field(
            "/offender_atena_number",
            RegistryErrorCode.SUPPORT_MEASURE_OFFENDER_UNKNOWN,
            "加害者の宛名番号に当たる住民がいません（この市区町村の住民の場合だけ入力します）。",
        )
    return number


def _offender_sex_checked(sex: str) -> str:
    if sex and sex not in Sex.values:
        raise InvalidInput.for_field(
            "/offender_sex",
            RegistryErrorCode.SUPPORT_MEASURE_OFFENDER_UNKNOWN,
            "加害者の性別は、男・女・適用不能から選んでください。",
        )
    return sex


def _start(
    *,
    municipality: Municipality,
    applicant_id: int,
    relations: dict[int, str],
    starts_on: dt.date,
    ends_on: dt.date,
    provisional: bool,
    offender: Offender,
    affairs: SupportAffairs,
    contact: str,
    reason: str,
    actor: StaffUser,
) -> SupportMeasure:
    residents_lock(municipality=municipality, resident_ids=[applicant_id, *relations])
    measure = SupportMeasure.objects.create(
        municipality=municipality,
        starts_on=starts_on,
        ends_on=ends_on,
        provisional=provisional,
        offender_name=offender.name,
        offender_address=offender.address,
        offender_note=offender.note,
        offender_atena_number=offender.atena_number,
        offender_birth_date=offender.birth_date,
        offender_sex=offender.sex,
        covers_inspection=affairs.inspection,
        covers_certificates=affairs.certificates,
        covers_family_register=affairs.family_register,
        withheld_addresses=affairs.withheld_addresses,
        contact=contact,
        reason=reason,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    SupportMeasurePerson.objects.bulk_create(
        [
            SupportMeasurePerson(
                municipality=municipality,
                measure=measure,
                resident_id=applicant_id,
                role=SupportMeasurePerson.Role.APPLICANT,
            ),
            *(
                SupportMeasurePerson(
                    municipality=municipality,
                    measure=measure,
                    resident_id=resident_id,
                    role=SupportMeasurePerson.Role.RELATIVE,
                    relation=relation,
                )
                for resident_id, relation in relations.items()
            ),
        ]
    )
    _audit(
        measure,
        actor=actor,
        action="registry.support_measure_start",
        residents=1 + len(relations),
        provisional=int(provisional),
    )
    return measure


def _measure_lock(*, municipality: Municipality, measure_id: int) -> SupportMeasure:
    found = lock(SupportMeasure.objects.for_municipality(municipality).filter(pk=measure_id))
    if not found:
        raise SupportMeasureNotFound
    measure = found[0]
    if measure.is_ended:
        raise Conflict(
            code=RegistryErrorCode.SUPPORT_MEASURE_ENDED,
            detail="この支援措置は終了しています。支援が必要なときは、新しい申出として記録してください。",
        )
    return measure


def support_measure_extend(
    *, municipality: Municipality, measure_id: int, actor: StaffUser
) -> SupportMeasure:
    """支援措置の延長 (§3.4): from one month before the period ends, one more year counted
    from the day after the old end. A 仮支援措置 extended stays 仮 until confirmed.

    Raises PermissionDenied, SupportMeasureNotFound, Conflict (`support_measure.ended`),
    RuleViolation (`support_measure.extension_too_early`).
    """
    _role_check(actor=actor, municipality=municipality, action="registry.support_measure_extend")
    with transaction.atomic():
        return _extend(municipality=municipality, measure_id=measure_id, actor=actor)


def _extend(*, municipality: Municipality, measure_id: int, actor: StaffUser) -> SupportMeasure:
    measure = _measure_lock(municipality=municipality, measure_id=measure_id)
    opens_on = extension_opens_on(measure)
    if timezone.localdate() < opens_on:
        raise RuleViolation.for_field(
            "/measure_id",
            RegistryErrorCode.SUPPORT_MEASURE_EXTENSION_TOO_EARLY,
            "延長は、支援措置の期間が終了する1か月前からできます。",
        )
    measure.ends_on = period_end_default(measure.ends_on + dt.timedelta(days=1))
    measure.extensions += 1
    measure.save(update_fields=["ends_on", "extensions"])
    _audit(measure, actor=actor, action="registry.support_measure_extend")
    return measure


def support_measure_update(
    *, municipality: Municipality, measure_id: int, transfer: SupportTransfer, actor: StaffUser
) -> SupportMeasure:
    """転送情報 and the corrected 終了年月日 (§1.1.16, §3.4): the end stays within the year
    counted from the start, plus a year per 延長. Raises PermissionDenied,
    SupportMeasureNotFound, Conflict (`support_measure.ended`), RuleViolation
    (`support_measure.period_invalid`), InvalidInput (texts too long)."""
    _role_check(actor=actor, municipality=municipality, action="registry.support_measure_update")
    forwarded_to = _text(
        transfer.forwarded_to, pointer="/forwarded_to", label="転送先市区町村", limit=40
    )
    origin_name = _text(
        transfer.origin_name, pointer="/origin_name", label="当初受付市区町村", limit=40
    )
    with transaction.atomic():
        measure = _measure_lock(municipality=municipality, measure_id=measure_id)
        if transfer.ends_on is not None:
            latest = period_end_default(measure.starts_on)
            for _ in range(measure.extensions):
                latest = period_end_default(latest + dt.timedelta(days=1))
            if not measure.starts_on <= transfer.ends_on <= latest:
                raise RuleViolation.for_field(
                    "/ends_on",
                    RegistryErrorCode.SUPPORT_MEASURE_PERIOD_INVALID,
                    "支援措置の終了年月日は、開始年月日から支援措置の期間（延長を含む）の"
                    "終わりまでの日にしてください。",
                )
            measure.ends_on = transfer.ends_on
        measure.forwarded_to = forwarded_to
        measure.origin_name = origin_name
        measure.forwarded_on = transfer.forwarded_on
        measure.forward_received_on = transfer.forward_received_on
        measure.no_need_notified_on = transfer.no_need_notified_on
        fields = [
            "ends_on",
            "origin_name",
            "forwarded_to",
            "forwarded_on",
            "forward_received_on",
            "no_need_notified_on",
        ]
        measure.save(update_fields=fields)
        _audit(measure, actor=actor, action="registry.support_measure_update")
    return measure


def support_measure_confirm(
    *, municipality: Municipality, measure_id: int, actor: StaffUser
) -> SupportMeasure:
    """仮支援措置から支援措置へ (§3.4): the need confirmed, the measure is no longer 仮; its
    period stays as set. Raises as support_measure_extend (no timing rule)."""
    _role_check(actor=actor, municipality=municipality, action="registry.support_measure_confirm")
    with transaction.atomic():
        measure = _measure_lock(municipality=municipality, measure_id=measure_id)
        measure.provisional = False
        measure.save(update_fields=["provisional"])
        _audit(measure, actor=actor, action="registry.support_measure_confirm")
    return measure


def support_measure_end(
    *, municipality: Municipality, measure_id: int, reason: str, actor: StaffUser
) -> SupportMeasure:
    """支援措置の終了 (§3.4: the person asked to end it, or the need is gone): support stops
    today, so its last day is yesterday. Raises PermissionDenied, SupportMeasureNotFound,
    Conflict (`support_measure.ended`), InvalidInput (reason)."""
    _role_check(actor=actor, municipality=municipality, action="registry.support_measure_end")
    reason = _text(reason, pointer="/reason", label="終了の理由", limit=NOTE_MAX, required=True)
    with transaction.atomic():
        measure = _measure_lock(municipality=municipality, measure_id=measure_id)
        now = timezone.now()
        measure.ends_on = min(measure.ends_on, timezone.localdate(now) - dt.timedelta(days=1))
        measure.ended_at = now
        measure.ended_by = actor
        measure.end_reason = reason
        measure.save(update_fields=["ends_on", "ended_at", "ended_by", "end_reason"])
        _audit(measure, actor=actor, action="registry.support_measure_end")
    return measure


def support_protection_check(
    *,
    municipality: Municipality,
    resident_ids: Iterable[int],
    on: dt.date,
    purpose: SupportMeasureRelease.Purpose,
    actor: StaffUser | None,
    action: str,
    applicant_id: int | None = None,
    release_reason: str = "",
) -> dict[int, SupportMeasure]:
    """支援措置の確認 before a certificate (or 閲覧) shows these residents: the protected ones
    that need a release, or {} when none does.

    本人からの請求 passes: a person who signed the request themself (`applicant_id`, their
    own card) may have their own record and that of the people protected with them by the
    same measure. Anyone else is refused unless a 支援措置責任者 states the reason of the
    review (`release_reason`); the caller then records it with `support_releases_record`
    inside its own transaction. Called outside that transaction: the refusal is audited
    as denied and must stay so.

    Raises PermissionDenied `support_measure.protected` (no reason given) or
    `support_measure.not_permitted` (a reason from a role that may not release), both
    audited; InvalidInput (reason too long).
    """
    affair = (
        "certificates" if purpose == SupportMeasureRelease.Purpose.CERTIFICATE else "inspection"
    )
    covering = support_measures_covering(
        municipality=municipality, resident_ids=resident_ids, on=on, affair=affair
    )
    if applicant_id is not None:
        own = set(
            SupportMeasurePerson.objects.filter(
                resident_id=applicant_id, measure__in={m.pk for m in covering.values()}
            ).values_list("measure_id", flat=True)
        )
        covering = {rid: m for rid, m in covering.items() if m.pk not in own}
    if not covering:
        return {}
    reason = _text(
        release_reason, pointer="/support_release_reason", label="解除の理由", limit=NOTE_MAX
    )
    permitted = actor is not None and bool(staff_roles(user=actor) & set(SUPPORT_ROLES))
    if reason and permitted:
        return covering
    audit_record(
        actor=actor,
        action=action,
        municipality_code=municipality.lg_code,
        object_type="registry.Resident",
        purpose=str(purpose.label),
        result="denied",
        detail={"residents": len(covering), "support_measure": True},
    )
    if reason:
        raise PermissionDenied(
            code=RegistryErrorCode.SUPPORT_MEASURE_NOT_PERMITTED,
            detail="支援措置の解除は、支援措置責任者（住民記録審査）だけが行えます。",
        )
    raise PermissionDenied(
        code=RegistryErrorCode.SUPPORT_MEASURE_PROTECTED,
        detail=(
            "支援措置の対象者が含まれているため、交付できません。審査の結果交付するときは、"
            "支援措置責任者が解除の理由を入力してください。"
        ),
    )


def support_releases_record(
    *,
    municipality: Municipality,
    protected: dict[int, SupportMeasure],
    purpose: SupportMeasureRelease.Purpose,
    reason: str,
    actor: StaffUser,
) -> list[SupportMeasureRelease]:
    """支援措置の解除の記録: one row per released person (who, when, why), each audited by id.
    Called inside the transaction that issues, so a failed issue leaves no release."""
    now = timezone.now()
    releases = SupportMeasureRelease.objects.bulk_create(
        [
            SupportMeasureRelease(
                municipality=municipality,
                resident_id=resident_id,
                measure=measure,
                purpose=purpose,
                reason=reason.strip(),
                released_by=actor,
                released_at=now,
            )
            for resident_id, measure in sorted(protected.items())
        ]
    )
    for release in releases:
        audit_record(
            actor=actor,
            action="registry.support_measure_release",
            municipality_code=municipality.lg_code,
            object_type="registry.SupportMeasureRelease",
            object_id=release.pk,
            purpose=str(purpose.label),
            detail={"residents": 1},
        )
    return releases


# 転出証明書情報 (registry.network `carried`): the key under which the 支援措置 of the people
# leaving travel to a municipality of this deployment.
CARRIED_KEY = "registry.support_measures"


def support_measures_carried(
    *, municipality: Municipality, leaving: Sequence[Resident], on: dt.date
) -> list[dict[str, Any]]:
    """支援措置 of the people of a 転出, for the 転出証明書情報 (by their position in it): so that
    the new municipality protects them from the 転入 on (doc/j440.txt §3.4: support must not
    lapse while the move is processed). Here the measure goes on covering the 除票."""
    covering = support_measures_covering(
        municipality=municipality, resident_ids=[r.pk for r in leaving], on=on
    )
    if not covering:
        return []
    roles = {
        (p.measure_id, p.resident_id): p
        for p in SupportMeasurePerson.objects.filter(
            measure__in={m.pk for m in covering.values()}, resident_id__in=covering
        )
    }
    carried = []
    for position, resident in enumerate(leaving):
        measure = covering.get(resident.pk)
        if measure is None:
            continue
        person = roles[(measure.pk, resident.pk)]
        carried.append(
            {
                "position": position,
                "measure": measure.pk,
                "role": person.role,
                "relation": person.relation,
                "ends_on": measure.ends_on.isoformat(),
            }
        )
    return carried


def support_measures_take_over(
    *,
    municipality: Municipality,
    carried: Sequence[Mapping[str, Any]],
    resident_ids: Sequence[int],
    starts_on: dt.date,
    origin_name: str,
    actor: StaffUser | None,
) -> list[SupportMeasure]:
    """仮支援措置 at the new municipality for people moved in with a 支援措置 of the former one
    (`carried`, by position among `resident_ids`), from the 転入 to the former period's end
    (at most a year): the 支援措置責任者 here confirms or ends it after the 申出 is forwarded
    (転送). Called in the 転入's transaction; audited by id."""
    groups: dict[int, list[Mapping[str, Any]]] = {}
    for entry in carried:
        if isinstance(entry, Mapping) and 0 <= int(entry.get("position", -1)) < len(resident_ids):
            groups.setdefault(int(entry.get("measure", 0)), []).append(entry)
    measures = []
    for entries in groups.values():
        ends_on = min(
            max(dt.date.fromisoformat(str(e["ends_on"])) for e in entries),
            period_end_default(starts_on),
        )
        measure = SupportMeasure.objects.create(
            municipality=municipality,
            starts_on=starts_on,
            ends_on=max(ends_on, starts_on),
            provisional=True,
            reason=f"転出証明書情報（{origin_name}）による引継ぎ"[:NOTE_MAX],
            origin_name=origin_name[:40],
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        applicant_first = sorted(
            entries, key=lambda e: e.get("role") != SupportMeasurePerson.Role.APPLICANT
        )
        SupportMeasurePerson.objects.bulk_create(
            [
                SupportMeasurePerson(
                    municipality=municipality,
                    measure=measure,
                    resident_id=resident_ids[int(e["position"])],
                    role=SupportMeasurePerson.Role.APPLICANT
                    if e.get("role") == SupportMeasurePerson.Role.APPLICANT
                    else SupportMeasurePerson.Role.RELATIVE,
                    relation=str(e.get("relation", ""))[:RELATION_MAX],
                )
                for e in applicant_first
            ]
        )
        audit_record(
            actor=actor,
            action="registry.support_measure_take_over",
            municipality_code=municipality.lg_code,
            object_type=OBJECT_TYPE,
            object_id=measure.pk,
            purpose=REGISTRY_PURPOSE,
            detail={"residents": len(entries)},
        )
        measures.append(measure)
    return measures


def support_measure_end_notice(
    *, municipality: Municipality, measure_id: int, actor: StaffUser
) -> bytes:
    """支援措置期間終了通知 (20.5.1, doc/j440.txt §3.4 「それに先立ち…通知を出力できること」):
    a PDF for the 申出者 saying when support ends and from when to ask for the extension.
    Audited by id (the notice itself is not kept). Raises PermissionDenied,
    SupportMeasureNotFound, Conflict (`support_measure.ended`), JapaneseFontMissing."""
    _role_check(actor=actor, municipality=municipality, action="registry.support_measure_notice")
    # Imported here: the certificates' renderer imports this module's package through
    # registry.services (the certificate check), and WeasyPrint is only needed to print.
    from jichitai.registry.certificates.rendering import document_pdf_render
    from jichitai.registry.certificates.signing import certifier_title
    from jichitai.tenants.selectors import municipality_settings_get

    measure = support_measure_get(municipality=municipality, measure_id=measure_id)
    if measure.is_ended:
        raise Conflict(
            code=RegistryErrorCode.SUPPORT_MEASURE_ENDED,
            detail="この支援措置は終了しています。",
        )
    people = list(measure.people.select_related("resident").order_by("role", "pk"))
    applicant = next(p.resident for p in people if p.role == SupportMeasurePerson.Role.APPLICANT)
    settings = municipality_settings_get(municipality=municipality)
    title = certifier_title(municipality)
    rendered = document_pdf_render(
        "registry/support_measures/end_notice.html",
        {
            "issued_on": to_wareki(timezone.localdate()).format(),
            "applicant_name": applicant.name,
            "municipality_name": municipality.full_name,
            "certifier": f"{title}　{settings.mayor_name.strip()}".strip(),
            "ends_on": to_wareki(measure.ends_on).format(),
            "opens_on": to_wareki(extension_opens_on(measure)).format(),
            "next_starts_on": to_wareki(measure.ends_on + dt.timedelta(days=1)).format(),
            "people": [p.resident.name for p in people],
        },
    )
    _audit(measure, actor=actor, action="registry.support_measure_notice", pages=rendered.pages)
    return rendered.pdf
