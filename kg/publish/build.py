"""The build pipeline: load -> map -> validate -> write. One function, :func:`build`.

The shared graphs (ontology, vocabulary) are mapped and validated once; the articles are mapped
and validated in batches, each with the shared graphs beside it (:mod:`kg.publish.batches`). The
N-Quads of each article are appended to the staged dump; it is then loaded into the embedded
Oxigraph store build/store/ that every query reads, and the counts of summary.json and void.ttl
are taken there by SPARQL.

A build on an existing build/ is incremental when it can be (:mod:`kg.publish.manifest`): if
only article folders were added, changed or removed, only those are mapped and validated, the
dump is spliced and the store updated in place (:mod:`kg.publish.incremental`); the result is
the same, byte for byte, as a full build. :attr:`BuildResult.rebuilt` says which it did and why.

>>> from pathlib import Path
>>> result = build(Path("data"), Path("ontology"), Path("build"), write=False)
>>> result.summary["entities"]["adkg:Patient"], result.rebuilt.full
(6, True)
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg.core.errors import BuildFailed, CurationError, KgError
from kg.core.fingerprint import read_manifest
from kg.core.identifiers import for_ontology
from kg.core.namespaces import entailed_graph, normalise_doi
from kg.ingest.load import Article, Corpus, load_corpus
from kg.ingest.schema import default_schema_dir
from kg.publish.batches import BATCH_SIZE, Progress, Shared, map_and_validate, section_bytes
from kg.publish.entailment import Closure, triple_of
from kg.publish.finish import SUMMARY_CLASSES, counts_of, finish, summarise
from kg.publish.manifest import ArticleEntry, BuildManifest, Inputs, Plan, plan, read_build_manifest, take_inputs
from kg.publish.serialize import DOCUMENT_FILES, OUTPUT_FILES, nquads_lines, staged
from kg.publish.storage import INPUTS_FILE, STORE_DIR, load_files, write_store
from kg.transform.mapping import MappedDataset, declared_terms, load_ontology, map_shared
from kg.validate.shacl import check_queries, shacl_problems

__all__ = ["BuildResult", "build", "summarise", "SUMMARY_CLASSES", "BATCH_SIZE", "Plan"]


@dataclass
class BuildResult:
    summary: dict
    paths: list[Path] = field(default_factory=list)
    #: What was rebuilt: full or incremental and why, the articles added, changed, removed, kept.
    rebuilt: Plan = field(default_factory=lambda: Plan(True, "no earlier build to update"))


def _context(ontology_dir: Path) -> dict:
    path = ontology_dir / "context.jsonld"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CurationError(str(path), f"cannot read the JSON-LD context: {exc}") from None


def _doi(article: Article) -> str:
    doi = article.record.get("doi")
    return normalise_doi(doi) if isinstance(doi, str) and doi else ""


def _load(data_dir: Path, ontology_dir: Path, root: Path | None,
          decided: Plan, previous: BuildManifest | None) -> tuple[Plan, Corpus]:
    """The corpus to map: every article (full), or only those added and changed. A changed
    article whose DOI another article holds is loaded with the rest, to fail as a full build does."""
    identifiers = for_ontology(ontology_dir)
    if not decided.full and previous is not None:
        corpus = load_corpus(data_dir, root=root, identifiers=identifiers, only=decided.todo)
        kept = {previous.articles[n].doi for n in decided.unchanged} - {""}
        if not any(_doi(a) in kept for a in corpus.articles):
            return decided, corpus
        decided = Plan(True, "a changed article's DOI is held by another article")
    return decided, load_corpus(data_dir, root=root, identifiers=identifiers)


def _shared_sections(mapped: MappedDataset, closure: Closure) -> dict[str, list[str]]:
    """The shared graphs' N-Quads lines, each graph's sorted: the ontology, the vocabulary, then the
    graph of what the ontology entails from each (less any triple of the graphs before it)."""
    sections = {str(name): nquads_lines(name, graph) for name, graph in mapped.graphs.items()}
    known = {triple_of(line) for lines in sections.values() for line in lines}
    for name in list(sections):
        entailed = closure.entailed_lines(str(entailed_graph(URIRef(name))),
                                          {triple_of(line) for line in sections[name]}, known)
        sections[str(entailed_graph(URIRef(name)))] = entailed
        known |= {triple_of(line) for line in entailed}
    return sections


def _shared(corpus: Corpus, ontology_dir: Path, validate: bool) -> tuple[Shared, dict[str, list[str]], list[KgError]]:
    """What every batch needs beside its articles, the shared graphs' N-Quads lines
    (:func:`_shared_sections`) and their problems (when ``validate``: they are unchanged since the
    last build otherwise). The entailed triples are validated with the rest."""
    ontology = load_ontology(ontology_dir)
    mapped = map_shared(corpus, ontology)
    closure = Closure.of(ontology)
    sections = _shared_sections(mapped, closure)
    known = frozenset(triple_of(line) for lines in sections.values() for line in lines)
    entailed = "".join(line.rsplit(" ", 2)[0] + " .\n" for name, lines in sections.items()
                       if URIRef(name) not in mapped.graphs for line in lines)
    graph = mapped.union(Graph().parse(data=entailed, format="nt"))
    problems: list[KgError] = list(mapped.problems)
    shapes = Graph().parse(ontology_dir / "adkg-shapes.ttl", format="turtle")  # compiled once, for every batch
    if validate:
        problems += shacl_problems(graph, shapes, mapped, "dataset")
        problems += shacl_problems(ontology, ontology_dir / "adkg-ontology-shapes.ttl", None, "ontology/adkg.ttl")
        problems += check_queries(graph, ontology_dir / "checks", mapped)
    nt = "".join(f"{s} {p} {o} .\n" for s, p, o in sorted(known))
    shared = Shared(corpus, ontology, declared_terms(ontology), graph, nt, shapes, ontology_dir / "checks",
                    closure, known)
    return shared, sections, problems


def build(data_dir: Path, ontology_dir: Path, out_dir: Path, *, write: bool = True,
          root: Path | None = None, documents: bool = True, workers: int | None = None,
          full: bool = False, progress: Progress | None = None) -> BuildResult:
    """Build the dataset from ``data_dir`` and ``ontology_dir`` and write it to ``out_dir``, with
    the embedded store ``out_dir/store`` that queries read (``documents=False``: without the
    Turtle, TriG and JSON-LD dumps). On an existing build, only the articles added, changed or
    removed since are redone, unless the shared inputs changed or ``full``. ``progress`` is
    called as ``progress(done, total)`` while articles are mapped and validated.

    Raises :class:`~kg.core.errors.KgError` (nothing written) if any input is invalid.
    """
    inputs = take_inputs(data_dir, ontology_dir, default_schema_dir(data_dir),
                         read_manifest(out_dir / STORE_DIR / INPUTS_FILE)[0] if write else None)
    previous = read_build_manifest(out_dir) if write else None
    dump = out_dir / "adkg.nq"
    decided = plan(previous, inputs, dump_bytes=dump.stat().st_size if dump.is_file() else None,
                   full="--full was asked for" if full else ("" if write else "nothing to update"))
    decided, corpus = _load(data_dir, ontology_dir, root, decided, previous)
    shared, shared_sections, problems = _shared(corpus, ontology_dir, validate=decided.full)
    context = _context(ontology_dir)
    scratch = Path(tempfile.mkdtemp(prefix="adkg-build-"))
    try:
        sections = scratch / "adkg.nq"
        shared_bytes, shared_graphs = 0, {}
        with sections.open("wb") as out:
            if decided.full:
                for name, lines in shared_sections.items():
                    shared_bytes += out.write(section_bytes(lines))
                    shared_graphs[name] = len(lines)
            lengths, found = map_and_validate(shared, corpus.articles, out, workers=workers, progress=progress)
            problems += found
        if problems:
            raise BuildFailed(sorted(problems, key=str))
        entries = {a.id: ArticleEntry(inputs.articles[a.id], s.nquads, _doi(a), s.quads, s.entailed)
                   for a, s in zip(corpus.articles, lengths, strict=True)}
        if not write:
            memory = ox.Store()
            load_files(memory, [sections])
            return BuildResult({**summarise(counts_of(memory)), "inputs_sha256": inputs.fingerprint},
                               rebuilt=decided)
        files = OUTPUT_FILES if documents else tuple(f for f in OUTPUT_FILES if f not in DOCUMENT_FILES)
        if decided.full:
            manifest = BuildManifest(inputs.shared, shared_bytes, entries, dict(sorted(shared_graphs.items())))
            _write_full(sections, manifest, inputs, context, out_dir, files)
        else:
            from kg.publish.incremental import write_incremental

            assert previous is not None  # noqa: S101 - an incremental plan needs one
            write_incremental(out_dir, previous, decided, sections, entries, inputs, context, files)
        return BuildResult(json.loads((out_dir / "summary.json").read_text(encoding="utf-8")),
                           [out_dir / name for name in files], decided)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _write_full(nquads: Path, manifest: BuildManifest, inputs: Inputs, context: dict, out_dir: Path,
                files: tuple[str, ...]) -> None:
    """Write build/: the N-Quads dump, the store loaded from it (with any imports kept from
    `kg import`), the counts taken there, the VoID, summary and context, and the documents."""
    with staged(out_dir) as folder:
        shutil.move(nquads, folder / "adkg.nq")
        (folder / "adkg.nq").chmod(0o644)
        location = write_store(folder)
        finish(folder, location, manifest, inputs, context, files)
