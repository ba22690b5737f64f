"""Reads of the audit log (監査ログの閲覧)."""

from __future__ import annotations

from django.db.models import QuerySet

from jichitai.audit.models import AuditRecord


def audit_record_list(
    *, municipality_code: str, action: str = "", result: str = "", actor_label: str = ""
) -> QuerySet[AuditRecord]:
    """監査記録一覧 of one municipality, newest first."""
    qs = AuditRecord.objects.filter(chain=municipality_code)
    if action:
        qs = qs.filter(action__startswith=action)
    if result:
        qs = qs.filter(result=result)
    if actor_label:
        qs = qs.filter(actor_label=actor_label)
    return qs.order_by("-seq")
