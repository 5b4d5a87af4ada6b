"""The Biolink KGX export (`kg export kgx DIR`, kg/export/kgx.py): what it writes, checked against
the article (JAAD Case Reports 2023;33:81-3, doi:10.1016/j.jdcr.2023.01.020) and the background
records the graph cites, and validated by the KGX validator offline (tests/kgx_offline.py).

Expected values are written here from the article: the six patients of Table I with their
comorbidities and JAK inhibitor, the drugs and cytokines of the introduction (p1), and the
background records' statements (DrugMechDB DB08895/DB11817 paths, WikiPathways WP395/WP5538).
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from kg.export.biolink import BIOLINK_VERSION, ID_PREFIXES, PREDICATES
from kg.export.kgx import EDGE_COLUMNS, FILES, LOCAL_PREFIX, NODE_COLUMNS, export_kgx

sys.path.insert(0, str(Path(__file__).parent))
import kgx_offline  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DOI = "doi:10.1016/j.jdcr.2023.01.020"
PATIENT = LOCAL_PREFIX + ":article.shahriari-2023-jaki-rescue.patient."


@pytest.fixture(scope="module")
def exported(store, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("kgx") / "kgx"
    export_kgx(store, out)
    return out


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def nodes(exported) -> dict[str, dict]:
    return {n["id"]: n for n in _jsonl(exported / "nodes.jsonl")}


@pytest.fixture(scope="module")
def edges(exported) -> list[dict]:
    return _jsonl(exported / "edges.jsonl")


def _named(nodes: dict[str, dict]) -> dict[str, str]:
    return {n["name"]: i for i, n in nodes.items()}


def test_nodes_by_category(nodes):
    by_category = Counter(n["category"][0] for n in nodes.values())
    assert by_category == {
        "biolink:Drug": 6,  # dupilumab, tofacitinib, baricitinib, upadacitinib, abrocitinib; cyclosporine (p5)
        "biolink:Case": 6,  # "a case series of 6 patients"
        "biolink:JournalArticle": 1,  # the article itself (cited works stay in the RDF)
        # IL-4, IL-5, IL-13, IL-31 (p1 s2), IL-4Ralpha (p1 s3), JAK1, JAK2, JAK3, TYK2 (background)
        "biolink:Protein": 9,
        # AD; HTN, HLD, CVD, CVA, CKD (Table I); MI, thrombosis, cancer (the 2021 label update); RA (ORAL Surveillance)
        "biolink:Disease": 10,
        "biolink:PhenotypicFeature": 1,  # death (the 2021 label update)
        "biolink:Pathway": 3,  # IL-4 signalling, IL-13 signalling, the JAK-STAT pathway
        "biolink:BiologicalProcess": 1,  # the Th2 immune response (p1 s2)
        "biolink:Procedure": 7,  # the laboratory tests of the monitoring paragraph
    }
    assert all(len(n["category"]) == 1 for n in nodes.values())  # the curated class, not its superclasses


def test_node_ids_are_biolink_preferred_curies(nodes):
    named = _named(nodes)
    assert named["atopic dermatitis"] == "MONDO:0004980"
    assert named["interleukin 4"] == "UniProtKB:P05112"
    assert named["tofacitinib"] == "CHEBI:71200"  # CHEBI comes before DRUGBANK in Biolink's Drug id_prefixes
    assert named["dupilumab"] == "UNII:420K487FSG"  # no ChEBI entry: the next prefix, UNII
    assert "DRUGBANK:DB08895" in nodes["CHEBI:71200"]["xref"]
    assert named["JAK-STAT signaling pathway"] == "GO:0007259"
    assert named["thrombosis"] == "DOID:0060903"  # no MONDO cross-reference
    # Two pathways share their one Reactome cross-reference: neither takes it as its id.
    assert named["interleukin-4 signaling"] == LOCAL_PREFIX + ":process.il-4-signaling"
    article = named["JAK-inhibitors as rescue therapy in dupilumab-refractory severe atopic dermatitis: "
                    "A case series of 6 patients"]
    assert nodes[article]["xref"] == [DOI]  # a DOI has a "/", which KGX does not take in an id
    for node in nodes.values():
        prefix, _, local = node["id"].partition(":")
        assert "/" not in local and ":" not in local
        assert node["iri"].startswith("https://w3id.org/adkg/id/")
        if prefix != LOCAL_PREFIX:
            assert prefix in ID_PREFIXES[node["category"][0]]


def test_patients_are_cases_with_their_drugs_and_conditions(nodes, edges):
    named = _named(nodes)
    tofacitinib, upadacitinib, dupilumab = named["tofacitinib"], named["upadacitinib"], named["dupilumab"]
    jaki = {1: tofacitinib, 2: upadacitinib, 3: tofacitinib, 4: upadacitinib, 5: upadacitinib, 6: upadacitinib}
    comorbid = {1: {"hypertension", "cardiovascular disease"}, 2: set(), 3: set(), 4: {"cerebrovascular accident"},
                5: {"hypertension", "chronic kidney disease", "hyperlipidemia"}, 6: set()}
    for number in range(1, 7):
        case = PATIENT + str(number)
        assert nodes[case]["category"] == ["biolink:Case"]
        assert nodes[case]["has_drug"] == sorted([dupilumab, jaki[number]])
        stated = [e for e in edges if e["subject"] == case and e["predicate"] == "biolink:has_phenotype"]
        had = {nodes[e["object"]]["name"] for e in stated if not e.get("negated")}
        assert had == comorbid[number] | {"atopic dermatitis"}
        assert all(e["knowledge_level"] == "observation" and e["publications"] == [DOI] for e in stated)
    negated = [e for e in edges if e.get("negated")]
    assert [(e["subject"], nodes[e["object"]]["name"]) for e in negated] == [(PATIENT + "1", "thrombosis")]


def test_edges_by_predicate(edges):
    assert Counter(e["predicate"] for e in edges) == {
        "biolink:has_phenotype": 13,  # 6 AD diagnoses, 6 Table I comorbidities, 1 "no history of clotting"
        "biolink:applied_to_treat": 3,  # dupilumab, tofacitinib, upadacitinib given for AD (Table I)
        "biolink:treats": 3,  # dupilumab (first approved), upadacitinib and abrocitinib (approved 2022)
        "biolink:related_to": 4,  # the four JAK inhibitors "shown effectiveness in AD"
        "biolink:associated_with": 4,  # IL-4, IL-5, IL-13, IL-31 upregulated in AD
        "biolink:contribution_from": 1,  # AD results from a Th2-skewed immune response
        "biolink:mentions": 5,  # the article's subjects
        # 7 from the article (dupilumab: IL-4Ralpha, IL-4 and IL-13 signalling; 4 JAK-Is: JAK-STAT)
        # + 8 background (tofacitinib: JAK1, JAK3; baricitinib: JAK1, JAK2, JAK3, TYK2; upadacitinib, abrocitinib: JAK1)
        "biolink:affects": 15,
        # 2 from the article (IL-4Ralpha in IL-4 and IL-13 signalling) + 6 WikiPathways (WP395, WP5538)
        "biolink:participates_in": 8,
        "biolink:regulates": 4,  # JAK1, JAK3 (DrugMechDB); IL-4, IL-13 signalling (WP5538) -> JAK-STAT
    }


def test_provenance_of_article_statements_and_background(nodes, edges):
    named = _named(nodes)
    for edge in edges:
        if edge.get("primary_knowledge_source"):
            assert edge["primary_knowledge_source"] in {"infores:drugmechdb", "infores:wikipathways"}
            assert (edge["knowledge_level"], edge["agent_type"]) == ("knowledge_assertion", "not_provided")
            assert "publications" not in edge
        else:
            assert edge["publications"] == [DOI] and edge["agent_type"] == "manual_agent"
    treats = [e for e in edges if e["predicate"] == "biolink:treats" and e["subject"] == named["dupilumab"]]
    assert treats[0]["supporting_text"][0].startswith("Dupilumab, a biologic, which inhibits IL-4 and IL-13")
    tofacitinib_jak3 = [e for e in edges if e["subject"] == named["tofacitinib"] and e["object"] == "UniProtKB:P52333"]
    assert [(e["primary_knowledge_source"], e["object_aspect_qualifier"], e["object_direction_qualifier"],
             e["qualified_predicate"], e["original_predicate"]) for e in tofacitinib_jak3] == [
        ("infores:drugmechdb", "activity", "decreased", "biolink:causes", "adkg:inhibits")]


def test_tsv_and_jsonl_say_the_same(exported):
    for kind, columns in (("nodes", NODE_COLUMNS), ("edges", EDGE_COLUMNS)):
        rows = _tsv(exported / f"{kind}.tsv")
        assert tuple(rows[0]) == columns
        records = _jsonl(exported / f"{kind}.jsonl")
        assert [r["id"] for r in rows] == [r["id"] for r in records]
        for row, record in zip(rows, records, strict=True):
            for column in columns:
                value = record.get(column, "")
                text = "|".join(value) if isinstance(value, list) else ("True" if value is True else str(value))
                assert row[column] == text


def test_same_store_same_bytes(store, exported, tmp_path):
    export_kgx(store, tmp_path / "again")
    for name in FILES:
        assert (tmp_path / "again" / name).read_bytes() == (exported / name).read_bytes()


def test_the_biolink_tables_match_the_installed_model():
    from linkml_runtime.utils.schemaview import SchemaView

    with kgx_offline.no_network():
        view = SchemaView(kgx_offline.biolink_schema())
        assert view.schema.version == BIOLINK_VERSION
        for category, prefixes in ID_PREFIXES.items():
            cls = view.get_class(_sentence(category))
            assert tuple(dict.fromkeys(cls.id_prefixes)) == prefixes, category  # Drug lists KEGG.ENVIRON twice
        enums = {e: set(view.get_enum(e).permissible_values) for e in ("DirectionQualifierEnum",)}
        for relation in PREDICATES.values():
            assert view.get_slot(_sentence(relation.predicate)) is not None, relation.predicate
            for slot, value in relation.qualifiers:
                assert view.get_slot(slot.replace("_", " ")) is not None
                if slot == "object_direction_qualifier":
                    assert value in enums["DirectionQualifierEnum"]


def _sentence(curie: str) -> str:
    """biolink:JournalArticle -> 'journal article'; biolink:has_phenotype -> 'has phenotype'."""
    local = curie.split(":", 1)[1]
    if "_" in local or local.islower():
        return local.replace("_", " ")
    return "".join(" " + c.lower() if c.isupper() else c for c in local).strip()


@pytest.mark.parametrize("fmt", ["tsv", "jsonl"])
def test_the_kgx_validator_passes(exported, fmt):
    assert kgx_offline.biolink_version() == BIOLINK_VERSION
    problems, n_nodes, n_edges = kgx_offline.validate(exported / f"nodes.{fmt}", exported / f"edges.{fmt}", fmt,
                                                      {LOCAL_PREFIX})
    assert problems == {}
    assert (n_nodes, n_edges) == (44, 60)


def test_the_validator_sees_a_wrong_predicate_and_an_unknown_prefix(exported, tmp_path):
    shutil.copy(exported / "nodes.jsonl", tmp_path / "nodes.jsonl")
    text = (exported / "edges.jsonl").read_text(encoding="utf-8")
    (tmp_path / "edges.jsonl").write_text(text.replace('"biolink:treats"', '"biolink:cures"'), encoding="utf-8")
    problems, _, _ = kgx_offline.validate(tmp_path / "nodes.jsonl", tmp_path / "edges.jsonl", "jsonl", set())
    assert set(problems["ERROR"]) == {"INVALID_EDGE_PREDICATE", "INVALID_NODE_PROPERTY_VALUE",
                                      "INVALID_EDGE_PROPERTY_VALUE"}
    unknown = " ".join(problems["ERROR"]["INVALID_NODE_PROPERTY_VALUE"])
    assert f"CURIE prefix '{LOCAL_PREFIX}'" in unknown  # the project's own namespace, declared to the validator


def test_the_command_writes_the_files(build_dir, tmp_path):
    command = [sys.executable, "-m", "kg", "export", "kgx", str(tmp_path / "out"), "--build", str(build_dir)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    assert "Wrote 4 files (Biolink KGX" in result.stdout
    lines = (tmp_path / "out" / "nodes.tsv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + 44  # the header and the 44 nodes
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(FILES)
