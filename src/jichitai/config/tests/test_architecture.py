"""docs/architecture.md must name exactly the apps the project installs."""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

ARCHITECTURE = Path(settings.PACKAGE_DIR).parents[1] / "docs" / "architecture.md"


def _documented_apps() -> set[str]:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    return set(re.findall(r"^\| `(\w+)` \|", text, flags=re.MULTILINE))


def test_architecture_table_matches_installed_apps() -> None:
    installed = {
        app.removeprefix("jichitai.")
        for app in settings.INSTALLED_APPS
        if app.startswith("jichitai.") and not app.startswith("jichitai.config")
    }
    assert _documented_apps() == installed | {"config"}


def test_common_has_no_models() -> None:
    assert list(apps.get_app_config("common").get_models()) == []
