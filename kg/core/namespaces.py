"""IRIs of the project: the ontology namespace, the reused vocabularies, and the minting rules.

``ADKG`` (kg/core/vocab.py, generated from the ontology) and the reused vocabularies (kg/core/reused.py)
are checked namespaces: a term they do not declare raises ``AttributeError``. :data:`PREFIXES` stays
open, for the CURIEs of the curated files (``adkg:`` ones are checked against the ontology when mapped).

Every IRI the build writes is minted here (external identifiers through the prefix map of
:mod:`kg.core.identifiers`) from a stable key (a vocabulary key, an article folder
name, a DOI, a patient number), never from a counter or a random value, so rebuilding the same
data gives the same IRIs.

>>> str(entity_iri("drug", "dupilumab"))
'https://w3id.org/adkg/id/drug/dupilumab'
>>> str(doi_iri("10.1056/NEJMoa1314768"))
'https://w3id.org/adkg/id/doi/10.1056/nejmoa1314768'
>>> expand_curie("adkg:IGA")
rdflib.term.URIRef('https://w3id.org/adkg/ontology#IGA')
>>> mapping_iri("https://w3id.org/adkg/id/drug/tofacitinib", "http://www.w3.org/2004/02/skos/core#exactMatch",
...             "https://go.drugbank.com/drugs/DB08895")
rdflib.term.URIRef('https://w3id.org/adkg/id/mapping/414a79eaedd43c49')
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from rdflib import Namespace, URIRef

from kg.core import identifiers
from kg.core.doi import normalise_doi  # re-exported: the one definition lives in kg.core.doi
from kg.core.prefixes import PREFIX_IRIS
from kg.core.reused import BIOLINK, BIRO, C4O, CITO, DEO, DOCO, FABIO, FRBR, OA, OBO, PRISM, PRO, SOSA, XSD
from kg.core.vocab import ADKG

__all__ = [
    "ADKG", "BIOLINK", "BIRO", "C4O", "CITO", "DEO", "DOCO", "FABIO", "FRBR", "OA", "OBO",
    "PRISM", "PRO", "SOSA", "XSD", "ONTOLOGY_IRI", "ID_BASE", "GRAPH_BASE", "ONTOLOGY_GRAPH",
    "VOCABULARY_GRAPH", "ENTAILED_GRAPHS", "PREFIXES", "article_graph", "entailed_graph", "article_base",
    "doi_iri", "doi_resolver_iri",
    "entity_iri", "expand_curie", "mapping_iri", "normalise_doi", "MAPPING_BASE",
]

ONTOLOGY_IRI = URIRef("https://w3id.org/adkg/ontology")
ID_BASE = "https://w3id.org/adkg/id/"
GRAPH_BASE = "https://w3id.org/adkg/graph/"
ONTOLOGY_GRAPH = URIRef(GRAPH_BASE + "ontology")
VOCABULARY_GRAPH = URIRef(GRAPH_BASE + "vocabulary")
#: The namespace of the entailed graphs: ``GRAPH_BASE + "entailed/" + X`` holds what the ontology's
#: subclass and subproperty links entail from the curated graph ``GRAPH_BASE + X`` (:func:`entailed_graph`).
ENTAILED_GRAPHS = GRAPH_BASE + "entailed/"
#: Where the provenance records of the SSSOM mappings (one owl:Axiom per mapping triple) are minted.
MAPPING_BASE = ID_BASE + "mapping/"

#: Prefixes bound in every serialisation and understood in curated CURIEs.
PREFIXES: dict[str, Namespace] = {prefix: Namespace(iri) for prefix, iri in PREFIX_IRIS.items()}

_DOI_SAFE = "/-._()~:;<>[]"


def expand_curie(curie: str) -> URIRef:
    """Expand ``prefix:local`` with :data:`PREFIXES`; raise ``KeyError`` on an unknown prefix."""
    prefix, sep, local = curie.partition(":")
    if not sep or not local or prefix not in PREFIXES:
        raise KeyError(curie)
    return PREFIXES[prefix][local]


def doi_iri(doi: str) -> URIRef:
    """The IRI of a published work, minted from its DOI so that works unify across articles."""
    return URIRef(ID_BASE + "doi/" + quote(normalise_doi(doi), safe=_DOI_SAFE))


def doi_resolver_iri(doi: str) -> URIRef:
    """The DOI's canonical https://doi.org/ IRI, the form other datasets link works by.

    >>> str(doi_resolver_iri("doi:10.1111/BJD.15928"))
    'https://doi.org/10.1111/bjd.15928'
    """
    return URIRef(identifiers.default().expand("DOI", quote(normalise_doi(doi), safe=_DOI_SAFE)))


def entity_iri(kind: str, key: str) -> URIRef:
    """The IRI of a shared vocabulary entity (drug, protein, condition, ...) or a person."""
    return URIRef(f"{ID_BASE}{kind}/{key}")


def mapping_iri(subject: str, predicate: str, obj: str) -> URIRef:
    """The provenance record of the mapping triple ``subject predicate obj`` (full IRIs): the first
    16 hex digits of the SHA-256 of ``subject|predicate|obj``, so the same triple has the same
    record in every build, whatever line of the table states it."""
    digest = hashlib.sha256(f"{subject}|{predicate}|{obj}".encode()).hexdigest()[:16]
    return URIRef(MAPPING_BASE + digest)


def article_base(article_id: str) -> str:
    """The base under which an article's own nodes (patients, sentences, cells, ...) are minted."""
    return f"{ID_BASE}article/{article_id}"


def article_graph(article_id: str) -> URIRef:
    """The named graph holding one article's facts."""
    return URIRef(f"{GRAPH_BASE}article/{article_id}")


def entailed_graph(graph: URIRef) -> URIRef:
    """The named graph holding what the ontology entails from the curated graph ``graph`` (the
    superclasses of its types, the superproperties of its predicates), beside it.

    >>> str(entailed_graph(article_graph("x")))
    'https://w3id.org/adkg/graph/entailed/article/x'
    >>> str(entailed_graph(VOCABULARY_GRAPH))
    'https://w3id.org/adkg/graph/entailed/vocabulary'
    """
    if not str(graph).startswith(GRAPH_BASE) or str(graph).startswith(ENTAILED_GRAPHS):
        raise ValueError(f"not a curated graph: {graph}")
    return URIRef(ENTAILED_GRAPHS + str(graph)[len(GRAPH_BASE):])
