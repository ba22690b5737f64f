"""Event logs (イベントログ) in and out: pure readers and writers of XES (IEEE 1849-2023),
OCEL 2.0 (JSON and SQLite) and CSV, and their analysis on DuckDB. Nothing here touches the
database of the project; the commands and selectors of insights feed it.

Semantics are pm4py's defaults, so figures equal what a process-mining analyst gets there:
the activity is `concept:name`, every event counts whatever its `lifecycle:transition`, and
within a case events are ordered by their instant (UTC), ties kept in file order.
"""
