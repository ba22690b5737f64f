from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from jichitai.config.env import env_bool, env_int, env_secret

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "jichitai.config.settings.prod",
    "JICHITAI_SECRET_KEY": "x" * 64 + "-production-secret-key-for-the-deploy-check",
    "JICHITAI_ENCRYPTION_KEYS": "k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
    "JICHITAI_LOOKUP_KEY": "lookup-key-for-the-deploy-check",
    "JICHITAI_AUDIT_KEY": "audit-key-for-the-deploy-check",
    "JICHITAI_PAYMENT_WEBHOOK_SECRET": "payment-secret-for-the-deploy-check",
    "JICHITAI_ALLOWED_HOSTS": "jichitai.example.lg.jp",
}


def _check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("JICHITAI_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-m", "jichitai.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check() -> None:
    result = _check(PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_secrets() -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "JICHITAI_AUDIT_KEY"}
    result = _check(env)
    assert result.returncode != 0
    assert "JICHITAI_AUDIT_KEY" in result.stderr


def test_env_helpers_reject_garbage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_BOOL", "maybe")
    monkeypatch.setenv("X_INT", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL"):
        env_bool("X_BOOL", False)
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env_int("X_INT", 1)


def test_secrets_can_come_from_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-a-file\n", encoding="utf-8")
    monkeypatch.setenv("X_SECRET_FILE", str(secret_file))
    assert env_secret("X_SECRET") == "from-a-file"
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        env_secret("X_SECRET")
