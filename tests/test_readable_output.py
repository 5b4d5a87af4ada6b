"""Readable output (issue 13, item 3): CURIEs and rounded decimals in tables, full values for programs,
DESCRIBE as one Turtle block per subject, and syntax errors told one way with a caret.

Expected values come from the article (../shared/seed/), Table I: baseline % BSA of patients 1-6 is
30, 10, 40, 20, 40 and 15 (mean 155 / 6 = 25.8333...); patient 3 is 22 years old with a flare BSA of 15%.
Atopic dermatitis is MONDO:0004980 ("atopic eczema") in the public Mondo ontology.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli.main import main
from kg.dataset import query
from kg.dataset.query import NamedQuery
from kg.dataset.results import Names

ROOT = Path(__file__).resolve().parent.parent
MEAN_BASELINE_BSA = """SELECT (AVG(?v) AS ?mean) WHERE {
  ?o sosa:observedProperty adkg:BSAInvolvement ; adkg:atTimePoint adkg:Baseline ; sosa:hasSimpleResult ?v }"""
PATIENT_3 = "https://w3id.org/adkg/id/article/shahriari-2023-jaki-rescue/patient/3"
#: The one form of a syntax error, wherever the query came from: the message line, the query line, the caret.
ERROR_FORM = re.compile(r"kg (?:query|sparql): error: (?:\S+: )?syntax error at line (\d+), column (\d+): (.+)\n"
                        r"  (.*)\n  ( *)(\^+)\n")


def _kg(*args, build_dir):
    return subprocess.run([sys.executable, "-m", "kg", *args, "--build", str(build_dir)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def _rows(table: str) -> list[list[str]]:
    """The cells of a table (two spaces between columns), without the header, rule and count."""
    return [re.split(r"\s{2,}", line.strip()) for line in table.splitlines()[2:-1]]


def test_table_prints_ontology_classes_as_adkg_curies(build_dir):
    result = _kg("sparql", "SELECT ?c WHERE { ?c a owl:Class FILTER(STRSTARTS(STR(?c), STR(adkg:))) } "
                 "ORDER BY ?c LIMIT 5", build_dir=build_dir)
    assert result.returncode == 0, result.stderr
    cells = [row[0] for row in _rows(result.stdout)]
    assert len(cells) == 5 and all(re.fullmatch(r"adkg:\w+", c) for c in cells), result.stdout
    assert "https://" not in result.stdout
    # For programs, CSV keeps the full IRIs.
    csv = _kg("sparql", "SELECT ?c WHERE { ?c a owl:Class FILTER(STRSTARTS(STR(?c), STR(adkg:))) } "
              "ORDER BY ?c LIMIT 5", "--format", "csv", build_dir=build_dir)
    assert csv.stdout.splitlines()[1:] == [c.replace("adkg:", "https://w3id.org/adkg/ontology#") for c in cells]


def test_iris_without_a_prefix_print_in_angle_brackets_and_entities_by_their_prefix(build_dir):
    result = _kg("sparql", f"SELECT ?p ?d ?c WHERE {{ <{PATIENT_3}> adkg:hasDiagnosis ?d . BIND(<{PATIENT_3}> AS ?p) "
                 "?d skos:exactMatch ?c FILTER(STRSTARTS(STR(?c), 'http://purl.obolibrary.org/obo/MONDO_')) }",
                 build_dir=build_dir)
    assert result.returncode == 0, result.stderr
    assert _rows(result.stdout) == [[f"<{PATIENT_3}>", "condition:atopic-dermatitis", "MONDO:0004980"]]


def test_the_names_agree_with_the_projects_converter():
    from kg.core import identifiers

    ids = identifiers.default()
    names = Names.from_prefix_map(ROOT / "ontology" / "prefixes.epm.json")
    for record in ids.converter.records:
        iri = record.uri_prefix + "X1"
        assert names.curie(iri) == ids.converter.compress(iri), iri


def test_a_mean_prints_with_two_decimals_and_machine_formats_keep_every_digit(build_dir):
    table = _kg("sparql", MEAN_BASELINE_BSA, build_dir=build_dir)
    assert table.returncode == 0, table.stderr
    assert _rows(table.stdout) == [["25.83"]]
    csv = _kg("sparql", MEAN_BASELINE_BSA, "--format", "csv", build_dir=build_dir)
    assert csv.stdout.splitlines()[1].startswith("25.83333333333")
    answer = json.loads(_kg("sparql", MEAN_BASELINE_BSA, "--format", "json", build_dir=build_dir).stdout)
    assert answer["rows"][0]["mean"] == pytest.approx(155 / 6, abs=1e-12)


@pytest.mark.parametrize("option,printed", [(["--precision", "1"], "25.8"), (["--precision", "0"], "26"),
                                            (["--precision", "4"], "25.8333")])
def test_precision_is_chosen(build_dir, option, printed):
    result = _kg("sparql", MEAN_BASELINE_BSA, *option, build_dir=build_dir)
    assert _rows(result.stdout) == [[printed]], result.stderr


def test_full_precision_prints_every_digit(build_dir):
    result = _kg("sparql", MEAN_BASELINE_BSA, "--full-precision", build_dir=build_dir)
    (cell,), = _rows(result.stdout)
    assert cell.startswith("25.83333333333") and len(cell) > 15


def test_precision_and_full_precision_exclude_each_other(build_dir):
    result = _kg("sparql", MEAN_BASELINE_BSA, "--precision", "3", "--full-precision", build_dir=build_dir)
    assert result.returncode == 2 and "not allowed with" in result.stderr


def test_integers_stay_integers_and_whole_decimals_print_without_zeros(build_dir):
    # Patient 3's age (22, xsd:integer) and flare BSA (15, from the table), a double and an integer constant.
    result = _kg("sparql", "SELECT ?age ?bsa (2.5e0 AS ?double) (15 AS ?n) WHERE { "
                 f"<{PATIENT_3}> adkg:ageYears ?age . "
                 f"?o sosa:hasFeatureOfInterest <{PATIENT_3}> ; sosa:observedProperty adkg:BSAInvolvement ; "
                 "adkg:atTimePoint adkg:Flare ; sosa:hasSimpleResult ?bsa }", build_dir=build_dir)
    assert _rows(result.stdout) == [["22", "15", "2.5", "15"]], result.stderr


def test_describe_prints_one_block_and_only_the_prefixes_it_uses(build_dir):
    result = _kg("sparql", f"DESCRIBE <{PATIENT_3}>", build_dir=build_dir)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    declared = re.findall(r"^@prefix (\w+): ", text, re.M)
    body = "\n".join(line for line in text.splitlines() if not line.startswith("@prefix"))
    used = set(re.findall(r"(?<![\w<\"/#])([A-Za-z][\w.-]*):[A-Za-z_]", body))
    assert declared == sorted(used) and "adkg" in declared and len(declared) < 6, text
    subjects = [line for line in body.splitlines() if line and not line.startswith(" ")]
    assert subjects == [f"<{PATIENT_3}>"]
    assert "    adkg:ageYears 22 ;" in body.splitlines() and body.rstrip().endswith(".")
    predicates = [line.split()[0] for line in body.splitlines() if line.startswith("    ") and
                  not line.startswith("        ")]
    assert predicates[0] == "a" and predicates[1:] == sorted(predicates[1:])
    assert _kg("sparql", f"DESCRIBE <{PATIENT_3}>", build_dir=build_dir).stdout == text  # the same bytes
    from rdflib import Graph, URIRef  # the text is Turtle any reader reads

    graph = Graph().parse(data=text, format="turtle")
    assert len(set(graph.subjects())) == 1 and (URIRef(PATIENT_3), None, None) in graph


def _error(stderr: str) -> tuple[int, int, str, str, int, int]:
    match = ERROR_FORM.fullmatch(stderr)
    assert match, stderr
    return (int(match[1]), int(match[2]), match[3], match[4], len(match[5]), len(match[6]))


def test_a_syntax_error_names_line_column_token_and_reason_with_a_caret(build_dir):
    result = _kg("sparql", "SELEC ?x WHERE { ?x a adkg:Patient }", build_dir=build_dir)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line, column, what, shown, indent, carets = _error(result.stderr)
    assert (line, column, shown, indent, carets) == (1, 1, "SELEC ?x WHERE { ?x a adkg:Patient }", 0, 5)
    assert what == "unexpected 'SELEC' (expected a query form such as SELECT, CONSTRUCT, ASK, DESCRIBE)"


def test_an_error_in_a_query_file_is_named_by_its_file_and_line(build_dir, tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("PREFIX ex: <http://example.org/>\nSELECT ?s WHERE {\n  ?s ex:p ?o } LIMT 3\n", encoding="utf-8")
    result = _kg("sparql", "-f", str(path), build_dir=build_dir)
    assert result.returncode == 1 and result.stderr.startswith(f"kg sparql: error: {path}: syntax error")
    line, column, what, shown, indent, carets = _error(result.stderr)
    assert (line, column, shown.strip(), indent, carets) == (3, 16, "?s ex:p ?o } LIMT 3", 15, 4)
    assert what.startswith("unexpected 'LIMT' (expected the end of the query")


def test_an_unknown_prefix_points_at_the_name(build_dir):
    result = _kg("sparql", "SELECT ?x WHERE { ?x a schema:Drug }", build_dir=build_dir)
    line, column, what, _shown, indent, carets = _error(result.stderr)
    assert (line, column, indent, carets) == (1, 24, 23, len("schema:Drug"))
    assert what.startswith("unknown prefix 'schema:'")


def test_a_helper_file_error_reads_the_same_way(build_dir, monkeypatch, capsys):
    """A helper whose file has a syntax error: named by its file, located in the file as written (not in the
    text with its parameters' VALUES block added), in the same form as kg sparql's."""
    text = ("# question: A broken helper.\n# param: patient (integer, required): the patient\n"
            "SELECT ?age WHERE {\n  ?p adkg:patientNumber ?patient ; adkg:ageYears ?age ?x .\n}\n")
    broken = query._parse("broken", text)
    monkeypatch.setattr(query, "_catalogue", lambda: {"broken": broken})
    code = main(["query", "broken", "--param", "patient=3", "--build", str(build_dir),
                 "--data", str(ROOT / "data"), "--ontology", str(ROOT / "ontology")])
    stderr = capsys.readouterr().err
    assert code == 1 and stderr.startswith("kg query: error: broken.rq: syntax error at line 4, column ")
    line, column, what, shown, indent, carets = _error(stderr)
    assert shown == text.splitlines()[3] and shown[indent:indent + carets] == shown[column - 1:column - 1 + carets]
    assert isinstance(broken, NamedQuery)


def test_the_readme_first_example_prints_what_the_readme_says(build_dir):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```sparql\n(.*?)```\n\n[^\n]*\n\n```text\n(.*?)```", readme, re.S)
    assert example, "the README's first example is a SPARQL block followed by the text it prints"
    result = _kg("sparql", example.group(1), build_dir=build_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout == example.group(2)
    assert "15.0" not in example.group(2)
