"""WikiPathways pathways: GPML (the 2013a and 2021 namespaces) and the datanodes TSV
(:mod:`kg.link.adapters.wikipathways_tsv`).

A GPML file becomes:

* the **pathway**: ``biolink:Pathway``, its name, its WikiPathways id (``WP5538``, from
  ``Version="WP5538_r140899"``) as ``schema:identifier`` and the mention ``wikipathways:WP5538``,
  its description (``dcterms:description``), and ``biolink:has_participant`` each DataNode;
* each **DataNode**: a node of the Biolink category its ``Type`` and Xref say
  (:func:`~kg.link.adapters.wikipathways_vocab.category`), its TextLabel, its GraphId
  (``dcterms:identifier``), the Xref's ID as written (``schema:identifier``) and the mention
  ``Database:ID`` (:func:`~kg.link.adapters.wikipathways_vocab.mention_text`: ``Ensembl:ENSG...``,
  ``DrugBank:DB12159``, ``NCBIGene:3566``);
* each **Group**: a node (``biolink:MacromolecularComplex`` when its style is Complex, else
  ``biolink:NamedThing``) that ``biolink:has_part`` its members;
* each **Interaction** whose two ends are DataNodes, Groups or Anchors (another interaction): an
  interaction node (``wp:Interaction`` and its WikiPathways class, ``wp:source``, ``wp:target``)
  and the direct edge source -> target with the Biolink predicate of its arrow head; interactions
  that end on a label, a shape or nowhere draw no edge;
* each **publication** (Biopax PublicationXref, 2021 Citation): ``biolink:Publication`` with its
  mention (``PubMed:35291649``), referred to with ``dcterms:references`` by the elements citing it;
  pathway **ontology tags** (Biopax openControlledVocabulary, 2021 Annotation with an Xref): a node
  with the tag's identifier as its mention (``DOID:3310``), ``biolink:related_to`` from the pathway.

>>> from kg.link.model import Collector, Context
>>> root = b'<Pathway xmlns="http://pathvisio.org/GPML/2013a" Name="P" Version="WP1_r2">' \\
...        b'<DataNode TextLabel="IL4R" GraphId="n1" Type="GeneProduct"><Xref Database="Entrez Gene" ID="3566"/>' \\
...        b'</DataNode></Pathway>'
>>> sink = Collector()
>>> read_root(safexml.parse_bytes(root, "p.gpml"), sink, Context("wp", Path("p.gpml")))
>>> [m.text for m in sink.mentions]
['wikipathways:WP1', 'NCBIGene:3566']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.core.errors import KgError
from kg.link.adapters import safexml, wikipathways_tsv
from kg.link.adapters.safexml import Element
from kg.link.adapters.wikipathways_vocab import biolink, category, dcterms, interaction, mention_text, prefix_of, wp
from kg.link.model import RDF_TYPE, RDFS_LABEL, SCHEMA_IDENTIFIER, Context, Format, Sink

__all__ = ["FORMATS", "read", "read_root", "sniff"]

GPML_2013A = "http://pathvisio.org/GPML/2013a"
GPML_2021 = "http://pathvisio.org/GPML/2021"
_WPID = re.compile(r"WP\d+")
_CONTAINERS = frozenset({"DataNodes", "Interactions", "Groups", "Labels", "Shapes", "GraphicalLines",
                         "Citations", "Annotations", "Evidences"})
_HAS_PARTICIPANT = biolink("has_participant")
_HAS_PART = biolink("has_part")
_RELATED_TO = biolink("related_to")
_SCHEMA_VERSION = ox.NamedNode("https://schema.org/version")


@dataclass(frozen=True)
class _Dialect:
    """The attribute names of one GPML version."""

    node_id: str
    label: str
    type: str
    group_ref: str
    database: str
    identifier: str
    point_ref: str
    arrow: str
    group_key: str     # what a DataNode's group reference names
    group_target: str  # what an interaction's point names when it ends on a group
    group_style: str
    title: str


_2013A = _Dialect("GraphId", "TextLabel", "Type", "GroupRef", "Database", "ID", "GraphRef", "ArrowHead",
                  "GroupId", "GraphId", "Style", "Name")
_2021 = _Dialect("elementId", "textLabel", "type", "groupRef", "dataSource", "identifier", "elementRef",
                 "arrowHead", "elementId", "elementId", "type", "title")


def sniff(name: str, head: bytes) -> bool:
    """A GPML pathway: a ``<Pathway`` element in a GPML namespace."""
    return b"<Pathway" in head and (b"pathvisio.org/GPML/" in head or b"genmapp.org/GPML/" in head)


def read(path: Path, sink: Sink, ctx: Context) -> None:
    """Read the GPML file ``path`` into ``sink`` (see the module's documentation)."""
    read_root(safexml.parse(path), sink, ctx, str(path))


def read_root(root: Element, sink: Sink, ctx: Context, where: str = "") -> None:
    """Map a parsed GPML document (its root element) into ``sink``."""
    where = where or str(ctx.source)
    if root.local != "Pathway" or "/GPML/" not in root.namespace:
        raise KgError(f"{where}:{root.line}: not a GPML pathway (the root element is {root.tag!r})")
    _Reader(root, sink, ctx, _2021 if root.namespace == GPML_2021 else _2013A).run()


class _Reader:
    def __init__(self, root: Element, sink: Sink, ctx: Context, dialect: _Dialect) -> None:
        self.root, self.sink, self.ctx, self.d = root, sink, ctx, dialect
        self.elements: dict[str, list[Element]] = {}
        for child in root.children:
            for element in (child.children if child.local in _CONTAINERS else [child]):
                self.elements.setdefault(element.local, []).append(element)
        self.pathway = ctx.node("pathway", self._pathway_id())
        self.publications: dict[str, ox.NamedNode] = {}
        self.targets: dict[str, ox.NamedNode] = {}   # GraphId/elementId an interaction may end on -> node
        self.groups: dict[str, ox.NamedNode] = {}    # group key -> group node
        self.members: dict[str, list[ox.NamedNode]] = {}  # group node IRI -> member DataNodes

    def _all(self, local: str) -> list[Element]:
        return self.elements.get(local, [])

    def run(self) -> None:
        self._publications()
        self._pathway()
        for group in self._all("Group"):
            key = group.attrs.get(self.d.group_key) or f"line-{group.line}"
            node = self.ctx.node("group", key)
            self.groups[key] = node
            self.targets[group.attrs.get(self.d.group_target) or key] = node
        for element in self._all("Interaction"):
            for anchor in _points(element, "Anchor"):
                if self.d.node_id in anchor.attrs:
                    self.targets[anchor.attrs[self.d.node_id]] = self._interaction_node(element)
        for element in self._all("DataNode"):
            self._datanode(element)
        for group in self._all("Group"):
            self._group(group)
        for element in self._all("Interaction"):
            self._interaction(element)
        self._ontology_tags()

    def _pathway_id(self) -> str:
        found = _WPID.search(self.root.attrs.get("Version", ""))
        xref = self.root.find("Xref")
        if found is None and xref is not None:
            found = _WPID.search(xref.attrs.get(self.d.identifier, ""))
        return found.group(0) if found else self.ctx.source.stem

    def _pathway(self) -> None:
        add, node, attrs = self.sink.add, self.pathway, self.root.attrs
        add(node, RDF_TYPE, biolink("Pathway"))
        if attrs.get(self.d.title):
            add(node, RDFS_LABEL, ox.Literal(attrs[self.d.title]))
        wpid = self._pathway_id()
        add(node, SCHEMA_IDENTIFIER, ox.Literal(wpid))
        if _WPID.fullmatch(wpid):
            self.sink.mention(node, f"wikipathways:{wpid}", f"line {self.root.line}: Pathway, field 'Version'")
        if attrs.get("Version"):
            add(node, _SCHEMA_VERSION, ox.Literal(attrs["Version"]))
        description: Element | None = self.root.find("Description")
        for comment in self.root.findall("Comment"):
            if comment.attrs.get("Source", comment.attrs.get("source")) == "WikiPathways-description":
                description = comment
        if description is not None and description.text.strip():
            add(node, dcterms("description"), ox.Literal(description.text.strip()))
        self._references(self.root, node)

    def _datanode(self, element: Element) -> None:
        d = self.d
        local = element.attrs.get(d.node_id) or f"line-{element.line}"
        node = self.ctx.node("datanode", local)
        label = element.attrs.get(d.label, "")
        xref = element.find("Xref")
        database = xref.attrs.get(d.database, "").strip() if xref is not None else ""
        identifier = xref.attrs.get(d.identifier, "").strip() if xref is not None else ""
        add = self.sink.add
        add(node, RDF_TYPE, category(element.attrs.get(d.type, ""), prefix_of(database)))
        if label:
            add(node, RDFS_LABEL, ox.Literal(label))
        add(node, dcterms("identifier"), ox.Literal(local))
        if xref is not None and identifier:
            add(node, SCHEMA_IDENTIFIER, ox.Literal(identifier))
            record = f"line {xref.line}: DataNode '{local}' ({label})"
            if database:
                self.sink.mention(node, mention_text(database, identifier), f"{record}, field 'Xref'")
        add(self.pathway, _HAS_PARTICIPANT, node)
        self.targets.setdefault(local, node)
        self._references(element, node)
        group = self.groups.get(element.attrs.get(d.group_ref, ""))
        if group is not None:
            self.members.setdefault(group.value, []).append(node)

    def _group(self, group: Element) -> None:
        key = group.attrs.get(self.d.group_key) or f"line-{group.line}"
        node = self.groups[key]
        style = group.attrs.get(self.d.group_style, "")
        kind = "MacromolecularComplex" if style.casefold() == "complex" else "NamedThing"
        self.sink.add(node, RDF_TYPE, biolink(kind))
        label = group.attrs.get(self.d.label, "")
        if label:
            self.sink.add(node, RDFS_LABEL, ox.Literal(label))
        self.sink.add(node, dcterms("identifier"), ox.Literal(key))
        for member in self.members.get(node.value, []):
            self.sink.add(node, _HAS_PART, member)

    def _interaction_node(self, element: Element) -> ox.NamedNode:
        return self.ctx.node("interaction", element.attrs.get(self.d.node_id) or f"line-{element.line}")

    def _interaction(self, element: Element) -> None:
        points = list(_points(element, "Point"))
        if len(points) < 2:
            return
        first, last = points[0], points[-1]
        arrow, back = last.attrs.get(self.d.arrow, ""), first.attrs.get(self.d.arrow, "")
        if interaction(arrow)[0] == "Interaction" and interaction(back)[0] != "Interaction":
            first, last, arrow = last, first, back  # the arrow head is on the first point: drawn from its end
        source = self.targets.get(first.attrs.get(self.d.point_ref, ""))
        target = self.targets.get(last.attrs.get(self.d.point_ref, ""))
        if source is None or target is None:
            return
        kind, predicate = interaction(arrow)
        node, add = self._interaction_node(element), self.sink.add
        add(node, RDF_TYPE, wp("Interaction"))
        if kind != "Interaction":
            add(node, RDF_TYPE, wp(kind))
        add(node, dcterms("identifier"), ox.Literal(element.attrs.get(self.d.node_id, "")))
        add(node, wp("source"), source)
        add(node, wp("target"), target)
        add(node, dcterms("isPartOf"), self.pathway)
        add(source, predicate, target)
        xref = element.find("Xref")
        if xref is not None and xref.attrs.get(self.d.identifier, "").strip() and xref.attrs.get(self.d.database):
            identifier = xref.attrs[self.d.identifier].strip()
            add(node, SCHEMA_IDENTIFIER, ox.Literal(identifier))
            self.sink.mention(node, mention_text(xref.attrs[self.d.database], identifier),
                              f"line {xref.line}: Interaction '{element.attrs.get(self.d.node_id, '')}', field 'Xref'")
        self._references(element, node)

    def _publications(self) -> None:
        """Biopax PublicationXrefs (2013a) and Citations (2021), by the id elements cite them with."""
        for biopax in self._all("Biopax"):
            for pub in biopax.findall("PublicationXref"):
                key = pub.attrs.get("id", "")
                fields = {child.local: child.text.strip() for child in pub.children}
                self._publication(key, fields.get("DB", ""), fields.get("ID", ""), fields.get("TITLE", ""), pub.line)
        for citation in self._all("Citation"):
            xref = citation.find("Xref")
            if xref is not None:
                self._publication(citation.attrs.get("elementId", ""), xref.attrs.get("dataSource", ""),
                                  xref.attrs.get("identifier", ""), "", xref.line)

    def _publication(self, key: str, database: str, identifier: str, title: str, line: int) -> None:
        if not key or not identifier:
            return
        node = self.ctx.node("publication", key)
        self.publications[key] = node
        self.sink.add(node, RDF_TYPE, biolink("Publication"))
        if title:
            self.sink.add(node, RDFS_LABEL, ox.Literal(title))
        self.sink.add(node, SCHEMA_IDENTIFIER, ox.Literal(identifier))
        if database:
            self.sink.mention(node, mention_text(database, identifier), f"line {line}: publication '{key}', field 'ID'")

    def _references(self, element: Element, node: ox.NamedNode) -> None:
        keys = [ref.text.strip() for ref in element.findall("BiopaxRef")]
        keys += [ref.attrs.get("elementRef", "") for ref in element.findall("CitationRef")]
        for key in keys:
            if key in self.publications:
                self.sink.add(node, dcterms("references"), self.publications[key])

    def _ontology_tags(self) -> None:
        tags: list[tuple[str, str, str, int]] = []  # (identifier, term, ontology, line)
        for biopax in self._all("Biopax"):
            for vocabulary in biopax.findall("openControlledVocabulary"):
                fields = {child.local: child.text.strip() for child in vocabulary.children}
                tags.append((fields.get("ID", ""), fields.get("TERM", ""), fields.get("Ontology", ""), vocabulary.line))
        tagged = {ref.attrs.get("elementRef", "") for ref in self.root.findall("AnnotationRef")}
        for annotation in self._all("Annotation"):
            xref = annotation.find("Xref")
            if xref is not None and annotation.attrs.get("elementId") in tagged:
                identifier = mention_text(xref.attrs.get("dataSource", ""), xref.attrs.get("identifier", ""))
                value, kind = annotation.attrs.get("value", ""), annotation.attrs.get("type", "")
                tags.append((identifier, value, kind, xref.line))
        for identifier, term, ontology, line in tags:
            if not identifier.strip(":"):
                continue
            node = self.ctx.node("term", identifier)
            self.sink.add(node, RDF_TYPE, biolink({"disease": "Disease", "cell type": "Cell"}.get(ontology.casefold(),
                                                                                                "NamedThing")))
            if term:
                self.sink.add(node, RDFS_LABEL, ox.Literal(term))
            self.sink.add(node, SCHEMA_IDENTIFIER, ox.Literal(identifier))
            self.sink.mention(node, identifier, f"line {line}: ontology tag '{term}', field 'ID'")
            self.sink.add(self.pathway, _RELATED_TO, node)


def _points(interaction: Element, local: str) -> list[Element]:
    """The Points (or Anchors) of an interaction: under Graphics (2013a) or Waypoints (2021)."""
    return [p for part in interaction.children if part.local in {"Graphics", "Waypoints"} for p in part.findall(local)]


FORMATS: tuple[Format, ...] = (
    Format("gpml", "WikiPathways GPML (2013a, 2021)", (".gpml",), sniff, read,
           "https://github.com/PathVisio/GPML"),
    wikipathways_tsv.FORMAT,
)
