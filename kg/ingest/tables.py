"""Read an article's patient table: its schema, patients.csv checked against it, and the printed
transcription (table-1.tsv).

Reading is strict, and every refusal names the file and line (and, in a row, its patient and
column):

* a file must be UTF-8 without a byte-order mark (BOM). A BOM is refused rather than stripped:
  spreadsheet programs add one silently, and the data guide asks for plain UTF-8, so the curator
  is told which file to re-save; a byte that is not UTF-8 is reported with its row and column;
* the header row holds each column of the schema once, and no other;
* every row has exactly one cell per header column (a stray comma is an error, not a new column);
* every value has its column's type (integer, decimal, text, choice, key or keys of a vocabulary
  kind), and a required value is present.

>>> rows = _rows(b"a,b\\n1,2\\n", "x.csv", ",")
>>> rows
[(1, ['a', 'b']), (2, ['1', '2'])]
>>> _rows(b"\\xef\\xbb\\xbfa,b\\n", "x.csv", ",")
Traceback (most recent call last):
kg.core.errors.CurationError: x.csv:1: the file starts with a byte-order mark (BOM); save it as UTF-8 without a BOM
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.core.errors import CurationError, Origin
from kg.ingest.table_schema import Column, TableSchema, load_schema
from kg.ingest.vocabulary import Vocabulary

if TYPE_CHECKING:
    from kg.ingest.yamlio import Record

__all__ = ["PatientRow", "PatientTable", "load_patients", "load_table", "read_tsv"]

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_SEGMENT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ESCAPED = re.compile(r"[\udc80-\udcff]")


@dataclass
class PatientRow:
    """One row of a patient table: curated values by column name, and where the row is."""

    number: int
    values: dict[str, Any]
    origin: Origin


@dataclass
class PatientTable:
    """One table of an article: its schema, its rows, its printed transcription and their files."""

    schema: TableSchema
    patients: list[PatientRow]
    transcription: list[dict[str, str]]
    files: dict[str, str] = field(default_factory=dict)


def load_table(folder: Path, table: Record, vocabulary: Vocabulary, display: Callable[[Path], str]) -> PatientTable:
    """Read one ``tables:`` entry of an article: ``schema`` (a name: data/tables/NAME.yaml beside
    data/articles/), ``records`` (patients.csv) and ``transcription`` (table-1.tsv), both in the
    article's folder."""
    table_id = table.require("id")
    name = table.require("schema")
    if not _SEGMENT.match(name):
        raise CurationError.at(table.origin, f"schema '{name}' is not a name (lower case, digits, -)", "schema")
    schema_file = folder.parent.parent / "tables" / f"{name}.yaml"
    if not schema_file.is_file():
        raise CurationError.at(table.origin, f"no table schema '{name}' ({display(schema_file)} is missing)",
                               "schema")
    schema = load_schema(schema_file, display(schema_file))
    records = folder / table.require("records")
    transcription = folder / table.require("transcription")
    files = {f"{table_id}:schema": display(schema_file), f"{table_id}:records": display(records),
             f"{table_id}:transcription": display(transcription)}
    return PatientTable(schema, load_patients(records, display(records), vocabulary, schema),
                        read_tsv(transcription, display(transcription)), files)


def _decode(data: bytes, display: str) -> str:
    if data.startswith(_BOMS):
        raise CurationError(display, "the file starts with a byte-order mark (BOM); save it as UTF-8 "
                            "without a BOM", line=1)
    # Undecodable bytes become lone surrogates, so the row and column holding them can be named.
    return data.decode("utf-8", errors="surrogateescape")


def _rows(data: bytes, display: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """The non-blank rows of a CSV/TSV file with the line each ends on."""
    reader = csv.reader(io.StringIO(_decode(data, display), newline=""), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            if row:
                rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise CurationError(display, f"cannot read the table: {exc}", line=reader.line_num) from None
    return rows


def _read(path: Path, display: str, delimiter: str) -> list[tuple[int, list[str]]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CurationError(display, f"cannot read file: {exc.strerror}") from None
    rows = _rows(data, display, delimiter)
    if not rows:
        raise CurationError(display, "the file is empty (no header row)", line=1)
    return rows


def _safe(text: str) -> str:
    """``text`` with any undecodable byte shown as ``?`` (for naming a row)."""
    return _ESCAPED.sub("?", text.strip()) or "?"


def _check_encoding(display: str, header: list[str], line: int, row: list[str], record: str | None) -> None:
    """Refuse a cell holding a byte that is not UTF-8, naming its row and column."""
    for index, cell in enumerate(row):
        bad = _ESCAPED.search(cell)
        if bad:
            byte = ord(bad.group()) - 0xDC00
            shown = cell.encode("utf-8", "surrogateescape")
            column = header[index] if record is not None and index < len(header) else None
            where = "" if column else f" (cell {index + 1} of the {'header' if record is None else 'row'})"
            raise CurationError(display, f"not valid UTF-8: byte 0x{byte:02x} in {shown!r}{where}; save the "
                                "file as UTF-8", record=record, line=line, field=column)


def _cells(display: str, header: list[str], line: int, row: list[str], record: str) -> None:
    if len(row) > len(header):
        extra = ", ".join(repr(c) for c in row[len(header):])
        raise CurationError(display, f"{len(row)} cells but the header has {len(header)} columns: extra "
                            f"cell(s) {extra} after column '{header[-1]}'", record=record, line=line)
    if len(row) < len(header):
        missing = header[len(row):]
        raise CurationError(display, f"{len(row)} cells but the header has {len(header)} columns: no cell "
                            f"for {', '.join(missing)}", record=record, line=line, field=missing[0])


def read_tsv(path: Path, display: str) -> list[dict[str, str]]:
    """A printed-table transcription: rows as {header: cell}, every row as wide as the header."""
    rows = _read(path, display, "\t")
    (_, header), body = rows[0], rows[1:]
    _check_encoding(display, header, 1, header, None)
    _header_once(display, header)
    result = []
    for line, row in body:
        record = f"row {_safe(row[0])}"
        _check_encoding(display, header, line, row, record)
        _cells(display, header, line, row, record)
        result.append(dict(zip(header, row, strict=True)))
    return result


def _header_once(display: str, header: list[str]) -> None:
    twice = sorted({h for h in header if header.count(h) > 1})
    if twice:
        raise CurationError(display, f"column(s) named twice in the header: {', '.join(twice)}", line=1)


def _check_header(display: str, header: list[str], schema: TableSchema) -> None:
    _check_encoding(display, header, 1, header, None)
    _header_once(display, header)
    unknown = [name for name in header if not schema.has(name)]
    if unknown:
        raise CurationError(display, f"unknown column(s) {', '.join(unknown)} (not in {schema.file}); "
                            f"expected {', '.join(schema.names)}", line=1, field=unknown[0])
    missing = [name for name in schema.names if name not in header]
    if missing:
        raise CurationError(display, f"missing column(s) {', '.join(missing)} (listed in {schema.file})",
                            line=1, field=missing[0])


def load_patients(path: Path, display: str, vocabulary: Vocabulary, schema: TableSchema) -> list[PatientRow]:
    """Read a patients.csv, converting each cell by its column's type in ``schema``."""
    rows = _read(path, display, ",")
    (_, header), body = rows[0], rows[1:]
    _check_header(display, header, schema)
    key = header.index(schema.key.name)
    result: list[PatientRow] = []
    numbers: set[int] = set()
    for line, row in body:
        origin = Origin(display, f"patient {_safe(row[key]) if key < len(row) else '?'}", line)
        _check_encoding(display, header, line, row, origin.record)
        _cells(display, header, line, row, origin.record or "")
        cells = dict(zip(header, row, strict=True))
        values = {c.name: _convert(cells[c.name].strip(), c, origin, vocabulary) for c in schema.columns}
        number = values[schema.key.name]
        if number in numbers:
            raise CurationError.at(origin, f"duplicate patient number {number}", schema.key.name)
        numbers.add(number)
        result.append(PatientRow(number, values, origin))
    return result


def _convert(text: str, column: Column, origin: Origin, vocabulary: Vocabulary) -> Any:
    name = column.name
    if not text:
        if column.required:
            raise CurationError.at(origin, "required value is missing", name)
        return [] if column.type == "keys" else None
    if column.type == "integer":
        try:
            return int(text)
        except ValueError:
            raise CurationError.at(origin, f"expected an integer, got {text!r}", name) from None
    if column.type == "decimal":
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            raise CurationError.at(origin, f"expected a number, got {text!r}", name)
        return number
    if column.type == "choice":
        if text not in column.choices:
            raise CurationError.at(origin, f"{text!r} is not one of {', '.join(column.choices)}", name)
        return text
    if column.type in ("key", "keys"):
        keys = [k.strip() for k in text.split(";")] if column.type == "keys" else [text]
        for key in keys:
            if vocabulary.resolve(f"{column.kind}:{key}") is None:
                raise CurationError.at(origin, f"unknown {column.kind} '{key}' (not in the {column.kind} "
                                       "vocabulary, data/vocabulary/)", name)
        return keys if column.type == "keys" else keys[0]
    return text
