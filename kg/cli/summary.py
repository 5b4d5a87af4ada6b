"""The lines `kg build` prints about the graphs it wrote: each graph's quads, or, past
:data:`LISTED_ARTICLES` articles, the article graphs and their entailed graphs summarised."""

from __future__ import annotations

from kg.dataset.scope import ARTICLE_GRAPHS, ENTAILED_ARTICLE_GRAPHS  # where article graphs live

__all__ = ["LISTED_ARTICLES", "graph_lines"]

#: Up to this many article graphs are listed one by one after a build; more are summarised.
LISTED_ARTICLES = 20


def graph_lines(graphs: dict[str, int]) -> list[str]:
    """Each graph's size, the article graphs (and their entailed graphs) summarised when there are many.

    >>> g = "https://w3id.org/adkg/graph/"
    >>> graph_lines({g + "article/a": 5, g + "article/b": 7, g + "ontology": 9})[-1]
    '        9  https://w3id.org/adkg/graph/ontology'
    >>> for line in graph_lines({f"{g}article/{i}": i for i in range(1, 31)}
    ...                          | {f"{g}entailed/article/{i}": 2 for i in range(30)}):
    ...     print(line)
      30 article graphs: 465 quads, 1 to 30 each (median 16)
      30 entailed article graphs: 60 quads, 2 to 2 each (median 2)
    """
    kinds = ((ARTICLE_GRAPHS, "article graphs"), (ENTAILED_ARTICLE_GRAPHS, "entailed article graphs"))
    if sum(1 for g in graphs if g.startswith(ARTICLE_GRAPHS)) <= LISTED_ARTICLES:
        return [f"  {count:>7}  {graph}" for graph, count in graphs.items()]
    lines = []
    for prefix, what in kinds:
        sizes = sorted(n for g, n in graphs.items() if g.startswith(prefix))
        if sizes:
            lines.append(f"  {len(sizes)} {what}: {sum(sizes)} quads, {sizes[0]} to {sizes[-1]} each "
                         f"(median {sizes[len(sizes) // 2]})")
    prefixes = tuple(prefix for prefix, _ in kinds)
    return lines + [f"  {count:>7}  {graph}" for graph, count in graphs.items() if not graph.startswith(prefixes)]
