"""Imported datasets on the network page: linked nodes by source, links as edges, our labels kept."""

from __future__ import annotations

import json
import re
from collections import Counter

import pyoxigraph as ox
import pytest

from kg.dataset.store import Store
from kg.view.network import focus, network_graph, restrict
from kg.view.viz import render_page

GRAPH = "https://w3id.org/adkg/graph/import/wp"
NODE = "https://w3id.org/adkg/id/import/wp/"
DUPILUMAB = "https://w3id.org/adkg/id/drug/dupilumab"
IL4RA = "https://w3id.org/adkg/id/protein/il-4ra"
BIOLINK = "https://w3id.org/biolink/vocab/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _import_quads() -> list[ox.Quad]:
    g, links = ox.NamedNode(GRAPH), ox.NamedNode(GRAPH + "/links")
    n = ox.NamedNode
    drug, receptor, pathway, lone = n(NODE + "datanode/d1"), n(NODE + "datanode/r1"), n(NODE + "pathway/WP5538"), \
        n(NODE + "datanode/x9")
    return [
        ox.Quad(drug, n(LABEL), ox.Literal("Dupilumab <b>WP</b>"), g),
        ox.Quad(drug, n(TYPE), n(BIOLINK + "Drug"), g),
        ox.Quad(drug, n("https://schema.org/identifier"), ox.Literal("DrugBank:DB12159"), g),
        ox.Quad(receptor, n(LABEL), ox.Literal("IL4R"), g),
        ox.Quad(pathway, n(LABEL), ox.Literal("Atopic dermatitis mechanism and therapies"), g),
        ox.Quad(pathway, n(BIOLINK + "has_participant"), drug, g),
        ox.Quad(pathway, n(BIOLINK + "has_participant"), receptor, g),
        ox.Quad(pathway, n(BIOLINK + "has_participant"), lone, g),
        ox.Quad(lone, n(LABEL), ox.Literal("a node nothing of ours links to"), g),
        # What an import says about one of our IRIs stays out of the page.
        ox.Quad(n(DUPILUMAB), n(LABEL), ox.Literal("relabelled by an import"), g),
        ox.Quad(n(DUPILUMAB), n("http://www.w3.org/2004/02/skos/core#exactMatch"), drug, links),
        ox.Quad(n(IL4RA), n("http://www.w3.org/2004/02/skos/core#closeMatch"), receptor, links),
    ]


@pytest.fixture(scope="module")
def store(build_dir) -> Store:
    store = ox.Store()
    store.bulk_load(path=str(build_dir / "adkg.nq"), format=ox.RdfFormat.N_QUADS)
    store.extend(_import_quads())
    return Store(store)


@pytest.fixture(scope="module")
def graph(store):
    return network_graph(store)


def test_linked_imported_nodes_are_drawn_by_source(graph):
    imported = {n: d for n, d in graph.nodes(data=True) if d["cls"].startswith("import:")}
    # the two linked nodes, and the pathway that joins them; not the node no link reaches
    assert sorted(d["label"] for d in imported.values()) == [
        "Atopic dermatitis mechanism and therapies", "Dupilumab <b>WP</b>", "IL4R"]
    assert {d["cls"] for d in imported.values()} == {"import:wp"}
    tip = imported[NODE + "datanode/d1"]["title"]
    assert "DrugBank:DB12159" in tip and "exact match of dupilumab" in tip


def test_links_are_edges_and_our_labels_stay(graph):
    assert graph.nodes[DUPILUMAB]["label"] == "dupilumab"
    assert "relabelled" not in graph.nodes[DUPILUMAB]["title"]
    edges = {(s, t, d["label"]) for s, t, d in graph.edges(data=True)}
    assert (DUPILUMAB, NODE + "datanode/d1", "exact match") in edges
    assert (IL4RA, NODE + "datanode/r1", "close match") in edges
    assert (NODE + "pathway/WP5538", NODE + "datanode/r1", "has participant") in edges


def test_curated_classes_unchanged_by_an_import(graph, build_dir):
    counts = Counter(d["cls"] for _, d in graph.nodes(data=True))
    assert counts["drug"] == 6 and counts["protein"] == 9 and counts["import:wp"] == 3


def test_focus_on_an_imported_node_and_restrict_to_an_import(graph):
    around = focus(graph, "IL4R", 1)
    assert set(around) == {NODE + "datanode/r1", IL4RA, NODE + "pathway/WP5538"}
    assert {d["cls"] for _, d in restrict(graph, ["import:wp"]).nodes(data=True)} == {"import:wp"}


def test_page_legend_names_the_import_and_escapes_its_labels_once(graph):
    page = render_page(focus(graph, "dupilumab", 1), "t")
    found = re.search(r'<script type="application/json" id="adkg-graph">(.*?)</script>', page, re.S)
    assert found is not None
    data = json.loads(found.group(1))  # JSON's own \u003c escapes: the only escaping there is
    legend = {c["key"]: (c["label"], c["count"]) for c in data["classes"]}
    assert legend["import:wp"] == ("Imported: wp", 1)
    assert "Dupilumab <b>WP</b>" in [n["label"] for n in data["nodes"]]
    assert "<b>WP</b>" not in page  # in the page only as escaped JSON
