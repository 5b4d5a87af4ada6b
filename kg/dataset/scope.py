"""The graphs an article-scoped helper reads: that article's named graph and the shared graphs.

A helper whose header says ``# scope: doi`` is about one article when its ``doi`` parameter is
given. It then runs with a dataset whose default graph is the article's own named graph and its
entailed graph (what the ontology's subclass and subproperty links entail from it) plus every
curated graph that is not an article's (ontology, vocabulary and their entailed graphs; never an
import's graph, which is no more part of the scope than of the union default graph), found by index look-ups
that cost the same at any corpus size, so its cost follows its answer rather than the corpus
(docs/writing-helpers.md, rule 0). An article graph names its article (``<graph>
foaf:primaryTopic <article>``, written by :mod:`kg.transform.map_article`); the article is found
by its DOI. The answer is the same as over the whole corpus. For a DOI that no article graph is
about (a work that is only cited, or none), the scope is the shared graphs alone: what these
helpers ask (an article's patients, citations, claims) lives only in that article's own graph,
so the answer is empty either way, found without reading the corpus. The scope is left out
where it cannot help: without a ``doi``, and when the store holds a single article graph (the
union default graph is then that scope already, and one graph is cheaper to read than several).

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> g, a = ox.NamedNode(ARTICLE_GRAPHS + "x"), ox.NamedNode("https://w3id.org/adkg/id/doi/10.1/x")
>>> store.extend([ox.Quad(g, _PRIMARY_TOPIC, a, g), ox.Quad(a, _DOI, ox.Literal("10.1/x"), g),
...               ox.Quad(a, _DOI, ox.Literal("10.1/x"), ox.NamedNode(ARTICLE_GRAPHS + "y")),
...               ox.Quad(a, _DOI, ox.Literal("10.1/x"), ox.NamedNode("https://w3id.org/adkg/graph/vocabulary")),
...               ox.Quad(a, _DOI, ox.Literal("10.1/x"), ox.NamedNode(IMPORT_GRAPHS + "other"))])
>>> store.add(ox.Quad(a, _DOI, ox.Literal("10.1/x"), ox.NamedNode(ENTAILED_ARTICLE_GRAPHS + "y")))
>>> for graph in scope_graphs(store, ox.Literal("10.1/x")):
...     print(graph.value)
https://w3id.org/adkg/graph/article/x
https://w3id.org/adkg/graph/entailed/article/x
https://w3id.org/adkg/graph/vocabulary
>>> [n.value for n in scope_graphs(store, ox.Literal("10.1/unknown"))]
['https://w3id.org/adkg/graph/vocabulary']
>>> layout(store)
Layout(shared=[<NamedNode value=https://w3id.org/adkg/graph/vocabulary>], articles=2)
"""

from __future__ import annotations

from typing import NamedTuple

import pyoxigraph as ox

from kg.core.prefixes import PREFIX_IRIS
from kg.publish.storage import IMPORT_GRAPHS

__all__ = ["ARTICLE_GRAPHS", "ENTAILED_ARTICLE_GRAPHS", "Layout", "layout", "scope_graphs"]

#: The namespace of the article graphs (kg.core.namespaces.article_graph).
ARTICLE_GRAPHS = "https://w3id.org/adkg/graph/article/"
#: The namespace of the article graphs' entailed graphs (kg.core.namespaces.entailed_graph).
ENTAILED_ARTICLE_GRAPHS = "https://w3id.org/adkg/graph/entailed/article/"
_PRIMARY_TOPIC = ox.NamedNode(PREFIX_IRIS["foaf"] + "primaryTopic")
_DOI = ox.NamedNode(PREFIX_IRIS["prism"] + "doi")


class Layout(NamedTuple):
    """A store's curated named graphs: those that are not an article's, and how many are (an
    import's graphs are neither)."""

    shared: list[ox.NamedNode]
    articles: int


def layout(store: ox.Store) -> Layout:
    """The shared graphs (ontology, vocabulary and their entailed graphs; not the imports') in IRI
    order and the number of article graphs (an article's entailed graph counts with it). It walks
    the list of graphs (about 24 ms for 10,000), so a kg Store keeps it once opened."""
    shared: list[ox.NamedNode] = []
    articles = 0
    for graph in store.named_graphs():
        if isinstance(graph, ox.NamedNode) and graph.value.startswith((IMPORT_GRAPHS, ENTAILED_ARTICLE_GRAPHS)):
            continue
        if isinstance(graph, ox.NamedNode) and not graph.value.startswith(ARTICLE_GRAPHS):
            shared.append(graph)
        else:
            articles += 1
    return Layout(sorted(shared, key=lambda g: g.value), articles)


def _article_graphs(store: ox.Store, doi: ox.Literal) -> list[ox.NamedNode]:
    """The named graphs that are about the article with ``doi`` (one, in a kg build), each with its entailed graph."""
    found: set[str] = set()
    for quad in store.quads_for_pattern(None, _DOI, doi, None):
        for topic in store.quads_for_pattern(None, _PRIMARY_TOPIC, quad.subject, None):
            if topic.subject == topic.graph_name and isinstance(topic.subject, ox.NamedNode):
                found.add(topic.subject.value)
                if topic.subject.value.startswith(ARTICLE_GRAPHS):
                    found.add(ENTAILED_ARTICLE_GRAPHS + topic.subject.value[len(ARTICLE_GRAPHS):])
    return [ox.NamedNode(g) for g in sorted(found)]


def scope_graphs(store: ox.Store, doi: ox.Literal, *, graphs: Layout | None = None,
                 ) -> list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None:
    """The default graph for a helper about the article with ``doi``: its graph and the shared
    graphs of ``graphs`` (default: :func:`layout` of ``store``), in IRI order (only the shared
    graphs if no graph is about that article); ``None`` (read the union default graph) if the
    store holds one article graph at most."""
    graphs = layout(store) if graphs is None else graphs
    if graphs.articles <= 1:
        return None
    articles = _article_graphs(store, doi)
    ordered: list[ox.NamedNode] = sorted(articles + graphs.shared, key=lambda g: g.value)
    scope: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = []
    scope.extend(ordered)
    return scope
