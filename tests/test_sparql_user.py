"""What a SPARQL user expects (issue 13): identifiers in any form, closed sets named, queries taken as given.

Expected values are written from the article (../shared/seed/): Table I has six patients, two
measures (IGA and % BSA) at five time points; the JAK inhibitors given were tofacitinib and
upadacitinib; the article's DOI is 10.1016/j.jdcr.2023.01.020.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.dataset import query

ROOT = Path(__file__).resolve().parent.parent
DOI = "10.1016/j.jdcr.2023.01.020"


def _kg(*args, build_dir, stdin=None):
    return subprocess.run([sys.executable, "-m", "kg", *args, "--build", str(build_dir)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, input=stdin)


DOI_FORMS = [DOI, "doi:" + DOI, "https://doi.org/" + DOI, "http://dx.doi.org/" + DOI]


@pytest.mark.parametrize("form", DOI_FORMS + [f.upper().replace("HTTPS://DOI.ORG/", "https://doi.org/")
                                              .replace("HTTP://DX.DOI.ORG/", "http://dx.doi.org/")
                                              .replace("DOI:", "doi:") for f in DOI_FORMS]
                         + ["DOI:10.1016/J.JDCR.2023.01.020", "  HTTPS://DOI.ORG/10.1016/J.JDCR.2023.01.020 "])
def test_a_doi_in_any_form_and_case_gives_the_six_patients(store, form):
    expected = query.run("patient-table", store, doi=DOI)
    assert [r[0] for r in expected.rows] == [1, 2, 3, 4, 5, 6]
    assert query.run("patient-table", store, doi=form) == expected


@pytest.mark.parametrize("form", ["doi:10.1016/J.JDCR.2023.01.020", "https://doi.org/10.1016/J.jdcr.2023.01.020"])
def test_the_cli_normalises_the_doi(build_dir, form):
    done = _kg("query", "patient-table", "--param", f"doi={form}", "--format", "csv", build_dir=build_dir)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 1 + 6


@pytest.mark.parametrize("name,params,valid", [
    ("patients-by-drug", {"drug": "dupilumab"}, "abrocitinib, baricitinib, tofacitinib, upadacitinib"),
    ("value-provenance", {"patient": 1, "measure": "EASI", "time_point": "baseline"}, "BSA, IGA"),
    ("value-provenance", {"patient": 1, "measure": "IGA", "time_point": "week4"},
     "baseline, flare, follow-up, post-jaki-week-4, pre-flare"),
    ("references-by-intent", {"intent": "cito:agreesWith"}, "citesAsEvidence"),
    ("drug-targets", {"class": "kinase"}, "JAK inhibitor"),
])
def test_an_unknown_closed_set_value_is_refused_listing_the_valid_ones(store, name, params, valid):
    with pytest.raises(query.QueryError) as caught:
        query.run(name, store, **params)
    message = str(caught.value)
    assert message.startswith("unknown ") and f"'{name}'" in message
    assert valid in message.split("valid: ", 1)[1]


@pytest.mark.parametrize("name,params,rows", [
    ("patients-by-drug", {"drug": "UPADACITINIB"}, 4),   # patients 2, 4, 5, 6 (Table I)
    ("patients-by-drug", {"drug": "tofacitinib"}, 2),
    ("value-provenance", {"patient": 1, "measure": "iga", "time_point": "Baseline"}, 1),
    ("value-provenance", {"patient": 1, "measure": "BSA", "time_point": "post-jaki-week-4"}, 1),
    ("drug-targets", {"class": "jak inhibitor"}, None),
    ("references-by-intent", {"intent": "cito:citesAsEvidence"}, None),
])
def test_valid_closed_set_values_in_any_case_still_answer(store, name, params, rows):
    result = query.run(name, store, **params)
    assert result.rows and (rows is None or len(result.rows) == rows)


def test_the_cli_refuses_an_unknown_value_without_a_traceback(build_dir):
    done = _kg("query", "value-provenance", "--param", "patient=1", "--param", "measure=EASI",
               "--param", "time_point=baseline", build_dir=build_dir)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "unknown measure 'EASI'" in done.stderr and "BSA, IGA" in done.stderr


def test_a_values_line_must_name_a_parameter():
    with pytest.raises(query.QueryError, match="names no parameter"):
        query._parse("x", "# question: q\n# values: nope: SELECT ?value WHERE { }\nSELECT * {}")


def _long_query() -> str:
    """A 2,000-character single-line query counting the article's patients."""
    head = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a adkg:Patient . "
    tail = "}"
    filler = " ".join(["FILTER(?p != <https://example.org/not-a-patient>)"] * 40)
    text = head + filler + " " + tail
    return text + " " * (2000 - len(text)) if len(text) < 2000 else text


def test_a_long_inline_query_runs(build_dir):
    text = _long_query()
    assert "\n" not in text and len(text) >= 2000
    done = _kg("sparql", text, "--format", "csv", build_dir=build_dir)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "n\n6\n"


@pytest.mark.parametrize("how", ["at", "flag", "stdin", "flag-stdin"])
def test_a_query_from_a_file_or_stdin(build_dir, tmp_path, how):
    path = tmp_path / "count query.txt"  # no .rq suffix, a space in the name: read only because asked
    text = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a adkg:Patient }"
    path.write_text(text, encoding="utf-8")
    args = {"at": ["@" + str(path)], "flag": ["-f", str(path)], "stdin": ["-"], "flag-stdin": ["-f", "-"]}[how]
    done = _kg("sparql", *args, "--format", "csv", build_dir=build_dir, stdin=text if "stdin" in how else None)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "n\n6\n"


def test_a_query_is_never_taken_for_a_path(build_dir, tmp_path):
    done = _kg("sparql", "ASK { ?p a adkg:Patient }", build_dir=build_dir)
    assert done.returncode == 0 and done.stdout.strip().lower() in {"true", "yes"}, done.stdout + done.stderr
    missing = _kg("sparql", "@" + str(tmp_path / "absent.rq"), build_dir=build_dir)
    assert missing.returncode == 1 and "cannot read" in missing.stderr and "Traceback" not in missing.stderr
    both = _kg("sparql", "ASK {}", "-f", str(tmp_path / "x.rq"), build_dir=build_dir)
    assert both.returncode == 1 and "not both" in both.stderr
