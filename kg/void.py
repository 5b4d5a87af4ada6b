"""A VoID description of the built dataset (build/void.ttl).

The dataset, its size, its classes (with instance counts), one subset per named graph, and one
``void:Linkset`` per external target (MONDO, HP, DOI, ...) with the number of links to it and
the predicate used. Every node has an IRI under ``https://w3id.org/adkg/dataset`` (no blank
nodes), so the file is byte-identical across builds.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import quote

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS, XSD

from kg.namespaces import EXTERNAL_TARGETS, ONTOLOGY_GRAPH, ONTOLOGY_IRI, PREFIXES, external_prefix

__all__ = ["describe", "DATASET"]

VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DATASET = URIRef("https://w3id.org/adkg/dataset")

_LINK_PREDICATES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch,
                    OWL.sameAs)


def _class_iri(cls: URIRef) -> URIRef:
    return URIRef(f"{DATASET}/class/{quote(str(cls), safe='')}")


def describe(dataset: Dataset, data: Graph) -> Graph:
    """VoID for ``dataset`` (named graphs) and ``data`` (their union)."""
    void = Graph()
    void.bind("void", VOID)
    void.bind("sd", SD)
    for prefix in ("dcterms", "skos", "owl", "xsd", "adkg"):
        void.bind(prefix, PREFIXES[prefix], override=True)
    void.add((DATASET, RDF.type, VOID.Dataset))
    void.add((DATASET, DCTERMS.title, Literal("Atopic dermatitis literature knowledge graph", lang="en")))
    void.add((DATASET, VOID.triples, Literal(len(data), datatype=XSD.integer)))
    void.add((DATASET, VOID.uriSpace, Literal("https://w3id.org/adkg/id/")))
    void.add((DATASET, VOID.vocabulary, ONTOLOGY_IRI))
    for dump in ("adkg.nq", "adkg.trig", "adkg.ttl", "adkg.jsonld"):
        void.add((DATASET, VOID.dataDump, URIRef(dump)))
    classes = Counter(o for s, o in data.subject_objects(RDF.type) if isinstance(o, URIRef))
    void.add((DATASET, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    void.add((DATASET, VOID.distinctSubjects, Literal(len(set(data.subjects())), datatype=XSD.integer)))
    for cls, count in sorted(classes.items()):
        partition = _class_iri(cls)
        void.add((DATASET, VOID.classPartition, partition))
        void.add((partition, VOID["class"], cls))
        void.add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
    for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if not len(graph):
            continue
        subset = URIRef(str(graph.identifier))
        void.add((DATASET, VOID.subset, subset))
        void.add((subset, RDF.type, VOID.Dataset))
        void.add((subset, RDF.type, SD.NamedGraph))
        void.add((subset, SD.name, subset))
        void.add((subset, VOID.triples, Literal(len(graph), datatype=XSD.integer)))
    links: Counter = Counter()
    for graph in dataset.graphs():
        if graph.identifier == ONTOLOGY_GRAPH:
            continue  # ontology-level alignments are not links of the instance data
        for predicate in _LINK_PREDICATES:
            for _, obj in graph.subject_objects(predicate):
                target = external_prefix(str(obj)) if isinstance(obj, URIRef) else None
                if target:
                    links[(target, predicate)] += 1
    for (target, predicate), count in sorted(links.items()):
        local = predicate.fragment or str(predicate).rsplit("/", 1)[-1]
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
        void.add((target_iri, VOID.uriSpace, Literal(EXTERNAL_TARGETS[target])))
    return void
