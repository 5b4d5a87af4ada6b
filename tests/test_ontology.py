"""The ontology: header, lint shapes, namespace, context, and a worked example that validates."""

import json
import re
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.core.namespaces import ADKG, ONTOLOGY_IRI, PREFIXES

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY / "adkg.ttl", format="turtle")


def test_header(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert str(ontology.value(ONTOLOGY_IRI, OWL.versionIRI)) == "https://w3id.org/adkg/ontology/0.1.0"
    assert str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo)) == "0.1.0"


def test_lint_shapes_pass(ontology):
    shapes = Graph().parse(ONTOLOGY / "adkg-ontology-shapes.ttl", format="turtle")
    conforms, _, text = pyshacl.validate(ontology, shacl_graph=shapes)
    assert conforms, text


def test_lint_shapes_catch_an_undefined_term(ontology):
    broken = Graph() + ontology
    undefined = URIRef(str(ADKG) + "Undefined")  # ADKG.Undefined itself raises: the term is not declared
    broken.add((undefined, RDF.type, OWL.Class))
    broken.add((undefined, RDFS.isDefinedBy, ONTOLOGY_IRI))
    broken.add((URIRef("https://example.org/elsewhere#Term"), RDFS.isDefinedBy, ONTOLOGY_IRI))
    shapes = Graph().parse(ONTOLOGY / "adkg-ontology-shapes.ttl", format="turtle")
    conforms, _, text = pyshacl.validate(broken, shacl_graph=shapes)
    assert not conforms
    assert "rdfs:label" in text and "skos:definition" in text and "namespace" in text


def test_every_term_in_the_namespace_is_defined_here(ontology):
    used = {t for triple in ontology for t in triple if isinstance(t, URIRef) and str(t).startswith(str(ADKG))}
    defined = set(ontology.subjects(RDFS.isDefinedBy, ONTOLOGY_IRI))
    assert used <= defined


def test_prefix_in_the_file_matches_term_iris():
    text = (ONTOLOGY / "adkg.ttl").read_text(encoding="utf-8")
    declared = dict(re.findall(r"@prefix\s+(\w+):\s+<([^>]+)>", text))
    assert declared["adkg"] == str(ADKG)
    for prefix, namespace in declared.items():
        assert str(PREFIXES[prefix]) == namespace, prefix


def test_own_terms_are_tied_to_reused_vocabularies(ontology):
    """Every class minted here is a subclass of, or mapped to, a term of another vocabulary
    (directly or through another minted class), except the value-set classes."""
    value_sets = {ADKG.Sex, ADKG.Severity, ADKG.TimePoint, ADKG.DosingFrequency, ADKG.TherapyRole,
                  ADKG.FindingType, ADKG.Verdict, ADKG.TableColumn, ADKG.Abbreviation, ADKG.ClinicalState}
    for cls in ontology.subjects(RDF.type, OWL.Class):
        if cls in value_sets:
            continue
        ancestors = set(ontology.transitive_objects(cls, RDFS.subClassOf)) - {cls}
        mapped = set(ontology.objects(cls, SKOS.closeMatch)) | set(ontology.objects(cls, SKOS.exactMatch))
        external = {a for a in ancestors | mapped if not str(a).startswith(str(ADKG))}
        assert external or ancestors & value_sets, f"{cls} is not tied to a reused vocabulary"


def test_context_declares_every_prefix():
    context = json.loads((ONTOLOGY / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    for prefix, namespace in PREFIXES.items():
        assert context[prefix] == str(namespace)


def test_worked_example_validates(ontology):
    example = Graph().parse(ONTOLOGY / "examples" / "patient-course.ttl", format="turtle")
    data = example + ontology
    shapes = Graph().parse(ONTOLOGY / "adkg-shapes.ttl", format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes)
    assert conforms, text
    # It covers the patient from baseline to follow-up, in order.
    query = """SELECT ?tp WHERE { ?e <https://w3id.org/adkg/ontology#ordinal> ?o ;
               <https://w3id.org/adkg/ontology#atTimePoint> ?tp } ORDER BY ?o"""
    assert [r[0] for r in data.query(query)] == [ADKG.Baseline, ADKG.Flare, ADKG.PostJAKiWeek4, ADKG.FollowUp]


def test_worked_example_fails_when_broken(ontology):
    example = Graph().parse(ONTOLOGY / "examples" / "patient-course.ttl", format="turtle")
    example.set((URIRef("https://w3id.org/adkg/id/example/patient-3-iga-week4"),
                 URIRef("http://www.w3.org/ns/sosa/hasSimpleResult"),
                 __import__("rdflib").Literal(5)))
    shapes = Graph().parse(ONTOLOGY / "adkg-shapes.ttl", format="turtle")
    conforms, _, text = pyshacl.validate(example + ontology, shacl_graph=shapes)
    assert not conforms and "IGA value is one integer from 0 to 4" in text
