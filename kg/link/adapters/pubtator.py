"""PubTator3 BioC JSON: PubMed abstracts with their entity annotations, as the PubTator3 API exports
them (``/publications/export/biocjson``).

Accepted shapes: ``{"PubTator3": [document, ...]}`` (the export since 2024), a BioC collection
``{"documents": [...]}``, a JSON array of documents, or one document object. Each document becomes:

* a ``biolink:Publication`` (``publication/PMID``) labelled with its title passage, with the
  mentions ``PMID:<pmid>``, ``pmc:<pmcid>`` and ``doi:<doi>`` (the DOI from the document's infons,
  else from the ``doi:`` in the title passage's journal infon) and each of them as
  ``schema:identifier``;
* for each distinct annotated concept (its ``type`` and ``identifier`` infons), one node of the
  import (``concept/TYPE/IDENTIFIER``, shared by every document of the file) of the Biolink category
  of its type, labelled with the concept's ``name`` infon (else the first text annotated), with the
  identifier as written as ``schema:identifier``, and the publication ``biolink:mentions`` it.

Mention text: PubTator3 writes MeSH (and other prefixed) identifiers as CURIEs (``MESH:D003876``):
those are mentioned as written. Genes, species and cell lines come bare (``3565``, ``9606``,
``CVCL_0030``): the type names their space (:data:`BARE`), so ``3565`` of a Gene is mentioned
``NCBIGene:3565``. ``;``-separated identifiers are mentioned one by one. Variants carry tmVar
descriptions (``tmVar:p|SUB|S|161|A;HGVS:p.S161A;...``), not identifiers: only their dbSNP ids
(``rs...``) are mentioned. Annotations PubTator3 could not normalise (no identifier, or ``-``) are left out.

>>> mention_texts("Gene", "3565;3566"), mention_texts("Disease", "MESH:D003876"), mention_texts("Variant", "rs2243250")
(['NCBIGene:3565', 'NCBIGene:3566'], ['MESH:D003876'], ['dbSNP:rs2243250'])
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.core.errors import KgError
from kg.link.model import BIOLINK, RDF_TYPE, RDFS_LABEL, SCHEMA_IDENTIFIER, Context, Format, Sink

__all__ = ["FORMATS", "BARE", "CATEGORIES", "read", "sniff", "mention_texts"]

#: Annotation type -> Biolink category (anything else: biolink:NamedThing).
CATEGORIES: dict[str, str] = {
    "gene": "Gene", "chemical": "ChemicalEntity", "disease": "Disease", "species": "OrganismTaxon",
    "cellline": "CellLine", "variant": "SequenceVariant", "mutation": "SequenceVariant",
    "dnamutation": "SequenceVariant", "proteinmutation": "SequenceVariant", "snp": "SequenceVariant",
}
#: Annotation type -> the prefix of its bare identifiers (PubTator3's Gene ids are NCBI Gene, Species
#: ids NCBI Taxonomy, CellLine ids Cellosaurus; Chemical and Disease ids are MeSH).
BARE: dict[str, str] = {"gene": "NCBIGene", "species": "NCBITaxon", "cellline": "cellosaurus",
                        "chemical": "MESH", "disease": "MESH"}
_VARIANTS = frozenset({"variant", "mutation", "dnamutation", "proteinmutation", "snp"})
_RSID = re.compile(r"rs\d+")
_DOI = re.compile(r"\bdoi:\s*(10\.\S+)", re.IGNORECASE)
_MENTIONS = ox.NamedNode(BIOLINK + "mentions")


def sniff(name: str, head: bytes) -> bool:
    """BioC JSON from PubTator: a JSON text with ``"passages"`` and ``"annotations"`` and ``"infons"``."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return start in (b"{", b"[") and all(key in head for key in (b'"passages"', b'"infons"', b'"annotations"'))


def mention_texts(kind: str, identifier: str) -> list[str]:
    """The mention texts of an annotation of type ``kind`` whose identifier infon is ``identifier``."""
    kind = kind.casefold()
    parts = [part.strip() for part in identifier.split(";")]
    if kind in _VARIANTS:
        return [f"dbSNP:{part}" for part in parts if _RSID.fullmatch(part)]
    texts = []
    for part in parts:
        if not part or part == "-":
            continue
        prefix = BARE.get(kind)
        texts.append(part if ":" in part or prefix is None else f"{prefix}:{part}")
    return texts


def read(path: Path, sink: Sink, ctx: Context) -> None:
    """Read the BioC JSON file ``path`` into ``sink`` (see the module's documentation)."""
    try:
        with path.open("r", encoding="utf-8-sig") as handle:
            data = json.load(handle)
    except json.JSONDecodeError as exc:
        raise KgError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise KgError(f"{path}: JSON nested too deeply to read") from None
    except UnicodeDecodeError as exc:
        raise KgError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise KgError(f"{path}: cannot read: {exc.strerror}") from None
    _Reader(sink, ctx, str(path)).run(_documents(data, str(path)))


def _documents(data: Any, where: str) -> list[Any]:
    if isinstance(data, dict) and isinstance(data.get("PubTator3"), list):
        return data["PubTator3"]
    if isinstance(data, dict) and isinstance(data.get("documents"), list):
        return data["documents"]
    if isinstance(data, dict) and "passages" in data:
        return [data]
    if isinstance(data, list):
        return data
    raise KgError(f"{where}: not PubTator3 BioC JSON (expected {{\"PubTator3\": [...]}}, a BioC collection "
                  "with \"documents\", a list of documents or one document with \"passages\")")


class _Reader:
    def __init__(self, sink: Sink, ctx: Context, where: str) -> None:
        self.sink, self.ctx, self.where = sink, ctx, where
        self.concepts: set[str] = set()

    def run(self, documents: list[Any]) -> None:
        for number, document in enumerate(documents, 1):
            if not isinstance(document, dict) or not isinstance(document.get("passages"), list):
                raise KgError(f"{self.where}: document {number}: field 'passages': expected a list of passages")
            self._document(number, document)

    def _document(self, number: int, document: dict[str, Any]) -> None:
        pmid = _text(document.get("pmid")) or _text(document.get("id"))
        record = f"document {number}" + (f" (PMID {pmid})" if pmid else "")
        publication = self.ctx.node("publication", pmid or _text(document.get("_id")) or f"document-{number}")
        add = self.sink.add
        add(publication, RDF_TYPE, ox.NamedNode(BIOLINK + "Publication"))
        title = next((p.get("text", "") for p in _passages(document) if _section(p) == "title"), "")
        if isinstance(title, str) and title.strip():
            add(publication, RDFS_LABEL, ox.Literal(title.strip()))
        for field, text, mention in self._identifiers(document, pmid):
            add(publication, SCHEMA_IDENTIFIER, ox.Literal(text))
            self.sink.mention(publication, mention, f"{record}, field {field!r}")
        mentioned: set[str] = set()
        for index, passage in enumerate(_passages(document), 1):
            for annotation in _annotations(passage, f"{record}, passage {index}", self.where):
                concept = self._concept(annotation, f"{record}, passage {index}")
                if concept is not None and concept.value not in mentioned:
                    mentioned.add(concept.value)
                    add(publication, _MENTIONS, concept)

    def _identifiers(self, document: dict[str, Any], pmid: str) -> Iterator[tuple[str, str, str]]:
        """``(field, identifier as written, mention text)`` of the document itself."""
        if pmid:
            yield "pmid", pmid, f"PMID:{pmid}"
        pmcid = _text(document.get("pmcid"))
        if pmcid:
            yield "pmcid", pmcid, f"pmc:{pmcid}"
        doi = _text(_infons(document).get("doi"))
        field = "infons.doi"
        if not doi.startswith("10."):
            journal = next((_text(_infons(p).get("journal")) for p in _passages(document)
                            if _section(p) == "title"), "")
            found = _DOI.search(journal)
            doi, field = (found.group(1).rstrip("."), "title passage, infons.journal") if found else ("", field)
        if doi:
            yield field, doi, f"doi:{doi}"

    def _concept(self, annotation: dict[str, Any], record: str) -> ox.NamedNode | None:
        infons = annotation["infons"]
        kind, identifier = _text(infons.get("type")), _text(infons.get("identifier"))
        if not kind or identifier in ("", "-"):
            return None
        node = self.ctx.node("concept", f"{kind}/{identifier}")
        if node.value in self.concepts:
            return node
        self.concepts.add(node.value)
        add = self.sink.add
        add(node, RDF_TYPE, ox.NamedNode(BIOLINK + CATEGORIES.get(kind.casefold(), "NamedThing")))
        name = _text(infons.get("name"))
        useful = name and name != identifier and kind.casefold() not in _VARIANTS  # a variant's name is "#64853#"
        label = name if useful else _text(annotation.get("text"))
        if label:
            add(node, RDFS_LABEL, ox.Literal(label))
        add(node, SCHEMA_IDENTIFIER, ox.Literal(identifier))
        where = f"{record}, annotation {_text(annotation.get('id'))!r}, field 'identifier'"
        for text in mention_texts(kind, identifier):
            self.sink.mention(node, text, where)
        return node


def _text(value: Any) -> str:
    """A JSON scalar as text (PubTator3 writes some identifiers as numbers); '' for null or containers."""
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return ""
    return str(value).strip()


def _passages(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in document["passages"] if isinstance(p, dict)]


def _infons(record: dict[str, Any]) -> dict[str, Any]:
    infons = record.get("infons")
    return infons if isinstance(infons, dict) else {}


def _section(passage: dict[str, Any]) -> str:
    infons = _infons(passage)
    return (_text(infons.get("type")) or _text(infons.get("section_type"))).casefold()


def _annotations(passage: dict[str, Any], record: str, where: str) -> Iterator[dict[str, Any]]:
    annotations = passage.get("annotations", [])
    if not isinstance(annotations, list):
        raise KgError(f"{where}: {record}: field 'annotations': expected a list")
    for annotation in annotations:
        if not isinstance(annotation, dict) or not isinstance(annotation.get("infons"), dict):
            raise KgError(f"{where}: {record}, annotation {annotation!r:.40}: field 'infons': expected an object")
        yield annotation


FORMATS: tuple[Format, ...] = (
    Format("pubtator-biocjson", "PubTator3 BioC JSON", (".json", ".biocjson"), sniff, read,
           "https://www.ncbi.nlm.nih.gov/research/pubtator3/api"),
)
