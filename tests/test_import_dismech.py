"""The dismech adapter on a real excerpt of kb/disorders/Atopic_Dermatitis.yaml
(tests/fixtures/import/dismech/). Expected values are read off the fixture by hand and written here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.core.errors import KgError
from kg.link.adapters import dismech
from kg.link.formats import by_name, detect
from kg.link.model import Collector, Context

FIXTURE = Path(__file__).parent / "fixtures" / "import" / "dismech" / "Atopic_Dermatitis.yaml"
BASE = "https://w3id.org/adkg/id/import/ad/"
BL = "https://w3id.org/biolink/vocab/"
DM = "https://w3id.org/monarch-initiative/dismech/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
AD = BASE + "disorder/Atopic%20Dermatitis"
TYPE2 = BASE + "mechanism/Type%202%20Immune%20Response"
IL4 = BASE + "term/hgnc%3A6014"
IL13 = BASE + "term/hgnc%3A5973"


def _read(path: Path = FIXTURE) -> Collector:
    sink = Collector()
    dismech.read(path, sink, Context(name="ad", source=path))
    return sink


def _facts(sink: Collector) -> set[tuple[str, str, str]]:
    return {(t.subject.value, t.predicate.value, t.object.value) for t in sink.triples}


def _mentions(sink: Collector) -> set[tuple[str, str, str]]:
    return {(m.node, m.text, m.where) for m in sink.mentions}


def test_the_disorder_is_atopic_dermatitis_identified_by_its_mondo_term() -> None:
    sink = _read()
    assert (AD, "MONDO:0004980", "line 173") in _mentions(sink)
    assert {(AD, RDF_TYPE, BL + "Disease"), (AD, LABEL, "Atopic Dermatitis"),
            (AD, "https://schema.org/identifier", "MONDO:0004980")} <= _facts(sink)


def test_the_type_2_mechanism_names_il4_and_il13_by_hgnc() -> None:
    sink = _read()
    assert {(IL4, "hgnc:6014", "line 52"), (IL13, "hgnc:5973", "line 56")} <= _mentions(sink)
    assert {(AD, DM + "pathophysiology", TYPE2), (TYPE2, RDF_TYPE, BL + "PathologicalProcess"),
            (TYPE2, DM + "genes", IL4), (TYPE2, DM + "genes", IL13),
            (IL4, RDF_TYPE, BL + "Gene"), (IL4, LABEL, "IL4"), (IL13, LABEL, "IL13"),
            (TYPE2, DM + "biological_processes", BASE + "term/GO%3A0042092"),
            (TYPE2, DM + "cell_types", BASE + "term/CL%3A0000546"),
            (TYPE2, DM + "downstream", BASE + "mechanism/Epidermal%20Barrier%20Dysfunction")} <= _facts(sink)


def test_phenotypes_treatments_genetics_and_references() -> None:
    sink = _read()
    facts = _facts(sink)
    dupilumab = BASE + "treatment/Dupilumab"
    agent = BASE + "term/NCIT%3AC162455"
    assert {(AD, BL + "has_phenotype", BASE + "phenotype/Pruritus"),
            (BASE + "phenotype/Xerosis", DM + "phenotype_term", BASE + "term/HP%3A0000958"),
            (BASE + "term/HP%3A0000958", LABEL, "Dry skin"),
            (AD, BL + "treated_by", dupilumab), (dupilumab, RDF_TYPE, BL + "Treatment"),
            (dupilumab, DM + "treatment_term", BASE + "term/MAXO%3A0000058"),
            (dupilumab, DM + "therapeutic_agent", agent), (agent, RDF_TYPE, BL + "Drug"),
            (AD, BL + "condition_associated_with_gene", BASE + "genetic/IL4R"),
            (TYPE2, "http://purl.org/dc/terms/references", BASE + "reference/PMID%3A30819278"),
            (BASE + "reference/PMID%3A30819278", RDF_TYPE, BL + "Publication")} <= facts
    assert (agent, "NCIT:C162455", "line 159") in _mentions(sink)
    assert (BASE + "reference/DOI%3A10.1007%2Fs13555-025-01352-y", "DOI:10.1007/s13555-025-01352-y",
            "line 176") in _mentions(sink)


def test_a_term_used_twice_is_one_node_mentioned_once() -> None:
    sink = _read()
    texts = [m.text for m in sink.mentions]
    assert texts.count("hgnc:19372") == 1 and texts.count("MAXO:0000058") == 1
    assert len(texts) == len(set(texts)) == 20


def test_reading_twice_is_identical() -> None:
    first, second = _read(), _read()
    assert first.triples == second.triples and first.mentions == second.mentions


def test_registered_and_detected_by_content() -> None:
    assert by_name("dismech").read is dismech.read
    assert detect(FIXTURE).name == "dismech"


@pytest.mark.parametrize(("text", "message"), [
    ("name: X\npathophysiology:\n- name: A\n  genes: [\n", r"x\.yaml:5: YAML syntax error"),
    ("pathophysiology: []\n", r"x\.yaml:1: the disorder, field 'name': required text is missing"),
    ("name: X\npathophysiology:\n- description: no name\n",
     r"x\.yaml:3: pathophysiology\[0\], field 'name': required text is missing"),
    ("name: X\npathophysiology:\n- name: A\n  genes:\n  - preferred_term: IL4\n    term: {label: IL4}\n",
     r"x\.yaml:6: mechanism 'A', field 'genes\[0\]\.term\.id': required text is missing"),
    ("name: X\nphenotypes: Pruritus\n", r"x\.yaml:2: the disorder, field 'phenotypes': expected a list"),
    ("name: X\ndisease_term: {term: {label: y}}\n",
     r"x\.yaml:2: the disorder, field 'disease_term\.term\.id': required text is missing"),
    ("- name: X\n", r"x\.yaml: expected a dismech disorder"),
])
def test_bad_input_names_the_file_line_record_and_field(tmp_path: Path, text: str, message: str) -> None:
    bad = tmp_path / "x.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(KgError, match=message):
        _read(bad)
