"""CONSTRUCT and DESCRIBE answers as readable Turtle: one block per subject, only the prefixes used.

Subjects are listed in order (IRIs, then blank nodes), each once, with its predicates sorted
(``a`` first) and separated by ``;``, several objects of one predicate separated by ``,``. Only
the prefixes the triples use are declared. Blank nodes are relabelled ``_:b1``, ``_:b2``, ... in
the order their descriptions sort, so the same answer prints the same bytes every time. The text
is Turtle 1.1: any Turtle reader reads it back to the same triples.

>>> import pyoxigraph as ox
>>> ex, rdfs = "https://w3id.org/adkg/id/drug/", "http://www.w3.org/2000/01/rdf-schema#"
>>> adkg = "https://w3id.org/adkg/ontology#"
>>> d = ox.NamedNode(ex + "dupilumab")
>>> triples = [ox.Triple(d, ox.NamedNode(rdfs + "label"), ox.Literal("dupilumab", language="en")),
...            ox.Triple(d, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
...                      ox.NamedNode(adkg + "Drug")),
...            ox.Triple(d, ox.NamedNode(adkg + "doseMg"), ox.Literal("300", datatype=ox.NamedNode(
...                      "http://www.w3.org/2001/XMLSchema#integer")))]
>>> print(turtle(triples, {"adkg": adkg, "rdfs": rdfs, "sosa": "http://www.w3.org/ns/sosa/"}), end="")
@prefix adkg: <https://w3id.org/adkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<BLANKLINE>
<https://w3id.org/adkg/id/drug/dupilumab>
    a adkg:Drug ;
    adkg:doseMg 300 ;
    rdfs:label "dupilumab"@en .
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pyoxigraph as ox

__all__ = ["turtle"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# A local name written without escapes (a safe subset of Turtle's PN_LOCAL: no trailing dot).
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?\Z")
_BARE = {_XSD + "integer": re.compile(r"[+-]?[0-9]+\Z"),
         _XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+\Z"),
         _XSD + "boolean": re.compile(r"(?:true|false)\Z")}


class _Writer:
    """Names terms with the given prefixes and remembers which prefixes it used."""

    def __init__(self, prefixes: Mapping[str, str], blanks: Mapping[str, str]) -> None:
        # Longest namespace first, so the most specific prefix wins.
        self.namespaces = sorted(((ns, p) for p, ns in prefixes.items()), key=lambda item: -len(item[0]))
        self.blanks = blanks
        self.used: dict[str, str] = {}

    def iri(self, value: str) -> str:
        for namespace, prefix in self.namespaces:
            if value.startswith(namespace) and _LOCAL.match(value[len(namespace):]):
                self.used[prefix] = namespace
                return f"{prefix}:{value[len(namespace):]}"
        return str(ox.NamedNode(value))

    def term(self, term: object) -> str:
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.BlankNode):
            return "_:" + self.blanks.get(term.value, term.value)
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value
            if term.language is not None or datatype == _XSD + "string":
                return str(term)
            bare = _BARE.get(datatype)
            if bare is not None and bare.match(term.value):
                return term.value
            return f"{ox.Literal(term.value)}^^{self.iri(datatype)}"
        return str(term)  # an RDF-star quoted triple: N-Triples form


def _blank_labels(triples: list[ox.Triple]) -> dict[str, str]:
    """Blank node label -> b1, b2, ... in the order of each blank node's description (its
    outgoing predicates and objects, other blank nodes masked), then of its first incoming edge."""
    masked = _Writer({}, {})

    def shown(term: object) -> str:
        return "[]" if isinstance(term, ox.BlankNode) else masked.term(term)

    keys: dict[str, list[str]] = {}
    for t in triples:
        for position in (t.subject, t.object):
            if isinstance(position, ox.BlankNode):
                keys.setdefault(position.value, [])
        if isinstance(t.subject, ox.BlankNode):
            keys[t.subject.value].append(f"{shown(t.predicate)} {shown(t.object)}")
        if isinstance(t.object, ox.BlankNode):
            keys[t.object.value].append(f"~{shown(t.subject)} {shown(t.predicate)}")
    ordered = sorted(keys, key=lambda label: sorted(keys[label]))
    return {label: f"b{i}" for i, label in enumerate(ordered, 1)}


def turtle(triples: Iterable[ox.Triple], prefixes: Mapping[str, str]) -> str:
    """``triples`` as Turtle, one block per subject, declaring only the ``prefixes`` used."""
    triples = list(dict.fromkeys(triples))
    if not triples:
        return ""
    writer = _Writer(prefixes, _blank_labels(triples))
    blocks: dict[tuple[bool, str], dict[str, set[str]]] = {}
    for t in triples:
        subject = writer.term(t.subject)
        predicate = "a" if t.predicate.value == _RDF_TYPE else writer.term(t.predicate)
        key = (isinstance(t.subject, ox.BlankNode), subject)
        blocks.setdefault(key, {}).setdefault(predicate, set()).add(writer.term(t.object))
    lines = [f"@prefix {p}: <{writer.used[p]}> ." for p in sorted(writer.used)]
    for (_, subject), predicates in sorted(blocks.items()):
        lines += ["", subject]
        ordered = sorted(predicates, key=lambda p: (p != "a", p))
        for n, predicate in enumerate(ordered):
            objects = sorted(predicates[predicate])
            end = " ." if n == len(ordered) - 1 else " ;"
            lines.append(f"    {predicate} " + " ,\n        ".join(objects) + end)
    return "\n".join(lines[1:] if not writer.used else lines) + "\n"
