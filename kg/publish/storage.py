"""Write the embedded Oxigraph store that every query reads: ``build/store/``.

The build loads its N-Quads dump (and each ``imports/*.nq`` file that ``kg import`` added) into a
new on-disk pyoxigraph store. Each quad stays in its named graph, and each distinct triple is also
put once in the default graph, which therefore holds the union of the named graphs *as a set*
(Oxigraph's own union default graph is a bag: a work described in two articles' graphs would
repeat every row it joins). A marker file records which files the store holds; a store whose
marker is missing or differs is reloaded, never trusted.

>>> import pyoxigraph as ox, tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "a.nq").write_text('<http://x/s> <http://x/p> "o" <http://x/g1> .\\n'
...                                  '<http://x/s> <http://x/p> "o" <http://x/g2> .\\n')
>>> store = ox.Store()
>>> load_files(store, [folder / "a.nq"])
>>> len(store), len(list(store.quads_for_pattern(None, None, None, ox.DefaultGraph())))
(3, 1)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kg.core.errors import KgError

__all__ = ["MARKER", "INPUTS_FILE", "COUNTS_FILE", "STORE_DIR", "source_files", "load_files", "write_store",
           "store_is_current", "add_to_store", "mark_current", "replace_graphs", "UnionChange", "save_counts",
           "read_counts"]

#: The store's folder inside a build.
STORE_DIR = "store"
#: The file a store keeps beside its data: which build files it was loaded from.
MARKER = "adkg-store.json"
#: The inputs' manifest (:mod:`kg.core.fingerprint`), kept in the store's folder beside its marker.
INPUTS_FILE = "adkg-inputs.json"
#: The counts of summary.json and void.ttl taken on the store, kept beside it for the next build to update.
COUNTS_FILE = "adkg-counts.json"
#: Called by :func:`replace_graphs` while the default graph holds the union without the triples that
#: left it and before those that enter it: (store, quads of the graphs dropped, triples that left
#: the union, quads loaded, triples that enter the union).
UnionChange = Callable[[ox.Store, list[ox.Quad], list[ox.Triple], list[ox.Quad], list[ox.Triple]], None]


def source_files(build: Path) -> list[Path]:
    """The N-Quads files a store is loaded from: the build's dump, then each import in name order."""
    return [build / "adkg.nq", *sorted((build / "imports").glob("*.nq"))]


def _stamp(files: list[Path]) -> dict:
    """What a store records of the files it holds: name, size and modification time of each."""
    stats = [(p.name, p.stat()) for p in files]
    return {"files": [[name, st.st_size, st.st_mtime_ns] for name, st in stats]}


def store_is_current(location: Path, build: Path, stamp: dict | None = None) -> bool:
    """True if the store at ``location`` holds exactly build/'s current files (``stamp``: their
    :func:`_stamp`, if the caller has it already)."""
    try:
        recorded = json.loads((location / MARKER).read_text(encoding="utf-8"))
        return bool(recorded == (stamp or _stamp(source_files(build))))
    except (OSError, json.JSONDecodeError):
        return False


def load_files(store: ox.Store, files: list[Path]) -> None:
    """Load N-Quads ``files`` into ``store``, each quad in its named graph and each distinct triple
    once more in the default graph (the union as a set)."""
    for path in files:
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    _load_union(store, files)


def write_store(build: Path) -> Path:
    """Load build/'s files into a new store that replaces build/store in one rename; returns its path."""
    import shutil  # the writers' imports stay off the query path, which only reads
    import tempfile

    from kg.core.fsutil import replace_folder

    location = (build / STORE_DIR).resolve()
    location.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{location.name}-new-", dir=location.parent))
    files = source_files(build)
    try:
        store = ox.Store(str(staging))
        load_files(store, files)
        store.flush()
        del store
        mark_current(staging, build)
        replace_folder(staging, location)
    except (OSError, SyntaxError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise KgError(f"cannot load {build}/ into the store at {location}: {exc}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return location


def mark_current(location: Path, build: Path) -> None:
    """Record that the store at ``location`` holds build/'s current files."""
    (location / MARKER).write_text(json.dumps(_stamp(source_files(build))) + "\n", encoding="utf-8")


def add_to_store(build: Path, path: Path, graphs: list[str]) -> None:
    """Put one import file into build/store (replacing the import's earlier ``graphs``) without
    reloading the corpus; a store that does not hold the rest of build/ is reloaded whole."""
    location = (build / STORE_DIR).resolve()
    marker = location / MARKER
    try:
        recorded = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        write_store(build)
        return
    expected = _stamp(source_files(build))
    if [f for f in recorded["files"] if f[0] != path.name] != [f for f in expected["files"] if f[0] != path.name]:
        write_store(build)
        return
    # The import's earlier graphs out, its file in, the union fixed triple by triple (a triple the
    # import shares with our graphs stays): the cost follows the import, not the corpus.
    replace_graphs(location, graphs, path)
    marker.write_text(json.dumps(expected) + "\n", encoding="utf-8")


def replace_graphs(location: Path, remove: list[str], nquads: Path, on_change: UnionChange | None = None) -> None:
    """Update the store at ``location`` in place: drop the named graphs ``remove``, load the graphs
    of the N-Quads file ``nquads`` and keep the default graph the union of the named graphs.

    Its marker is removed first, so a store left by an interrupted update is reloaded whole by
    the next build (:func:`store_is_current`); the caller marks it current when its build/ is.
    The union is fixed triple by triple, not rebuilt: a triple of a dropped graph leaves the
    default graph only if no other named graph still holds it. ``on_change`` is told which
    triples left the union and which enter it (:data:`UnionChange`), to update the counts.
    """
    (location / MARKER).unlink(missing_ok=True)
    (location / COUNTS_FILE).unlink(missing_ok=True)
    store = ox.Store(str(location))
    try:
        dropped: list[ox.Quad] = []
        for name in remove:
            graph = ox.NamedNode(name)
            dropped += store.quads_for_pattern(None, None, None, graph)
            store.remove_graph(graph)
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        default = ox.DefaultGraph()
        left: list[ox.Triple] = []
        for triple in {q.triple for q in dropped}:
            holders = store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)
            if not any(not isinstance(q.graph_name, ox.DefaultGraph) for q in holders):
                store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, default))
                left.append(triple)
        if on_change is not None:
            loaded = list(ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))
            entering = {q.triple for q in loaded
                        if ox.Quad(q.subject, q.predicate, q.object, default) not in store}
            on_change(store, dropped, left, loaded, list(entering))
        _load_union(store, [nquads])
        store.flush()
    finally:
        del store


def _load_union(store: ox.Store, files: list[Path]) -> None:
    """Each distinct triple of ``files`` into the default graph."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="adkg-union-") as folder:
        triples = Path(folder) / "union.nt"
        with triples.open("w", encoding="utf-8") as out:
            for path in files:
                with path.open(encoding="utf-8") as lines:
                    # "<s> <p> <o> <g> ." -> "<s> <p> <o> ." (graph names are IRIs without spaces)
                    out.writelines(line.rsplit(" ", 2)[0] + " .\n" for line in lines if line.strip())
        store.bulk_load(path=str(triples), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())


def save_counts(location: Path, build: Path, counts: dict) -> None:
    """Keep ``counts`` (as JSON) beside the store at ``location``, for build/'s current files."""
    data = {**_stamp(source_files(build)), "counts": counts}
    (location / COUNTS_FILE).write_text(json.dumps(data, sort_keys=True) + "\n", encoding="utf-8")


def read_counts(location: Path, build: Path) -> dict | None:
    """The counts kept beside the store at ``location`` if they were taken for build/'s current
    files (and the store holds them); else None."""
    try:
        data = json.loads((location / COUNTS_FILE).read_text(encoding="utf-8"))
        stamp = _stamp(source_files(build))
        if not store_is_current(location, build, stamp) or data.get("files") != stamp["files"]:
            return None
        counts = data["counts"]
        return counts if isinstance(counts, dict) else None
    except (OSError, json.JSONDecodeError, AttributeError, KeyError):
        return None
