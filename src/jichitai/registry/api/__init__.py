"""API of the resident registry (住民記録): search, records, households, history, as-of reads,
one endpoint per 異動, the audited 個人番号 reveal.

Every write accepts an `Idempotency-Key` header: a retry with the same key returns the first
result and writes nothing. Search takes a POST body so that names never appear in URLs.
One router (`config/api.py` mounts it) made of three: `reads`, `changes` (異動 within the
municipality) and `moving` (転出証明書情報 between municipalities). Their operations name
their `operation_id` as they were named when this was one module, so that clients generated
from the OpenAPI document keep their method names.
"""

from ninja import Router

from jichitai.identity.auth import staff_auth
from jichitai.registry.api import addresses, changes, moving, reads

router = Router(tags=["registry"], auth=staff_auth)
router.add_router("", reads.router)
router.add_router("", changes.router)
router.add_router("", moving.router)
router.add_router("", addresses.router)
