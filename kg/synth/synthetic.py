"""A synthetic AD literature corpus in the project's own curated format, for benchmarks and tests.

``generate(out, articles=N, seed=S)`` writes ``out/vocabulary``, ``out/mappings`` and the table
schema in ``out/tables`` (copies of the real ones) and ``out/articles/synthetic-NNNNNN/`` folders,
each an article.yaml, references.yaml, patients.csv and printed table-1.tsv exactly like a
curated article, so the corpus is built by the same ``kg build``. The patient tables follow the
table schema: its columns, the values its ``synthetic`` hints allow, and its printed forms.
Every article is marked SYNTHETIC (title, id, DOI prefix 10.5555, a comment line). The same
seed gives byte-identical files.

Articles draw references from a shared pool of DOIs (so papers are cited by many articles) and
authors from a shared pool of people; a pool entry's metadata depends only on the seed and its
number, so a shared DOI always carries the same title wherever it is cited.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

from kg.core.errors import BuildFailed, CurationError, KgError
from kg.ingest.load import load_vocabulary
from kg.ingest.printed import KeyNames, render
from kg.ingest.schema import Schemas, default_schema_dir
from kg.ingest.table_schema import Column, TableSchema, load_schema
from kg.ingest.vocabulary import Vocabulary

__all__ = ["DEFAULT_SCHEMA", "generate"]

#: The table schema (data/tables/NAME.yaml) whose layout the synthetic patient tables follow.
DEFAULT_SCHEMA = "dupilumab-jaki-rescue"

_JOURNALS = ["jaad-case-reports", "j-am-acad-dermatol", "br-j-dermatol", "j-allergy-clin-immunol"]
_ORGANISATIONS = ["organisation:yale-dermatology", "organisation:bwh-harvard-dermatology",
                  "organisation:central-connecticut-dermatology"]
_FAMILY = ["Adler", "Berg", "Costa", "Dahl", "Eno", "Fischer", "Garcia", "Haas", "Ito", "Jensen", "Kim", "Lopez",
           "Meyer", "Nagy", "Okafor", "Petrov", "Quinn", "Rossi", "Sato", "Tanaka", "Uddin", "Varga", "Weber", "Young"]
_GIVEN = ["Ana", "Ben", "Chen", "Dana", "Eli", "Femi", "Gita", "Hana", "Ivan", "Jun", "Kai", "Lea", "Mira", "Nils"]
_TOPICS = ["dupilumab", "JAK inhibitors", "atopic dermatitis", "IL-13 blockade", "rescue therapy", "itch",
           "Th2 cytokines"]


def _dump(value, path: Path) -> None:
    path.write_text(yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")


def _pool_reference(seed: int, number: int) -> dict:
    """A cited work of the shared pool; its year (2005-2018) is before every article's (2019-2024), as the
    build requires of a cited work."""
    rng = random.Random(f"{seed}:ref:{number}")  # noqa: S311 - invented data, not security
    authors = [f"{rng.choice(_FAMILY)} {rng.choice('ABCDEFGHJKLMN')}" for _ in range(rng.randint(1, 4))]
    first = rng.randint(1, 900)
    return {"authors": authors,
            "title": f"SYNTHETIC reference {number}: {rng.choice(_TOPICS)} and {rng.choice(_TOPICS)}",
            "journal": rng.choice(_JOURNALS), "year": rng.randint(2005, 2018), "volume": str(rng.randint(1, 200)),
            "pages": f"{first}-{first + rng.randint(2, 12)}", "doi": f"10.5555/adkg.synthetic.ref.{number:06d}"}


def _pool_person(seed: int, number: int) -> dict:
    rng = random.Random(f"{seed}:person:{number}")  # noqa: S311 - invented data, not security
    return {"key": f"synthetic-person-{number:05d}", "given_name": rng.choice(_GIVEN),
            "family_name": rng.choice(_FAMILY)}


def _draw(rng: random.Random, column: Column, values: dict, number: int):
    """One invented value of ``column``, as its ``synthetic`` hint in the schema says."""
    hint = column.synthetic
    if column.key:
        return number
    if "between" in hint:
        low, high = hint["between"]
        return rng.randint(low, high)
    if "some_of" in hint:
        return sorted(rng.sample(sorted(hint["some_of"]), rng.choice(hint["how_many"])))
    if "one_of" in hint:
        options = hint["one_of"][values[hint["given"]]] if "given" in hint else hint["one_of"]
        return rng.choice(options)
    if column.type == "choice":
        return rng.choice(column.choices)
    raise CurationError.at(column.origin, "no `synthetic` hint says how to invent a value", "synthetic")


def _patient(rng: random.Random, number: int, schema: TableSchema) -> dict:
    values: dict = {}
    for column in schema.columns:
        values[column.name] = _draw(rng, column, values, number)
    return values


def _body(count: int, references: int) -> list[dict]:
    return [
        {"id": "p1", "section": "INTRODUCTION", "sentences": [
            {"text": "SYNTHETIC: dupilumab and JAK inhibitors treat atopic dermatitis.",
             "cites": [{"refs": list(range(1, references + 1)), "intent": "cito:citesForInformation"}]}]},
        {"id": "p2", "sentences": [
            {"text": f"SYNTHETIC: {count} patients with severe AD flared on dupilumab 600 mg then 300 mg every "
                     "other week."},
            {"text": "SYNTHETIC: a JAK inhibitor was added as rescue therapy and later stopped."},
            {"text": "SYNTHETIC: no adverse events or laboratory abnormalities occurred; control lasted 3 to 4 "
                     "months."}]},
    ]


def _cohort(patients: list[dict], schema: TableSchema) -> dict:
    count = len(patients)
    claims = [{"field": c.name, "min": min(p[c.name] for p in patients), "max": max(p[c.name] for p in patients),
               "source": "p2.s2"} for c in schema.columns if c.synthetic.get("claim")]
    return {
        "label": f"SYNTHETIC cohort of {count} patients", "condition": "condition:atopic-dermatitis",
        "severity": {"value": "adkg:Severe", "source": "p2.s1"},
        "diagnosis_confirmation": {"value": "clinical confirmation", "source": "p2.s1"},
        "refractory": {"to": "base", "time_point": "adkg:Flare", "source": "p2.s1"},
        "courses": {
            "base": {"drug": "drug:dupilumab", "loading_dose_mg": 600, "dose_mg": 300,
                     "frequency": "every-other-week", "role": "adkg:MaintenanceTherapy", "source": "p2.s1",
                     "reasons_started": [{"text": "severe atopic dermatitis", "source": "p2.s1"}]},
            "rescue": {"role": "adkg:RescueTherapy", "source": "p2.s2",
                       "concomitant_with": {"course": "base", "source": "p2.s2"},
                       "reasons_started": [{"text": "flare on dupilumab", "source": "p2.s1"}],
                       "reasons_stopped": [{"text": "stopped after disease control", "source": "p2.s2"}]},
        },
        "course": [
            {"event": "adkg:AssessmentEvent", "label": "baseline assessment", "time_point": "adkg:Baseline",
             "source": "p2.s1"},
            {"event": "adkg:TreatmentStartEvent", "label": "{base} started ({regimen})", "course": "base",
             "source": "p2.s1"},
            {"event": "adkg:ResponseEvent", "label": "response to {base}", "course": "base",
             "time_point": "adkg:PreFlare", "source": "p2.s1"},
            {"event": "adkg:FlareEvent", "label": "flare on {base}", "course": "base", "time_point": "adkg:Flare",
             "source": "p2.s1"},
            {"event": "adkg:TreatmentStartEvent", "label": "{rescue} added", "course": "rescue", "source": "p2.s2"},
            {"event": "adkg:AssessmentEvent", "label": "4 weeks after {rescue} start", "course": "rescue",
             "time_point": "adkg:PostJAKiWeek4", "source": "p2.s2"},
            {"event": "adkg:TreatmentStopEvent", "label": "{rescue} stopped", "course": "rescue", "source": "p2.s2"},
            {"event": "adkg:FollowUpEvent", "label": "follow-up", "course": "base", "time_point": "adkg:FollowUp",
             "min_months": 3, "max_months": 4, "source": "p2.s3"},
        ],
        "negative_findings": [
            {"finding": "adkg:AdverseEvent", "period": "concomitant therapy", "source": "p2.s3"},
            {"finding": "adkg:LaboratoryAbnormality", "period": "concomitant therapy", "source": "p2.s3"}],
        "summary_claims": claims,
    }


def _write_table(folder: Path, schema: TableSchema, patients: list[dict], names: KeyNames) -> None:
    """patients.csv (the schema's columns) and table-1.tsv (its printed columns, as printed)."""
    lines = [",".join(schema.names)]
    lines += [",".join(";".join(p[c.name]) if c.type == "keys" else str(p[c.name]) for c in schema.columns)
              for p in patients]
    (folder / "patients.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = ["\t".join([schema.key_header] + [c.header for c in schema.printed])]
    table += ["\t".join([str(p[schema.key.name])] + [render(schema, c.fields, c.join, p, names)
                                                      for c in schema.printed]) for p in patients]
    (folder / "table-1.tsv").write_text("\n".join(table) + "\n", encoding="utf-8")


def _article(folder: Path, index: int, seed: int, pools: tuple[int, int], schema: TableSchema,
             names: KeyNames) -> int:
    rng = random.Random(f"{seed}:article:{index}")  # noqa: S311 - invented data, not security
    folder.mkdir(parents=True)
    patients = [_patient(rng, n, schema) for n in range(1, rng.randint(1, 20) + 1)]
    ref_numbers = sorted(rng.sample(range(1, pools[0] + 1), rng.randint(3, 10)))
    references = [{"number": i, **_pool_reference(seed, n)} for i, n in enumerate(ref_numbers, 1)]
    people = sorted(rng.sample(range(1, pools[1] + 1), rng.randint(1, 5)))
    authors = [{"position": i, **_pool_person(seed, n), "degrees": ["MD"], "affiliations": ["a"]}
               for i, n in enumerate(people, 1)]
    count = len(patients)
    record = {
        "id": f"synthetic-{index:06d}",
        "doi": f"10.5555/adkg.synthetic.article.{index:06d}",
        "title": f"SYNTHETIC article {index}: JAK inhibitor rescue in {count} dupilumab-refractory "
                 f"patient{'s' * (count > 1)}",
        "article_types": ["fabio:JournalArticle", "fabio:CaseReport", "adkg:CaseSeries"],
        "journal": rng.choice(_JOURNALS), "year": rng.randint(2019, 2024), "volume": str(rng.randint(1, 120)),
        "first_page": "1", "last_page": "4",
        "keywords": ["atopic dermatitis", "synthetic"],
        "funding": "None.", "irb_status": "Not applicable.", "conflicts_of_interest": "None disclosed.",
        "affiliations": [{"mark": "a", "organisation": rng.choice(_ORGANISATIONS)}],
        "authors": authors,
        "body": _body(count, len(references)),
        "cohort": _cohort(patients, schema),
        "tables": [{"id": "table-1", "label": "Table I", "caption": "SYNTHETIC patient table", "schema": schema.name,
                    "transcription": "table-1.tsv", "records": "patients.csv",
                    "columns": [{"header": c.header, "fields": list(c.fields)} for c in schema.printed]}],
    }
    text = f"# SYNTHETIC ARTICLE generated by kg synth (seed {seed}); not a real publication.\n"
    (folder / "article.yaml").write_text(text + yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=120),
                                         encoding="utf-8")
    _dump(references, folder / "references.yaml")
    _write_table(folder, schema, patients, names)
    return count


def _vocabulary(folder: Path) -> Vocabulary:
    """The copied vocabulary, read and checked as the build reads it."""
    problems: list[KgError] = []
    vocabulary = load_vocabulary(folder, folder, Schemas.load(default_schema_dir(folder)), problems)
    if problems:
        raise BuildFailed(problems)
    return vocabulary


def generate(out: Path, *, articles: int, seed: int = 0, source: Path = Path("data"),
             schema: str = DEFAULT_SCHEMA) -> dict:
    """Write a synthetic corpus of ``articles`` articles to ``out`` (which must not exist), their
    patient tables laid out as the table schema ``source/tables/SCHEMA.yaml`` says."""
    if out.exists():
        raise FileExistsError(f"{out} exists; choose a new folder")
    for needed in (source / "vocabulary", source / "tables" / f"{schema}.yaml"):
        if not needed.exists():
            raise KgError(f"{needed} is missing: --data names the curated data folder to copy from")
    shutil.copytree(source / "vocabulary", out / "vocabulary")
    for optional in ("mappings", "schema"):  # the corpus carries its own mapping table and input schemas
        if (source / optional).is_dir():
            shutil.copytree(source / optional, out / optional)
    (out / "tables").mkdir()
    shutil.copyfile(source / "tables" / f"{schema}.yaml", out / "tables" / f"{schema}.yaml")
    layout = load_schema(out / "tables" / f"{schema}.yaml", f"tables/{schema}.yaml")
    names = KeyNames.of(_vocabulary(out).entities)
    pools = (max(15, articles * 2), max(10, articles))
    patients = sum(_article(out / "articles" / f"synthetic-{i:06d}", i, seed, pools, layout, names)
                   for i in range(1, articles + 1))
    (out / "README.md").write_text(f"SYNTHETIC corpus: {articles} invented articles, {patients} invented patients "
                                   f"(kg synth, seed {seed}). Not real data.\n", encoding="utf-8")
    return {"articles": articles, "patients": patients}


