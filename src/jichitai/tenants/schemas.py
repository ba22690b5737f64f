from __future__ import annotations

from ninja import Schema


class MunicipalityOut(Schema):
    lg_code: str
    kind: str
    prefecture: str
    name: str
    name_kana: str
    full_name: str
    parent_lg_code: str | None
    is_served: bool

    @staticmethod
    def resolve_parent_lg_code(obj: object) -> str | None:
        return getattr(obj, "parent_id", None)
