"""Open the built dataset for querying: the embedded Oxigraph store that ``kg build`` wrote.

``kg build`` writes ``build/store/``, an on-disk pyoxigraph (Oxigraph/RocksDB) store holding every
named graph of build/adkg.nq and of build/imports/*.nq, with the union of the named graphs (as a
set) as its default graph. :func:`open_store` opens it read-only: nothing to start or configure.
:func:`memory_store` loads the same files into an in-memory pyoxigraph store, for a test or a
small job that wants one.

This module only opens; it never builds. Whether build/ is current (:func:`is_current`) is asked
and answered here, but the decision to rebuild belongs to the command layer (:mod:`kg.cli`).

>>> import pyoxigraph as ox
>>> g = ox.NamedNode("https://example.org/g")
>>> s = ox.NamedNode("https://example.org/s")
>>> store = Store(ox.Store())
>>> store.ox.add(ox.Quad(s, s, s, g)); store.ox.add(ox.Quad(s, s, s, ox.DefaultGraph()))
>>> len(store), len(list(store.quads_for_pattern(s, None, None)))
(1, 1)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.core.errors import KgError
from kg.publish.storage import MARKER, STORE_DIR, load_files, source_files, store_is_current

__all__ = ["Paths", "Store", "open_store", "memory_store", "is_current"]


@dataclass(frozen=True)
class Paths:
    """Where the curated input and the build live (defaults: relative to the working directory)."""

    build: Path = Path("build")
    data: Path = Path("data")
    ontology: Path = Path("ontology")

    @property
    def store(self) -> Path:
        return self.build / STORE_DIR


class Store:
    """A loaded dataset: SPARQL through :mod:`kg.dataset.query`, and the quads of the named graphs
    through :meth:`quads_for_pattern` (the default graph holds their union, not quads of its own)."""

    def __init__(self, store: ox.Store, location: Path | None = None) -> None:
        self.ox = store
        self.location = location

    def quads_for_pattern(self, subject: ox.NamedNode | ox.BlankNode | None = None,
                          predicate: ox.NamedNode | None = None,
                          obj: ox.NamedNode | ox.BlankNode | ox.Literal | None = None,
                          graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        quads = self.ox.quads_for_pattern(subject, predicate, obj, graph)
        if graph is not None:
            return iter(quads)
        return (q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph))

    def __len__(self) -> int:
        """The number of quads in the named graphs (a triple in two graphs counts twice)."""
        return sum(1 for _ in self.quads_for_pattern())


def is_current(paths: Paths) -> bool:
    """True if build/ and its store exist and were built from the current data/ and ontology/
    (their fingerprint is the one recorded in build/summary.json)."""
    from kg.core.fingerprint import input_fingerprint

    summary = paths.build / "summary.json"
    if not (summary.is_file() and (paths.build / "adkg.nq").is_file()):
        return False
    if not store_is_current(paths.store, paths.build):
        return False
    if not (paths.data.is_dir() and paths.ontology.is_dir()):
        return True  # nothing to rebuild from: use the build as it is
    try:
        recorded = json.loads(summary.read_text(encoding="utf-8")).get("inputs_sha256")
    except (OSError, json.JSONDecodeError):
        return False
    return bool(recorded == input_fingerprint(paths.data, paths.ontology))


def open_store(paths: Paths = Paths()) -> Store:
    """The built dataset's embedded store, opened read-only."""
    location = paths.store
    if not (location / MARKER).is_file():
        raise KgError(f"no built dataset at {paths.build}/ (no {location}/); run `kg build` first")
    try:
        return Store(ox.Store.read_only(str(location.resolve())), location)
    except OSError as exc:
        raise KgError(f"cannot open the store at {location}: {exc}") from None


def memory_store(paths: Paths = Paths()) -> Store:
    """build/'s files loaded into an in-memory pyoxigraph store (for tests and small jobs)."""
    files = source_files(paths.build)
    if not files[0].is_file():
        raise KgError(f"no built dataset at {paths.build}/; run `kg build` first")
    store = ox.Store()
    try:
        load_files(store, files)
    except (OSError, SyntaxError) as exc:
        raise KgError(f"cannot read {paths.build}/: {exc}") from None
    return Store(store)
