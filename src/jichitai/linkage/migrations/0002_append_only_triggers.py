"""The database itself refuses UPDATE and DELETE on exchange records (append-only), as for the
audit log (audit/migrations/0002): an administrator who drops the trigger can still edit rows,
but then the HMAC chain no longer verifies (`jichitai verify-exchanges`)."""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

PG_FORWARD = """
CREATE OR REPLACE FUNCTION linkage_exchange_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'exchange records are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER linkage_exchange_no_update BEFORE UPDATE OR DELETE ON linkage_exchangerecord
    FOR EACH ROW EXECUTE FUNCTION linkage_exchange_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS linkage_exchange_no_update ON linkage_exchangerecord;
DROP FUNCTION IF EXISTS linkage_exchange_append_only();
"""
# SQLite refuses UPDATE only: Django's flush between transactional tests must DELETE (SQLite
# has no TRUNCATE). A deleted record is still caught by verify-exchanges.
SQLITE_FORWARD = """CREATE TRIGGER linkage_exchange_no_update BEFORE UPDATE ON linkage_exchangerecord
    BEGIN SELECT RAISE(ABORT, 'exchange records are append-only'); END;"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS linkage_exchange_no_update;"


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("linkage", "0001_initial")]
    # RunPython is routed by the app label (linkage/routers.py): only where the tables are.
    operations = [migrations.RunPython(forward, backward)]
