"""The build validates with the Rust engine of the ``shacl`` package; pySHACL is the reference.
Both must give the same verdict and the same (focus node, path) results on the real data and on
broken copies of it (one per kind of value the shapes range-check)."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
import shacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH, XSD

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ROOT / "ontology" / "adkg-shapes.ttl"
ADKG = "https://w3id.org/adkg/ontology#"
SOSA = "http://www.w3.org/ns/sosa/"
PATIENT_3 = "https://w3id.org/adkg/id/article/shahriari-2023-jaki-rescue/patient/3"


def _pyshacl(data: Graph) -> set[tuple[str, str]]:
    conforms, report, _ = pyshacl.validate(data, shacl_graph=Graph().parse(SHAPES), inference="none",
                                           allow_warnings=True)
    return set() if conforms else {(str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath)))
                                   for r in report.subjects(SH.focusNode, None)}


def _engine(data: Graph) -> set[tuple[str, str]]:
    shapes = shacl.Shapes.from_text(Graph().parse(SHAPES).serialize(format="nt"), format="ntriples")
    report = shapes.validate_text(data.serialize(format="nt"), format="ntriples", allow_warnings=True)
    return set() if report.conforms else {(r.focus_node.strip("<>"), (r.path or "").strip("<>"))
                                          for r in report.results}


def _flare_iga(graph: Graph) -> URIRef:
    """Patient 3's IGA observation at the flare (IGA 4 in Table I)."""
    for obs in graph.subjects(URIRef(SOSA + "hasFeatureOfInterest"), URIRef(PATIENT_3)):
        if (obs, URIRef(SOSA + "observedProperty"), URIRef(ADKG + "IGA")) in graph and \
                (obs, URIRef(ADKG + "atTimePoint"), URIRef(ADKG + "Flare")) in graph:
            return URIRef(str(obs))
    raise AssertionError("no flare IGA observation for patient 3")


def _break(graph: Graph, kind: str) -> Graph:
    broken = Graph() + graph
    if kind == "iga-7":
        obs = _flare_iga(broken)
        broken.set((obs, URIRef(SOSA + "hasSimpleResult"), Literal(7, datatype=XSD.integer)))
    elif kind == "age-150":
        broken.set((URIRef(PATIENT_3), URIRef(ADKG + "ageYears"), Literal(150, datatype=XSD.integer)))
    elif kind == "no-age":
        broken.remove((URIRef(PATIENT_3), URIRef(ADKG + "ageYears"), None))
    return broken


@pytest.mark.parametrize("kind", ["as-built", "iga-7", "age-150", "no-age"])
def test_the_engine_agrees_with_pyshacl(graph, kind):
    data = graph if kind == "as-built" else _break(graph, kind)
    expected = _pyshacl(data)
    assert _engine(data) == expected
    if kind == "as-built":
        assert expected == set()
    else:
        assert any(PATIENT_3 in focus for focus, _ in expected), expected
