"""Stage 1 (mappings): read and check the SSSOM mapping tables, data/mappings/*.sssom.tsv.

The table is read by ``sssom-pydantic`` (the SSSOM data model in pydantic, on the ``curies``
converter the rest of the project uses), which parses the YAML header and each row and rejects a
row that breaks the SSSOM model. On top of it, the project checks what it relies on, each failure
naming the file, the line and the field:

* every ``curie_map`` prefix is known to the project's prefix map (:mod:`kg.core.identifiers`),
  written in its canonical form, and expands to its canonical IRI (``CHEMBL.COMPOUND``,
  ``KEGG.PATHWAY`` and ``UniProtKB`` included);
* ``subject_id`` is a vocabulary entity, ``predicate_id`` a SKOS mapping predicate,
  ``mapping_justification`` a SEMAPV term, and ``see_also`` says where the row was checked;
* ``object_id`` is a CURIE whose prefix is in the curie_map, canonical, and whose identifier
  matches its identifier space's pattern (from bioregistry);
* ``confidence`` (SSSOM's slot, a number from 0 to 1) is filled on every row.

Each :class:`Mapping` keeps what its provenance record in the graph needs: the justification, the
confidence, the ``see_also`` cell (a row whose cell starts ``secondary:`` was checked in another
project's table, :attr:`Mapping.secondary`), the comment and the table's ``mapping_set_id``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from kg.core.errors import CurationError, Origin
from kg.core.identifiers import PREFIX_MAP_FILE, Identifiers
from kg.ingest.vocabulary import Vocabulary

__all__ = ["Mapping", "MAPPING_PREDICATES", "REQUIRED_COLUMNS", "SECONDARY", "load_mappings"]

MAPPING_PREDICATES = frozenset({"skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch",
                                "skos:relatedMatch"})
#: Columns every row must fill (SSSOM's required ones; see_also: every row names its source; confidence).
REQUIRED_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification", "see_also", "confidence")
#: How a see_also cell marks a source that is another project's table, not the registry's own release.
SECONDARY = "secondary:"


@dataclass(frozen=True)
class Mapping:
    """One SSSOM row: a vocabulary entity, a SKOS mapping predicate and an external IRI."""

    subject: tuple[str, str]     # (kind, key)
    predicate: str               # skos:exactMatch, ...
    object_iri: str
    object_id: str               # canonical CURIE (checked as written), e.g. MONDO:0005044
    origin: Origin
    justification: str = ""      # the SEMAPV term's IRI
    confidence: float = 1.0
    see_also: str = ""           # the cell as written
    comment: str = ""
    mapping_set: str = ""        # the table's mapping_set_id

    @property
    def secondary(self) -> bool:
        """Whether the row was checked in another project's table (its see_also starts ``secondary:``)."""
        return self.see_also.startswith(SECONDARY)


@dataclass(frozen=True)
class _Header:
    curie_map: dict[str, tuple[str, int]]   # prefix -> (IRI, line)
    keys: dict[str, int]                    # top-level header key -> line
    columns: list[str]
    columns_line: int


def load_mappings(path: Path, display: str, vocabulary: Vocabulary, ids: Identifiers) -> list[Mapping]:
    """Read an SSSOM TSV file and check it against the vocabulary and the prefix map ``ids``."""
    from sssom_pydantic.io import read_unprocessed_iterable  # noqa: PLC0415 - heavy; only the build reads SSSOM

    header = _header(path, display)
    _check_curie_map(header, display, ids)
    missing = [c for c in REQUIRED_COLUMNS if c not in header.columns]
    if missing:
        raise CurationError(display, f"missing column(s): {', '.join(missing)}", line=header.columns_line)
    converter = ids.converter.get_subconverter(header.curie_map)
    mappings = []
    try:
        with read_unprocessed_iterable(path, converter=converter) as table:
            set_id = str(getattr(table.mapping_set, "id", None) or "")
            for number, record in table.records:
                # sssom-pydantic numbers a row by the line before it (the column header is its 0).
                mapping = _mapping(record, number + 1, display, header, vocabulary, ids, table.converter)
                mappings.append(replace(mapping, mapping_set=set_id))
    except (ValueError, TypeError, yaml.YAMLError) as exc:  # the header model (pydantic) or the reader refused it
        field = _field(exc)
        raise CurationError(display, f"rejected by the SSSOM reader: {_message(exc)}",
                            line=header.keys.get(field or "", 1), field=field) from None
    return mappings


def _mapping(record, line: int, display: str, header: _Header, vocabulary: Vocabulary,
             ids: Identifiers, converter) -> Mapping:
    from sssom_pydantic.io import ParseError, record_to_semantic_mapping  # noqa: PLC0415

    if isinstance(record, ParseError):
        field = _field(record.exception)
        if field in REQUIRED_COLUMNS and _field(record.exception, "missing"):
            raise CurationError(display, "required value is missing", line=line, field=field)
        raise CurationError(display, f"rejected by the SSSOM reader: {_message(record.exception)}",
                            line=line, field=field)
    origin = Origin(display, f"mapping of {record.subject_id}", line)
    if not record.see_also:
        raise CurationError.at(origin, "required value is missing", "see_also")
    if record.confidence is None:
        raise CurationError.at(origin, "required value is missing", "confidence")
    subject = vocabulary.resolve(record.subject_id)
    if subject is None or subject[0] not in header.curie_map:
        raise CurationError.at(origin, f"unknown subject '{record.subject_id}'", "subject_id")
    if record.predicate_id not in MAPPING_PREDICATES:
        raise CurationError.at(origin, f"predicate must be one of {', '.join(sorted(MAPPING_PREDICATES))}",
                               "predicate_id")
    justification = converter.parse_curie(record.mapping_justification)
    if justification is None or justification.prefix != "semapv":
        raise CurationError.at(origin, f"'{record.mapping_justification}' is not a SEMAPV term (semapv:...)",
                               "mapping_justification")
    prefix, local = _object(record.object_id, origin, header, ids)
    try:
        record_to_semantic_mapping(record, converter)
    except ValueError as exc:
        raise CurationError.at(origin, f"rejected by the SSSOM reader: {_message(exc)}") from None
    return Mapping(subject, record.predicate_id, ids.expand(prefix, local), f"{prefix}:{local}", origin,
                   justification=converter.expand(record.mapping_justification), confidence=record.confidence,
                   see_also=" | ".join(record.see_also), comment=record.comment or "")


def _object(curie: str, origin: Origin, header: _Header, ids: Identifiers) -> tuple[str, str]:
    """The (prefix, identifier) of an object CURIE, checked."""
    prefix, sep, local = curie.partition(":")
    canonical = ids.prefix(prefix) if sep else None
    if prefix not in header.curie_map:
        if canonical is not None and canonical in header.curie_map:
            raise CurationError.at(origin, f"malformed CURIE '{curie}': the prefix is written "
                                   f"'{canonical}' (its canonical form), not '{prefix}'", "object_id")
        raise CurationError.at(origin, f"malformed CURIE '{curie}': unknown prefix '{prefix}' "
                               "(not in the curie_map)", "object_id")
    if not ids.matches(prefix, local):
        pattern = ids.records[prefix].pattern
        rule = f" ({prefix} identifiers match {pattern})" if pattern else ""
        raise CurationError.at(origin, f"malformed CURIE '{curie}': '{local}' is not a {prefix} identifier{rule}",
                               "object_id")
    return prefix, local


def _check_curie_map(header: _Header, display: str, ids: Identifiers) -> None:
    """Every curie_map prefix known, canonical, and expanding to its canonical IRI."""
    where = f"{Path(ids.source).parent.name}/{PREFIX_MAP_FILE}"
    for prefix, (iri, line) in header.curie_map.items():
        canonical = ids.prefix(prefix)
        if canonical is None:
            raise CurationError(display, f"unknown prefix '{prefix}' (not in {where})", record="curie_map",
                                line=line, field=prefix)
        if canonical != prefix:
            raise CurationError(display, f"'{prefix}' is not the canonical form of the prefix; write "
                                f"'{canonical}'", record="curie_map", line=line, field=prefix)
        expected = ids.records[canonical].uri_prefix
        if iri != expected:
            raise CurationError(display, f"{prefix} must expand to {expected} (its canonical form), not {iri}",
                                record="curie_map", line=line, field=prefix)


def _header(path: Path, display: str) -> _Header:
    """The curie_map, with the line of each entry, and the column names, from the file's top."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CurationError(display, f"cannot read file: {getattr(exc, 'strerror', None) or exc}") from None
    count = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    try:
        node = yaml.compose("\n".join(line[1:] for line in lines[:count]), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise CurationError(display, f"bad SSSOM header: {exc.problem or exc}",
                            line=mark.line + 1 if mark else 1) from None
    keys = {key.value: key.start_mark.line + 1 for key, _ in node.value} if isinstance(node, yaml.MappingNode) else {}
    curie_map: dict[str, tuple[str, int]] = {}
    for key, value in _entries(node, "curie_map", display):
        if not isinstance(value, yaml.ScalarNode) or not value.value:
            raise CurationError(display, "expected an IRI", record="curie_map", line=key.start_mark.line + 1,
                                field=key.value)
        curie_map[key.value] = (value.value, key.start_mark.line + 1)
    columns = lines[count].split("\t") if count < len(lines) else []
    return _Header(curie_map, keys, [c.strip() for c in columns], count + 1)


def _entries(node: Any, name: str, display: str) -> list[tuple[Any, Any]]:
    """The (key node, value node) pairs of the mapping ``name`` in the header's top mapping."""
    if not isinstance(node, yaml.MappingNode):
        raise CurationError(display, "bad SSSOM header: expected a YAML mapping in the # lines", line=1)
    for key, value in node.value:
        if key.value == name:
            if not isinstance(value, yaml.MappingNode):
                raise CurationError(display, f"bad SSSOM header: {name} is not a mapping",
                                    line=key.start_mark.line + 1)
            return list(value.value)
    raise CurationError(display, f"bad SSSOM header: no {name}", line=1)


def _field(exc: Exception, kind: str | None = None) -> str | None:
    """The column a pydantic validation error (of type ``kind``, if given) is about, if it names one."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        for error in errors():
            location = error.get("loc") or ()
            if location and isinstance(location[0], str) and kind in (None, error.get("type")):
                return location[0]
    return None


def _message(exc: Exception) -> str:
    """An exception as one line; a pydantic error as its messages, without the links it adds."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        text = "; ".join(f"{'.'.join(map(str, e.get('loc') or ())) or 'value'}: {e.get('msg')}" for e in errors())
    else:
        text = str(exc)
    return " ".join(text.split())[:300] or type(exc).__name__
