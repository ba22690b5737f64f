"""A model's own columns by name, typed: `Model._meta.get_field` also answers reverse relations,
which have no max_length or choices, so forms and schemas that size themselves by a column ask
here."""

from __future__ import annotations

from typing import Any

from django.db import models


def concrete_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """The field `name` of `model` (a column, not a reverse relation)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is a reverse relation, not a column")
    return field


def column_max_length(model: type[models.Model], name: str) -> int:
    """The max_length of a text column, so a form or schema never accepts more than it holds."""
    max_length = concrete_field(model, name).max_length
    if max_length is None:
        raise TypeError(f"{model.__name__}.{name} has no max_length")
    return max_length


class BulkJSONField(models.JSONField):
    """A JSONField that bulk_create inserts with VALUES on PostgreSQL, not UNNEST.

    Django 5.2 sends a bulk insert's columns as arrays (UNNEST). psycopg's client-side binding
    then quotes every JSON document inside an array literal in Python, one regular-expression
    substitution per quote. For a 転居's history rows (a snapshot of ~3 KB each) that doubled
    the insert: 1.2 ms against 0.6 ms for three rows (docs/benchmarks.md). Django keeps VALUES
    for a column whose field has get_placeholder, and VALUES quotes each document once in C."""

    def get_placeholder(self, value: Any, compiler: Any, connection: Any) -> str:
        return "%s"
