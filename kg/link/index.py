"""What an import links to: the identifiers our curated entities carry, read from the store.

The index is read from the store's default graph, which holds the union of the curated graphs
only, so an earlier import never becomes a target of a later one. It holds the DOIs of our works
(normalised), the identifier IRIs our entities carry under a SKOS mapping predicate (with that
predicate), each entity's type (its ``rdf:type`` as curated, compacted: ``adkg:JAKInhibitor``,
``biolink:Disease``) and, for the mappings the project's SSSOM table states, the record that states
each: the mapping's provenance record in the graph (``https://w3id.org/adkg/id/mapping/...``, an
``owl:Axiom`` whose IRI does not change when rows are added to the table), else, for a store built
without those records, the row (``mapping_set_id#L<line>``). Its :meth:`Index.digest` changes
exactly when what an import would link to changes, which is how ``kg build`` knows to convert an
import again (:mod:`kg.link.sync`).

>>> index = Index({"10.1/a": ("https://w3id.org/adkg/id/work/a",)}, {},
...               {"https://w3id.org/adkg/id/work/a": "fabio:JournalArticle"}, {})
>>> index.kind("https://w3id.org/adkg/id/work/a"), index.kind("https://w3id.org/adkg/id/x")
('fabio:JournalArticle', 'unknown type')
>>> len(index.digest())
64
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from kg.core.prefixes import PREFIX_IRIS
from kg.link.bridges import OURS, SKOS_MATCH, Bridges

__all__ = ["Index", "load_index"]

_DOI = "http://prismstandard.org/namespaces/basic/2.0/doi"
_OWL = "http://www.w3.org/2002/07/owl#"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: The graphs whose types the index does not read: the entailed graphs (kg.core.namespaces.ENTAILED_GRAPHS)
#: and the imports' (kg.publish.storage.IMPORT_GRAPHS).
_NOT_CURATED = ("https://w3id.org/adkg/graph/entailed/", "https://w3id.org/adkg/graph/import/")


@dataclass(frozen=True)
class Index:
    dois: dict[str, tuple[str, ...]]                      # normalised DOI -> our works
    external: dict[str, tuple[tuple[str, str], ...]]       # identifier IRI -> (ours, SKOS predicate)
    types: dict[str, str]                                  # ours -> its type, compacted
    rows: dict[tuple[str, str], str]                       # (ours, identifier IRI) -> SSSOM row IRI

    def kind(self, ours: str) -> str:
        """Our entity's type as the report names it."""
        return self.types.get(ours, "unknown type")

    def digest(self) -> str:
        """SHA-256 of the index's content (its order does not count)."""
        content = {"dois": sorted((k, sorted(v)) for k, v in self.dois.items()),
                   "external": sorted((k, sorted(v)) for k, v in self.external.items()),
                   "types": sorted(self.types.items()), "rows": sorted([*k, v] for k, v in self.rows.items())}
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode("utf-8")).hexdigest()


def _compact(iri: str) -> str:
    """``iri`` as a CURIE of the project's prefixes where one fits.

    >>> _compact("https://w3id.org/biolink/vocab/Drug"), _compact("urn:x")
    ('biolink:Drug', 'urn:x')
    """
    for prefix, namespace in PREFIX_IRIS.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def load_index(store, bridges: Bridges) -> Index:
    """The index of a :class:`kg.dataset.store.Store` (its default graph: the curated union), with
    the rows of the project's ``bridges`` that state one of our entities' mappings."""
    import pyoxigraph as ox

    from kg.core.namespaces import normalise_doi

    default = ox.DefaultGraph()
    dois: dict[str, set[str]] = {}
    for quad in store.ox.quads_for_pattern(None, ox.NamedNode(_DOI), None, default):
        if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal):
            dois.setdefault(normalise_doi(quad.object.value), set()).add(quad.subject.value)
    external: dict[str, set[tuple[str, str]]] = {}
    for predicate in SKOS_MATCH:
        for quad in store.ox.quads_for_pattern(None, ox.NamedNode(predicate), None, default):
            if (isinstance(quad.subject, ox.NamedNode) and quad.subject.value.startswith(OURS)
                    and isinstance(quad.object, ox.NamedNode)):
                external.setdefault(quad.object.value, set()).add((quad.subject.value, predicate))
    ours = {w for works in dois.values() for w in works} | {o for pairs in external.values() for o, _ in pairs}
    types: dict[str, str] = {}
    for entity in sorted(ours):  # as curated: not a superclass the entailed graphs add, nor an import's type
        found = sorted({_compact(q.object.value) for q in store.ox.quads_for_pattern(
            ox.NamedNode(entity), ox.NamedNode(_TYPE), None, None) if isinstance(q.object, ox.NamedNode)
            and isinstance(q.graph_name, ox.NamedNode) and not q.graph_name.value.startswith(_NOT_CURATED)})
        if found:
            types[entity] = found[0]
    rows = {(bridge.other, iri): bridge.row for iri, found in bridges.items() for bridge in found
            if bridge.other.startswith(OURS) and (bridge.other, bridge.predicate) in external.get(iri, set())}
    rows.update(_records(store, external))
    return Index({k: tuple(sorted(v)) for k, v in dois.items()},
                 {k: tuple(sorted(v)) for k, v in external.items()}, types, rows)


def _records(store, external: dict[str, set[tuple[str, str]]]) -> dict[tuple[str, str], str]:
    """(ours, identifier IRI) -> the provenance record of our mapping to it, from the store's
    default graph (the mapping records :mod:`kg.transform.map_mappings` writes)."""
    import pyoxigraph as ox

    from kg.core.namespaces import MAPPING_BASE

    default = ox.DefaultGraph()
    found: dict[tuple[str, str], str] = {}
    for quad in store.ox.quads_for_pattern(None, ox.NamedNode(_OWL + "annotatedSource"), None, default):
        record, ours = quad.subject, quad.object
        if not (isinstance(record, ox.NamedNode) and record.value.startswith(MAPPING_BASE)
                and isinstance(ours, ox.NamedNode)):
            continue
        predicates = [q.object.value for q in store.ox.quads_for_pattern(
            record, ox.NamedNode(_OWL + "annotatedProperty"), None, default)]
        for target in store.ox.quads_for_pattern(record, ox.NamedNode(_OWL + "annotatedTarget"), None, default):
            identifier = target.object.value
            if any((ours.value, p) in external.get(identifier, set()) for p in predicates):
                found[(ours.value, identifier)] = record.value
    return found
