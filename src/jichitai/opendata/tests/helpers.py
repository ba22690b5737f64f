"""Test helpers: the real files and CSV text built from rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

REAL = Path(__file__).resolve().parent / "real"
AED = REAL / "aed__122033_108_aed.csv"
EVACUATION = REAL / "evacuation_space__382019_evacuation_space.csv"
PRESCHOOL = REAL / "preschool__112038_preschool.csv"
TOILET = REAL / "public_toilet__131130_public_toilet.csv"
TOURISM = REAL / "tourism__350001_tourism.csv"


def real_rows(path: Path, encoding: str) -> list[list[str]]:
    """The file's rows as Python's csv module reads them (header first)."""
    return list(csv.reader(io.StringIO(path.read_bytes().decode(encoding), newline="")))


def csv_text(rows: list[list[str]], *, line_ending: str = "\r\n") -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=line_ending).writerows(rows)
    return out.getvalue()
