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
>>> store.ox.extend([ox.Quad(d, ox.NamedNode(_TYPE), ox.NamedNode(str(BIOLINK.Drug)), g),
...                  ox.Quad(d, ox.NamedNode(_LABEL_IRI), ox.Literal("dupilumab", language="en"), g)])
>>> [(data["cls"], data["label"]) for _, data in network_graph(store).nodes(data=True)]
[('drug', 'dupilumab')]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib.namespace import FOAF, PROV, RDF, RDFS, SKOS

from kg.core.errors import KgError
from kg.core.identifiers import default as default_identifiers
from kg.core.namespaces import ADKG, BIOLINK, C4O, CITO, ENTAILED_GRAPHS, FABIO, FRBR, PRO, SOSA, XSD
from kg.dataset.query import literal_value
from kg.view.imported import IMPORT_CLASS_PREFIX, imported_quads, imported_view, is_import_graph, tooltip
from kg.view.neighbourhood import HUB_DEGREE, neighbourhood_quads

__all__ = ["CLASSES", "NodeClass", "network_graph", "neighbourhood_quads", "focus", "restrict", "find_node",
           "HUB_DEGREE"]

# The view works on pyoxigraph terms, so it compares IRIs as strings (from the checked namespaces).
_TYPE, _LABEL_IRI, _SUBJECT, _DERIVED = str(RDF.type), str(RDFS.label), str(RDF.subject), str(PROV.wasDerivedFrom)
_SKOS = str(SKOS)
_XSD_DECIMAL = str(XSD.decimal)
#: (predicate, object) pairs of each IRI subject.
Triples = dict[str, list[tuple[str, Any]]]


@dataclass(frozen=True)
class NodeClass:
    key: str
    label: str
    colour: str
    shape: str
    types: tuple[str, ...]      # an instance of any of these (or a subclass) is of this class


#: Display classes, in the order a node's class is decided (first match wins).
CLASSES: tuple[NodeClass, ...] = (
    NodeClass("patient", "Patient", "#e15759", "dot", (str(ADKG.Patient),)),
    NodeClass("course", "Treatment course", "#f28e2b", "diamond", (str(ADKG.TreatmentCourse),)),
    NodeClass("observation", "Observation", "#ffbe7d", "dot", (str(ADKG.Observation),)),
    NodeClass("article", "Article", "#4e79a7", "star", ()),
    NodeClass("reference", "Cited work", "#a0cbe8", "square", (str(FABIO.JournalArticle), str(FABIO.Work))),
    NodeClass("author", "Author", "#59a14f", "triangle", (str(FOAF.Person),)),
    NodeClass("organisation", "Organisation", "#8cd17d", "triangleDown", (str(FOAF.Organization),)),
    NodeClass("journal", "Journal", "#86bcb6", "box", (str(FABIO.Journal),)),
    NodeClass("drug", "Drug", "#b07aa1", "hexagon", (str(BIOLINK.Drug),)),
    NodeClass("drug-class", "Drug class", "#d4a6c8", "ellipse", ()),
    NodeClass("protein", "Protein or cytokine", "#9d7660", "dot", (str(BIOLINK.Protein),)),
    NodeClass("pathway", "Pathway or process", "#d7b5a6", "ellipse",
              (str(BIOLINK.Pathway), str(BIOLINK.BiologicalProcess))),
    NodeClass("disease", "Disease or comorbidity", "#79706e", "dot",
              (str(BIOLINK.Disease), str(BIOLINK.PhenotypicFeature))),
)
_BY_KEY = {c.key: c for c in CLASSES}

#: Predicates drawn as edges only through a shortcut, or not at all.
_HIDDEN_PREDICATES = {_TYPE, str(CITO.cites), _DERIVED}
#: Literal or value predicates worth showing in a tooltip, in this order, then the rest.
_FACTS_FIRST = tuple(map(str, (ADKG.patientNumber, ADKG.ageYears, ADKG.sex, ADKG.ethnicity, ADKG.doseValue,
                                ADKG.doseUnit, ADKG.frequency, ADKG.durationMonths, ADKG.monthsUntilFlare,
                                SOSA.hasSimpleResult, ADKG.atTimePoint)))
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


def _asserted(graph: object) -> bool:
    """Whether ``graph`` is a curated graph as curated: not an import's, nor an entailed graph
    (the page draws what was said; its node classes follow the subclass links themselves)."""
    return not is_import_graph(graph) and not (isinstance(graph, ox.NamedNode)
                                               and graph.value.startswith(ENTAILED_GRAPHS))


def _curated(store, quads: Iterable[ox.Quad] | None) -> Iterable[ox.Quad]:
    """The quads of the curated graphs as curated: of ``quads`` if given, else of every named graph
    of ``store`` that is neither an import's nor an entailed graph."""
    if quads is not None:
        return (q for q in quads if _asserted(q.graph_name))
    graphs = sorted((g for g in store.ox.named_graphs() if _asserted(g)), key=str)
    return (q for g in graphs for q in store.quads_for_pattern(None, None, None, g))


def network_graph(store, quads: Iterable[ox.Quad] | None = None, *, imports: bool = True) -> nx.MultiDiGraph:
    """The browsable graph of everything in ``store`` (a :class:`kg.dataset.store.Store`), or of ``quads``
    (e.g. :func:`neighbourhood_quads`) if given; with ``imports``, the imported nodes linked to
    the nodes drawn (:mod:`kg.view.imported`)."""
    facts = _Facts.read(_curated(store, quads))
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    classes: dict[str, NodeClass] = {}
    for iri in sorted(set(facts.triples) | facts.drug_classes):
        cls = facts.node_class(iri)
        if cls is not None:
            classes[iri] = cls
            graph.add_node(iri, cls=cls.key, label=facts.labels.get(iri, _local(iri)))
    _add_edges(graph, facts, set(classes))
    sources = _sources(facts.triples, facts.labels)
    for iri, data in graph.nodes(data=True):
        data["title"] = _tooltip(iri, data, facts.triples, facts.labels, sources)
    if imports:
        _add_imported(graph, store, set(classes))
    return graph


def _add_imported(graph: nx.MultiDiGraph, store, drawn: set[str]) -> None:
    """Each import's nodes linked to ``drawn`` nodes, as display class ``import:NAME``."""
    view = imported_view(imported_quads(store.ox, drawn), drawn)
    linked: dict[str, list[str]] = defaultdict(list)
    for e in view.edges:
        if e.source in drawn:
            linked[e.target].append(f"{e.label} of {graph.nodes[e.source]['label']}")
    for node in view.nodes:
        graph.add_node(node.iri, cls=IMPORT_CLASS_PREFIX + node.source, label=node.label,
                       title=tooltip(node, sorted(linked.get(node.iri, []))))
    for e in view.edges:
        if not graph.has_edge(e.source, e.target, key=e.label):
            graph.add_edge(e.source, e.target, key=e.label, label=e.label, predicate=e.predicate)


def _by_predicate(props: Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """(predicate, object) pairs in a fixed order: the store's quad order must not change the page."""
    return sorted(props, key=lambda po: (po[0], _text(po[1])))


@dataclass
class _Facts:
    """The triples the view draws from, and what it derives from them to class and label nodes."""

    triples: Triples
    superclasses: dict[str, set[str]]
    labels: dict[str, str]
    citing: set[str]               # the works citing others: the articles
    drug_classes: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, quads: Iterable[ox.Quad]) -> _Facts:
        triples: Triples = defaultdict(list)
        seen = set()
        for quad in quads:
            subject, predicate, obj = quad.subject, quad.predicate, quad.object
            if not isinstance(subject, ox.NamedNode) or (subject.value, predicate.value, obj) in seen:
                continue
            seen.add((subject.value, predicate.value, obj))
            triples[subject.value].append((predicate.value, obj))
        superclasses: dict[str, set[str]] = defaultdict(set)
        labels: dict[str, str] = {}
        for s, props in triples.items():
            for p, o in _by_predicate(props):
                if p == str(RDFS.subClassOf) and isinstance(o, ox.NamedNode):
                    superclasses[s].add(o.value)
                elif p == _LABEL_IRI and s not in labels:
                    labels[s] = _text(o)
        citing = {_text(o) for props in triples.values() for p, o in props if p == str(CITO.hasCitingEntity)}
        facts = cls(triples, superclasses, labels, citing)
        facts.drug_classes = {c for c in superclasses
                              if c.startswith(str(ADKG)) and str(BIOLINK.Drug) in facts.ancestors(c)}
        return facts

    def ancestors(self, cls: str) -> set[str]:
        found, todo = {cls}, [cls]
        while todo:
            for parent in self.superclasses.get(todo.pop(), ()):
                if parent not in found:
                    found.add(parent)
                    todo.append(parent)
        return found

    def node_class(self, iri: str) -> NodeClass | None:
        if iri in self.citing:
            return _BY_KEY["article"]
        if iri in self.drug_classes:
            return _BY_KEY["drug-class"]
        types = {o.value for p, o in self.triples.get(iri, ()) if p == _TYPE and isinstance(o, ox.NamedNode)}
        closure = set().union(*(self.ancestors(t) for t in types)) if types else set()
        for cls in CLASSES:
            if closure & set(cls.types):
                return cls
        return None


def _add_edges(graph: nx.MultiDiGraph, facts: _Facts, drawn: set[str]) -> None:
    """The edges between drawn nodes, and the shortcuts through nodes the view leaves out."""
    def edge(s: str, o: str, predicate: str, label: str | None = None) -> None:
        if s in drawn and o in drawn and s != o:
            name = label or facts.labels.get(predicate) or _local(predicate)
            if not graph.has_edge(s, o, key=name):
                graph.add_edge(s, o, key=name, label=name, predicate=predicate)

    triples = facts.triples
    for s in sorted(drawn):
        for p, o in _by_predicate(triples.get(s, ())):
            if not isinstance(o, ox.NamedNode):
                continue
            if p == _TYPE and o.value in facts.drug_classes:
                edge(s, o.value, p, "is a")
            elif p not in _HIDDEN_PREDICATES:
                edge(s, o.value, p)
    for _role, props in sorted(triples.items()):  # author -> affiliation, through the authorship role
        held = sorted(o.value for p, o in props if p == str(PRO.isHeldBy))
        for p, o in _by_predicate(props):
            if p == str(ADKG.affiliation):
                for person in held:
                    edge(person, o.value, p, "affiliated with")
    part_of = str(FRBR.partOf)
    for work in sorted(drawn):  # work -> journal, through the volume
        for p, volume in _by_predicate(triples.get(work, ())):
            if p == part_of and isinstance(volume, ox.NamedNode):
                for p2, journal in _by_predicate(triples.get(volume.value, ())):
                    if p2 == p and isinstance(journal, ox.NamedNode):
                        edge(work, journal.value, p, "published in")


def _sources(triples, labels) -> dict[str, list[str]]:
    """Where each subject's facts were read: labels of the cells, sentences or entries."""
    found: dict[str, set[str]] = defaultdict(set)
    for props in triples.values():
        values = dict(props)
        subject, source = values.get(_SUBJECT), values.get(_DERIVED)
        if subject is not None and source is not None and str(RDF.predicate) in values:
            text = labels.get(source.value, source.value)
            if text.startswith("Paragraph"):
                content = next((_text(o) for p, o in triples.get(source.value, ())
                                if p == str(C4O.hasContent)), "")
                text = f"{text}: \u201c{content[:90]}{'...' if len(content) > 90 else ''}\u201d"
            found[subject.value].add(text)
    return {k: sorted(v) for k, v in found.items()}


def _tooltip(iri, data, triples, labels, sources) -> str:
    lines = [data["label"], f"[{_BY_KEY[data['cls']].label}]"]
    facts = []
    for p, o in triples.get(iri, ()):
        if p in (_LABEL_IRI, _TYPE) or p.startswith(_SKOS) and p.endswith("Match"):
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
    unknown = [c for c in classes if c not in _BY_KEY and not c.startswith(IMPORT_CLASS_PREFIX)]
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
    sub: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    sub.add_nodes_from((n, data) for n, data in graph.nodes(data=True) if n in keep)
    for u, v, k, data in graph.edges(keys=True, data=True):
        if u in keep and v in keep:
            sub.add_edge(u, v, key=k, **data)
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
