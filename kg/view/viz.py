"""The network page: one self-contained, offline HTML file drawn from the networkx graph.

The page is the project's own template (kg/view/templates/network.html) with vis-network's
JavaScript and CSS inlined from the copy pyvis ships, so the file loads nothing from the network.
Data goes into the page once, as JSON in a ``<script type="application/json">`` block with ``<``,
``>`` and ``&`` escaped; tooltips are plain-text strings (vis-network shows those as text); node
ids are opaque (``n1``, ``n2``, ...). Positions come from :mod:`kg.view.layout` (clusters, seeded)
and are drawn without physics: the same graph always gives the same page. Labels are sized by
how well linked a node is and left out below a readable size, so the whole graph opens on its
hubs' names and zooming in reveals the rest; edges carry their predicate as a hover title and,
for the selected node, as a label.
"""

from __future__ import annotations

import html
import importlib.util
import json
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from string import Template

import networkx as nx

from kg.core.errors import KgError
from kg.core.fsutil import atomic_write_text
from kg.view.imported import import_style
from kg.view.layout import Layout, layout
from kg.view.network import CLASSES

__all__ = ["render_page", "write_page", "MAX_NODES"]

#: Above this many nodes a whole-graph page is refused; use --focus or --classes.
MAX_NODES = 5000
#: Above this many nodes the page hides edges while the view is dragged or zoomed.
_BIG = 1000
#: A label drawn smaller than this many pixels (less one) at the current zoom is left out.
_LABEL_THRESHOLD = 9


def _pyvis_asset(name: str) -> str:
    spec = importlib.util.find_spec("pyvis")  # locate the package without importing it
    if spec is None or spec.origin is None:
        raise KgError("pyvis is not installed")
    return (Path(spec.origin).parent / "lib" / "vis-9.1.2" / name).read_text(encoding="utf-8")


def _script_json(value) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' can end or alter it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


#: Shapes that draw their label inside: kept to a small font and a maximum width (the label wraps).
_LABEL_INSIDE = {"ellipse", "box", "circle", "database", "text"}


def _font_size(degree: int, shape: str) -> float:
    """Labels of well-linked nodes are larger, so they show first: the page hides a label drawn
    smaller than ``_LABEL_THRESHOLD`` pixels, so zooming in reveals the rest."""
    if shape in _LABEL_INSIDE or degree <= 3:
        return 11.0
    return round(min(28.0, 13 + 3.5 * math.sqrt(degree)), 1)


def _nodes(graph: nx.MultiDiGraph, styles: dict, ids: dict[str, str], placed: Layout) -> list[dict]:
    degree = dict(graph.degree())
    nodes = []
    for iri, nid in ids.items():
        data = graph.nodes[iri]
        style = styles[data["cls"]]
        x, y = placed.positions[iri]
        # The canvas label is cut short (the search results, details and tooltip give it whole).
        label = data["label"] if len(data["label"]) <= 40 else data["label"][:37].rstrip() + "..."
        node = {"id": nid, "label": label, "title": data["title"], "color": style.colour, "shape": style.shape,
                "size": round(8 + 4 * math.sqrt(degree.get(iri, 0)), 1), "x": x, "y": y,
                "font": {"size": _font_size(degree.get(iri, 0), style.shape)}, "cls": data["cls"],
                "name": data["label"], "classLabel": style.label, "unlinked": iri in placed.unlinked,
                "search": (data["label"] + " " + style.label).lower()}
        if style.shape in _LABEL_INSIDE:
            node["widthConstraint"] = {"maximum": 110}
        nodes.append(node)
    return nodes


def _edges(graph: nx.MultiDiGraph, ids: dict[str, str]) -> tuple[list[dict], list[dict]]:
    """The edges, and the edge kinds (their labels) with counts, most frequent first."""
    edges, counts = [], Counter[str]()
    for i, (source, target, data) in enumerate(sorted(graph.edges(data=True),
                                                      key=lambda e: (e[0], e[1], e[2]["label"])), 1):
        # The predicate shows on hover (title) and, for the selected node's edges, as a label.
        edges.append({"id": f"e{i}", "from": ids[source], "to": ids[target], "label": data["label"],
                      "title": data["label"], "arrows": "to"})
        counts[data["label"]] += 1
    kinds = [{"label": k, "count": n} for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return edges, kinds


def _options(count: int) -> dict:
    big = count > _BIG
    return {"physics": {"enabled": False}, "layout": {"improvedLayout": False},
            "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big},
            "nodes": {"font": {"size": 12},
                      "scaling": {"label": {"drawThreshold": _LABEL_THRESHOLD}}},
            "edges": {"smooth": False, "color": {"color": "#b5b5b5", "highlight": "#444", "hover": "#444"},
                      "font": {"size": 0, "align": "middle", "strokeWidth": 3},
                      "scaling": {"label": {"drawThreshold": _LABEL_THRESHOLD}}}}


def render_page(graph: nx.MultiDiGraph, title: str, timelines: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The page's HTML for ``graph`` (node attributes ``cls``, ``label``, ``title``; edge attribute
    ``label``); ``timelines`` maps a node's IRI to the link (``href``, ``text``) its details show
    (:mod:`kg.view.timeline`)."""
    styles: dict = {c.key: c for c in CLASSES}
    for cls in sorted({data["cls"] for _, data in graph.nodes(data=True)} - set(styles)):
        styles[cls] = import_style(cls)  # an import's nodes: one class per source
    ids = {iri: f"n{i}" for i, iri in enumerate(sorted(graph.nodes), 1)}
    placed = layout(graph)
    edges, kinds = _edges(graph, ids)
    counts = Counter(data["cls"] for _, data in graph.nodes(data=True))
    payload = {
        "nodes": _nodes(graph, styles, ids, placed),
        "edges": edges,
        "edgeKinds": kinds,
        "clusters": [asdict(box) for box in placed.boxes],
        "classes": [{"key": c.key, "label": c.label, "colour": c.colour, "shape": c.shape, "count": counts[c.key]}
                    for c in styles.values() if counts[c.key]],
        "options": _options(graph.number_of_nodes()),
        # The patients' timeline (an SVG file beside the page) of an article or patient node.
        "timelines": {ids[iri]: dict(link) for iri, link in sorted((timelines or {}).items()) if iri in ids},
    }
    template = Template((Path(__file__).parent / "templates" / "network.html").read_text(encoding="utf-8"))
    return template.substitute(title=html.escape(title), data=_script_json(payload),
                               vis_js=_pyvis_asset("vis-network.min.js").replace("</script", "<\\/script"),
                               vis_css=_pyvis_asset("vis-network.css"))


def write_page(graph: nx.MultiDiGraph, path: Path, title: str, *, focused: bool = False,
               max_nodes: int = MAX_NODES, timelines: Mapping[str, Mapping[str, str]] | None = None) -> Path:
    """Write the page atomically; refuse an unfocused graph above ``max_nodes``."""
    if not focused and graph.number_of_nodes() > max_nodes:
        raise KgError(f"the graph has {graph.number_of_nodes()} nodes, more than {max_nodes} for one page; "
                      "look at part of it with --focus ENTITY [--depth N] or --classes CLASS,...")
    text = render_page(graph, title, timelines)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)
    return path
