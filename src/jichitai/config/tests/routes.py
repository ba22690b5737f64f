"""Every route of the product, found by walking Django's resolver (ninja's API included).

Shared by the URL-coverage test and the tenant-isolation test, so a route added anywhere
is checked by both without anyone remembering to add it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from jichitai.counter.models import CounterSession
from jichitai.identity.models import Department, Role, StaffUser
from jichitai.identity.services import staff_create
from jichitai.opendata.models import Facility
from jichitai.opendata.tests.factories import aed_published, facility_saved
from jichitai.payments.tests.factories import (
    invoice_of,
    online_payment_of,
    refund_payout_of,
    unknown_payment_of,
)
from jichitai.portal.access import resident_actor
from jichitai.procedures.models import CaseAttachment
from jichitai.procedures.tests.factories import case_of, school_transfer_submit
from jichitai.registry.models import (
    ActingCertifier,
    MoveOutCertificate,
    RemarkKind,
    Resident,
    ResidentMemo,
    ResidentRemark,
)
from jichitai.registry.network import MoveOutCertificateData
from jichitai.registry.services import (
    move_out_certificate_receive,
    resident_memo_write,
    resident_remark_add,
)
from jichitai.registry.tests.factories import change_of, person, yamada_family
from jichitai.tenants.models import Municipality
from jichitai.visits.models import Reservation
from jichitai.visits.tests.factories import certificates_service, reservation_of

# Routes that are not the product's own pages: Django's admin and the language switch.
EXEMPT_PREFIXES = ("admin:", "set_language")


# How to fill each URL argument. A value maker receives the municipality the object must
# belong to. A new kind of argument fails the tests until a maker is added here.
def _family_head(municipality: Municipality) -> Resident:
    return yamada_family(municipality)["花子"]


def _memo(municipality: Municipality) -> ResidentMemo:
    return resident_memo_write(
        municipality=municipality,
        resident_id=_family_head(municipality).pk,
        text="引継ぎ",
        actor=_staff_member(municipality),
    )


def _remark(municipality: Municipality) -> ResidentRemark:
    return resident_remark_add(
        municipality=municipality,
        resident_id=_family_head(municipality).pk,
        kind=RemarkKind.FREE,
        text="備考",
        actor=_staff_member(municipality),
    )


def _pending_move_in(municipality: Municipality) -> MoveOutCertificate:
    """A 転出証明書情報 received from 千代田区, waiting for the 転入."""
    return move_out_certificate_receive(
        certificate=MoveOutCertificateData(
            source_lg_code="131016",
            source_name="東京都千代田区",
            source_reference=f"route-{municipality.lg_code}",
            destination_lg_code=municipality.lg_code,
            previous_address="東京都千代田区千代田1番1号",
            moving_to_address="（転入先）",
            planned_on=dt.date(2026, 4, 1),
            persons=(
                person("転入　予定", "テンニュウ　ヨテイ", dt.date(1990, 1, 1), "1", "世帯主"),
            ),
        )
    )


def _case_attachment(municipality: Municipality) -> CaseAttachment:
    """A PNG attached to a 転入学の届出 filed online by 山田花子 for 翔太."""
    family = yamada_family(municipality)
    case = school_transfer_submit(municipality, family["花子"], family["翔太"])
    return case.attachments.get()


def _counter_session(municipality: Municipality) -> CounterSession:
    """A counter session at the municipality's 窓口, started from the register."""
    return CounterSession.objects.create(
        municipality=municipality,
        staff=_staff_member(municipality),
        resident=_family_head(municipality),
    )


def _reservation(municipality: Municipality) -> Reservation:
    """A 来庁予約 made in the portal by the family head (changed there only by them)."""
    resident = _family_head(municipality)
    return reservation_of(resident, actor=resident_actor(resident))


def _staff_member(municipality: Municipality) -> StaffUser:
    """A 各課担当 of the municipality, the subject of the 職員管理 pages."""
    username = f"route-staff-{municipality.lg_code}"
    existing = StaffUser.objects.filter(username=username).first()
    return existing or staff_create(
        municipality=municipality,
        username=username,
        password="not used",
        display_name="課の職員",
        roles=[Role.DEPARTMENT],
        actor=None,
        check_password=False,
    )


def _department(municipality: Municipality) -> Department:
    """A 課 of the municipality (市民課, taking care of 住民記録)."""
    department, _ = Department.objects.get_or_create(
        municipality=municipality,
        code="shimin",
        defaults={"name": "市民課", "catalog_keys": ["residents"]},
    )
    return department


def _facility(municipality: Municipality) -> Facility:
    """A facility of the municipality's 施設台帳."""
    return facility_saved(municipality, actor=_staff_member(municipality))


def _acting_certifier(municipality: Municipality) -> ActingCertifier:
    acting, _ = ActingCertifier.objects.get_or_create(
        municipality=municipality,
        starts_on=dt.date(2020, 1, 1),
        defaults={"title": "副市長", "name": "代理　太郎", "ends_on": dt.date(2020, 1, 31)},
    )
    return acting


ARGUMENT_MAKERS: dict[str, Callable[[Municipality], str]] = {
    "lg_code": lambda municipality: municipality.lg_code,
    "code": lambda municipality: municipality.lg_code,
    "resident_id": lambda municipality: str(_family_head(municipality).pk),
    "household_id": lambda municipality: str(_family_head(municipality).household_id),
    "change_id": lambda municipality: str(change_of(_family_head(municipality)).pk),
    "move_out_certificate_id": lambda municipality: str(_pending_move_in(municipality).pk),
    # The catalog is shared by every municipality: a procedure id is not tenant data.
    "procedure_id": lambda municipality: "move_out",
    "case_id": lambda municipality: str(case_of(municipality).pk),
    "reference_number": lambda municipality: case_of(municipality).reference_number,
    # Documents are reached only through one's own case (portal.views.cases); the id's value
    # does not matter to the walkers, whose visitors are never the case's resident.
    "document_id": lambda municipality: "1",
    "attachment_id": lambda municipality: str(_case_attachment(municipality).pk),
    "user_id": lambda municipality: str(_staff_member(municipality).pk),
    "department_id": lambda municipality: str(_department(municipality).pk),
    "acting_certifier_id": lambda municipality: str(_acting_certifier(municipality).pk),
    "memo_id": lambda municipality: str(_memo(municipality).pk),
    "remark_id": lambda municipality: str(_remark(municipality).pk),
    # オープンデータ: a dataset the municipality published, and one of its download formats.
    "dataset_key": lambda municipality: (
        aed_published(municipality, actor=_staff_member(municipality)).dataset_key
    ),
    "file_format": lambda municipality: "csv",
    "facility_id": lambda municipality: str(_facility(municipality).pk),
    # A CKAN action name is the same everywhere; the walkers read package_list.
    "action": lambda municipality: "package_list",
    "table": lambda municipality: "months",
    # 来庁予約: a service the municipality offers.
    "service_key": lambda municipality: certificates_service(municipality).key,
    # A resident's reservation booked in the portal (changed from the portal only by them).
    "reservation_id": lambda municipality: str(_reservation(municipality).pk),
    # 手続ナビ: a life event of the shared rules (the same under every municipality).
    "event_id": lambda municipality: "move_in",
    # 公金収納: an invoice of the municipality and an unknown payment waiting in its queue.
    "invoice_id": lambda municipality: str(invoice_of(municipality).pk),
    "payment_id": lambda municipality: str(unknown_payment_of(municipality).pk),
    "payout_id": lambda municipality: str(refund_payout_of(municipality).pk),
    # オンライン決済: the demo provider's page of a payment created for the municipality.
    "provider_id": lambda municipality: online_payment_of(municipality).provider_id,
    # 書かない窓口: a session (its random public id) and a step of the console.
    "session_id": lambda municipality: str(_counter_session(municipality).public_id),
    "step": lambda municipality: "card",
    # 児童手当の支払月: a month (YYYY-MM), the same under every municipality.
    "payment_month": lambda municipality: "2026-06",
}


# Arguments naming shared objects that belong to no municipality: the procedure catalog is one
# for the whole deployment, so its ids are the same under every lg_code; so are the CKAN
# action names, the life events of 手続ナビ and the counter console's steps; the insights
# pages' table names and file formats are fixed names, not objects of a municipality; nor is
# a 支払月.
SHARED_ARGUMENTS = frozenset(
    {"procedure_id", "action", "event_id", "step", "table", "file_format", "payment_month"}
)
# The resident portal: signed-in staff are not residents and are sent to the card sign-in.
RESIDENT_AREA = "portal:"
# The residents' API (portal.api): staff credentials are not a resident's, so staff get what
# an anonymous caller gets (401); residents' own isolation is tested in portal/tests/test_api.py.
RESIDENT_API = "api:portal_"


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    arguments: tuple[str, ...]

    def url(self, *, values: dict[str, str]) -> str:
        path = self.pattern
        for argument in self.arguments:
            path = re.sub(rf"<(?:\w+:)?{argument}>", values[argument], path)
        return "/" + path

    @property
    def is_tenant_scoped(self) -> bool:
        return "lg_code" in self.arguments


def _walk(resolver: URLResolver, prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + str(entry.pattern), space)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


def all_routes() -> list[Route]:
    routes = {}
    for name, pattern in _walk(get_resolver(), "", ""):
        if name.startswith(EXEMPT_PREFIXES):
            continue
        arguments = tuple(re.findall(r"<(?:\w+:)?(\w+)>", pattern))
        routes[name] = Route(
            name=name, pattern=pattern.lstrip("^").rstrip("$"), arguments=arguments
        )
    return sorted(routes.values(), key=lambda r: r.name)


def api_write_operations() -> list[tuple[str, str]]:
    """(url_name, method) of every API operation that writes (not GET), read from ninja."""
    from jichitai.config.api import api

    operations = []
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for method in set(operation.methods) - {"GET"}:
                    operations.append((f"api:{operation.url_name}", method))
    return sorted(operations)
