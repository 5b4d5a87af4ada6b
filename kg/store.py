"""Open the built dataset for querying, in one of two stores (``--store``):

``memory`` (the default)
    rdflib's in-memory Dataset, parsed from build/adkg.nq (and build/imports/*.nq, the datasets
    added by ``kg import``) at every start: the simplest choice for a handful of articles.
``oxigraph:PATH``
    an embedded on-disk pyoxigraph (Oxigraph/RocksDB) store at PATH, loaded once from the same
    files and opened read-only afterwards: for corpora of thousands of articles. Its default
    graph holds the union of the named graphs, materialised at load (see :func:`load_files`).

Both hold the same quads (named graphs kept) and answer the same SPARQL with the union of the
named graphs as the default graph, so every helper gives the same answers on either.

The store is loaded from what ``kg build`` wrote; data/ is never re-mapped on a query. If data/
or ontology/ changed since that build (their fingerprint differs from the one in
build/summary.json), or build/ is missing, the dataset is rebuilt first; an on-disk store whose
source files changed is reloaded (into a new folder that then replaces it).

>>> parse_store("memory")
StoreSpec(kind='memory', path=None)
>>> parse_store("oxigraph:/tmp/adkg-store")
StoreSpec(kind='oxigraph', path=PosixPath('/tmp/adkg-store'))
>>> parse_store("postgres:x")
Traceback (most recent call last):
...
kg.errors.KgError: unknown store 'postgres:x'; use 'memory' or 'oxigraph:PATH' (an on-disk store folder)
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

from kg.errors import KgError
from kg.fingerprint import input_fingerprint

__all__ = ["Paths", "StoreSpec", "MEMORY", "Store", "MemoryStore", "OxigraphStore", "parse_store",
           "ensure_built", "open_store", "sync_store", "add_import", "new_store", "install_store", "load_files", "is_current", "source_files"]

#: The file an on-disk store keeps beside its data: which build files it was loaded from.
MARKER = "adkg-store.json"


@dataclass(frozen=True)
class Paths:
    """Where the curated input and the build live (defaults: relative to the working directory)."""

    build: Path = Path("build")
    data: Path = Path("data")
    ontology: Path = Path("ontology")


@dataclass(frozen=True)
class StoreSpec:
    """Which store: ``memory`` (rdflib) or ``oxigraph`` (on disk at ``path``)."""

    kind: str
    path: Path | None = None

    def __str__(self) -> str:
        return "memory" if self.kind == "memory" else f"oxigraph:{self.path}"


MEMORY = StoreSpec("memory")


def parse_store(text: str) -> StoreSpec:
    """The store a ``--store`` value names."""
    if text == "memory":
        return MEMORY
    kind, sep, location = text.partition(":")
    if kind == "oxigraph" and sep and location.strip():
        return StoreSpec("oxigraph", Path(location.strip()))
    raise KgError(f"unknown store '{text}'; use 'memory' or 'oxigraph:PATH' (an on-disk store folder)")


# --- the build's files -------------------------------------------------------------------------

def is_current(paths: Paths) -> bool:
    """True if build/ exists and was built from the current data/ and ontology/."""
    summary = paths.build / "summary.json"
    if not (summary.is_file() and (paths.build / "adkg.nq").is_file()):
        return False
    if not (paths.data.is_dir() and paths.ontology.is_dir()):
        return True  # nothing to rebuild from: use the build as it is
    try:
        recorded = json.loads(summary.read_text(encoding="utf-8")).get("inputs_sha256")
    except (OSError, json.JSONDecodeError):
        return False
    return recorded == input_fingerprint(paths.data, paths.ontology)


def ensure_built(paths: Paths = Paths()) -> None:
    """Rebuild build/ if it is missing or older than data/ or ontology/; else do nothing."""
    if is_current(paths):
        return
    from kg.build import build

    if not (paths.data.is_dir() and paths.ontology.is_dir()):
        raise KgError(f"no built dataset at {paths.build}/ and no {paths.data}/ and "
                      f"{paths.ontology}/ to build it from; run `kg build` first")
    print(f"kg: {paths.build}/ is missing or older than data/ or ontology/; rebuilding it", file=sys.stderr)
    build(paths.data, paths.ontology, paths.build)


def source_files(build: Path) -> list[Path]:
    """The N-Quads files a store is loaded from: the build, then each import."""
    return [build / "adkg.nq", *sorted((build / "imports").glob("*.nq"))]


# --- the two stores ----------------------------------------------------------------------------

class Store:
    """A loaded dataset: ``quads_for_pattern`` (the quads of the named graphs, as pyoxigraph
    terms, like pyoxigraph's own method) and SPARQL through :mod:`kg.query`, which knows both
    engines."""

    spec: StoreSpec

    def quads_for_pattern(self, subject=None, predicate=None, obj=None, graph=None) -> Iterator[ox.Quad]:
        raise NotImplementedError

    def __len__(self) -> int:
        """The number of quads (a triple in two named graphs counts twice)."""
        raise NotImplementedError


class OxigraphStore(Store):
    """A pyoxigraph store: on disk (``oxigraph:PATH``), or in memory when given one."""

    def __init__(self, store: ox.Store, spec: StoreSpec) -> None:
        self.ox = store
        self.spec = spec

    def quads_for_pattern(self, subject=None, predicate=None, obj=None, graph=None) -> Iterator[ox.Quad]:
        quads = self.ox.quads_for_pattern(subject, predicate, obj, graph)
        if graph is not None:
            return quads
        # The default graph is the union of the named graphs (load_files): not quads of its own.
        return (q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph))

    def __len__(self) -> int:
        return len(self.ox)


class MemoryStore(Store):
    """rdflib's in-memory Dataset, with the union of the named graphs as its default graph."""

    def __init__(self, dataset, spec: StoreSpec = MEMORY) -> None:
        self.dataset = dataset
        self.spec = spec

    def __len__(self) -> int:
        return sum(len(g) for g in self.dataset.graphs() if g.identifier != self.dataset.default_graph.identifier)

    def quads_for_pattern(self, subject=None, predicate=None, obj=None, graph=None) -> Iterator[ox.Quad]:
        from kg.terms import from_rdflib, to_rdflib

        pattern = tuple(None if t is None else to_rdflib(t) for t in (subject, predicate, obj))
        context = None if graph is None else to_rdflib(graph)
        default = self.dataset.default_graph.identifier
        for s, p, o, g in self.dataset.quads((*pattern, context)):
            name = getattr(g, "identifier", g)
            if name is None or name == default:
                continue  # the union of the named graphs (see _load_memory): not quads of its own
            yield ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), from_rdflib(name))


def _load_memory(paths: Paths) -> MemoryStore:
    from rdflib import Dataset

    dataset = Dataset()
    for path in source_files(paths.build):
        try:
            dataset.parse(path, format="nquads")
        except Exception as exc:  # noqa: BLE001 - rdflib's parsers raise several types
            raise KgError(f"cannot read {path}: {exc}") from None
    # The default graph holds the union of the named graphs, once (rdflib's default_union=True
    # repeats solutions on its engine, e.g. 27 rows for references-by-intent instead of 14).
    default = dataset.default_graph
    for s, p, o, _ in list(dataset.quads((None, None, None, None))):
        default.add((s, p, o))
    return MemoryStore(dataset)


def _stamp(paths: Paths) -> dict:
    """What an on-disk store records of the files it was loaded from (names, sizes, times)."""
    files = []
    for path in source_files(paths.build):
        info = path.stat()
        files.append([path.name, info.st_size, info.st_mtime_ns])
    return {"files": files}


def _store_is_current(location: Path, paths: Paths) -> bool:
    try:
        return json.loads((location / MARKER).read_text(encoding="utf-8")) == _stamp(paths)
    except (OSError, json.JSONDecodeError):
        return False


def new_store(location: Path) -> Path:
    """An empty folder beside ``location`` to load a new store into (see :func:`install_store`)."""
    location = location.resolve()
    if location.exists() and not (location / MARKER).exists() and any(location.iterdir()):
        raise KgError(f"{location} is not empty and is not a kg store; give a new folder for --store oxigraph:PATH")
    location.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{location.name}-new-", dir=location.parent))


def install_store(staging: Path, location: Path, paths: Paths) -> None:
    """Mark the store loaded in ``staging`` as holding build/'s files and put it at ``location``."""
    location = location.resolve()
    from kg.serialize import replace_folder

    (staging / MARKER).write_text(json.dumps(_stamp(paths)) + "\n", encoding="utf-8")
    replace_folder(staging, location)


def load_files(store: ox.Store, files: list[Path]) -> None:
    """Load N-Quads ``files`` into ``store``: each quad in its named graph, and each distinct
    triple once more in the default graph, which therefore holds the union of the named graphs
    as a set. (Oxigraph's own union default graph is a bag: a cited work described in two
    articles' graphs would repeat every row it joins, e.g. 3,081 citation rows instead of 13.)"""
    for path in files:
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    with tempfile.TemporaryDirectory(prefix="adkg-union-") as folder:
        triples = Path(folder) / "union.nt"
        with triples.open("w", encoding="utf-8") as out:
            for path in files:
                with path.open(encoding="utf-8") as lines:
                    # "<s> <p> <o> <g> ." -> "<s> <p> <o> ." (graph names are IRIs, no spaces)
                    out.writelines(line.rsplit(" ", 2)[0] + " .\n" for line in lines if line.strip())
        store.bulk_load(path=str(triples), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())


def sync_store(paths: Paths, location: Path, *, quiet: bool = False) -> bool:
    """Load build/ into the on-disk store at ``location`` unless it already holds exactly those
    files; returns True if it (re)loaded. A new store is loaded beside the old one and then
    replaces it, so an interrupted load leaves the previous store as it was."""
    if _store_is_current(location.resolve(), paths):
        return False
    staging = new_store(location)
    if not quiet:
        print(f"kg: loading {paths.build}/ into the oxigraph store at {location}", file=sys.stderr)
    try:
        store = ox.Store(str(staging))
        load_files(store, source_files(paths.build))
        store.flush()
        del store
        install_store(staging, location, paths)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, (OSError, SyntaxError)):
            raise KgError(f"cannot load {paths.build}/ into the oxigraph store at {location}: {exc}") from None
        raise
    return True


def add_import(paths: Paths, location: Path, path: Path, graphs: list[str]) -> None:
    """Put one import file into an on-disk store that holds the rest of build/ already (replacing
    the import's earlier ``graphs``), so ``kg import`` does not reload the whole corpus; a store
    that is not current is loaded whole instead."""
    location = location.resolve()
    marker = location / MARKER
    try:
        recorded = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        sync_store(paths, location)
        return
    expected = _stamp(paths)
    others = [f for f in expected["files"] if f[0] != path.name]
    if [f for f in recorded["files"] if f[0] != path.name] != others:
        sync_store(paths, location)
        return
    store = ox.Store(str(location))
    try:
        marker.unlink()  # an interrupted update leaves a store that the next open reloads
        for name in graphs:
            store.remove_graph(ox.NamedNode(name))
        load_files(store, [path])
        store.flush()
    finally:
        del store
    marker.write_text(json.dumps(expected) + "\n", encoding="utf-8")


def open_store(paths: Paths = Paths(), *, spec: StoreSpec = MEMORY, rebuild: bool = True) -> Store:
    """The built dataset (named graphs kept) in the store ``spec`` names."""
    if rebuild:
        ensure_built(paths)
    if not (paths.build / "adkg.nq").is_file():
        raise KgError(f"no built dataset at {paths.build}/; run `kg build` first")
    if spec.kind == "memory":
        return _load_memory(paths)
    assert spec.path is not None
    sync_store(paths, spec.path)
    try:
        return OxigraphStore(ox.Store.read_only(str(spec.path.resolve())), spec)
    except OSError as exc:
        raise KgError(f"cannot open the oxigraph store at {spec.path}: {exc}") from None
