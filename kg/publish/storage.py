"""Write the embedded Oxigraph store that every query reads: ``build/store/``.

The build loads its N-Quads dump (the curated graphs) and each ``imports/*.nq`` file that
``kg import`` made (:mod:`kg.link.sync`; in chunks, :func:`load_nquads`, so that memory stays
bounded) into a new on-disk pyoxigraph store. Each quad stays in
its named graph. Each distinct triple *of the curated graphs* is also put once in the default
graph, which therefore holds the union of the curated graphs *as a set* (Oxigraph's own union
default graph is a bag: a work described in two articles' graphs would repeat every row it
joins). An import's graphs (:data:`IMPORT_GRAPHS`) are named graphs only: what an import states
about our IRIs never becomes one of our labels, types or helper rows, and adding or removing an
import never changes the union or the counts; questions across datasets use ``GRAPH`` patterns.
A marker file records which files the store holds; a store whose marker is missing or differs is
reloaded, never trusted.

>>> import pyoxigraph as ox, tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "a.nq").write_text('<http://x/s> <http://x/p> "o" <http://x/g1> .\\n'
...                                  '<http://x/s> <http://x/p> "o" <http://x/g2> .\\n')
>>> _ = (folder / "i.nq").write_text(f'<http://x/s> <http://x/p> "i" <{IMPORT_GRAPHS}i> .\\n')
>>> store = ox.Store()
>>> load_files(store, [folder / "a.nq"], [folder / "i.nq"])
>>> len(store), len(list(store.quads_for_pattern(None, None, None, ox.DefaultGraph())))
(4, 1)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kg.core.errors import KgError

__all__ = ["MARKER", "INPUTS_FILE", "COUNTS_FILE", "STORE_DIR", "IMPORT_GRAPHS", "IMPORTS_DIR", "source_files",
           "import_files", "load_files", "write_store", "store_is_current", "replace_import", "mark_current",
           "replace_graphs", "UnionChange", "save_counts", "read_counts", "load_nquads", "LOAD_CHUNK_BYTES",
           "REMOVE_IN_PLACE_BYTES"]

#: The store's folder inside a build.
STORE_DIR = "store"
#: The file a store keeps beside its data: which build files it was loaded from.
MARKER = "adkg-store.json"
#: The inputs' manifest (:mod:`kg.core.fingerprint`), kept in the store's folder beside its marker.
INPUTS_FILE = "adkg-inputs.json"
#: The namespace of the imports' named graphs (``IMPORT_GRAPHS + NAME`` and ``IMPORT_GRAPHS + NAME + "/links"``).
IMPORT_GRAPHS = "https://w3id.org/adkg/graph/import/"
#: The folder of build/ that holds the imports' N-Quads files (derived from the imports folder of data/).
IMPORTS_DIR = "imports"
#: The counts of summary.json and void.ttl taken on the store, kept beside it for the next build to update.
COUNTS_FILE = "adkg-counts.json"
#: The most bytes of an import's N-Quads given to one bulk load (:func:`load_nquads`). Oxigraph's bulk
#: loader holds a batch of up to a million quads in memory with all its index entries: loading a
#: 1.5-million-quad import in one call peaked at 1.2 GB; in 48 MiB chunks (about 240,000 quads) at 0.3 GB.
LOAD_CHUNK_BYTES = 48 << 20
#: The largest earlier import (its N-Quads file, in bytes) that :func:`replace_import` takes out of the
#: store in place. Oxigraph removes a graph in one transaction held in memory, which grows faster than
#: the graph (200,000 quads: 8 s and 130 MB; 1.5 million: 5 minutes and 2 GB); past this size the
#: store is loaded again instead, which costs about what loading the import costs.
REMOVE_IN_PLACE_BYTES = 16 << 20
#: Called by :func:`replace_graphs` while the default graph holds the union without the triples that
#: left it and before those that enter it: (store, quads of the graphs dropped, triples that left
#: the union, quads loaded, triples that enter the union).
UnionChange = Callable[[ox.Store, list[ox.Quad], list[ox.Triple], list[ox.Quad], list[ox.Triple]], None]


def source_files(build: Path) -> list[Path]:
    """The N-Quads files a store is loaded from: the build's dump, then each import in name order."""
    return [build / "adkg.nq", *import_files(build)]


def import_files(build: Path) -> list[Path]:
    """The imports' N-Quads files of a build, in name order (named graphs only, never the union)."""
    return sorted((build / IMPORTS_DIR).glob("*.nq"))


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


def load_files(store: ox.Store, files: list[Path], imports: list[Path] | None = None) -> None:
    """Load the curated N-Quads ``files`` into ``store``, each quad in its named graph and each
    distinct triple once more in the default graph (the union as a set); the ``imports`` files
    go into their named graphs only."""
    for path in files:
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    chunks = [load_nquads(store, path) for path in imports or []]
    _load_union(store, files)
    if any(n > 1 for n in chunks):
        store.optimize()  # see load_nquads


def load_nquads(store: ox.Store, path: Path, chunk: int | None = None) -> int:
    """Bulk-load the N-Quads file ``path`` into ``store`` in chunks of about ``chunk`` bytes, each
    cut at the end of a line, so that memory stays bounded whatever the file's size (default
    :data:`LOAD_CHUNK_BYTES`); returns the number of loads. A blank node's label is scoped to one
    load, so a file that may hold blank nodes is loaded in one piece (no adapter writes any: an
    import's nodes are IRIs). Each load adds its own files to the store, whose key ranges overlap
    those of the others; past one load the caller should ``store.optimize()`` (compact them): with
    the seven loads of a 1.5-million-quad import left apart, a query over the curated union ran three
    times slower (an article-scoped helper up to 1.5 times); compacting them took 4 s.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "x.nq"
    >>> _ = path.write_text("".join(f'<http://x/s> <http://x/p> "{n}" <http://x/g> .\\n' for n in range(50)))
    >>> store = ox.Store()
    >>> load_nquads(store, path, chunk=1), len(store)  # a line a load
    (50, 50)
    """
    if _may_hold_blank_nodes(path):
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        return 1
    loads = 0
    with path.open("rb") as data:
        while block := data.read(chunk or LOAD_CHUNK_BYTES):
            store.bulk_load(input=block + data.readline(), format=ox.RdfFormat.N_QUADS)
            loads += 1
    return loads


def _may_hold_blank_nodes(path: Path) -> bool:
    """Whether a term of the N-Quads file ``path`` may be a blank node: ``_:`` at the start of a line
    or after a space (an IRI holds no space; a literal that holds " _:" only costs a load in one piece).

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "x.nq"
    >>> _ = path.write_text('<http://x/a_:b> <http://x/p> "1" .\\n')
    >>> _may_hold_blank_nodes(path)
    False
    >>> _ = path.write_text('<http://x/s> <http://x/p> _:b1 .\\n')
    >>> _may_hold_blank_nodes(path)
    True
    """
    tail = b"\n"
    with path.open("rb") as data:
        while block := data.read(1 << 24):
            window = tail + block
            if b"\n_:" in window or b" _:" in window:
                return True
            tail = block[-1:]
    return False


def write_store(build: Path) -> Path:
    """Load build/'s files into a new store that replaces build/store in one rename; returns its path."""
    import shutil  # the writers' imports stay off the query path, which only reads
    import tempfile

    from kg.core.fsutil import replace_folder

    location = (build / STORE_DIR).resolve()
    location.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{location.name}-new-", dir=location.parent))
    try:
        store = ox.Store(str(staging))
        load_files(store, [build / "adkg.nq"], import_files(build))
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


def replace_import(build: Path, name: str, graphs: list[str]) -> None:
    """Bring build/store up to date with the import ``name``: its earlier ``graphs`` out and its
    file ``build/imports/NAME.nq`` in (if there is one; else it is only taken out), without
    reloading the corpus. A store that does not hold the rest of build/ is reloaded whole, and so
    is one whose earlier version of the import is large (:data:`REMOVE_IN_PLACE_BYTES`). The file
    is loaded in chunks (:func:`load_nquads`). The union and the counts stay as they are: an
    import's graphs are named graphs only (the counts kept beside the store are stamped anew)."""
    location = (build / STORE_DIR).resolve()
    path = build / IMPORTS_DIR / f"{name}.nq"
    expected = _stamp(source_files(build))
    try:
        recorded = json.loads((location / MARKER).read_text(encoding="utf-8"))["files"]
    except (OSError, json.JSONDecodeError, TypeError, KeyError):
        write_store(build)
        return
    if [f for f in recorded if f[0] != path.name] != [f for f in expected["files"] if f[0] != path.name]:
        write_store(build)
        return
    counts = read_counts(location, build, recorded={"files": recorded})
    earlier = sum(f[1] for f in recorded if f[0] == path.name and isinstance(f[1], int))  # its bytes
    if earlier > REMOVE_IN_PLACE_BYTES:
        location = write_store(build)  # cheaper than removing a large graph in place (see the constant)
    else:
        (location / MARKER).unlink(missing_ok=True)
        (location / COUNTS_FILE).unlink(missing_ok=True)
        store = ox.Store(str(location))
        try:
            for graph in graphs:
                store.remove_graph(ox.NamedNode(graph))
            if path.is_file() and load_nquads(store, path) > 1:
                store.optimize()
            store.flush()
        finally:
            del store
        (location / MARKER).write_text(json.dumps(expected) + "\n", encoding="utf-8")
    if counts is not None:
        save_counts(location, build, counts)


def replace_graphs(location: Path, remove: list[str], nquads: Path, on_change: UnionChange | None = None) -> None:
    """Update the store at ``location`` in place: drop the named graphs ``remove``, load the graphs
    of the curated N-Quads file ``nquads`` and keep the default graph the union of the curated named
    graphs (an import's graphs, :data:`IMPORT_GRAPHS`, never count toward it).

    Its marker is removed first, so a store left by an interrupted update is reloaded whole by
    the next build (:func:`store_is_current`); the caller marks it current when its build/ is.
    The union is fixed triple by triple, not rebuilt: a triple of a dropped graph leaves the
    default graph only if no other curated named graph still holds it. ``on_change`` is told which
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
            if not any(isinstance(q.graph_name, ox.NamedNode) and not q.graph_name.value.startswith(IMPORT_GRAPHS)
                       for q in holders):
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


def read_counts(location: Path, build: Path, recorded: dict | None = None) -> dict | None:
    """The counts kept beside the store at ``location`` if they were taken for build/'s current
    files (and the store holds them), or for the files of the stamp ``recorded``; else None."""
    try:
        data = json.loads((location / COUNTS_FILE).read_text(encoding="utf-8"))
        if recorded is None:
            recorded = _stamp(source_files(build))
            if not store_is_current(location, build, recorded):
                return None
        if data.get("files") != recorded["files"]:
            return None
        counts = data["counts"]
        return counts if isinstance(counts, dict) else None
    except (OSError, json.JSONDecodeError, AttributeError, KeyError):
        return None
