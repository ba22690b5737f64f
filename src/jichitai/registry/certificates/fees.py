"""手数料 of a certificate: the fee per copy declared by the catalog's 交付請求 procedure.

The registry sits below procedures and must not import it, yet the fee has one source: the
`fee` of `procedures/catalog/juminhyo_request.yaml` (each municipality's 手数料条例 sets the
amount; the catalog carries it). procedures registers it here when it starts
(procedures.apps), as it registers its department keys with identity.
"""

from __future__ import annotations

_fee_per_copy: int | None = None


def certificate_fee_register(fee_per_copy: int) -> None:
    """Called once by the catalog's app with the 交付請求's fee per copy (yen)."""
    global _fee_per_copy
    _fee_per_copy = fee_per_copy


def certificate_fee(copies: int) -> int:
    """手数料 in yen for `copies` copies; 0 when no catalog declared one."""
    return (_fee_per_copy or 0) * copies
