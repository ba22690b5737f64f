"""移行用データレイアウト (migration layout, 標準仕様書 §10.6): export and import of a register.

The official 中間標準レイアウト仕様 is not public here (docs/registry-standard.md §4), so this is
the interim layout of §4.2, described in docs/registry-layout.md: a directory or .zip with one
UTF-8 CSV per record kind, headed by the standard's Japanese item names, and manifest.json.

Import streams every file once, in the order of their references (世帯 → 異動 → 住民 →
住民履歴), and checks every row with the same checks the services use (check digits, 続柄,
katakana, dates), plus at most one 世帯主 per living household, unique numbers and references
between files. All of it runs in one transaction: rows are inserted (COPY on PostgreSQL) while no row
has failed, so the database indexes them on the second core while Python checks the next
ones; once a row fails nothing more is inserted, checking goes on to report every error, and
the transaction is rolled back: a register is imported whole or not at all. Memory holds the
sets of numbers needed for uniqueness and references, never the rows.

The demo generator (demo/residents) loads its initial population through the same path
(`registry_load` with a `MemoryLayout`), so generated data is validated exactly like a file.

The package, by step: `columns` (files and their columns), `codecs` (reading and writing a
cell), `sources` (a directory, .zip or rows in memory), `errors`, `results`, `exporter`
(registry_export), `importer` (the checks of every row, one module per file), `bulk` (the
inserts) and `load` (registry_load, registry_import).
"""

from __future__ import annotations

from jichitai.registry.layout.codecs import (
    layout_header,
    layout_row,
    sequence_number,
)
from jichitai.registry.layout.columns import (
    CHANGE_COLUMNS,
    CHANGES,
    CODE_COLUMNS,
    CODES,
    FILE_COLUMNS,
    FILE_KINDS,
    HISTORY,
    HISTORY_COLUMNS,
    HOUSEHOLD_COLUMNS,
    HOUSEHOLDS,
    ITEM_COLUMNS,
    ITEM_KEYS,
    LAYOUT_FORMAT,
    LAYOUT_VERSION,
    MANIFEST,
    RESIDENT_COLUMNS,
    RESIDENTS,
    SNAPSHOT_KEYS,
    STANDARD,
    snapshot_keys,
)
from jichitai.registry.layout.errors import (
    LayoutInvalid,
    RegistryNotEmpty,
)
from jichitai.registry.layout.exporter import registry_export
from jichitai.registry.layout.importer import IMPORT_REFERENCE
from jichitai.registry.layout.load import (
    registry_import,
    registry_is_empty,
    registry_load,
)
from jichitai.registry.layout.results import (
    ExportResult,
    ImportResult,
    LayoutCounts,
)
from jichitai.registry.layout.sources import (
    FileLayout,
    LayoutSource,
    MemoryLayout,
)

# BATCH_SIZE (bulk) and ERROR_REPORT_LIMIT (errors) are read where they are defined: set them
# on those modules, not here.

__all__ = [
    "CHANGES",
    "CHANGE_COLUMNS",
    "CODES",
    "CODE_COLUMNS",
    "FILE_COLUMNS",
    "FILE_KINDS",
    "HISTORY",
    "HISTORY_COLUMNS",
    "HOUSEHOLDS",
    "HOUSEHOLD_COLUMNS",
    "IMPORT_REFERENCE",
    "ITEM_COLUMNS",
    "ITEM_KEYS",
    "LAYOUT_FORMAT",
    "LAYOUT_VERSION",
    "MANIFEST",
    "RESIDENTS",
    "RESIDENT_COLUMNS",
    "SNAPSHOT_KEYS",
    "STANDARD",
    "ExportResult",
    "FileLayout",
    "ImportResult",
    "LayoutCounts",
    "LayoutInvalid",
    "LayoutSource",
    "MemoryLayout",
    "RegistryNotEmpty",
    "layout_header",
    "layout_row",
    "registry_export",
    "registry_import",
    "registry_is_empty",
    "registry_load",
    "sequence_number",
    "snapshot_keys",
]
