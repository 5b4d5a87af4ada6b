"""The ontology's reference page (pyLODE) and model diagram (Graphviz): complete, offline, deterministic."""

from __future__ import annotations

import datetime
import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF

from kg.dataset.store import Paths, Store, open_store
from kg.view.model_diagram import model_dot, read_model, render_svg
from kg.view.ontology_docs import offline_problems, reference_page

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "adkg.ttl"
SHAPES = ROOT / "ontology" / "adkg-shapes.ttl"
ADKG = "https://w3id.org/adkg/ontology#"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is missing: `make test` installs it")
#: The model as the README tells it: classes a reader looks for first.
MAIN = {"adkg:Patient", "adkg:TreatmentCourse", "adkg:Observation", "adkg:CourseEvent", "adkg:TimePoint",
        "fabio:JournalArticle", "biro:BibliographicReference", "cito:Citation", "biolink:Drug", "adkg:Assertion"}
#: (source, property, target, declared by the ontology or its shapes)
EDGES = {("adkg:Patient", "adkg:hasTreatmentCourse", "adkg:TreatmentCourse", True),
         ("adkg:TreatmentCourse", "adkg:drug", "biolink:Drug", True),
         ("adkg:Observation", "sosa:hasFeatureOfInterest", "adkg:Patient", True),
         ("biro:BibliographicReference", "biro:references", "fabio:JournalArticle", True),
         ("adkg:Patient", "adkg:reportedIn", "fabio:JournalArticle", False),      # no rdfs:domain/range
         ("adkg:CourseEvent", "adkg:hasObservation", "adkg:Observation", False),  # no rdfs:domain
         ("adkg:Assertion", "prov:wasDerivedFrom", "adkg:TableCell", False)}      # a shape path with no class


@pytest.fixture(scope="module")
def page() -> str:
    return reference_page(ONTOLOGY)


def _documented(page: str) -> dict[str, set[str]]:
    """The IRIs pyLODE lists under each section heading (h2)."""
    sections: dict[str, set[str]] = {}
    for part in re.split(r"<h2>", page)[1:]:
        title = part.split("</h2>", 1)[0]
        sections[title] = set(re.findall(r"<th>IRI</th>\s*<td>\s*<code>([^<]+)</code>", part))
    return sections


def _adkg(kinds) -> set[str]:
    ontology = Graph().parse(ONTOLOGY)
    return {str(s) for kind in kinds for s in ontology.subjects(RDF.type, kind) if str(s).startswith(ADKG)}


def test_the_reference_page_documents_every_class_and_property(page):
    sections = _documented(page)
    assert {str(i) for i in sections["Classes"] if i.startswith(ADKG)} == _adkg([OWL.Class])
    listed = set().union(*(sections[s] for s in ("Object Properties", "Datatype Properties", "Annotation Properties")))
    assert {i for i in listed if i.startswith(ADKG)} == _adkg([OWL.ObjectProperty, OWL.DatatypeProperty,
                                                                 OWL.AnnotationProperty])
    assert ADKG + "Patient" in sections["Classes"] and ADKG + "hasTreatmentCourse" in sections["Object Properties"]
    assert "<title>Atopic dermatitis literature knowledge-graph ontology" in page
    assert "A person described in a case report or case series" in page  # the definition of adkg:Patient


def test_the_reference_page_loads_nothing_and_is_the_same_every_time(page):
    for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", page, re.I):
        assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", tag, re.I), tag
    assert offline_problems(page) == []
    assert reference_page(ONTOLOGY) == page
    assert datetime.date.today().isoformat() not in page


def test_the_reference_page_refuses_a_broken_ontology(tmp_path):
    from kg.core.errors import KgError

    broken = tmp_path / "adkg.ttl"
    broken.write_text("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<urn:x> a owl:Ontology ;\n", encoding="utf-8")
    with pytest.raises(KgError, match="adkg.ttl: cannot read the ontology"):
        reference_page(broken)
    untitled = tmp_path / "untitled.ttl"
    untitled.write_text("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<urn:x> a owl:Ontology .\n", encoding="utf-8")
    with pytest.raises(KgError, match="pyLODE could not document the ontology: .*title"):
        reference_page(untitled)


@pytest.fixture(scope="module")
def dot(build_dir) -> str:
    return model_dot(read_model(ONTOLOGY, SHAPES, open_store(Paths(build=build_dir))))


def _edges(dot: str) -> set[tuple[str, str, str, bool]]:
    found = set()
    for source, target, label, style in re.findall(r'^  "([^"]+)" -> "([^"]+)" \[label="([^"]*)"(, style=dashed)?\];$',
                                                   dot, re.M):
        found |= {(source, prop, target, not style) for prop in label.split("\\n")}
    return found


def test_the_diagram_holds_the_main_classes_and_how_they_join(dot):
    nodes = set(re.findall(r'^    "([^"]+)" \[label=<', dot, re.M))
    assert nodes >= MAIN
    assert _edges(dot) >= EDGES
    assert not any(prop in ("rdf:subject", "rdf:object") for _, prop, _, _ in _edges(dot))
    patient = re.search(r'^    "adkg:Patient" \[label=<(.*)>\];$', dot, re.M).group(1)
    assert "adkg:ageYears: integer" in patient and "adkg:patientNumber: integer" in patient
    assert "IGAObservation" in re.search(r'^    "adkg:Observation" \[label=<(.*)>\];$', dot, re.M).group(1)


def test_the_diagram_from_a_small_ontology(tmp_path):
    """Declared edges are solid; where the ontology leaves a property's ends open, the data's classes, dashed."""
    ontology = tmp_path / "adkg.ttl"
    ontology.write_text(f"""@prefix adkg: <{ADKG}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        adkg:Patient a owl:Class . adkg:TreatmentCourse a owl:Class .
        adkg:FlareEvent a owl:Class ; rdfs:subClassOf adkg:CourseEvent .
        adkg:hasTreatmentCourse a owl:ObjectProperty ; rdfs:domain adkg:Patient ; rdfs:range adkg:TreatmentCourse .
        adkg:ofPatient a owl:ObjectProperty ; rdfs:range adkg:Patient .
        adkg:ageYears a owl:DatatypeProperty ; rdfs:domain adkg:Patient ;
            rdfs:range <http://www.w3.org/2001/XMLSchema#integer> .
        """, encoding="utf-8")
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("", encoding="utf-8")
    store = ox.Store()
    g = ox.NamedNode("https://w3id.org/adkg/graph/article/x")
    entailed = ox.NamedNode("https://w3id.org/adkg/graph/entailed/article/x")
    event, patient, other = (ox.NamedNode(f"https://w3id.org/adkg/id/{n}") for n in ("e", "p", "q"))
    a = ox.NamedNode(str(RDF.type))
    store.extend([ox.Quad(event, a, ox.NamedNode(ADKG + "FlareEvent"), g),
                  ox.Quad(patient, a, ox.NamedNode(ADKG + "Patient"), g),
                  ox.Quad(event, ox.NamedNode(ADKG + "ofPatient"), patient, g),
                  # an entailed graph is not read: this edge must not be drawn
                  ox.Quad(other, a, ox.NamedNode(ADKG + "TreatmentCourse"), g),
                  ox.Quad(other, ox.NamedNode(ADKG + "ofPatient"), patient, entailed)])
    for quad in list(store):
        store.add(ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph()))
    model = read_model(ontology, shapes, Store(store))
    assert set(model.edges) == {("adkg:Patient", "adkg:hasTreatmentCourse", "adkg:TreatmentCourse", True),
                                ("adkg:CourseEvent", "adkg:ofPatient", "adkg:Patient", False)}
    assert model.subclasses == {"adkg:CourseEvent": ["adkg:FlareEvent"]}
    assert model.attributes == {"adkg:Patient": ["adkg:ageYears: integer"]}
    text = model_dot(model)
    assert '"adkg:CourseEvent" -> "adkg:Patient" [label="adkg:ofPatient", style=dashed];' in text
    assert '"adkg:Patient" -> "adkg:TreatmentCourse" [label="adkg:hasTreatmentCourse"];' in text


def _svg_titles(svg: str) -> set[str]:
    return {html.unescape(t) for t in re.findall(r"<title>([^<]*)</title>", svg)} - {"adkg_model"}


@needs_dot
def test_the_svg_draws_the_diagram(dot):
    svg = render_svg(dot)
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    titles = _svg_titles(svg)
    assert titles >= MAIN and "adkg:Patient->adkg:TreatmentCourse" in titles
    assert "adkg:hasTreatmentCourse" in svg and "adkg:reportedIn" in svg
    assert render_svg(dot) == svg
    assert offline_problems(svg) == [] and "http://" not in svg.replace("http://www.w3.org/", "")


def test_the_committed_diagram_is_current(dot):
    """docs/img/model.svg (shown in the README) draws the classes and joins the build draws;
    regenerate it with `kg ontology && cp build/ontology/model.svg docs/img/model.svg`."""
    committed = _svg_titles((ROOT / "docs" / "img" / "model.svg").read_text(encoding="utf-8"))
    nodes = set(re.findall(r'^    "([^"]+)" \[label=<', dot, re.M))
    joins = {f"{s}->{t}" for s, t in re.findall(r'^  "([^"]+)" -> "([^"]+)"', dot, re.M)}
    clusters = {f"cluster_{n}" for n in range(len(re.findall(r"subgraph cluster_", dot)))}
    assert committed == nodes | joins | clusters


@needs_dot
def test_kg_ontology_writes_the_same_files_twice(build_dir, tmp_path):
    build = tmp_path / "build"
    shutil.copytree(build_dir, build)
    runs = []
    for out in (tmp_path / "one", tmp_path / "two"):
        result = subprocess.run([sys.executable, "-m", "kg", "ontology", "--build", str(build), "--data",
                                 str(ROOT / "data"), "--ontology", str(ROOT / "ontology"), "-o", str(out)],
                                cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0 and result.stderr == "", result.stderr
        assert result.stdout.splitlines() == [f"Wrote {out / name}" for name in ("adkg.html", "model.dot", "model.svg")]
        runs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert runs[0] == runs[1] and sorted(runs[0]) == ["adkg.html", "model.dot", "model.svg"]
