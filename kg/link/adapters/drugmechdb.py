"""DrugMechDB indication paths (YAML): each path, its concepts and its relationships, in RDF.

DrugMechDB (https://github.com/SuLab/DrugMechDB) curates, for a drug and one of its indications,
the mechanism of action as a small directed graph. ``indication_paths.yaml`` is a list of such
paths; a file holding one path as a mapping (the per-path layout) is read too. What each becomes
(docs/linking.md, "DrugMechDB"):

* a **path** ``ctx.node("path", _id)``: ``a biolink:InformationContentEntity``, ``dcterms:identifier``
  its ``_id``, ``rdfs:label`` "drug - disease", ``rdfs:comment`` its ``comment``, and
  ``biolink:has_part`` each of its concepts;
* a **concept** (an entry of ``nodes``) ``ctx.node("node", id)``, one per identifier across the file:
  ``a biolink:<label>`` (DrugMechDB's labels are Biolink class names; the retired
  ``ChemicalSubstance`` becomes ``ChemicalEntity``), ``rdfs:label`` its name(s), ``schema:identifier``
  and a mention of its ``id`` as written; the path's drug concept also gets the path's
  ``drugbank`` (``DB:DB12159``) as a second identifier and mention;
* a **relationship** (an entry of ``links``): ``source biolink:<key> target``, the key's words joined
  by ``_`` (``decreases activity of`` -> ``biolink:decreases_activity_of``), and a **step** of its
  path ``ctx.node("step", "_id-N")`` (N from 1, in the file's order) ``a biolink:Association`` with
  ``biolink:subject``, ``biolink:predicate``, ``biolink:object``, ``dcterms:isPartOf`` the path and
  ``schema:position`` N: concepts are shared across paths, so which relationships make up a path
  is said by its steps; and the indication itself: drug concept ``biolink:treats`` disease concept.

>>> FORMATS[0].sniff("x.yaml", b"- graph: {disease_mesh: MESH:D1, drug_mesh: MESH:C2}\\n  links: []\\n  nodes: []")
True
>>> _predicate("decreases activity of").value
'https://w3id.org/biolink/vocab/decreases_activity_of'
>>> _category("ChemicalSubstance").value
'https://w3id.org/biolink/vocab/ChemicalEntity'
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.core.errors import KgError
from kg.link.adapters.yamltree import YList, YMap, line_of, load
from kg.link.model import BIOLINK, RDF_TYPE, RDFS_LABEL, SCHEMA_IDENTIFIER, Context, Format, Once, Sink

__all__ = ["FORMATS", "read", "sniff"]

SPEC = "https://github.com/SuLab/DrugMechDB/blob/main/CurationGuide.md"
DCTERMS_IDENTIFIER = ox.NamedNode("http://purl.org/dc/terms/identifier")
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
HAS_PART = ox.NamedNode(BIOLINK + "has_part")
TREATS = ox.NamedNode(BIOLINK + "treats")
PATH_TYPE = ox.NamedNode(BIOLINK + "InformationContentEntity")
STEP_TYPE = ox.NamedNode(BIOLINK + "Association")
SUBJECT, PREDICATE, OBJECT = (ox.NamedNode(BIOLINK + name) for name in ("subject", "predicate", "object"))
IS_PART_OF = ox.NamedNode("http://purl.org/dc/terms/isPartOf")
POSITION = ox.NamedNode("https://schema.org/position")
#: DrugMechDB labels that are Biolink classes under another name today.
_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_RENAMED = {"ChemicalSubstance": "ChemicalEntity"}
_CLASS = re.compile(r"[A-Z][A-Za-z]*")
_PREDICATE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


def sniff(name: str, head: bytes) -> bool:
    """A DrugMechDB path file names a drug's and a disease's MeSH ids beside its links and nodes."""
    return all(word in head for word in (b"drug_mesh:", b"disease_mesh:", b"links:", b"nodes:"))


def _category(label: str) -> ox.NamedNode:
    return ox.NamedNode(BIOLINK + _RENAMED.get(label, label))


def _predicate(key: str) -> ox.NamedNode:
    return ox.NamedNode(BIOLINK + "_".join(key.lower().split()))


class _Reader:
    """Reads the paths of one file into a sink; remembers what it has said about each concept."""

    def __init__(self, path: Path, sink: Sink, ctx: Context) -> None:
        self.file, self.sink, self.ctx = path, sink, ctx
        self.once = Once(sink).add  # concepts recur across paths: each fact once

    def fail(self, record: str, field: str, message: str, line: int) -> KgError:
        return KgError(f"{self.file}:{line}: {record}, field '{field}': {message}")

    def text(self, where: YMap, key: str, record: str, field: str, required: bool = True) -> str | None:
        value = where.get(key)
        line = where.key_lines.get(key, where.line)
        if value is None or value == "":
            if required:
                raise self.fail(record, field, "required field is missing", line)
            return None
        if not isinstance(value, str):
            raise self.fail(record, field, "expected text", line)
        return value.strip()

    def need(self, where: YMap, key: str, record: str, field: str) -> str:
        value = self.text(where, key, record, field)
        if value is None:  # text() raised already; this keeps the type checker informed
            raise self.fail(record, field, "required field is missing", where.line)
        return value

    def identify(self, node: ox.NamedNode, text: str, line: int) -> None:
        """Say that ``node`` has the identifier ``text`` (a literal and a mention), once."""
        if self.once(node, SCHEMA_IDENTIFIER, ox.Literal(text)):
            self.sink.mention(node, text, f"line {line}")

    def path(self, entry: Any, index: int) -> None:
        if not isinstance(entry, YMap):
            raise KgError(f"{self.file}:{line_of(entry, 1)}: path {index}: expected a mapping")
        graph = self.part(entry, "graph", YMap, f"path {index}")
        local = self.text(graph, "_id", f"path {index}", "graph._id", required=False) or str(index)
        record = f"path '{local}'"
        nodes = self.part(entry, "nodes", YList, record)
        links = self.part(entry, "links", YList, record)
        if not nodes:
            raise self.fail(record, "nodes", "a path needs at least one node", nodes.line)
        subject = self.ctx.node("path", local)
        self.sink.add(subject, RDF_TYPE, PATH_TYPE)
        self.sink.add(subject, DCTERMS_IDENTIFIER, ox.Literal(local))
        names = [self.text(graph, key, record, f"graph.{key}", required=False) for key in ("drug", "disease")]
        if all(names):
            self.sink.add(subject, RDFS_LABEL, ox.Literal(f"{names[0]} - {names[1]}"))
        comment = self.text(entry, "comment", record, "comment", required=False)
        if comment:
            self.sink.add(subject, RDFS_COMMENT, ox.Literal(comment))
        concepts: dict[str, ox.NamedNode] = {}
        for position, item in enumerate(nodes):
            identifier, concept = self.concept(item, record, f"nodes[{position}]")
            concepts.setdefault(identifier, concept)
            self.once(subject, HAS_PART, concept)
        for position, item in enumerate(links):
            source, predicate, target = self.link(item, concepts, record, f"links[{position}]")
            step = self.ctx.node("step", f"{local}-{position + 1}")
            for p, o in ((RDF_TYPE, STEP_TYPE), (SUBJECT, source), (PREDICATE, predicate), (OBJECT, target),
                         (IS_PART_OF, subject), (POSITION, ox.Literal(str(position + 1), datatype=_INTEGER))):
                self.sink.add(step, p, o)
        self.indication(graph, concepts, record)

    def part(self, entry: YMap, key: str, kind: type, record: str) -> Any:
        value = entry.get(key)
        if not isinstance(value, kind):
            shown = "a mapping" if kind is YMap else "a list"
            problem = "required field is missing" if value is None else f"expected {shown}"
            raise self.fail(record, key, problem, entry.key_lines.get(key, entry.line))
        return value

    def concept(self, item: Any, record: str, field: str) -> tuple[str, ox.NamedNode]:
        if not isinstance(item, YMap):
            raise self.fail(record, field, "expected a mapping with id, label and name", line_of(item, 1))
        identifier = self.need(item, "id", record, f"{field}.id")
        label = self.need(item, "label", record, f"{field}.label")
        name = self.text(item, "name", record, f"{field}.name", required=False)
        if not _CLASS.fullmatch(label):
            raise self.fail(record, f"{field}.label", f"{label!r} is not a Biolink class name such as "
                            "Drug or Protein", item.key_lines["label"])
        concept = self.ctx.node("node", identifier)
        self.once(concept, RDF_TYPE, _category(label))
        if name:
            self.once(concept, RDFS_LABEL, ox.Literal(name))
        self.identify(concept, identifier, item.key_lines["id"])
        return identifier, concept

    def link(self, item: Any, concepts: dict[str, ox.NamedNode], record: str,
             field: str) -> tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode]:
        if not isinstance(item, YMap):
            raise self.fail(record, field, "expected a mapping with key, source and target", line_of(item, 1))
        key = self.need(item, "key", record, f"{field}.key")
        if not _PREDICATE.fullmatch("_".join(key.lower().split())):
            raise self.fail(record, f"{field}.key", f"{key!r} is not a relationship name such as "
                            "'decreases activity of'", item.key_lines["key"])
        predicate = _predicate(key)
        ends = []
        for end in ("source", "target"):
            identifier = self.need(item, end, record, f"{field}.{end}")
            if identifier not in concepts:
                raise self.fail(record, f"{field}.{end}", f"{identifier!r} is not one of the path's nodes",
                                item.key_lines[end])
            ends.append(concepts[identifier])
        self.once(ends[0], predicate, ends[1])
        return ends[0], predicate, ends[1]

    def indication(self, graph: YMap, concepts: dict[str, ox.NamedNode], record: str) -> None:
        """The path's drug concept gets its DrugBank id; the drug treats the disease."""
        drug_ids = [self.text(graph, key, record, f"graph.{key}", required=False) for key in ("drug_mesh", "drugbank")]
        drug = next((concepts[i] for i in drug_ids if i in concepts), None)
        disease_id = self.text(graph, "disease_mesh", record, "graph.disease_mesh", required=False)
        if drug is not None and drug_ids[1]:
            self.identify(drug, drug_ids[1], graph.key_lines["drugbank"])
        if drug is not None and disease_id in concepts:
            self.once(drug, TREATS, concepts[disease_id])


def read(path: Path, sink: Sink, ctx: Context) -> None:
    """Read a DrugMechDB path file (a list of paths, or one path) into ``sink``."""
    data = load(path)
    entries = YList([data]) if isinstance(data, YMap) else data
    if not isinstance(entries, list):
        raise KgError(f"{path}: expected a list of DrugMechDB paths (or one path as a mapping)")
    reader = _Reader(path, sink, ctx)
    for index, entry in enumerate(entries, 1):
        reader.path(entry, index)


FORMATS = (Format(name="drugmechdb", title="DrugMechDB indication paths (YAML)", extensions=(".yaml", ".yml"),
                  sniff=sniff, read=read, spec=SPEC),)
