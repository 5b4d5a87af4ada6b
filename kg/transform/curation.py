"""Curation notes: where the graph differs from what the source printed, or reads it where the
source does not say, and why (an :class:`adkg:CurationNote`, a Web Annotation whose ``oa:hasTarget``
is what the note is about).

One writer for the notes of an article (``curation_notes`` of article.yaml, targets resolved by
:func:`kg.transform.map_article.map_curation_notes`) and of a vocabulary record (its own
``curation_notes``, targeting the entity, such as the judgement that chronic kidney disease is a
cardiovascular risk factor).
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.core.errors import CurationError, Origin
from kg.core.namespaces import ADKG, OA
from kg.ingest.load import Record
from kg.transform.triples import GraphWriter

__all__ = ["write_curation_note", "map_vocabulary_notes"]


def write_curation_note(w: GraphWriter, iri: URIRef, label: str, target: URIRef, note: Record) -> None:
    """The note ``iri`` about ``target``: printed and curated text, kind, field and reason."""
    w.node(iri, [ADKG.CurationNote, OA.Annotation],
           f"{label}: '{note.require('printed')}' -> '{note.require('curated')}'", origin=note.origin)
    w.add(iri, OA.motivatedBy, OA.editing)
    w.add(iri, OA.hasTarget, target)
    w.add(iri, ADKG.printedText, Literal(str(note["printed"])))
    w.add(iri, ADKG.curatedText, Literal(str(note["curated"])))
    w.add(iri, ADKG.curationKind, Literal(note.require("kind")))
    w.add(iri, RDFS.comment, Literal(note.require("reason")))
    if note.get("field"):
        w.add(iri, ADKG.curatedField, Literal(note["field"]))


def map_vocabulary_notes(w: GraphWriter, entity: URIRef, record: Record) -> None:
    """A vocabulary record's ``curation_notes``, each targeting the record's entity; a note's
    ``field`` must be a field the record gives."""
    for index, note in enumerate(record.check("curation_notes", list) or [], 1):
        note.origin = Origin(note.origin.file, f"record '{record.get('key')}'", note.origin.line)
        if note.get("field") and note["field"] not in record:
            raise CurationError.at(note.origin, f"the record has no field '{note['field']}'",
                                   f"curation_notes[{index - 1}].field")
        write_curation_note(w, URIRef(f"{entity}/curation-note/{index}"),
                            f"Curation note {index} on {record['label']}", entity, note)
