"""Stage 1: load the curated records (YAML and CSV under data/) into plain Python records.

Each record keeps its :class:`~kg.core.errors.Origin` (file, record name, line) so that every later
stage can name where a bad value came from. This stage checks structure: the files parse, the
required fields are there and have the right type, keys resolve. Value ranges are left to the
SHACL shapes (stage 3).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from kg.core.errors import CurationError, Origin
from kg.core.identifiers import Identifiers
from kg.core.identifiers import default as default_identifiers
from kg.ingest.mappings import Mapping, load_mappings
from kg.ingest.patient_fields import PATIENT_FIELDS

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
class PatientRow:
    """One row of a patient table: curated values by field name, and where the row is."""

    number: int
    values: dict[str, Any]
    origin: Origin


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
    for table in record.get("tables", []) or []:
        table_id = table.require("id")
        _named(table, f"table '{table_id}'")
        records_file = folder / table.require("records")
        files[f"{table_id}:records"] = _display(records_file, root)
        patients.extend(load_patients(records_file, _display(records_file, root), vocabulary))
        transcription_file = folder / table.require("transcription")
        files[f"{table_id}:transcription"] = _display(transcription_file, root)
        transcriptions[table_id] = read_tsv(transcription_file, _display(transcription_file, root))
    return Article(article_id, _display(folder, root), record, references, patients,
                   transcriptions, files)


def read_tsv(path: Path, display: str) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle, delimiter="\t"))
    except OSError as exc:
        raise CurationError(display, f"cannot read file: {exc.strerror}") from None


def load_patients(path: Path, display: str, vocabulary: Vocabulary) -> list[PatientRow]:
    """Read a patient table CSV, converting each cell by its field's declared type."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise CurationError(display, f"cannot read file: {exc.strerror}") from None
    with handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [name for name in PATIENT_FIELDS if name not in header]
        if missing:
            raise CurationError(display, f"missing column(s): {', '.join(missing)}", line=1)
        unknown = [name for name in header if name not in PATIENT_FIELDS]
        if unknown:
            raise CurationError(display, f"unknown column(s): {', '.join(unknown)}; "
                                f"expected {', '.join(PATIENT_FIELDS)}", line=1)
        rows: list[PatientRow] = []
        numbers: set[int] = set()
        for row in reader:
            line = reader.line_num
            raw_number = (row.get("patient") or "").strip()
            origin = Origin(display, f"patient {raw_number or '?'}", line)
            values: dict[str, Any] = {}
            for name, spec in PATIENT_FIELDS.items():
                text = (row.get(name) or "").strip()
                values[name] = _convert(text, spec, origin, name, vocabulary)
            number = values["patient"]
            if number in numbers:
                raise CurationError.at(origin, f"duplicate patient number {number}", "patient")
            numbers.add(number)
            rows.append(PatientRow(number, values, origin))
    return rows


def _convert(text: str, spec, origin: Origin, name: str, vocabulary: Vocabulary) -> Any:
    if not text:
        if spec.required:
            raise CurationError.at(origin, "required value is missing", name)
        return [] if spec.type == "keys" else None
    if spec.type == "integer":
        try:
            return int(text)
        except ValueError:
            raise CurationError.at(origin, f"expected an integer, got {text!r}", name) from None
    if spec.type == "decimal":
        try:
            return Decimal(text)
        except InvalidOperation:
            raise CurationError.at(origin, f"expected a number, got {text!r}", name) from None
    if spec.type == "choice":
        if text not in spec.choices:
            raise CurationError.at(origin, f"{text!r} is not one of {', '.join(spec.choices)}",
                                   name)
        return text
    if spec.type in ("key", "keys"):
        keys = [k.strip() for k in text.split(";")] if spec.type == "keys" else [text]
        for key in keys:
            if vocabulary.resolve(f"{spec.kind}:{key}") is None:
                raise CurationError.at(origin, f"unknown {spec.kind} '{key}' (not in "
                                       f"data/vocabulary/{_file_of(spec.kind)}.yaml)", name)
        return keys if spec.type == "keys" else keys[0]
    return text


def _file_of(kind: str) -> str:
    return next(stem for stem, k in VOCABULARY_FILES.items() if k == kind)


def load_corpus(data_dir: Path, *, root: Path | None = None, identifiers: Identifiers | None = None) -> Corpus:
    """Load data/vocabulary and every folder under data/articles, in name order; the mapping
    tables are checked against the prefix map ``identifiers`` (default: the repository's)."""
    root = root or data_dir.parent
    vocabulary = load_vocabulary(data_dir, root)
    articles_dir = data_dir / "articles"
    folders = sorted(p for p in articles_dir.iterdir() if p.is_dir()) if articles_dir.is_dir() else []
    if not folders:
        raise CurationError(_display(articles_dir, root), "no article folders found")
    mappings: list[Mapping] = []
    for path in sorted((data_dir / "mappings").glob("*.sssom.tsv")):
        mappings += load_mappings(path, _display(path, root), vocabulary, identifiers or default_identifiers())
    return Corpus(vocabulary, [load_article(f, root, vocabulary) for f in folders], mappings)
