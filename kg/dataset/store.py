"""Open the built dataset for querying: the embedded Oxigraph store that ``kg build`` wrote.

``kg build`` writes ``build/store/``, an on-disk pyoxigraph (Oxigraph/RocksDB) store holding every
named graph of build/adkg.nq and of build/imports/*.nq, with the union of the *curated* named
graphs (as a set) as its default graph: an import's graphs are named graphs only
(:mod:`kg.publish.storage`). :func:`open_store` opens it read-only: nothing to start or configure.
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
from pathlib import Path

import pyoxigraph as ox

from kg.core.errors import KgError
from kg.core.fingerprint import IMPORTS_FOLDER, Manifest, fingerprint, read_manifest, scan
from kg.core.frozen import Frozen
from kg.dataset.scope import Layout, layout
from kg.publish.storage import INPUTS_FILE, MARKER, STORE_DIR, import_files, load_files, store_is_current

__all__ = ["Paths", "Store", "open_store", "memory_store", "is_current", "input_state", "INPUTS_FILE"]


class Paths(Frozen):
    """Where the curated input and the build live (defaults: relative to the working directory)."""

    __slots__ = ("build", "data", "ontology")
    build: Path
    data: Path
    ontology: Path

    def __init__(self, build: Path = Path("build"), data: Path = Path("data"),
                 ontology: Path = Path("ontology")) -> None:
        self._set(build=build, data=data, ontology=ontology)

    @property
    def store(self) -> Path:
        return self.build / STORE_DIR

    @property
    def imports(self) -> Path:
        """The imports folder, ``data/imports/``: each ``kg import``'s inputs (its source file,
        ``import.json`` and its mappings), one folder per import name. It lies outside build/
        (build/imports/ is derived from it by ``kg build``) and outside the curated inputs'
        fingerprint, so an import never rebuilds an article.

        >>> Paths(data=Path("corpus")).imports.as_posix()
        'corpus/imports'
        """
        return self.data / IMPORTS_FOLDER

    @property
    def inputs(self) -> Path:
        """The manifest of data/ and ontology/ that keeps the freshness check cheap
        (:mod:`kg.core.fingerprint`); it lives in the store's folder, which each build replaces."""
        return self.build / STORE_DIR / INPUTS_FILE


#: build/, data/ and ontology/ relative to the working directory.
DEFAULT_PATHS = Paths()


class Store:
    """A loaded dataset: SPARQL through :mod:`kg.dataset.query`, and the quads of the named graphs
    through :meth:`quads_for_pattern` (the default graph holds their union, not quads of its own)."""

    def __init__(self, store: ox.Store, location: Path | None = None) -> None:
        self.ox = store
        self.location = location
        self._layout: Layout | None = None

    def layout(self) -> Layout:
        """The store's shared graphs and number of article graphs, listed once per opened store
        (:func:`kg.dataset.scope.layout`)."""
        if self._layout is None:
            self._layout = layout(self.ox)
        return self._layout

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
    return input_state(paths)[0]


def input_state(paths: Paths, known: tuple[Manifest, str | None] | None = None) -> tuple[bool, Manifest | None]:
    """Whether build/ is current (as :func:`is_current`), and the inputs' manifest if it was taken.

    ``known`` is a manifest and its fingerprint (default: those stored beside the store,
    :attr:`Paths.inputs`): only the files whose size, times or inode differ are hashed again.
    """
    summary = paths.build / "summary.json"
    if not (summary.is_file() and (paths.build / "adkg.nq").is_file()):
        return False, None
    if not store_is_current(paths.store, paths.build):
        return False, None
    if not (paths.data.is_dir() and paths.ontology.is_dir()):
        return True, None  # nothing to rebuild from: use the build as it is
    try:
        recorded = json.loads(summary.read_text(encoding="utf-8")).get("inputs_sha256")
    except (OSError, ValueError, AttributeError):
        return False, None
    files, digest = read_manifest(paths.inputs) if known is None else known
    manifest = scan(paths.data, paths.ontology, files)
    if digest is None or manifest != files:
        digest = fingerprint(manifest)
    return bool(recorded == digest), manifest


def open_store(paths: Paths = DEFAULT_PATHS) -> Store:
    """The built dataset's embedded store, opened read-only."""
    location = paths.store
    if not (location / MARKER).is_file():
        raise KgError(f"no built dataset at {paths.build}/ (no {location}/); run `kg build` first")
    try:
        return Store(ox.Store.read_only(str(location.resolve())), location)
    except OSError as exc:
        raise KgError(f"cannot open the store at {location}: {exc}") from None


def memory_store(paths: Paths = DEFAULT_PATHS) -> Store:
    """build/'s files loaded into an in-memory pyoxigraph store (for tests and small jobs)."""
    dump = paths.build / "adkg.nq"
    if not dump.is_file():
        raise KgError(f"no built dataset at {paths.build}/; run `kg build` first")
    store = ox.Store()
    try:
        load_files(store, [dump], import_files(paths.build))
    except (OSError, SyntaxError) as exc:
        raise KgError(f"cannot read {paths.build}/: {exc}") from None
    return Store(store)
