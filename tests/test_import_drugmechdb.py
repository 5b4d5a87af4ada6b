"""The DrugMechDB adapter on a real excerpt of indication_paths.yaml (tests/fixtures/import/drugmechdb/).

Expected values are read off the fixture by hand and written here.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.core.errors import KgError
from kg.link.adapters import drugmechdb
from kg.link.formats import by_name, detect
from kg.link.model import Collector, Context

FIXTURE = Path(__file__).parent / "fixtures" / "import" / "drugmechdb" / "indication_paths.yaml"
BASE = "https://w3id.org/adkg/id/import/dmdb/"
BL = "https://w3id.org/biolink/vocab/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DUPILUMAB = BASE + "node/MESH%3AC582203"
IL4RA = BASE + "node/UniProt%3AP24394"
AD = BASE + "node/MESH%3AD003876"
DUPI_PATH = BASE + "path/DB12159_MESH_D003876_1"


def _read(path: Path = FIXTURE) -> Collector:
    sink = Collector()
    drugmechdb.read(path, sink, Context(name="dmdb", source=path))
    return sink


def _facts(sink: Collector) -> set[tuple[str, str, str]]:
    return {(t.subject.value, t.predicate.value, t.object.value) for t in sink.triples}


def _mentions(sink: Collector) -> set[tuple[str, str, str]]:
    return {(m.node, m.text, m.where) for m in sink.mentions}


def test_the_dupilumab_path_names_dupilumab_il4_receptor_alpha_and_atopic_dermatitis() -> None:
    sink = _read()
    facts, mentions = _facts(sink), _mentions(sink)
    assert {(DUPILUMAB, "DB:DB12159", "line 125"), (DUPILUMAB, "MESH:C582203", "line 141"),
            (IL4RA, "UniProt:P24394", "line 144"), (AD, "MESH:D003876", "line 153")} <= mentions
    assert {(DUPI_PATH, RDF_TYPE, BL + "InformationContentEntity"),
            (DUPI_PATH, LABEL, "dupilumab - Atopic dermatitis"),
            (DUPI_PATH, BL + "has_part", DUPILUMAB), (DUPI_PATH, BL + "has_part", IL4RA),
            (DUPI_PATH, BL + "has_part", AD),
            (DUPILUMAB, RDF_TYPE, BL + "Drug"), (DUPILUMAB, LABEL, "dupilumab"),
            (IL4RA, RDF_TYPE, BL + "Protein"), (IL4RA, LABEL, "Interleukin-4 receptor subunit alpha"),
            (AD, RDF_TYPE, BL + "Disease"), (AD, LABEL, "Atopic dermatitis"),
            (DUPILUMAB, "https://schema.org/identifier", "DB:DB12159"),
            (DUPILUMAB, BL + "decreases_activity_of", IL4RA),
            (IL4RA, BL + "participates_in", BASE + "node/REACT%3AR-HSA-6785807"),
            (BASE + "node/REACT%3AR-HSA-6785807", BL + "positively_regulates", BASE + "node/GO%3A0042092"),
            (BASE + "node/GO%3A0042092", BL + "contributes_to", AD),
            (DUPILUMAB, BL + "treats", AD)} <= facts


def test_the_tofacitinib_path_names_jak1_and_jak_stat_signalling() -> None:
    sink = _read()
    tofacitinib = BASE + "node/MESH%3AC479163"
    jak1 = BASE + "node/UniProt%3AP23458"
    assert {(tofacitinib, "DB:DB08895", "line 167"), (jak1, "UniProt:P23458", "line 207"),
            (BASE + "node/GO%3A0007259", "GO:0007259", "line 213")} <= _mentions(sink)
    assert (tofacitinib, BL + "decreases_activity_of", jak1) in _facts(sink)
    assert (BASE + "node/InterPro%3AIPR000975", RDF_TYPE, BL + "GeneFamily") in _facts(sink)


def test_every_path_and_its_comment_are_read_and_each_identifier_is_mentioned_once() -> None:
    sink = _read()
    facts = _facts(sink)
    paths = sorted(s for s, p, o in facts if p == RDF_TYPE and o == BL + "InformationContentEntity")
    assert paths == [BASE + "path/" + i for i in ("DB00356_MESH_D009128_1", "DB00619_MESH_D015464_1",
                                                   "DB08895_MESH_D001172_1", "DB12159_MESH_D003876_1")]
    comment = next(o for s, p, o in facts if s == BASE + "path/DB00356_MESH_D009128_1"
                   and p == "http://www.w3.org/2000/01/rdf-schema#comment")
    assert comment.startswith("Althouth InterPro and Pfam")
    texts = [m.text for m in sink.mentions]
    # 3 + 11 + 5 + 9 concepts, all distinct, plus the 4 paths' DrugBank ids
    assert len(texts) == len(set(texts)) == 32
    assert sum(t.startswith("DB:") for t in texts) == 4


def test_reading_twice_gives_the_same_triples_and_mentions_in_the_same_order() -> None:
    first, second = _read(), _read()
    assert first.triples == second.triples
    assert first.mentions == second.mentions


def test_the_format_is_registered_and_detected_by_content() -> None:
    assert by_name("drugmechdb").read is drugmechdb.read
    assert detect(FIXTURE).name == "drugmechdb"


def test_one_path_as_a_mapping_is_read_too(tmp_path: Path) -> None:
    one = tmp_path / "DB12159_MESH_D003876_1.yaml"
    one.write_text("directed: true\ngraph:\n  _id: P1\n  drugbank: DB:DB12159\n  drug_mesh: MESH:C582203\n"
                   "  disease_mesh: MESH:D003876\nlinks:\n  - key: treats\n    source: MESH:C582203\n"
                   "    target: MESH:D003876\nnodes:\n  - {id: MESH:C582203, label: Drug, name: dupilumab}\n"
                   "  - {id: MESH:D003876, label: Disease, name: Atopic dermatitis}\n", encoding="utf-8")
    sink = _read(one)
    assert ("https://w3id.org/adkg/id/import/dmdb/node/MESH%3AC582203", "DB:DB12159", "line 4") in _mentions(sink)


@pytest.mark.parametrize(("text", "message"), [
    ("- graph: {_id: P1}\n  links: []\n  nodes: [\n", r"x\.yaml:4: YAML syntax error"),
    ("- graph: {_id: P1}\n  links: []\n", r"x\.yaml:1: path 'P1', field 'nodes': required field is missing"),
    ("- graph: {_id: P1}\n  links: []\n  nodes: []\n",
     r"x\.yaml:3: path 'P1', field 'nodes': a path needs at least one node"),
    ("- graph: {_id: P1}\n  links:\n  - {key: treats, source: A:1, target: B:2}\n  nodes:\n"
     "  - {id: A:1, label: Drug}\n",
     r"x\.yaml:3: path 'P1', field 'links\[0\]\.target': 'B:2' is not one of the path's nodes"),
    ("- graph: {_id: P1}\n  links: []\n  nodes:\n  - {id: A:1, label: small molecule}\n",
     r"x\.yaml:4: path 'P1', field 'nodes\[0\]\.label': 'small molecule' is not a Biolink class name"),
    ("- graph: {_id: P1}\n  links: []\n  nodes:\n  - {label: Drug, name: x}\n",
     r"x\.yaml:4: path 'P1', field 'nodes\[0\]\.id': required field is missing"),
    ("- graph: &g {_id: P1}\n  links: []\n  nodes:\n  - {id: A:1, label: Drug}\n- graph: *g\n",
     r"x\.yaml:5: YAML aliases \(\*g\) are not read"),
    ("just text\n", r"x\.yaml: expected a list of DrugMechDB paths"),
])
def test_bad_input_names_the_file_line_record_and_field(tmp_path: Path, text: str, message: str) -> None:
    bad = tmp_path / "x.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(KgError, match=message):
        _read(bad)


def test_terms_are_pyoxigraph_terms() -> None:
    sink = _read()
    assert all(isinstance(t.predicate, ox.NamedNode) for t in sink.triples)
