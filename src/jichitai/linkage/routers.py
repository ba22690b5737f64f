"""Database router: the broker's tables (符号 mapping, exchange records) live in the "linkage"
database, everything else in "default".

Both aliases may name the same database (a PostgreSQL deployment without
LINKAGE_DATABASE_URL). Django records a migration as applied in the database's one
django_migrations table even where allow_migrate said no, so "allowed on this alias" must mean
"allowed on the database this alias is": whichever alias migrates first creates every table
that belongs there, and migrating the other one finds them applied.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Model

LINKAGE_DB = "linkage"
APP_LABEL = "linkage"


def _same_database(alias: str, other: str) -> bool:
    first, second = settings.DATABASES[alias], settings.DATABASES[other]
    return all(
        first.get(key) == second.get(key) for key in ("ENGINE", "NAME", "HOST", "PORT")
    ) and first.get("NAME") not in ("", ":memory:")


class LinkageRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        return LINKAGE_DB if model._meta.app_label == APP_LABEL else None

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return LINKAGE_DB if model._meta.app_label == APP_LABEL else None

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        inside = {obj._meta.app_label == APP_LABEL for obj in (obj1, obj2)}
        # A relation between the broker's rows and the rest would cross databases.
        return None if len(inside) == 1 else False

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        if app_label == APP_LABEL:
            return db == LINKAGE_DB or _same_database(db, LINKAGE_DB)
        return db != LINKAGE_DB or _same_database(db, "default")
