"""Where the network page draws each node: clusters of related classes, each packed from its pieces.

The whole graph is split into clusters by display class (the article, its bibliography, the
patients, the drugs and their mechanism, the conditions, one per imported dataset) and the nodes
without any link, which form a cluster of their own. Inside a cluster each connected piece (a
patient with its courses and observations, a journal with its papers, ...) gets a seeded spring
layout scaled to its size, and the pieces are packed in rows, largest first, then by label.
The clusters are then arranged around the article: bibliography on the left, patients on the
right, drugs and mechanism above, conditions and the unlinked nodes below, imports underneath. The
page draws these positions without physics, so the same graph always gives the same page, and
the cost grows with the pieces' sizes, not the square of the graph's (a 5,000-node page is laid
out in seconds).

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("p", cls="patient", label="Patient 1"); g.add_node("d", cls="drug", label="dupilumab")
>>> g.add_node("o", cls="observation", label="IGA"); g.add_node("c", cls="disease", label="cancer")
>>> _ = g.add_edge("p", "d", key="drug"), g.add_edge("o", "p", key="has feature of interest")
>>> placed = layout(g)
>>> [(b.key, b.count) for b in placed.boxes]
[('patients', 2), ('mechanism', 1), ('unlinked', 1)]
>>> placed.positions["p"][0] > placed.positions["d"][0]  # patients to the right of the mechanism
True
>>> layout(g) == placed
True
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree  # type: ignore[import-untyped]  # scipy ships no stubs

from kg.view.imported import import_style

__all__ = ["CLUSTERS", "Box", "Layout", "cluster_of", "layout", "SPACING"]

#: Distance between neighbouring nodes, in the page's canvas units.
SPACING = 64.0
_SEED = 7
#: Pieces up to this size share one drawing per shape (:func:`_shape`).
_SMALL_PIECE = 60
#: How much wider than tall the room each node needs is (its label lies below it).
_WIDE = 3.5
_PAD = 1.5 * SPACING        # around a cluster's nodes, inside its box
_GAP = 2 * _PAD + SPACING   # between clusters' nodes
_TITLE = 1.2 * SPACING      # room for a cluster's title above its nodes
#: The aspect (width / height) the arrangement aims at: a laptop window beside the side panel.
_ASPECT = 1.35

#: Cluster key, title, the display classes it holds.
CLUSTERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("article", "Articles", ("article",)),
    ("bibliography", "Bibliography", ("reference", "author", "organisation", "journal")),
    ("patients", "Patients", ("patient", "course", "observation")),
    ("mechanism", "Drugs and mechanism", ("drug", "drug-class", "protein", "pathway")),
    ("conditions", "Conditions", ("disease",)),
)
_SIDES = ("bibliography", "patients")
_CENTRE = ("mechanism", "article", "conditions", "unlinked")
_OF_CLASS = {cls: key for key, _title, classes in CLUSTERS for cls in classes}
_TITLES = {key: title for key, title, _classes in CLUSTERS} | {"unlinked": "Not linked to anything else"}


@dataclass(frozen=True)
class Box:
    """A cluster's frame on the canvas: its key, title, node count and rectangle (x, y = top left)."""

    key: str
    title: str
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Layout:
    positions: dict[str, tuple[float, float]]
    boxes: tuple[Box, ...]
    unlinked: frozenset[str]


def cluster_of(cls: str) -> str:
    """The cluster a display class is drawn in (an import's class is a cluster of its own).

    >>> cluster_of("observation"), cluster_of("import:wikipathways")
    ('patients', 'import:wikipathways')
    """
    return _OF_CLASS.get(cls, cls)


def _natural(text: str) -> tuple:
    """Sort key with numbers compared as numbers ("Patient 2" before "Patient 10")."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in re.split(r"(\d+)", text.casefold()) if part)


@dataclass
class _Block:
    """Positions relative to the block's top-left corner, and its size."""

    positions: dict[str, tuple[float, float]]
    width: float
    height: float


def _shape(sub: nx.Graph) -> tuple[list[str], tuple]:
    """The piece's nodes in a canonical order (by degree, then the neighbours' degrees, three steps
    out, then name) and its edges between those positions: pieces of the same shape (every
    patient with the same courses and observations) get the same key, and so the same drawing."""
    colour: dict[str, tuple] = {n: (sub.degree(n),) for n in sub}
    for _ in range(3):
        colour = {n: (colour[n], tuple(sorted(colour[m] for m in sub[n]))) for n in sub}
    order = sorted(sub, key=lambda n: (colour[n], n))
    index = {n: i for i, n in enumerate(order)}
    return order, tuple(sorted((min(index[u], index[v]), max(index[u], index[v])) for u, v in sub.edges()))


def _piece(simple: nx.Graph, nodes: list[str], drawn: dict[tuple, np.ndarray]) -> _Block:
    """One connected piece: a seeded spring layout, scaled so that a typical edge is a little longer
    than SPACING, then nodes still closer than that pushed apart. Small pieces of a shape
    already drawn (``drawn``, by :func:`_shape`) reuse its drawing."""
    if len(nodes) == 1:
        return _Block({nodes[0]: (0.0, 0.0)}, 0.0, 0.0)
    sub: nx.Graph = nx.Graph(simple.subgraph(nodes))
    order, edges = _shape(sub) if len(nodes) <= _SMALL_PIECE else (nodes, None)
    key = (len(order), edges)
    if edges is None or key not in drawn:
        count = len(order)
        canonical: nx.Graph = nx.Graph()
        canonical.add_nodes_from(range(count))
        index = {n: i for i, n in enumerate(order)}
        canonical.add_edges_from(sorted((min(index[u], index[v]), max(index[u], index[v])) for u, v in sub.edges()))
        iterations = 100 if count <= 500 else 40 if count <= 2000 else 20
        raw = nx.spring_layout(canonical, seed=_SEED, iterations=iterations, scale=None)
        xy = np.array([raw[i] for i in range(count)], dtype=float)
        ends = np.array(canonical.edges(), dtype=int)
        lengths = np.hypot(*(xy[ends[:, 0]] - xy[ends[:, 1]]).T)
        xy *= 1.2 * SPACING / max(float(np.median(lengths)), 1e-9)
        xy = _level(xy)
        # Labels are wide: nodes side by side need more room than nodes one above the other.
        xy[:, 0] /= _WIDE
        xy = _spread(xy, 0.9 * SPACING)
        xy[:, 0] *= _WIDE
        xy -= xy.min(axis=0)
        if edges is None:
            return _block(order, xy)
        drawn[key] = xy
    return _block(order, drawn[key])


def _block(order: list[str], xy: np.ndarray) -> _Block:
    width, height = xy.max(axis=0)
    return _Block({n: (float(x), float(y)) for n, (x, y) in zip(order, xy, strict=True)}, float(width), float(height))


def _level(xy: np.ndarray) -> np.ndarray:
    """The piece turned so its longest extent lies along x (pieces pack in rows)."""
    centred = xy - xy.mean(axis=0)
    _values, vectors = np.linalg.eigh(centred.T @ centred)
    axis = vectors[:, -1] * (1 if vectors[0, -1] >= 0 else -1)  # the main axis, pointing right
    rotation = np.array([[axis[0], axis[1]], [-axis[1], axis[0]]])
    return centred @ rotation.T


def _spread(xy: np.ndarray, distance: float, rounds: int = 40) -> np.ndarray:
    """Nodes closer than ``distance`` pushed apart, pair by pair (a k-d tree finds the pairs)."""
    for _ in range(rounds):
        pairs = cKDTree(xy).query_pairs(distance, output_type="ndarray")
        if not len(pairs):
            break
        first, second = pairs[:, 0], pairs[:, 1]
        delta = xy[first] - xy[second]
        length = np.hypot(delta[:, 0], delta[:, 1])
        same = length < 1e-6  # on top of each other: apart along x, in index order
        delta[same] = (1.0, 0.0)
        length[same] = 1.0
        move = delta * ((distance - length) / length / 2)[:, None]
        np.add.at(xy, first, move)
        np.add.at(xy, second, -move)
    return xy


def _grid(nodes: list[str], width: float) -> _Block:
    """Nodes with no link inside their cluster, in rows about ``width`` wide (in the given order)."""
    columns = max(1, int(width / (1.6 * SPACING)) + 1)
    positions = {n: (i % columns * SPACING * 1.6, i // columns * SPACING) for i, n in enumerate(nodes)}
    rows = math.ceil(len(nodes) / columns)
    return _Block(positions, (min(columns, len(nodes)) - 1) * SPACING * 1.6, (rows - 1) * SPACING)


def _shelves(blocks: list[_Block], width: float) -> _Block:
    """Blocks in rows no wider than ``width`` (a wider block gets a row of its own)."""
    positions: dict[str, tuple[float, float]] = {}
    x = y = row = used = 0.0
    for block in blocks:
        if x > 0 and x + block.width > width:
            x, y, row = 0.0, y + row + 1.5 * SPACING, 0.0
        positions.update({n: (x + px, y + py) for n, (px, py) in block.positions.items()})
        used = max(used, x + block.width)
        x += block.width + 3 * SPACING  # room for the labels between pieces
        row = max(row, block.height)
    return _Block(positions, used, y + row)


@dataclass
class _Pieces:
    """A cluster's connected pieces (laid out, largest first then by label) and its lone nodes."""

    blocks: list[_Block]
    lone: list[str]

    def area(self) -> float:
        return (sum((b.width + 3 * SPACING) * (b.height + 1.5 * SPACING) for b in self.blocks)
                + len(self.lone) * 1.6 * SPACING ** 2)

    def pack(self, width: float) -> _Block:
        """In rows about ``width`` wide, the lone nodes in a grid after the pieces."""
        width = max([width] + [b.width for b in self.blocks])
        return _shelves(self.blocks + ([_grid(self.lone, width)] if self.lone else []), width)

    def pack_to_height(self, height: float) -> _Block:
        """The narrowest packing (of a few tried) no taller than ``height``."""
        width = max([SPACING] + [b.width for b in self.blocks])
        packed = self.pack(width)
        for _ in range(40):
            if packed.height <= height:
                break
            width *= 1.15
            packed = self.pack(width)
        return packed


def _pieces(simple: nx.Graph, graph: nx.MultiDiGraph, nodes: list[str], drawn: dict[tuple, np.ndarray]) -> _Pieces:
    label = {n: graph.nodes[n].get("label", n) for n in nodes}
    sub = simple.subgraph(nodes)
    pieces = [sorted(p) for p in nx.connected_components(sub)]
    lone = sorted((p[0] for p in pieces if len(p) == 1), key=lambda n: (_natural(label[n]), n))
    linked = [p for p in pieces if len(p) > 1]
    # A piece is named by its best-linked node (the patient of a patient's piece).
    name = {id(p): max(p, key=lambda n: (sub.degree(n), [-ord(c) for c in n])) for p in linked}
    linked.sort(key=lambda p: (-len(p), _natural(label[name[id(p)]]), p[0]))
    return _Pieces([_piece(simple, p, drawn) for p in linked], lone)


def _groups(graph: nx.MultiDiGraph, simple: nx.Graph) -> tuple[dict[str, list[str]], list[str]]:
    groups: dict[str, list[str]] = {}
    unlinked = []
    for node in sorted(graph):
        if simple.degree(node) == 0:
            unlinked.append(node)
        else:
            groups.setdefault(cluster_of(graph.nodes[node].get("cls", "")), []).append(node)
    return groups, unlinked


def layout(graph: nx.MultiDiGraph) -> Layout:
    """Positions (canvas units, y down) for every node of ``graph`` (node attributes ``cls``, ``label``)."""
    simple: nx.Graph = nx.Graph()
    simple.add_nodes_from(sorted(graph))
    simple.add_edges_from(sorted((u, v) for u, v in graph.edges() if u != v))
    groups, unlinked = _groups(graph, simple)
    drawn: dict[tuple, np.ndarray] = {}
    pieces = {key: _pieces(simple, graph, nodes, drawn) for key, nodes in groups.items()}
    # The centre column's clusters are packed to an aspect of their own, the two side clusters
    # (bibliography, patients) to the arrangement's height: the whole aims at _ASPECT.
    blocks = {key: p.pack(math.sqrt(p.area() * 2.4)) for key, p in pieces.items() if key not in _SIDES}
    if unlinked:  # at the foot of the centre column, as wide as it
        label = {n: graph.nodes[n].get("label", n) for n in unlinked}
        order = sorted(unlinked, key=lambda n: (cluster_of(graph.nodes[n].get("cls", "")), _natural(label[n]), n))
        widest = max((b.width for k, b in blocks.items() if k in _CENTRE), default=0.0)
        blocks["unlinked"] = _grid(order, max(widest, 4 * 1.6 * SPACING))
    column = sum(b.height + _GAP + _TITLE for key, b in blocks.items() if key in _CENTRE)
    area = sum(p.area() for key, p in pieces.items() if key in _SIDES) + sum(
        (b.width + _GAP) * (b.height + _GAP + _TITLE) for b in blocks.values())
    height = max(0.75 * column, math.sqrt(area / _ASPECT))
    blocks.update({key: p.pack_to_height(height) for key, p in pieces.items() if key in _SIDES})
    placed = _arrange(blocks)
    return _finish(graph, blocks, placed, frozenset(unlinked))


@dataclass
class _Placed:
    x: float
    y: float
    width: float
    height: float


def _arrange(blocks: dict[str, _Block]) -> dict[str, _Placed]:
    """Top-left corners: mechanism, article, conditions and the nodes without links in a centre
    column, bibliography to its left, patients to its right, the imports in a row beneath."""
    centre = [k for k in _CENTRE if k in blocks]
    column_width = max((blocks[k].width for k in centre), default=0.0)
    column_height = sum(blocks[k].height for k in centre) + (_GAP + _TITLE) * max(0, len(centre) - 1)
    sides = [blocks[k] for k in ("bibliography", "patients") if k in blocks]
    height = max([column_height] + [b.height for b in sides])
    placed: dict[str, _Placed] = {}
    y = (height - column_height) / 2
    for key in centre:
        block = blocks[key]
        placed[key] = _Placed((column_width - block.width) / 2, y, block.width, block.height)
        y += block.height + _GAP + _TITLE
    if "bibliography" in blocks:
        b = blocks["bibliography"]
        placed["bibliography"] = _Placed(-_GAP - b.width, (height - b.height) / 2, b.width, b.height)
    if "patients" in blocks:
        b = blocks["patients"]
        placed["patients"] = _Placed(column_width + _GAP, (height - b.height) / 2, b.width, b.height)
    x = min((p.x for p in placed.values()), default=0.0)
    y = height + _GAP + _TITLE
    for name in sorted(k for k in blocks if k not in placed):  # the imports, in a row
        b = blocks[name]
        placed[name] = _Placed(x, y, b.width, b.height)
        x += b.width + _GAP
    return placed


def _finish(graph: nx.MultiDiGraph, blocks: dict[str, _Block], placed: dict[str, _Placed],
            unlinked: frozenset[str]) -> Layout:
    positions: dict[str, tuple[float, float]] = {}
    boxes = []
    for key in sorted(placed, key=lambda k: (k == "unlinked", [c for c, *_ in CLUSTERS].index(k)
                                              if k in _OF_CLASS.values() else len(CLUSTERS), k)):
        at, block = placed[key], blocks[key]
        for node, (x, y) in block.positions.items():
            positions[node] = (round(at.x + x, 1), round(at.y + y, 1))
        title = _TITLES.get(key) or import_style(key).label
        boxes.append(Box(key, title, len(block.positions), round(at.x - _PAD, 1), round(at.y - _PAD - _TITLE, 1),
                         round(at.width + 2 * _PAD, 1), round(at.height + 2 * _PAD + _TITLE, 1)))
    return Layout(positions, tuple(boxes), unlinked)
