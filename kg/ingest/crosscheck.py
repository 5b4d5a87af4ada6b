"""Checks across curated files: what no single file's schema can see.

* no two articles share a DOI (both article files are named);
* no article is published later than the current year;
* no cited work (references.yaml) is published later than the article that cites it;
* a reference's ``printed_doi`` is explained by a curation note giving the printed and held DOIs.

>>> from kg.core.errors import Origin
>>> from kg.ingest.yamlio import Record
>>> def record(name, **values):
...     r = Record(values); r.origin = Origin(f"{name}/article.yaml", f"article '{name}'", 1); r.lines = {}
...     return r
>>> a, b = record("a", doi="10.1/X", year=2023), record("b", doi="10.1/x", year=2099)
>>> for problem in check_articles([("a", a, []), ("b", b, [])], this_year=2026):
...     print(problem)
b/article.yaml:1: article 'b', field 'doi': DOI 10.1/x is also the DOI of article 'a' (a/article.yaml:1); ...
b/article.yaml:1: article 'b', field 'year': publication year 2099 is later than the current year (2026)
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.core.errors import CurationError
from kg.core.namespaces import normalise_doi
from kg.ingest.yamlio import Record

__all__ = ["check_articles"]


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def check_articles(articles: Iterable[tuple[str, Record, list[Record]]], *, this_year: int) -> list[CurationError]:
    """Problems across files, for each (article id, article.yaml record, references) in corpus order."""
    problems: list[CurationError] = []
    first_with: dict[str, tuple[str, Record]] = {}
    for article_id, record, references in articles:
        doi = record.get("doi")
        if isinstance(doi, str) and doi:
            key = normalise_doi(doi)
            if key in first_with:
                other_id, other = first_with[key]
                where = other.origin_of("doi")
                problems.append(CurationError.at(
                    record.origin_of("doi"), f"DOI {doi} is also the DOI of article '{other_id}' "
                    f"({where.file}:{where.line}); each article needs its own DOI", "doi"))
            else:
                first_with[key] = (article_id, record)
        year = _int(record.get("year"))
        if year is not None and year > this_year:
            problems.append(CurationError.at(record.origin_of("year"), f"publication year {year} is later than "
                                             f"the current year ({this_year})", "year"))
        problems += _check_references(record, references, year)
    return problems


def _check_references(article: Record, references: list[Record], year: int | None) -> list[CurationError]:
    problems: list[CurationError] = []
    notes = [n for n in article.get("curation_notes") or [] if isinstance(n, dict)]
    for ref in references:
        cited_year = _int(ref.get("year"))
        if year is not None and cited_year is not None and cited_year > year:
            problems.append(CurationError.at(
                ref.origin_of("year"), f"the cited work's year {cited_year} is later than the citing article's "
                f"year {year} ({article.origin.file})", "year"))
        printed = ref.get("printed_doi")
        if isinstance(printed, str) and isinstance(ref.get("number"), int):
            location = f"reference-{ref['number']}"
            if printed == ref.get("doi"):
                problems.append(CurationError.at(ref.origin_of("printed_doi"), "printed_doi is the same as doi; "
                                                 "give it only where the source printed another DOI", "printed_doi"))
            elif not any(n.get("location") == location and n.get("field") == "doi" and n.get("printed") == printed
                         and n.get("curated") == ref.get("doi") for n in notes):
                problems.append(CurationError.at(
                    ref.origin_of("printed_doi"), f"the printed DOI differs from the DOI held but no curation note "
                    f"explains it: {article.origin.file} needs a curation note with location: {location}, "
                    f"field: doi, printed: {printed}, curated: {ref.get('doi')}", "printed_doi"))
    return problems
