"""A small writer for one named graph: adds triples, their provenance, and where they came from.

``add(s, p, o, source=LOCATION)`` adds the triple and an :class:`adkg:Assertion` (a reified copy
of it) with ``prov:wasDerivedFrom LOCATION``, the place in the article it was read from. The
assertion's IRI is a hash of the triple, so it is stable across builds.

``origin=`` and ``field=`` record the curated record and field the triple came from; the
validation stage uses them to turn a SHACL result about a node into "file, record, field".
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS
from rdflib.term import Node

from kg.core.errors import Origin
from kg.core.namespaces import ADKG, XSD

__all__ = ["OriginIndex", "GraphWriter", "decimal_literal"]


@dataclass
class OriginIndex:
    """Where each subject, and each (subject, predicate), came from in the curated files."""

    subjects: dict[Node, Origin] = field(default_factory=dict)
    fields: dict[tuple[Node, Node], tuple[Origin, str]] = field(default_factory=dict)

    def lookup(self, subject: Node, predicate: Node | None) -> tuple[Origin | None, str | None]:
        if predicate is not None and (subject, predicate) in self.fields:
            return self.fields[(subject, predicate)]
        return self.subjects.get(subject), None


def decimal_literal(value) -> Literal:
    """An ``xsd:decimal`` literal in canonical form (``30`` -> ``"30.0"``)."""
    number = Decimal(value)
    text = format(number.normalize(), "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


class GraphWriter:
    def __init__(self, graph: Graph, origins: OriginIndex, assertion_base: str) -> None:
        self.graph = graph
        self.origins = origins
        self.assertion_base = assertion_base

    def node(self, subject: URIRef, types: Iterable[URIRef], label: str | None = None, *,
             origin: Origin | None = None) -> URIRef:
        for rdf_type in types:
            self.graph.add((subject, RDF.type, rdf_type))
        if label is not None:
            self.graph.add((subject, RDFS.label, Literal(label)))
        if origin is not None:
            self.origins.subjects.setdefault(subject, origin)
        return subject

    def expect(self, subject: Node, predicate: Node, origin: Origin, field_name: str) -> None:
        """Record that (subject, predicate) comes from ``field_name``, even if no value is added."""
        self.origins.fields[(subject, predicate)] = (origin, field_name)

    def add(self, subject: Node, predicate: Node, obj: Node | None, *, source: Node | None = None,
            origin: Origin | None = None, field: str | None = None) -> None:
        if origin is not None and field is not None:
            self.expect(subject, predicate, origin, field)
        if obj is None:
            return
        self.graph.add((subject, predicate, obj))
        if source is not None:
            self.provenance(subject, predicate, obj, source)

    def provenance(self, subject: Node, predicate: Node, obj: Node, source: Node) -> URIRef:
        digest = hashlib.sha256(f"{subject.n3()} {predicate.n3()} {obj.n3()}".encode()).hexdigest()
        assertion = URIRef(f"{self.assertion_base}/assertion/{digest[:20]}")
        g = self.graph
        g.add((assertion, RDF.type, ADKG.Assertion))
        g.add((assertion, RDF.subject, subject))
        g.add((assertion, RDF.predicate, predicate))
        g.add((assertion, RDF.object, obj))
        g.add((assertion, PROV.wasDerivedFrom, source))
        return assertion
