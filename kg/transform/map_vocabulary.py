"""Stage 2a: map the shared vocabulary (data/vocabulary) to triples in the vocabulary graph.

Drugs, proteins, processes, conditions, laboratory tests, organisations and journals are shared
by every article: one IRI each (``https://w3id.org/adkg/id/KIND/KEY``), typed with the ontology
classes their record names, labelled, with synonyms and abbreviations as ``skos:altLabel``.

Background knowledge from named public datasets: a drug's ``inhibits`` entries (``drug adkg:inhibits
protein``), any record's ``background`` links (``protein biolink:participates_in process``, ``process
RO:0002213 process``, positively regulates) and a ``description`` with its ``description_source``. Each
triple gets an :class:`adkg:BackgroundAssertion` whose ``prov:wasDerivedFrom`` is the dataset record (a
``prov:Entity`` with repository, path, revision, licence, record and the statement as the record writes it).

A record's ``curation_notes`` (curation judgements, such as typing a comorbidity as a
cardiovascular risk factor) become :class:`adkg:CurationNote` annotations targeting the entity.
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.core.errors import CurationError
from kg.core.namespaces import ADKG, FABIO, PRISM, entity_iri, expand_curie
from kg.core.reused import BIOLINK, OBO
from kg.ingest.load import Vocabulary
from kg.transform.curation import map_vocabulary_notes
from kg.transform.triples import GraphWriter

__all__ = ["map_vocabulary", "source_key"]

#: The predicates a ``background`` entry may name (the schema's enum), as IRIs.
BACKGROUND_PREDICATES: dict[str, URIRef] = {
    "biolink:participates_in": BIOLINK.participates_in,
    "RO:0002213": OBO.RO_0002213,  # positively regulates
}


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
                _map_description(writer, iri, record)
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
            _map_background(vocabulary, writer, iri, record)
            map_vocabulary_notes(writer, iri, record)


def source_key(dataset: str, record_id: str, path: str = "") -> str:
    """The key of a dataset record's node, read in one file: ``("DrugMechDB", "DB08895_MESH_D001172_1",
    "indication_paths.yaml")`` -> ``"drugmechdb-db08895-mesh-d001172-1-indication-paths-yaml"`` (the
    same record read in another file of the dataset is another node).

    >>> source_key("WikiPathways", "WP5538 interactions ae990 and idbdeeec9", "pathways/WP5538/WP5538.gpml")
    'wikipathways-wp5538-interactions-ae990-and-idbdeeec9-wp5538-gpml'
    """
    name = path.rsplit("/", 1)[-1]
    return re.sub(r"[^a-z0-9]+", "-", f"{dataset} {record_id} {name}".lower()).strip("-")


def _map_background(vocabulary: Vocabulary, writer: GraphWriter, iri: URIRef, record) -> None:
    """A record's ``inhibits`` and ``background`` entries, each a triple and its background assertion."""
    for index, entry in enumerate(record.get("inhibits") or []):
        field_name = f"inhibits[{index}]"
        target = _resolve(vocabulary, record, str(entry["target"]), ("protein",), f"{field_name}.target")
        _background_triple(writer, (iri, ADKG.inhibits, target), entry["source"], record, field_name)
    for index, entry in enumerate(record.get("background") or []):
        field_name = f"background[{index}]"
        predicate = BACKGROUND_PREDICATES.get(str(entry["predicate"]))
        if predicate is None:
            raise CurationError.at(record.origin, f"unknown background predicate '{entry['predicate']}'",
                                   f"{field_name}.predicate")
        obj = _resolve(vocabulary, record, str(entry["object"]), ("protein", "process"), f"{field_name}.object")
        _background_triple(writer, (iri, predicate, obj), entry["source"], record, field_name)


def _resolve(vocabulary: Vocabulary, record, ref: str, kinds: tuple[str, ...], field_name: str) -> URIRef:
    found = vocabulary.resolve(ref)
    if found is None or found[0] not in kinds:
        raise CurationError.at(record.origin, f"unknown {' or '.join(kinds)} '{ref}'", field_name)
    return entity_iri(*found)


def _map_description(writer: GraphWriter, iri: URIRef, record) -> None:
    """The description, and (with its ``description_source``) the background assertion of it."""
    text = Literal(record["description"])
    if not record.get("description_source"):
        writer.add(iri, DCTERMS.description, text)
        return
    _background_triple(writer, (iri, DCTERMS.description, text), record["description_source"], record,
                       "description")


def _background_triple(writer: GraphWriter, triple: tuple[URIRef, URIRef, URIRef | Literal], src: dict,
                       record, field_name: str) -> None:
    """The triple, the dataset record's node, and an adkg:BackgroundAssertion linking them."""
    source = entity_iri("source", source_key(str(src["dataset"]), str(src["record"]), str(src["path"])))
    writer.node(source, [PROV.Entity], f"{src['dataset']} {src['record']}", origin=record.origin)
    url = f"https://github.com/{src['repository']}/blob/{src['revision']}/{src['path']}"
    writer.add(source, DCTERMS.source, URIRef(url))
    writer.add(source, DCTERMS.identifier, Literal(str(src["record"])))
    writer.add(source, DCTERMS.license, Literal(str(src["licence"])))
    writer.add(source, RDFS.comment, Literal(str(src["statement"])))
    subject, predicate, obj = triple
    writer.add(subject, predicate, obj, origin=record.origin, field=field_name)
    assertion = writer.provenance(subject, predicate, obj, source)
    writer.graph.add((assertion, RDF.type, ADKG.BackgroundAssertion))
