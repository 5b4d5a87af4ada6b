"""Stage 2: map the loaded corpus to RDF named graphs (the shared ones once, articles in batches).

* ``https://w3id.org/adkg/graph/ontology``: the ontology (ontology/adkg.ttl);
* ``https://w3id.org/adkg/graph/vocabulary``: the shared entities (data/vocabulary);
* ``https://w3id.org/adkg/graph/article/ID``: one graph per article folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF
from rdflib.store import Store

from kg.core.errors import CurationError, KgError
from kg.core.namespaces import ADKG, ONTOLOGY_GRAPH, PREFIXES, VOCABULARY_GRAPH, article_base, article_graph
from kg.ingest.load import Article, Corpus
from kg.transform.map_article import ArticleContext, map_article, map_curation_notes
from kg.transform.map_mappings import map_mappings
from kg.transform.map_patients import check_transcriptions, map_patient_tables
from kg.transform.map_vocabulary import map_vocabulary
from kg.transform.triples import GraphWriter, OriginIndex

__all__ = ["MappedDataset", "load_ontology", "map_shared", "map_articles", "new_dataset", "declared_terms"]


@dataclass
class MappedDataset:
    """Named graphs (graph IRI -> a plain rdflib Graph), where their nodes came from, and the
    problems found while mapping."""

    graphs: dict[URIRef, Graph]
    origins: OriginIndex
    problems: list[KgError] = field(default_factory=list)

    def union(self, *others: Graph) -> Graph:
        """Every triple of every graph, with ``others`` added, as one read-only graph (what SHACL
        sees): a view over the graphs, not a copy, each triple once.

        >>> a, b = Graph(), Graph()
        >>> a.add((URIRef("http://x/s"), RDF.type, OWL.Class)) and None
        >>> b.add((URIRef("http://x/s"), RDF.type, OWL.Class)) and None
        >>> view = MappedDataset({URIRef("http://x/g"): a}, OriginIndex()).union(b)
        >>> len(view), len(list(view.triples((None, RDF.type, None)))), view.qname(OWL.Class)
        (1, 1, 'owl:Class')
        """
        graph = Graph(store=_UnionStore([*self.graphs.values(), *others]))
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, override=True)
        return graph


class _UnionStore(Store):
    """A read-only rdflib store over ``parts``: each triple of the union once (a triple also in
    an earlier part is skipped), with its own prefix bindings. Copying every article graph into
    one new graph per batch cost more than validating it."""

    def __init__(self, parts: list[Graph]) -> None:
        super().__init__()
        self.parts = parts
        self._prefixes: dict[str, URIRef] = {}
        self._namespaces: dict[URIRef, str] = {}

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[tuple[Any, Iterator[Any]]]:
        for index, part in enumerate(self.parts):
            earlier = self.parts[:index]
            for triple in part.triples(triple_pattern):
                if not any(triple in other for other in earlier):
                    yield triple, iter(())

    def __len__(self, context: Any = None) -> int:
        return sum(1 for _ in self.triples((None, None, None)))

    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        if not override and (prefix in self._prefixes or namespace in self._namespaces):
            return
        old = self._prefixes.pop(prefix, None)
        if old is not None:
            self._namespaces.pop(old, None)
        self._namespaces.pop(namespace, None)
        self._prefixes = {p: n for p, n in self._prefixes.items() if n != namespace}
        self._prefixes[prefix], self._namespaces[namespace] = namespace, prefix

    def prefix(self, namespace: URIRef) -> str | None:
        return self._namespaces.get(namespace)

    def namespace(self, prefix: str) -> URIRef | None:
        return self._prefixes.get(prefix)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from self._prefixes.items()


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


def map_shared(corpus: Corpus, ontology: Graph) -> MappedDataset:
    """The graphs every article shares: the ontology and the vocabulary (with its mappings)."""
    origins = OriginIndex()
    onto_graph = Graph()
    onto_graph += ontology
    vocab_graph = Graph()
    vocab_writer = GraphWriter(vocab_graph, origins, str(VOCABULARY_GRAPH))
    map_vocabulary(corpus.vocabulary, vocab_writer)
    map_mappings(corpus.mappings, vocab_writer)
    return MappedDataset({ONTOLOGY_GRAPH: onto_graph, VOCABULARY_GRAPH: vocab_graph}, origins)


def map_articles(corpus: Corpus, ontology: Graph, articles: list[Article],
                 terms: frozenset[URIRef] | None = None) -> MappedDataset:
    """One named graph per article of ``articles`` (a batch of ``corpus.articles``), in order."""
    graphs: dict[URIRef, Graph] = {}
    origins = OriginIndex()
    terms = declared_terms(ontology) if terms is None else terms
    problems: list[KgError] = []
    for article in articles:
        graph = graphs[article_graph(article.id)] = Graph()
        writer = GraphWriter(graph, origins, article_base(article.id))
        ctx = ArticleContext(article, corpus.vocabulary, writer, terms)
        map_article(ctx)
        cells = map_patient_tables(ctx, ontology)
        map_curation_notes(ctx, cells)
        problems.extend(check_transcriptions(ctx))
    return MappedDataset(graphs, origins, problems)
