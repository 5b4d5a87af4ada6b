"""The page ``kg serve`` shows at ``/``: Oxigraph's YASGUI editor, opened for this graph.

The editor's script and style (``/yasgui.min.js``, ``/yasgui.min.css``) are the copy bundled in
the oxigraph server binary, passed through by :mod:`kg.endpoint.proxy`; this module only writes
the small page around them, so nothing is fetched from the network:

* a new tab opens on a query that declares every prefix of :data:`kg.core.prefixes.PREFIX_IRIS`;
* YASQE's prefix completion (``PREFIX ad`` + Ctrl-Space, or a prefixed name typed without its
  declaration) offers those prefixes, from the page, where YASGUI asks prefix.cc by default; the
  class and property completions, which ask LOV, are turned off;
* each named helper (kg/dataset/queries/*.rq) is offered as an example, opened in its own tab:
  its text as written (header comments and PREFIX lines included), its required parameters bound
  in a ``VALUES`` block (:data:`EXAMPLE_VALUES`, written by pyoxigraph's serialiser as ``kg query
  --endpoint`` does), its optional ones left unbound (all answers).

Text reaches the page escaped once: HTML-escaped in the markup, and JSON with ``<``, ``>`` and
``&`` escaped in a ``<script type="application/json">`` block, read by the page's script.

>>> page = editor_page().decode()
>>> 'PREFIX adkg:' in page and '<option value="patients-by-drug">' in page
True
>>> from kg.dataset.query import get
>>> [line.strip() for line in example_query(get("patients-by-drug")).splitlines() if "VALUES" in line]
['VALUES (?drug) { ("upadacitinib") }']
"""

from __future__ import annotations

import html
import json
import re

import pyoxigraph as ox

from kg.core.errors import KgError
from kg.core.prefixes import PREFIX_IRIS
from kg.dataset.query import NamedQuery, available, bind
from kg.dataset.values import with_values

__all__ = ["EXAMPLE_VALUES", "START_QUERY", "editor_page", "example_query", "prefix_block"]

_XSD = "http://www.w3.org/2001/XMLSchema#"

#: A value for each required helper parameter, by name, from the article (Shahriari et al. 2023):
#: patients 2, 4, 5 and 6 received upadacitinib; sentence p5.s1 cites references; Table I prints
#: patient 3's % BSA at the flare.
EXAMPLE_VALUES: dict[str, str | int] = {
    "drug": "upadacitinib",
    "patient": 3,
    "statement": "p5.s1",
    "measure": "BSA",
    "time_point": "flare",
}

#: The body of the query a new tab opens on (after the prefixes).
START_QUERY = """\
# The patients: number, age, sex and the article that reports them.
# Run with Ctrl-Enter; pick a helper under "Example queries" for more.
SELECT ?doi ?patient ?age ?sex WHERE {
  ?p a adkg:Patient ; adkg:patientNumber ?patient ; adkg:ageYears ?age ;
     adkg:sex/rdfs:label ?sex ; adkg:reportedIn/prism:doi ?doi .
} ORDER BY ?doi ?patient
"""

_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>ADKG SPARQL editor</title>
<link href="./yasgui.min.css" rel="stylesheet" type="text/css">
<script src="./yasgui.min.js"></script>
<link rel="icon" type="image/svg+xml" href="./logo.svg">
<style>
  body { margin: 0; font-family: system-ui, sans-serif; }
  header { display: flex; flex-wrap: wrap; gap: .4em 1.2em; align-items: center; padding: .5em 1em;
           background: #f3f5f7; border-bottom: 1px solid #d0d7de; }
  header h1 { font-size: 1.1em; margin: 0; }
  header select { max-width: 44em; }
  #question { flex-basis: 100%; margin: 0; color: #444; font-size: .9em; min-height: 1.2em; }
  #yasgui { padding: 0 .5em; }
</style>
</head>
<body>
<header>
  <h1>ADKG SPARQL editor</h1>
  <label>Example queries
    <select id="examples">
      <option value="">choose a helper…</option>
$options
    </select>
  </label>
  <a href="./graph.html">network page</a>
  <span>read-only; endpoint <code>/query</code></span>
  <p id="question"></p>
</header>
<div id="yasgui"></div>
<script type="application/json" id="adkg-editor-config">$config</script>
<script>
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("adkg-editor-config").textContent);
  const base = window.location.href.replace(/[?#].*$/, "").replace(/\\/$/, "");
  // Offline: prefixes from this page instead of prefix.cc; no LOV class or property look-ups.
  Yasqe.defaults.autocompleters = ["variables", "prefixes"];
  Yasqe.Autocompleters.prefixes = Object.assign({}, Yasqe.Autocompleters.prefixes, {
    get: function () { return Promise.resolve(config.prefixes.slice()); },
    persistenceId: null,
  });
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    persistenceId: "adkg-editor",
    copyEndpointOnNewTab: false,
    requestConfig: { endpoint: base + "/query", method: "POST" },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: base + "/query" }]; }, keys: [] },
    yasqe: { value: config.start, collapsePrefixesOnLoad: true },
  });
  const examples = document.getElementById("examples");
  const question = document.getElementById("question");
  examples.addEventListener("change", function () {
    const example = config.examples[examples.value];
    question.textContent = example ? example.question : "";
    if (!example) return;
    yasgui.addTab(true, { name: examples.value, yasqe: { value: example.query } }, { avoidDuplicateTabs: true });
  });
  window.adkgEditor = { yasgui: yasgui, config: config };
  document.body.dataset.ready = "true";
})();
</script>
</body>
</html>
"""


def _script_json(value: object) -> str:
    """JSON safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` can end or alter it.

    >>> _script_json({"q": "</script><b>&"})
    '{"q":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def prefix_block() -> str:
    """One ``PREFIX`` line per project prefix, aligned as in the helpers' files.

    >>> prefix_block().splitlines()[0]
    'PREFIX adkg:     <https://w3id.org/adkg/ontology#>'
    """
    width = max(len(name) for name in PREFIX_IRIS) + 2
    return "".join(f"PREFIX {(name + ':').ljust(width)}<{iri}>\n" for name, iri in PREFIX_IRIS.items())


def _term(literal: ox.Literal) -> str:
    """A bound value as SPARQL: numbers bare (``3``, ``1.5``), text in pyoxigraph's N-Triples form.

    >>> _term(ox.Literal("3", datatype=ox.NamedNode(_XSD + "integer"))), _term(ox.Literal('a "b"'))
    ('3', '"a \\\\"b\\\\""')
    >>> _term(ox.Literal("15", datatype=ox.NamedNode(_XSD + "decimal")))
    '15.0'
    """
    kind = literal.datatype.value
    if kind == _XSD + "integer":
        return literal.value
    if kind == _XSD + "decimal":
        return literal.value if "." in literal.value else literal.value + ".0"
    return str(literal)


def example_query(named: NamedQuery) -> str:
    """The helper's text with each required parameter bound in a ``VALUES`` block (where
    :func:`kg.dataset.values.with_values` puts it), numbers written bare."""
    missing = [p.name for p in named.params if p.required and p.name not in EXAMPLE_VALUES]
    if missing:
        raise KgError(f"no example value for parameter '{missing[0]}' of helper '{named.name}' "
                      "(add one to kg.endpoint.editor.EXAMPLE_VALUES)")
    bound = bind(named, {p.name: EXAMPLE_VALUES[p.name] for p in named.params if p.required})
    if not bound:
        return named.text
    names = " ".join(f"?{name}" for name in bound)
    placed = f"VALUES ({names}) {{ (" + " ".join(str(term) for term in bound.values()) + ") }"
    readable = f"VALUES ({names}) {{ (" + " ".join(_term(term) for term in bound.values()) + ") }"
    text = with_values(named.text, bound)
    if placed not in text:
        raise KgError(f"helper '{named.name}' has no top-level WHERE group to bind its parameters in")
    return text.replace(placed, readable, 1)


def editor_page() -> bytes:
    """The editor page (UTF-8): the same bytes for the same prefixes and helpers."""
    helpers = available()
    options = "\n".join(f'      <option value="{html.escape(q.name)}">{html.escape(q.name)}: '
                        f"{html.escape(q.question)}</option>" for q in helpers)
    config = {
        "prefixes": [f"{name}: <{iri}>" for name, iri in sorted(PREFIX_IRIS.items())],
        "start": prefix_block() + "\n" + START_QUERY,
        "examples": {q.name: {"question": q.question, "query": example_query(q)} for q in helpers},
    }
    fills = {"options": options, "config": _script_json(config)}
    return re.sub(r"\$(options|config)\b", lambda match: fills[match.group(1)], _PAGE).encode("utf-8")
