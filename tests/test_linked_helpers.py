"""Questions across datasets: the helpers that read imported graphs, on the real import fixtures.

The real fixtures of tests/fixtures/import/ are imported once (``kg import``'s code) into a copy of
the built graph in a temporary folder; each helper's answer is checked against values read by hand
from the fixture files (written here, with the file and line they come from) and from the article
(its drugs: dupilumab, tofacitinib, upadacitinib; abrocitinib and baricitinib named in its
discussion). Nothing is read from data/.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from import_adapter import copy_project

from kg.dataset import query
from kg.dataset.store import Paths, open_store
from kg.link.importer import import_file

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "import"
DOI = "10.1016/j.jdcr.2023.01.020"  # the article
CROSS_DATASET = ("catalogue-indications", "literature-mentions", "mechanism-genes", "mechanism-paths",
                 "pathway-members")
PHARMACOTHERAPYDB = {  # the column mapping of docs/linking.md "Tables", worked example
    "subject": "drugbank_id:drugbank,drug:label", "subject_type": "Drug",
    "object": "doid_id:curie,disease:label", "object_type": "Disease",
    "predicate_column": "category", "predicate.DM": "biolink:treats",
    "predicate.SYM": "biolink:ameliorates_condition", "predicate.NOT": "none"}

# (import name, fixture, format, options): the imports every test here reads.
IMPORTS = [
    ("drugmechdb", "drugmechdb/indication_paths.yaml", None, None),
    ("wp5538", "wikipathways/WP5538-excerpt.gpml", None, None),
    ("wp5538-datanodes", "wikipathways/WP5538-datanodes-excerpt.tsv", None, None),
    ("dismech", "dismech/Atopic_Dermatitis.yaml", None, None),
    ("pharmacotherapydb", "pharmacotherapydb/indications.tsv", "table", PHARMACOTHERAPYDB),
    ("pubtator", "pubtator/PMID33664495-biocjson.json", None, None),
    ("openalex", "openalex/W2741809807.json", None, None),
    ("openalex-page", "openalex/works-page.json", None, None),
]

# The real PubTator3 and OpenAlex fixtures are not about atopic dermatitis (nothing in them links
# to a drug or disease of ours), so literature-mentions is also given this document, written here
# in PubTator3's BioC JSON export format. The paper is real: PMID 32382467, PMC7202577,
# doi:10.7759/cureus.7565 (Tameez Ud Din et al., Cureus 2020;12(4):e7565, as its PMC page gives
# them); the two annotations, dupilumab (MeSH C582203) and atopic dermatitis (MeSH D003876) in its
# title, are written to PubTator3's conventions, not taken from PubTator3.
AD_TITLE = "Dupilumab for Atopic Dermatitis: The Silver Bullet We Have Been Searching for?"


def _annotation(number: str, mesh: str, kind: str, name: str, text: str, offset: int) -> dict:
    return {"id": number, "text": text, "locations": [{"offset": offset, "length": len(text)}],
            "infons": {"identifier": mesh, "type": kind, "database": "ncbi_mesh", "valid": True, "name": name}}


def pubtator_document(folder: Path) -> Path:
    title = {"infons": {"type": "title", "year": "2020",
                        "journal": "Cureus. 2020 Apr 6;12(4):e7565. doi: 10.7759/cureus.7565."},
             "offset": 0, "text": AD_TITLE, "sentences": [], "relations": [],
             "annotations": [
                 _annotation("1", "MESH:C582203", "Chemical", "dupilumab", "Dupilumab", 0),
                 _annotation("2", "MESH:D003876", "Disease", "Dermatitis, Atopic", "Atopic Dermatitis", 14)]}
    document = {"_id": "32382467|PMC7202577", "id": "32382467", "infons": {"doi": "10.7759/cureus.7565"},
                "passages": [title], "relations": []}
    path = folder / "PMID32382467-biocjson.json"
    path.write_text(json.dumps({"PubTator3": [document]}, indent=1), encoding="utf-8")
    return path


# A catalogue table in PharmacotherapyDB's layout with two drugs of ours (their DrugBank
# identifiers as the article's drugs carry them): upadacitinib, given to patients in the article,
# and abrocitinib, which the article only discusses.
OUR_CATALOGUE = ("doid_id\tdrugbank_id\tdisease\tdrug\tcategory\tn_curators\tn_resources\n"
                 "DOID:3310\tDB15091\tatopic dermatitis\tUpadacitinib\tDM\t1\t1\n"
                 "DOID:3310\tDB14973\tatopic dermatitis\tAbrocitinib\tDM\t1\t1\n")


@pytest.fixture(scope="module")
def project(build_dir, tmp_path_factory) -> Paths:
    """A copy of build/, data/ and ontology/ with the real fixtures imported."""
    root = tmp_path_factory.mktemp("linked")
    paths = copy_project(build_dir, root)
    for name, fixture, fmt, options in IMPORTS:
        import_file(FIXTURES / fixture, paths, name=name, fmt=fmt, options=options)
    import_file(pubtator_document(root), paths, name="pubtator-ad")
    catalogue = root / "our-indications.tsv"
    catalogue.write_text(OUR_CATALOGUE, encoding="utf-8")
    import_file(catalogue, paths, name="our-catalogue", fmt="table", options=PHARMACOTHERAPYDB)
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
DUPILUMAB_PATH = [  # in the path's own order (its links, lines 126-138)
    (1, "dupilumab", "decreases activity of", "Interleukin-4 receptor subunit alpha",
     "dupilumab", "interleukin 4 receptor subunit alpha"),
    (2, "Interleukin-4 receptor subunit alpha", "participates in", "Interleukin-4 and Interleukin-13 signaling",
     "interleukin 4 receptor subunit alpha", "interleukin-13 signaling; interleukin-4 signaling"),
    (3, "Interleukin-4 and Interleukin-13 signaling", "positively regulates", "type 2 immune response",
     "interleukin-13 signaling; interleukin-4 signaling", "T-helper 2 immune response"),
    (4, "type 2 immune response", "contributes to", "Atopic dermatitis",
     "T-helper 2 immune response", "atopic dermatitis"),
]
STEP = ("step", "step_source", "predicate", "step_target", "source_ours", "target_ours")


def test_mechanism_path_of_dupilumab(store):
    found = query.run("mechanism-paths", store, drug="dupilumab").records()
    assert {(r["drug_name"], r["path"], r["import"]) for r in found} == {
        ("dupilumab", "DB12159_MESH_D003876_1", "drugmechdb")}
    assert [tuple(r[c] for c in STEP) for r in found] == DUPILUMAB_PATH


def test_mechanism_paths_of_the_articles_drugs(store):
    found = rows(store, "mechanism-paths", "drug_name", "path", doi=DOI)
    # Of the fixture's five paths, three are of the article's drugs: dupilumab's (4 steps),
    # tofacitinib's for rheumatoid arthritis (DB08895_MESH_D001172_1: 11 links) and baricitinib's
    # (DB11817_MESH_D001172_1: 11 links).
    assert sorted(set(found)) == [("baricitinib", "DB11817_MESH_D001172_1"), ("dupilumab", "DB12159_MESH_D003876_1"),
                                  ("tofacitinib", "DB08895_MESH_D001172_1")]
    assert found.count(("tofacitinib", "DB08895_MESH_D001172_1")) == 11
    assert found.count(("baricitinib", "DB11817_MESH_D001172_1")) == 11
    # Imatinib's and chlorzoxazone's paths are not of any drug of ours; a DOI of no article gives nothing.
    assert rows(store, "mechanism-paths", "path", doi="10.1016/j.jaad.2020.08.051") == []
    tofacitinib = query.run("mechanism-paths", store, drug="Tofacitinib").records()
    # JAK1 has two names in the file (tofacitinib's path: "Tyrosine-protein kinase JAK1", baricitinib's:
    # "Janus kinase 1"); the step shows the first in alphabetical order.
    first = next(r for r in tofacitinib if r["step_target"] == "Janus kinase 1")
    # JAK1 (UniProt:P23458) is a protein of ours (the JAK inhibitors' target): both ends linked.
    assert (first["step_source"], first["predicate"], first["source_ours"], first["target_ours"]) == (
        "Tofacitinib", "decreases activity of", "tofacitinib", "tyrosine-protein kinase JAK1")


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
# Without the article's DOI, also JAK3 (ENSG00000105639, line 30) and TYK2 (ENSG00000105397, line 69):
# our proteins since issue 13, though the article does not name them.
GPML_ALL = sorted(GPML_MEMBERS + [
    ("JAK3", "tyrosine-protein kinase JAK3", "biolink:Protein", "skos:closeMatch", "Ensembl:ENSG00000105639"),
    ("TYK2", "non-receptor tyrosine-protein kinase TYK2", "biolink:Protein", "skos:closeMatch",
     "Ensembl:ENSG00000105397")])
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
    assert by_name == GPML_ALL  # the GPML pathway has its name; the datanodes table has none
    assert rows(store, "pathway-members", *MEMBER, pathway="WP0000") == []


# --- mechanism-genes (dismech) ---------------------------------------------------------------------

# Atopic_Dermatitis.yaml: mechanism "Type 2 Immune Response" (line 44) has genes hgnc:6014 IL4 (52),
# hgnc:5973 IL13 (56), hgnc:19372 IL31 (60) and hgnc:11368 STAT6 (64); "Pruritogen-Induced Neuronal
# Activation" (97) has hgnc:19372 IL31 (103); the disorder's term is MONDO:0004980 (atopic
# dermatitis). The graph states that IL-4, IL-13, IL-31 (and IL-5) are upregulated in atopic
# dermatitis, which dupilumab, upadacitinib and abrocitinib treat; STAT6 and FLG are no protein of ours.
UPREGULATED = "upregulated in a disease the drug treats"
# IL-4 and IL-13 also take part in the IL-4/IL-13 signalling dupilumab inhibits (background, issue 13).
PATHWAY = "takes part in a pathway the drug inhibits"
DISMECH_GENES = [
    ("interleukin 13", PATHWAY, "hgnc:5973", "IL13", "Type 2 Immune Response"),
    ("interleukin 13", UPREGULATED, "hgnc:5973", "IL13", "Type 2 Immune Response"),
    ("interleukin 31", UPREGULATED, "hgnc:19372", "IL31", "Pruritogen-Induced Neuronal Activation"),
    ("interleukin 31", UPREGULATED, "hgnc:19372", "IL31", "Type 2 Immune Response"),
    ("interleukin 4", PATHWAY, "hgnc:6014", "IL4", "Type 2 Immune Response"),
    ("interleukin 4", UPREGULATED, "hgnc:6014", "IL4", "Type 2 Immune Response"),
]


def test_mechanism_genes_of_the_articles_drugs(store):
    found = query.run("mechanism-genes", store, doi=DOI).records()
    assert {(r["disorder"], r["disease"], r["import"]) for r in found} == {
        ("Atopic Dermatitis", "atopic dermatitis", "dismech")}
    assert sorted({r["drug"] for r in found}) == ["abrocitinib", "dupilumab", "upadacitinib"]
    dupilumab = [(r["target"], r["relation"], r["gene"], r["gene_name"], r["mechanism"])
                 for r in found if r["drug"] == "dupilumab"]
    assert sorted(dupilumab) == sorted(DISMECH_GENES)  # the helper does not order by relation
    # Dupilumab's own target, IL-4 receptor alpha, is in the file only as a genetic association
    # named "IL4R" (line 137), with no identifier: no gene of a mechanism links to it.
    assert not any(r["relation"] == "inhibits" for r in found)
    assert "hgnc:11368" not in {r["gene"] for r in found}


# --- literature-mentions (PubTator3, OpenAlex) ------------------------------------------------------

def test_literature_mentions_of_the_articles_drug_and_disease(store):
    found = rows(store, "literature-mentions", "entity", "publication", "identifiers", "relation", "import", doi=DOI)
    assert found == [
        ("atopic dermatitis", AD_TITLE, "10.7759/cureus.7565; 32382467", "mentions", "pubtator-ad"),
        ("dupilumab", AD_TITLE, "10.7759/cureus.7565; 32382467", "mentions", "pubtator-ad")]
    # The real fixtures (a thermogenesis paper in PubTator3, open-access studies in OpenAlex) mention
    # nothing of ours: no row comes from them, with or without a DOI.
    assert {r[-1] for r in rows(store, "literature-mentions", "import")} == {"pubtator-ad"}


# --- catalogue-indications (PharmacotherapyDB) ------------------------------------------------------

# indications.tsv: the 18 DM and SYM rows for DOID:3310 (lines 4-21); lines 22-23 are NOT
# (clindamycin, mupirocin: no edge); lines 2-3 are Alzheimer's disease.
PHARMACOTHERAPYDB_AD = {
    "treats": ["Betamethasone", "Desonide", "Dexamethasone", "Dimenhydrinate", "Diphenhydramine",
               "Fluocinolone Acetonide", "Fluocinonide", "Hydrocortisone", "Loratadine", "Methylprednisolone",
               "Mometasone", "Pimecrolimus", "Prednisolone", "Prednisone", "Tacrolimus", "Triamcinolone"],
    "ameliorates condition": ["Doxepin", "Triprolidine"]}


def test_catalogue_indications_for_atopic_dermatitis(store):
    found = query.run("catalogue-indications", store).records()
    catalogue = [r for r in found if r["import"] == "pharmacotherapydb"]
    for relation, drugs in PHARMACOTHERAPYDB_AD.items():
        assert [r["drug"] for r in catalogue if r["relation"] == relation] == drugs
    assert {(r["indication"], r["ours"]) for r in catalogue} == {("atopic dermatitis", None)}
    pimecrolimus = next(r for r in catalogue if r["drug"] == "Pimecrolimus")
    assert pimecrolimus["identifier"] == "drugbank:DB00337"
    # Of our two drugs in the other table, upadacitinib is reported (patients were given it) and
    # left out; abrocitinib, only discussed, is listed with the drug of ours it is.
    ours = [(r["drug"], r["ours"]) for r in found if r["import"] == "our-catalogue"]
    assert ours == [("Abrocitinib", "abrocitinib")]
    # DrugMechDB's dupilumab path also says dupilumab treats atopic dermatitis: reported, left out.
    assert not any(r["import"] == "drugmechdb" for r in found)
    assert query.run("catalogue-indications", store, disease="Atopic Dermatitis").rows == query.run(
        "catalogue-indications", store).rows
    assert query.run("catalogue-indications", store, disease="Alzheimer's disease").rows == []  # not ours


# --- every cross-dataset helper ---------------------------------------------------------------------

@pytest.mark.parametrize("name", CROSS_DATASET)
def test_no_import_no_rows(bare, name):
    """Without imports the curated graph answers nothing across datasets (and Virtuoso, which holds
    no import, is compared on these empty answers)."""
    assert query.run(name, bare).rows == []
    if "doi" in {p.name for p in query.get(name).params}:
        assert query.run(name, bare, doi=DOI).rows == []


@pytest.mark.parametrize("name", CROSS_DATASET)
def test_helpers_read_only_import_graphs(name):
    text = query.get(name).text
    assert 'FILTER(STRSTARTS(STR(?g), "https://w3id.org/adkg/graph/import/")' in text
