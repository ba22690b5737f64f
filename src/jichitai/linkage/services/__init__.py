"""The linkage broker (情報連携の仲介): issues 符号, checks each exchange against the table of
allowed exchanges, resolves 符号 to 符号 and asks the providing business, and records every
exchange — allowed or refused — in the hash-chained 情報提供等記録.

Everything here writes through the "linkage" database's own connection (linkage/routers.py),
so an exchange record commits even when the caller's transaction later rolls back: a refusal
is never lost, and an answer once given stays on the person's やりとり履歴.
"""

from jichitai.linkage.services.codes import person_code_obtain, person_resident_code_follow
from jichitai.linkage.services.exchanges import (
    ExchangeResult,
    ResidentHolding,
    exchange_request,
    resident_holdings,
)
from jichitai.linkage.services.verification import ExchangeVerification, exchange_chain_verify

__all__ = [
    "ExchangeResult",
    "ExchangeVerification",
    "ResidentHolding",
    "exchange_chain_verify",
    "exchange_request",
    "person_code_obtain",
    "person_resident_code_follow",
    "resident_holdings",
]
