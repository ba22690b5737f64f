"""Fixtures of the staff pages' tests: today is fixed, the 山田 family is registered and a
住民記録審査 supervisor is signed in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from jichitai.conftest import signed_in
from jichitai.identity.models import StaffUser
from jichitai.registry.models import Resident
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 4, 7)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def family(midori: Municipality, clerk: StaffUser) -> dict[str, Resident]:
    return yamada_family(midori, actor=clerk)


@pytest.fixture
def supervisor_client(supervisor: StaffUser) -> Client:
    return signed_in(supervisor)
