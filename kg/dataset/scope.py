"""The graphs an article-scoped helper reads: that article's named graph and the shared graphs.

A helper whose header says ``# scope: doi`` is about one article when its ``doi`` parameter is
given. It then runs with a dataset whose default graph is the article's own named graph plus
every graph that is not an article's (ontology, vocabulary, imports), found by index look-ups
that cost the same at any corpus size, so its cost follows its answer rather than the corpus
(docs/writing-helpers.md). An article graph names its article (``<graph> foaf:primaryTopic
<article>``, written by :mod:`kg.transform.map_article`); the article is found by its DOI.
Without a ``doi``, or for a DOI no article graph is about, the helper reads the whole corpus as
before, so its answer is the same either way.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> g, a = ox.NamedNode(ARTICLE_GRAPHS + "x"), ox.NamedNode("https://w3id.org/adkg/id/doi/10.1/x")
>>> store.extend([ox.Quad(g, _PRIMARY_TOPIC, a, g), ox.Quad(a, _DOI, ox.Literal("10.1/x"), g),
...               ox.Quad(a, _DOI, ox.Literal("10.1/x"), ox.NamedNode(ARTICLE_GRAPHS + "y")),
...               ox.Quad(a, _DOI, ox.Literal("10.1/x"), ox.NamedNode("https://w3id.org/adkg/graph/vocabulary"))])
>>> [n.value for n in scope_graphs(store, ox.Literal("10.1/x"))]
['https://w3id.org/adkg/graph/article/x', 'https://w3id.org/adkg/graph/vocabulary']
>>> scope_graphs(store, ox.Literal("10.1/unknown")) is None
True
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.core.prefixes import PREFIX_IRIS

__all__ = ["ARTICLE_GRAPHS", "scope_graphs", "shared_graphs"]

#: The namespace of the article graphs (kg.core.namespaces.article_graph).
ARTICLE_GRAPHS = "https://w3id.org/adkg/graph/article/"
_PRIMARY_TOPIC = ox.NamedNode(PREFIX_IRIS["foaf"] + "primaryTopic")
_DOI = ox.NamedNode(PREFIX_IRIS["prism"] + "doi")


def _article_graphs(store: ox.Store, doi: ox.Literal) -> list[ox.NamedNode]:
    """The named graphs that are about the article with ``doi`` (one, in a kg build)."""
    found: set[str] = set()
    for quad in store.quads_for_pattern(None, _DOI, doi, None):
        for topic in store.quads_for_pattern(None, _PRIMARY_TOPIC, quad.subject, None):
            if topic.subject == topic.graph_name and isinstance(topic.subject, ox.NamedNode):
                found.add(topic.subject.value)
    return [ox.NamedNode(g) for g in sorted(found)]


def shared_graphs(store: ox.Store) -> list[ox.NamedNode]:
    """Every named graph of ``store`` that is not an article's (ontology, vocabulary, imports).
    It walks the list of graphs (about 24 ms for 10,000), so a kg Store keeps it once opened."""
    return [g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and not g.value.startswith(ARTICLE_GRAPHS)]


def scope_graphs(store: ox.Store, doi: ox.Literal, *, shared: list[ox.NamedNode] | None = None,
                 ) -> list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None:
    """The default graph for a helper about the article with ``doi``: its graph and every graph
    that is not an article's (``shared``, default: :func:`shared_graphs`), in IRI order; ``None``
    (read the whole store) if no graph is about it."""
    articles = _article_graphs(store, doi)
    if not articles:
        return None
    ordered: list[ox.NamedNode] = sorted(articles + (shared_graphs(store) if shared is None else shared),
                                         key=lambda g: g.value)
    graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = []
    graphs.extend(ordered)
    return graphs
