"""The patients' timelines as files: one swimmer plot per article, ``timeline-ARTICLE-ID.svg``,
written beside the network page, and the links the page shows for an article or patient node.

An article's id is the last segment of its graph's IRI (the folder name under data/articles/); one
that is not a plain path segment gets no file (nothing from the graph ever becomes a path). Each
file is written through a temporary file and one rename.

>>> timeline_name("shahriari-2023-jaki-rescue")
'timeline-shahriari-2023-jaki-rescue.svg'
>>> timeline_name("../etc") is None, timeline_name("a/b") is None
(True, True)
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

import networkx as nx

from kg.core.fsutil import atomic_write_text
from kg.dataset.store import Store
from kg.view.swimmer import render_svg
from kg.view.timeline_data import ArticleTimeline, article_graphs, article_timelines

__all__ = ["timeline_name", "timeline_links", "timelines_for", "write_timelines", "write_page_and_timelines"]

_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,150}")


def timeline_name(article_id: str) -> str | None:
    """The file name of an article's timeline, or ``None`` for an id that is not a plain segment."""
    if not _SEGMENT.fullmatch(article_id) or ".." in article_id:
        return None
    return f"timeline-{article_id}.svg"


def timeline_links(articles: list[ArticleTimeline]) -> dict[str, dict[str, str]]:
    """For the page: each article's and each patient's IRI -> the relative link to its timeline
    (``FILE.svg`` for the article, ``FILE.svg#patient-N`` for a patient) and the link's words."""
    links: dict[str, dict[str, str]] = {}
    for article in articles:
        name = timeline_name(article.article_id)
        if name is None:
            continue
        count = len(article.patients)
        links[article.iri] = {"href": name, "text": f"The patients' timeline ({count} patients, SVG)"}
        for patient in article.patients:
            links[patient.iri] = {"href": f"{name}#patient-{patient.number}",
                                  "text": f"Patient {patient.number} on the patients' timeline (SVG)"}
    return links


def timelines_for(store: Store, only: Collection[str] | None = None) -> list[ArticleTimeline]:
    """The articles with patients, sorted, whose id can name a file; with ``only`` (node IRIs, e.g.
    those a page draws), just those that have their article or a patient among them (read from
    those articles' graphs alone)."""
    graphs = None if only is None else article_graphs(store, only)
    return [a for a in article_timelines(store, graphs) if timeline_name(a.article_id) is not None]


def write_timelines(articles: list[ArticleTimeline], folder: Path) -> list[Path]:
    """Write each article's timeline into ``folder``; the files written, sorted."""
    written = []
    for article in articles:
        name = timeline_name(article.article_id)
        if name is None:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_text(folder / name, render_svg(article))
        written.append(folder / name)
    return sorted(written)


def write_page_and_timelines(store: Store, graph: nx.MultiDiGraph, path: Path, title: str,
                             **options: Any) -> tuple[Path, list[Path]]:
    """Write the network page of ``graph`` at ``path`` (``options``: those of
    :func:`kg.view.viz.write_page`) and, beside it, the timeline of each article it draws, which
    the page links to; the page and the timelines written."""
    from kg.view.viz import write_page

    articles = timelines_for(store, only=set(graph.nodes))
    page = write_page(graph, path, title, timelines=timeline_links(articles), **options)
    return page, write_timelines(articles, page.parent)
