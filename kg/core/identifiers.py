"""Identifiers (CURIEs and IRIs) through one ``curies.Converter`` built from a pinned prefix map.

The map is ``ontology/prefixes.epm.json``: an extended prefix map derived from bioregistry (its
version is recorded in the file) and restricted to the prefixes the project writes or reads. Each
record's ``prefix`` and ``uri_prefix`` are the forms the project writes (those of the SSSOM
curie_map and of the IRIs in the graph); bioregistry's own forms and its synonyms are kept as
synonyms, so ``drugbank:DB08895``, ``DrugBank:DB08895`` and ``DRUGBANK:DB08895`` are one
identifier. The file is regenerated (never by hand) with :mod:`kg.core.prefix_map_source`::

    .venv/bin/pip install -e '.[prefix-map]'   # bioregistry, only for regenerating; not a dependency
    .venv/bin/python -m kg.core.prefix_map_source ontology/prefixes.epm.json

The build reads the map of the ontology folder it is given (:func:`for_ontology`); code that has
no paths (the page, the counts) uses :func:`default`, the repository's ``ontology/`` folder. The
file is read on first use and cached, never at import time.

>>> ids = default()
>>> ids.standardise("drugbank:DB08895") == ids.standardise("DrugBank:DB08895") == ids.expand("DRUGBANK", "DB08895")
True
>>> ids.standardise("http://identifiers.org/uniprot/P24394")
'http://purl.uniprot.org/uniprot/P24394'
>>> ids.curie("https://identifiers.org/hgnc:6014")
'HGNC:6014'
>>> ids.space_of("http://purl.obolibrary.org/obo/MONDO_0005044"), ids.space_of("https://w3id.org/adkg/id/drug/x")
('MONDO', None)
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.core.errors import CurationError

if TYPE_CHECKING:  # curies (and pydantic under it) is imported on first use, not with this module
    from curies import Converter, Record

__all__ = ["PREFIX_MAP_FILE", "DEFAULT_ONTOLOGY", "Identifiers", "default", "for_ontology", "load"]

#: The prefix map's file name, inside the ontology folder.
PREFIX_MAP_FILE = "prefixes.epm.json"
#: The repository's ontology folder (the default when no folder is given).
DEFAULT_ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"


@dataclass(frozen=True)
class Identifiers:
    """The converter and what the prefix map says beside it."""

    converter: Converter
    records: Mapping[str, Record]        # canonical prefix -> record
    spaces: frozenset[str]               # canonical prefixes of external identifier spaces
    wikidata_properties: Mapping[str, str]  # Wikidata property (P715) -> canonical prefix
    bioregistry_version: str
    source: str                          # the file read, for messages
    _folded: Mapping[str, str]           # any prefix or synonym, case-folded -> canonical prefix

    def prefix(self, name: str) -> str | None:
        """The canonical prefix of ``name`` (the prefix or any synonym, in any case), or None."""
        canonical = self.converter.standardize_prefix(name)
        return canonical if canonical is not None else self._folded.get(name.casefold())

    def uri_prefix(self, prefix: str) -> str:
        """The IRI prefix the project writes for ``prefix`` (any synonym); ``KeyError`` if unknown."""
        canonical = self.prefix(prefix)
        if canonical is None:
            raise KeyError(prefix)
        return self.records[canonical].uri_prefix

    def expand(self, prefix: str, local: str) -> str:
        """The canonical IRI of ``prefix:local``; ``KeyError`` on an unknown prefix."""
        return self.uri_prefix(prefix) + local

    def matches(self, prefix: str, local: str) -> bool:
        """Whether ``local`` is a well-formed identifier of ``prefix`` (its pattern, no spaces)."""
        record = self.records.get(self.prefix(prefix) or "")
        if record is None or not local or any(c.isspace() for c in local):
            return False
        return record.pattern is None or _pattern(record.pattern).match(local) is not None

    def parse(self, text: str) -> tuple[str, str] | None:
        """``(canonical prefix, local id)`` of a CURIE (any synonym, any case; ``MONDO_0005044``
        also) or of an IRI (the canonical form or any synonym), else None.

        >>> default().parse("ncbigene:3566"), default().parse("https://www.drugbank.ca/drugs/DB15091")
        (('NCBIGene', '3566'), ('DRUGBANK', 'DB15091'))
        """
        text = text.strip()
        if "://" in text:
            parsed = self.converter.parse_uri(text)
            return (parsed.prefix, parsed.identifier) if parsed is not None and parsed.identifier else None
        prefix, sep, local = text.partition(":")
        if not sep:
            prefix, sep, local = text.partition("_")  # the OBO form, MONDO_0005044
            if not sep or not self.matches(prefix, local):
                return None
        canonical = self.prefix(prefix)
        return (canonical, local) if canonical is not None and local else None

    def standardise(self, text: str) -> str | None:
        """The canonical IRI of a CURIE or IRI in any known form, else None."""
        parsed = self.parse(text)
        return self.expand(*parsed) if parsed else None

    def curie(self, iri: str) -> str | None:
        """The canonical CURIE of an IRI in an external identifier space (any of its IRI forms)."""
        parsed = self.parse(iri) if "://" in iri else None
        return f"{parsed[0]}:{parsed[1]}" if parsed and parsed[0] in self.spaces else None

    def space_of(self, iri: str) -> str | None:
        """The external identifier space whose canonical IRI prefix ``iri`` starts with, else None."""
        parsed = self.converter.parse_uri(iri)
        if parsed is None or parsed.prefix not in self.spaces:
            return None
        return parsed.prefix if iri.startswith(self.records[parsed.prefix].uri_prefix) else None


@functools.lru_cache(maxsize=64)
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@functools.cache
def default() -> Identifiers:
    """The repository's prefix map (read on first use, then kept for the process: it is called
    per link and per article, and the repository's own file does not change under a run)."""
    return for_ontology(DEFAULT_ONTOLOGY)


def for_ontology(ontology_dir: Path) -> Identifiers:
    """The prefix map of an ontology folder (``kg build --ontology``)."""
    return load(ontology_dir / PREFIX_MAP_FILE)


def load(path: Path) -> Identifiers:
    """Read and check a prefix map file; cached while the file is unchanged.
    Raises :class:`~kg.core.errors.CurationError` naming the file if it is missing or invalid."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise CurationError(str(path), f"cannot read the prefix map: {exc.strerror}") from None
    return _load(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _load(path: str, _mtime: int, _size: int) -> Identifiers:
    from curies import Converter  # noqa: PLC0415 - a heavy import, done on first use

    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CurationError(path, f"cannot read the prefix map: {exc}") from None
    if not isinstance(document, dict) or not isinstance(document.get("records"), list):
        raise CurationError(path, "not a prefix map: expected an object with a 'records' list")
    version = document.get("bioregistry_version")
    if not isinstance(version, str) or not version:
        raise CurationError(path, "the prefix map does not record the bioregistry version it was made from")
    try:
        converter = Converter.from_extended_prefix_map(document["records"])
    except Exception as exc:  # noqa: BLE001 - pydantic and curies raise several types
        raise CurationError(path, f"invalid extended prefix map: {' '.join(str(exc).split())[:300]}") from None
    records = {record.prefix: record for record in converter.records}
    spaces = frozenset(_listed(document, "identifier_spaces", records, path))
    properties = document.get("wikidata_properties") or {}
    _listed({"values": list(properties.values())}, "values", records, path)
    return Identifiers(converter, records, spaces, dict(properties), version, path, _fold(records))


def _listed(document: dict[str, Any], key: str, records: Mapping[str, Record], path: str) -> list[str]:
    names = document.get(key) or []
    unknown = [name for name in names if name not in records]
    if unknown:
        raise CurationError(path, f"{key} names prefixes that have no record: {', '.join(unknown)}")
    return list(names)


def _fold(records: Mapping[str, Record]) -> dict[str, str]:
    """Case-folded prefix and synonyms -> canonical prefix, leaving out any that two records share."""
    folded: dict[str, str] = {}
    clashes: set[str] = set()
    for record in records.values():
        for name in (record.prefix, *record.prefix_synonyms):
            key = name.casefold()
            if folded.get(key, record.prefix) != record.prefix:
                clashes.add(key)
            folded.setdefault(key, record.prefix)
    return {key: prefix for key, prefix in folded.items() if key not in clashes}
