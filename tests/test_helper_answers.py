"""Article-scoped helpers answer for their article only, in a corpus of several.

A small corpus (the real article, the invented fixture article and three ``kg synth`` articles)
is built in a temporary folder; each helper given the real article's DOI must give exactly the
rows of the article (expected values typed from the article: Table I, the reference list, the
text), so nothing of the other articles leaks in, and the other articles are answered too.
"""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import STATED_CLAIMS

from kg.core.prefixes import PREFIX_IRIS
from kg.dataset import query
from kg.dataset.scope import scope_graphs
from kg.dataset.store import Paths, open_store
from kg.publish.build import build
from kg.synth.synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "articles" / "invented-2024-upadacitinib-rescue"
REAL, FIXTURE_DOI = "10.1016/j.jdcr.2023.01.020", "10.5555/adkg.fixture.2024.001"
SYNTHETIC = "10.5555/adkg.synthetic.article.000002"

# Table I of the article (patients 1-6), as the patient-table helper prints it.
TABLE_I = "".join(line + "\n" for line in [
    "patient,age,sex,ethnicity,comorbidities,comorbidity_ids,baseline_bsa_pct,baseline_iga,"
    "dupilumab_months_to_flare,iga_preflare,flare_bsa_pct,flare_iga,post_jaki_bsa_pct,post_jaki_iga,"
    "jaki_months,jaki_drug,jaki_dose_mg,jaki_doses_per_day",
    "1,62,male,White,cardiovascular disease;hypertension,MONDO:0004995;MONDO:0005044,"
    "30,4,6,1,10,3,2,1,6,tofacitinib,5,1",
    "2,19,male,Indian,,,10,3,8,0,3,2,0,0,4,upadacitinib,15,1",
    "3,22,male,White,,,40,4,6,1,15,4,4,1,3,tofacitinib,5,2",
    "4,48,female,White,cerebrovascular accident,MONDO:0005098,20,3,7,1,6,3,1,1,2,upadacitinib,15,1",
    "5,83,female,White,chronic kidney disease;hyperlipidemia;hypertension,MONDO:0005300;MONDO:0021187;"
    "MONDO:0005044,40,4,18,1,20,4,1,1,2,upadacitinib,15,1",
    "6,56,female,White,,,15,3,6,0,10,3,0,0,6,upadacitinib,15,1",
])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    generate(root / "data", articles=3, seed=5, source=ROOT / "data")
    for article in (ROOT / "data" / "articles" / "shahriari-2023-jaki-rescue", FIXTURE):
        shutil.copytree(article, root / "data" / "articles" / article.name)
    build(root / "data", ROOT / "ontology", root / "build", root=root)
    return open_store(Paths(root / "build", root / "data", ROOT / "ontology"))


def as_text(value) -> str:
    return "" if value is None else str(value)


def test_patient_table_for_the_real_doi_is_table_one(store):
    result = query.run("patient-table", store, doi=REAL)  # the parameter's column is left out
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([as_text(v) for v in row] for row in result.rows)
    assert out.getvalue() == TABLE_I


def test_patient_table_without_a_doi_is_every_article_in_doi_order(store):
    """The parameter's column is always left out; the corpus-wide rows are the articles' in DOI order."""
    dois = sorted([REAL, FIXTURE_DOI] + [f"10.5555/adkg.synthetic.article.{i:06d}" for i in (1, 2, 3)])
    scoped = [query.run("patient-table", store, doi=doi).rows for doi in dois]
    assert all(scoped) and len(scoped[0]) == 6
    assert query.run("patient-table", store).rows == [row for rows in scoped for row in rows]


def test_patient_timeline_of_patient_three_of_the_article(store):
    rows = query.run("patient-timeline", store, patient=3, doi=REAL).records()
    assert [r["step"] for r in rows] == list(range(1, 11))
    assert {r["article_doi"] for r in rows} == {REAL}
    assert rows[0]["observations"] == "BSA 40%; IGA 4" and rows[0]["time_point"] == "baseline"
    assert rows[3]["observations"] == "BSA 15%; IGA 4" and rows[3]["time_point"] == "flare"
    assert rows[6]["observations"] == "BSA 4%; IGA 1"
    assert rows[8]["event"] == "tofacitinib stopped"
    # Without the DOI, patient 3 of every article that has one; the article's ten steps among them.
    everyone = query.run("patient-timeline", store, patient=3).records()
    assert [r for r in everyone if r["article_doi"] == REAL] == rows and len({r["article_doi"] for r in everyone}) > 1


def test_value_provenance_for_the_real_doi(store):
    rows = query.run("value-provenance", store, patient=3, measure="BSA", time_point="flare", doi=REAL).records()
    assert [(r["value"], r["table"], r["row"], r["column"], r["printed"]) for r in rows] == [
        (Decimal(15), "Table I", 3, "BSA during flare (%)", "15%")]


def test_citation_list_for_the_real_doi(store):
    rows = query.run("citation-list", store, doi=REAL).records()
    assert [r["number"] for r in rows] == list(range(1, 11))
    assert {r["article_doi"] for r in rows} == {REAL}
    assert rows[0]["authors"] == "Chovatiya R, Paller AS" and rows[0]["pages"] == "927-940"
    assert rows[3]["authors"] == "Beck LA, Thaçi D, Hamilton JD, et al"
    assert rows[6]["reference_doi"] == "10.1016/j.jdcr.2021.01.020" and rows[6]["journal"] == "JAAD Case Rep"
    assert rows[9]["year"] == "2018" and rows[9]["journal"] == "Br J Dermatol"


def test_claims_check_for_the_real_doi(store):
    rows = {r["claim"]: r for r in query.run("claims-check", store, doi=REAL).records()}
    stated = STATED_CLAIMS
    assert set(rows) == set(stated)
    for claim, (low, high) in stated.items():
        row = rows[claim]
        assert (row["observed_min"], row["observed_max"]) == (low, high)
        assert row["agrees"] is True and row["patients"] == 6 and row["article_doi"] == REAL


def test_every_doi_scoped_answer_is_a_slice_of_the_corpus_wide_one(store):
    """A helper given a DOI answers exactly the rows the corpus-wide call gives for that DOI."""
    for name, column in (("citation-list", "article_doi"), ("claims-check", "article_doi")):
        everything = query.run(name, store)
        position = everything.columns.index(column)
        for doi in (REAL, FIXTURE_DOI, SYNTHETIC):
            scoped = query.run(name, store, doi=doi).rows
            assert scoped == [r for r in everything.rows if r[position] == doi], (name, doi)
            assert scoped or doi == FIXTURE_DOI  # the fixture states no summary claims


SCOPED = {  # each helper that reads only one article's graph when given a DOI, with its other parameters
    "patient-table": {}, "citation-list": {}, "claims-check": {},
    "patient-timeline": {"patient": 2},
    "value-provenance": {"patient": 2, "measure": "IGA", "time_point": "baseline"},
}
GRAPHS = "https://w3id.org/adkg/graph/"


def test_the_scope_knows_where_article_graphs_live():
    from kg.core.namespaces import article_graph
    from kg.dataset.scope import ARTICLE_GRAPHS

    assert str(article_graph("shahriari-2023-jaki-rescue")) == ARTICLE_GRAPHS + "shahriari-2023-jaki-rescue"


def test_the_doi_helpers_declare_their_article_scope():
    assert {q.name for q in query.available() if q.scope == "doi"} == set(SCOPED)


def test_an_article_graph_names_its_article(store):
    rows = query.sparql("SELECT ?g ?doi WHERE { GRAPH ?g { ?g foaf:primaryTopic ?a } ?a prism:doi ?doi } "
                        "ORDER BY ?g", store).rows
    assert (GRAPHS + "article/shahriari-2023-jaki-rescue", REAL) in rows
    assert (GRAPHS + "article/invented-2024-upadacitinib-rescue", FIXTURE_DOI) in rows
    assert len(rows) == 5  # one per article, none for a cited work


def test_the_scope_is_the_article_graph_and_the_shared_ones(store):
    graphs = [g.value for g in scope_graphs(store.ox, ox.Literal(REAL))]
    shared = [GRAPHS + "entailed/ontology", GRAPHS + "entailed/vocabulary", GRAPHS + "ontology", GRAPHS + "vocabulary"]
    assert graphs == sorted([GRAPHS + "article/shahriari-2023-jaki-rescue",
                             GRAPHS + "entailed/article/shahriari-2023-jaki-rescue", *shared])
    cited = scope_graphs(store.ox, ox.Literal("10.1016/j.jaad.2020.08.051"))  # cited, not curated
    assert [g.value for g in cited] == shared


def test_one_article_is_read_from_the_union(build_dir):
    """With one article graph the union default graph is already its scope (and one graph is
    cheaper to read than three), so no scope is set."""
    alone = open_store(Paths(build=build_dir))
    assert alone.layout().articles == 1
    assert [g.value for g in alone.layout().shared] == [GRAPHS + "entailed/ontology", GRAPHS + "entailed/vocabulary",
                                                        GRAPHS + "ontology", GRAPHS + "vocabulary"]
    assert scope_graphs(alone.ox, ox.Literal(REAL), graphs=alone.layout()) is None


@pytest.mark.parametrize("name", sorted(SCOPED))
def test_a_scoped_helper_answers_as_the_whole_corpus_does(store, name):
    """The same rows read from the article's graph as from the union of every graph (the helper
    text run on the union default graph, scope left out)."""
    helper = query.get(name)
    for doi in (REAL, FIXTURE_DOI, SYNTHETIC, "10.1016/j.jaad.2020.08.051"):
        params = {**SCOPED[name], "doi": doi}
        bound = query.bind(helper, params)
        text = query.with_values(helper.text, bound)
        answer = store.ox.query(text, substitutions={ox.Variable(k): v for k, v in bound.items()},
                                prefixes=dict(PREFIX_IRIS))
        keep = [i for i, v in enumerate(answer.variables) if v.value not in {p.name for p in helper.params}]
        whole = [tuple(query.to_python(row[i]) for i in keep) for row in answer]
        assert query.run(name, store, **params).rows == whole, (name, doi)
