"""The link report of an import: what was read, which identifiers, what linked and what did not.

It is kept beside the import as JSON (``build/imports/NAME.report.json``: sorted keys, no time or
path of this machine, so the same file and graph give the same bytes) and printed by ``kg
import``. Counts are of mentions (an identifier as the source wrote it, at one place):

* ``records``: the distinct subjects the import's graph describes, ``triples``, ``mentions``;
* ``identifiers``: recognised mentions per canonical prefix (``DOI``, ``DRUGBANK``, ``HGNC``,
  ...), and ``unknown_prefixes``: the prefixes seen on the mentions that were not recognised;
* ``linked``: linked mentions, distinct links, and per type of our entity (``adkg:JAKInhibitor``,
  ``biolink:Disease``, ``fabio:JournalArticle``) the entities reached and the links made;
* ``not_linked``: per reason (unknown prefix, malformed, no such entity in the graph, ambiguous)
  the count and the first few examples, each with where it was read.

>>> from kg.link.linker import UNKNOWN_PREFIX, Identified, Outcome, Unidentified
>>> from kg.link.model import Mention
>>> report = Report("x", "kgx-tsv", "nodes.tsv")
>>> report.count(Mention("n1", "FOO:1", "line 2"), Outcome(Unidentified("unknown prefix", "FOO"), (), "unknown prefix"))
>>> report.to_json(records=1, triples=3, links=0)["not_linked"]
{'unknown prefix': {'count': 1, 'examples': [{'identifier': 'FOO:1', 'where': 'line 2'}]}}
>>> print(render(report.to_json(records=1, triples=3, links=0)).splitlines()[2])
  identifiers: none recognised; unknown prefixes: FOO (1)
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from kg.link.linker import UNKNOWN_PREFIX, Identified, Outcome
from kg.link.model import Mention

__all__ = ["Report", "render", "dumps", "EXAMPLES"]

#: How many examples the report keeps per reason.
EXAMPLES = 5


class Report:
    """Counts mentions and their outcomes as an import runs."""

    def __init__(self, name: str, fmt: str, source: str) -> None:
        self.name, self.format, self.source = name, fmt, source
        self.mentions = 0
        self.identifiers: Counter[str] = Counter()
        self.unknown: Counter[str] = Counter()
        self.linked = 0
        self.by_type: dict[str, tuple[set[str], Counter[str]]] = {}
        self.reasons: Counter[str] = Counter()
        self.examples: dict[str, list[dict[str, str]]] = {}

    def count(self, mention: Mention, outcome: Outcome) -> None:
        """Record one mention's outcome."""
        self.mentions += 1
        found = outcome.identified
        if isinstance(found, Identified):
            self.identifiers[found.prefix] += 1
        elif found.reason == UNKNOWN_PREFIX:
            self.unknown[found.prefix or "(none)"] += 1
        if outcome.reason is not None:
            self.reasons[outcome.reason] += 1
            kept = self.examples.setdefault(outcome.reason, [])
            if len(kept) < EXAMPLES:
                kept.append({"identifier": mention.text, "where": mention.where})
            return
        self.linked += 1

    def reached(self, kind: str, ours: str, link: tuple[str, str, str]) -> None:
        """Record a new distinct link to ``ours``, of type ``kind``."""
        entities, links = self.by_type.setdefault(kind, (set(), Counter()))
        entities.add(ours)
        links[link[1]] += 1

    def to_json(self, *, records: int, triples: int, links: int, stamp: dict[str, str] | None = None) -> dict[str, Any]:
        """The report as a JSON object (``stamp``: the digests ``kg build`` compares)."""
        by_type = {kind: {"entities": len(entities), "links": sum(counted.values()),
                          "by_predicate": dict(sorted(counted.items()))}
                   for kind, (entities, counted) in sorted(self.by_type.items())}
        data: dict[str, Any] = {
            "import": self.name, "format": self.format, "source": self.source,
            "records": records, "triples": triples, "mentions": self.mentions,
            "identifiers": dict(sorted(self.identifiers.items())),
            "unknown_prefixes": dict(sorted(self.unknown.items())),
            "linked": {"mentions": self.linked, "links": links, "by_type": by_type},
            "not_linked": {reason: {"count": n, "examples": self.examples[reason]}
                           for reason, n in sorted(self.reasons.items())},
        }
        if stamp is not None:
            data["stamp"] = dict(sorted(stamp.items()))
        return data


def dumps(report: dict[str, Any]) -> str:
    """The report's JSON text (sorted keys, one trailing newline)."""
    return json.dumps(report, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def render(report: dict[str, Any]) -> str:
    """The report as text for a terminal."""
    lines = [f"Import {report['import']} ({report['format']}, {report['source']}): {report['records']} records, "
             f"{report['triples']} triples, {report['mentions']} identifier mentions"]
    linked = report["linked"]
    lines.append(f"  linked {linked['mentions']} mentions by {linked['links']} links")
    known = ", ".join(f"{p} ({n})" for p, n in report["identifiers"].items()) or "none recognised"
    unknown = ", ".join(f"{p} ({n})" for p, n in report["unknown_prefixes"].items())
    lines.append(f"  identifiers: {known}" + (f"; unknown prefixes: {unknown}" if unknown else ""))
    for kind, counts in linked["by_type"].items():
        predicates = ", ".join(f"{_short(p)} {n}" for p, n in counts["by_predicate"].items())
        lines.append(f"  {kind}: {counts['entities']} of ours, {counts['links']} links ({predicates})")
    for reason, entry in report["not_linked"].items():
        shown = "; ".join(f"{e['identifier']} ({e['where']})" for e in entry["examples"])
        lines.append(f"  not linked, {reason}: {entry['count']}, e.g. {shown}")
    return "\n".join(lines) + "\n"


def _short(predicate: str) -> str:
    """
    >>> _short("http://www.w3.org/2004/02/skos/core#exactMatch")
    'exactMatch'
    """
    return predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
