"""Stage 1: load the curated records (YAML and CSV under data/) into plain Python records.

Each record keeps its :class:`~kg.core.errors.Origin` (file, record name, line) so that every later
stage can name where a bad value came from. This stage checks structure: the files parse, the
required fields are there and have the right type, keys resolve. Value ranges are left to the
SHACL shapes (stage 3).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.core.errors import CurationError, Origin
from kg.core.namespaces import EXTERNAL_TARGETS
from kg.ingest.table_schema import TableSchema
from kg.ingest.tables import PatientRow, load_table

__all__ = [
    "Article", "Corpus", "Mapping", "PatientRow", "Record", "Vocabulary", "VOCABULARY_FILES",
    "load_corpus", "load_mappings",
]

#: Vocabulary file (data/vocabulary/NAME.yaml) -> the kind prefix its keys are referred to by.
VOCABULARY_FILES = {
    "drugs": "drug", "proteins": "protein", "processes": "process", "conditions": "condition",
    "lab-tests": "lab-test", "organisations": "organisation", "journals": "journal",
}


class Record(dict):
    """A YAML mapping that remembers where it came from."""

    origin: Origin

    def require(self, key: str, kind: type | tuple[type, ...] = str) -> Any:
        if key not in self or self[key] is None or self[key] == "":
            raise CurationError.at(self.origin, "required field is missing", key)
        return self.check(key, kind)

    def check(self, key: str, kind: type | tuple[type, ...]) -> Any:
        """The value of ``key`` if absent or of type ``kind`` (a YAML true is not an integer)."""
        value = self.get(key)
        wrong_bool = isinstance(value, bool) and bool not in _as_tuple(kind)
        if value is not None and (wrong_bool or not isinstance(value, kind)):
            raise CurationError.at(self.origin, f"expected {_kind_name(kind)}, got {value!r}", key)
        return value


def _as_tuple(kind):
    return kind if isinstance(kind, tuple) else (kind,)


def _kind_name(kind) -> str:
    names = {str: "text", int: "an integer", list: "a list", dict: "a mapping", bool: "true/false",
             float: "a number"}
    return " or ".join(names.get(k, k.__name__) for k in _as_tuple(kind))


class _Loader(yaml.SafeLoader):
    """Safe YAML loader whose mappings are :class:`Record` objects carrying their line."""


def _yaml_reader(path: str):
    def construct(loader: _Loader, node: yaml.MappingNode) -> Record:
        record = Record(loader.construct_mapping(node, deep=True))
        record.origin = Origin(path, None, node.start_mark.line + 1)
        return record

    class Loader(_Loader):
        pass

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct)
    return Loader


def read_yaml(path: Path, display: str) -> Any:
    """Parse a YAML file; a syntax error names the file, line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CurationError(display, f"cannot read file: {exc.strerror}") from None
    try:
        return yaml.load(text, Loader=_yaml_reader(display))  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = f", column {mark.column + 1}" if mark else ""
        raise CurationError(display, f"YAML syntax error{col}: {exc.problem or exc}",
                            line=line) from None
    except yaml.YAMLError as exc:
        raise CurationError(display, f"YAML error: {exc}") from None


def _named(record: Record, name: str) -> Record:
    record.origin = Origin(record.origin.file, name, record.origin.line)
    return record


@dataclass
class Vocabulary:
    """Shared entities by kind and key: ``entities["drug"]["dupilumab"]``."""

    entities: dict[str, dict[str, Record]] = field(default_factory=dict)

    def resolve(self, ref: str) -> tuple[str, str] | None:
        """``"drug:dupilumab"`` -> ``("drug", "dupilumab")`` if it exists, else None."""
        kind, sep, key = ref.partition(":")
        if sep and key in self.entities.get(kind, {}):
            return kind, key
        return None

    def is_reference(self, text: str) -> bool:
        return text.partition(":")[0] in self.entities

    def find(self, kind: str, label: str) -> str | None:
        """The key of the entity of this kind whose label or a synonym is ``label`` (any case)."""
        wanted = label.casefold()
        for key, record in self.entities.get(kind, {}).items():
            names = [record["label"], *(record.get("synonyms") or [])]
            if any(wanted == str(n).casefold() for n in names):
                return key
        return None


@dataclass
class Article:
    """One article folder: its record, references, patients and table transcriptions."""

    id: str
    folder: str
    record: Record
    references: list[Record]
    patients: list[PatientRow]
    transcriptions: dict[str, list[dict[str, str]]]
    files: dict[str, str]
    schemas: dict[str, TableSchema] = field(default_factory=dict)


@dataclass(frozen=True)
class Mapping:
    """One SSSOM row: a vocabulary entity, a SKOS mapping predicate and an external IRI."""

    subject: tuple[str, str]     # (kind, key)
    predicate: str               # skos:exactMatch, ...
    object_iri: str
    object_id: str               # as written, e.g. MONDO:0005044
    origin: Origin


@dataclass
class Corpus:
    vocabulary: Vocabulary
    articles: list[Article]
    mappings: list[Mapping] = field(default_factory=list)


def load_vocabulary(data_dir: Path, root: Path) -> Vocabulary:
    vocabulary = Vocabulary()
    folder = data_dir / "vocabulary"
    for stem, kind in VOCABULARY_FILES.items():
        path = folder / f"{stem}.yaml"
        display = _display(path, root)
        if not path.exists():
            raise CurationError(display, "vocabulary file is missing")
        records = read_yaml(path, display) or []
        if not isinstance(records, list):
            raise CurationError(display, "expected a list of records")
        entries: dict[str, Record] = {}
        for index, record in enumerate(records, 1):
            if not isinstance(record, Record):
                raise CurationError(display, f"record {index} is not a mapping")
            key = record.require("key")
            _named(record, f"{kind} '{key}'")
            record.require("label")
            record.check("synonyms", list)
            if key in entries:
                raise CurationError.at(record.origin, "duplicate key", "key")
            entries[key] = record
        vocabulary.entities[kind] = entries
    return vocabulary


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def load_article(folder: Path, root: Path, vocabulary: Vocabulary) -> Article:
    display = _display(folder / "article.yaml", root)
    record = read_yaml(folder / "article.yaml", display)
    if not isinstance(record, Record):
        raise CurationError(display, "expected a mapping at the top level")
    article_id = record.require("id")
    if article_id != folder.name:
        raise CurationError.at(record.origin, f"id '{article_id}' differs from the folder name "
                               f"'{folder.name}'", "id")
    _named(record, f"article '{article_id}'")
    for key in ("title", "doi", "journal", "volume", "first_page", "last_page"):
        record.require(key)
    record.require("year", int)
    for key in ("authors", "body"):
        record.require(key, list)
    if vocabulary.resolve(f"journal:{record['journal']}") is None:
        raise CurationError.at(record.origin, f"unknown journal '{record['journal']}' "
                               "(not in data/vocabulary/journals.yaml)", "journal")

    files = {"article": display}
    ref_display = _display(folder / "references.yaml", root)
    files["references"] = ref_display
    references = read_yaml(folder / "references.yaml", ref_display) or []
    if not isinstance(references, list):
        raise CurationError(ref_display, "expected a list of references")
    seen: set[int] = set()
    for index, ref in enumerate(references, 1):
        if not isinstance(ref, Record):
            raise CurationError(ref_display, f"entry {index} is not a mapping")
        number = ref.require("number", int)
        _named(ref, f"reference {number}")
        if number in seen:
            raise CurationError.at(ref.origin, "duplicate reference number", "number")
        seen.add(number)
        for key in ("title", "doi", "journal", "pages"):
            ref.require(key)
        ref.require("year", int)
        ref.require("authors", list)
        if vocabulary.resolve(f"journal:{ref['journal']}") is None:
            raise CurationError.at(ref.origin, f"unknown journal '{ref['journal']}' "
                                   "(not in data/vocabulary/journals.yaml)", "journal")

    patients: list[PatientRow] = []
    transcriptions: dict[str, list[dict[str, str]]] = {}
    schemas: dict[str, TableSchema] = {}
    for table in record.get("tables", []) or []:
        table_id = table.require("id")
        _named(table, f"table '{table_id}'")
        loaded = load_table(folder, table, vocabulary, lambda path: _display(path, root))
        files.update(loaded.files)
        patients.extend(loaded.patients)
        transcriptions[table_id] = loaded.transcription
        schemas[table_id] = loaded.schema
    return Article(article_id, _display(folder, root), record, references, patients,
                   transcriptions, files, schemas)


_MAPPING_PREDICATES = {"skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch",
                       "skos:relatedMatch"}
_LOCAL_ID = re.compile(r"^[A-Za-z0-9_.-]+$")


def load_mappings(path: Path, display: str, vocabulary: Vocabulary) -> list[Mapping]:
    """Read an SSSOM TSV file (YAML header in ``#`` lines, then a table)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CurationError(display, f"cannot read file: {exc.strerror}") from None
    header = [line[1:] for line in lines if line.startswith("#")]
    try:
        meta = yaml.safe_load("\n".join(header)) or {}
    except yaml.YAMLError as exc:
        raise CurationError(display, f"bad SSSOM header: {exc}", line=1) from None
    curie_map = meta.get("curie_map") or {}
    for prefix, iri in curie_map.items():
        canonical = EXTERNAL_TARGETS.get(str(prefix).upper())
        if canonical is not None and iri != canonical:
            raise CurationError(display, f"curie_map: {prefix} must expand to {canonical} (its canonical "
                                f"form), not {iri}", line=1)
    body_start = len(header)
    reader = csv.DictReader(lines[body_start:], delimiter="\t")
    required = ["subject_id", "predicate_id", "object_id", "mapping_justification", "see_also"]
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise CurationError(display, f"missing column(s): {', '.join(missing)}", line=body_start + 1)
    mappings = []
    for offset, row in enumerate(reader, body_start + 2):
        origin = Origin(display, f"mapping of {row.get('subject_id') or '?'}", offset)
        for column in required:
            if not (row.get(column) or "").strip():
                raise CurationError.at(origin, "required value is missing", column)
        subject = vocabulary.resolve(row["subject_id"])
        if subject is None:
            raise CurationError.at(origin, f"unknown subject '{row['subject_id']}'", "subject_id")
        if row["predicate_id"] not in _MAPPING_PREDICATES:
            raise CurationError.at(origin, f"predicate must be one of {', '.join(sorted(_MAPPING_PREDICATES))}",
                                   "predicate_id")
        prefix, sep, local = row["object_id"].partition(":")
        if not sep or prefix not in curie_map or not _LOCAL_ID.match(local):
            raise CurationError.at(origin, f"malformed CURIE '{row['object_id']}' (prefix must be in "
                                   "the curie_map; no spaces)", "object_id")
        mappings.append(Mapping(subject, row["predicate_id"], curie_map[prefix] + local,
                                row["object_id"], origin))
    return mappings


def load_corpus(data_dir: Path, *, root: Path | None = None) -> Corpus:
    """Load data/vocabulary and every folder under data/articles, in name order."""
    root = root or data_dir.parent
    vocabulary = load_vocabulary(data_dir, root)
    articles_dir = data_dir / "articles"
    folders = sorted(p for p in articles_dir.iterdir() if p.is_dir()) if articles_dir.is_dir() else []
    if not folders:
        raise CurationError(_display(articles_dir, root), "no article folders found")
    mappings: list[Mapping] = []
    for path in sorted((data_dir / "mappings").glob("*.sssom.tsv")):
        mappings += load_mappings(path, _display(path, root), vocabulary)
    return Corpus(vocabulary, [load_article(f, root, vocabulary) for f in folders], mappings)
