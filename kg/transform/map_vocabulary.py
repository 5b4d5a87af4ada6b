"""Stage 2a: map the shared vocabulary (data/vocabulary) to triples in the vocabulary graph.

Drugs, proteins, processes, conditions, laboratory tests, organisations and journals are shared
by every article: one IRI each (``https://w3id.org/adkg/id/KIND/KEY``), typed with the ontology
classes their record names, labelled, with synonyms and abbreviations as ``skos:altLabel``.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from kg.core.errors import CurationError
from kg.core.namespaces import FABIO, PRISM, entity_iri, expand_curie
from kg.ingest.load import Mapping, Vocabulary
from kg.transform.triples import GraphWriter

__all__ = ["map_vocabulary", "map_mappings"]


def map_vocabulary(vocabulary: Vocabulary, writer: GraphWriter) -> None:
    for kind in sorted(vocabulary.entities):
        for key, record in sorted(vocabulary.entities[kind].items()):
            iri = entity_iri(kind, key)
            types = []
            for curie in record.check("types", list) or []:
                try:
                    types.append(expand_curie(curie))
                except KeyError:
                    raise CurationError.at(record.origin, f"unknown prefix in type '{curie}'",
                                           "types") from None
            if kind == "journal":
                types.append(FABIO.Journal)
            writer.node(iri, types, record["label"], origin=record.origin)
            writer.expect(iri, RDFS.label, record.origin, "label")
            for synonym in record.get("synonyms") or []:
                writer.add(iri, SKOS.altLabel, Literal(str(synonym)))
            for abbreviation in record.get("abbreviations") or []:
                writer.add(iri, SKOS.altLabel, Literal(str(abbreviation)))
            if record.get("description"):
                writer.add(iri, DCTERMS.description, Literal(record["description"]))
            if kind == "journal":
                writer.add(iri, DCTERMS.title, Literal(record["label"]))
                if record.get("abbreviation"):
                    writer.add(iri, SKOS.altLabel, Literal(record["abbreviation"]))
                if record.get("issn"):
                    writer.add(iri, PRISM.issn, Literal(str(record["issn"])),
                               origin=record.origin, field="issn")
                if record.get("publisher"):
                    ref = vocabulary.resolve(record["publisher"])
                    if ref is None:
                        raise CurationError.at(record.origin, "unknown organisation "
                                               f"'{record['publisher']}'", "publisher")
                    writer.add(iri, DCTERMS.publisher, entity_iri(*ref))


def map_mappings(mappings: list[Mapping], writer: GraphWriter) -> None:
    """Each SSSOM row as one triple: entity, SKOS mapping predicate, external IRI."""
    for mapping in mappings:
        subject = entity_iri(*mapping.subject)
        predicate = expand_curie(mapping.predicate)
        writer.add(subject, predicate, URIRef(mapping.object_iri), origin=mapping.origin,
                   field="object_id")
