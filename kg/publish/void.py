"""A VoID description of the built dataset (build/void.ttl).

The dataset, its size, its classes (with instance counts), one subset per named graph, and one
``void:Linkset`` per external identifier space (MONDO, HP, DOI, ..., named and with the IRI
prefix of :mod:`kg.core.identifiers`) with the number of links to it and
the predicate used. Every node has an IRI under ``https://w3id.org/adkg/dataset`` (no blank
nodes), so the file is byte-identical across builds.
"""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from kg.core.identifiers import Identifiers, default
from kg.core.namespaces import ONTOLOGY_IRI, PREFIXES
from kg.publish.stats import DatasetCounts

__all__ = ["describe", "DATASET"]

VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DATASET = URIRef("https://w3id.org/adkg/dataset")


def _class_iri(cls: URIRef) -> URIRef:
    return URIRef(f"{DATASET}/class/{quote(str(cls), safe='')}")


def describe(counts: DatasetCounts, dumps: tuple[str, ...], identifiers: Identifiers | None = None) -> Graph:
    """VoID for a dataset with these ``counts``, published as the files ``dumps``; each linkset's
    target is an identifier space of the prefix map ``identifiers`` (default: the repository's)."""
    identifiers = identifiers or default()
    void = Graph()
    void.bind("void", VOID)
    void.bind("sd", SD)
    for prefix in ("dcterms", "skos", "owl", "xsd", "adkg"):
        void.bind(prefix, PREFIXES[prefix], override=True)
    void.add((DATASET, RDF.type, VOID.Dataset))
    void.add((DATASET, DCTERMS.title, Literal("Atopic dermatitis literature knowledge graph", lang="en")))
    void.add((DATASET, VOID.triples, Literal(counts.triples, datatype=XSD.integer)))
    void.add((DATASET, VOID.uriSpace, Literal("https://w3id.org/adkg/id/")))
    void.add((DATASET, VOID.vocabulary, ONTOLOGY_IRI))
    for dump in dumps:
        void.add((DATASET, VOID.dataDump, URIRef(dump)))
    void.add((DATASET, VOID.classes, Literal(len(counts.classes), datatype=XSD.integer)))
    void.add((DATASET, VOID.distinctSubjects, Literal(counts.subjects, datatype=XSD.integer)))
    for cls, count in counts.classes.items():
        partition = _class_iri(URIRef(cls))
        void.add((DATASET, VOID.classPartition, partition))
        void.add((partition, VOID["class"], URIRef(cls)))
        void.add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
    for name, count in counts.graphs.items():
        subset = URIRef(name)
        void.add((DATASET, VOID.subset, subset))
        void.add((subset, RDF.type, VOID.Dataset))
        void.add((subset, RDF.type, SD.NamedGraph))
        void.add((subset, SD.name, subset))
        void.add((subset, VOID.triples, Literal(count, datatype=XSD.integer)))
    for (target, predicate_iri), count in counts.links.items():
        predicate = URIRef(predicate_iri)
        local = predicate.fragment or predicate_iri.rsplit("/", 1)[-1]
        linkset = URIRef(f"{DATASET}/linkset/{target}/{local}")
        target_iri = URIRef(f"{DATASET}/target/{target}")
        void.add((DATASET, VOID.subset, linkset))
        void.add((linkset, RDF.type, VOID.Linkset))
        void.add((linkset, VOID.subjectsTarget, DATASET))
        void.add((linkset, VOID.objectsTarget, target_iri))
        void.add((linkset, VOID.linkPredicate, predicate))
        void.add((linkset, VOID.triples, Literal(count, datatype=XSD.integer)))
        void.add((target_iri, RDF.type, VOID.Dataset))
        void.add((target_iri, DCTERMS.title, Literal(target)))
        void.add((target_iri, VOID.uriSpace, Literal(identifiers.uri_prefix(target))))
    return void
