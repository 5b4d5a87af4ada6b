"""The DrugMechDB adapter on a real excerpt of indication_paths.yaml (tests/fixtures/import/drugmechdb/).

Expected values are read off the fixture by hand and written here; the links expected end to end are
our entities for the identifiers the fixture writes (dupilumab MESH:C582203, IL-4 receptor alpha
UniProt:P24394, atopic dermatitis MESH:D003876, tofacitinib MESH:C479163, baricitinib MESH:C000596027, ...).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.core.errors import KgError
from kg.dataset import query
from kg.dataset.store import Paths, open_store
from kg.link.adapters import drugmechdb
from kg.link.formats import by_name, detect
from kg.link.importer import import_file
from kg.link.model import Collector, Context

ROOT = Path(__file__).resolve().parent.parent
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


def test_the_baricitinib_path_names_four_janus_kinases_and_stat_signalling() -> None:
    sink = _read()
    baricitinib = BASE + "node/MESH%3AC000596027"
    kinases = [BASE + "node/UniProt%3A" + u for u in ("P23458", "O60674", "P52333", "Q14289")]
    assert {(baricitinib, "DB:DB11817", "line 241"), (baricitinib, "MESH:C000596027", "line 278"),
            (kinases[1], "UniProt:O60674", "line 284"), (kinases[3], "UniProt:Q14289", "line 290"),
            (BASE + "node/InterPro%3AIPR001217", "InterPro:IPR001217", "line 293")} <= _mentions(sink)
    facts = _facts(sink)
    assert {(baricitinib, BL + "decreases_activity_of", k) for k in kinases} <= facts
    assert {(kinases[1], LABEL, "Janus kinase 2"), (baricitinib, LABEL, "Baricitinib"),
            (baricitinib, BL + "treats", BASE + "node/MESH%3AD001172"),
            (BASE + "node/MESH%3AD016207", RDF_TYPE, BL + "ChemicalEntity")} <= facts
    # JAK1 is named twice in the file ("Tyrosine-protein kinase JAK1", "Janus kinase 1"): one node, both labels
    assert {(kinases[0], LABEL, "Tyrosine-protein kinase JAK1"), (kinases[0], LABEL, "Janus kinase 1")} <= facts


def test_every_path_and_its_comment_are_read_and_each_identifier_is_mentioned_once() -> None:
    sink = _read()
    facts = _facts(sink)
    paths = sorted(s for s, p, o in facts if p == RDF_TYPE and o == BL + "InformationContentEntity")
    assert paths == [BASE + "path/" + i for i in ("DB00356_MESH_D009128_1", "DB00619_MESH_D015464_1",
                                                   "DB08895_MESH_D001172_1", "DB11817_MESH_D001172_1",
                                                   "DB12159_MESH_D003876_1")]
    comment = next(o for s, p, o in facts if s == BASE + "path/DB00356_MESH_D009128_1"
                   and p == "http://www.w3.org/2000/01/rdf-schema#comment")
    assert comment.startswith("Althouth InterPro and Pfam")
    texts = [m.text for m in sink.mentions]
    # 3 + 11 + 5 + 9 concepts, all distinct, + 5 of baricitinib's 9 (JAK1, JAK3, inflammatory response
    # and rheumatoid arthritis are tofacitinib's too), plus the 5 paths' DrugBank ids
    assert len(texts) == len(set(texts)) == 38
    assert sum(t.startswith("DB:") for t in texts) == 5


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


SKOS = "http://www.w3.org/2004/02/skos/core#"
OURS = "https://w3id.org/adkg/id/"


def test_imported_end_to_end_the_paths_link_our_drugs_targets_processes_and_diseases(build_dir, tmp_path) -> None:
    for folder in ("data", "ontology"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copytree(build_dir, tmp_path / "build")
    paths = Paths(tmp_path / "build", tmp_path / "data", tmp_path / "ontology")
    report = import_file(FIXTURE, paths, name="dmdb").report
    # records: 5 paths, 33 concepts and 42 steps (the paths' links: 2 + 14 + 4 + 11 + 11)
    # links: the 10 of the drugs, diseases, processes and IL-4Ra, and JAK1 (P23458), JAK2 (O60674)
    # and JAK3 (P52333), proteins of ours as targets of the JAK inhibitors
    assert (report["records"], report["mentions"], report["linked"]["links"]) == (80, 38, 13)
    assert report["identifiers"] == {"DRUGBANK": 5, "GO": 8, "HP": 3, "MESH": 12, "REACTOME": 1, "UniProtKB": 7}
    assert report["unknown_prefixes"] == {"InterPro": 2}
    rows = query.sparql("SELECT ?ours ?p ?theirs WHERE { GRAPH <https://w3id.org/adkg/graph/import/dmdb/links> "
                        "{ ?ours ?p ?theirs FILTER(?p IN (skos:exactMatch, skos:closeMatch, owl:sameAs)) } }",
                        open_store(paths)).rows
    node = BASE + "node/"
    assert sorted((o.removeprefix(OURS), p.removeprefix(SKOS), t.removeprefix(node)) for o, p, t in rows) == [
        ("condition/atopic-dermatitis", "exactMatch", "MESH%3AD003876"),
        ("condition/rheumatoid-arthritis", "exactMatch", "MESH%3AD001172"),
        ("drug/baricitinib", "exactMatch", "MESH%3AC000596027"),
        ("drug/dupilumab", "exactMatch", "MESH%3AC582203"),
        ("drug/tofacitinib", "exactMatch", "MESH%3AC479163"),
        ("process/il-13-signaling", "closeMatch", "REACT%3AR-HSA-6785807"),
        ("process/il-4-signaling", "closeMatch", "REACT%3AR-HSA-6785807"),
        ("process/jak-stat-signaling", "exactMatch", "GO%3A0007259"),
        ("process/th2-immune-response", "exactMatch", "GO%3A0042092"),
        ("protein/il-4ra", "exactMatch", "UniProt%3AP24394"),
        ("protein/jak1", "exactMatch", "UniProt%3AP23458"),
        ("protein/jak2", "exactMatch", "UniProt%3AO60674"),
        ("protein/jak3", "exactMatch", "UniProt%3AP52333")]


def test_each_path_lists_its_own_steps_in_order() -> None:
    # Tofacitinib's and baricitinib's paths share JAK concepts; each path's steps are its own links,
    # numbered in the file's order (tofacitinib's: 11 links, the first "decreases activity of").
    sink = _read()
    part_of = "http://purl.org/dc/terms/isPartOf"
    path = "https://w3id.org/adkg/id/import/dmdb/path/DB08895_MESH_D001172_1"
    steps = {t.subject.value for t in sink.triples if t.predicate.value == part_of and t.object.value == path}
    assert len(steps) == 11
    first = [t for t in sink.triples if t.subject.value == path.replace("/path/", "/step/") + "-1"]
    values = {t.predicate.value.rsplit("/", 1)[-1]: t.object.value for t in first}
    assert values["predicate"] == "https://w3id.org/biolink/vocab/decreases_activity_of"
    assert values["position"] == "1"
