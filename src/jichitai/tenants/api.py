"""API of the national municipality list (public master data, no personal data)."""

from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from jichitai.common.api_types import BoundedPagination, LgCode, Text
from jichitai.tenants.errors import MunicipalityNotFound
from jichitai.tenants.models import Municipality
from jichitai.tenants.schemas import MunicipalityOut
from jichitai.tenants.selectors import municipality_list

router = Router(tags=["municipalities"])


class MunicipalityFilter(Schema):
    q: Annotated[str, Text(40)] = ""
    kind: Municipality.Kind | None = None


@router.get(
    "/municipalities", response=list[MunicipalityOut], url_name="municipality_list", auth=None
)
@paginate(BoundedPagination)
def list_municipalities(
    request: HttpRequest, filters: Query[MunicipalityFilter]
) -> QuerySet[Municipality]:
    """全国地方公共団体コード一覧 (search by name, reading or code prefix)."""
    return municipality_list(query=filters.q[:40], kind=filters.kind)


@router.get(
    "/municipalities/{code}", response=MunicipalityOut, url_name="municipality_detail", auth=None
)
def get_municipality(request: HttpRequest, code: LgCode) -> Municipality:
    """One municipality of the national list by its 6-digit code."""
    found = municipality_list().filter(lg_code=code).first()
    if found is None:
        raise MunicipalityNotFound
    return found
