"""Each competency question is a named query; each test asserts the article's answer."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import STATED_CLAIMS

from kg.dataset import query
from kg.dataset.store import Paths, open_store

ROOT = Path(__file__).resolve().parent.parent

# Table I of the article as the patient-table helper prints it (comorbidities in label order; the
# MONDO CURIEs are those of data/mappings, checked against public sources).
PATIENT_TABLE_CSV = """\
patient,age,sex,ethnicity,comorbidities,comorbidity_ids,baseline_bsa_pct,baseline_iga,dupilumab_months_to_flare,iga_preflare,flare_bsa_pct,flare_iga,post_jaki_bsa_pct,post_jaki_iga,jaki_months,jaki_drug,jaki_dose_mg,jaki_doses_per_day
1,62,male,White,cardiovascular disease;hypertension,MONDO:0004995;MONDO:0005044,30,4,6,1,10,3,2,1,6,tofacitinib,5,1
2,19,male,Indian,,,10,3,8,0,3,2,0,0,4,upadacitinib,15,1
3,22,male,White,,,40,4,6,1,15,4,4,1,3,tofacitinib,5,2
4,48,female,White,cerebrovascular accident,MONDO:0005098,20,3,7,1,6,3,1,1,2,upadacitinib,15,1
5,83,female,White,chronic kidney disease;hyperlipidemia;hypertension,MONDO:0005300;MONDO:0021187;MONDO:0005044,40,4,18,1,20,4,1,1,2,upadacitinib,15,1
6,56,female,White,,,15,3,6,0,10,3,0,0,6,upadacitinib,15,1
"""


def run(store, name, **params):
    return query.run(name, store, **params)


def test_patient_table_csv_from_the_command_line(build_dir):
    result = subprocess.run([sys.executable, "-m", "kg", "query", "patient-table", "--format", "csv",
                             "--build", str(build_dir)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == PATIENT_TABLE_CSV


def test_patient_table_values_are_typed(store):
    row = run(store, "patient-table").records()[4]
    assert row["patient"] == 5 and row["age"] == 83
    assert row["dupilumab_months_to_flare"] == Decimal(18)  # printed "1.5 y"
    assert isinstance(row["baseline_iga"], int) and isinstance(row["baseline_bsa_pct"], Decimal)


def test_drug_targets_and_pathways(store):
    rows = run(store, "drug-targets").rows
    il4ra = ("monoclonal antibody", "dupilumab", "interleukin 4 receptor subunit alpha")
    assert (*il4ra, "interleukin-4 signaling", None) in rows  # no background source: the article claims it
    assert (*il4ra, "interleukin-13 signaling", None) in rows
    jak = run(store, "drug-targets", **{"class": "JAK inhibitor"}).rows
    assert sorted({r[1] for r in jak}) == ["abrocitinib", "baricitinib", "tofacitinib", "upadacitinib"]
    # Pathway rows name JAK-STAT; target rows (issue 13) the pathway the kinase takes part in: every JAK is a
    # datanode of WikiPathways' "IL4 signaling" (WP395), background knowledge
    assert {r[3] for r in jak} - {None} == {"JAK-STAT signaling pathway", "interleukin-4 signaling"}
    # Through the class hierarchy: dupilumab is a monoclonal antibody, so a biologic.
    assert [r[1] for r in run(store, "drug-targets", **{"class": "biologic"}).rows] == ["dupilumab", "dupilumab"]


@pytest.mark.parametrize("drug,expected", [
    ("upadacitinib", [(2, Decimal(15), "daily", Decimal(4)), (4, Decimal(15), "daily", Decimal(2)),
                      (5, Decimal(15), "daily", Decimal(2)), (6, Decimal(15), "daily", Decimal(6))]),
    ("Tofacitinib", [(1, Decimal(5), "daily", Decimal(6)), (3, Decimal(5), "twice daily", Decimal(3))]),
    ("baricitinib", []),
])
def test_patients_by_drug(store, drug, expected):
    rows = run(store, "patients-by-drug", drug=drug).records()
    assert [(r["patient"], r["dose_mg"], r["frequency"], r["months"]) for r in rows] == expected


def test_response_per_patient(store):
    rows = run(store, "response").records()
    # Flare BSA -> 4 weeks after the JAK-I (Table I): 10->2, 3->0, 15->4, 6->1, 20->1, 10->0.
    assert [r["bsa_change"] for r in rows] == [Decimal(v) for v in (-8, -3, -11, -5, -19, -10)]
    assert [r["iga_change"] for r in rows] == [-2, -2, -3, -2, -3, -3]
    assert all(r["reached_iga_0_1"] for r in rows)


def test_response_summary(store):
    (row,) = run(store, "response-summary").records()
    # Reductions 8, 3, 11, 5, 19, 10: mean 56/6 = 9.33, median (8 + 10) / 2 = 9; all 6 reached IGA 0-1.
    assert (row["patients"], row["reached_iga_0_1"]) == (6, 6)
    assert row["mean_bsa_reduction"] == Decimal("9.33") and row["median_bsa_reduction"] == Decimal(9)
    assert (row["min_bsa_reduction"], row["max_bsa_reduction"]) == (Decimal(3), Decimal(19))


def test_cardiovascular_risk(store):
    rows = run(store, "cardiovascular-risk").records()
    assert [(r["patient"], r["age"], r["risk_factors"], r["jaki_drug"]) for r in rows] == [
        (1, 62, "cardiovascular disease;hypertension", "tofacitinib"),
        (4, 48, "cerebrovascular accident", "upadacitinib"),
        (5, 83, "chronic kidney disease;hyperlipidemia;hypertension", "upadacitinib")]
    assert [r["patient"] for r in run(store, "cardiovascular-risk", min_age=50).records()] == [1, 5]
    assert run(store, "cardiovascular-risk", min_age="90").rows == []


def test_patient_timeline(store):
    rows = run(store, "patient-timeline", patient=3).records()
    assert [r["step"] for r in rows] == list(range(1, 11))
    assert rows[0]["observations"] == "BSA 40%; IGA 4" and rows[0]["time_point"] == "baseline"
    assert rows[3]["observations"] == "BSA 15%; IGA 4" and rows[3]["time_point"] == "flare"
    assert rows[5]["drug"] == "tofacitinib" and "rescue" in rows[5]["event"]
    assert rows[6]["observations"] == "BSA 4%; IGA 1"
    assert rows[8]["event"] == "tofacitinib stopped"
    assert rows[9]["outcome"] == "durable disease control on continued dupilumab monotherapy"
    assert all(r["source"] for r in rows)


def test_citation_list(store):
    rows = run(store, "citation-list").records()
    assert [r["number"] for r in rows] == list(range(1, 11))
    assert rows[0]["authors"] == "Chovatiya R, Paller AS" and rows[0]["pages"] == "927-940"
    assert rows[3]["authors"] == "Beck LA, Thaçi D, Hamilton JD, et al"
    assert rows[6]["reference_doi"] == "10.1016/j.jdcr.2021.01.020" and rows[6]["journal"] == "JAAD Case Rep"
    assert rows[7]["reference_doi"] == "10.1016/s0140-6736(17)31191-1" and rows[7]["issue"] == "10086"
    assert rows[9]["year"] == "2018" and rows[9]["journal"] == "Br J Dermatol"


def test_references_by_intent(store):
    evidence = run(store, "references-by-intent", intent="citesAsEvidence").records()
    assert sorted({r["number"] for r in evidence}) == [2, 3, 4, 5, 7, 8, 9]
    authority = run(store, "references-by-intent", intent="cito:citesAsAuthority").records()
    assert [r["number"] for r in authority] == [None, 10]  # the unnumbered FDA citation, then ref 10
    assert {r["citation_intent"] for r in run(store, "references-by-intent").records()} == {
        "citesAsEvidence", "citesAsRelated", "citesAsAuthority", "obtainsBackgroundFrom", "obtainsSupportFrom"}


@pytest.mark.parametrize("statement,expected", [
    ("p1.s2", [2, 3]), ("Th2 axis", [2, 3]), ("require rescue therapy", [7, 8, 9]),
    ("not ideal", [10]), ("Here, we report 6 patients", []),
])
def test_references_for_statement(store, statement, expected):
    assert [r["number"] for r in run(store, "references-for-statement", statement=statement).records()] == expected


def test_value_provenance(store):
    rows = run(store, "value-provenance", patient=3, measure="BSA", time_point="flare").records()
    assert [(r["value"], r["table"], r["row"], r["column"], r["printed"]) for r in rows] == [
        (Decimal(15), "Table I", 3, "BSA during flare (%)", "15%")]
    (iga,) = run(store, "value-provenance", patient=5, measure="IGA", time_point="post-jaki-week-4").records()
    assert (iga["value"], iga["column"]) == (1, "Post-JAK-I IGA, after 4 wks")


def test_claims_check_agrees_on_the_article(store):
    rows = {r["claim"]: r for r in run(store, "claims-check").records()}
    stated = STATED_CLAIMS
    assert set(rows) == set(stated)
    for claim, (low, high) in stated.items():
        row = rows[claim]
        assert (row["stated_min"], row["stated_max"]) == (low, high)
        assert (row["observed_min"], row["observed_max"]) == (low, high)
        assert row["agrees"] is True and row["patients"] == 6


def test_claims_check_catches_an_extraction_error(data_copy):
    """A curator who mistypes a patient's flare BSA (and its transcription) sees the claim disagree."""
    from kg.publish.build import build
    article = data_copy / "data" / "articles" / "shahriari-2023-jaki-rescue"
    row5 = "\n5,83,female,White,hypertension;chronic-kidney-disease;hyperlipidemia,40,4,18,1,"
    for name, old, new in (("patients.csv", row5 + "20,", row5 + "25,"),
                           ("table-1.tsv", "1.5 y\t1\t20%", "1.5 y\t1\t25%")):
        text = (article / name).read_text(encoding="utf-8")
        assert old in text
        (article / name).write_text(text.replace(old, new), encoding="utf-8")
    build(data_copy / "data", data_copy / "ontology", data_copy / "build")
    rows = {r["claim"]: r for r in query.run("claims-check", open_store(Paths(build=data_copy / "build"))).records()}
    assert rows["flare_bsa_pct"]["agrees"] is False and rows["flare_bsa_pct"]["observed_max"] == 25
    assert rows["flare_iga"]["agrees"] is True


def test_safety_findings_are_none(store):
    rows = run(store, "safety-findings").records()
    assert len(rows) == 18  # 6 patients x (adverse events, intolerable side effects, laboratory abnormalities)
    assert {r["reported"] for r in rows} == {"none (explicitly stated)"}
    assert {r["finding"] for r in rows} == {"adverse event", "intolerable side effect", "laboratory abnormality"}


def test_every_helper_has_a_question_and_runs(store):
    for named in query.available():
        assert named.question, named.name
        required = {p.name: {"integer": 3, "string": "p1.s2"}[p.type] for p in named.params if p.required}
        if named.name == "value-provenance":
            required.update(measure="IGA", time_point="flare")
        if named.name == "patients-by-drug":
            required.update(drug="upadacitinib")
        answer = query.run(named.name, store, **required).rows
        if "https://w3id.org/adkg/graph/import/" in named.text:
            # A question across datasets reads imported graphs; the build has none, so it answers
            # nothing (tests/test_linked_helpers.py imports the real fixtures and checks the answers).
            assert answer == [], named.name
        else:
            assert answer, named.name
