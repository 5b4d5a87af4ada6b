"""The build pipeline: load -> map -> validate -> write. One function, :func:`build`.

The shared graphs (ontology, vocabulary) are mapped and validated once; the articles are mapped
and validated in batches, each with the shared graphs beside it (every shape and check is about
one article's nodes and the vocabulary they point to), so memory and time grow with the corpus,
not with its square. Batches run on every core (forked workers, results taken in order, so the
output does not depend on timing). The N-Quads of each batch are appended to the staged dump;
it is then loaded into the embedded Oxigraph store build/store/ that every query reads, and the
counts of summary.json and void.ttl are taken there by SPARQL.

>>> from pathlib import Path
>>> result = build(Path("data"), Path("ontology"), Path("build"), write=False)
>>> result.summary["entities"]["adkg:Patient"]
6
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.core.errors import BuildFailed, CurationError, KgError
from kg.core.fingerprint import input_fingerprint
from kg.core.identifiers import for_ontology
from kg.core.namespaces import ONTOLOGY_GRAPH, PREFIXES
from kg.ingest.load import Corpus, load_corpus
from kg.publish.serialize import DOCUMENT_FILES, OUTPUT_FILES, dump_json, nquads_lines, staged, write_documents
from kg.publish.stats import DatasetCounts, dataset_counts
from kg.publish.storage import load_files, write_store
from kg.transform.mapping import declared_terms, load_ontology, map_articles, map_shared, new_dataset
from kg.validate.shacl import check_queries, shacl_problems

__all__ = ["BuildResult", "build", "summarise", "SUMMARY_CLASSES", "BATCH_SIZE"]

#: The classes whose instances the summary counts, in the order it prints them.
SUMMARY_CLASSES = (
    "fabio:JournalArticle", "biro:BibliographicReference", "cito:Citation", "foaf:Person",
    "foaf:Organization", "fabio:Journal", "biolink:Drug", "biolink:Protein", "biolink:Pathway",
    "biolink:Disease", "adkg:Patient", "adkg:TreatmentCourse", "adkg:Observation",
    "adkg:CourseEvent", "adkg:NegativeFinding", "adkg:SummaryClaim", "adkg:TableCell",
    "adkg:CurationNote", "adkg:Assertion",
)
#: Articles mapped and validated together (big enough to amortise pySHACL's set-up).
BATCH_SIZE = 20


@dataclass
class BuildResult:
    summary: dict
    paths: list[Path] = field(default_factory=list)


@dataclass
class _Job:
    """What every batch needs, set up once before the workers fork."""

    corpus: Corpus
    ontology: Graph
    terms: frozenset
    shared: Graph          # the ontology and vocabulary triples, beside every batch
    shared_nt: str         # the same as N-Triples
    shapes: Graph
    checks: Path


_JOB: _Job | None = None


def _expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return str(PREFIXES[prefix][local])


def summarise(counts: DatasetCounts) -> dict:
    ontology = counts.graphs.get(str(ONTOLOGY_GRAPH), 0)
    return {
        "triples": counts.triples,
        "instance_triples": counts.triples - ontology,
        "graphs": counts.graphs,
        "entities": {c: counts.entities[_expand(c)] for c in SUMMARY_CLASSES},
        "types": counts.types,
    }


def _context(ontology_dir: Path) -> dict:
    path = ontology_dir / "context.jsonld"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CurationError(str(path), f"cannot read the JSON-LD context: {exc}") from None


def _batch(index: int) -> tuple[list[str], list[str]]:
    """Map and validate one batch of articles: (its N-Quads lines, its problems as messages)."""
    job = _JOB
    if job is None:
        raise RuntimeError("_batch runs only while build() has a job set up")
    articles = job.corpus.articles[index * BATCH_SIZE:(index + 1) * BATCH_SIZE]
    mapped = map_articles(job.corpus, job.ontology, articles, job.terms)
    lines: list[str] = []
    for name, graph in mapped.graphs.items():  # graph by graph, in corpus order
        lines += nquads_lines(name, graph)
    data = mapped.union(job.shared)
    problems: list[KgError] = list(mapped.problems)
    problems += shacl_problems(data, job.shapes, mapped, "dataset")
    checks = ox.Store()
    checks.load("\n".join(lines), format=ox.RdfFormat.N_QUADS)
    checks.load(job.shared_nt, format=ox.RdfFormat.N_TRIPLES)
    problems += check_queries(data, job.checks, mapped, checks)
    return lines, [str(p) for p in problems]


def _run_batches(count: int, workers: int):
    if count <= 1 or workers <= 1:
        for index in range(count):
            yield _batch(index)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(min(workers, count)) as pool:
        yield from pool.imap(_batch, range(count))


def _workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def build(data_dir: Path, ontology_dir: Path, out_dir: Path, *, write: bool = True,
          root: Path | None = None, documents: bool = True, workers: int | None = None) -> BuildResult:
    """Build the dataset from ``data_dir`` and ``ontology_dir`` and write it to ``out_dir``, with
    the embedded store ``out_dir/store`` that queries read (``documents=False``: without the
    Turtle, TriG and JSON-LD dumps).

    Raises :class:`~kg.core.errors.KgError` (nothing written) if any input is invalid.
    """
    global _JOB
    corpus = load_corpus(data_dir, root=root, identifiers=for_ontology(ontology_dir))
    ontology = load_ontology(ontology_dir)
    context = _context(ontology_dir)
    shared = map_shared(corpus, ontology)
    shared_graph = shared.union()
    problems: list[KgError] = list(shared.problems)
    problems += shacl_problems(shared_graph, ontology_dir / "adkg-shapes.ttl", shared, "dataset")
    problems += shacl_problems(ontology, ontology_dir / "adkg-ontology-shapes.ttl", None, "ontology/adkg.ttl")
    problems += check_queries(shared_graph, ontology_dir / "checks", shared)
    shapes = Graph().parse(ontology_dir / "adkg-shapes.ttl", format="turtle")

    scratch = Path(tempfile.mkdtemp(prefix="adkg-build-"))
    try:
        nquads = scratch / "adkg.nq"
        with nquads.open("w", encoding="utf-8") as out:
            for name, graph in shared.graphs.items():
                out.writelines(line + "\n" for line in nquads_lines(name, graph))
            shared_nt = shared_graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
            _JOB = _Job(corpus, ontology, declared_terms(ontology), shared_graph, shared_nt, shapes,
                        ontology_dir / "checks")
            batches = -(-len(corpus.articles) // BATCH_SIZE)
            try:
                for lines, messages in _run_batches(batches, workers or _workers()):
                    out.writelines(line + "\n" for line in lines)
                    problems += [KgError(m) for m in messages]
            finally:
                _JOB = None
        if problems:
            raise BuildFailed(sorted(problems, key=str))
        fingerprint = input_fingerprint(data_dir, ontology_dir)
        if not write:
            memory = ox.Store()
            load_files(memory, [nquads])
            return BuildResult({**summarise(_counts(memory)), "inputs_sha256": fingerprint})
        return _write(nquads, context, fingerprint, out_dir, documents=documents)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _write_descriptions(folder: Path, counts: DatasetCounts, context: dict, summary: dict,
                        files: tuple[str, ...]) -> None:
    from kg.publish.void import describe

    dumps = tuple(f for f in ("adkg.nq", "adkg.trig", "adkg.ttl", "adkg.jsonld") if f in files)
    describe(counts, dumps).serialize(folder / "void.ttl", format="turtle", encoding="utf-8")
    dump_json(context, folder / "context.jsonld")
    dump_json(summary, folder / "summary.json")


def _counts(store: ox.Store) -> DatasetCounts:
    return dataset_counts(store, [_expand(c) for c in SUMMARY_CLASSES], ontology_graph=str(ONTOLOGY_GRAPH),
                          union_in_default=True)


def _write(nquads: Path, context: dict, fingerprint: str, out_dir: Path, *, documents: bool) -> BuildResult:
    """Write build/: the N-Quads dump, the store loaded from it (with any imports kept from
    `kg import`), the counts taken there, the VoID, summary and context, and the documents."""
    files = OUTPUT_FILES if documents else tuple(f for f in OUTPUT_FILES if f not in DOCUMENT_FILES)
    with staged(out_dir) as folder:
        shutil.move(nquads, folder / "adkg.nq")
        (folder / "adkg.nq").chmod(0o644)
        location = write_store(folder)
        store = ox.Store(str(location))
        try:
            counts = _counts(store)
        finally:
            del store
        summary = {**summarise(counts), "inputs_sha256": fingerprint}
        if documents:
            dataset = new_dataset()
            dataset.parse(folder / "adkg.nq", format="nquads")
            merged = Graph()
            for prefix, namespace in PREFIXES.items():
                merged.bind(prefix, namespace, override=True)
            for graph in dataset.graphs():
                merged += graph
            write_documents(dataset, merged, context, folder)
        _write_descriptions(folder, counts, context, summary, files)
    return BuildResult(summary, [out_dir / name for name in files])
