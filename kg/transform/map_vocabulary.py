"""Stage 2a: map the shared vocabulary (data/vocabulary) to triples in the vocabulary graph.

Drugs, proteins, processes, conditions, laboratory tests, organisations and journals are shared
by every article: one IRI each (``https://w3id.org/adkg/id/KIND/KEY``), typed with the ontology
classes their record names, labelled, with synonyms and abbreviations as ``skos:altLabel``.

A drug's ``inhibits`` entries are background knowledge from named public datasets: each gives the
triple ``drug adkg:inhibits protein`` and an :class:`adkg:BackgroundAssertion` of it whose
``prov:wasDerivedFrom`` is the dataset record (a ``prov:Entity`` with repository, path, revision,
licence, record and the statement as the record writes it).
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.core.errors import CurationError
from kg.core.namespaces import ADKG, FABIO, PRISM, entity_iri, expand_curie
from kg.ingest.load import Vocabulary
from kg.transform.triples import GraphWriter

__all__ = ["map_vocabulary", "source_key"]


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
            for index, entry in enumerate(record.get("inhibits") or []):
                _map_background_inhibits(vocabulary, writer, iri, entry, record, f"inhibits[{index}]")


def source_key(dataset: str, record_id: str) -> str:
    """The key of a dataset record's node: ``("DrugMechDB", "DB08895_MESH_D001172_1")`` ->
    ``"drugmechdb-db08895-mesh-d001172-1"``.

    >>> source_key("WikiPathways", "WP5538 interactions ae990 and idbdeeec9")
    'wikipathways-wp5538-interactions-ae990-and-idbdeeec9'
    """
    return re.sub(r"[^a-z0-9]+", "-", f"{dataset} {record_id}".lower()).strip("-")


def _map_background_inhibits(vocabulary: Vocabulary, writer: GraphWriter, drug: URIRef, entry: dict,
                             record, field_name: str) -> None:
    ref = vocabulary.resolve(str(entry["target"]))
    if ref is None or ref[0] != "protein":
        raise CurationError.at(record.origin, f"unknown protein '{entry['target']}'", f"{field_name}.target")
    target = entity_iri(*ref)
    src = entry["source"]
    source = entity_iri("source", source_key(str(src["dataset"]), str(src["record"])))
    writer.node(source, [PROV.Entity], f"{src['dataset']} {src['record']}", origin=record.origin)
    url = f"https://github.com/{src['repository']}/blob/{src['revision']}/{src['path']}"
    writer.add(source, DCTERMS.source, URIRef(url))
    writer.add(source, DCTERMS.identifier, Literal(str(src["record"])))
    writer.add(source, DCTERMS.license, Literal(str(src["licence"])))
    writer.add(source, RDFS.comment, Literal(str(src["statement"])))
    writer.add(drug, ADKG.inhibits, target, origin=record.origin, field=field_name)
    assertion = writer.provenance(drug, ADKG.inhibits, target, source)
    writer.graph.add((assertion, RDF.type, ADKG.BackgroundAssertion))
