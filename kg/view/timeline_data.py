"""What the patients' timeline draws, read from the built graph by SPARQL.

Five read-only queries (kg/view/queries/timeline-*.rq, each runnable with ``kg sparql @FILE``) read
every article's own curated graph: its patients, their treatment courses, their course events in
order, their IGA and % BSA observations at each time point, and what the article states did not
happen to them (adverse events and the like). Given article graphs (:func:`article_graphs` finds
those of a page's nodes), the queries read only those, bound in a ``VALUES`` block that the query
plan starts from, so a focused page costs the same at any corpus size. This module only gathers
the answers per article and patient, sorted; where each fact goes on the plot is
:mod:`kg.view.swimmer`'s concern.

>>> import pyoxigraph as ox
>>> from kg.dataset.store import Store
>>> article_timelines(Store(ox.Store()))
[]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.core.errors import KgError
from kg.core.prefixes import PREFIX_IRIS
from kg.dataset.query import sparql
from kg.dataset.store import Store

__all__ = ["ArticleTimeline", "Course", "Event", "PatientTimeline", "Value", "article_graphs", "article_timelines",
           "local_name", "with_rows", "ARTICLE_GRAPHS"]

#: Where the article graphs live: ``ARTICLE_GRAPHS + article id`` (kg.core.namespaces.article_graph).
ARTICLE_GRAPHS = "https://w3id.org/adkg/graph/article/"
_QUERIES = Path(__file__).resolve().parent / "queries"
_ADKG = PREFIX_IRIS["adkg"]
_TOP_WHERE = re.compile(r"(?im)^SELECT\b.*?\bWHERE\s*\{", re.S)


def local_name(iri: str | None) -> str | None:
    """The name after an ADKG ontology IRI's ``#`` (``Flare``); other IRIs whole; ``None`` as is.

    >>> local_name("https://w3id.org/adkg/ontology#Flare"), local_name("http://purl.obolibrary.org/obo/UO_0000022")
    ('Flare', 'http://purl.obolibrary.org/obo/UO_0000022')
    """
    if iri is None:
        return None
    return iri[len(_ADKG):] if iri.startswith(_ADKG) else str(iri)


@dataclass(frozen=True)
class Course:
    """One treatment course: the drug, its role, dose and frequency, and its stated months."""

    iri: str
    drug: str
    role: str | None                    # MaintenanceTherapy, RescueTherapy, ...
    dose: Decimal | None
    unit: str | None                    # the unit's IRI
    frequency: str | None               # the frequency's label: "daily", "every other week"
    loading_dose: Decimal | None
    months_until_flare: Decimal | None  # the course the flare happened on
    duration_months: Decimal | None     # a course that was stopped
    ongoing: bool


@dataclass(frozen=True)
class Event:
    """One step of a patient's course: its kind (``FlareEvent``), time point (``Flare``) and course."""

    step: int
    kind: str
    time_point: str | None
    course: str | None
    min_months: Decimal | None
    max_months: Decimal | None
    outcome: str | None


@dataclass(frozen=True)
class Value:
    """One observation: ``measure`` (``IGA``, ``BSAInvolvement``) at ``time_point`` (``Baseline``)."""

    time_point: str
    measure: str
    value: Decimal


@dataclass(frozen=True)
class PatientTimeline:
    iri: str
    number: int
    age: int | None
    sex: str | None
    courses: tuple[Course, ...]
    events: tuple[Event, ...]
    values: tuple[Value, ...]
    absent: tuple[tuple[str, str, str], ...]   # (finding's local name, its label, the period stated)


@dataclass(frozen=True)
class ArticleTimeline:
    article_id: str      # the article graph's last segment, as in data/articles/ID
    iri: str
    doi: str
    title: str
    citation: str
    patients: tuple[PatientTimeline, ...]


def with_rows(text: str, variable: str, iris: list[str]) -> str:
    """``text`` with ``VALUES ?variable { <iri> ... }`` opening its top-level ``WHERE`` group; each
    IRI written by pyoxigraph (checked, never pasted).

    >>> print(with_rows("SELECT ?g WHERE { GRAPH ?g { } }", "g", ["https://example.org/g"]))
    SELECT ?g WHERE {
      VALUES ?g { <https://example.org/g> }
     GRAPH ?g { } }
    """
    match = _TOP_WHERE.search(text)
    if match is None:
        raise KgError(f"no top-level WHERE group to bind ?{variable} in")
    values = f"VALUES ?{variable} {{ " + " ".join(str(ox.NamedNode(iri)) for iri in iris) + " }"
    return text[:match.end()] + "\n  " + values + "\n" + text[match.end():]


def _rows(store: Store, name: str, graphs: list[str] | None = None, variable: str = "graph") -> list[dict[str, Any]]:
    path = _QUERIES / f"{name}.rq"
    text = path.read_text(encoding="utf-8")
    if graphs is not None:
        text = with_rows(text, variable, graphs)
    return sparql(text, store, source=str(path.name)).records()


def article_graphs(store: Store, nodes: Collection[str]) -> list[str]:
    """The article graphs that hold any of ``nodes`` as their article or one of its patients, sorted."""
    named = sorted({n for n in nodes if n.startswith(("http://", "https://", "urn:"))})
    if not named:
        return []
    return [str(r["graph"]) for r in _rows(store, "timeline-graphs", named, "node")]


def _decimal(value: Any) -> Decimal | None:
    return None if value is None or isinstance(value, str) else Decimal(value)


def _courses(store: Store, graphs: list[str] | None) -> dict[str, list[Course]]:
    found: dict[str, list[Course]] = defaultdict(list)
    seen: set[str] = set()
    for r in _rows(store, "timeline-courses", graphs):
        if r["course"] in seen:  # a second label or frequency: the first, in the query's order
            continue
        seen.add(r["course"])
        found[r["patient"]].append(Course(
            str(r["course"]), r["drug"], local_name(r["role"]), _decimal(r["dose"]),
            None if r["unit"] is None else str(r["unit"]), r["frequency"], _decimal(r["loading_dose"]),
            _decimal(r["months_until_flare"]), _decimal(r["duration_months"]), r["ongoing"] is True))
    return found


def _events(store: Store, graphs: list[str] | None) -> dict[str, list[Event]]:
    found: dict[str, list[Event]] = defaultdict(list)
    for r in _rows(store, "timeline-events", graphs):
        found[r["patient"]].append(Event(
            int(r["step"]), local_name(r["kind"]) or "", local_name(r["time_point"]),
            None if r["course"] is None else str(r["course"]), _decimal(r["min_months"]),
            _decimal(r["max_months"]), r["outcome"]))
    return found


def _values(store: Store, graphs: list[str] | None) -> dict[str, list[Value]]:
    found: dict[str, list[Value]] = defaultdict(list)
    for r in _rows(store, "timeline-observations", graphs):
        value = _decimal(r["value"])
        if value is not None:
            found[r["patient"]].append(Value(local_name(r["time_point"]) or "", local_name(r["measure"]) or "", value))
    return found


def _absent(store: Store, graphs: list[str] | None) -> dict[str, list[tuple[str, str, str]]]:
    found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for r in _rows(store, "timeline-findings", graphs):
        found[r["patient"]].append((local_name(r["finding"]) or "", r["label"], r["period"] or ""))
    return found


def article_timelines(store: Store, graphs: list[str] | None = None) -> list[ArticleTimeline]:
    """Every article with patients (or those of the article ``graphs`` given), sorted by article
    id, its patients by number."""
    if graphs is not None and not graphs:
        return []
    patients = _rows(store, "timeline-patients", graphs)
    if not patients:
        return []
    courses, events = _courses(store, graphs), _events(store, graphs)
    values, absent = _values(store, graphs), _absent(store, graphs)
    articles: dict[str, dict[str, Any]] = {}
    for r in patients:
        article = articles.setdefault(str(r["graph"])[len(ARTICLE_GRAPHS):], {
            "iri": str(r["article"]), "doi": r["doi"], "title": r["title"] or "", "citation": r["citation"] or "",
            "patients": {}})
        if r["patient"] in article["patients"]:
            continue  # a second title, citation or sex label: the first, in the query's order
        p = r["patient"]
        article["patients"][p] = PatientTimeline(
            str(p), int(r["number"]), None if r["age"] is None else int(r["age"]), r["sex"],
            tuple(sorted(courses.get(p, []), key=lambda c: c.iri)),
            tuple(sorted(set(events.get(p, [])), key=lambda e: (e.step, e.kind))),
            tuple(sorted(set(values.get(p, [])), key=lambda v: (v.time_point, v.measure, v.value))),
            tuple(sorted(set(absent.get(p, [])))))
    return [ArticleTimeline(key, a["iri"], a["doi"], a["title"], a["citation"],
                            tuple(sorted(a["patients"].values(), key=lambda p: (p.number, p.iri))))
            for key, a in sorted(articles.items())]
