"""Named SPARQL helpers and ad-hoc queries over the built dataset.

Each helper is a file ``kg/queries/NAME.rq`` whose header states the question it answers and its
parameters::

    # question: Which patients received a given JAK inhibitor, with dose and frequency?
    # param: drug (string, required): the drug's name, e.g. upadacitinib

Every query runs on pyoxigraph, over the embedded store build/store/ (:mod:`kg.dataset.store`)
or any pyoxigraph store handed in. Parameters are bound as RDF terms through pyoxigraph's
``substitutions`` (SEP-0007), never pasted into the query text: a value such as
``x" } ; DROP ALL ; #`` is only a string that matches nothing. Substituted variables must be
projected; :func:`run` drops those columns. A helper whose header has ``# scope: doi`` reads,
when given a DOI, only that article's named graph and the shared graphs (:mod:`kg.dataset.scope`).
Every query, helpers included, first passes
:func:`check` (:mod:`kg.dataset.gate`): updates and ``SERVICE`` are refused, and ``FROM`` only
picks graphs of the store, so nothing is ever fetched.

>>> [q.name for q in available()][:3]
['cardiovascular-risk', 'catalogue-indications', 'citation-list']
>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("https://example.org/d"), ox.NamedNode(PREFIX_IRIS["rdfs"] + "label"),
...                   ox.Literal("dupilumab"), ox.NamedNode("https://example.org/g")))
>>> sparql("SELECT ?d WHERE { ?d rdfs:label 'dupilumab' }", store).rows
[('https://example.org/d',)]
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.core.errors import KgError
from kg.core.frozen import Frozen
from kg.core.limits import DEFAULT_TIMEOUT, MAX_TIMEOUT
from kg.core.prefixes import PREFIX_IRIS
from kg.dataset import gate
from kg.dataset.scope import scope_graphs
from kg.dataset.store import Paths, Store, open_store
from kg.dataset.terms import literal_value, to_python
from kg.dataset.values import canonical, listing, with_values

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing on every start
if TYPE_CHECKING:
    from typing import Any

__all__ = ["NamedQuery", "Param", "QueryError", "QueryTimeout", "Result", "available", "bind", "check", "get",
           "literal_value", "run", "sparql", "to_python", "with_values", "DEFAULT_TIMEOUT"]


_XSD = "http://www.w3.org/2001/XMLSchema#"
_PARAM_LINE = re.compile(r"^#\s*param:\s*(\w+)\s*\((string|integer|decimal|doi),\s*(required|optional)\)"
                         r"\s*:?\s*(.*)$")
_VALUES_LINE = re.compile(r"^#\s*values:\s*(\w+)\s*:\s*(SELECT\b.*)$", re.I)
_PREFIXES = dict(PREFIX_IRIS)


class QueryError(KgError):
    """A query that cannot be run: unknown helper or parameter, syntax error, refused update."""


class QueryTimeout(QueryError):
    """The query ran past its time limit and was stopped."""


class Param(Frozen):
    """One ``# param:`` line of a helper; ``values`` is its ``# values:`` query (a closed set), if any."""

    __slots__ = ("name", "type", "required", "description", "values")
    name: str
    type: str          # string | integer | decimal | doi (a string, normalised by kg.core.namespaces.normalise_doi)
    required: bool
    description: str
    values: str | None  # a SELECT whose rows are the valid values (first column listed, every column accepted)

    def __init__(self, name: str, type: str, required: bool, description: str,  # noqa: A002
                 values: str | None = None) -> None:
        self._set(name=name, type=type, required=required, description=description, values=values)

    def term(self, value: Any) -> ox.Literal:
        """The RDF literal for ``value`` (a Python value or a command-line string)."""
        text = str(value).strip()
        if self.type == "integer":
            if not re.fullmatch(r"[+-]?[0-9]+", text, re.ASCII):
                raise QueryError(f"parameter '{self.name}' must be an integer, got {value!r}")
            return ox.Literal(str(int(text)), datatype=ox.NamedNode(_XSD + "integer"))
        if self.type == "decimal":
            try:
                number = Decimal(text)
            except InvalidOperation:
                raise QueryError(f"parameter '{self.name}' must be a number, got {value!r}") from None
            if not number.is_finite():
                raise QueryError(f"parameter '{self.name}' must be a finite number, got {value!r}")
            return ox.Literal(format(number, "f"), datatype=ox.NamedNode(_XSD + "decimal"))
        if self.type == "doi":
            from kg.core.doi import normalise_doi

            text = normalise_doi(text)
        try:
            return ox.Literal(text)
        except ValueError as exc:
            raise QueryError(f"parameter '{self.name}' is not valid text: {exc}") from None


class NamedQuery(Frozen):
    __slots__ = ("name", "question", "params", "text", "scope")
    name: str
    question: str
    params: tuple[Param, ...]
    text: str
    scope: str | None  # the parameter that, when given, scopes the helper to one article (kg.dataset.scope)

    def __init__(self, name: str, question: str, params: tuple[Param, ...], text: str,
                 scope: str | None = None) -> None:
        self._set(name=name, question=question, params=params, text=text, scope=scope)

    def describe(self) -> str:
        lines = [f"{self.name}: {self.question}"]
        for p in self.params:
            lines.append(f"    --param {p.name}=... ({p.type}, {'required' if p.required else 'optional'})"
                         f" {p.description}")
        if self.scope:
            lines.append(f"    (given --param {self.scope}: only that article's graph and the shared graphs are read)")
        return "\n".join(lines)


class Result:
    """What a query returned: rows of Python values (SELECT), a boolean (ASK) or Turtle
    (CONSTRUCT, DESCRIBE)."""

    __slots__ = ("kind", "columns", "rows", "boolean", "turtle")

    def __init__(self, kind: str, columns: list[str] | None = None, rows: list[tuple] | None = None,
                 boolean: bool | None = None, turtle: str | None = None) -> None:
        self.kind = kind                           # select | ask | graph
        self.columns: list[str] = [] if columns is None else columns
        self.rows: list[tuple] = [] if rows is None else rows
        self.boolean = boolean
        self.turtle = turtle

    def _fields(self) -> tuple:
        return (self.kind, self.columns, self.rows, self.boolean, self.turtle)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Result) and self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it replaces

    def __repr__(self) -> str:
        return (f"Result(kind={self.kind!r}, columns={self.columns!r}, rows={self.rows!r}, "
                f"boolean={self.boolean!r}, turtle={self.turtle!r})")

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def _parse(name: str, text: str) -> NamedQuery:
    question, params, scope = "", [], None
    values: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        if line.lower().startswith("# question:"):
            question = line.split(":", 1)[1].strip()
        if line.lower().startswith("# scope:"):
            scope = (line.split(":", 1)[1].split() or [""])[0]
        match = _PARAM_LINE.match(line)
        if match:
            params.append(Param(match.group(1), match.group(2), match.group(3) == "required",
                                match.group(4).strip()))
        closed = _VALUES_LINE.match(line)
        if closed:
            values[closed.group(1)] = closed.group(2).strip()
    unknown = sorted(set(values) - {p.name for p in params})
    if unknown:
        raise QueryError(f"{name}.rq: '# values: {unknown[0]}' names no parameter of the helper")
    params = [Param(p.name, p.type, p.required, p.description, values.get(p.name)) for p in params]
    if scope is not None and scope not in {p.name for p in params}:
        raise QueryError(f"{name}.rq: '# scope: {scope}' names no parameter of the helper")
    return NamedQuery(name, question, tuple(params), text, scope)


@cache
def _catalogue() -> dict[str, NamedQuery]:
    # The helpers ship inside the package as a plain folder (importlib.resources would add its
    # imports to every start for the same answer).
    queries = {}
    for entry in (Path(__file__).resolve().parent / "queries").iterdir():
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            queries[name] = _parse(name, entry.read_text(encoding="utf-8"))
    return dict(sorted(queries.items()))


def available() -> list[NamedQuery]:
    """Every named helper, by name."""
    return list(_catalogue().values())


def get(name: str) -> NamedQuery:
    try:
        return _catalogue()[name]
    except KeyError:
        raise QueryError(f"unknown query '{name}'; known queries: {', '.join(_catalogue())}") from None


# --- execution -----------------------------------------------------------------------------

def _syntax_error(exc: SyntaxError, text: str, source: str | None) -> QueryError:
    """A refusal if ``text`` is an update, else the syntax error located (:mod:`kg.dataset.syntax`)."""
    from kg.dataset import syntax

    if syntax.is_update(text):
        return QueryError(gate.update_refusal(None))
    return QueryError(syntax.syntax_error(text, str(exc), source))


def _evaluate(store: Store | ox.Store, text: str, substitutions: dict[str, Any], drop: set[str],
              scope: str | None = None, origin: tuple[str | None, str] | None = None) -> Result:
    # A kg Store holds the union as a set in its default graph (kg.publish.storage.load_files);
    # any other pyoxigraph store is asked for its own union default graph. A helper scoped to one
    # article reads that article's graph and the shared graphs as its default graph.
    native = store.ox if isinstance(store, Store) else store
    known = store.layout() if isinstance(store, Store) else None
    graphs = scope_graphs(native, substitutions[scope], graphs=known) if scope in substitutions else None
    try:
        answer = native.query(text, use_default_graph_as_union=graphs is None and not isinstance(store, Store),
                              default_graph=graphs,
                              substitutions={ox.Variable(k): v for k, v in substitutions.items()} or None,
                              prefixes=_PREFIXES)
    except SyntaxError as exc:  # located in the text as written (a helper's file, before its VALUES block)
        raise _syntax_error(exc, origin[1] if origin else text, origin[0] if origin else None) from None
    except (RuntimeError, OSError, ValueError) as exc:
        raise QueryError(f"query failed: {exc}") from None
    if isinstance(answer, ox.QueryBoolean):
        return Result("ask", boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        from kg.dataset.turtle import turtle  # noqa: PLC0415 - only graph answers need it

        return Result("graph", turtle=turtle(answer, _PREFIXES))
    variables = [v.value for v in answer.variables]
    keep = [i for i, v in enumerate(variables) if v not in drop]
    rows = []
    for solution in answer:
        values = [to_python(solution[i]) for i in range(len(variables))]
        rows.append(tuple(values[i] for i in keep))
    return Result("select", columns=[variables[i] for i in keep], rows=rows)


def _outcome(store: Store | ox.Store, text: str, substitutions: dict, drop: set[str],
             scope: str | None, origin: tuple[str | None, str] | None) -> tuple[str, Any]:
    """``("ok", result)`` or ``("error", message)``: what the forked child sends back."""
    try:
        return "ok", _evaluate(store, text, substitutions, drop, scope, origin)
    except QueryError as exc:
        return "error", str(exc)
    except BaseException as exc:  # noqa: BLE001 - report anything to the parent
        return "error", f"query failed: {exc}"


def _execute(store: Store | ox.Store, text: str, substitutions: dict, drop: set[str],
             timeout: float | None, scope: str | None = None, origin: tuple[str | None, str] | None = None) -> Result:
    """Evaluate, in a forked child when there is a ``timeout``; ``origin`` is (the file's name, the
    text as written) for syntax errors."""
    if timeout is None:
        return _evaluate(store, text, substitutions, drop, scope, origin)
    if not (0 < timeout <= MAX_TIMEOUT):
        raise QueryError(f"the timeout must be more than 0 and at most {MAX_TIMEOUT:g} seconds, got {timeout}")
    # Evaluation runs in native code that Python signals cannot interrupt, so it runs in a forked
    # child (which shares the opened store copy-on-write) that is killed if it overruns.
    from kg.dataset.timelimit import NoAnswer, TimedOut, run_in_fork

    try:
        status, payload = run_in_fork(lambda: _outcome(store, text, substitutions, drop, scope, origin), timeout)
    except TimedOut:
        raise QueryTimeout(f"query stopped after {timeout:g} s (the time limit; raise it with --timeout)") from None
    except NoAnswer as exc:
        raise QueryError(f"query failed: the query process {exc}") from None
    if status == "error":
        raise QueryError(payload)
    return payload


@cache
def _default_store(paths: Paths) -> Store:
    return open_store(paths)


def bind(query: NamedQuery, params: dict[str, Any]) -> dict[str, ox.Literal]:
    """The given parameters as RDF literals, by name; unknown or missing required ones are errors."""
    known = {p.name for p in query.params}
    unknown = sorted(set(params) - known)
    if unknown:
        raise QueryError(f"unknown parameter(s) {', '.join(unknown)} for '{query.name}'; "
                         f"valid: {', '.join(sorted(known)) or 'none'}")
    bound = {}
    for param in query.params:
        value = params.get(param.name)
        if value is None or value == "":
            if param.required:
                raise QueryError(f"'{query.name}' needs --param {param.name}=... ({param.description})")
            continue
        bound[param.name] = param.term(value)
    return bound


def _closed(query: NamedQuery, bound: dict[str, ox.Literal], store: Store | ox.Store) -> dict[str, ox.Literal]:
    """``bound`` with each value of a closed-set parameter (``# values:``) in its canonical
    spelling; a value outside the set is an error listing the valid values, read from the graph."""
    checked = dict(bound)
    for param in query.params:
        if param.values is None or param.name not in bound:
            continue
        rows = _evaluate(store, check(param.values), {}, set()).rows
        value = canonical(bound[param.name].value, rows)
        if value is None:
            raise QueryError(f"unknown {param.name} {bound[param.name].value!r} for '{query.name}'; "
                             f"valid: {listing(rows) or 'none in this graph'}")
        checked[param.name] = ox.Literal(value)
    return checked


def run(name: str, store: Store | ox.Store | None = None, *, timeout: float | None = None,
        paths: Paths = Paths(), **params: Any) -> Result:
    """Run the named helper with ``params`` bound as RDF literals.

    ``store`` defaults to the built dataset's store under ``paths`` (read as it is: deciding to
    rebuild a stale build is the caller's).
    """
    query = get(name)
    substitutions = bind(query, params)
    store = store if store is not None else _default_store(paths)
    substitutions = _closed(query, substitutions, store)
    text = with_values(check(query.text), substitutions)  # our own files, through the same gate as any query
    return _execute(store, text, substitutions, {p.name for p in query.params}, timeout, query.scope,
                    (f"{query.name}.rq", query.text))


def check(text: str, source: str | None = None) -> str:
    """``text`` without a byte-order mark, if it may run here (:mod:`kg.dataset.gate`): a
    QueryError for an update or a ``SERVICE`` call. ``FROM`` and ``FROM NAMED`` only pick graphs
    of the store; nothing is ever fetched.

    >>> check("SELECT ?g FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { } }")[:9]
    'SELECT ?g'
    >>> check("SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    kg.dataset.query.QueryError: refused: SERVICE <http://127.0.0.1:9/sparql> would query another endpoint; ...
    """
    text = text.lstrip("\ufeff")
    message = gate.refusal(text, source)
    if message:
        raise QueryError(message)
    return text


def sparql(text: str, store: Store | ox.Store | None = None, *, timeout: float | None = None,
           paths: Paths = Paths(), source: str | None = None) -> Result:
    """Run an ad-hoc read-only query (SELECT, ASK, CONSTRUCT or DESCRIBE); updates and SERVICE
    are refused (:func:`check`). ``source`` names the file the query was read from, in errors."""
    text = check(text, source)
    store = store if store is not None else _default_store(paths)
    return _execute(store, text, {}, set(), timeout, None, (source, text))
