"""The network view's graph: the built dataset as a networkx graph of the things users browse.

Nodes are the article, cited works, authors, organisations, journals, drugs, drug classes,
proteins, pathways, conditions, patients, treatment courses and observations; each carries its
display class, a human label, and a plain-text tooltip with its key facts, their provenance and
its external identifiers. Literal values stay in tooltips, never become nodes. Edges are the
triples between those nodes, plus a few shortcuts through nodes the view leaves out (author ->
affiliation, work -> journal), each labelled with its predicate's label.

>>> import pyoxigraph as ox
>>> from kg.dataset.store import Store
>>> g, d = ox.NamedNode("https://w3id.org/adkg/graph/x"), ox.NamedNode("https://w3id.org/adkg/id/drug/dupilumab")
>>> store = Store(ox.Store())
>>> store.ox.extend([ox.Quad(d, ox.NamedNode(_RDF + "type"), ox.NamedNode(_BIOLINK + "Drug"), g),
...                  ox.Quad(d, _LABEL, ox.Literal("dupilumab", language="en"), g)])
>>> [(data["cls"], data["label"]) for _, data in network_graph(store).nodes(data=True)]
[('drug', 'dupilumab')]
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

import networkx as nx
import pyoxigraph as ox

from kg.core.errors import KgError
from kg.dataset.query import literal_value
from kg.core.identifiers import default as default_identifiers
from kg.core.namespaces import ONTOLOGY_GRAPH, VOCABULARY_GRAPH

__all__ = ["CLASSES", "NodeClass", "network_graph", "neighbourhood_quads", "focus", "restrict", "find_node", "HUB_DEGREE"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_ADKG = "https://w3id.org/adkg/ontology#"
_BIOLINK = "https://w3id.org/biolink/vocab/"
_FABIO = "http://purl.org/spar/fabio/"
_FOAF = "http://xmlns.com/foaf/0.1/"
_PROV = "http://www.w3.org/ns/prov#"
_CITO = "http://purl.org/spar/cito/"
_XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


@dataclass(frozen=True)
class NodeClass:
    key: str
    label: str
    colour: str
    shape: str
    types: tuple[str, ...]      # an instance of any of these (or a subclass) is of this class


#: Display classes, in the order a node's class is decided (first match wins).
CLASSES: tuple[NodeClass, ...] = (
    NodeClass("patient", "Patient", "#e15759", "dot", (_ADKG + "Patient",)),
    NodeClass("course", "Treatment course", "#f28e2b", "diamond", (_ADKG + "TreatmentCourse",)),
    NodeClass("observation", "Observation", "#ffbe7d", "dot", (_ADKG + "Observation",)),
    NodeClass("article", "Article", "#4e79a7", "star", ()),
    NodeClass("reference", "Cited work", "#a0cbe8", "square", (_FABIO + "JournalArticle", _FABIO + "Work")),
    NodeClass("author", "Author", "#59a14f", "triangle", (_FOAF + "Person",)),
    NodeClass("organisation", "Organisation", "#8cd17d", "triangleDown", (_FOAF + "Organization",)),
    NodeClass("journal", "Journal", "#86bcb6", "box", (_FABIO + "Journal",)),
    NodeClass("drug", "Drug", "#b07aa1", "hexagon", (_BIOLINK + "Drug",)),
    NodeClass("drug-class", "Drug class", "#d4a6c8", "ellipse", ()),
    NodeClass("protein", "Protein or cytokine", "#9d7660", "dot", (_BIOLINK + "Protein",)),
    NodeClass("pathway", "Pathway or process", "#d7b5a6", "ellipse", (_BIOLINK + "Pathway", _BIOLINK + "BiologicalProcess")),
    NodeClass("disease", "Disease or comorbidity", "#79706e", "dot", (_BIOLINK + "Disease", _BIOLINK + "PhenotypicFeature")),
)
_BY_KEY = {c.key: c for c in CLASSES}

#: Predicates drawn as edges only through a shortcut, or not at all.
_HIDDEN_PREDICATES = {_RDF + "type", _CITO + "cites", _PROV + "wasDerivedFrom"}
#: Literal or value predicates worth showing in a tooltip, in this order, then the rest.
_FACTS_FIRST = (_ADKG + "patientNumber", _ADKG + "ageYears", _ADKG + "sex", _ADKG + "ethnicity",
                _ADKG + "doseValue", _ADKG + "doseUnit", _ADKG + "frequency", _ADKG + "durationMonths",
                _ADKG + "monthsUntilFlare", "http://www.w3.org/ns/sosa/hasSimpleResult",
                _ADKG + "atTimePoint")
_MAX_FACTS = 14


def _local(iri: str) -> str:
    name = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).replace("_", " ").lower()


def _text(term) -> str:
    """A term as text; a decimal in its canonical form ("300", not "300.0"), as Oxigraph keeps it,
    so the page is the same from either store."""
    if isinstance(term, ox.Literal) and term.datatype.value == _XSD_DECIMAL:
        return str(literal_value(term.value, _XSD_DECIMAL))
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)) else str(term)


def _curie(iri: str) -> str:
    """An external IRI as its canonical CURIE (MONDO:0005044, DRUGBANK:DB15091, ...), else the IRI.

    >>> _curie("https://go.drugbank.com/drugs/DB15091"), _curie("https://example.org/x")
    ('DRUGBANK:DB15091', 'https://example.org/x')
    """
    return default_identifiers().curie(iri) or iri


def network_graph(store, quads: Iterable[ox.Quad] | None = None) -> nx.MultiDiGraph:
    """The browsable graph of everything in ``store`` (a :class:`kg.dataset.store.Store`), or of ``quads``
    (e.g. :func:`neighbourhood_quads`) if given."""
    triples: dict[str, list[tuple[str, object]]] = defaultdict(list)
    seen = set()
    for quad in store.quads_for_pattern(None, None, None, None) if quads is None else quads:
        s, p, o = quad.subject, quad.predicate, quad.object
        if not isinstance(s, ox.NamedNode) or (s.value, p.value, o) in seen:
            continue
        seen.add((s.value, p.value, o))
        triples[s.value].append((p.value, o))

    superclasses: dict[str, set[str]] = defaultdict(set)
    for s, props in triples.items():
        for p, o in props:
            if p == _RDFS + "subClassOf" and isinstance(o, ox.NamedNode):
                superclasses[s].add(o.value)

    def ancestors(cls: str) -> set[str]:
        found, todo = {cls}, [cls]
        while todo:
            for parent in superclasses.get(todo.pop(), ()):
                if parent not in found:
                    found.add(parent)
                    todo.append(parent)
        return found

    labels = {}
    for s, props in triples.items():
        for p, o in sorted(props, key=lambda po: (po[0], _text(po[1]))):
            if p == _RDFS + "label" and s not in labels:
                labels[s] = _text(o)
    citing = {_text(o) for props in triples.values() for p, o in props if p == _CITO + "hasCitingEntity"}
    drug_classes = {c for c in superclasses if c.startswith(_ADKG) and _BIOLINK + "Drug" in ancestors(c)}

    def node_class(iri: str) -> NodeClass | None:
        if iri in citing:
            return _BY_KEY["article"]
        if iri in drug_classes:
            return _BY_KEY["drug-class"]
        types = {o.value for p, o in triples.get(iri, ()) if p == _RDF + "type" and isinstance(o, ox.NamedNode)}
        closure = set().union(*(ancestors(t) for t in types)) if types else set()
        for cls in CLASSES:
            if closure & set(cls.types):
                return cls
        return None

    graph = nx.MultiDiGraph()
    classes = {}
    for iri in sorted(set(triples) | drug_classes):
        cls = node_class(iri)
        if cls is not None:
            classes[iri] = cls
            graph.add_node(iri, cls=cls.key, label=labels.get(iri, _local(iri)))

    def edge(s: str, o: str, predicate: str, label: str | None = None) -> None:
        if s in classes and o in classes and s != o:
            name = label or labels.get(predicate) or _local(predicate)
            if not graph.has_edge(s, o, key=name):
                graph.add_edge(s, o, key=name, label=name, predicate=predicate)

    for s in sorted(classes):
        for p, o in sorted(triples.get(s, ()), key=lambda po: (po[0], _text(po[1]))):
            if not isinstance(o, ox.NamedNode):
                continue
            if p == _RDF + "type" and o.value in drug_classes:
                edge(s, o.value, p, "is a")
            elif p not in _HIDDEN_PREDICATES:
                edge(s, o.value, p)
    # Shortcuts through nodes the view leaves out.
    # (In sorted order: the store's quad order must not change the page.)
    for role, props in sorted(triples.items()):
        held = sorted(o.value for p, o in props if p == "http://purl.org/spar/pro/isHeldBy")
        for p, o in sorted(props, key=lambda po: (po[0], _text(po[1]))):
            if p == _ADKG + "affiliation":
                for person in held:
                    edge(person, o.value, p, "affiliated with")
    for work in list(classes):
        for p, volume in sorted(triples.get(work, ()), key=lambda po: (po[0], _text(po[1]))):
            if p == "http://purl.org/vocab/frbr/core#partOf" and isinstance(volume, ox.NamedNode):
                for p2, journal in sorted(triples.get(volume.value, ()), key=lambda po: (po[0], _text(po[1]))):
                    if p2 == p and isinstance(journal, ox.NamedNode):
                        edge(work, journal.value, p, "published in")

    sources = _sources(triples, labels)
    for iri, data in graph.nodes(data=True):
        data["title"] = _tooltip(iri, data, triples, labels, sources)
    return graph


def _sources(triples, labels) -> dict[str, list[str]]:
    """Where each subject's facts were read: labels of the cells, sentences or entries."""
    found: dict[str, set[str]] = defaultdict(set)
    for props in triples.values():
        values = dict((p, o) for p, o in props)
        subject, source = values.get(_RDF + "subject"), values.get(_PROV + "wasDerivedFrom")
        if subject is not None and source is not None and _RDF + "predicate" in values:
            text = labels.get(source.value, source.value)
            if text.startswith("Paragraph"):
                content = next((_text(o) for p, o in triples.get(source.value, ())
                                if p == "http://purl.org/spar/c4o/hasContent"), "")
                text = f"{text}: \u201c{content[:90]}{'...' if len(content) > 90 else ''}\u201d"
            found[subject.value].add(text)
    return {k: sorted(v) for k, v in found.items()}


def _tooltip(iri, data, triples, labels, sources) -> str:
    lines = [data["label"], f"[{_BY_KEY[data['cls']].label}]"]
    facts = []
    for p, o in triples.get(iri, ()):
        if p in (_RDFS + "label", _RDF + "type") or p.startswith(_SKOS) and p.endswith("Match"):
            continue
        if isinstance(o, ox.Literal):
            facts.append((p, _text(o)))
        elif isinstance(o, ox.NamedNode) and o.value in labels and p in _FACTS_FIRST:
            facts.append((p, labels[o.value]))
    order = {p: i for i, p in enumerate(_FACTS_FIRST)}
    facts.sort(key=lambda f: (order.get(f[0], len(order)), f[0], f[1]))
    for p, value in facts[:_MAX_FACTS]:
        value = value if len(value) <= 160 else value[:157] + "..."
        lines.append(f"{labels.get(p, _local(p))}: {value}")
    if len(facts) > _MAX_FACTS:
        lines.append(f"... and {len(facts) - _MAX_FACTS} more facts")
    ids = sorted(_curie(o.value) for p, o in triples.get(iri, ())
                 if p.startswith(_SKOS) and p.endswith("Match") and isinstance(o, ox.NamedNode))
    if ids:
        lines.append("Identifiers: " + ", ".join(ids))
    if iri.startswith("https://w3id.org/adkg/id/doi/"):
        lines.append("DOI: " + iri[len("https://w3id.org/adkg/id/doi/"):])
    for source in sources.get(iri, [])[:6]:
        lines.append(f"Source: {source}")
    lines.append(f"IRI: {iri}")
    return "\n".join(lines)


_LABEL = ox.NamedNode(_RDFS + "label")
_NOT_FOLLOWED = {_RDF + "type", _RDF + "subject", _RDF + "object", _RDF + "predicate"}
#: A node with more links than this is not crossed (a drug or a class shared by thousands of
#: patients): the neighbourhood stays about its centre.
HUB_DEGREE = 200


def _resolve(store, name: str) -> ox.NamedNode:
    """The node ``name`` names in ``store``: an IRI, an exact label (through the store's index),
    else the label start or case-insensitive match :func:`find_node` accepts (a scan)."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", name, re.I) and next(iter(store.quads_for_pattern(ox.NamedNode(name), None, None, None)), None):
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
    for step in range(2 * depth + 1):
        following = set()
        for node in frontier:
            links = _links(store, node, 10**9 if node == centre else HUB_DEGREE, graphs)
            following.update(links or ())
        frontier = following - nodes
        nodes |= frontier
    described = set(nodes)
    quads: list[ox.Quad] = []
    for node in nodes:  # the assertions about each node, and where they were read
        for q in store.quads_for_pattern(None, ox.NamedNode(_RDF + "subject"), node, None):
            if q.graph_name not in graphs:
                continue
            described.add(q.subject)
            for source in store.quads_for_pattern(q.subject, ox.NamedNode(_PROV + "wasDerivedFrom"), None, None):
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


def find_node(graph: nx.MultiDiGraph, name: str) -> str:
    """A node by IRI, by label (any case), or by a label's start ("patient 3")."""
    if name in graph:
        return name
    wanted = name.casefold().strip()
    exact = [n for n, d in graph.nodes(data=True) if d["label"].casefold() == wanted]
    # "patient 3" names "Patient 3 (Shahriari 2023)", not "Patient 3: IGA at flare" or "Patient 30".
    starts = [n for n, d in graph.nodes(data=True)
              if re.match(re.escape(wanted) + r"(\s*\(|$)", d["label"].casefold())]
    matches = exact or starts
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise KgError(f"no node named '{name}'; give an IRI or a label, e.g. 'Patient 3' or 'dupilumab'")
    shown = ", ".join(sorted(graph.nodes[m]["label"] for m in matches)[:8])
    raise KgError(f"'{name}' matches {len(matches)} nodes ({shown}); be more specific")


def restrict(graph: nx.MultiDiGraph, classes: list[str]) -> nx.MultiDiGraph:
    unknown = [c for c in classes if c not in _BY_KEY]
    if unknown:
        raise KgError(f"unknown class(es) {', '.join(unknown)}; known: {', '.join(_BY_KEY)}")
    return _induced(graph, {n for n, d in graph.nodes(data=True) if d["cls"] in classes})


def focus(graph: nx.MultiDiGraph, name: str, depth: int = 1) -> nx.MultiDiGraph:
    """The neighbourhood of one node, ``depth`` steps out in either direction.

    Patients are not crossed into other patients: from a patient, a shared drug or comorbidity is
    shown but not the other patients who share it.
    """
    if depth < 0:
        raise KgError("--depth must be 0 or more")
    centre = find_node(graph, name)
    keep, frontier = {centre}, {centre}
    for _ in range(depth):
        following = set()
        for node in frontier:
            for neighbour in set(graph.successors(node)) | set(graph.predecessors(node)):
                if neighbour in keep:
                    continue
                if graph.nodes[centre]["cls"] == "patient" and _owner(graph, neighbour) not in (None, centre):
                    continue
                following.add(neighbour)
        keep |= following
        frontier = following
    return _induced(graph, keep)


def _induced(graph: nx.MultiDiGraph, keep: set[str]) -> nx.MultiDiGraph:
    """The subgraph on ``keep``, nodes and edges in ``graph``'s order. (networkx's
    ``subgraph().copy()`` follows the set's order, which changes with PYTHONHASHSEED, and so did
    the focused page's layout.)"""
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, data) for n, data in graph.nodes(data=True) if n in keep)
    sub.add_edges_from((u, v, k, data) for u, v, k, data in graph.edges(keys=True, data=True)
                       if u in keep and v in keep)
    return sub


def _owner(graph: nx.MultiDiGraph, node: str) -> str | None:
    """The patient a patient-level node belongs to (itself for a patient), else None."""
    data = graph.nodes[node]
    if data["cls"] == "patient":
        return node
    if data["cls"] in ("course", "observation"):
        for other in set(graph.successors(node)) | set(graph.predecessors(node)):
            if graph.nodes[other]["cls"] == "patient":
                return other
    return None
