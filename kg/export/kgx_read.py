"""Read the nodes and edges of the KGX export from a built store, by SPARQL on its curated graphs.

Only the curated named graphs are read (the vocabulary graph and the article graphs): never the
entailed graphs, which add every superclass to every instance, nor the ontology or imports.

* **Nodes**: the vocabulary graph's entities whose class is, or lies under, a Biolink class in the
  ontology (drugs, proteins, pathways and processes, diseases and phenotypes, laboratory tests:
  the nearest Biolink class is the category), each article's patients (``adkg:Patient``, under
  ``biolink:Case``) and each article itself (``biolink:JournalArticle``).
* **Edges**: the graph's triples of :data:`kg.export.biolink.PREDICATES` between two nodes, one
  per statement and source: a background assertion once per information resource of its source
  records, an article's statement with the article's DOI and the sentences it was read from;
  and, from each article, what it reports of its patients (a drug given to patients diagnosed with
  a disease, ``biolink:applied_to_treat``; a condition the text says a patient did not have, a
  negated ``biolink:has_phenotype``) and the subjects it names (``biolink:mentions``).

>>> _nearest("https://example.org/A", {"https://example.org/A": ["https://w3id.org/biolink/vocab/Drug"]})
('biolink:Drug',)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.core.namespaces import GRAPH_BASE, ONTOLOGY_GRAPH, VOCABULARY_GRAPH
from kg.export.biolink import (
    ARTICLE_STATEMENT,
    CLASS_CATEGORIES,
    OBSERVATION,
    PREDICATES,
    SOURCES,
    Predicate,
    Source,
)

__all__ = ["Node", "Edge", "Graph", "read_graph"]

_BIOLINK = "https://w3id.org/biolink/vocab/"
_ARTICLES = GRAPH_BASE + "article/"
_PREFIXES = """PREFIX adkg: <https://w3id.org/adkg/ontology#>
PREFIX c4o: <http://purl.org/spar/c4o/>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX fabio: <http://purl.org/spar/fabio/>
PREFIX oboInOwl: <http://www.geneontology.org/formats/oboInOwl#>
PREFIX prism: <http://prismstandard.org/namespaces/basic/2.0/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
_CURATED = f'FILTER(?g = <{VOCABULARY_GRAPH}> || STRSTARTS(STR(?g), "{_ARTICLES}"))'
_IN_ARTICLE = f'FILTER(STRSTARTS(STR(?g), "{_ARTICLES}"))'
_PREDICATE_VALUES = " ".join(f"<{p}>" for p in sorted(PREDICATES))
_ORIGINAL = {"https://w3id.org/adkg/ontology#": "adkg:", "http://purl.obolibrary.org/obo/RO_": "RO:"}


@dataclass
class Node:
    iri: str
    categories: tuple[str, ...]
    name: str = ""
    xrefs: tuple[str, ...] = ()
    drugs: tuple[str, ...] = ()  # a patient's drugs (IRIs)


@dataclass(frozen=True)
class Edge:
    subject: str
    relation: Predicate
    object: str
    knowledge_level: str
    agent_type: str
    source: str = ""  # an infores, for a background assertion
    publications: tuple[str, ...] = ()  # DOIs
    texts: tuple[str, ...] = ()
    original: str = ""  # the graph's predicate, where Biolink's differs
    negated: bool = False


@dataclass
class Graph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)


def _rows(store: ox.Store, query: str) -> list[tuple[Any, ...]]:
    """The solutions of a SELECT query, each term as its string value (None where unbound)."""
    solutions = store.query(_PREFIXES + query)
    assert isinstance(solutions, ox.QuerySolutions)  # noqa: S101 - every query here is a SELECT
    names = [v.value for v in solutions.variables]
    return [tuple(None if s[n] is None else s[n].value for n in names) for s in solutions]


def _nearest(cls: str, parents: dict[str, list[str]], seen: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The nearest Biolink classes at or above ``cls`` (``parents``: the ontology's subClassOf)."""
    if cls.startswith(_BIOLINK):
        return ("biolink:" + cls[len(_BIOLINK):],)
    if cls in CLASS_CATEGORIES:
        return (CLASS_CATEGORIES[cls],)
    found: list[str] = []
    for parent in parents.get(cls, []):
        if parent not in seen:
            found += [c for c in _nearest(parent, parents, seen | {cls}) if c not in found]
    return tuple(found)


def _categories(store: ox.Store) -> dict[tuple[str, str], list[str]]:
    """(graph, subject) -> the categories of the subject's classes in that curated graph."""
    parents: dict[str, list[str]] = defaultdict(list)
    for child, parent in _rows(store, f"SELECT ?c ?p WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?c rdfs:subClassOf ?p }} "
                                      "FILTER(isIRI(?p)) } ORDER BY ?c ?p"):
        parents[child].append(parent)
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for graph, subject, cls in _rows(store, f"SELECT ?g ?s ?t WHERE {{ GRAPH ?g {{ ?s a ?t }} {_CURATED} "
                                            "FILTER(isIRI(?s)) } ORDER BY ?g ?s ?t"):
        for category in _nearest(cls, parents):
            if category not in found[(graph, subject)]:
                found[(graph, subject)].append(category)
    return found


def _nodes(store: ox.Store) -> tuple[dict[str, Node], dict[str, str]]:
    """The nodes by IRI, and each article graph's article (graph -> article IRI)."""
    nodes: dict[str, Node] = {}
    for (graph, subject), categories in sorted(_categories(store).items()):
        if graph == str(VOCABULARY_GRAPH) or categories == ["biolink:Case"]:
            known = nodes.setdefault(subject, Node(subject, ()))
            known.categories += tuple(c for c in sorted(categories) if c not in known.categories)
    articles: dict[str, str] = {}
    for graph, article, doi, title in _rows(store, f"""SELECT ?g ?a ?doi ?title WHERE {{ GRAPH ?g {{
            ?a a fabio:JournalArticle ; prism:doi ?doi . OPTIONAL {{ ?a dcterms:title ?title }}
            FILTER NOT EXISTS {{ ?x cito:cites ?a }} }} {_IN_ARTICLE} }} ORDER BY ?g ?a"""):
        articles[graph] = article
        nodes[article] = Node(article, ("biolink:JournalArticle",), title or "", (f"doi:{doi}",))
    for subject, label in _rows(store, f"SELECT ?s ?l WHERE {{ GRAPH ?g {{ ?s rdfs:label ?l }} {_CURATED} }} "
                                       "ORDER BY ?s ?l"):
        if subject in nodes and not nodes[subject].name:
            nodes[subject].name = label
    xrefs: dict[str, list[str]] = defaultdict(list)
    for subject, xref in _rows(store, f"SELECT ?s ?x WHERE {{ GRAPH <{VOCABULARY_GRAPH}> "
                                      "{ ?s oboInOwl:hasDbXref ?x } } ORDER BY ?s ?x"):
        xrefs[subject].append(xref)
    for subject, found in xrefs.items():
        if subject in nodes:
            nodes[subject].xrefs = tuple(found)
    drugs: dict[str, set[str]] = defaultdict(set)
    for patient, drug in _rows(store, f"SELECT ?p ?d WHERE {{ GRAPH ?g {{ ?p a adkg:Patient ; "
                                      f"adkg:hasTreatmentCourse/adkg:drug ?d }} {_IN_ARTICLE} }}"):
        drugs[patient].add(drug)
    for patient, given in drugs.items():
        if patient in nodes:
            nodes[patient].drugs = tuple(sorted(given))
    return nodes, articles


def _source(file: str | None) -> Source | None:
    """The information resource a source record's file belongs to."""
    return next((s for prefix, s in SOURCES.items() if file and file.startswith(prefix)), None)


def _original(predicate: str) -> str:
    return next((curie + predicate[len(ns):] for ns, curie in _ORIGINAL.items() if predicate.startswith(ns)), "")


def _statements(store: ox.Store) -> dict[tuple[str, str, str, str], dict[str, set[str]]]:
    """Each curated triple of an exported predicate, with its background sources' files and the
    text of the sentences its assertions were derived from."""
    found: dict[tuple[str, str, str, str], dict[str, set[str]]] = {}
    for g, s, p, o in _rows(store, f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_CURATED} "
                                   f"VALUES ?p {{ {_PREDICATE_VALUES} }} }}"):
        found[(g, s, p, o)] = {"files": set(), "texts": set()}
    for g, s, p, o, file, text in _rows(store, f"""SELECT ?g ?s ?p ?o ?file ?text WHERE {{
            GRAPH ?g {{ ?a a adkg:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                        prov:wasDerivedFrom ?src }}
            {_CURATED} VALUES ?p {{ {_PREDICATE_VALUES} }}
            OPTIONAL {{ ?src dcterms:source ?file FILTER EXISTS {{ GRAPH ?g {{ ?a a adkg:BackgroundAssertion }} }} }}
            OPTIONAL {{ ?src c4o:hasContent ?text }} }}"""):
        if (g, s, p, o) in found:
            found[(g, s, p, o)]["files"] |= {file} if file else set()
            found[(g, s, p, o)]["texts"] |= {text} if text else set()
    return found


def _stated(store: ox.Store, nodes: dict[str, Node], dois: dict[str, str]) -> Iterable[Edge]:
    """The edges of the graph's own statements (:func:`_statements`) between two nodes."""
    for (g, s, p, o), found in sorted(_statements(store).items()):
        if s not in nodes or o not in nodes:
            continue
        relation, original = PREDICATES[p], _original(p)
        if g in dois:
            level, agent = OBSERVATION if "biolink:Case" in nodes[s].categories else ARTICLE_STATEMENT
            yield Edge(s, relation, o, level, agent, publications=(dois[g],), texts=tuple(sorted(found["texts"])),
                       original=original)
            continue
        known = {r.infores: r for r in map(_source, found["files"]) if r}
        if not known:  # a curated statement with no source record
            yield Edge(s, relation, o, "not_provided", "not_provided", original=original)
        for _, src in sorted(known.items()):
            yield Edge(s, relation, o, src.knowledge_level, src.agent_type, src.infores, original=original)


def _reported(store: ox.Store, nodes: dict[str, Node], dois: dict[str, str],
              articles: dict[str, str]) -> Iterable[Edge]:
    """What each article reports of its patients as a whole, and the subjects it names."""
    level, agent = OBSERVATION
    for g, drug, condition in _rows(store, f"""SELECT DISTINCT ?g ?d ?c WHERE {{ GRAPH ?g {{ ?p a adkg:Patient ;
            adkg:hasDiagnosis ?c ; adkg:hasTreatmentCourse/adkg:drug ?d }} {_IN_ARTICLE} }} ORDER BY ?g ?d ?c"""):
        if drug in nodes and condition in nodes:
            yield Edge(drug, Predicate("biolink:applied_to_treat"), condition, level, agent, publications=(dois[g],))
    for g, patient, condition, text in _rows(store, f"""SELECT ?g ?p ?c ?text WHERE {{ GRAPH ?g {{
            ?f a adkg:NegativeFinding ; adkg:ofPatient ?p ; adkg:absentFinding ?c .
            OPTIONAL {{ ?f prov:wasDerivedFrom/c4o:hasContent ?text }} }} {_IN_ARTICLE} }} ORDER BY ?g ?p ?c ?text"""):
        if patient in nodes and condition in nodes:
            yield Edge(patient, PREDICATES["https://w3id.org/adkg/ontology#hasDiagnosis"], condition, level, agent,
                       publications=(dois[g],), texts=(text,) if text else (), original="adkg:absentFinding",
                       negated=True)
    level, agent = ARTICLE_STATEMENT
    for g, article in sorted(articles.items()):
        for (subject,) in _rows(store, f"SELECT ?s WHERE {{ GRAPH <{g}> {{ <{article}> dcterms:subject ?s }} }} "
                                       "ORDER BY ?s"):
            if subject in nodes:
                yield Edge(article, Predicate("biolink:mentions"), subject, level, agent, publications=(dois[g],),
                           original="dcterms:subject")


def read_graph(store: ox.Store) -> Graph:
    """The nodes and edges of the KGX export of ``store`` (a kg build's store)."""
    nodes, articles = _nodes(store)
    dois = {g: nodes[a].xrefs[0] for g, a in articles.items()}
    edges = list(_stated(store, nodes, dois)) + list(_reported(store, nodes, dois, articles))
    return Graph(nodes, list(dict.fromkeys(edges)))
