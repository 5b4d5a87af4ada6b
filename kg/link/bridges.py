"""Bridges between identifier spaces, read from SSSOM mapping tables (never written in code).

A row ``DOID:3310 skos:exactMatch MONDO:0004980`` of an SSSOM table lets an import that names a
disease by DOID link to our condition that carries the MONDO identifier. The tables are the
project's own (``data/mappings/*.sssom.tsv``, whose subjects are our entities) and the one an
import brings with ``kg import --mappings FILE``. Each row is read both ways: from its subject
with its predicate, and from its object with the inverse (``broadMatch`` and ``narrowMatch`` swap;
the others are symmetric). Rows with a ``predicate_modifier`` (``Not``) and rows whose predicate
is not a SKOS mapping predicate are left out. Both ends are put in canonical IRI form through the
prefix map (:mod:`kg.core.identifiers`), so a row written ``DB:DB08895`` or ``drugbank:DB08895``
bridges the same identifier.

Each bridge names its row: the row's ``record_id`` if it has one, else the table's
``mapping_set_id`` with ``#L`` and the row's line, so a link made through it can say
``prov:wasDerivedFrom`` that row.

>>> SKOS = "http://www.w3.org/2004/02/skos/core#"
>>> inverse(SKOS + "broadMatch") == SKOS + "narrowMatch", inverse(SKOS + "exactMatch") == SKOS + "exactMatch"
(True, True)
>>> weakest(SKOS + "exactMatch", SKOS + "closeMatch") == SKOS + "closeMatch"
True
>>> weakest(SKOS + "broadMatch", SKOS + "narrowMatch") == SKOS + "relatedMatch"
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.core.errors import KgError
from kg.core.identifiers import Identifiers

__all__ = ["Bridge", "Bridges", "read_bridges", "inverse", "weakest", "SKOS_MATCH", "OURS"]

SKOS = "http://www.w3.org/2004/02/skos/core#"
#: The SKOS mapping predicates, strongest first (broad and narrow are equally strong).
SKOS_MATCH = {f"{SKOS}{name}": rank for name, rank in
              (("exactMatch", 3), ("closeMatch", 2), ("broadMatch", 1), ("narrowMatch", 1), ("relatedMatch", 0))}
_INVERSE = {f"{SKOS}broadMatch": f"{SKOS}narrowMatch", f"{SKOS}narrowMatch": f"{SKOS}broadMatch"}
#: The namespace of our own entities.
OURS = "https://w3id.org/adkg/id/"


@dataclass(frozen=True, slots=True)
class Bridge:
    """From an identifier (the key it is filed under) to ``other`` with ``predicate``, by ``row``."""

    other: str       # canonical IRI, or one of our entities' IRIs
    predicate: str   # a SKOS mapping predicate IRI, read from the key's side
    row: str         # the row's IRI (record_id, or mapping_set_id#L<line>)


#: Canonical IRI -> the bridges from it, in table and row order.
Bridges = dict[str, list[Bridge]]


def inverse(predicate: str) -> str:
    """The SKOS mapping predicate read from the other side."""
    return _INVERSE.get(predicate, predicate)


def weakest(first: str, second: str) -> str:
    """The predicate of a chain of two mappings: the weaker; broad then narrow (or the reverse)
    says no more than related."""
    if {first, second} == {f"{SKOS}broadMatch", f"{SKOS}narrowMatch"}:
        return f"{SKOS}relatedMatch"
    return first if SKOS_MATCH[first] <= SKOS_MATCH[second] else second


def read_bridges(tables: Iterable[tuple[Path, str, str]], ids: Identifiers) -> Bridges:
    """The bridges of SSSOM ``tables`` (path, name for messages, IRI for rows without a
    mapping_set_id), in canonical form. :class:`KgError` naming the file and line on a bad table."""
    bridges: Bridges = {}
    for path, display, fallback in tables:
        for subject, predicate, obj, row in _rows(path, display, fallback, ids):
            bridges.setdefault(subject, []).append(Bridge(obj, predicate, row))
            bridges.setdefault(obj, []).append(Bridge(subject, inverse(predicate), row))
    return bridges


def _rows(path: Path, display: str, fallback: str, ids: Identifiers) -> list[tuple[str, str, str, str]]:
    from sssom_pydantic.io import ParseError, read_unprocessed_iterable  # noqa: PLC0415 - heavy, on first use

    found = []
    try:
        with read_unprocessed_iterable(path) as table:
            converter = table.converter
            set_id = str(getattr(table.mapping_set, "id", None) or getattr(table.mapping_set, "mapping_set_id", None)
                         or fallback)
            for number, record in table.records:
                line = number + 1  # sssom-pydantic numbers a row by the line before it
                if isinstance(record, ParseError):
                    message = " ".join(str(record.exception).split())[:200]
                    raise KgError(f"{display}:{line}: not an SSSOM row: {message}")
                if getattr(record, "predicate_modifier", None):
                    continue
                predicate = _iri(record.predicate_id, converter, ids)
                if predicate not in SKOS_MATCH:
                    continue
                subject = _iri(record.subject_id, converter, ids)
                obj = _iri(record.object_id, converter, ids)
                if subject is None or obj is None:
                    bad = record.subject_id if subject is None else record.object_id
                    raise KgError(f"{display}:{line}: cannot expand {bad!r} (its prefix is not in the curie_map)")
                row = _iri(record.record_id, converter, ids) if record.record_id else None
                found.append((subject, predicate, obj, row or f"{set_id}#L{line}"))
    except OSError as exc:
        raise KgError(f"{display}: cannot read: {exc.strerror or exc}") from None
    except (ValueError, TypeError) as exc:
        raise KgError(f"{display}: not an SSSOM table: {' '.join(str(exc).split())[:200]}") from None
    return found


def _iri(curie: str, converter, ids: Identifiers) -> str | None:
    """The canonical IRI of a CURIE of the table (through its curie_map, then the prefix map)."""
    iri = converter.expand(curie) if "://" not in curie else curie
    if iri is None:
        return None
    standard = ids.standardise(iri)
    return standard if standard is not None and ids.space_of(standard) is not None else iri
