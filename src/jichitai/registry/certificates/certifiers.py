"""認証者 (certifiers): the 市区町村長 and the 職務代理者, each with the periods they certify.

doc/j310.txt §1.3.9: 証明書等の認証者は、市区町村長と職務代理者の２件について、職名・氏名の管理が
できること。また、期間等事前に登録した条件によって、自動的に切り替わることができるよう職務代理者
期間の管理ができること。 実装しない: 氏名空欄の認証者.
doc/j1050.txt §5.6: the 職名 printed with the 都道府県名; doc/j290.txt §1.3.7: 市区町村長及び
職務代理者の公印. The 市区町村長 is kept in the municipality's settings (tenants); the
職務代理者 periods here. Whoever is in office on the issue date certifies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from jichitai.audit.services import audit_record
from jichitai.identity.models import StaffUser
from jichitai.registry.certificates import errors
from jichitai.registry.certificates.signing import certifier_title
from jichitai.registry.models import ActingCertifier, IssuedCertificate
from jichitai.tenants.models import Municipality
from jichitai.tenants.selectors import municipality_settings_get
from jichitai.tenants.services import municipality_head_set

# The lengths of the settings' and the model's fields: longer input is refused, never cut.
MAX_TITLE = 20
MAX_NAME = 40
MAX_SEAL = 20


@dataclass(frozen=True, kw_only=True)
class Certifier:
    """The certification line and seal of one issue."""

    title: str  # 「群馬県みどり市長」 / 「群馬県みどり市長職務代理者」
    role: str  # the 職務代理者's own 職名 (副市長); "" for the 市区町村長
    name: str
    seal_text: str  # 印文 of the printed seal
    acting: ActingCertifier | None


def acting_certifiers_list(*, municipality: Municipality) -> list[ActingCertifier]:
    """職務代理者の期間, latest first."""
    return list(
        ActingCertifier.objects.for_municipality(municipality).order_by("-starts_on", "-pk")
    )


def acting_certifier_on(*, municipality: Municipality, on: dt.date) -> ActingCertifier | None:
    return (
        ActingCertifier.objects.for_municipality(municipality)
        .filter(starts_on__lte=on, ends_on__gte=on)
        .order_by("-starts_on", "-pk")
        .first()
    )


def certifier_on(*, municipality: Municipality, on: dt.date) -> Certifier:
    """認証者 on the issue date: the 職務代理者 whose period holds it, else the 市区町村長.

    Raises RuleViolation `certificate.mayor_name_missing` when the 市区町村長 certifies and has
    no name (a 職務代理者 always has one: acting_certifier_add refuses a blank one).
    """
    settings = municipality_settings_get(municipality=municipality)
    title = certifier_title(municipality)
    seal_title = settings.mayor_title.strip() or title
    acting = acting_certifier_on(municipality=municipality, on=on)
    if acting is not None:
        return Certifier(
            title=f"{title}職務代理者",
            role=acting.title,
            name=acting.name,
            seal_text=acting.seal_text or f"{seal_title}職務代理者之印",
            acting=acting,
        )
    if not settings.mayor_name.strip():
        raise errors.mayor_name_missing()
    return Certifier(
        title=title,
        role="",
        name=settings.mayor_name.strip(),
        seal_text=f"{seal_title}之印",
        acting=None,
    )


def _required(value: str, pointer: str, most: int) -> str:
    value = value.strip()
    if not value or len(value) > most:
        raise errors.acting_certifier_name_missing(pointer)
    return value


def mayor_set(*, municipality: Municipality, title: str, name: str, actor: StaffUser) -> None:
    """市区町村長の職名・氏名. The 職名 may be blank (then 「〇〇市長」 from the name of the
    municipality); the 氏名 may not (doc/j310.txt 実装しない). Audited."""
    title = title.strip()
    if len(title) > MAX_TITLE:
        raise errors.acting_certifier_name_missing("/title")
    name = _required(name, "/name", MAX_NAME)
    municipality_head_set(
        municipality=municipality, mayor_title=title, mayor_name=name, actor=actor
    )


@transaction.atomic
def acting_certifier_add(
    *,
    municipality: Municipality,
    title: str,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    actor: StaffUser,
    seal_text: str = "",
) -> ActingCertifier:
    """職務代理者の登録: 職名 (副市長), 氏名 and the period (both days included) in which they
    certify instead of the 市区町村長. Periods never overlap, so one certifier holds each day.

    Raises RuleViolation `certificate.acting_certifier_name_missing` / `…_period_invalid`,
    Conflict `certificate.acting_certifier_overlap`.
    """
    title = _required(title, "/title", MAX_TITLE)
    name = _required(name, "/name", MAX_NAME)
    seal_text = seal_text.strip()
    if len(seal_text) > MAX_SEAL:
        raise errors.seal_text_too_long()
    if ends_on < starts_on:
        raise errors.acting_certifier_period_invalid()
    existing = ActingCertifier.objects.for_municipality(municipality).select_for_update()
    # Locked in pk order so two clerks adding periods at once take turns (no deadlock).
    if existing.order_by("pk").filter(starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        raise errors.acting_certifier_overlap()
    acting = ActingCertifier.objects.create(
        municipality=municipality,
        title=title,
        name=name,
        seal_text=seal_text,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    audit_record(
        actor=actor,
        action="registry.acting_certifier_add",
        municipality_code=municipality.lg_code,
        object_type="registry.ActingCertifier",
        object_id=acting.pk,
        detail={"days": (ends_on - starts_on).days + 1},
    )
    return acting


@transaction.atomic
def acting_certifier_remove(
    *, municipality: Municipality, acting_certifier_id: int, actor: StaffUser
) -> None:
    """職務代理者の登録の削除, only while no certificate names them: an issued certificate's
    record keeps who certified it (doc/j300.txt §1.3.8, 実装しない: 交付履歴の削除).

    Raises NotFound `certificate.acting_certifier_not_found`, Conflict `…_in_use`.
    """
    acting = (
        ActingCertifier.objects.for_municipality(municipality)
        .select_for_update()
        .filter(pk=acting_certifier_id)
        .first()
    )
    if acting is None:
        raise errors.acting_certifier_not_found()
    issued = IssuedCertificate.objects.for_municipality(municipality)
    if issued.filter(acting_certifier=acting).exists():
        raise errors.acting_certifier_in_use()
    acting.delete()
    audit_record(
        actor=actor,
        action="registry.acting_certifier_remove",
        municipality_code=municipality.lg_code,
        object_type="registry.ActingCertifier",
        object_id=acting_certifier_id,
    )
