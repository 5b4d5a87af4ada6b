"""Curated YAML is read strictly: a wrong file fails `kg build` (exit 1) with a message naming the
file, record, field or line, never a traceback or an "internal error", and the previous build/ is
left byte-for-byte as it was. Every problem of a run is reported at once."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import snapshot

from kg.ingest.schema import SCHEMA_FILES, Schemas
from kg.ingest.schema_docs import render_guide

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = Path("data/articles/shahriari-2023-jaki-rescue")
FIXTURE = Path(__file__).parent / "fixtures" / "articles" / "invented-2024-upadacitinib-rescue"
RECORD = "article 'shahriari-2023-jaki-rescue'"


@pytest.fixture()
def previous(build_dir, data_copy) -> dict[str, str]:
    """A previous build in data_copy/build; its files' hashes."""
    shutil.copytree(build_dir, data_copy / "build")
    return snapshot(data_copy / "build")


def edit(root: Path, name: str | Path, old: str, new: str) -> int:
    """Replace the first ``old`` in a curated file; return the line the change starts on."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def build_fails(root: Path, previous: dict[str, str]) -> str:
    """Run `python -m kg build` in ``root``; check it failed cleanly; return its error output."""
    result = subprocess.run([sys.executable, "-m", "kg", "build"], cwd=root, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    assert snapshot(root / "build") == previous, "the previous build/ was changed"
    assert [p.name for p in root.iterdir() if p.name.startswith(".build")] == []
    return result.stderr


def line_with(stderr: str, *parts: str) -> str:
    line = next((text for text in stderr.splitlines() if all(p in text for p in parts)), None)
    assert line is not None, f"no line of the error names {parts}:\n{stderr}"
    return line


def test_renamed_key_is_an_error_not_a_silent_drop(data_copy, previous):
    line = edit(data_copy, ARTICLE / "article.yaml", "\ncuration_notes:\n", "\ncuration_note:\n") + 1
    err = build_fails(data_copy, previous)
    line_with(err, f"{ARTICLE}/article.yaml:{line}:", RECORD, "field 'curation_note'", "unknown field",
              "did you mean 'curation_notes'")


def test_misspelt_vocabulary_key(data_copy, previous):
    line = edit(data_copy, "data/vocabulary/drugs.yaml", "  label: dupilumab\n", "  lable: dupilumab\n")
    err = build_fails(data_copy, previous)
    line_with(err, f"data/vocabulary/drugs.yaml:{line}:", "drug 'dupilumab'", "field 'lable'", "unknown field")
    line_with(err, "data/vocabulary/drugs.yaml:", "drug 'dupilumab'", "field 'label'", "required field is missing")


def test_duplicated_key_names_both_lines(data_copy, previous):
    first = edit(data_copy, ARTICLE / "article.yaml", "\nyear: 2023\n", "\nyear: 2023\nyear: 2024\n") + 1
    err = build_fails(data_copy, previous)
    line_with(err, f"{ARTICLE}/article.yaml:{first + 1}:", "duplicate key 'year'", f"first given on line {first}")


def test_publication_year_in_the_future(data_copy, previous):
    line = edit(data_copy, ARTICLE / "article.yaml", "\nyear: 2023\n", "\nyear: 2099\n") + 1
    err = build_fails(data_copy, previous)
    line_with(err, f"{ARTICLE}/article.yaml:{line}:", RECORD, "field 'year'", "2099",
              "later than the current year")


def test_cited_work_later_than_the_citing_article(data_copy, previous):
    # Reference 1 (Chovatiya and Paller) is from 2021; the article from 2023.
    line = edit(data_copy, ARTICLE / "references.yaml", "  year: 2021\n", "  year: 2024\n")
    err = build_fails(data_copy, previous)
    line_with(err, f"{ARTICLE}/references.yaml:{line}:", "reference 1", "field 'year'", "2024",
              "later than the citing article's year 2023")


def test_yaml_anchor_and_alias_refused(data_copy, previous):
    line = edit(data_copy, ARTICLE / "article.yaml", "keywords: [", "keywords: &words [")
    edit(data_copy, ARTICLE / "article.yaml", "\nfunding: ", "\nextra_keywords: *words\nfunding: ")
    err = build_fails(data_copy, previous)
    line_with(err, f"{ARTICLE}/article.yaml:{line}:", "anchors (&words) are not allowed")


def test_billion_laughs_fails_at_its_first_anchor(data_copy, previous):
    levels = ['  label: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"  synonyms{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 10)]
    (data_copy / "data/vocabulary/proteins.yaml").write_text("- key: lol\n" + "\n".join(levels) + "\n",
                                                             encoding="utf-8")
    err = build_fails(data_copy, previous)
    line_with(err, "data/vocabulary/proteins.yaml:2:", "anchors (&l0) are not allowed")


def test_latin1_byte_names_the_file_and_offset(data_copy, previous):
    path = data_copy / ARTICLE / "references.yaml"
    raw = path.read_bytes()
    at = raw.index("Thaçi".encode())
    path.write_bytes(raw.replace("Thaçi".encode(), "Thaçi".encode("latin-1"), 1))
    err = build_fails(data_copy, previous)
    offset = at + len("Tha")
    line = raw[:at].count(b"\n") + 1
    line_with(err, f"{ARTICLE}/references.yaml:{line}:", "not UTF-8", "byte 0xE7", f"byte offset {offset}")


def test_byte_order_mark_refused(data_copy, previous):
    path = data_copy / "data/vocabulary/conditions.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    err = build_fails(data_copy, previous)
    line_with(err, "data/vocabulary/conditions.yaml:1:", "byte-order mark")


def test_two_articles_with_one_doi_name_both_files(data_copy, previous):
    second = Path("data/articles") / FIXTURE.name
    shutil.copytree(FIXTURE, data_copy / second)
    # The first article's DOI (printed on its first page), in another case: DOIs are case-insensitive.
    edit(data_copy, second / "article.yaml", "doi: 10.5555/adkg.fixture.2024.001", "doi: 10.1016/J.JDCR.2023.01.020")
    err = build_fails(data_copy, previous)
    line = line_with(err, f"{second}/article.yaml", f"{ARTICLE}/article.yaml", "field 'doi'")
    assert "is also the DOI of" in line and "title" not in line.split("field")[1]


def test_every_problem_of_a_run_is_reported_together(data_copy, previous):
    edit(data_copy, ARTICLE / "article.yaml", "\ncuration_notes:\n", "\ncuration_note:\n")
    edit(data_copy, "data/vocabulary/drugs.yaml", "  label: dupilumab\n", "  lable: dupilumab\n")
    path = data_copy / ARTICLE / "references.yaml"
    path.write_bytes(path.read_bytes().replace("Thaçi".encode(), "Thaçi".encode("latin-1"), 1))
    err = build_fails(data_copy, previous)
    line_with(err, f"{ARTICLE}/article.yaml:", "field 'curation_note'", "unknown field")
    line_with(err, "data/vocabulary/drugs.yaml:", "field 'lable'", "unknown field")
    line_with(err, f"{ARTICLE}/references.yaml:", "not UTF-8")
    problems = [text for text in err.splitlines() if text.startswith("  - ")]
    assert len(problems) >= 3
    assert problems == sorted(problems, key=lambda text: text.split(":")[0]), "problems are not sorted by file"


def test_the_schemas_are_valid_json_schemas_and_accept_the_fixture():
    from kg.ingest.schema import item_namer
    from kg.ingest.yamlio import read_document

    schemas = Schemas.load(ROOT / "data" / "schema")
    assert set(schemas.validators) == set(SCHEMA_FILES)
    for name, schema in (("article.yaml", "article"), ("references.yaml", "references")):
        document = read_document(FIXTURE / name, name)
        assert schemas.problems(schema, document, item_namer(document, "x")) == []


def _subschemas(schema: dict):
    yield from schema.get("properties", {}).values()
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield schema[key]
    yield from schema.get("anyOf", [])
    yield from schema.get("$defs", {}).values()


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES.values()))
def test_every_mapping_in_the_schemas_is_closed_and_every_field_described(name):
    def visit(schema: dict, where: str) -> None:
        if schema.get("type") == "object":
            closed = schema.get("additionalProperties")
            assert closed is False or isinstance(closed, dict), f"{where}: unknown keys would be accepted"
        for key, sub in schema.get("properties", {}).items():
            assert sub.get("description"), f"{where}.{key} has no description"
        for sub in _subschemas(schema):
            visit(sub, where + "/")

    schema = json.loads((ROOT / "data" / "schema" / name).read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    visit(schema, name)


def test_the_data_guide_tables_are_generated_from_the_schemas():
    guide = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert guide.count("<!-- schema-table: ") == 4
    assert render_guide(guide, ROOT / "data" / "schema") == guide, \
        "data/README.md differs from the schemas: run `python -m kg.ingest.schema_docs`"
