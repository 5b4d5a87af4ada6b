"""The networkx graph behind the network view: classes, edges, tooltips and focus."""

from collections import Counter

import pytest

from kg.core.errors import KgError
from kg.dataset.store import Paths, open_store
from kg.view.network import find_node, focus, network_graph, restrict
from kg.view.viz import write_page


@pytest.fixture(scope="module")
def graph(build_dir):
    return network_graph(open_store(Paths(build=build_dir)))


def test_node_counts_by_class(graph):
    counts = Counter(d["cls"] for _, d in graph.nodes(data=True))
    # From the article: 6 patients, each with a dupilumab and a JAK-I course and 7 outcome values;
    # 1 article citing 10 references and an unnumbered FDA communication; 3 + 29 authors as printed;
    # the drugs, drug classes (with the immunomodulators of p7.s1), cytokines, pathways and conditions it names.
    assert counts == {"patient": 6, "course": 12, "observation": 42, "article": 1, "reference": 11,
                      "author": 32, "organisation": 6, "journal": 6, "drug": 6, "drug-class": 7,
                      "protein": 9, "pathway": 4, "disease": 11}


def test_edge_counts_by_label(graph):
    counts = Counter(d["label"] for *_, d in graph.edges(data=True))
    assert counts["has feature of interest"] == 42      # one per observation
    assert counts["has treatment course"] == 12
    assert counts["drug"] == 12
    assert counts["has comorbidity"] == 6                # HTN+CVD, CVA, HTN+CKD+HLD
    assert counts["cites as evidence"] == 7              # refs 2, 3, 4, 5, 7, 8, 9
    assert counts["is a"] == 6                           # each drug to its drug class
    assert counts["characterised as"] == 1               # dupilumab: immunomodulatory (p7.s1) ...
    assert counts["contrasted with class"] == 1          # ... as opposed to immunosuppressive
    assert all(label for label in counts)


def test_labels_not_iris_and_literals_only_in_tooltips(graph):
    for node, data in graph.nodes(data=True):
        assert not data["label"].startswith("http"), node
        assert data["title"].startswith(data["label"])
    patient3 = graph.nodes[find_node(graph, "Patient 3")]
    assert "age in years: 22" in patient3["title"]
    assert "Source: Table I, patient 3, column 'Age, sex, ethnicity'" in patient3["title"]
    assert not any(d["label"] == "22" for _, d in graph.nodes(data=True))


def test_tooltips_carry_external_identifiers(graph):
    hypertension = graph.nodes[find_node(graph, "hypertension")]["title"]
    assert "MONDO:0005044" in hypertension and "DOID:10763" in hypertension
    assert "DRUGBANK:DB15091" in graph.nodes[find_node(graph, "upadacitinib")]["title"]


def test_focus_on_patient_3(graph):
    sub = focus(graph, "Patient 3", depth=2)
    labels = {d["label"]: d for _, d in sub.nodes(data=True)}
    patients = [name for name, d in labels.items() if d["cls"] == "patient"]
    assert patients == ["Patient 3 (Shahriari 2023)"]
    assert "tofacitinib" in labels and "dupilumab" in labels
    course = labels["Patient 3: tofacitinib course"]["title"]
    assert "dose value: 5" in course and "dose unit: milligram" in course and "frequency: twice daily" in course
    observations = sorted(name for name, d in labels.items() if d["cls"] == "observation")
    assert len(observations) == 7 and all(name.startswith("Patient 3:") for name in observations)
    assert not any(d["cls"] in ("course", "observation") and not name.startswith("Patient 3")
                   for name, d in labels.items())


def test_focus_on_a_drug(graph):
    sub = focus(graph, "dupilumab", depth=1)
    labels = {d["label"] for _, d in sub.nodes(data=True)}
    assert {"interleukin 4 receptor subunit alpha", "interleukin-4 signaling", "interleukin-13 signaling",
            "monoclonal antibody"} <= labels


def test_find_node_errors(graph):
    with pytest.raises(KgError, match="no node named"):
        find_node(graph, "ruxolitinib")
    with pytest.raises(KgError, match="unknown class"):
        restrict(graph, ["drugs"])


def test_restrict_to_classes(graph):
    sub = restrict(graph, ["drug", "drug-class", "protein", "pathway"])
    assert Counter(d["cls"] for _, d in sub.nodes(data=True)) == {"drug": 6, "drug-class": 7, "protein": 9,
                                                                   "pathway": 4}


def test_large_graph_is_refused_without_focus(graph, tmp_path):
    with pytest.raises(KgError, match="--focus"):
        write_page(graph, tmp_path / "big.html", "t", max_nodes=100)
    assert not (tmp_path / "big.html").exists()
    write_page(focus(graph, "Patient 3", 1), tmp_path / "focused.html", "t", focused=True, max_nodes=100)
    assert (tmp_path / "focused.html").exists()
