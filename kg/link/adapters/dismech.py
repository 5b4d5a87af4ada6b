"""dismech disorder files (YAML): a disorder, its mechanisms, phenotypes, genes and treatments, in RDF.

dismech (https://github.com/monarch-initiative/dismech) keeps one disorder per YAML file
(``kb/disorders/Atopic_Dermatitis.yaml``), checked against its LinkML schema. Its ontology terms are
*descriptors*: ``{preferred_term, term: {id, label}}``. What each part becomes (docs/linking.md,
"dismech"):

* the **disorder** ``ctx.node("disorder", name)``: ``a biolink:Disease``, ``rdfs:label`` its name; its
  ``disease_term`` id (``MONDO:0004980``) is its identifier (``schema:identifier`` and a mention);
* each **entry** of ``pathophysiology`` (``a biolink:PathologicalProcess``, linked from the disorder by
  ``dismech:pathophysiology``), ``phenotypes`` (``biolink:PhenotypicFeature``, ``biolink:has_phenotype``),
  ``treatments`` (``biolink:Treatment``, ``biolink:treated_by``) and ``genetic`` (``biolink:Gene``,
  ``biolink:condition_associated_with_gene``): a node ``ctx.node(kind, name)`` with its name as label
  and its ``description``/``notes`` as ``rdfs:comment``; a mechanism's ``downstream`` targets by
  ``dismech:downstream``;
* each **term** a descriptor names ``ctx.node("term", id)``, one per id across the file: a Biolink
  class chosen by the slot (``genes`` -> ``Gene``, ``cell_types`` -> ``Cell``, ``therapeutic_agent`` ->
  ``Drug``, ...), ``rdfs:label`` the term's label, ``schema:identifier`` and a mention of the id as
  written (``hgnc:6014``); the entry points to it by the slot's own dismech IRI (``dismech:genes``);
* each cited **reference** (``PMID:...``, ``DOI:...``) ``ctx.node("reference", id)``: ``a
  biolink:Publication`` with its title, mentioned; the entry (or disorder) ``dcterms:references`` it.

>>> FORMATS[0].sniff("x.yaml", b"name: Asthma\\npathophysiology:\\n- name: Airway Inflammation\\n")
True
>>> _slot("genes")
('https://w3id.org/biolink/vocab/Gene', 'https://w3id.org/monarch-initiative/dismech/genes')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.core.errors import KgError
from kg.link.adapters.yamltree import YList, YMap, line_of, load
from kg.link.model import BIOLINK, RDF_TYPE, RDFS_LABEL, SCHEMA_IDENTIFIER, Context, Format, Once, Sink

__all__ = ["FORMATS", "read", "sniff"]

SPEC = "https://w3id.org/monarch-initiative/dismech"
DISMECH = "https://w3id.org/monarch-initiative/dismech/"
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
REFERENCES = ox.NamedNode("http://purl.org/dc/terms/references")
#: descriptor slot -> the Biolink class of the terms it names (others: biolink:NamedThing).
_SLOT_CLASSES = {
    "genes": "Gene", "gene_term": "Gene", "biological_processes": "BiologicalProcess", "cell_types": "Cell",
    "cellular_components": "CellularComponent", "locations": "AnatomicalEntity",
    "anatomical_entities": "AnatomicalEntity", "chemical_entities": "ChemicalEntity",
    "phenotype_term": "PhenotypicFeature", "treatment_term": "Procedure", "therapeutic_agent": "Drug",
    "disease_term": "Disease",
}
#: list slot of the disorder -> (node kind, Biolink class, predicate from the disorder).
_ENTRIES = {
    "pathophysiology": ("mechanism", "PathologicalProcess", DISMECH + "pathophysiology"),
    "phenotypes": ("phenotype", "PhenotypicFeature", BIOLINK + "has_phenotype"),
    "genetic": ("genetic", "Gene", BIOLINK + "condition_associated_with_gene"),
    "treatments": ("treatment", "Treatment", BIOLINK + "treated_by"),
}


def sniff(name: str, head: bytes) -> bool:
    """A dismech file starts with the disorder's name and has mechanisms or a disease term."""
    starts = head.startswith(b"name:") or b"\nname:" in head
    return starts and any(word in head for word in (b"\npathophysiology:", b"\ndisease_term:"))


#: What a dismech (LinkML) slot name is; it becomes part of an IRI.
_SLOT_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _slot(slot: str) -> tuple[str, str]:
    """The Biolink class of a descriptor slot's terms, and the slot's own dismech IRI."""
    return BIOLINK + _SLOT_CLASSES.get(slot, "NamedThing"), DISMECH + slot


def _is_descriptor(value: Any) -> bool:
    return isinstance(value, YMap) and isinstance(value.get("term"), YMap)


def _descriptor_slots(entry: YMap) -> Iterator[tuple[str, str, YMap, int]]:
    """(slot, field, descriptor, the slot's line) for each descriptor directly in a slot of ``entry``, in order."""
    for slot, value in entry.items():
        items = value if isinstance(value, YList) else [value]
        for index, item in enumerate(items):
            if _is_descriptor(item):
                field = f"{slot}[{index}]" if isinstance(value, YList) else slot
                yield slot, field, item, entry.key_lines.get(slot, entry.line)


class _Reader:
    """Reads one disorder file into a sink; says each (node, predicate, value) once."""

    def __init__(self, path: Path, sink: Sink, ctx: Context) -> None:
        self.file, self.sink, self.ctx = path, sink, ctx
        self.once = Once(sink)

    def fail(self, line: int, record: str, field: str, message: str) -> KgError:
        return KgError(f"{self.file}:{line}: {record}, field '{field}': {message}")

    def add(self, node: ox.NamedNode, predicate: str | ox.NamedNode, obj: ox.NamedNode | ox.Literal) -> bool:
        predicate = predicate if isinstance(predicate, ox.NamedNode) else ox.NamedNode(predicate)
        return self.once.add(node, predicate, obj)

    def name(self, entry: Any, record: str, line: int) -> str:
        if not isinstance(entry, YMap):
            raise KgError(f"{self.file}:{line_of(entry, line)}: {record}: expected a mapping")
        value = entry.get("name")
        if not isinstance(value, str) or not value.strip():
            raise self.fail(entry.key_lines.get("name", entry.line), record, "name", "required text is missing")
        return value.strip()

    def identify(self, node: ox.NamedNode, text: str, line: int) -> None:
        if self.add(node, SCHEMA_IDENTIFIER, ox.Literal(text)):
            self.sink.mention(node, text, f"line {line}")

    def describe(self, node: ox.NamedNode, entry: YMap) -> None:
        for key in ("description", "notes"):
            if isinstance(entry.get(key), str):
                self.add(node, RDFS_COMMENT, ox.Literal(entry[key].strip()))

    def disorder(self, data: Any) -> None:
        if not isinstance(data, YMap):
            raise KgError(f"{self.file}: expected a dismech disorder (a mapping with a name)")
        name = self.name(data, "the disorder", 1)
        disorder = self.ctx.node("disorder", name)
        self.add(disorder, RDF_TYPE, ox.NamedNode(BIOLINK + "Disease"))
        self.add(disorder, RDFS_LABEL, ox.Literal(name))
        self.describe(disorder, data)
        term = data.get("disease_term")
        if term is not None:
            self.term_id(term, "the disorder", "disease_term", disorder)
        for slot, (kind, category, predicate) in _ENTRIES.items():
            entries = data.get(slot)
            if entries is None:
                continue
            if not isinstance(entries, YList):
                raise self.fail(data.key_lines[slot], "the disorder", slot, "expected a list")
            for index, entry in enumerate(entries):
                node = self.entry(entry, kind, category, f"{slot}[{index}]", data.key_lines[slot])
                self.add(disorder, predicate, node)
        self.references(disorder, data.get("references"))

    def entry(self, entry: Any, kind: str, category: str, record: str, line: int) -> ox.NamedNode:
        name = self.name(entry, record, line)
        node = self.ctx.node(kind, name)
        self.add(node, RDF_TYPE, ox.NamedNode(BIOLINK + category))
        self.add(node, RDFS_LABEL, ox.Literal(name))
        self.describe(node, entry)
        self.descriptors(node, entry, f"{kind} '{name}'")
        for index, step in enumerate(entry.get("downstream") or []):
            target = step.get("target") if isinstance(step, YMap) else None
            if not isinstance(target, str) or not target.strip():
                raise self.fail(line_of(step, entry.line), f"{kind} '{name}'", f"downstream[{index}].target",
                                "required text is missing")
            self.add(node, DISMECH + "downstream", self.ctx.node("mechanism", target.strip()))
        self.references(node, entry.get("evidence"))
        return node

    def descriptors(self, owner: ox.NamedNode, entry: YMap, record: str) -> None:
        """Every descriptor slot of ``entry`` (one descriptor or a list), nested ones included, depth
        first in document order (with a stack, not recursion: YAML may nest deeper than Python)."""
        stack: list[Iterator[tuple[str, str, YMap, int]]] = [_descriptor_slots(entry)]
        while stack:
            found = next(stack[-1], None)
            if found is None:
                stack.pop()
                continue
            slot, field, item, line = found
            if _SLOT_NAME.fullmatch(slot) is None:
                raise self.fail(line, record, field,
                                "a descriptor's slot is a name of letters, digits and '_' (a dismech slot)")
            self.add(owner, _slot(slot)[1], self.term_node(item, record, field, slot))
            stack.append(_descriptor_slots(item))

    def term_id(self, descriptor: Any, record: str, field: str, node: ox.NamedNode) -> None:
        """Put the id of ``descriptor`` on ``node`` (the disorder's own disease term)."""
        term = descriptor.get("term") if isinstance(descriptor, YMap) else None
        identifier = term.get("id") if isinstance(term, YMap) else None
        if not isinstance(term, YMap) or not isinstance(identifier, str) or not identifier.strip():
            raise self.fail(line_of(term, line_of(descriptor, 1)), record, f"{field}.term.id",
                            "required text is missing")
        self.identify(node, identifier.strip(), term.key_lines["id"])

    def term_node(self, descriptor: YMap, record: str, field: str, slot: str) -> ox.NamedNode:
        term = descriptor["term"]
        identifier = term.get("id")
        if not isinstance(identifier, str) or not identifier.strip():
            raise self.fail(term.line, record, f"{field}.term.id", "required text is missing")
        node = self.ctx.node("term", identifier.strip())
        self.add(node, RDF_TYPE, ox.NamedNode(_slot(slot)[0]))
        label = term.get("label") or descriptor.get("preferred_term")
        if isinstance(label, str) and label.strip():
            self.add(node, RDFS_LABEL, ox.Literal(label.strip()))
        self.identify(node, identifier.strip(), term.key_lines["id"])
        return node

    def references(self, owner: ox.NamedNode, items: Any) -> None:
        """Each cited reference (evidence items, the disorder's references) as a publication."""
        for item in items if isinstance(items, YList) else []:
            reference = item.get("reference") if isinstance(item, YMap) else None
            if not isinstance(reference, str) or not reference.strip():
                continue
            node = self.ctx.node("reference", reference.strip())
            self.add(node, RDF_TYPE, ox.NamedNode(BIOLINK + "Publication"))
            title = item.get("reference_title") or item.get("title")
            if isinstance(title, str) and title.strip():
                self.add(node, RDFS_LABEL, ox.Literal(" ".join(title.split())))
            self.identify(node, reference.strip(), item.key_lines["reference"])
            self.add(owner, REFERENCES, node)


def read(path: Path, sink: Sink, ctx: Context) -> None:
    """Read one dismech disorder file into ``sink``."""
    _Reader(path, sink, ctx).disorder(load(path))


FORMATS = (Format(name="dismech", title="dismech disorder (YAML, Monarch Initiative)", extensions=(".yaml", ".yml"),
                  sniff=sniff, read=read, spec=SPEC),)
