"""DESIGN.md's tenancy rule, checked for every model that exists now or is added later."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from jichitai.tenants.models import Municipality

# Login names are deployment-wide so the platform admin can find anyone (identity/models.py).
EXEMPT = {"identity.StaffUser"}


def _tenant_owned_models() -> list[type[models.Model]]:
    found = []
    for model in apps.get_models():
        field = next((f for f in model._meta.fields if f.name == "municipality"), None)
        if field is not None and field.related_model is Municipality:
            found.append(model)
    return found


def test_tenant_owned_models_exist() -> None:
    labels = {m._meta.label for m in _tenant_owned_models()}
    assert {"identity.StaffRole", "identity.ApiToken", "tenants.ClosingDay"} <= labels


def test_every_unique_constraint_of_a_tenant_table_includes_the_municipality() -> None:
    offenders = []
    for model in _tenant_owned_models():
        if model._meta.label in EXEMPT:
            continue
        for field in model._meta.fields:
            if field.unique and not field.primary_key:
                offenders.append(f"{model._meta.label}.{field.name} is unique on its own")
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and (
                "municipality" not in constraint.fields
            ):
                offenders.append(f"{model._meta.label} {constraint.name}")
        for together in model._meta.unique_together:
            if "municipality" not in together:
                offenders.append(f"{model._meta.label} unique_together {together}")
    assert offenders == []
