"""Stage 1: load the curated records (YAML and CSV under data/) into plain Python records.

Each record keeps its :class:`~kg.core.errors.Origin` (file, record name, line) so that every later
stage can name where a bad value came from. This stage checks structure: the YAML files are read
strictly (:mod:`kg.ingest.yamlio`) and checked against their JSON Schemas in data/schema/
(:mod:`kg.ingest.schema`), keys resolve, and what spans files holds (:mod:`kg.ingest.crosscheck`:
one DOI per article, no year in the future). Every problem of a run is collected and raised
together as one :class:`~kg.core.errors.BuildFailed`. Value ranges are left to the SHACL shapes
(stage 3).
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path
from typing import Any


from kg.core.errors import BuildFailed, CurationError, KgError, Origin
from kg.core.identifiers import Identifiers
from kg.core.identifiers import default as default_identifiers
from kg.ingest.crosscheck import check_articles
from kg.ingest.mappings import Mapping, load_mappings
from kg.ingest.patient_fields import PATIENT_FIELDS
from kg.ingest.schema import Namer, Schemas, default_schema_dir, item_namer
from kg.ingest.yamlio import Document, Record, read_document, read_yaml

__all__ = [
    "Article", "Corpus", "Mapping", "PatientRow", "Record", "Vocabulary", "VOCABULARY_FILES",
    "load_corpus", "load_mappings", "read_yaml",
]

#: Vocabulary file (data/vocabulary/NAME.yaml) -> the kind prefix its keys are referred to by.
VOCABULARY_FILES = {
    "drugs": "drug", "proteins": "protein", "processes": "process", "conditions": "condition",
    "lab-tests": "lab-test", "organisations": "organisation", "journals": "journal",
}


def _named(record: Record, name: str) -> Record:
    record.origin = Origin(record.origin.file, name, record.origin.line)
    return record


@dataclass
class Vocabulary:
    """Shared entities by kind and key: ``entities["drug"]["dupilumab"]``."""

    entities: dict[str, dict[str, Record]] = field(default_factory=dict)
    #: Kinds whose file could not be read: references to them are not checked (that would only repeat it).
    unreadable: set[str] = field(default_factory=set)

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


def _read(path: Path, display: str, schemas: Schemas, schema: str, namer_for: Callable[[Document], Namer],
          problems: list[KgError]) -> Document | None:
    """Read a curated YAML file and check it against ``schema``; its problems go to ``problems``."""
    try:
        document = read_document(path, display)
    except CurationError as exc:
        problems.append(exc)
        return None
    if document.data is None and schema != "article":  # an empty list file: no records
        document = Document(document.file, [], document.lines)
    problems += schemas.problems(schema, document, namer_for(document))
    return document


def load_vocabulary(data_dir: Path, root: Path, schemas: Schemas, problems: list[KgError]) -> Vocabulary:
    """Every data/vocabulary file; records with a text key are kept even when another field is wrong."""
    vocabulary = Vocabulary()
    folder = data_dir / "vocabulary"
    for path in sorted(folder.glob("*.yaml")):
        if path.stem not in VOCABULARY_FILES:
            problems.append(CurationError(_display(path, root), "unknown vocabulary file; expected one of "
                                          + ", ".join(f"{stem}.yaml" for stem in VOCABULARY_FILES)))
    for stem, kind in VOCABULARY_FILES.items():
        path = folder / f"{stem}.yaml"
        display = _display(path, root)
        entries: dict[str, Record] = {}
        vocabulary.entities[kind] = entries
        if not path.exists():
            problems.append(CurationError(display, "vocabulary file is missing"))
            vocabulary.unreadable.add(kind)
            continue
        schema = "journals" if kind == "journal" else "vocabulary"
        document = _read(path, display, schemas, schema, partial(item_namer, kind=kind), problems)
        records = document.data if document is not None else None
        if document is None or not isinstance(records, (list, type(None))):
            vocabulary.unreadable.add(kind)
            continue
        for record in records or []:
            key = record.get("key") if isinstance(record, Record) else None
            if not isinstance(key, str):
                continue  # the schema check has reported it
            _named(record, f"{kind} '{key}'")
            if key in entries:
                problems.append(CurationError.at(record.origin_of("key"), "duplicate key (first given on line "
                                                 f"{entries[key].origin.line})", "key"))
                continue
            entries[key] = record
    return vocabulary


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _journal(record: Record, vocabulary: Vocabulary, problems: list[KgError]) -> None:
    journal = record.get("journal")
    if isinstance(journal, str) and "journal" not in vocabulary.unreadable \
            and vocabulary.resolve(f"journal:{journal}") is None:
        problems.append(CurationError.at(record.origin_of("journal"), f"unknown journal '{journal}' "
                                         "(not in data/vocabulary/journals.yaml)", "journal"))


def load_article(folder: Path, root: Path, vocabulary: Vocabulary, schemas: Schemas,
                 problems: list[KgError]) -> Article | None:
    """One article folder; None if its article.yaml cannot be read as a mapping."""
    display = _display(folder / "article.yaml", root)
    name = f"article '{folder.name}'"
    count = len(problems)
    document = _read(folder / "article.yaml", display, schemas, "article", lambda _: lambda path: (name, path),
                     problems)
    well_formed = len(problems) == count
    references = _load_references(folder, root, vocabulary, schemas, problems)
    record = document.data if document is not None else None
    if not isinstance(record, Record):
        return None
    article_id = record.get("id")
    if isinstance(article_id, str) and article_id != folder.name:
        problems.append(CurationError.at(record.origin_of("id"), f"id '{article_id}' differs from the folder name "
                                         f"'{folder.name}'", "id"))
    _named(record, name)
    _journal(record, vocabulary, problems)
    files = {"article": display, "references": _display(folder / "references.yaml", root)}
    patients: list[PatientRow] = []
    transcriptions: dict[str, list[dict[str, str]]] = {}
    if well_formed and not vocabulary.unreadable:  # the tables are well-formed: read their files
        for table in record.get("tables") or []:
            _load_table(folder, root, table, vocabulary, files, patients, transcriptions, problems)
    return Article(folder.name, _display(folder, root), record, references, patients, transcriptions, files)


def _load_references(folder: Path, root: Path, vocabulary: Vocabulary, schemas: Schemas,
                     problems: list[KgError]) -> list[Record]:
    path = folder / "references.yaml"
    document = _read(path, _display(path, root), schemas, "references",
                     lambda d: item_namer(d, "reference", number_key="number"), problems)
    entries = document.data if document is not None and isinstance(document.data, list) else []
    references: list[Record] = []
    seen: dict[int, int] = {}
    for ref in entries:
        number = ref.get("number") if isinstance(ref, Record) else None
        if not isinstance(number, int) or isinstance(number, bool):
            continue  # the schema check has reported it
        _named(ref, f"reference {number}")
        if number in seen:
            problems.append(CurationError.at(ref.origin_of("number"), "duplicate reference number (first given "
                                             f"on line {seen[number]})", "number"))
            continue
        seen[number] = ref.origin.line or 0
        _journal(ref, vocabulary, problems)
        references.append(ref)
    return references


def _load_table(folder: Path, root: Path, table: Record, vocabulary: Vocabulary, files: dict[str, str],
                patients: list[PatientRow], transcriptions: dict[str, list[dict[str, str]]],
                problems: list[KgError]) -> None:
    table_id = table["id"]
    _named(table, f"table '{table_id}'")
    records_file = folder / table["records"]
    files[f"{table_id}:records"] = _display(records_file, root)
    transcription_file = folder / table["transcription"]
    files[f"{table_id}:transcription"] = _display(transcription_file, root)
    try:
        patients.extend(load_patients(records_file, _display(records_file, root), vocabulary))
    except CurationError as exc:
        problems.append(exc)
    try:
        transcriptions[table_id] = read_tsv(transcription_file, _display(transcription_file, root))
    except CurationError as exc:
        problems.append(exc)


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


def load_corpus(data_dir: Path, *, root: Path | None = None, schema_dir: Path | None = None,
                this_year: int | None = None, identifiers: Identifiers | None = None) -> Corpus:
    """Load data/vocabulary, every folder under data/articles (in name order) and data/mappings.

    Raises :class:`~kg.core.errors.BuildFailed` with every problem found, sorted by file and line.
    ``schema_dir`` defaults to ``data_dir/schema`` (or the project's); ``this_year`` to today's year;
    the mapping tables are checked against the prefix map ``identifiers`` (default: the repository's).
    """
    root = root or data_dir.parent
    schemas = Schemas.load(schema_dir or default_schema_dir(data_dir))
    problems: list[KgError] = []
    vocabulary = load_vocabulary(data_dir, root, schemas, problems)
    articles_dir = data_dir / "articles"
    folders = sorted(p for p in articles_dir.iterdir() if p.is_dir()) if articles_dir.is_dir() else []
    if not folders:
        problems.append(CurationError(_display(articles_dir, root), "no article folders found"))
    loaded = [load_article(f, root, vocabulary, schemas, problems) for f in folders]
    articles = [a for a in loaded if a is not None]
    problems += check_articles(((a.id, a.record, a.references) for a in articles),
                               this_year=this_year or datetime.date.today().year)
    mappings: list[Mapping] = []
    if not vocabulary.unreadable:
        for path in sorted((data_dir / "mappings").glob("*.sssom.tsv")):
            try:
                mappings += load_mappings(path, _display(path, root), vocabulary,
                                          identifiers or default_identifiers())
            except CurationError as exc:
                problems.append(exc)
    if problems:
        raise BuildFailed(sorted(problems, key=_problem_order))
    return Corpus(vocabulary, articles, mappings)


def _problem_order(problem: KgError) -> tuple[str, int, str]:
    origin = getattr(problem, "origin", None)
    return (origin.file, origin.line or 0, str(problem)) if origin else ("", 0, str(problem))
