"""Counts over a built dataset held in a pyoxigraph store: what summary.json and void.ttl report.

Counted by SPARQL on Oxigraph, so the same code serves a one-article build and a corpus of
thousands of articles held on disk.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> g1, g2 = ox.NamedNode("https://example.org/g1"), ox.NamedNode("https://example.org/g2")
>>> x, a, c = ox.NamedNode("https://example.org/x"), ox.NamedNode(RDF_TYPE), ox.NamedNode("https://example.org/C")
>>> store.extend([ox.Quad(x, a, c, g1), ox.Quad(x, a, c, g2)])
>>> counts = dataset_counts(store, ["https://example.org/C"], ontology_graph="https://example.org/none")
>>> counts.triples, counts.graphs, counts.classes
(1, {'https://example.org/g1': 1, 'https://example.org/g2': 1}, {'https://example.org/C': 1})
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.core.identifiers import Identifiers, default

__all__ = ["DatasetCounts", "dataset_counts", "LINK_PREDICATES", "RDF_TYPE"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
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
                   union_in_default: bool = False, identifiers: Identifiers | None = None) -> DatasetCounts:
    """Count ``store``'s dataset; ``entity_classes`` are the classes whose instances to count.
    ``union_in_default``: the default graph already holds the union as a set (a kg oxigraph
    store), so it is counted directly instead of through a DISTINCT over every quad. A link
    counts toward the identifier space (of the prefix map ``identifiers``, default: the
    repository's) whose IRI form its object has."""
    union = not union_in_default
    graphs = {row[0].value: int(row[1].value) for row in _select(
        store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", union=False)}
    if union_in_default:
        triples = _number(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", False)
    else:
        triples = _number(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    entities = {c: _entities(store, c, union) for c in entity_classes}
    types = _number(store, "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?x a ?t }", union)
    subjects = _number(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }", union)
    classes = {row[0].value: int(row[1].value) for row in _select(
        store, "SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c FILTER(isIRI(?c)) } GROUP BY ?c",
        union=union)}
    links: Counter = Counter()
    space_of = (identifiers or default()).space_of
    for predicate in LINK_PREDICATES:
        for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
            if isinstance(quad.graph_name, ox.DefaultGraph) or quad.graph_name.value == ontology_graph:
                continue  # ontology-level alignments are not links of the instance data
            target = space_of(quad.object.value) if isinstance(quad.object, ox.NamedNode) else None
            if target:
                links[(target, predicate)] += 1
    return DatasetCounts(triples, dict(sorted(graphs.items())), entities, types, subjects,
                         dict(sorted(classes.items())), dict(sorted(links.items())))


def _entities(store: ox.Store, cls: str, union: bool) -> int:
    # ?c is substituted, so it is projected (Oxigraph substitutes projected variables only).
    return _number(store, "SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { "
                          "?x a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?c } GROUP BY ?c",
                   union, c=ox.NamedNode(cls))
