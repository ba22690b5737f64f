"""docs/opendata.md「エラーと警告」lists every finding code with the severity the code has."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from jichitai.opendata.error_codes import FindingCode
from jichitai.opendata.validation import severity_of

DOC = Path(settings.PACKAGE_DIR).parents[1] / "docs" / "opendata.md"


def test_the_error_and_warning_table_matches_the_codes() -> None:
    rows = re.findall(r"^\| `([\w.]+)` \| (error|warning) \|", DOC.read_text("utf-8"), re.M)
    assert dict(rows) == {str(code): str(severity_of(code)) for code in FindingCode}
