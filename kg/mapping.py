"""Stage 2: map the loaded corpus to an RDF dataset of named graphs.

* ``https://w3id.org/adkg/graph/ontology``: the ontology (ontology/adkg.ttl);
* ``https://w3id.org/adkg/graph/vocabulary``: the shared entities (data/vocabulary);
* ``https://w3id.org/adkg/graph/article/ID``: one graph per article folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF

from kg.errors import CurationError, KgError
from kg.load import Corpus
from kg.map_article import ArticleContext, map_article, map_curation_notes
from kg.map_patients import check_transcriptions, map_patient_tables
from kg.map_vocabulary import map_mappings, map_vocabulary
from kg.namespaces import (ADKG, ONTOLOGY_GRAPH, PREFIXES, VOCABULARY_GRAPH, article_base,
                           article_graph)
from kg.triples import GraphWriter, OriginIndex

__all__ = ["MappedDataset", "load_ontology", "map_corpus", "new_dataset"]


@dataclass
class MappedDataset:
    dataset: Dataset
    origins: OriginIndex
    problems: list[KgError] = field(default_factory=list)


def new_dataset() -> Dataset:
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True)
    return dataset


def load_ontology(ontology_dir: Path, display: str = "ontology/adkg.ttl") -> Graph:
    graph = Graph()
    try:
        graph.parse(ontology_dir / "adkg.ttl", format="turtle")
    except Exception as exc:  # rdflib raises several parser exception types
        raise CurationError(display, f"cannot parse the ontology: {exc}") from None
    return graph


def declared_terms(ontology: Graph) -> frozenset[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual,
             OWL.AnnotationProperty)
    return frozenset(s for kind in kinds for s in ontology.subjects(RDF.type, kind)
                     if isinstance(s, URIRef) and str(s).startswith(str(ADKG)))


def map_corpus(corpus: Corpus, ontology: Graph) -> MappedDataset:
    dataset = new_dataset()
    origins = OriginIndex()
    onto_graph = dataset.graph(ONTOLOGY_GRAPH)
    for triple in ontology:
        onto_graph.add(triple)
    vocab_graph = dataset.graph(VOCABULARY_GRAPH)
    vocab_writer = GraphWriter(vocab_graph, origins, str(VOCABULARY_GRAPH))
    map_vocabulary(corpus.vocabulary, vocab_writer)
    map_mappings(corpus.mappings, vocab_writer)
    terms = declared_terms(ontology)
    problems: list[KgError] = []
    for article in corpus.articles:
        graph = dataset.graph(article_graph(article.id))
        writer = GraphWriter(graph, origins, article_base(article.id))
        ctx = ArticleContext(article, corpus.vocabulary, writer, terms)
        map_article(ctx)
        cells = map_patient_tables(ctx, ontology)
        map_curation_notes(ctx, cells)
        problems.extend(check_transcriptions(ctx, ontology))
    return MappedDataset(dataset, origins, problems)
