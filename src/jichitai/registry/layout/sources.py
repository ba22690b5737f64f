"""Where a layout is read from: a directory or .zip (FileLayout, hashing every file to check
manifest.json) or lists of rows in memory (MemoryLayout, used by the demo generator)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from jichitai.common.exceptions import FieldError
from jichitai.registry.layout.columns import MANIFEST
from jichitai.registry.layout.errors import LayoutInvalid, layout_problem


class LayoutSource:
    """The files of one layout, each read as (line number, cells) rows, header first."""

    def manifest(self) -> dict[str, Any] | None:
        return None

    def has(self, name: str) -> bool:
        raise NotImplementedError

    def rows(self, name: str) -> Iterator[tuple[int, list[str]]]:
        raise NotImplementedError

    def problems(self) -> list[FieldError]:
        """Checks that can only be made after reading (checksums, row counts)."""
        return []


class MemoryLayout(LayoutSource):
    """A layout built in memory (the demo generator): file name → rows, header first."""

    def __init__(self, files: Mapping[str, list[list[str]]]) -> None:
        self._files = files

    def has(self, name: str) -> bool:
        return name in self._files

    def rows(self, name: str) -> Iterator[tuple[int, list[str]]]:
        yield from enumerate(self._files[name], start=1)


class _HashingReader(io.RawIOBase):
    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.sha256 = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self.sha256.update(data)
        return len(data)


class FileLayout(LayoutSource):
    """A layout on disk: a directory, or a .zip with the files at its root or in one folder.

    Files are streamed, never read whole; their SHA-256 and row counts are checked against
    manifest.json as they are read.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._prefix = ""
        self._problems: list[FieldError] = []
        if path.is_file() and zipfile.is_zipfile(path):
            self._zip = zipfile.ZipFile(path)
            names = [n for n in self._zip.namelist() if n.rsplit("/", 1)[-1] == MANIFEST]
            if len(names) == 1:
                self._prefix = names[0][: -len(MANIFEST)]
        elif not path.is_dir():
            raise FileNotFoundError(str(path))
        self._manifest = self._read_manifest()
        self._listed = {f.get("name"): f for f in self._manifest.get("files", [])}

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def _open(self, name: str) -> IO[bytes]:
        if self._zip is not None:
            return self._zip.open(self._prefix + name)
        return (self.path / name).open("rb")

    def _read_manifest(self) -> dict[str, Any]:
        if not self.has(MANIFEST):
            raise LayoutInvalid.of([layout_problem(MANIFEST, None, "manifest.json がありません。")])
        with self._open(MANIFEST) as stream:
            try:
                manifest = json.load(stream)
            except (ValueError, UnicodeDecodeError):
                raise LayoutInvalid.of(
                    [layout_problem(MANIFEST, None, "JSON として読めません。")]
                ) from None
        if not isinstance(manifest, dict):
            raise LayoutInvalid.of(
                [layout_problem(MANIFEST, None, "JSON のオブジェクトではありません。")]
            )
        return manifest

    def manifest(self) -> dict[str, Any]:
        return self._manifest

    def has(self, name: str) -> bool:
        if self._zip is not None:
            try:
                self._zip.getinfo(self._prefix + name)
            except KeyError:
                return False
            return True
        return (self.path / name).is_file()

    def rows(self, name: str) -> Iterator[tuple[int, list[str]]]:
        with self._open(name) as raw:
            hashing = _HashingReader(raw)
            text = io.TextIOWrapper(
                io.BufferedReader(hashing, buffer_size=1 << 20), encoding="utf-8", newline=""
            )
            reader = csv.reader(text, strict=True)
            count = 0
            try:
                for cells in reader:
                    yield reader.line_num, cells
                    count += 1
            except UnicodeDecodeError:
                self._problems.append(
                    layout_problem(name, None, "UTF-8 として読めない箇所があります。")
                )
                return
            except csv.Error as error:
                self._problems.append(
                    layout_problem(
                        name, reader.line_num, f"CSV の形式が正しくありません（{error}）。"
                    )
                )
                return
        listed = self._listed.get(name)
        if listed is None:
            return
        if listed.get("sha256") and listed["sha256"] != hashing.sha256.hexdigest():
            self._problems.append(
                layout_problem(
                    name, None, "SHA-256 が manifest.json と一致しません（破損または改変）。"
                )
            )
        if "rows" in listed and listed["rows"] != max(count - 1, 0):
            self._problems.append(
                layout_problem(
                    name, None, f"行数が manifest.json の {listed['rows']} 件と一致しません。"
                )
            )

    def problems(self) -> list[FieldError]:
        return self._problems
