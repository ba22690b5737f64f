"""分散管理: a department record knows a person only by its business's 符号."""

from __future__ import annotations

import re

from django.apps import apps
from django.db import models

from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality

ALLOWED_OUTSIDE = {Municipality, StaffUser}
FORBIDDEN_NAME = re.compile(
    r"my_?number|individual_number|resident_code|juminhyo|resident(_id)?$|person_id|kojin",
    re.IGNORECASE,
)


def _department_models() -> list[type[models.Model]]:
    return list(apps.get_app_config("departments").get_models())


def test_no_department_model_relates_to_another_apps_model() -> None:
    offenders = []
    for model in _department_models():
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            if related is None or related._meta.app_label == "departments":
                continue
            if related not in ALLOWED_OUTSIDE:
                offenders.append(f"{model.__name__}.{field.name} -> {related._meta.label}")
    assert offenders == []


def test_no_field_is_named_like_a_register_key() -> None:
    names = [
        f"{model.__name__}.{field.name}"
        for model in _department_models()
        for field in model._meta.get_fields()
        if FORBIDDEN_NAME.search(field.name)
    ]
    assert names == []


def test_every_department_model_is_tenant_owned() -> None:
    assert all(
        any(f.name == "municipality" for f in model._meta.fields) for model in _department_models()
    )
