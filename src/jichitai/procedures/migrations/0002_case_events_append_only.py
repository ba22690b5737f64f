"""The database itself refuses to change or delete case events (append-only): they are the
process trail insights and auditors read (DESIGN.md: every case leaves events)."""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

PG_FORWARD = """
CREATE OR REPLACE FUNCTION procedures_caseevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'case events are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER procedures_caseevent_no_update BEFORE UPDATE OR DELETE ON procedures_caseevent
    FOR EACH ROW EXECUTE FUNCTION procedures_caseevent_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS procedures_caseevent_no_update ON procedures_caseevent;
DROP FUNCTION IF EXISTS procedures_caseevent_append_only();
"""
# SQLite refuses UPDATE only, as for audit records: Django's flush between transactional
# tests must DELETE. Production runs PostgreSQL, where DELETE is refused too.
SQLITE_FORWARD = """CREATE TRIGGER procedures_caseevent_no_update BEFORE UPDATE ON procedures_caseevent
   BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS procedures_caseevent_no_update;"


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
    dependencies = [("procedures", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
