"""Errors of the registry, each with a stable code and a Japanese message."""

from __future__ import annotations

from jichitai.common.exceptions import Conflict, FieldError, InvalidInput, NotFound, RuleViolation


def field_error(field: str, code: str, message: str) -> RuleViolation:
    """One rule broken by one field: the message also goes next to that field in forms."""
    return RuleViolation(code=code, detail=message, errors=[FieldError(field, code, message)])


def invalid_field(field: str, code: str, message: str) -> InvalidInput:
    return InvalidInput(code=code, detail=message, errors=[FieldError(field, code, message)])


class ResidentNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(code="resident.not_found", detail="指定された住民は見つかりません。")


class HouseholdNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(code="household.not_found", detail="指定された世帯は見つかりません。")


class ChangeNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(code="change.not_found", detail="指定された異動は見つかりません。")


class ChangeConflict(Conflict):
    """A later change stands on the one to be cancelled, or it was cancelled already."""


class DestinationNotConnected(RuleViolation):
    """The municipality moved to is not served by this deployment (registry.network)."""

    def __init__(self) -> None:
        super().__init__(
            code="registry.destination_not_connected",
            detail=(
                "転出先の団体はこの共同利用環境を利用していないため、転出証明書情報を送付できません。"
                "住基ネットを通じて送付してください。"
            ),
        )


class MoveOutCertificateNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code="move_out_certificate.not_found",
            detail="指定された転出証明書情報は見つかりません。",
        )


class MoveOutCertificateCompleted(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code="move_out_certificate.completed",
            detail="この転出証明書情報による転入は、すでに記録されています。",
        )


class MoveOutNoLongerRecorded(Conflict):
    """The former municipality's 転出 was cancelled: the people live there again."""

    def __init__(self) -> None:
        super().__init__(
            code="registry.move_out_not_recorded",
            detail=(
                "転出元で転出が取り消されているため、転入を記録できません。"
                "二つの市区町村に同時に住民登録することはできません。転出元に確認してください。"
            ),
        )


def move_in_overlaps() -> RuleViolation:
    """A 転入日 before the last 異動 the former register recorded for these people."""
    return field_error(
        "effective_on",
        "registry.move_in_overlaps",
        "転入日が、転出元の住民票に記録された最後の異動日より前です。"
        "二つの市区町村に同時に住民登録されることになるため、記録できません。",
    )
