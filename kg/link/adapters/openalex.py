"""OpenAlex works (https://docs.openalex.org/api-entities/works/work-object): a single work as
``/works/W...`` returns it, a page of works as ``/works?...`` returns it (``{"meta": ...,
"results": [...]}``), or the snapshot's gzip-compressed JSON Lines (``0000_part_00.gz``, one
work a line; also ``.jsonl`` and ``.jsonl.gz``). A ``.json`` file is one JSON document, read
whole (an API response); JSON Lines are streamed.

What a work becomes (:mod:`kg.link.model` is the contract):

* ``ctx.node("work", "W2741809807")``, ``rdf:type biolink:Publication``, ``rdfs:label`` its
  title, ``fabio:hasPublicationYear`` its ``publication_year`` (``xsd:gYear``, as the graph's
  own works have it);
* its identifiers as written, each a ``schema:identifier`` literal and a mention: ``id`` (the
  OpenAlex IRI), ``doi`` (``https://doi.org/10....``, in OpenAlex's case), ``ids.pmid``,
  ``ids.pmcid`` (``ids.openalex`` and ``ids.doi`` repeat ``id`` and ``doi``);
* each of ``referenced_works``: ``work cito:cites ctx.node("work", "W...")``;
* each of ``topics`` (and ``primary_topic``), ``concepts``, ``keywords`` and ``mesh``:
  ``work schema:about`` a node ``ctx.node("topic"|"concept"|"keyword"|"mesh", local id)`` typed
  ``skos:Concept`` (Biolink has no class for a subject heading) with ``rdfs:label`` its
  ``display_name`` (``descriptor_name`` for MeSH) and mentions of its identifiers as written:
  the OpenAlex IRI, a concept's ``wikidata`` IRI, a MeSH ``descriptor_ui`` (a bare ``D...``).
  Each is described once per import.

Authorships, locations, abstracts, counts and the rest are dropped.

>>> _local("https://openalex.org/W2741809807", _WORK, "f", "id")
'W2741809807'
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.core.errors import KgError
from kg.core.prefixes import PREFIX_IRIS
from kg.link.adapters.jsonline import json_line
from kg.link.model import BIOLINK, RDF_TYPE, RDFS_LABEL, SCHEMA_IDENTIFIER, Context, Format, Sink

__all__ = ["FORMATS", "read"]

SPEC = "https://docs.openalex.org/api-entities/works/work-object"
PUBLICATION = ox.NamedNode(BIOLINK + "Publication")
CITES = ox.NamedNode(PREFIX_IRIS["cito"] + "cites")
YEAR = ox.NamedNode(PREFIX_IRIS["fabio"] + "hasPublicationYear")
GYEAR = ox.NamedNode(PREFIX_IRIS["xsd"] + "gYear")
ABOUT = ox.NamedNode("https://schema.org/about")
CONCEPT = ox.NamedNode(PREFIX_IRIS["skos"] + "Concept")
_WORK = re.compile(r"^(?:https://openalex\.org/)?(W\d+)$", re.IGNORECASE)
_ENTITY = re.compile(r"^(?:https://openalex\.org/)?([TC]\d+)$", re.IGNORECASE)
_KEYWORD = re.compile(r"^(?:https://openalex\.org/keywords/)?([a-z0-9][a-z0-9-]*)$")
_SNIFF = re.compile(rb'"id"\s*:\s*"https://openalex\.org/W\d+"')
#: The longest JSON Lines line read: one work is one line, and a small ``.gz`` can hold one line of gigabytes.
MAX_LINE = 64 << 20
#: The work's identifier fields, mentioned in this order (a repeated value is mentioned once).
_IDENTIFIERS = (("id",), ("doi",), ("ids", "openalex"), ("ids", "doi"), ("ids", "pmid"), ("ids", "pmcid"))


def _local(value: object, pattern: re.Pattern[str], where: str, field: str) -> str:
    """The local id an OpenAlex IRI ends with (``W123``, ``T123``, ``C123``, a keyword slug)."""
    match = pattern.match(value) if isinstance(value, str) else None
    if not match:
        raise KgError(f"{where}, field '{field}': {value!r} is not an OpenAlex id of this kind")
    return match.group(1).upper() if pattern is not _KEYWORD else match.group(1)


class _Works:
    """Maps works to triples and mentions; remembers the subject headings it has described."""

    def __init__(self, sink: Sink, ctx: Context) -> None:
        self.sink, self.ctx = sink, ctx
        self.described: set[str] = set()

    def work(self, record: object, where: str) -> None:
        if not isinstance(record, dict):
            raise KgError(f"{where}: a work is a JSON object")
        wid = _local(record.get("id"), _WORK, where, "id")
        where = f"{where} ({wid})"
        node, add = self.ctx.node("work", wid), self.sink.add
        add(node, RDF_TYPE, PUBLICATION)
        title = record.get("title") or record.get("display_name")
        if title is not None:
            if not isinstance(title, str):
                raise KgError(f"{where}, field 'title': not a string")
            add(node, RDFS_LABEL, ox.Literal(title))
        year = record.get("publication_year")
        if year is not None:
            if not isinstance(year, int) or isinstance(year, bool):
                raise KgError(f"{where}, field 'publication_year': {year!r} is not a year")
            add(node, YEAR, ox.Literal(str(year), datatype=GYEAR))
        self._identifiers(node, record, where, wid)
        cited = record.get("referenced_works") or []
        if not isinstance(cited, list):
            raise KgError(f"{where}, field 'referenced_works': not a list")
        for other in cited:
            add(node, CITES, self.ctx.node("work", _local(other, _WORK, where, "referenced_works")))
        self._headings(node, record, where, wid)

    def _identifiers(self, node: ox.NamedNode, record: dict, where: str, wid: str) -> None:
        seen: set[str] = set()
        for path in _IDENTIFIERS:
            value: Any = record
            for key in path:
                value = value.get(key) if isinstance(value, dict) else None
            if value is None or value in seen:
                continue
            field = ".".join(path)
            if not isinstance(value, str):
                raise KgError(f"{where}, field '{field}': not a string")
            seen.add(value)
            self.sink.add(node, SCHEMA_IDENTIFIER, ox.Literal(value))
            self.sink.mention(node, value, f"record {wid}, field '{field}'")

    def _headings(self, node: ox.NamedNode, record: dict, where: str, wid: str) -> None:
        primary = record.get("primary_topic")
        groups = (("topics", ([primary] if primary else []) + _list(record, "topics", where)),
                  ("concepts", _list(record, "concepts", where)), ("keywords", _list(record, "keywords", where)),
                  ("mesh", _list(record, "mesh", where)))
        linked: set[str] = set()
        for field, items in groups:
            for item in items:
                if not isinstance(item, dict):
                    raise KgError(f"{where}, field '{field}': an item is not a JSON object")
                heading = self._heading(field, item, where, wid)
                if heading.value not in linked:
                    linked.add(heading.value)
                    self.sink.add(node, ABOUT, heading)

    def _heading(self, field: str, item: dict, where: str, wid: str) -> ox.NamedNode:
        """The node of a topic, concept, keyword or MeSH descriptor, described the first time."""
        if field == "mesh":
            local, label, ids = item.get("descriptor_ui"), item.get("descriptor_name"), [item.get("descriptor_ui")]
            if not isinstance(local, str) or not local:
                raise KgError(f"{where}, field 'mesh': a descriptor without descriptor_ui")
            kind = "mesh"
        elif field == "keywords" and "id" not in item:  # the older form: {"keyword": "...", "score": ...}
            local = label = item.get("keyword")
            if not isinstance(local, str) or not local:
                raise KgError(f"{where}, field 'keywords': a keyword without id or keyword")
            kind, ids = "keyword", []
        else:
            kind = {"topics": "topic", "concepts": "concept", "keywords": "keyword"}[field]
            local = _local(item.get("id"), _KEYWORD if kind == "keyword" else _ENTITY, where, field)
            label, ids = item.get("display_name"), [item.get("id"), item.get("wikidata")]
        heading = self.ctx.node(kind, local)
        if heading.value in self.described:
            return heading
        self.described.add(heading.value)
        self.sink.add(heading, RDF_TYPE, CONCEPT)
        if isinstance(label, str) and label:
            self.sink.add(heading, RDFS_LABEL, ox.Literal(label))
        for text in ids:
            if isinstance(text, str) and text:
                self.sink.add(heading, SCHEMA_IDENTIFIER, ox.Literal(text))
                self.sink.mention(heading, text, f"record {wid}, field '{field}'")
        return heading


def _list(record: dict, field: str, where: str) -> list:
    value = record.get(field)
    if value is None:
        return []
    if not isinstance(value, list):
        raise KgError(f"{where}, field '{field}': not a list")
    return value


def _document(path: Path, works: _Works) -> None:
    """A ``.json`` file: one work, a page of works (``results``), or a list of works."""
    try:
        with path.open("rb") as handle:
            document = json.load(handle)
    except json.JSONDecodeError as exc:
        raise KgError(f"{path.name}:{exc.lineno}: not JSON ({exc.msg}, column {exc.colno})") from None
    except RecursionError:
        raise KgError(f"{path.name}: JSON nested too deeply to read") from None
    except UnicodeDecodeError:
        raise KgError(f"{path.name}: not UTF-8 text") from None
    except OSError as exc:
        raise KgError(f"{path.name}: cannot read: {exc.strerror or exc}") from None
    if isinstance(document, dict) and "results" in document:
        items = document["results"]
        if not isinstance(items, list):
            raise KgError(f"{path.name}: field 'results' is not a list")
        for number, record in enumerate(items, start=1):
            works.work(record, f"{path.name}: record {number}")
    elif isinstance(document, list):
        for number, record in enumerate(document, start=1):
            works.work(record, f"{path.name}: record {number}")
    else:
        works.work(document, f"{path.name}: record 1")


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as handle:
        number = 0
        while raw := handle.readline(MAX_LINE + 1):
            number += 1
            if len(raw) > MAX_LINE:
                raise KgError(f"{path.name}:{number}: a line longer than {MAX_LINE >> 20} MiB is not one work")
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError:
                raise KgError(f"{path.name}:{number}: not UTF-8 text") from None


def _json_lines(path: Path, works: _Works) -> None:
    try:
        for number, line in _lines(path):
            if not line.strip():
                continue
            record = json_line(line, f"{path.name}:{number}")
            works.work(record, f"{path.name}:{number}: record")
    except (OSError, EOFError, zlib.error) as exc:
        raise KgError(f"{path.name}: cannot read: {exc}") from None


def read(path: Path, sink: Sink, ctx: Context) -> None:
    """Read OpenAlex works (a ``.json`` document, or JSON Lines) into ``sink``."""
    works = _Works(sink, ctx)
    if path.name.lower().endswith(".json"):
        _document(path, works)
    else:
        _json_lines(path, works)


def _sniff(name: str, head: bytes) -> bool:
    """An OpenAlex work id (``"id": "https://openalex.org/W..."``) in the file's first bytes.

    >>> _sniff("w.json", b'{"id": "https://openalex.org/W2741809807", "doi": null}')
    True
    >>> _sniff("x.json", b'{"id": "https://openalex.org/A5023888391"}')
    False
    """
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(47).decompress(head, 1 << 20)
        except zlib.error:
            return False
    return bool(_SNIFF.search(head))


FORMATS: tuple[Format, ...] = (
    Format("openalex-works", "OpenAlex works (an API response, or the snapshot's JSON Lines)",
           (".json", ".jsonl", ".jsonl.gz", ".gz"), _sniff, read, SPEC),
)
