"""The datanodes TSV WikiPathways publishes beside each pathway (``WP5538-datanodes.tsv`` in
wikipathways/wikipathways-database).

Its header is ``Label  Type  Identifier  Comment`` followed by one column per identifier space
(``Ensembl``, ``NCBI gene``, ``HGNC``, ``UniProt``, ``Wikidata``, ``ChEBI``, ``InChI``, ...), each
cell holding CURIEs (``uniprot:P24394``) separated by ``;``. Each row becomes one node: its Biolink
category from ``Type`` and the Identifier's prefix, ``rdfs:label`` the Label, ``rdfs:comment`` the
Comment, ``schema:identifier`` the Identifier as written, and one mention per distinct CURIE of the
row, as written. When the file's name carries a WikiPathways id (``WP5538-datanodes.tsv``), the
pathway is a node too (``biolink:Pathway``, mention ``wikipathways:WP5538``) that
``biolink:has_participant`` each row.

>>> sniff("x.tsv", b"Label\\tType\\tIdentifier\\tComment\\tEnsembl\\n"), sniff("x.tsv", b"id\\tname\\n")
(True, False)
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.core.errors import KgError
from kg.link.adapters.wikipathways_vocab import biolink, category
from kg.link.model import RDF_TYPE, RDFS_LABEL, SCHEMA_IDENTIFIER, Context, Format, Sink

__all__ = ["FORMAT", "REQUIRED", "read", "sniff"]

#: The columns every datanodes TSV has; the others (beside Comment) hold identifiers.
REQUIRED = ("Label", "Type", "Identifier")
_NOT_IDENTIFIERS = frozenset({"Label", "Type", "Comment"})
_WPID = re.compile(r"WP\d+")
_RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")


def sniff(name: str, head: bytes) -> bool:
    """A WikiPathways datanodes table: its first line starts ``Label<TAB>Type<TAB>Identifier``."""
    first = head.split(b"\n", 1)[0].lstrip(b"\xef\xbb\xbf").rstrip(b"\r")
    return first.split(b"\t")[:3] == [b"Label", b"Type", b"Identifier"]


def read(path: Path, sink: Sink, ctx: Context) -> None:
    """Read the datanodes TSV ``path`` into ``sink`` (see the module's documentation)."""
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as handle:
            _read(handle, str(path), sink, ctx)
    except _RowError as exc:
        raise KgError(f"{path}:{exc.line}: {exc.problem}") from None
    except UnicodeDecodeError as exc:
        raise KgError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise KgError(f"{path}: cannot read: {exc.strerror}") from None


class _RowError(Exception):
    """A row the csv module refuses (a field over its size limit), with the line it starts on."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line, self.problem = line, problem


def _read(handle: io.TextIOBase, where: str, sink: Sink, ctx: Context) -> None:
    rows = csv.reader(handle, delimiter="\t")
    try:
        header = next(rows, None)
    except csv.Error as exc:
        raise _RowError(1, str(exc)) from None
    if header is None:
        raise KgError(f"{where}: empty file (expected the header {' '.join(REQUIRED)} ...)")
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise KgError(f"{where}:1: missing column {missing[0]!r} (the header is {' | '.join(header)})")
    found = _WPID.search(ctx.source.name) or _WPID.search(Path(where).name)
    pathway = ctx.node("pathway", found.group(0)) if found else None
    if pathway is not None and found is not None:
        sink.add(pathway, RDF_TYPE, biolink("Pathway"))
        sink.add(pathway, SCHEMA_IDENTIFIER, ox.Literal(found.group(0)))
        sink.mention(pathway, f"wikipathways:{found.group(0)}", "file name")
    for line, row in _rows(rows, header, where):
        node = ctx.node("row", str(line))
        _row(node, row, line, sink)
        if pathway is not None:
            sink.add(pathway, biolink("has_participant"), node)


def _rows(rows: Iterator[list[str]], header: list[str], where: str) -> Iterator[tuple[int, dict[str, str]]]:
    while True:
        start = rows.line_num + 1  # type: ignore[attr-defined]
        try:
            cells = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _RowError(start, str(exc)) from None
        line = rows.line_num  # type: ignore[attr-defined]
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise KgError(f"{where}:{line}: {len(cells)} fields, the header has {len(header)}")
        yield line, dict(zip(header, cells, strict=True))


def _row(node: ox.NamedNode, row: dict[str, str], line: int, sink: Sink) -> None:
    identifier = row["Identifier"].strip()
    prefix = identifier.partition(":")[0] if ":" in identifier else ""
    sink.add(node, RDF_TYPE, category(row["Type"].strip(), prefix))
    if row["Label"].strip():
        sink.add(node, RDFS_LABEL, ox.Literal(row["Label"].strip()))
    if row.get("Comment", "").strip():
        sink.add(node, _RDFS_COMMENT, ox.Literal(row["Comment"].strip()))
    if identifier:
        sink.add(node, SCHEMA_IDENTIFIER, ox.Literal(identifier))
    seen: set[str] = set()
    for column, value in row.items():
        if column in _NOT_IDENTIFIERS:
            continue
        for text in (part.strip() for part in value.split(";")):
            if text and text not in seen:
                seen.add(text)
                sink.mention(node, text, f"line {line}, field {column!r}")


FORMAT = Format("wikipathways-tsv", "WikiPathways datanodes TSV", (".tsv",), sniff, read,
                "https://github.com/wikipathways/wikipathways-database")
