"""Questions across datasets: the helpers that read imported graphs, on the real import fixtures.

The real fixtures of tests/fixtures/import/ are imported once (``kg import``'s code) into a copy of
the built graph in a temporary folder; each helper's answer is checked against values read by hand
from the fixture files (written here, with the file and line they come from) and from the article
(its drugs: dupilumab, tofacitinib, upadacitinib; abrocitinib and baricitinib named in its
discussion). Nothing is read from data/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.dataset import query
from kg.dataset.store import Paths, open_store
from kg.link.importer import import_file

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "import"
DOI = "10.1016/j.jdcr.2023.01.020"  # the article
CROSS_DATASET = ("mechanism-paths", "pathway-members")

# (import name, fixture, format, options): the imports every test here reads.
IMPORTS = [
    ("drugmechdb", "drugmechdb/indication_paths.yaml", None, None),
    ("wp5538", "wikipathways/WP5538-excerpt.gpml", None, None),
    ("wp5538-datanodes", "wikipathways/WP5538-datanodes-excerpt.tsv", None, None),
]


@pytest.fixture(scope="module")
def project(build_dir, tmp_path_factory) -> Paths:
    """A copy of build/, data/ and ontology/ with the real fixtures imported."""
    root = tmp_path_factory.mktemp("linked")
    shutil.copytree(build_dir, root / "build")
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "ontology", root / "ontology")
    paths = Paths(root / "build", root / "data", root / "ontology")
    for name, fixture, fmt, options in IMPORTS:
        import_file(FIXTURES / fixture, paths, name=name, fmt=fmt, options=options)
    return paths


@pytest.fixture(scope="module")
def store(project):
    return open_store(project)


@pytest.fixture(scope="module")
def bare(build_dir):
    """The built graph with no import."""
    return open_store(Paths(build=build_dir))


def rows(store, name, *columns, **params):
    return [tuple(r[c] for c in columns) for r in query.run(name, store, **params).records()]


# --- mechanism-paths (DrugMechDB) -------------------------------------------------------------------

# indication_paths.yaml, path DB12159_MESH_D003876_1 (lines 118-159): dupilumab decreases activity of
# IL-4 receptor alpha (UniProt:P24394), which participates in IL-4 and IL-13 signalling
# (REACT:R-HSA-6785807), which positively regulates type 2 immune response (GO:0042092), which
# contributes to atopic dermatitis (MESH:D003876). Our ends: dupilumab, IL-4Ra, our two Reactome
# -mapped signalling pathways, the Th2 response (GO:0042092) and atopic dermatitis.
DUPILUMAB_PATH = [
    ("Interleukin-4 and Interleukin-13 signaling", "positively regulates", "type 2 immune response",
     "interleukin-13 signaling; interleukin-4 signaling", "T-helper 2 immune response"),
    ("Interleukin-4 receptor subunit alpha", "participates in", "Interleukin-4 and Interleukin-13 signaling",
     "interleukin 4 receptor subunit alpha", "interleukin-13 signaling; interleukin-4 signaling"),
    ("dupilumab", "decreases activity of", "Interleukin-4 receptor subunit alpha",
     "dupilumab", "interleukin 4 receptor subunit alpha"),
    ("type 2 immune response", "contributes to", "Atopic dermatitis",
     "T-helper 2 immune response", "atopic dermatitis"),
]
STEP = ("step_source", "predicate", "step_target", "source_ours", "target_ours")


def test_mechanism_path_of_dupilumab(store):
    found = query.run("mechanism-paths", store, drug="dupilumab").records()
    assert {(r["drug_name"], r["path"], r["import"]) for r in found} == {
        ("dupilumab", "DB12159_MESH_D003876_1", "drugmechdb")}
    assert [tuple(r[c] for c in STEP) for r in found] == DUPILUMAB_PATH


def test_mechanism_paths_of_the_articles_drugs(store):
    found = rows(store, "mechanism-paths", "drug_name", "path", doi=DOI)
    # Of the fixture's four paths, two are of the article's drugs: dupilumab's (4 steps) and
    # tofacitinib's for rheumatoid arthritis (DB08895_MESH_D001172_1, lines 160-239: 11 links).
    assert sorted(set(found)) == [("dupilumab", "DB12159_MESH_D003876_1"), ("tofacitinib", "DB08895_MESH_D001172_1")]
    assert found.count(("tofacitinib", "DB08895_MESH_D001172_1")) == 11
    # Imatinib's and chlorzoxazone's paths are not of any drug of ours; a DOI of no article gives nothing.
    assert rows(store, "mechanism-paths", "path", doi="10.1016/j.jaad.2020.08.051") == []
    tofacitinib = query.run("mechanism-paths", store, drug="Tofacitinib").records()
    first = next(r for r in tofacitinib if r["step_target"] == "Tyrosine-protein kinase JAK1")
    # JAK1 (UniProt:P23458) is no protein of ours: the step is there, its target end unlinked.
    assert (first["step_source"], first["predicate"], first["source_ours"], first["target_ours"]) == (
        "Tofacitinib", "decreases activity of", "tofacitinib", None)


# --- pathway-members (WikiPathways) -----------------------------------------------------------------

# WP5538-excerpt.gpml: DataNodes Dupilumab (DrugBank DB12159, line 77), Upadacitinib (DB15091, 81),
# Abrocitinib (DB14973, 85), Baricitinib (DB11817, 89); IL4 (Ensembl ENSG00000113520, 52), IL13
# (ENSG00000169194, 56) and IL4R twice (ENSG00000077238, 40 and 61). Tofacitinib is not in WP5538.
GPML_MEMBERS = [
    ("Abrocitinib", "abrocitinib", "adkg:JAKInhibitor", "skos:exactMatch", "DrugBank:DB14973"),
    ("Baricitinib", "baricitinib", "adkg:JAKInhibitor", "skos:exactMatch", "DrugBank:DB11817"),
    ("Dupilumab", "dupilumab", "adkg:MonoclonalAntibody", "skos:exactMatch", "DrugBank:DB12159"),
    ("IL13", "interleukin 13", "adkg:Cytokine", "skos:closeMatch", "Ensembl:ENSG00000169194"),
    ("IL4", "interleukin 4", "adkg:Cytokine", "skos:closeMatch", "Ensembl:ENSG00000113520"),
    ("IL4R", "interleukin 4 receptor subunit alpha", "biolink:Protein", "skos:closeMatch", "Ensembl:ENSG00000077238"),
    ("Upadacitinib", "upadacitinib", "adkg:JAKInhibitor", "skos:exactMatch", "DrugBank:DB15091"),
]
MEMBER = ("participant", "ours", "our_class", "link_predicate", "identifier")


def test_pathway_members_of_wp5538(store):
    found = query.run("pathway-members", store, pathway="WP5538", doi=DOI).records()
    gpml = [tuple(r[c] for c in MEMBER) for r in found if r["import"] == "wp5538"]
    assert gpml == GPML_MEMBERS
    assert {r["pathway_id"] for r in found} == {"WP5538"}
    # The datanodes table (WP5538-datanodes-excerpt.tsv) names the same members, with the
    # identifiers as it writes them: drugbank:DB12159 (line 3), uniprot:P24394 and ensembl:ENSG00000077238
    # (IL4R, lines 10 and 13), uniprot:P05112 (IL4, line 11), uniprot:P35225 (IL13, line 12).
    table = {(r["participant"], r["ours"], r["identifier"]) for r in found if r["import"] == "wp5538-datanodes"}
    assert {p for p, _, _ in table} == {p for p, *_ in GPML_MEMBERS}
    assert ("Dupilumab", "dupilumab", "drugbank:DB12159") in table
    assert ("IL4R", "interleukin 4 receptor subunit alpha", "uniprot:P24394") in table
    assert ("IL4", "interleukin 4", "uniprot:P05112") in table and ("IL13", "interleukin 13", "uniprot:P35225") in table
    assert not any(r["ours"] == "tofacitinib" for r in found)


def test_pathway_members_by_name_and_unknown_pathway(store):
    by_name = rows(store, "pathway-members", *MEMBER, pathway="atopic dermatitis mechanism and therapies")
    assert by_name == GPML_MEMBERS  # the GPML pathway has its name; the datanodes table has none
    assert rows(store, "pathway-members", *MEMBER, pathway="WP0000") == []


# --- every cross-dataset helper ---------------------------------------------------------------------

@pytest.mark.parametrize("name", CROSS_DATASET)
def test_no_import_no_rows(bare, name):
    """Without imports the curated graph answers nothing across datasets (and Virtuoso, which holds
    no import, is compared on these empty answers)."""
    assert query.run(name, bare).rows == []
    assert query.run(name, bare, doi=DOI).rows == []


@pytest.mark.parametrize("name", CROSS_DATASET)
def test_helpers_read_only_import_graphs(name):
    text = query.get(name).text
    assert 'FILTER(STRSTARTS(STR(?g), "https://w3id.org/adkg/graph/import/")' in text
