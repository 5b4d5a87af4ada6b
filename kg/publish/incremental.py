"""An incremental build: splice the dump, update the store in place, recount.

Only the articles added or changed were mapped and validated (their N-Quads sections are in a
scratch file); the new build/ is staged beside the old one as a full build's is:

* adkg.nq is spliced: the shared section and each unchanged article's section are copied from
  the old dump (their byte ranges are in the old build's manifest), each new or changed article's
  section from the scratch file, in corpus order - the bytes a full build writes (an article's
  section holds its graph and its entailed graph, :mod:`kg.publish.batches`);
* the store is updated in place, each changed or removed article's graph and entailed graph
  dropped (:func:`kg.publish.storage.replace_graphs`: its marker is removed
  first, so an interrupted update is detected and the store reloaded whole next time), then moved
  into the staged folder just before the swap; a store that does not hold exactly the old
  build/'s files is loaded whole from the new dump instead;
* summary.json and void.ttl: the counts kept beside the store by the last build are updated from
  the triples that left and entered the union (:mod:`kg.publish.recount`), or, if there are none
  for this store, recounted on it; the documents, when asked for, are rewritten in full from the
  dump (:func:`kg.publish.finish.finish`).

A failure before the swap leaves the old build/ (at worst with a store that the next build
reloads), so the command can be run again.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from kg.core.namespaces import ONTOLOGY_GRAPH, article_graph, entailed_graph
from kg.publish.finish import entity_classes, finish
from kg.publish.manifest import ArticleEntry, BuildManifest, Inputs, Plan
from kg.publish.recount import Recount
from kg.publish.serialize import staged
from kg.publish.stats import DatasetCounts
from kg.publish.storage import STORE_DIR, mark_current, read_counts, replace_graphs, store_is_current, write_store

__all__ = ["write_incremental", "splice"]

_CHUNK = 1 << 22


def _copy(source: BinaryIO, target: BinaryIO, start: int, length: int) -> None:
    source.seek(start)
    while length > 0:
        chunk = source.read(min(_CHUNK, length))
        if not chunk:
            raise OSError(f"{source.name} ends before byte {start + length}")
        target.write(chunk)
        length -= len(chunk)


def _ranges(shared: int, articles: dict[str, ArticleEntry]) -> dict[str, tuple[int, int]]:
    """Each article's (start, length) in a dump whose sections are in name order after ``shared`` bytes.

    >>> _ranges(10, {"b": ArticleEntry("", 3, "", 1), "a": ArticleEntry("", 5, "", 1)})
    {'a': (10, 5), 'b': (15, 3)}
    """
    ranges, start = {}, shared
    for name, entry in sorted(articles.items()):
        ranges[name] = (start, entry.nquads)
        start += entry.nquads
    return ranges


def splice(old_dump: Path, previous: BuildManifest, sections: Path, new: dict[str, ArticleEntry],
           manifest: BuildManifest, target: Path) -> None:
    """Write ``target``: the dump of ``manifest``'s articles, each section taken from ``sections``
    (the articles ``new``, written there in name order) or else from ``old_dump`` (described by
    ``previous``); runs of neighbouring old sections are copied as one range."""
    old = _ranges(previous.shared_nquads, previous.articles)
    fresh = _ranges(0, new)
    runs: list[tuple[bool, int, int]] = [(True, 0, previous.shared_nquads)]
    for name in sorted(manifest.articles):
        is_old = name not in fresh
        start, length = old[name] if is_old else fresh[name]
        last = runs[-1]
        if last[0] == is_old and last[1] + last[2] == start:
            runs[-1] = (is_old, last[1], last[2] + length)
        else:
            runs.append((is_old, start, length))
    with old_dump.open("rb") as before, sections.open("rb") as changed, target.open("wb") as out:
        for is_old, start, length in runs:
            _copy(before if is_old else changed, out, start, length)
    target.chmod(0o644)


def write_incremental(out_dir: Path, previous: BuildManifest, decided: Plan, sections: Path,
                      new: dict[str, ArticleEntry], inputs: Inputs, context: dict, files: tuple[str, ...]) -> None:
    """Replace ``out_dir`` by its update: ``decided``'s articles added and changed (mapped to
    ``sections``, described by ``new``) put in, its removed ones taken out."""
    articles = {n: previous.articles[n] for n in decided.unchanged} | new
    manifest = BuildManifest(previous.shared, previous.shared_nquads, dict(sorted(articles.items())),
                             previous.shared_graphs)
    location = (out_dir / STORE_DIR).resolve()
    in_place = store_is_current(location, out_dir)
    recount = _recount(location, out_dir) if in_place else None
    with staged(out_dir, carry=(STORE_DIR,) if in_place else ()) as folder:
        splice(out_dir / "adkg.nq", previous, sections, new, manifest, folder / "adkg.nq")
        if in_place:
            gone = [str(g) for n in decided.changed + decided.removed
                    for g in (article_graph(n), entailed_graph(article_graph(n)))]
            replace_graphs(location, gone, sections, recount)
            mark_current(location, folder)  # the folder's files, which the swap puts in place unchanged
        else:
            location = write_store(folder)
        finish(folder, location, manifest, inputs, context, files, recount.counts if recount else None)


def _recount(location: Path, out_dir: Path) -> Recount | None:
    """The hook that updates the counts kept beside the store, if there are any for out_dir/'s files."""
    kept = read_counts(location, out_dir)
    try:
        return Recount(DatasetCounts.from_json(kept), entity_classes(), str(ONTOLOGY_GRAPH)) if kept else None
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
