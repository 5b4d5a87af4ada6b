"""Which quads to draw around one node: the walk ``kg viz --focus`` takes through the store's indexes.

The walk reads only the focus node's neighbourhood, so a focused page costs about the same in a
corpus of ten articles or ten thousand; :func:`kg.view.network.network_graph` draws what it returns.

>>> import pyoxigraph as ox
>>> from kg.dataset.store import Store
>>> g = ox.NamedNode("https://w3id.org/adkg/graph/article/x")
>>> p, d = ox.NamedNode("https://w3id.org/adkg/id/article/x/patient/1"), ox.NamedNode("https://w3id.org/adkg/id/drug/d")
>>> store = Store(ox.Store())
>>> store.ox.extend([ox.Quad(p, _LABEL, ox.Literal("Patient 1"), g),
...                  ox.Quad(p, ox.NamedNode("https://w3id.org/adkg/ontology#drug"), d, g)])
>>> centre, quads = neighbourhood_quads(store, "patient 1", 1)
>>> centre, len(quads)
('https://w3id.org/adkg/id/article/x/patient/1', 2)
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib.namespace import PROV, RDF, RDFS

from kg.core.errors import KgError
from kg.core.namespaces import ONTOLOGY_GRAPH, VOCABULARY_GRAPH

__all__ = ["HUB_DEGREE", "neighbourhood_quads"]

_LABEL = ox.NamedNode(str(RDFS.label))
_SUBJECT, _DERIVED = ox.NamedNode(str(RDF.subject)), ox.NamedNode(str(PROV.wasDerivedFrom))
_NOT_FOLLOWED = {str(RDF.type), str(RDF.subject), str(RDF.object), str(RDF.predicate)}
#: A node with more links than this is not crossed (a drug or a class shared by thousands of
#: patients): the neighbourhood stays about its centre.
HUB_DEGREE = 200


def _resolve(store, name: str) -> ox.NamedNode:
    """The node ``name`` names in ``store``: an IRI, an exact label (through the store's index),
    else the label start or case-insensitive match :func:`kg.view.network.find_node` accepts (a scan)."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", name, re.I) and \
            next(iter(store.quads_for_pattern(ox.NamedNode(name), None, None, None)), None):
        return ox.NamedNode(name)
    found = {q.subject.value for q in store.quads_for_pattern(None, _LABEL, ox.Literal(name), None)
             if isinstance(q.subject, ox.NamedNode)}
    if len(found) == 1:
        return ox.NamedNode(found.pop())
    wanted = name.casefold().strip()
    pattern = re.compile(re.escape(wanted) + r"(\s*\(|$)")
    found = {q.subject.value for q in store.quads_for_pattern(None, _LABEL, None, None)
             if isinstance(q.subject, ox.NamedNode) and pattern.match(q.object.value.casefold())}
    if not found:
        raise KgError(f"no node named '{name}'; give an IRI or a label, e.g. 'Patient 3' or 'dupilumab'")
    if len(found) > 1:
        raise KgError(f"'{name}' matches {len(found)} nodes ({', '.join(sorted(found)[:8])}); be more specific")
    return ox.NamedNode(found.pop())


def _links(store, node: ox.NamedNode, limit: int, graphs: set) -> list[ox.NamedNode] | None:
    """The nodes ``node`` links to or from within ``graphs`` (None if it has more than ``limit``
    incoming links)."""
    found = [q.object for q in store.quads_for_pattern(node, None, None, None)
             if isinstance(q.object, ox.NamedNode) and q.predicate.value not in _NOT_FOLLOWED
             and q.graph_name in graphs]
    incoming = 0
    for q in store.quads_for_pattern(None, None, node, None):
        incoming += 1  # every graph counts: a node linked from thousands of articles is a hub
        if incoming > limit:
            return None
        if q.predicate.value in _NOT_FOLLOWED or q.graph_name not in graphs:
            continue
        if isinstance(q.subject, ox.NamedNode):
            found.append(q.subject)
    return found


def neighbourhood_quads(store, name: str, depth: int) -> tuple[str, list[ox.Quad]]:
    """The focus node's IRI and the quads :func:`network_graph` needs to draw its neighbourhood
    ``depth`` steps out, read through the store's indexes (not a scan of the whole store): what
    ``kg viz --focus`` uses, so a focused page costs about the same in a corpus of ten articles
    or ten thousand. Shown steps can pass through a node the view leaves out (a role, a volume),
    so the walk goes ``2 * depth + 1`` links out; it stays in the named graphs the focus node
    appears in (a patient's article and the shared vocabulary, not every article citing the
    same work) and does not cross hubs (see :data:`HUB_DEGREE`)."""
    centre = _resolve(store, name)
    graphs = {q.graph_name for q in store.quads_for_pattern(centre, None, None, None)}
    graphs |= {q.graph_name for q in store.quads_for_pattern(None, None, centre, None)}
    graphs |= {ox.NamedNode(str(ONTOLOGY_GRAPH)), ox.NamedNode(str(VOCABULARY_GRAPH))}
    nodes, frontier = {centre}, {centre}
    for _ in range(2 * depth + 1):
        following: set[ox.NamedNode] = set()
        for node in frontier:
            links = _links(store, node, 10**9 if node == centre else HUB_DEGREE, graphs)
            following.update(links or ())
        frontier = following - nodes
        nodes |= frontier
    described = set(nodes)
    quads: list[ox.Quad] = []
    for node in nodes:  # the assertions about each node, and where they were read
        for q in store.quads_for_pattern(None, _SUBJECT, node, None):
            if q.graph_name not in graphs:
                continue
            described.add(q.subject)
            for source in store.quads_for_pattern(q.subject, _DERIVED, None, None):
                if isinstance(source.object, ox.NamedNode):
                    described.add(source.object)
    for node in list(described):  # and the labels of what they point to
        for q in store.quads_for_pattern(node, None, None, None):
            if q.graph_name not in graphs:
                continue
            quads.append(q)
            if isinstance(q.object, ox.NamedNode) and q.object not in described:
                quads.extend(store.quads_for_pattern(q.object, _LABEL, None, None))
    for graph in (ONTOLOGY_GRAPH, VOCABULARY_GRAPH):  # classes, predicates, drug classes
        quads.extend(store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))))
    return centre.value, quads
