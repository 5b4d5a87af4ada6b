"""The counts of summary.json and void.ttl updated from an incremental build's change, not recounted.

An incremental build drops some article graphs from the store and loads others; the store's
default graph (the union of the named graphs, as a set) loses the triples no other graph holds
and gains the triples it did not hold (:func:`kg.publish.storage.replace_graphs`). The counts
follow from those two lists, checked against the store while its default graph holds the union
without the triples that left and before those that enter (call it M):

* union triples: minus those that left, plus those that enter (each is a distinct triple);
* quads per graph and links: additive over quads, so minus the dropped graphs', plus the loaded;
* instances per class (``?x a C`` is one triple each): minus and plus one per ``rdf:type`` triple;
* distinct subjects, distinct ``rdf:type`` objects and the instances of a class with its
  subclasses: a subject of a triple that left is gone if M has no triple about it; a subject of a
  triple that enters is new if M has none either (the same for the others, with their patterns).

A change that adds or removes an ``rdfs:subClassOf`` triple changes a class's closure: then
:func:`delta` gives up (None) and the build recounts the store.
"""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox

from kg.core.identifiers import default
from kg.publish.stats import RDF_TYPE, SUBCLASS_OF, DatasetCounts, Node, link_of, subclass_closure

__all__ = ["Recount", "delta"]

_TYPE, _DEFAULT = ox.NamedNode(RDF_TYPE), ox.DefaultGraph()


def _held(store: ox.Store, subject: ox.NamedNode | ox.BlankNode | ox.Triple | None = None,
          predicate: ox.NamedNode | None = None, obj: Node | None = None) -> bool:
    """True if the default graph (the union) has a triple of this pattern."""
    return next(iter(store.quads_for_pattern(subject, predicate, obj, _DEFAULT)), None) is not None


def _distinct(store: ox.Store, before: int, left: set, entering: set, pattern) -> int:
    """A distinct count after the change: ``before``, less the values of ``left`` that M no longer
    has, plus those of ``entering`` that M does not have; ``pattern(value)`` tests M."""
    return before - sum(1 for v in left if not pattern(v)) + sum(1 for v in entering if not pattern(v))


def _links(links: dict, dropped: list[ox.Quad], loaded: list[ox.Quad], ontology_graph: str) -> dict:
    space_of = default().space_of
    counted: Counter = Counter(links)
    for quads, sign in ((dropped, -1), (set(loaded), 1)):
        for quad in quads:
            link = link_of(quad, ontology_graph, space_of)
            if link:
                counted[link] += sign
    return dict(sorted((k, n) for k, n in counted.items() if n))


def _classes(classes: dict[str, int], left: list[ox.Triple], entering: list[ox.Triple]) -> dict[str, int]:
    counted: Counter = Counter(classes)
    for triples, sign in ((left, -1), (entering, 1)):
        for t in triples:
            if t.predicate == _TYPE and isinstance(t.object, ox.NamedNode):
                counted[t.object.value] += sign
    return dict(sorted((c, n) for c, n in counted.items() if n))


def _graphs(graphs: dict[str, int], dropped: list[ox.Quad], loaded: list[ox.Quad]) -> dict[str, int]:
    gone = {q.graph_name.value for q in dropped if isinstance(q.graph_name, ox.NamedNode)}
    counted = Counter({g: n for g, n in graphs.items() if g not in gone})
    counted.update(q.graph_name.value for q in set(loaded) if isinstance(q.graph_name, ox.NamedNode))
    return dict(sorted(counted.items()))


def _typed(triples: list[ox.Triple], closure: frozenset) -> set:
    return {t.subject for t in triples if t.predicate == _TYPE and t.object in closure}


def delta(previous: DatasetCounts, closures: dict[str, frozenset], ontology_graph: str, store: ox.Store,
          dropped: list[ox.Quad], left: list[ox.Triple], loaded: list[ox.Quad],
          entering: list[ox.Triple]) -> DatasetCounts | None:
    """The counts after the change, from ``previous`` (``closures``: each entity class's subclass
    closure); ``store`` is in state M (see the module). None if a subclass link changed."""
    sub = ox.NamedNode(SUBCLASS_OF)
    if any(t.predicate == sub for t in left + entering):
        return None
    subjects = _distinct(store, previous.subjects, {t.subject for t in left}, {t.subject for t in entering},
                         lambda s: _held(store, s))
    types = _distinct(store, previous.types, {t.object for t in left if t.predicate == _TYPE},
                      {t.object for t in entering if t.predicate == _TYPE}, lambda o: _held(store, None, _TYPE, o))
    entities = {}
    for cls, closure in closures.items():
        entities[cls] = _distinct(store, previous.entities[cls], _typed(left, closure), _typed(entering, closure),
                                  lambda x, k=closure: any(_held(store, x, _TYPE, t) for t in k))
    return DatasetCounts(previous.triples - len(left) + len(entering), _graphs(previous.graphs, dropped, loaded),
                         entities, types, subjects, _classes(previous.classes, left, entering),
                         _links(previous.links, dropped, loaded, ontology_graph))


class Recount:
    """A :data:`kg.publish.storage.UnionChange` hook that updates ``previous`` into :attr:`counts`
    (None until called, or if the change needs a full recount)."""

    def __init__(self, previous: DatasetCounts, entity_classes: list[str], ontology_graph: str) -> None:
        self.previous, self.classes, self.ontology_graph = previous, entity_classes, ontology_graph
        self.counts: DatasetCounts | None = None

    def __call__(self, store: ox.Store, dropped: list[ox.Quad], left: list[ox.Triple], loaded: list[ox.Quad],
                 entering: list[ox.Triple]) -> None:
        closures = {c: subclass_closure(store, c, union_in_default=True) for c in self.classes}
        self.counts = delta(self.previous, closures, self.ontology_graph, store, dropped, left, loaded, entering)
