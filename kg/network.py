"""The network view's graph: the built dataset as a networkx graph of the things users browse.

Nodes are the article, cited works, authors, organisations, journals, drugs, drug classes,
proteins, pathways, conditions, patients, treatment courses and observations; each carries its
display class, a human label, and a plain-text tooltip with its key facts, their provenance and
its external identifiers. Literal values stay in tooltips, never become nodes. Edges are the
triples between those nodes, plus a few shortcuts through nodes the view leaves out (author ->
affiliation, work -> journal), each labelled with its predicate's label.

>>> from kg.store import Paths, open_store
>>> g = network_graph(open_store(Paths()))
>>> sorted(d["label"] for _, d in g.nodes(data=True) if d["cls"] == "patient")[:2]
['Patient 1 (Shahriari 2023)', 'Patient 2 (Shahriari 2023)']
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox

from kg.errors import KgError
from kg.namespaces import EXTERNAL_TARGETS, external_prefix

__all__ = ["CLASSES", "NodeClass", "network_graph", "focus", "restrict", "find_node"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_ADKG = "https://w3id.org/adkg/ontology#"
_BIOLINK = "https://w3id.org/biolink/vocab/"
_FABIO = "http://purl.org/spar/fabio/"
_FOAF = "http://xmlns.com/foaf/0.1/"
_PROV = "http://www.w3.org/ns/prov#"
_CITO = "http://purl.org/spar/cito/"


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
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)) else str(term)


def _curie(iri: str) -> str:
    """An external IRI as a CURIE (MONDO:0005044, DRUGBANK:DB15091, ...), else the IRI."""
    name = external_prefix(iri)
    return f"{name}:{iri[len(EXTERNAL_TARGETS[name]):]}" if name else iri


def network_graph(store: ox.Store) -> nx.MultiDiGraph:
    """The browsable graph of everything in ``store``."""
    triples: dict[str, list[tuple[str, object]]] = defaultdict(list)
    seen = set()
    for quad in store.quads_for_pattern(None, None, None, None):
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
    for role, props in triples.items():
        held = [o.value for p, o in props if p == "http://purl.org/spar/pro/isHeldBy"]
        for p, o in props:
            if p == _ADKG + "affiliation":
                for person in held:
                    edge(person, o.value, p, "affiliated with")
    for work in list(classes):
        for p, volume in triples.get(work, ()):
            if p == "http://purl.org/vocab/frbr/core#partOf" and isinstance(volume, ox.NamedNode):
                for p2, journal in triples.get(volume.value, ()):
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
    return graph.subgraph([n for n, d in graph.nodes(data=True) if d["cls"] in classes]).copy()


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
    return graph.subgraph(keep).copy()


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
