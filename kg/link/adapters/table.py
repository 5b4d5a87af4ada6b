"""A plain CSV/TSV table of identifiers, read through a column mapping the user declares.

The table's meaning comes from ``--option`` values (docs/linking.md, "Tables"), for example, for
PharmacotherapyDB's ``indications.tsv`` (one drug-disease pair per row)::

    --format table
    --option subject=drugbank_id:drugbank,drug:label --option subject_type=Drug
    --option object=doid_id:curie,disease:label --option object_type=Disease
    --option predicate_column=category --option predicate.DM=biolink:treats
    --option predicate.SYM=biolink:ameliorates_condition --option predicate.NOT=none

* ``subject`` (or ``columns``) / ``object``: ``COLUMN:ROLE`` pairs, comma-separated, for the row's
  node and (optionally) a second node. ``ROLE`` is ``label`` (the node's ``rdfs:label``), ``curie``
  (an identifier written in full, as a CURIE or IRI) or an identifier prefix such as ``drugbank``
  (a bare value ``DB00443`` is read as ``drugbank:DB00443``; a value with a colon stays as written);
* ``subject_type`` / ``object_type``: a Biolink class (``Drug`` or ``biolink:Drug``; default
  ``NamedThing``), which also names the node kind (``…/drug/drugbank%3ADB00443``);
* ``predicate``: the CURIE linking subject to object (default ``biolink:related_to``), or
  ``predicate_column`` with one ``predicate.VALUE=CURIE`` per value of that column (``none``: no edge);
* ``delimiter``: ``tab`` or ``comma`` (default from the extension: ``.csv`` comma, else tab).

Each node is ``ctx.node(kind, first identifier)``, so a drug in many rows is one node; each identifier
cell is a ``schema:identifier`` and a mention (``line 12, column 'drugbank_id'``).

>>> spec = _columns("drugbank_id:drugbank,drug:label", "subject")
>>> [(c.column, c.role) for c in spec]
[('drugbank_id', 'drugbank'), ('drug', 'label')]
>>> _identifier("DB00443", "drugbank"), _identifier("DOID:3310", "curie"), _identifier("DOID:3310", "doid")
('drugbank:DB00443', 'DOID:3310', 'DOID:3310')
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.core.errors import KgError
from kg.core.prefixes import PREFIX_IRIS
from kg.link.model import BIOLINK, RDF_TYPE, RDFS_LABEL, SCHEMA_IDENTIFIER, Context, Format, Once, Sink

__all__ = ["FORMATS", "read", "sniff"]

SPEC = "https://www.rfc-editor.org/rfc/rfc4180"
_OPTIONS = ("subject", "columns", "subject_type", "object", "object_type", "predicate", "predicate_column",
            "delimiter")
_ROLE = re.compile(r"label|curie|[A-Za-z][A-Za-z0-9._-]*")
_CLASS = re.compile(r"(?:biolink:)?([A-Z][A-Za-z]*)")
_CURIE = re.compile(r"([a-z][a-z0-9]*):([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class _Column:
    column: str
    role: str  # "label", "curie" or an identifier prefix


@dataclass(frozen=True)
class _Group:
    """One node a row describes: its columns, class and kind."""

    columns: tuple[_Column, ...]
    category: ox.NamedNode
    kind: str


def sniff(name: str, head: bytes) -> bool:
    """Never by content: a table needs its column mapping, so it is named (``--format table``) or is
    the only format for its extension (``.csv``)."""
    return False


def _columns(text: str, option: str) -> tuple[_Column, ...]:
    found = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        column, sep, role = item.rpartition(":")
        if not sep or not column or not _ROLE.fullmatch(role):
            raise KgError(f"--option {option}: {item!r} is not COLUMN:ROLE (ROLE: label, curie or a prefix)")
        found.append(_Column(column, role))
    if not any(c.role != "label" for c in found):
        raise KgError(f"--option {option}: name at least one identifier column (COLUMN:curie or COLUMN:PREFIX)")
    return tuple(found)


def _identifier(cell: str, role: str) -> str:
    """The identifier a cell gives under its column's role: as written, or with the declared prefix."""
    return cell if role == "curie" or ":" in cell else f"{role}:{cell}"


def _iri(curie: str, option: str) -> ox.NamedNode:
    match = _CURIE.fullmatch(curie)
    if not match or match[1] not in PREFIX_IRIS:
        raise KgError(f"--option {option}: {curie!r} is not a CURIE with a known prefix, e.g. biolink:treats")
    return ox.NamedNode(PREFIX_IRIS[match[1]] + match[2])


def _group(options: Mapping[str, str], side: str, default_kind: str) -> _Group | None:
    text = options.get(side) or (options.get("columns") if side == "subject" else None)
    if not text:
        return None
    type_text = options.get(f"{side}_type", "NamedThing")
    match = _CLASS.fullmatch(type_text)
    if not match:
        raise KgError(f"--option {side}_type: {type_text!r} is not a Biolink class such as Drug")
    kind = match[1].lower() if match[1] != "NamedThing" else default_kind
    return _Group(_columns(text, side), ox.NamedNode(BIOLINK + match[1]), kind)


@dataclass(frozen=True)
class _Mapping:
    subject: _Group
    object: _Group | None
    predicate: ox.NamedNode | None
    predicate_column: str | None
    by_value: dict[str, ox.NamedNode | None]
    delimiter: str

    @classmethod
    def of(cls, options: Mapping[str, str], path: Path) -> _Mapping:
        unknown = sorted(k for k in options if k not in _OPTIONS and not k.startswith("predicate."))
        if unknown:
            raise KgError(f"--option {unknown[0]}: unknown option of the table format; it takes "
                          f"{', '.join(_OPTIONS)} and predicate.VALUE")
        subject = _group(options, "subject", "subject")
        if subject is None:
            raise KgError(f"{path}: a table needs its column mapping: --option subject=COLUMN:ROLE,... "
                          "(docs/linking.md, 'Tables')")
        by_value = {k[len("predicate."):]: (None if v == "none" else _iri(v, k))
                    for k, v in sorted(options.items()) if k.startswith("predicate.")}
        delimiter = options.get("delimiter", "comma" if path.name.lower().endswith(".csv") else "tab")
        if delimiter not in ("tab", "comma"):
            raise KgError(f"--option delimiter: {delimiter!r} is not tab or comma")
        column = options.get("predicate_column")
        predicate = _iri(options.get("predicate", "biolink:related_to"), "predicate")
        return cls(subject, _group(options, "object", "object"), predicate, column, by_value,
                   "\t" if delimiter == "tab" else ",")

    def declared(self) -> list[tuple[str, str]]:
        """Every column the mapping names, with the option that names it."""
        named = [(c.column, "subject") for c in self.subject.columns]
        named += [(c.column, "object") for c in (self.object.columns if self.object else ())]
        return named + ([(self.predicate_column, "predicate_column")] if self.predicate_column else [])


class _Rows:
    """Puts each row of the table into the sink."""

    def __init__(self, path: Path, sink: Sink, ctx: Context, mapping: _Mapping, header: list[str]) -> None:
        self.path, self.sink, self.ctx, self.mapping = path, sink, ctx, mapping
        self.index = {name: position for position, name in enumerate(header)}
        self.width = len(header)
        self.add = Once(sink).add  # a node on several rows: each fact once
        for column, option in mapping.declared():
            if column not in self.index:
                raise KgError(f"{path}: column '{column}' (named in --option {option}) is not in the header; "
                              f"the columns are: {', '.join(header)}")

    def node(self, group: _Group, row: list[str], line: int) -> ox.NamedNode:
        cells = [(c, row[self.index[c.column]].strip()) for c in group.columns]
        identifiers = [(c, _identifier(value, c.role)) for c, value in cells if value and c.role != "label"]
        if not identifiers:
            names = ", ".join(repr(c.column) for c in group.columns if c.role != "label")
            raise KgError(f"{self.path}:{line}: no identifier for the row's {group.kind} (columns {names} are empty)")
        node = self.ctx.node(group.kind, identifiers[0][1])
        self.add(node, RDF_TYPE, group.category)
        for column, value in cells:
            if value and column.role == "label":
                self.add(node, RDFS_LABEL, ox.Literal(value))
        for column, text in identifiers:
            if self.add(node, SCHEMA_IDENTIFIER, ox.Literal(text)):
                self.sink.mention(node, text, f"line {line}, column '{column.column}'")
        return node

    def row(self, row: list[str], line: int) -> None:
        if len(row) != self.width:
            raise KgError(f"{self.path}:{line}: {len(row)} fields, but the header has {self.width}")
        subject = self.node(self.mapping.subject, row, line)
        if self.mapping.object is None:
            return
        obj = self.node(self.mapping.object, row, line)
        predicate = self.mapping.predicate
        if self.mapping.predicate_column:
            value = row[self.index[self.mapping.predicate_column]].strip()
            if value not in self.mapping.by_value:
                raise KgError(f"{self.path}:{line}: column '{self.mapping.predicate_column}' is {value!r}, which "
                              f"no --option predicate.{value or 'VALUE'}=CURIE (or =none) maps")
            predicate = self.mapping.by_value[value]
        if predicate is not None:
            self.add(subject, predicate, obj)


def read(path: Path, sink: Sink, ctx: Context) -> None:
    """Read a CSV/TSV table into ``sink`` through the column mapping in ``ctx.options``."""
    mapping = _Mapping.of(ctx.options, path)
    line = 1
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=mapping.delimiter, strict=True)
            header = next(reader, None)
            if not header:
                raise KgError(f"{path}:1: the table has no header row")
            rows = _Rows(path, sink, ctx, mapping, [name.strip() for name in header])
            line = reader.line_num + 1  # where the next row starts (a quoted field may span lines)
            for row in reader:
                start, line = line, reader.line_num + 1
                if row:
                    rows.row(row, start)
    except csv.Error as exc:
        raise KgError(f"{path}:{line}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise KgError(f"{path}: not UTF-8 near line {line}: {exc.reason}") from None
    except OSError as exc:
        raise KgError(f"{path}: cannot read: {exc.strerror}") from None


FORMATS = (Format(name="table", title="CSV/TSV table of identifiers, with a declared column mapping",
                  extensions=(".csv", ".tsv", ".tab"), sniff=sniff, read=read, spec=SPEC),)
