"""The conformance matrix (docs/registry-conformance.md) and the tests it names stay in step:
allowed verdicts only, a test for every `done`, every named test defined somewhere under
src/jichitai (so a test moved to another module still resolves), and summary counts that
are the rows' counts."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[4]
MATRIX = REPO / "docs" / "registry-conformance.md"
SOURCES = REPO / "src" / "jichitai"

LEVELS = {"MUST", "MAY", "—"}
VERDICTS = {"done", "partly", "not"}
MUST_NOT_VERDICTS = {"respected", "violated", "—"}
CORE = "core (1, 2, 4, 5, 7.1)"
CORE_CHAPTERS = {"1", "2", "4", "5", "7.1"}
SUMMARY_COLUMNS = ("MUST", "done", "partly", "not", "MAY", "実装しない", "respected", "violated")

NAMED_TEST = re.compile(r"`(?:(\w+\.py)::)?(test_\w+)`")
TEST_DEFINITION = re.compile(r"^\s*(?:async\s+)?def (test_\w+)\(", re.MULTILINE)


@dataclass(frozen=True)
class Row:
    """One section of 第３章: its level, verdicts and the tests that show them."""

    section: str
    level: str
    verdict: str
    must_not: str
    tests: tuple[tuple[str, str], ...]  # (module file name or "", test function name)

    @property
    def chapter(self) -> str:
        parts = self.section.split(".")
        return ".".join(parts[:2]) if parts[0] == "7" else parts[0]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _tables() -> dict[str, list[list[str]]]:
    """The body rows of every table, by the `## ` heading above it."""
    tables: dict[str, list[list[str]]] = {}
    heading = ""
    for line in MATRIX.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            heading = line[3:].strip()
        elif line.startswith("|") and not line.startswith("|---"):
            tables.setdefault(heading, []).append(_cells(line))
    # The first line of each table is its header.
    return {heading: rows[1:] for heading, rows in tables.items()}


@cache
def _rows() -> tuple[Row, ...]:
    rows = []
    for heading, table in _tables().items():
        if not heading.startswith("Chapter "):
            continue
        for section, _title, level, _asks, verdict, must_not, _missing, tests in table:
            rows.append(
                Row(
                    section=section,
                    level=level,
                    verdict=verdict,
                    must_not=must_not,
                    tests=tuple(NAMED_TEST.findall(tests)),
                )
            )
    return tuple(rows)


def _counts(rows: list[Row]) -> dict[str, int]:
    verdicts = Counter(row.verdict for row in rows if row.level == "MUST")
    must_not = Counter(row.must_not for row in rows if row.must_not != "—")
    return {
        "MUST": sum(row.level == "MUST" for row in rows),
        "done": verdicts["done"],
        "partly": verdicts["partly"],
        "not": verdicts["not"],
        "MAY": sum(row.level == "MAY" for row in rows),
        "実装しない": sum(must_not.values()),
        "respected": must_not["respected"],
        "violated": must_not["violated"],
    }


@cache
def _test_definitions() -> dict[str, tuple[str, ...]]:
    """Test function name -> the file names of the modules under src/jichitai that define it."""
    found: dict[str, list[str]] = {}
    for path in sorted(SOURCES.rglob("test_*.py")):
        if "tests" not in path.parts:
            continue
        for name in TEST_DEFINITION.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, []).append(path.name)
    return {name: tuple(modules) for name, modules in found.items()}


def test_the_matrix_has_one_row_per_section() -> None:
    sections = [row.section for row in _rows()]
    assert sections, f"no rows found in {MATRIX}: are the tables under '## Chapter …' headings?"
    twice = sorted(section for section, n in Counter(sections).items() if n > 1)
    assert not twice, f"sections listed more than once: {twice}"


def test_every_row_uses_the_allowed_words() -> None:
    wrong = []
    for row in _rows():
        if row.level not in LEVELS:
            wrong.append(f"{row.section}: level {row.level!r} is not one of {sorted(LEVELS)}")
        allowed = {"—"} if row.level == "—" else VERDICTS
        if row.verdict not in allowed:
            wrong.append(f"{row.section}: verdict {row.verdict!r} is not one of {sorted(allowed)}")
        if row.must_not not in MUST_NOT_VERDICTS:
            wrong.append(
                f"{row.section}: 実装しない {row.must_not!r} is not one of "
                f"{sorted(MUST_NOT_VERDICTS)}"
            )
    assert not wrong, "\n".join(wrong)


def test_every_done_row_names_a_test() -> None:
    untested = [row.section for row in _rows() if row.verdict == "done" and not row.tests]
    assert not untested, f"rows marked done name no test: {untested}"


def test_every_named_test_exists() -> None:
    definitions = _test_definitions()
    wrong = []
    for row in _rows():
        for module, name in row.tests:
            modules = definitions.get(name, ())
            if module and module not in modules:
                wrong.append(f"{row.section}: no `def {name}(` in a module named {module}")
            elif not modules:
                wrong.append(f"{row.section}: no `def {name}(` in any test module of src/jichitai")
            elif not module and len(modules) > 1:
                wrong.append(
                    f"{row.section}: {name} is defined in {sorted(modules)}; "
                    f"write it as `module.py::{name}`"
                )
    assert not wrong, "\n".join(wrong)


def test_the_summary_counts_are_the_rows_counts() -> None:
    rows = list(_rows())
    expected = {
        chapter: _counts([r for r in rows if r.chapter == chapter])
        for chapter in dict.fromkeys(r.chapter for r in rows)
    }
    expected[CORE] = _counts([r for r in rows if r.chapter in CORE_CHAPTERS])
    expected["all"] = _counts(rows)
    summary = {
        cells[0]: dict(zip(SUMMARY_COLUMNS, map(int, cells[1:]), strict=True))
        for cells in _tables().get("Summary", [])
    }
    assert summary.keys() == expected.keys(), (
        f"summary rows {list(summary)} should be {list(expected)}"
    )
    wrong = [
        f"{chapter} {column}: summary says {summary[chapter][column]}, rows give {count}"
        for chapter, counts in expected.items()
        for column, count in counts.items()
        if summary[chapter][column] != count
    ]
    assert not wrong, "\n".join(wrong)
