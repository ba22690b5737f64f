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


# ------------------------------------------------------------------- Citus readiness (issue 21)


def test_every_table_has_a_place_in_the_citus_plan_and_nothing_stops_distribution() -> None:
    """Each tenant table can be distributed by municipality: the column is NOT NULL, joins the
    primary key as (municipality_id, id), is in every unique constraint (above); the national
    and deployment-wide tables are reference tables; no reference or local table points into a
    distributed one; foreign keys between distributed tables stay within a municipality's
    shard (tenants/citus.py, docs/scaling.md)."""
    from jichitai.tenants.citus import citus_plan_problems

    assert citus_plan_problems() == []


def test_the_plan_places_the_known_tables_where_docs_scaling_says() -> None:
    from jichitai.tenants.citus import KNOWN_GAPS, placement

    by_label = {m._meta.label: m for m in apps.get_models(include_auto_created=True)}
    assert placement(by_label["procedures.Case"]) == "distributed"
    assert placement(by_label["registry.Resident"]) == "distributed"
    assert placement(by_label["audit.AuditRecord"]) == "distributed"
    assert placement(by_label["tenants.Municipality"]) == "reference"
    assert placement(by_label["identity.StaffUser"]) == "reference"
    assert placement(by_label["sessions.Session"]) == "local"
    assert placement(by_label["linkage.PersonCode"]) == "own database"
    # Many-to-many tables too: counters' services go through a model carrying municipality.
    assert placement(by_label["visits.CounterService"]) == "distributed"
    # A gap is named with its fix, and is still a gap (remove it from the list once fixed).
    assert all(placement(by_label[label]) == "unplaced" for label in KNOWN_GAPS)


def test_tenant_foreign_keys_become_composite_keys_within_a_municipality(db: None) -> None:
    from jichitai.tenants.citus import cross_municipality_references, tenant_foreign_keys

    keys = tenant_foreign_keys()
    assert ("procedures_caseevent", "case_id", "procedures_case", "id") in keys
    assert cross_municipality_references() == []
