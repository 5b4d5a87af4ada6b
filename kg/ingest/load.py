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

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from kg.core.errors import BuildFailed, CurationError, KgError, Origin
from kg.core.fsutil import display_path as _display
from kg.core.identifiers import Identifiers
from kg.core.identifiers import default as default_identifiers
from kg.ingest.crosscheck import check_articles
from kg.ingest.mappings import Mapping, load_mappings
from kg.ingest.schema import Namer, Schemas, default_schema_dir, item_namer
from kg.ingest.table_schema import TableSchema
from kg.ingest.tables import PatientRow, load_table
from kg.ingest.vocabulary import Vocabulary
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
    table_schemas: dict[str, TableSchema] = {}
    if well_formed and not vocabulary.unreadable:  # the tables are well-formed: read their files
        for table in record.get("tables") or []:
            _load_table(folder, root, table, vocabulary, files, patients, transcriptions, table_schemas, problems)
    return Article(folder.name, _display(folder, root), record, references, patients, transcriptions, files,
                   table_schemas)


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
                schemas: dict[str, TableSchema], problems: list[KgError]) -> None:
    table_id = table["id"]
    _named(table, f"table '{table_id}'")
    try:
        loaded = load_table(folder, table, vocabulary, lambda path: _display(path, root))
    except CurationError as exc:
        problems.append(exc)
        return
    except BuildFailed as failed:
        problems.extend(failed.problems)
        return
    files.update(loaded.files)
    patients.extend(loaded.patients)
    transcriptions[table_id] = loaded.transcription
    schemas[table_id] = loaded.schema




def load_corpus(data_dir: Path, *, root: Path | None = None, schema_dir: Path | None = None,
                this_year: int | None = None, identifiers: Identifiers | None = None,
                only: frozenset[str] | None = None) -> Corpus:
    """Load data/vocabulary, every folder under data/articles (in name order) and data/mappings;
    with ``only``, just the article folders of those names (an incremental build: the checks
    across articles then see only them).

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
    if only is not None:
        folders = [f for f in folders if f.name in only]
    elif not folders:
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
