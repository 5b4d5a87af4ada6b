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

from kg.namespaces import ONTOLOGY_GRAPH, ONTOLOGY_IRI, PREFIXES

__all__ = ["describe", "DATASET", "EXTERNAL_TARGETS"]

VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DATASET = URIRef("https://w3id.org/adkg/dataset")

#: External identifier spaces a link may point into: name -> IRI prefix (canonical forms).
EXTERNAL_TARGETS = {
    "MONDO": "http://purl.obolibrary.org/obo/MONDO_", "HP": "http://purl.obolibrary.org/obo/HP_",
    "DOID": "http://purl.obolibrary.org/obo/DOID_", "GO": "http://purl.obolibrary.org/obo/GO_",
    "CHEBI": "http://purl.obolibrary.org/obo/CHEBI_", "PATO": "http://purl.obolibrary.org/obo/PATO_",
    "NCIT": "http://purl.obolibrary.org/obo/NCIT_", "UO": "http://purl.obolibrary.org/obo/UO_",
    "DOI": "https://doi.org/", "PMID": "https://pubmed.ncbi.nlm.nih.gov/",
    "WIKIDATA": "http://www.wikidata.org/entity/", "DRUGBANK": "https://go.drugbank.com/drugs/",
    "CHEMBL": "https://www.ebi.ac.uk/chembl/compound_report_card/",
    "HGNC": "https://identifiers.org/hgnc:", "NCBIGENE": "https://www.ncbi.nlm.nih.gov/gene/",
    "UNIPROT": "http://purl.uniprot.org/uniprot/", "MESH": "http://id.nlm.nih.gov/mesh/",
    "RXNORM": "http://purl.bioontology.org/ontology/RXNORM/", "UNII": "https://precision.fda.gov/uniisearch/srs/unii/",
    "ATC": "http://www.whocc.no/atc_ddd_index/?code=", "REACTOME": "https://reactome.org/content/detail/",
    "KEGG": "https://www.kegg.jp/entry/", "SNOMEDCT": "http://snomed.info/id/",
}
_LINK_PREDICATES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch,
                    OWL.sameAs)


def _target(iri: str) -> str | None:
    best = None
    for name, prefix in EXTERNAL_TARGETS.items():
        if iri.startswith(prefix) and (best is None or len(prefix) > len(EXTERNAL_TARGETS[best])):
            best = name
    return best


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
                target = _target(str(obj)) if isinstance(obj, URIRef) else None
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
