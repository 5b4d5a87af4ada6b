"""What an article's mappers share: the article's IRIs, and how curated values become RDF terms.

An :class:`ArticleContext` resolves a curated value (entity key, CURIE, ``#node``, IRI, number,
boolean or text) to a term, checking that ``adkg:`` terms are declared in the ontology, and keeps
the IRIs minted so far (sentences, sections, reference-list entries, cited works, article-local nodes) so the
later mappers can point at them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.core.errors import CurationError, Origin
from kg.core.namespaces import article_base, doi_iri, entity_iri, expand_curie
from kg.ingest.load import Article, Record, Vocabulary
from kg.transform.triples import GraphWriter, decimal_literal

__all__ = ["ArticleContext", "as_list"]


@dataclass
class ArticleContext:
    """Everything the article's mappers share: its IRIs and how to resolve curated values."""

    article: Article
    vocabulary: Vocabulary
    writer: GraphWriter
    ontology_terms: frozenset[URIRef]
    iri: URIRef = field(init=False)
    base: str = field(init=False)
    sentences: dict[str, URIRef] = field(default_factory=dict)
    references: dict[int, URIRef] = field(default_factory=dict)
    works: dict[int, URIRef] = field(default_factory=dict)
    nodes: dict[str, URIRef] = field(default_factory=dict)
    sections: dict[str, URIRef] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.iri = doi_iri(self.article.record["doi"])
        self.base = article_base(self.article.id)

    def local(self, *parts: object) -> URIRef:
        return URIRef("/".join([self.base, *map(str, parts)]))

    def term(self, curie: str, origin: Origin, field_name: str) -> URIRef:
        """An ontology or reused-vocabulary term; ``adkg:`` terms must be declared."""
        try:
            iri = expand_curie(curie)
        except KeyError:
            raise CurationError.at(origin, f"unknown term '{curie}' (unknown prefix)",
                                   field_name) from None
        if curie.startswith("adkg:") and iri not in self.ontology_terms:
            raise CurationError.at(origin, f"'{curie}' is not declared in ontology/adkg.ttl",
                                   field_name)
        return iri

    def entity(self, ref: str, origin: Origin, field_name: str) -> URIRef:
        resolved = self.vocabulary.resolve(ref)
        if resolved is None:
            raise CurationError.at(origin, f"unknown entity '{ref}' (not in data/vocabulary)",
                                   field_name)
        return entity_iri(*resolved)

    def sentence(self, sentence_id: str, origin: Origin, field_name: str) -> URIRef:
        if sentence_id not in self.sentences:
            raise CurationError.at(origin, f"unknown sentence '{sentence_id}' (expected pN.sM "
                                   "naming a sentence of `body`)", field_name)
        return self.sentences[sentence_id]

    def value(self, raw: object, origin: Origin, field_name: str) -> Node:
        """A curated value: entity key, CURIE, ``#node``, IRI, number, boolean or text."""
        if isinstance(raw, Record) and "value" in raw and "datatype" in raw:
            datatype = self.term(str(raw["datatype"]), origin, field_name)
            return Literal(str(raw["value"]), datatype=datatype)
        if isinstance(raw, bool):
            return Literal(raw)
        if isinstance(raw, int):
            return Literal(raw)
        if isinstance(raw, float):
            return decimal_literal(str(raw))
        if not isinstance(raw, str):
            raise CurationError.at(origin, f"cannot read value {raw!r}", field_name)
        if raw.startswith("#"):
            if raw[1:] not in self.nodes:
                raise CurationError.at(origin, f"unknown node '{raw}'", field_name)
            return self.nodes[raw[1:]]
        if raw.startswith(("http://", "https://")):
            return URIRef(raw)
        if self.vocabulary.is_reference(raw):
            return self.entity(raw, origin, field_name)
        if re.match(r"^[a-z][a-z0-9]*:[A-Za-z_]", raw) and " " not in raw:
            return self.term(raw, origin, field_name)
        return Literal(raw)


def as_list(value: object) -> list:
    """A curated value that may be one item or a list, as a list (``None`` as an empty one).

    >>> as_list(None), as_list("a"), as_list(["a", "b"])
    ([], ['a'], ['a', 'b'])
    """
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
