"""Counts over a built dataset held in a pyoxigraph store: what summary.json and void.ttl report.

Counted by SPARQL on Oxigraph, so the same code serves a one-article build and a corpus of
thousands of articles held on disk. The instances of a class with its subclasses are counted over
the class's subclass closure, computed once in Python from the ``rdfs:subClassOf`` triples and
given to the query as a VALUES list: Oxigraph applies a substitution after evaluating the query,
so ``?x a/rdfs:subClassOf* ?c`` walked the path from every node of the store (5 CPU s per class on
200 articles, against milliseconds for the VALUES list). The quads per named graph can be given
(a build knows them from the sections it wrote) instead of counted.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> g1, g2 = ox.NamedNode("https://example.org/g1"), ox.NamedNode("https://example.org/g2")
>>> x, a, c = ox.NamedNode("https://example.org/x"), ox.NamedNode(RDF_TYPE), ox.NamedNode("https://example.org/C")
>>> store.extend([ox.Quad(x, a, c, g1), ox.Quad(x, a, c, g2)])
>>> counts = dataset_counts(store, ["https://example.org/C"], ontology_graph="https://example.org/none")
>>> counts.triples, counts.graphs, counts.classes
(1, {'https://example.org/g1': 1, 'https://example.org/g2': 1}, {'https://example.org/C': 1})
>>> sub = ox.NamedNode(SUBCLASS_OF)
>>> d, b = ox.NamedNode("https://example.org/D"), ox.NamedNode("https://example.org/B")
>>> store.extend([ox.Quad(d, sub, c, g1), ox.Quad(b, sub, d, g1)])
>>> sorted(t.value for t in subclass_closure(store, "https://example.org/C", union_in_default=False))
['https://example.org/B', 'https://example.org/C', 'https://example.org/D']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.core.identifiers import Identifiers, default
from kg.publish.storage import IMPORT_GRAPHS

__all__ = ["DatasetCounts", "dataset_counts", "subclass_closure", "LINK_PREDICATES", "RDF_TYPE", "SUBCLASS_OF",
           "link_of", "instances", "Node"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
#: A term in a quad's subject or object position.
Node = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
_SKOS = "http://www.w3.org/2004/02/skos/core#"
#: The predicates whose objects in an external identifier space count as links (VoID linksets).
LINK_PREDICATES = tuple(_SKOS + m for m in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch",
                                              "relatedMatch")) + ("http://www.w3.org/2002/07/owl#sameAs",)


@dataclass
class DatasetCounts:
    triples: int                         # distinct triples of the union of the named graphs
    graphs: dict[str, int]               # quads per named graph
    entities: dict[str, int]             # distinct instances of each asked class (subclasses included)
    types: int                           # distinct objects of rdf:type
    subjects: int                        # distinct subjects
    classes: dict[str, int] = field(default_factory=dict)        # distinct instances per IRI class
    links: dict[tuple[str, str], int] = field(default_factory=dict)  # (target, predicate) -> links

    def to_json(self) -> dict:
        """The counts as JSON values (a link's key as a [target, predicate] pair)."""
        return {"triples": self.triples, "graphs": self.graphs, "entities": self.entities, "types": self.types,
                "subjects": self.subjects, "classes": self.classes,
                "links": [[target, predicate, n] for (target, predicate), n in self.links.items()]}

    @classmethod
    def from_json(cls, data: dict) -> DatasetCounts:
        """The counts :meth:`to_json` wrote.

        >>> counts = DatasetCounts(3, {"g": 3}, {"C": 1}, 1, 2, {"C": 1}, {("mondo", "p"): 1})
        >>> DatasetCounts.from_json(counts.to_json()) == counts
        True
        """
        return cls(int(data["triples"]), {str(k): int(v) for k, v in data["graphs"].items()},
                   {str(k): int(v) for k, v in data["entities"].items()}, int(data["types"]), int(data["subjects"]),
                   {str(k): int(v) for k, v in data["classes"].items()},
                   {(str(t), str(p)): int(n) for t, p, n in data["links"]})


def _select(store: ox.Store, query: str, *, union: bool = True,
            substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None = None,
            ) -> ox.QuerySolutions:
    """The solutions of a SELECT query (the counts are all SELECTs)."""
    rows = store.query(query, use_default_graph_as_union=union, substitutions=substitutions)
    if not isinstance(rows, ox.QuerySolutions):
        raise TypeError(f"not a SELECT query: {query[:60]}")
    return rows


def _number(store: ox.Store, query: str, union: bool = True, **bindings: ox.NamedNode) -> int:
    rows = _select(store, query, union=union,
                   substitutions={ox.Variable(k): v for k, v in bindings.items()} or None)
    for row in rows:
        return int(row["n"].value)
    return 0


def dataset_counts(store: ox.Store, entity_classes: list[str], *, ontology_graph: str,
                   union_in_default: bool = False, identifiers: Identifiers | None = None,
                   graphs: dict[str, int] | None = None) -> DatasetCounts:
    """Count ``store``'s dataset; ``entity_classes`` are the classes whose instances to count.
    ``union_in_default``: the default graph already holds the union as a set (a kg oxigraph
    store), so it is counted directly instead of through a DISTINCT over every quad. A link
    counts toward the identifier space (of the prefix map ``identifiers``, default: the
    repository's) whose IRI form its object has. ``graphs``: the quads per named graph, if known."""
    union = not union_in_default
    if graphs is None:
        graphs = {row[0].value: int(row[1].value) for row in _select(
            store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", union=False)}
    if union_in_default:
        triples = _number(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", False)
    else:
        triples = _number(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    entities = {c: instances(store, subclass_closure(store, c, union_in_default=union_in_default), union)
                for c in entity_classes}
    types = _number(store, "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?x a ?t }", union)
    subjects = _number(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }", union)
    classes = {row[0].value: int(row[1].value) for row in _select(
        store, "SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c FILTER(isIRI(?c)) } GROUP BY ?c",
        union=union)}
    links: Counter = Counter()
    space_of = (identifiers or default()).space_of
    for predicate in LINK_PREDICATES:
        for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
            link = link_of(quad, ontology_graph, space_of)
            if link:
                links[link] += 1
    return DatasetCounts(triples, dict(sorted(graphs.items())), entities, types, subjects,
                         dict(sorted(classes.items())), dict(sorted(links.items())))


def link_of(quad: ox.Quad, ontology_graph: str, space_of: Callable[[str], str | None]) -> tuple[str, str] | None:
    """The (identifier space, predicate) of a link ``quad`` counts toward, or None if it is no link:
    its predicate is not a link predicate, it is in the default graph, the ontology graph (an
    ontology-level alignment) or an import's graph (not ours), or its object is in no identifier
    space of ``space_of``."""
    predicate = quad.predicate.value
    if predicate not in LINK_PREDICATES or not isinstance(quad.object, ox.NamedNode):
        return None
    if isinstance(quad.graph_name, ox.DefaultGraph) or quad.graph_name.value == ontology_graph \
            or quad.graph_name.value.startswith(IMPORT_GRAPHS):
        return None
    target = space_of(quad.object.value)
    return (target, predicate) if target else None


def subclass_closure(store: ox.Store, cls: str, *, union_in_default: bool) -> frozenset[Node]:
    """``cls`` and every class that reaches it by ``rdfs:subClassOf`` links (what ``rdfs:subClassOf*``
    matches), over the default graph (``union_in_default``) or over every graph."""
    graph = ox.DefaultGraph() if union_in_default else None
    below: dict[Node, set[Node]] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(SUBCLASS_OF), None, graph):
        below.setdefault(quad.object, set()).add(quad.subject)
    start = ox.NamedNode(cls)
    seen: set[Node] = {start}
    todo: list[Node] = [start]
    while todo:
        for sub in below.get(todo.pop(), ()):
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return frozenset(seen)


#: An IRI as pyoxigraph writes it, safe inside a query's text (no character that ends an IRI).
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")


def instances(store: ox.Store, types: frozenset[Node], union: bool) -> int:
    """The distinct subjects of ``?x a ?t`` for ``?t`` in ``types``. The types are IRIs read from
    the store and written into a VALUES list (each checked to be one IRI token); a type that is not
    an IRI (a blank node) is counted by walking its ``rdf:type`` quads instead."""
    iris = sorted(str(t) for t in types if isinstance(t, ox.NamedNode))
    others = [t for t in types if not isinstance(t, ox.NamedNode)]
    if not others:
        if not all(_IRI.fullmatch(iri) for iri in iris):
            raise ValueError(f"not an IRI: {iris}")
        return _number(store, "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { VALUES ?t { " + " ".join(iris)
                       + " } ?x a ?t }", union)
    graph = None if union else ox.DefaultGraph()
    return len({q.subject for t in types for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), t, graph)})
