"""Patient tables: strict reading of patients.csv and table-1.tsv, the table schema as data, and the
data guide's list of columns written from it.

Each broken file is built by ``python -m kg build`` in a fresh process: the build must exit 1 with
a message naming the file, the line (and patient) and the column, without a traceback, and leave
the previous build/ as it was.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import snapshot
from rdflib import Dataset, Literal, URIRef

from kg.core.errors import CurationError
from kg.ingest.table_docs import END, START, render, splice
from kg.ingest.table_schema import parse_schema

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = Path("data/articles/shahriari-2023-jaki-rescue")
PATIENTS = str(ARTICLE / "patients.csv")
FIXTURE = Path(__file__).parent / "fixtures" / "articles" / "invented-2024-upadacitinib-rescue"


def _edit_line(root: Path, name: str, index: int, edit) -> None:
    """Apply ``edit`` to line ``index`` (0 = header) of an article file, as bytes."""
    path = root / ARTICLE / name
    lines = path.read_bytes().split(b"\n")
    lines[index] = edit(lines[index])
    path.write_bytes(b"\n".join(lines))


def _edit_all(root: Path, name: str, edit) -> None:
    path = root / ARTICLE / name
    path.write_bytes(b"\n".join(edit(line) if line else line for line in path.read_bytes().split(b"\n")))


def _drop_column(line: bytes, index: int) -> bytes:
    cells = line.split(b",")
    return b",".join(cells[:index] + cells[index + 1:])


# (id, mutation, substrings one line of the error must contain)
BROKEN = [
    ("extra-cell", lambda r: _edit_line(r, "patients.csv", 3, lambda b: b + b",x"),
     [f"{PATIENTS}:4: patient 3", "18 cells but the header has 17 columns", "extra cell(s) 'x'",
      "after column 'jaki_frequency'"]),
    ("missing-cell", lambda r: _edit_line(r, "patients.csv", 2, lambda b: b.rsplit(b",", 1)[0]),
     [f"{PATIENTS}:3: patient 2, field 'jaki_frequency'", "16 cells", "no cell for jaki_frequency"]),
    ("byte-order-mark", lambda r: _edit_line(r, "patients.csv", 0, lambda b: b"\xef\xbb\xbf" + b),
     [f"{PATIENTS}:1:", "byte-order mark (BOM)", "save it as UTF-8 without a BOM"]),
    ("latin-1-byte", lambda r: _edit_line(r, "patients.csv", 2, lambda b: b.replace(b"Indian", b"Ind\xedan")),
     [f"{PATIENTS}:3: patient 2, field 'ethnicity'", "not valid UTF-8: byte 0xed", "Ind\\xedan"]),
    ("unknown-column", lambda r: _edit_all(r, "patients.csv", lambda b: b + (b",weight_kg" if b.startswith(b"patient")
                                                                            else b",70")),
     [f"{PATIENTS}:1: field 'weight_kg'", "unknown column(s) weight_kg", "data/tables/dupilumab-jaki-rescue.yaml"]),
    ("missing-column", lambda r: _edit_all(r, "patients.csv", lambda b: _drop_column(b, 3)),
     [f"{PATIENTS}:1: field 'ethnicity'", "missing column(s) ethnicity"]),
    ("integer-expected", lambda r: _edit_line(r, "patients.csv", 5, lambda b: b.replace(b",40,4,18,", b",40,four,18,")),
     [f"{PATIENTS}:6: patient 5, field 'baseline_iga'", "expected an integer, got 'four'"]),
    ("number-expected", lambda r: _edit_line(r, "patients.csv", 1, lambda b: b.replace(b",30,4,6,", b",30%,4,6,")),
     [f"{PATIENTS}:2: patient 1, field 'baseline_bsa_pct'", "expected a number, got '30%'"]),
    ("choice-expected", lambda r: _edit_line(r, "patients.csv", 4, lambda b: b.replace(b",female,", b",F,")),
     [f"{PATIENTS}:5: patient 4, field 'sex'", "'F' is not one of male, female"]),
    ("transcription-extra-cell", lambda r: _edit_line(r, "table-1.tsv", 2, lambda b: b + b"\tstray"),
     [f"{ARTICLE}/table-1.tsv:3: row 2", "14 cells but the header has 13 columns", "'stray'"]),
    ("transcription-latin-1", lambda r: _edit_line(r, "table-1.tsv", 3, lambda b: b.replace(b"White", b"Wh\xefte")),
     [f"{ARTICLE}/table-1.tsv:4: row 3, field 'Age, sex, ethnicity'", "not valid UTF-8: byte 0xef"]),
]




def _kg_build(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", "build", "--out", "build"], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("mutate,expected", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_table_fails_cleanly(data_copy, previous_build, mutate, expected):
    before = snapshot(previous_build)
    mutate(data_copy)
    result = _kg_build(data_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    line = next((x for x in result.stderr.splitlines() if all(s in x for s in expected)), None)
    assert line is not None, f"no line of the error names {expected}:\n{result.stderr}"
    assert snapshot(previous_build) == before, "the previous build/ was changed"


def test_a_trailing_blank_line_and_crlf_are_accepted(data_copy):
    path = data_copy / ARTICLE / "patients.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n") + b"\r\n")
    result = _kg_build(data_copy)
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------------------------
# A second table layout through its schema file alone.

def _second_layout(root: Path) -> Path:
    """The invented article with a table of another layout: no pre-flare IGA column, and the
    week-4 IGA column named ``iga_week_4``; described by its own schema, data/tables/invented-layout.yaml."""
    article = root / "data" / "articles" / FIXTURE.name
    shutil.copytree(FIXTURE, article)
    schema = yaml.safe_load((root / "data" / "tables" / "dupilumab-jaki-rescue.yaml").read_text(encoding="utf-8"))
    schema["name"] = "invented-layout"
    schema["columns"] = [c for c in schema["columns"] if c["name"] != "iga_preflare"]
    for column in schema["columns"]:
        if column["name"] == "post_jaki_iga":
            column["name"] = "iga_week_4"
    printed = [p for p in schema["printed"]["columns"] if p["fields"] != ["iga_preflare"]]
    schema["printed"]["columns"] = [{**p, "fields": ["iga_week_4"]} if p["fields"] == ["post_jaki_iga"] else p
                                    for p in printed]
    (root / "data" / "tables" / "invented-layout.yaml").write_text(yaml.safe_dump(schema, sort_keys=False),
                                                                   encoding="utf-8")
    text = (article / "article.yaml").read_text(encoding="utf-8")
    text = text.replace("schema: dupilumab-jaki-rescue", "schema: invented-layout")
    text = text.replace("      - {header: IGA preflare, fields: [iga_preflare]}\n", "")
    text = text.replace("fields: [post_jaki_iga]", "fields: [iga_week_4]")
    (article / "article.yaml").write_text(text, encoding="utf-8")
    (article / "patients.csv").write_text(
        "patient,age,sex,ethnicity,comorbidities,baseline_bsa_pct,baseline_iga,dupilumab_months_to_flare,"
        "flare_bsa_pct,flare_iga,post_jaki_bsa_pct,iga_week_4,jaki_months,jaki_drug,jaki_dose_mg,jaki_frequency\n"
        "1,40,female,White,hypertension,25,4,9,12,3,1,1,3,upadacitinib,15,once-daily\n"
        "2,33,male,Asian,,18,3,12,8,3,0,0,2,upadacitinib,30,once-daily\n", encoding="utf-8")
    (article / "table-1.tsv").write_text(
        "Pt\tAge, sex, ethnicity\tComorbidities\tBaseline BSA (%)\tBaseline IGA\tDupilumab until flare\t"
        "BSA flare (%)\tIGA flare\tBSA week 4 (%)\tIGA week 4\tJAK-I duration\tJAK-I used\n"
        "1\t40, Female, White\tHTN\t25%\t4\t9 mo\t12%\t3\t1\t1\t3 mo\tUpadacitinib 15 mg daily\n"
        "2\t33, Male, Asian\tNone\t18%\t3\t1 y\t8%\t3\t0\t0\t2 mo\tUpadacitinib 30 mg daily\n", encoding="utf-8")
    return article


def test_a_second_layout_needs_only_its_schema_file(data_copy):
    _second_layout(data_copy)
    result = _kg_build(data_copy)
    assert result.returncode == 0, result.stderr
    dataset = Dataset().parse(data_copy / "build" / "adkg.nq", format="nquads")
    graph = dataset.graph(URIRef(f"https://w3id.org/adkg/graph/article/{FIXTURE.name}"))
    base = f"https://w3id.org/adkg/id/article/{FIXTURE.name}/patient/1/observation/"
    sosa, adkg = "http://www.w3.org/ns/sosa/", "https://w3id.org/adkg/ontology#"
    week_4 = URIRef(base + "iga_week_4")
    assert (week_4, URIRef(sosa + "hasSimpleResult"), Literal(1)) in graph
    assert (week_4, URIRef(adkg + "atTimePoint"), URIRef(adkg + "PostJAKiWeek4")) in graph
    assert not list(graph.triples((URIRef(base + "iga_preflare"), None, None)))
    observations = set(graph.subjects(URIRef(sosa + "hasFeatureOfInterest"), None))
    assert len(observations) == 2 * 6  # two patients, six outcome columns
    # The real article, still on its own layout, keeps Table I's seven outcome columns (BSA and IGA
    # at baseline, at the flare and after 4 weeks of JAK-I, and IGA before the flare).
    real = dataset.graph(URIRef("https://w3id.org/adkg/graph/article/shahriari-2023-jaki-rescue"))
    assert len(set(real.subjects(URIRef(sosa + "hasFeatureOfInterest"), None))) == 6 * 7


def test_an_undeclared_term_in_a_schema_names_the_schema_file(data_copy):
    path = data_copy / "data" / "tables" / "dupilumab-jaki-rescue.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("time_point: adkg:PostJAKiWeek4",
                                                             "time_point: adkg:PostJAKiWeek8", 1), encoding="utf-8")
    result = _kg_build(data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("data/tables/dupilumab-jaki-rescue.yaml:" in result.stderr and "column 'post_jaki_bsa_pct', "
            "field 'time_point': 'adkg:PostJAKiWeek8' is not declared" in result.stderr), result.stderr


def test_an_article_naming_no_such_schema(data_copy):
    path = data_copy / ARTICLE / "article.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("schema: dupilumab-jaki-rescue", "schema: nope"),
                    encoding="utf-8")
    result = _kg_build(data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "table 'table-1', field 'schema': no table schema 'nope' (data/tables/nope.yaml is missing)" in result.stderr


# --------------------------------------------------------------------------------------------
# The schema reader refuses a malformed schema, naming the file and the column.

_TINY = """
name: tiny
columns:
  - {name: patient, key: true, type: integer, maps_to: {patient: adkg:patientNumber}, printed: "{n}"}
  - {name: iga, type: %s, instrument: adkg:IGA, time_point: adkg:Baseline, maps_to: observation, printed: "%s"}
instruments:
  adkg:IGA: {observation: adkg:IGAObservation, short: IGA}
printed:
  key_header: Pt
  columns: [%s]
"""


@pytest.mark.parametrize("type_,printed,columns,message", [
    ("number", "{n}", "{header: IGA, fields: [iga]}", "tiny.yaml:5: column 'iga', field 'type': unknown type 'number'"),
    ("integer", "{label}", "{header: IGA, fields: [iga]}", "field 'printed': {label} does not fit the type integer"),
    ("integer", "{n}", "", "tiny.yaml:9: printed, field 'columns': every column but the key is printed once; "
                           "never printed: iga"),
    ("integer", "{n}", "{header: IGA, fields: [iga, age]}", "printed column 1, field 'fields': no column named age"),
])
def test_a_malformed_schema_is_refused(type_, printed, columns, message):
    with pytest.raises(CurationError) as error:
        parse_schema(_TINY % (type_, printed, columns), "tiny.yaml")
    assert message in str(error.value)


# --------------------------------------------------------------------------------------------
# The data guide lists each schema's columns, as written from the schema files.

def test_data_guide_lists_the_columns_of_each_schema():
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert readme.count(START) == 1 and readme.count(END) == 1
    assert splice(readme, render(ROOT / "data")) == readme, \
        "data/README.md is out of date: run python -m kg.ingest.table_docs data"
    # What the guide must say about Table I's columns, typed from the article.
    section = readme.split(START)[1].split(END)[0]
    for text in ("| `flare_iga` | integer | yes |  | `adkg:IGA` | `adkg:Flare` |",
                 "| `jaki_dose_mg` | decimal | yes | mg (`obo:UO_0000022`) |",
                 "\"JAK-I used\" (jaki_drug, jaki_dose_mg, jaki_frequency, joined by \" \")"):
        assert text in section
