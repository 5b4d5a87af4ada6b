"""Biolink KGX nodes and edges files, as TSV or JSON Lines (https://github.com/biolink/kgx,
specification/kgx-format.md and docs/kgx_format.md).

A KGX graph is two files: ``*_nodes.tsv`` (columns ``id``, ``category``, ``name``, ``xref``, ...)
and ``*_edges.tsv`` (``subject``, ``predicate``, ``object``, ...), or the same records one JSON
object a line (``*_nodes.jsonl``, ``*_edges.jsonl``). KG-Hub and the Monarch KG ship both files
in one ``.tar.gz``; that archive is one import here (streamed member by member, nothing extracted
to disk). A single nodes or edges file imports too (a ``.gz`` of one is read as it is); which
of the two a file holds is told by its header or first record: ``subject``/``object`` and
``predicate`` (or the older ``edge_label``) make an edges file, ``id`` a nodes file.

What a record becomes (:mod:`kg.link.model` is the contract):

* a node ``ctx.node("node", id)``: ``rdf:type`` each Biolink category (``|``-separated in TSV, a
  list in JSON Lines), ``rdfs:label`` its ``name``, ``schema:identifier`` its ``id`` as written;
  a mention of the ``id`` and of each ``xref``;
* an edge: ``subject -[predicate]-> object`` between the import's nodes, the predicate a Biolink
  CURIE expanded (``biolink:treats`` -> ``https://w3id.org/biolink/vocab/treats``) or an
  absolute IRI. Every other edge property (``id``, ``relation``, ``category``, knowledge
  sources, publications, qualifiers) is dropped: keeping them would mean a reified statement per
  edge, several times the triples of the edge itself.

TSV is read as KGX itself reads it: tab-separated, no quoting, a row may stop short of the last
columns (they are empty), but a row with more fields than the header is an error.

>>> from kg.link.model import Collector
>>> ctx = Context(name="kg", source=Path("x_edges.tsv"))
>>> sink = Collector()
>>> _Graph(sink, ctx, "x_edges.tsv").edge("HGNC:6014", "biolink:interacts_with", "HGNC:6015", 2)
>>> sink.triples[0].predicate.value
'https://w3id.org/biolink/vocab/interacts_with'
"""

from __future__ import annotations

import gzip
import io
import json
import re
import tarfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.core.errors import KgError
from kg.link.adapters.jsonline import json_line
from kg.link.model import BIOLINK, RDF_TYPE, RDFS_LABEL, SCHEMA_IDENTIFIER, Context, Format, Sink

__all__ = ["FORMATS", "read_tsv", "read_jsonl"]

SPEC = "https://github.com/biolink/kgx/blob/master/specification/kgx-format.md"
_ARCHIVES = (".tar.gz", ".tgz", ".tar")
#: The node IRIs kept for the edges that name a node again (cleared when full, so memory stays bounded).
_NODE_CACHE = 200_000
#: The longest line read: a record is one line, and a small ``.gz`` can hold one line of gigabytes.
MAX_LINE = 16 << 20
_IRI = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://|urn:)\S+$")
_BIOLINK_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_EDGE_KEYS = ("subject", "object")
_PREDICATE_KEYS = ("predicate", "edge_label")


class _Graph:
    """Turns KGX records into triples and mentions. One per import: an archive's members share its
    node cache (``label`` and ``prefix`` name the file or member being read)."""

    def __init__(self, sink: Sink, ctx: Context, label: str, prefix: str = "") -> None:
        self.sink, self.ctx, self.label, self.prefix = sink, ctx, label, prefix
        self.nodes: dict[str, ox.NamedNode] = {}
        self.terms: dict[str, ox.NamedNode] = {}

    def node_iri(self, ident: str) -> ox.NamedNode:
        iri = self.nodes.get(ident)
        if iri is None:
            if len(self.nodes) >= _NODE_CACHE:
                self.nodes.clear()
            iri = self.nodes[ident] = self.ctx.node("node", ident)
        return iri

    def term(self, text: str, what: str, number: int) -> ox.NamedNode:
        """A Biolink CURIE (``biolink:Gene``), a bare Biolink name (``Gene``) or an absolute IRI."""
        iri = self.terms.get(text)
        if iri is not None:
            return iri
        local = text[8:] if text.startswith("biolink:") else text
        if _BIOLINK_NAME.match(local):
            iri = ox.NamedNode(BIOLINK + local)
        elif _IRI.match(text):
            try:
                iri = ox.NamedNode(text)
            except ValueError:
                raise KgError(f"{self.label}:{number}: {what} {text!r} is not a valid IRI") from None
        else:
            raise KgError(f"{self.label}:{number}: {what} {text!r} is neither a Biolink term (biolink:...) "
                          "nor an absolute IRI")
        self.terms[text] = iri
        return iri

    def node(self, ident: str, categories: Iterable[str], name: str, xrefs: Iterable[str], number: int) -> None:
        iri = self.node_iri(ident)
        add = self.sink.add
        for category in categories:
            if category:
                add(iri, RDF_TYPE, self.term(category, "category", number))
        if name:
            add(iri, RDFS_LABEL, ox.Literal(name))
        add(iri, SCHEMA_IDENTIFIER, ox.Literal(ident))
        where = f"{self.prefix}line {number}"
        self.sink.mention(iri, ident, where)
        for xref in xrefs:
            if xref and xref != ident:
                self.sink.mention(iri, xref, where)

    def edge(self, subject: str, predicate: str, obj: str, number: int) -> None:
        self.sink.add(self.node_iri(subject), self.term(predicate, "predicate", number), self.node_iri(obj))


# --- TSV -------------------------------------------------------------------------------------

def _tsv_kind(header: list[str], where: str) -> str:
    columns = set(header)
    if all(k in columns for k in _EDGE_KEYS) and any(k in columns for k in _PREDICATE_KEYS):
        return "edges"
    if "id" in columns and not columns & {"subject", "object"}:
        return "nodes"
    raise KgError(f"{where}: the header has neither a nodes file's 'id' column nor an edges file's "
                  f"'subject', 'predicate' and 'object' columns (it has: {', '.join(header[:12])})")


def _tsv_edges(lines: Iterator[str], graph: _Graph, header: list[str]) -> None:
    """The hot loop of a large import: cached IRIs, no string built per row unless it is bad."""
    label, width = graph.label, len(header)
    s, o = header.index("subject"), header.index("object")
    p = header.index("predicate") if "predicate" in header else header.index("edge_label")
    need = max(s, p, o) + 1
    known, terms, add = graph.nodes.get, graph.terms.get, graph.sink.add
    for number, line in enumerate(lines, start=2):
        fields = line.rstrip("\r\n").split("\t")
        count = len(fields)
        if count > width:
            raise KgError(f"{label}:{number}: {count} fields, but the header has {width} columns")
        if count < need or not (fields[s] and fields[p] and fields[o]):
            if count == 1 and not fields[0]:
                continue  # a blank line (KGX skips them too)
            raise KgError(f"{label}:{number}: an edge needs a subject, a predicate and an object")
        subject, predicate, obj = fields[s], fields[p], fields[o]
        add(known(subject) or graph.node_iri(subject), terms(predicate) or graph.term(predicate, "predicate", number),
            known(obj) or graph.node_iri(obj))


def _tsv_nodes(lines: Iterator[str], graph: _Graph, header: list[str]) -> None:
    label, width = graph.label, len(header)
    i = header.index("id")
    c, n, x = (header.index(k) if k in header else width for k in ("category", "name", "xref"))
    for number, line in enumerate(lines, start=2):
        fields = line.rstrip("\r\n").split("\t")
        count = len(fields)
        if count > width:
            raise KgError(f"{label}:{number}: {count} fields, but the header has {width} columns")
        if count == 1 and not fields[0]:
            continue
        ident = fields[i] if i < count else ""
        if not ident:
            raise KgError(f"{label}:{number}: field 'id' is empty")
        categories = fields[c].split("|") if c < count else ()
        xrefs = fields[x].split("|") if x < count and fields[x] else ()
        graph.node(ident, categories, fields[n] if n < count else "", xrefs, number)


def _read_tsv_lines(lines: Iterator[str], graph: _Graph) -> None:
    try:
        header = next(lines).rstrip("\r\n").split("\t")
    except StopIteration:
        raise KgError(f"{graph.label}:1: empty file (a KGX TSV file starts with its header)") from None
    if _tsv_kind(header, f"{graph.label}:1") == "edges":
        _tsv_edges(lines, graph, header)
    else:
        _tsv_nodes(lines, graph, header)


# --- JSON Lines --------------------------------------------------------------------------------

def _strings(value: object, field: str, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise KgError(f"{where}: field '{field}' is neither a string nor a list of strings")


def _string(record: dict, field: str, where: str) -> str:
    value = record.get(field)
    if value is None or value == "":
        raise KgError(f"{where}: field '{field}' is missing")
    if not isinstance(value, str):
        raise KgError(f"{where}: field '{field}' is not a string")
    return value


def _read_jsonl_lines(lines: Iterator[str], graph: _Graph) -> None:
    label, kind = graph.label, ""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{label}:{number}"
        record = json_line(line, where)
        if not isinstance(record, dict):
            raise KgError(f"{where}: a KGX record is a JSON object")
        if not kind:
            kind = "edges" if "subject" in record or "object" in record else "nodes"
        if kind == "edges":
            predicate = record.get("predicate") or record.get("edge_label")
            if not isinstance(predicate, str) or not predicate:
                raise KgError(f"{where}: field 'predicate' is missing")
            graph.edge(_string(record, "subject", where), predicate, _string(record, "object", where), number)
        else:
            name = record.get("name") or ""
            if not isinstance(name, str):
                raise KgError(f"{where}: field 'name' is not a string")
            graph.node(_string(record, "id", where), _strings(record.get("category"), "category", where), name,
                       _strings(record.get("xref"), "xref", where), number)


# --- files and archives --------------------------------------------------------------------------

def _lines(binary: IO[bytes] | io.BufferedIOBase, label: str) -> Iterator[str]:
    """The file's lines as text (tar's streamed members cannot be wrapped in a TextIOWrapper); a line
    longer than :data:`MAX_LINE` is an error before it is read whole."""
    number = 0
    while raw := binary.readline(MAX_LINE + 1):
        number += 1
        if len(raw) > MAX_LINE:
            raise KgError(f"{label}:{number}: a line longer than {MAX_LINE >> 20} MiB is not a KGX record")
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise KgError(f"{label}:{number}: not UTF-8 text (byte {exc.start + 1})") from None


def _read_member(binary: IO[bytes] | io.BufferedIOBase, graph: _Graph, jsonl: bool) -> None:
    try:
        (_read_jsonl_lines if jsonl else _read_tsv_lines)(_lines(binary, graph.label), graph)
    except (OSError, EOFError, zlib.error, tarfile.TarError) as exc:
        raise KgError(f"{graph.label}: cannot read: {exc}") from None


def _member_kind(name: str) -> bool | None:
    """True for a JSON Lines member, False for a TSV one, None for a member KGX would skip."""
    lower = name.lower()
    if lower.endswith("nodes.jsonl") or lower.endswith("edges.jsonl"):
        return True
    if lower.endswith("nodes.tsv") or lower.endswith("edges.tsv"):
        return False
    return None


def _read_archive(path: Path, sink: Sink, ctx: Context) -> None:
    found, graph = 0, _Graph(sink, ctx, path.name)
    try:
        with tarfile.open(path, mode="r|*") as archive:
            for member in archive:
                jsonl = _member_kind(member.name)
                if not member.isfile() or jsonl is None:
                    continue  # KGX skips members that are not *nodes.tsv / *edges.tsv (or .jsonl) too
                stream = archive.extractfile(member)
                if stream is None:
                    continue
                found += 1
                graph.label, graph.prefix = f"{path.name}:{member.name}", f"{member.name} "
                _read_member(stream, graph, jsonl)
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise KgError(f"{path.name}: not a readable tar archive: {exc}") from None
    if not found:
        raise KgError(f"{path.name}: the archive holds no KGX member (*nodes.tsv, *edges.tsv, *nodes.jsonl, "
                      "*edges.jsonl)")


def _read(path: Path, sink: Sink, ctx: Context, jsonl: bool) -> None:
    name = path.name.lower()
    if name.endswith(_ARCHIVES):
        _read_archive(path, sink, ctx)
        return
    opener = gzip.open if name.endswith(".gz") else open
    try:
        binary = opener(path, "rb")
    except OSError as exc:
        raise KgError(f"{path.name}: cannot read: {exc.strerror or exc}") from None
    with binary:
        _read_member(binary, _Graph(sink, ctx, path.name), jsonl)


def read_tsv(path: Path, sink: Sink, ctx: Context) -> None:
    """Read a KGX TSV nodes or edges file (or a ``.tar.gz`` holding both)."""
    _read(path, sink, ctx, jsonl=False)


def read_jsonl(path: Path, sink: Sink, ctx: Context) -> None:
    """Read a KGX JSON Lines nodes or edges file (or a ``.tar.gz`` holding both)."""
    _read(path, sink, ctx, jsonl=True)


# --- sniffing -----------------------------------------------------------------------------------

def _first_text(name: str, head: bytes) -> tuple[str, str]:
    """The name of what the head holds (the file, or an archive's first member) and its first text.

    >>> _first_text("x_nodes.tsv", b"id\\tcategory\\n")
    ('x_nodes.tsv', 'id\\tcategory\\n')
    """
    data = head
    if head[:2] == b"\x1f\x8b":
        try:
            data = zlib.decompressobj(47).decompress(head, 1 << 20)
        except zlib.error:
            return name, ""
        name = name[:-3] if name.endswith(".gz") else name
    if data[257:262] == b"ustar":
        member = data[:100].split(b"\0", 1)[0].decode("utf-8", "replace").lower()
        return member, data[512:].decode("utf-8", "replace")
    return name, data.decode("utf-8", "replace")


def _sniff_tsv(name: str, head: bytes) -> bool:
    """A TSV header of a KGX nodes file (``id`` and ``category``) or edges file."""
    inner, text = _first_text(name, head)
    if inner.endswith(".jsonl") or "\t" not in text.split("\n", 1)[0]:
        return False
    columns = set(text.split("\n", 1)[0].rstrip("\r").split("\t"))
    nodes = {"id", "category"} <= columns
    edges = {"subject", "object"} <= columns and bool(columns & set(_PREDICATE_KEYS))
    return nodes or edges


def _sniff_jsonl(name: str, head: bytes) -> bool:
    """A first line that is a JSON object with a KGX node's or edge's keys."""
    inner, text = _first_text(name, head)
    if inner.endswith(".tsv"):
        return False
    first = text.lstrip().split("\n", 1)[0]
    try:
        record = json.loads(first)
    except (ValueError, RecursionError):
        return False
    if not isinstance(record, dict):
        return False
    return ({"id", "category"} <= record.keys()
            or ({"subject", "object"} <= record.keys() and bool(record.keys() & set(_PREDICATE_KEYS))))


FORMATS: tuple[Format, ...] = (
    Format("kgx-tsv", "Biolink KGX TSV (a nodes or edges file, or a .tar.gz of both)",
           (".tsv", ".tsv.gz") + _ARCHIVES, _sniff_tsv, read_tsv, SPEC),
    Format("kgx-jsonl", "Biolink KGX JSON Lines (a nodes or edges file, or a .tar.gz of both)",
           (".jsonl", ".jsonl.gz") + _ARCHIVES, _sniff_jsonl, read_jsonl, SPEC),
)
