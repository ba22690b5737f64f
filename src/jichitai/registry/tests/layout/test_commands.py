"""`export-registry` and `import-registry`, the layout's management commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from jichitai.registry.layout import RESIDENTS, registry_export
from jichitai.registry.models import Resident
from jichitai.registry.tests.factories import yamada_family
from jichitai.registry.tests.layout.helpers import column as _column
from jichitai.registry.tests.layout.helpers import rewrite as _rewrite
from jichitai.tenants.models import Municipality


def test_commands_export_and_import(
    midori: Municipality, minakami: Municipality, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    yamada_family(midori)
    call_command("export-registry", "--municipality", "102121", "--output", str(tmp_path / "a"))
    assert "住民 3" in capsys.readouterr().out
    call_command(
        "import-registry",
        str(tmp_path / "a"),
        "--municipality",
        "104493",
        "--allow-other-municipality",
    )
    assert "住民 3" in capsys.readouterr().out
    assert Resident.objects.for_municipality(minakami).count() == 3


def test_import_command_prints_the_lines_and_fails(
    midori: Municipality, minakami: Municipality, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    yamada_family(midori)
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)

    def spoil(rows: list[list[str]]) -> None:
        rows[2][_column(rows, "生年月日")] = "2018-02-30"

    _rewrite(tmp_path / "a", RESIDENTS, spoil)
    with pytest.raises(CommandError, match="1件の誤り"):
        call_command(
            "import-registry",
            str(tmp_path / "a"),
            "--municipality",
            "104493",
            "--allow-other-municipality",
        )
    assert "住民.csv 3行目: 生年月日:" in capsys.readouterr().err
    assert not Resident.objects.for_municipality(minakami).exists()
