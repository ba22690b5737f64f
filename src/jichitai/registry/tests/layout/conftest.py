"""Fixtures of the migration layout's tests: today is fixed."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jichitai.registry.tests.layout.helpers import TODAY


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
