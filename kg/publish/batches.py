"""Map and validate articles in batches, on every core: each batch with the shared graphs beside it.

Every shape and check is about one article's nodes and the vocabulary they point to, so a batch
of articles is validated with the ontology and vocabulary graphs beside it, never with the rest
of the corpus: memory and time grow with the corpus, not with its square. Batches run on forked
workers and their results are taken in order, so the output does not depend on timing. Each
article's N-Quads are written as one section of a file: its graph's lines (sorted, without
repeats), then those of its entailed graph (:mod:`kg.publish.entailment`: what the ontology's
subclass and subproperty links entail from the article's lines, less what they or the shared
graphs hold), which are validated with it. The section's length in bytes is returned, so that a
later build can splice the dump (:mod:`kg.publish.incremental`), with the number of quads of each
of its two graphs (one per line), which the counts of summary.json and void.ttl use.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg.core.errors import KgError
from kg.core.namespaces import article_graph, entailed_graph
from kg.ingest.load import Article, Corpus
from kg.publish.entailment import Closure, Triple, triple_of
from kg.publish.serialize import nquads_lines
from kg.transform.mapping import MappedDataset, map_articles
from kg.validate.shacl import check_queries, shacl_problems

__all__ = ["BATCH_SIZE", "Shared", "Section", "Progress", "map_and_validate", "section_bytes"]

#: Articles mapped and validated together (big enough to amortise pySHACL's set-up).
BATCH_SIZE = 20
#: Called as ``progress(done, total)``: articles mapped and validated so far, of all to do.
Progress = Callable[[int, int], None]


@dataclass
class Shared:
    """What every batch needs beside its articles, set up once before the workers fork."""

    corpus: Corpus
    ontology: Graph
    terms: frozenset
    graph: Graph           # the ontology and vocabulary triples, beside every batch
    nt: str                # the same as N-Triples
    shapes: Graph
    checks: Path
    closure: Closure       # the ontology's subclass and subproperty closure
    known: frozenset[Triple]  # the shared graphs' triples, asserted and entailed (never entailed again)


@dataclass(frozen=True)
class Section:
    """One article's section of the dump, as :func:`map_and_validate` returns it."""

    name: str       # the article's folder name
    nquads: int     # its length in bytes
    quads: int      # the quads of the article's graph
    entailed: int   # the quads of its entailed graph


@dataclass
class _Job:
    shared: Shared
    articles: list[Article]


_JOB: _Job | None = None
#: This process's store for the checks: the shared graphs in its default graph, loaded once; each
#: batch's graphs are loaded beside them, checked and removed.
_CHECKS: ox.Store | None = None


def section_bytes(lines: list[str]) -> bytes:
    """One graph's section of the dump: its lines, each ended by a newline.

    >>> section_bytes(["<a> <b> <c> <g> ."])
    b'<a> <b> <c> <g> .\\n'
    """
    return "".join(line + "\n" for line in lines).encode("utf-8")


def _section(shared: Shared, name: URIRef, graph: Graph | None) -> tuple[bytes, int, int]:
    """The N-Quads section of the article graph ``name`` (its lines, then its entailed graph's) and
    the quads of each."""
    lines = nquads_lines(name, graph) if graph is not None else []
    entailed = shared.closure.entailed_lines(str(entailed_graph(name)), {triple_of(line) for line in lines},
                                             shared.known)
    return section_bytes(lines + entailed), len(lines), len(entailed)


def _batch(index: int) -> tuple[list[tuple[str, bytes, int, int]], list[str]]:
    """Map and validate one batch: (each article's name, N-Quads section and the quads of its two
    graphs, the problems as messages)."""
    job = _JOB
    if job is None:
        raise RuntimeError("_batch runs only while map_and_validate() has a job set up")
    shared = job.shared
    articles = job.articles[index * BATCH_SIZE:(index + 1) * BATCH_SIZE]
    mapped = map_articles(shared.corpus, shared.ontology, articles, shared.terms)
    sections: list[tuple[str, bytes, int, int]] = []
    for article in articles:  # graph by graph, in corpus order
        name = article_graph(article.id)
        sections.append((article.id, *_section(shared, name, mapped.graphs.get(name))))
    quads = b"".join(s[1] for s in sections)
    names = mapped.union(shared.graph)  # a view, for the prefixes of the messages only; never copied
    problems: list[KgError] = list(mapped.problems)
    # The engine reads the lines already written (the union of the article graphs and the shared ones).
    problems += shacl_problems(names, shared.shapes, mapped, "dataset", text=quads.decode("utf-8") + shared.nt)
    problems += _checks(shared, names, mapped, quads)
    return sections, [str(p) for p in problems]


def _checks(shared: Shared, names: Graph, mapped: MappedDataset, quads: bytes) -> list[KgError]:
    """The checks of one batch (its N-Quads ``quads``), on this process's checks store."""
    global _CHECKS
    if _CHECKS is None:
        _CHECKS = ox.Store()
        _CHECKS.load(shared.nt, format=ox.RdfFormat.N_TRIPLES)
    _CHECKS.load(quads, format=ox.RdfFormat.N_QUADS)
    try:
        return check_queries(names, shared.checks, mapped, _CHECKS)
    finally:
        for graph in list(_CHECKS.named_graphs()):  # the shared graphs are in the default graph
            _CHECKS.remove_graph(graph)


def _run_batches(count: int, workers: int) -> Iterator[tuple[list[tuple[str, bytes, int, int]], list[str]]]:
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


def map_and_validate(shared: Shared, articles: list[Article], out: BinaryIO, *, workers: int | None = None,
                     progress: Progress | None = None) -> tuple[list[Section], list[KgError]]:
    """Map and validate ``articles``, writing each one's N-Quads section to ``out`` in order;
    returns each article's :class:`Section` and every problem found."""
    global _JOB, _CHECKS
    batches = -(-len(articles) // BATCH_SIZE)
    lengths: list[Section] = []
    problems: list[KgError] = []
    if progress is not None:
        progress(0, len(articles))
    _JOB, _CHECKS = _Job(shared, articles), None
    try:
        for sections, messages in _run_batches(batches, workers or _workers()):
            for name, section, quads, entailed in sections:
                out.write(section)
                lengths.append(Section(name, len(section), quads, entailed))
            problems += [KgError(m) for m in messages]
            if progress is not None:
                progress(len(lengths), len(articles))
    finally:
        _JOB, _CHECKS = None, None
    return lengths, problems
