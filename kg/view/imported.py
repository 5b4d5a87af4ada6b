"""Imported datasets on the network page: the nodes ``kg import`` linked to ours, by source.

An import lives in its own named graph ``.../graph/import/NAME`` with its links to our entities
in ``.../graph/import/NAME/links`` (:mod:`kg.link`). The page draws, for each import, the nodes
linked to a node it already shows, the link itself as an edge ("same as", "exact match", ...),
and the import's own nodes that join two of those (a pathway that two of our drugs' targets take
part in), so one source reads as one cluster around the nodes it shares with the graph. An
import's node takes its label and kind from the import's graph only. What an import states
about one of *our* IRIs is never drawn: our nodes keep the curated labels and facts.

Each import is its own display class (``import:NAME``) with its own legend entry and colour.

>>> import pyoxigraph as ox
>>> g = ox.NamedNode(IMPORT_GRAPHS + "wp")
>>> links = ox.NamedNode(IMPORT_GRAPHS + "wp/links")
>>> ours, theirs = "https://w3id.org/adkg/id/drug/dupilumab", "https://w3id.org/adkg/id/import/wp/node/d1"
>>> quads = [ox.Quad(ox.NamedNode(ours), ox.NamedNode(_EXACT), ox.NamedNode(theirs), links),
...          ox.Quad(ox.NamedNode(theirs), ox.NamedNode(_LABEL), ox.Literal("Dupilumab"), g),
...          ox.Quad(ox.NamedNode(ours), ox.NamedNode(_LABEL), ox.Literal("not ours to say"), g)]
>>> found = imported_view(quads, {ours})
>>> [(n.iri, n.label, n.source) for n in found.nodes]
[('https://w3id.org/adkg/id/import/wp/node/d1', 'Dupilumab', 'wp')]
>>> [(e.source, e.label) for e in found.edges]
[('https://w3id.org/adkg/id/drug/dupilumab', 'exact match')]
>>> import_style("import:wp").label
'Imported: wp'
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from kg.core.namespaces import GRAPH_BASE

__all__ = ["IMPORT_GRAPHS", "IMPORT_CLASS_PREFIX", "LINK_LABELS", "is_import_graph", "ImportedNode", "ImportedEdge",
           "ImportedView", "ImportStyle", "imported_view", "imported_quads", "import_style", "tooltip"]

#: Where the imports' named graphs live.
IMPORT_GRAPHS = GRAPH_BASE + "import/"
#: The display class of an import's nodes is this prefix and the import's name.
IMPORT_CLASS_PREFIX = "import:"
_OURS = "https://w3id.org/adkg/id/"
_IMPORT_NODES = _OURS + "import/"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_NAMES = (_LABEL, "https://schema.org/name", "http://schema.org/name", "http://purl.org/dc/terms/title",
          "https://schema.org/headline")
_IDENTIFIER = "https://schema.org/identifier"
_EXACT = "http://www.w3.org/2004/02/skos/core#exactMatch"
#: The link predicates drawn, and their edge labels.
LINK_LABELS = {
    "http://www.w3.org/2002/07/owl#sameAs": "same as",
    _EXACT: "exact match",
    "http://www.w3.org/2004/02/skos/core#closeMatch": "close match",
    "http://www.w3.org/2004/02/skos/core#broadMatch": "broad match",
    "http://www.w3.org/2004/02/skos/core#narrowMatch": "narrow match",
    "http://www.w3.org/2004/02/skos/core#relatedMatch": "related match",
}
#: Colours of the imports, in the order of a hash of their names (the curated classes use others).
_PALETTE = ("#17becf", "#bcbd22", "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2")


def is_import_graph(graph: object) -> bool:
    """Whether ``graph`` (a pyoxigraph graph name) is one of an import's named graphs."""
    return isinstance(graph, ox.NamedNode) and graph.value.startswith(IMPORT_GRAPHS)


def _import_name(graph: ox.NamedNode) -> tuple[str, bool]:
    """(import name, whether the graph is its links graph)."""
    rest = graph.value[len(IMPORT_GRAPHS):]
    name, _, tail = rest.partition("/")
    return name, tail == "links"


def _is_ours(iri: str) -> bool:
    return iri.startswith(_OURS) and not iri.startswith(_IMPORT_NODES)


@dataclass(frozen=True)
class ImportedNode:
    iri: str
    label: str
    source: str                  # the import's name
    kinds: tuple[str, ...]       # the local names of its rdf:types
    identifiers: tuple[str, ...]  # schema:identifier values, as the source wrote them


@dataclass(frozen=True)
class ImportedEdge:
    source: str
    target: str
    label: str
    predicate: str


@dataclass(frozen=True)
class ImportedView:
    nodes: list[ImportedNode]
    edges: list[ImportedEdge]


def _local(iri: str) -> str:
    name = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).replace("_", " ")


_Object = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class _Import:
    """One import's triples (about its own nodes) and its links to ours."""

    def __init__(self) -> None:
        self.props: dict[str, list[tuple[str, _Object]]] = defaultdict(list)
        self.links: set[tuple[str, str, str]] = set()   # (ours, predicate, theirs)

    def node(self, iri: str, name: str) -> ImportedNode:
        props = sorted(self.props.get(iri, ()), key=lambda po: (po[0], str(po[1])))
        names = {p: o.value for p, o in reversed(props) if p in _NAMES and isinstance(o, ox.Literal)}
        label = next((names[p] for p in _NAMES if p in names), _local(iri))
        kinds = tuple(sorted({_local(o.value) for p, o in props if p == _TYPE and isinstance(o, ox.NamedNode)}))
        ids = tuple(sorted({o.value for p, o in props if p == _IDENTIFIER and isinstance(o, ox.Literal)}))
        return ImportedNode(iri, label, name, kinds, ids)


def _read(quads: Iterable[ox.Quad]) -> dict[str, _Import]:
    imports: dict[str, _Import] = defaultdict(_Import)
    for quad in quads:
        graph = quad.graph_name
        if not isinstance(graph, ox.NamedNode) or not is_import_graph(graph) \
                or not isinstance(quad.subject, ox.NamedNode):
            continue
        name, is_links = _import_name(graph)
        subject, predicate = quad.subject.value, quad.predicate.value
        if is_links:
            if predicate in LINK_LABELS and isinstance(quad.object, ox.NamedNode) and _is_ours(subject):
                imports[name].links.add((subject, predicate, quad.object.value))
        elif not _is_ours(subject):  # what an import says about our IRIs is not drawn
            imports[name].props[subject].append((predicate, quad.object))
    return imports


def imported_view(quads: Iterable[ox.Quad], drawn: set[str]) -> ImportedView:
    """The imported nodes and edges to draw beside the curated nodes ``drawn``: each import's
    nodes linked to a drawn node, the links, and the import's nodes that join two of them."""
    nodes: list[ImportedNode] = []
    edges: list[ImportedEdge] = []
    for name, data in sorted(_read(quads).items()):
        linked = {theirs for ours, _p, theirs in data.links if ours in drawn and not _is_ours(theirs)}
        neighbours: dict[str, set[str]] = defaultdict(set)
        inner: list[tuple[str, str, str]] = []
        for subject, props in data.props.items():
            for predicate, obj in props:
                if predicate == _TYPE or not isinstance(obj, ox.NamedNode) or _is_ours(obj.value):
                    continue
                target = obj.value
                inner.append((subject, predicate, target))
                if target in linked and subject not in linked:
                    neighbours[subject].add(target)
                if subject in linked and target not in linked:
                    neighbours[target].add(subject)
        joining = {node for node, touched in neighbours.items() if len(touched) >= 2 and node in data.props}
        shown = linked | joining
        nodes.extend(data.node(iri, name) for iri in sorted(shown))
        for ours, predicate, theirs in sorted(data.links):
            if ours in drawn and theirs in shown:
                edges.append(ImportedEdge(ours, theirs, LINK_LABELS[predicate], predicate))
        for subject, predicate, target in sorted(set(inner)):
            if subject in shown and target in shown and subject != target:
                edges.append(ImportedEdge(subject, target, _local(predicate).lower(), predicate))
    return ImportedView(nodes, edges)


def imported_quads(store: ox.Store, drawn: set[str]) -> list[ox.Quad]:
    """The quads of the imports that :func:`imported_view` needs for the curated nodes ``drawn``,
    read through the store's indexes: each links graph's links from a drawn node, then the linked
    nodes' own triples and the triples that point at them in the import's graph (so the cost
    follows the links, not the size of the imports)."""
    quads: list[ox.Quad] = []
    graphs = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and is_import_graph(g)]
    for links in sorted(graphs, key=lambda g: g.value):
        if not _import_name(links)[1]:  # not ".../import/NAME/links" (an import may be named "links")
            continue
        data = ox.NamedNode(links.value[: -len("/links")])
        linked: set[ox.NamedNode] = set()
        for ours in sorted(drawn):
            for quad in store.quads_for_pattern(ox.NamedNode(ours), None, None, links):
                if quad.predicate.value in LINK_LABELS and isinstance(quad.object, ox.NamedNode):
                    quads.append(quad)
                    linked.add(quad.object)
        around: set[ox.NamedNode] = set(linked)
        for node in sorted(linked, key=lambda n: n.value):
            for quad in store.quads_for_pattern(None, None, node, data):
                if isinstance(quad.subject, ox.NamedNode):
                    around.add(quad.subject)
            for quad in store.quads_for_pattern(node, None, None, data):
                if isinstance(quad.object, ox.NamedNode) and quad.predicate.value != _TYPE:
                    around.add(quad.object)
        for node in sorted(around, key=lambda n: n.value):
            quads.extend(store.quads_for_pattern(node, None, None, data))
    return quads


def tooltip(node: ImportedNode, linked_to: list[str]) -> str:
    """The plain-text tooltip of an imported node (``linked_to``: "exact match of dupilumab", ...)."""
    lines = [node.label, f"[Imported: {node.source}]"]
    if node.kinds:
        lines.append("Kind: " + ", ".join(node.kinds))
    if node.identifiers:
        lines.append("Identifiers (as the source writes them): " + ", ".join(node.identifiers[:8]))
    lines.extend(f"Linked: {text}" for text in linked_to[:8])
    lines.append(f"IRI: {node.iri}")
    return "\n".join(lines)


@dataclass(frozen=True)
class ImportStyle:
    key: str
    label: str
    colour: str
    shape: str


def import_style(key: str) -> ImportStyle:
    """The legend entry and colour of the display class ``import:NAME`` (fixed for a name)."""
    name = key[len(IMPORT_CLASS_PREFIX):]
    index = int(hashlib.sha256(name.encode()).hexdigest(), 16) % len(_PALETTE)
    return ImportStyle(key, f"Imported: {name}", _PALETTE[index], "square")
