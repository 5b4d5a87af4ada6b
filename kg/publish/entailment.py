"""What the ontology's subclass and subproperty links entail, written beside each curated graph.

The build materialises two RDFS rules over the instance data, with the ``rdfs:subClassOf`` and
``rdfs:subPropertyOf`` links that ontology/adkg.ttl declares (its own terms' links to each other
and to the reused vocabularies': ``adkg:Observation rdfs:subClassOf sosa:Observation``, ...),
followed to the end of each chain:

* rdfs9: ``?x a C`` and ``C rdfs:subClassOf+ D`` entail ``?x a D``;
* rdfs7: ``?s P ?o`` and ``P rdfs:subPropertyOf+ Q`` entail ``?s Q ?o``.

Nothing else: no ``rdfs:Resource`` or ``rdf:Property`` typing, no domain or range typing, no
axiomatic triples, no closure of the ontology's own subclass links (``a/rdfs:subClassOf*`` still
walks them). The triples entailed from the curated graph ``graph/X`` go into its own graph
``graph/entailed/X`` (:func:`kg.core.namespaces.entailed_graph`), less those that graph or the
shared graphs (ontology, vocabulary, and what they entail) already hold: an article's entailed
graph follows the article, computed in its batch from its own lines and the shared ones, so an
incremental build writes the same bytes as a full one.

The closure is taken once from the ontology (:meth:`Closure.of`), then applied to N-Quads lines
as text (:meth:`Closure.entail`): no RDF library on the batch's path, no new blank-node labels
(a line's subject and object are copied as they were written).

>>> from rdflib import Graph
>>> ontology = Graph().parse(data='''
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... <http://x/A> rdfs:subClassOf <http://x/B> . <http://x/B> rdfs:subClassOf <http://x/C> .
... <http://x/p> rdfs:subPropertyOf <http://x/q> .''', format="turtle")
>>> closure = Closure.of(ontology)
>>> lines = ['<http://x/i> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://x/A> <http://x/g> .',
...          '<http://x/i> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://x/B> <http://x/g> .',
...          '<http://x/i> <http://x/p> "a b" <http://x/g> .']
>>> for line in closure.entailed_lines("http://x/e", [triple_of(line) for line in lines]):
...     print(line)
<http://x/i> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://x/C> <http://x/e> .
<http://x/i> <http://x/q> "a b" <http://x/e> .
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

__all__ = ["Closure", "Triple", "triple_of", "RDF_TYPE_TERM"]

#: A triple as the three terms of an N-Triples or N-Quads line, each as written there.
Triple = tuple[str, str, str]
RDF_TYPE_TERM = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def triple_of(line: str, named: bool = True) -> Triple:
    """The subject, predicate and object of an N-Quads line in a named graph (``named``), or of an
    N-Triples line (``named=False``): a subject, a predicate and a graph name hold no space.

    >>> triple_of('<http://x/s> <http://x/p> "a <b"^^<http://x/t> <http://x/g> .')
    ('<http://x/s>', '<http://x/p>', '"a <b"^^<http://x/t>')
    >>> triple_of('<http://x/s> <http://x/p> "a b" .', named=False)
    ('<http://x/s>', '<http://x/p>', '"a b"')
    """
    body = line.rstrip()[:-2]  # without " ."
    if named:
        body = body.rsplit(" ", 1)[0]
    subject, predicate, obj = body.split(" ", 2)
    return subject, predicate, obj


def _ancestors(edges: dict[str, set[str]]) -> dict[str, tuple[str, ...]]:
    """Each term's strict ancestors along ``edges`` (term -> its direct parents), sorted."""
    found: dict[str, tuple[str, ...]] = {}
    for start in edges:
        seen: set[str] = set()
        todo = list(edges[start])
        while todo:
            term = todo.pop()
            if term not in seen:
                seen.add(term)
                todo.extend(edges.get(term, ()))
        seen.discard(start)
        if seen:
            found[start] = tuple(sorted(seen))
    return found


@dataclass(frozen=True)
class Closure:
    """The strict superclasses of each class and superproperties of each property, as IRI tokens."""

    classes: dict[str, tuple[str, ...]]
    properties: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, ontology: Graph) -> Closure:
        """The closure of ``ontology``'s ``rdfs:subClassOf`` and ``rdfs:subPropertyOf`` links between IRIs."""
        def edges(link: URIRef) -> dict[str, set[str]]:
            found: dict[str, set[str]] = {}
            for sub, sup in ontology.subject_objects(link):
                if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                    found.setdefault(f"<{sub}>", set()).add(f"<{sup}>")
            return found

        return cls(_ancestors(edges(RDFS.subClassOf)), _ancestors(edges(RDFS.subPropertyOf)))

    def entail(self, triples: Iterable[Triple]) -> set[Triple]:
        """The triples rdfs7 and rdfs9 entail from ``triples`` (some may be among them)."""
        out: set[Triple] = set()
        typed: list[tuple[str, str]] = []
        for subject, predicate, obj in triples:
            for sup in self.properties.get(predicate, ()):
                out.add((subject, sup, obj))
            if predicate == RDF_TYPE_TERM:
                typed.append((subject, obj))
        typed += [(s, o) for s, p, o in out if p == RDF_TYPE_TERM]  # through a subproperty of rdf:type
        for subject, obj in typed:
            for sup in self.classes.get(obj, ()):
                out.add((subject, RDF_TYPE_TERM, sup))
        return out

    def entailed_lines(self, graph: str, triples: Iterable[Triple], *known: Collection[Triple]) -> list[str]:
        """The N-Quads lines of the entailed graph ``graph``: what ``triples`` entail, less
        ``triples`` themselves and the triples of each of ``known`` (sets), sorted."""
        own = triples if isinstance(triples, set | frozenset) else set(triples)
        return sorted(f"{s} {p} {o} <{graph}> ." for s, p, o in self.entail(own)
                      if (s, p, o) not in own and not any((s, p, o) in k for k in known))
