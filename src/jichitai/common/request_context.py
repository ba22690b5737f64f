"""What a service may know of the request being served without taking the request: its id,
so logs and audit records can be correlated, and the network it came from, so limits and
failure records can be kept per source. Neither carries the request's personal data."""

from __future__ import annotations

import contextvars
import ipaddress

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_source: contextvars.ContextVar[str] = contextvars.ContextVar("source", default="")

# One IPv6 host usually holds a whole /64 (RFC 6177, SLAAC): limiting single addresses there
# would let one machine rotate through 2**64 of them.
IPV6_SOURCE_PREFIX = 64
UNKNOWN_SOURCE = "unknown"


def current_request_id() -> str:
    return _request_id.get()


def set_request_id(request_id: str) -> contextvars.Token[str]:
    return _request_id.set(request_id)


def reset_request_id(token: contextvars.Token[str]) -> None:
    _request_id.reset(token)


def current_source() -> str:
    """送信元 (the source network of the request): an IPv4 address or an IPv6 /64, or
    "unknown" outside a request (commands, tasks)."""
    return _source.get() or UNKNOWN_SOURCE


def set_source(address: str) -> contextvars.Token[str]:
    return _source.set(source_network(address))


def reset_source(token: contextvars.Token[str]) -> None:
    _source.reset(token)


def source_network(address: str) -> str:
    """The network an address counts for: itself for IPv4, its /64 for IPv6."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return UNKNOWN_SOURCE
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, IPV6_SOURCE_PREFIX), strict=False))
    return str(ip)
