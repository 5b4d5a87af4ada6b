"""Broken curated input fails the build with a message naming file, record and field (or line),
a non-zero exit, no traceback, and the previous build/ left exactly as it was."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import snapshot

from kg.cli.main import main

ARTICLE = Path("data/articles/shahriari-2023-jaki-rescue")


def set_patient_field(root: Path, patient: str, field: str, value: str) -> None:
    path = root / ARTICLE / "patients.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for row in rows:
        if row["patient"] == patient:
            row[field] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def replace(root: Path, name: str, old: str, new: str) -> None:
    path = root / ARTICLE / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# (id, mutation, substrings the error must contain: file, record, field, what is wrong)
VARIANTS = [
    ("iga-7", lambda r: set_patient_field(r, "3", "flare_iga", "7"),
     ["patients.csv", "patient 3", "flare_iga", "integer from 0 to 4"]),
    ("bsa-140", lambda r: set_patient_field(r, "5", "baseline_bsa_pct", "140"),
     ["patients.csv", "patient 5", "baseline_bsa_pct", "from 0 to 100"]),
    ("age-150", lambda r: set_patient_field(r, "1", "age", "150"),
     ["patients.csv", "patient 1", "'age'", "0 to 120"]),
    ("dose-0", lambda r: set_patient_field(r, "4", "jaki_dose_mg", "0"),
     ["patients.csv", "patient 4", "jaki_dose_mg", "positive"]),
    ("bsa-negative", lambda r: set_patient_field(r, "2", "flare_bsa_pct", "-3"),
     ["patients.csv", "patient 2", "flare_bsa_pct", "from 0 to 100"]),
    ("iga-negative", lambda r: set_patient_field(r, "6", "baseline_iga", "-1"),
     ["patients.csv", "patient 6", "baseline_iga", "integer from 0 to 4"]),
    ("duration-negative", lambda r: set_patient_field(r, "1", "jaki_months", "-6"),
     ["patients.csv", "patient 1", "jaki_months", "non-negative"]),
    ("missing-age", lambda r: set_patient_field(r, "2", "age", ""),
     ["patients.csv", "patient 2", "'age'", "missing"]),
    ("unknown-drug", lambda r: set_patient_field(r, "4", "jaki_drug", "ruxolitinib"),
     ["patients.csv", "patient 4", "jaki_drug", "unknown drug 'ruxolitinib'"]),
    ("malformed-doi", lambda r: replace(r, "references.yaml", "doi: 10.1056/nejmoa1314768",
                                        "doi: 10.1056 nejmoa1314768"),
     ["references.yaml", "reference 4", "'doi'", "well-formed DOI"]),
    ("missing-title", lambda r: replace(r, "references.yaml",
                                              "  title: JAK inhibitors in the treatment of atopic dermatitis\n", ""),
     ["references.yaml", "reference 1", "'title'", "missing"]),
    ("yaml-syntax", lambda r: replace(r, "references.yaml", "  volume: \"148\"", "  volume: [\"148\""),
     ["references.yaml:", "YAML syntax error"]),
    ("unknown-intent", lambda r: replace(r, "article.yaml", "intent: cito:citesAsAuthority}]",
                                               "intent: cito:citesAsAuthoritative}]"),
     ["article.yaml", "'intent'", "unknown CiTO intent"]),
    ("undeclared-term", lambda r: replace(r, "article.yaml", "predicate: adkg:inhibits,", "predicate: adkg:inhibitz,"),
     ["article.yaml", "'predicate'", "adkg:inhibitz", "not declared"]),
    ("claim-min-above-max", lambda r: replace(r, "article.yaml", "{field: flare_bsa_pct, min: 3,",
                                                    "{field: flare_bsa_pct, min: 30,"),
     ["article.yaml", "'min'", "not above its maximum"]),
    ("unknown-reference", lambda r: replace(r, "article.yaml", "refs: [10]", "refs: [11]"),
     ["article.yaml", "sentence p5.s3", "cites reference 11"]),
    ("transcription-mismatch", lambda r: replace(r, "table-1.tsv", "40%\t4\t6 mo\t1\t15%", "40%\t4\t6 mo\t1\t14%"),
     ["table-1.tsv", "patient 3", "BSA during flare (%)", "flare_bsa_pct=15"]),
]




@pytest.mark.parametrize("mutate,expected", [v[1:] for v in VARIANTS], ids=[v[0] for v in VARIANTS])
def test_broken_variant_fails_cleanly(data_copy, previous_build, capsys, mutate, expected):
    before = snapshot(previous_build)
    mutate(data_copy)
    code = main(["build", "--data", str(data_copy / "data"), "--ontology", str(data_copy / "ontology"),
                 "--out", str(previous_build)])
    err = capsys.readouterr().err
    assert code == 1
    line = next((text for text in err.splitlines() if all(s in text for s in expected)), None)
    assert line is not None, f"no line of the error names {expected}:\n{err}"
    assert snapshot(previous_build) == before, "the previous build/ was changed"
    assert [p.name for p in data_copy.iterdir() if p.name.startswith(".build")] == []


def test_real_data_builds(data_copy, capsys):
    assert main(["build", "--data", str(data_copy / "data"), "--ontology", str(data_copy / "ontology"),
                 "--out", str(data_copy / "build")]) == 0
    assert "validation passed" in capsys.readouterr().out


def test_command_line_reports_without_traceback(data_copy):
    set_patient_field(data_copy, "3", "flare_iga", "7")
    result = subprocess.run([sys.executable, "-m", "kg", "build", "--out", "build"],
                            cwd=data_copy, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "data/articles/shahriari-2023-jaki-rescue/patients.csv:4: patient 3, field 'flare_iga'" in result.stderr
    assert not (data_copy / "build").exists()
