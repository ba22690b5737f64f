"""The Citus plan (issue 21, docs/scaling.md): where every table goes when one PostgreSQL is
not enough, and the checks that keep the schema ready for it.

- **Distributed by municipality** (`municipality_id`, co-located): every tenant-owned table.
  Django keeps `id` as its primary key (Django 5.2 cannot point a foreign key at a composite
  primary key, fields.E347); the distribution migration makes the *physical* key
  `(municipality_id, id)` and every foreign key between tenant tables composite,
  `(municipality_id, x_id) → (municipality_id, id)` — django-multitenant's approach, done once
  in SQL, with no change to the models. It is possible because `municipality` is in every
  unique constraint (tests/test_schema_rules.py), `id` is unique on its own, and every tenant
  table's foreign keys point at a co-located tenant table or a reference table
  (`citus_plan_problems`). A composite foreign key also makes the database refuse a row that
  points at another municipality's row, so no join along a foreign key can pair two
  municipalities (`cross_municipality_references` finds any such row before the move).
- **Distributed by chain**, co-located with the above: the audit log (`chain` is the 団体コード).
- **Reference tables** (copied to every node): the national list of 地方公共団体, staff accounts
  (login names are deployment-wide), their devices, permissions, the JPKI revocation lists.
- **Coordinator-local**: sessions, login counters, the task queue, Django's admin log.
- **Own database**: the linkage broker's tables (docs/linkage.md), never in this cluster.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connection, models

from jichitai.tenants.models import Municipality

DISTRIBUTION_COLUMN = "municipality"
# Tables distributed by another column holding the 団体コード, co-located with the tenant tables.
DISTRIBUTED_BY_OTHER_COLUMN = {"audit.AuditRecord": "chain", "audit.AuditChainHead": "chain"}
REFERENCE = {
    "tenants.Municipality",
    # Login names are unique deployment-wide (the platform admin finds anyone), so staff
    # accounts cannot be split by municipality; there are thousands, not millions.
    "identity.StaffUser",
    "identity.StaffUser_groups",
    "identity.StaffUser_user_permissions",
    "otp_totp.TOTPDevice",
    "identity.RevocationListLoad",
    "identity.RevokedCertificate",
    "auth.Group",
    "auth.Group_permissions",
    "auth.Permission",
    "contenttypes.ContentType",
}
COORDINATOR_LOCAL = {
    "sessions.Session",
    "admin.LogEntry",
    "axes.AccessAttempt",
    "axes.AccessAttemptExpiration",
    "axes.AccessFailureLog",
    "axes.AccessLog",
    "django_tasks_database.DBTaskResult",
}
OWN_DATABASE_APPS = {"linkage"}
# Known gaps, each with the change that closes it (docs/scaling.md「Citus への移行」).
# (None now: visits.Counter.services goes through visits.CounterService, which carries
# municipality, since visits migration 0004.)
KNOWN_GAPS: dict[str, str] = {}


def all_models() -> list[type[models.Model]]:
    return list(apps.get_models(include_auto_created=True))


def is_distributed_by_municipality(model: type[models.Model]) -> bool:
    if model._meta.label in REFERENCE:
        return False
    field = next((f for f in model._meta.fields if f.name == DISTRIBUTION_COLUMN), None)
    return field is not None and field.related_model is Municipality


def placement(model: type[models.Model]) -> str:
    """Where the table goes: distributed, reference, local, own database, or unplaced."""
    label = model._meta.label
    if model._meta.app_label in OWN_DATABASE_APPS:
        return "own database"
    if is_distributed_by_municipality(model) or label in DISTRIBUTED_BY_OTHER_COLUMN:
        return "distributed"
    if label in REFERENCE:
        return "reference"
    if label in COORDINATOR_LOCAL:
        return "local"
    return "unplaced"


def _foreign_keys(model: type[models.Model]) -> list[tuple[models.ForeignKey, type[models.Model]]]:
    """Each foreign key (one-to-one included) of `model` with the model it points at."""
    return [
        (field, field.remote_field.model)
        for field in model._meta.fields
        if isinstance(field, models.ForeignKey)
    ]


def _foreign_key_problems(model: type[models.Model], where: str) -> list[str]:
    problems = []
    for field, target_model in _foreign_keys(model):
        target = placement(target_model)
        name = f"{model._meta.label}.{field.name} → {target_model._meta.label}"
        if where == "distributed" and target == "distributed":
            if not (
                is_distributed_by_municipality(model)
                and is_distributed_by_municipality(target_model)
            ):
                problems.append(f"{name}: between distributed tables only by municipality")
        elif where in ("reference", "local") and target == "distributed":
            problems.append(f"{name}: a {where} table cannot point into a distributed one")
    return problems


def _primary_key_problem(model: type[models.Model]) -> str | None:
    pk = model._meta.pk
    if pk is None or not (isinstance(pk, models.AutoField) or pk.name == DISTRIBUTION_COLUMN):
        return f"{model._meta.label}: its primary key cannot become (municipality_id, id)"
    return None


def citus_plan_problems() -> list[str]:
    """Everything that would stop `create_distributed_table(…, 'municipality_id')`."""
    problems: list[str] = []
    for model in all_models():
        label, where = model._meta.label, placement(model)
        if label in KNOWN_GAPS or where == "own database":
            continue
        if where == "unplaced":
            problems.append(f"{label}: not in the plan (distributed, reference or local?)")
            continue
        if is_distributed_by_municipality(model):
            if model._meta.get_field(DISTRIBUTION_COLUMN).null:
                problems.append(f"{label}.municipality may be NULL")
            problems += filter(None, [_primary_key_problem(model)])
        problems += _foreign_key_problems(model, where)
    return problems


def tenant_foreign_keys() -> list[tuple[str, str, str, str]]:
    """(table, column, target table, target column) of every foreign key between two tables
    distributed by municipality: the keys that become composite."""
    return [
        (model._meta.db_table, field.column, target._meta.db_table, str(field.target_field.column))
        for model in all_models()
        if is_distributed_by_municipality(model)
        for field, target in _foreign_keys(model)
        if target is not Municipality and is_distributed_by_municipality(target)
    ]


def cross_municipality_references() -> list[tuple[str, str, int]]:
    """Rows whose foreign key points at another municipality's row: each would break its
    composite foreign key (and be a join across two municipalities). Run on a copy of
    production before distributing; the benchmarks run it on their data."""
    found = []
    with connection.cursor() as cursor:
        for table, column, target, target_column in tenant_foreign_keys():
            cursor.execute(
                f'SELECT count(*) FROM "{table}" a JOIN "{target}" b '  # noqa: S608
                f'ON a."{column}" = b."{target_column}" '
                "WHERE a.municipality_id <> b.municipality_id"
            )
            count = cursor.fetchone()[0]
            if count:
                found.append((table, column, count))
    return found
