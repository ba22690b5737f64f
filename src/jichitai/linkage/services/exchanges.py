"""情報照会・提供 (exchanges): check the table of allowed exchanges, resolve 符号 to 符号, ask the
providing business and record every exchange, allowed or refused, in the hash-chained
情報提供等記録; わたしの情報 is the same, asked by 本人."""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from jichitai.common.checkdigits import validate_resident_code
from jichitai.common.hashchain import (
    GENESIS_HASH,
    occurred_at_text,
)
from jichitai.departments.models import Business
from jichitai.departments.selectors import Holding, department_holdings, department_item_provide
from jichitai.linkage.chain import HASHED_FIELDS, head_mac, record_hash
from jichitai.linkage.error_codes import LinkageErrorCode
from jichitai.linkage.errors import ExchangeRequestInvalid, LinkageError
from jichitai.linkage.models import (
    RESIDENT_REQUESTER,
    ExchangeChainHead,
    ExchangeRecord,
    Person,
    PersonCode,
)
from jichitai.linkage.routers import LINKAGE_DB
from jichitai.linkage.services.codes import FUGO_MAX, municipality_code_checked
from jichitai.linkage.table import HOLDINGS_ITEM, ExchangeRule, exchange_table

_PURPOSE_MAX = 200
_ITEM_MAX = 64
_PARAMS_MAX = 8
_PARAM_TEXT_MAX = 64
_PARAM_NAME = re.compile(r"[a-z_]{1,32}")


@dataclass(frozen=True)
class ExchangeResult:
    """The answer of an exchange: `data` is None when no business held the item (not_found).
    `public_id` names the exchange record (show it on the case: which exchange supplied what)."""

    public_id: str
    provider_municipality: str
    provider_business: Business
    item: str
    legal_basis: str
    occurred_at: datetime.datetime
    data: dict[str, Any] | None


@dataclass(frozen=True)
class ResidentHolding:
    """わたしの情報: what one business of one municipality holds about the person, fetched
    through the broker by exchange `public_id`."""

    municipality_code: str
    business: Business
    public_id: str
    holdings: tuple[Holding, ...]


def _checked_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters of an item (e.g. fiscal_year): a few short scalars, nothing a person typed
    at length."""
    if len(params) > _PARAMS_MAX:
        raise ExchangeRequestInvalid("照会の条件が多すぎます。")
    checked: dict[str, Any] = {}
    for name, value in params.items():
        if not isinstance(name, str) or not _PARAM_NAME.fullmatch(name):
            raise ExchangeRequestInvalid("照会の条件の名前が正しくありません。")
        scalar = (
            isinstance(value, bool)
            or value is None
            or (isinstance(value, int) and -(2**31) <= value < 2**31)
            or (isinstance(value, str) and len(value) <= _PARAM_TEXT_MAX)
        )
        if not scalar:
            raise ExchangeRequestInvalid("照会の条件の値が正しくありません。")
        checked[name] = value
    return checked


def _checked_text(value: str, *, limit: int, label: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise ExchangeRequestInvalid(f"{label}は{limit}文字以内で入力してください。")
    return value


def exchange_request(
    *,
    requester_municipality: str,
    requester_business: Business,
    requester_code: str,
    item: str,
    task: str,
    purpose: str,
    params: Mapping[str, Any],
    provider_municipality: str | None = None,
) -> ExchangeResult:
    """情報照会: `requester_business` of `requester_municipality`, doing `task` for `purpose`,
    asks for `item` about the person it knows by `requester_code`.

    The table of allowed exchanges names the providing business; the broker resolves the
    person's 符号 there — in `provider_municipality`, or in every municipality of the
    deployment holding one, the requester's own first — and the first answer wins.
    Refused (not in the table, or a 符号 the requester does not hold): recorded, then
    LinkageError. Always recorded: provided or not_found (`data` None).
    """
    municipality_code_checked(requester_municipality)
    if provider_municipality is not None:
        municipality_code_checked(provider_municipality)
    requester_business = Business(requester_business)
    _checked_text(task, limit=100, label="事務")
    _checked_text(purpose, limit=_PURPOSE_MAX, label="利用目的")
    _checked_text(item, limit=_ITEM_MAX, label="項目")
    checked_params = _checked_params(params)

    person = _person_of(requester_municipality, requester_business, requester_code)
    rule = exchange_table().rule_for(requester=requester_business, task=task, item=item)
    base: dict[str, Any] = {
        "requester_municipality": requester_municipality,
        "requester_business": str(requester_business),
        "task": task,
        "item": item,
        "purpose": purpose,
        "person": person,
    }
    if rule is None:
        record = _record(
            **base,
            provider_municipality=provider_municipality or "",
            provider_business="",
            rule=None,
            result=ExchangeRecord.Result.REFUSED,
            refusal_code=LinkageErrorCode.EXCHANGE_NOT_ALLOWED,
        )
        raise LinkageError(
            code=LinkageErrorCode.EXCHANGE_NOT_ALLOWED,
            detail="この事務でこの情報を照会することは、情報連携の定めで認められていません。",
            public_id=str(record.public_id),
        )
    if person is None:
        record = _record(
            **base,
            provider_municipality=provider_municipality or "",
            provider_business=rule.provider,
            rule=rule,
            result=ExchangeRecord.Result.REFUSED,
            refusal_code=LinkageErrorCode.FUGO_UNKNOWN,
        )
        raise LinkageError(
            code=LinkageErrorCode.FUGO_UNKNOWN,
            detail="照会元の符号が確認できません。",
            public_id=str(record.public_id),
        )

    answered_by, data = "", None
    for provider in _provider_codes(
        person, rule.provider, requester_municipality, provider_municipality
    ):
        # Here a national network adapter would send the request to the provider's 中間サーバー
        # (docs/linkage.md); within the deployment the business answers in process.
        data = department_item_provide(
            municipality_code=provider.municipality_code,
            business=rule.provider,
            code=provider.code,
            item=item,
            params=checked_params,
        )
        if data is not None:
            answered_by = provider.municipality_code
            break
    record = _record(
        **base,
        provider_municipality=answered_by or provider_municipality or "",
        provider_business=rule.provider,
        rule=rule,
        result=ExchangeRecord.Result.PROVIDED
        if data is not None
        else ExchangeRecord.Result.NOT_FOUND,
        refusal_code="",
    )
    return ExchangeResult(
        public_id=str(record.public_id),
        provider_municipality=record.provider_municipality,
        provider_business=rule.provider,
        item=item,
        legal_basis=rule.legal_basis,
        occurred_at=record.occurred_at,
        data=data,
    )


def _person_of(municipality_code: str, business: Business, code: str) -> Person | None:
    """The person a business of a municipality knows by `code`; None for a 符号 it does not
    hold (unknown, or another business's or municipality's)."""
    if not isinstance(code, str) or not 0 < len(code) <= FUGO_MAX:
        return None
    person_code = (
        PersonCode.objects.select_related("person")
        .only("person__id", "person__resident_code")
        .filter(code=code, municipality_code=municipality_code, business=business)
        .first()
    )
    return person_code.person if person_code else None


def _provider_codes(
    person: Person, business: Business, requester_municipality: str, named: str | None
) -> list[PersonCode]:
    codes = PersonCode.objects.filter(person=person, business=business)
    if named is not None:
        codes = codes.filter(municipality_code=named)
    return sorted(
        codes,
        key=lambda c: (c.municipality_code != requester_municipality, c.municipality_code),
    )


def resident_holdings(*, portal_municipality: str, resident_code: str) -> list[ResidentHolding]:
    """わたしの情報: what each business of each municipality of the deployment holds about the
    person, fetched through the broker; each fetch is an exchange requested by 本人 and shows
    on their やりとり履歴."""
    municipality_code_checked(portal_municipality)
    validate_resident_code(resident_code)
    person = Person.objects.filter(resident_code=resident_code).first()
    if person is None:
        return []
    table = exchange_table()
    holdings: list[ResidentHolding] = []
    for person_code in person.codes.order_by("municipality_code", "business"):
        business = Business(person_code.business)
        rule = table.resident_rule(business)
        if rule is None:
            continue
        held = tuple(
            department_holdings(
                municipality_code=person_code.municipality_code,
                business=business,
                code=person_code.code,
            )
        )
        record = _record(
            requester_municipality=portal_municipality,
            requester_business=RESIDENT_REQUESTER,
            task=rule.task,
            item=HOLDINGS_ITEM,
            purpose="本人による自己情報の確認",
            person=person,
            provider_municipality=person_code.municipality_code,
            provider_business=business,
            rule=rule,
            result=ExchangeRecord.Result.PROVIDED if held else ExchangeRecord.Result.NOT_FOUND,
            refusal_code="",
        )
        holdings.append(
            ResidentHolding(
                municipality_code=person_code.municipality_code,
                business=business,
                public_id=str(record.public_id),
                holdings=held,
            )
        )
    return holdings


def _record(
    *,
    requester_municipality: str,
    requester_business: str,
    task: str,
    item: str,
    purpose: str,
    person: Person | None,
    provider_municipality: str,
    provider_business: str,
    rule: ExchangeRule | None,
    result: str,
    refusal_code: str,
) -> ExchangeRecord:
    """Append the exchange record to the requesting municipality's chain, in the broker's
    own transaction (durable: it commits now, whatever the caller does next)."""
    now = timezone.now()
    values: dict[str, Any] = {
        "public_id": str(uuid.uuid4()),
        "chain": requester_municipality,
        "occurred_at": occurred_at_text(now),
        "requester_municipality": requester_municipality,
        "requester_business": str(requester_business),
        "task": task,
        "provider_municipality": provider_municipality,
        "provider_business": str(provider_business),
        "item": item,
        "purpose": purpose,
        "legal_basis": rule.legal_basis if rule else "",
        "rule": rule.id if rule else "",
        "result": str(result),
        "refusal_code": str(refusal_code),
        "person_id": person.pk if person else None,
    }
    with transaction.atomic(using=LINKAGE_DB):
        head = _locked_head(requester_municipality)
        values["seq"] = head.last_seq + 1
        digest = record_hash(prev_hash=head.last_hash, values=values)
        record = ExchangeRecord.objects.create(
            **{name: values[name] for name in HASHED_FIELDS if name != "occurred_at"},
            occurred_at=now,
            prev_hash=head.last_hash,
            hash=digest,
        )
        head.last_seq, head.last_hash = record.seq, digest
        head.mac = head_mac(chain=head.chain, last_seq=record.seq, last_hash=digest)
        head.save(update_fields=["last_seq", "last_hash", "mac"])
    return record


def _locked_head(chain: str) -> ExchangeChainHead:
    """The chain's head, row-locked so that concurrent exchanges of one municipality take
    turns for the next sequence number; one query once the chain exists."""
    head = ExchangeChainHead.objects.select_for_update().filter(chain=chain).first()
    if head is None:
        ExchangeChainHead.objects.get_or_create(
            chain=chain, defaults={"last_hash": GENESIS_HASH, "mac": ""}
        )
        head = ExchangeChainHead.objects.select_for_update().get(chain=chain)
    return head
