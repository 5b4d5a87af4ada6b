"""The network page: one self-contained, offline HTML file drawn from the networkx graph.

pyvis assembles the vis-network nodes and edges; the page is the project's own template
(kg/templates/network.html) with vis-network's JavaScript and CSS inlined from the copy pyvis
ships, so the file loads nothing from the network. Data goes into the page once, as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped; tooltips are
plain-text strings (vis-network shows those as text); node ids are opaque (``n1``, ``n2``, ...).
The layout is computed by networkx with a fixed seed and drawn without physics: the same graph
always gives the same page.
"""

from __future__ import annotations

import html
import importlib.util
import json
import math
from collections.abc import Mapping
from pathlib import Path
from string import Template

import networkx as nx

from kg.core.errors import KgError
from kg.core.fsutil import atomic_write_text
from kg.view.imported import import_style
from kg.view.network import CLASSES

__all__ = ["render_page", "write_page", "MAX_NODES"]

#: Above this many nodes a whole-graph page is refused; use --focus or --classes.
MAX_NODES = 2000
_LAYOUT_SEED = 7


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


def _layout(graph: nx.MultiDiGraph, min_distance: float = 70.0) -> dict[str, tuple[float, float]]:
    """Seeded spring layout, then nodes closer than ``min_distance`` pushed apart (deterministic)."""
    import numpy as np

    if graph.number_of_nodes() == 0:
        return {}
    simple: nx.Graph[str] = nx.Graph(graph.to_undirected())
    order = sorted(simple)
    count = len(order)
    scale = 180 * math.sqrt(count)
    positions = nx.spring_layout(simple, seed=_LAYOUT_SEED, k=5 / math.sqrt(max(1, count)),
                                 iterations=300, scale=scale)
    xy = np.array([positions[n] for n in order], dtype=float)
    if 1 < count <= 4000:
        for _ in range(60):
            delta = xy[:, None, :] - xy[None, :, :]
            dist = np.sqrt((delta ** 2).sum(-1))
            np.fill_diagonal(dist, 1e12)
            close = dist < min_distance
            if not close.any():
                break
            push = np.where(close, (min_distance - dist) / np.maximum(dist, 1e-6) / 2, 0.0)
            xy += (delta * push[:, :, None]).sum(axis=1)
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in zip(order, xy, strict=True)}


def render_page(graph: nx.MultiDiGraph, title: str, timelines: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The page's HTML for ``graph`` (node attributes ``cls``, ``label``, ``title``); ``timelines``
    maps a node's IRI to the link (``href``, ``text``) its details show (:mod:`kg.view.timeline`)."""
    from pyvis.network import Network

    styles: dict = {c.key: c for c in CLASSES}
    for cls in sorted({data["cls"] for _, data in graph.nodes(data=True)} - set(styles)):
        styles[cls] = import_style(cls)  # an import's nodes: one class per source
    order = sorted(graph.nodes)
    ids = {iri: f"n{i}" for i, iri in enumerate(order, 1)}
    positions = _layout(graph)
    degree = dict(graph.degree())
    net = Network(directed=True)
    for iri in order:
        data = graph.nodes[iri]
        style = styles[data["cls"]]
        x, y = positions.get(iri, (0.0, 0.0))
        net.add_node(ids[iri], label=data["label"] if len(data["label"]) <= 60 else data["label"][:57] + "...",
                     title=data["title"], color=style.colour, shape=style.shape,
                     size=round(8 + 4 * math.sqrt(degree.get(iri, 0)), 1), x=x, y=y)
    for source, target, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["label"])):
        net.add_edge(ids[source], ids[target], label=data["label"], title=data["label"])
    nodes = []
    for node, iri in zip(net.nodes, order, strict=True):
        data = graph.nodes[iri]
        node.update(cls=data["cls"], classLabel=styles[data["cls"]].label,
                    search=(data["label"] + " " + styles[data["cls"]].label).lower())
        nodes.append(node)
    counts = dict.fromkeys(styles, 0)
    for _, data in graph.nodes(data=True):
        counts[data["cls"]] += 1
    payload = {
        "nodes": nodes,
        # Edge labels are drawn for the selected node's edges only (hover shows them always).
        "edges": [dict(e, id=f"e{i}", arrows="to", font={"size": 0, "align": "middle"}, color={"color": "#aaa"})
                  for i, e in enumerate(net.edges, 1)],
        "classes": [{"key": c.key, "label": c.label, "colour": c.colour, "shape": c.shape, "count": counts[c.key]}
                    for c in styles.values() if counts[c.key]],
        "options": {"physics": {"enabled": False}, "interaction": {"hover": True, "tooltipDelay": 150},
                    "nodes": {"font": {"size": 12}}, "edges": {"smooth": False}},
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
