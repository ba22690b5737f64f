"""Both layouts of the broker's database: its own database, and a second connection to the
deployment's database (where Django's one django_migrations table would otherwise record the
broker's migrations as applied without creating its tables)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.test import override_settings

from jichitai.linkage.routers import LinkageRouter

ROUTER = LinkageRouter()
SEPARATE = {
    "default": {"ENGINE": "django.db.backends.postgresql", "NAME": "jichitai", "HOST": "db"},
    "linkage": {"ENGINE": "django.db.backends.postgresql", "NAME": "broker", "HOST": "db"},
}
SHARED = {
    "default": {"ENGINE": "django.db.backends.postgresql", "NAME": "jichitai", "HOST": "db"},
    "linkage": {"ENGINE": "django.db.backends.postgresql", "NAME": "jichitai", "HOST": "db"},
}


@override_settings(DATABASES=SEPARATE)
def test_separate_databases_each_get_only_their_own_tables() -> None:
    assert ROUTER.allow_migrate("linkage", "linkage")
    assert not ROUTER.allow_migrate("default", "linkage")
    assert ROUTER.allow_migrate("default", "registry")
    assert not ROUTER.allow_migrate("linkage", "registry")


@override_settings(DATABASES=SHARED)
def test_one_database_under_two_aliases_gets_every_table_from_either() -> None:
    for alias in ("default", "linkage"):
        assert ROUTER.allow_migrate(alias, "linkage")
        assert ROUTER.allow_migrate(alias, "registry")


def _migrate(tmp_path: Path, database: str, *, default: Path, linkage: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jichitai.config.settings.dev",
        "JICHITAI_HOME": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{default}",
        "LINKAGE_DATABASE_URL": f"sqlite:///{linkage}",
        "PYTHONPATH": str(Path(__file__).resolve().parents[3]),
    }
    subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "django", "migrate", "--database", database, "--noinput", "-v", "0"],
        env=env,
        check=True,
        timeout=300,
    )


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}


def test_migrating_one_shared_database_creates_the_brokers_tables(tmp_path: Path) -> None:
    """`make migrate` (default, then linkage): the first run creates the broker's tables
    too, and the second finds them applied."""
    shared = tmp_path / "shared.sqlite3"
    for alias in ("default", "linkage"):
        _migrate(tmp_path, alias, default=shared, linkage=shared)
    assert {"linkage_personcode", "linkage_exchangerecord", "registry_resident"} <= _tables(shared)


def test_migrating_separate_databases_keeps_the_mapping_apart(tmp_path: Path) -> None:
    default, broker = tmp_path / "jichitai.sqlite3", tmp_path / "linkage.sqlite3"
    for alias in ("default", "linkage"):
        _migrate(tmp_path, alias, default=default, linkage=broker)
    assert "linkage_personcode" in _tables(broker)
    assert "registry_resident" not in _tables(broker)
    assert "linkage_personcode" not in _tables(default)
    assert "registry_resident" in _tables(default)
