"""``kg query`` and ``kg sparql``: read the query, run it, print the answer.

Output (the same for both commands, :mod:`kg.dataset.results`):

* ``--format table`` (the default) is for reading: IRIs as CURIEs with the project's prefixes
  (``adkg:Patient``, ``MONDO:0005044``, ``drug:upadacitinib``; an IRI under no known prefix as
  ``<iri>``), decimals and doubles rounded to ``--precision`` places (default 2, trailing zeros
  dropped; integers as they are), ``--full-precision`` for every digit.
* ``--format csv|tsv|json`` is for programs: full IRIs and every digit, whatever ``--precision`` says.
* CONSTRUCT and DESCRIBE print Turtle, one block per subject, with only the prefixes it uses.

A syntax error names the line and column, what was found there and why, and shows the line with a
caret under it (:mod:`kg.dataset.syntax`); a query read from a file is named by its file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.core.errors import KgError
from kg.core.limits import DEFAULT_TIMEOUT

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing on every start
if TYPE_CHECKING:
    from collections.abc import Callable

    from kg.dataset.store import Paths

__all__ = ["OUTPUT_HELP", "add_queries", "query_text"]

_REPOSITORY_ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"

#: What the output options do; the epilog of ``kg query --help`` and ``kg sparql --help``.
OUTPUT_HELP = """\
output:
  table (default)  for reading: IRIs as CURIEs with the project's prefixes (adkg:Patient,
                   MONDO:0005044, drug:upadacitinib; <iri> when no prefix fits); decimals and
                   doubles rounded to --precision places (default 2, trailing zeros dropped:
                   15 prints 15, a mean of 25.8333... prints 25.83); integers as they are
  csv, tsv, json   for programs: full IRIs and every digit of every number (JSON numbers are
                   JSON numbers); --precision does not apply
  CONSTRUCT and DESCRIBE print Turtle whatever the format: one block per subject, predicates
  sorted, only the prefixes used
"""


def _precision(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= value <= 30:
        raise argparse.ArgumentTypeError(f"must be 0 to 30 decimal places, got {value}")
    return value


def _print(result: object, args: argparse.Namespace, paths: Paths) -> None:
    from kg.dataset.results import Names, render

    names = None
    if args.format == "table":  # the build's prefix map, else the repository's (kg.core.identifiers reads the same)
        found = [p for p in (paths.ontology, _REPOSITORY_ONTOLOGY) if (p / "prefixes.epm.json").is_file()]
        names = Names.from_prefix_map((found[0] if found else paths.ontology) / "prefixes.epm.json")
    precision = None if args.full_precision else args.precision
    sys.stdout.write(render(result, args.format, precision=precision, names=names))  # type: ignore[arg-type]


def _cmd_query(args: argparse.Namespace, paths_of: Callable[..., Paths]) -> int:
    from kg.dataset import query

    if args.list or not args.name:
        for named in query.available():
            print(named.describe())
        return 0
    params: dict[str, str] = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise query.QueryError(f"--param takes key=value, got '{item}'")
        if key in params:
            raise query.QueryError(f"--param {key} given twice")
        params[key] = value.strip()
    query.get(args.name)  # unknown names fail before the store is loaded
    if args.endpoint:
        from kg.endpoint.remote import run_remote

        paths = paths_of(args, fresh=False)
        result = run_remote(args.name, args.endpoint, timeout=args.timeout, **params)
    else:
        paths = paths_of(args)
        result = query.run(args.name, None, timeout=args.timeout, paths=paths, **params)
    _print(result, args, paths)
    return 0


def _read_query(source: str) -> str:
    """The text of a query file, or of standard input for ``-``."""
    try:
        if source == "-":
            return sys.stdin.read().lstrip("\ufeff")
        return Path(source).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise KgError(f"cannot read {source}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise KgError(f"cannot read {source}: not UTF-8 text") from None


def _source_name(source: str) -> str:
    return "standard input" if source == "-" else source


def query_text(args: argparse.Namespace) -> tuple[str, str | None]:
    """The query and the file it was read from (None for an argument): ``-f FILE``, ``@FILE``, ``-``
    (stdin) or the argument; for compatibility a bare argument naming a file is read, but only a
    short word (no whitespace, braces or ``?``) is ever looked up as a path."""
    if args.file is not None:
        if args.query is not None:
            raise KgError("give the query either as an argument or with -f FILE, not both")
        return _read_query(args.file), _source_name(args.file)
    if args.query is None:
        raise KgError("no query: give it as an argument, as @FILE, with -f FILE, or '-' for standard input")
    text: str = args.query
    if text == "-" or text.startswith("@"):
        source = text if text == "-" else text[1:]
        return _read_query(source), _source_name(source)
    if len(text) < 1024 and not any(c.isspace() or c in "{}?" for c in text):
        try:
            if text.lower().endswith((".rq", ".sparql")) or Path(text).is_file():
                return _read_query(text), text
        except (OSError, ValueError):  # not a path this system can look up: the query itself
            pass
    return text, None


def _cmd_sparql(args: argparse.Namespace, paths_of: Callable[..., Paths]) -> int:
    from kg.dataset import query

    text, source = query_text(args)
    paths = paths_of(args)
    _print(query.sparql(text, timeout=args.timeout, paths=paths, source=source), args, paths)
    return 0


def _output_options(parser: argparse.ArgumentParser, timeout: Callable[[str], float]) -> None:
    parser.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table",
                        help="table (default; for reading) or csv, tsv, json (for programs: full IRIs, every "
                             "digit); CONSTRUCT/DESCRIBE print Turtle")
    digits = parser.add_mutually_exclusive_group()
    digits.add_argument("--precision", type=_precision, default=2, metavar="N",
                        help="decimal places of decimals and doubles in the table (default 2)")
    digits.add_argument("--full-precision", action="store_true",
                        help="every digit of decimals and doubles in the table")
    parser.add_argument("--timeout", type=timeout, default=DEFAULT_TIMEOUT,
                        help=f"stop a query running longer than this many seconds (default {DEFAULT_TIMEOUT:g})")


def add_queries(sub: argparse._SubParsersAction, paths_of: Callable[..., Paths],
                path_options: Callable[[argparse.ArgumentParser], None], timeout: Callable[[str], float]) -> None:
    """The ``query`` and ``sparql`` subcommands; ``paths_of(args, fresh=...)`` gives the build's paths."""
    q = sub.add_parser("query", help="run a named query helper (kg query --list)", epilog=OUTPUT_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    q.add_argument("name", nargs="?", help="the helper's name")
    q.add_argument("--list", action="store_true", help="list the helpers and their questions")
    q.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="a parameter of the helper (repeatable)")
    q.add_argument("--endpoint", help="run at this SPARQL 1.1 endpoint (e.g. http://127.0.0.1:7878/query) "
                                      "instead of build/")
    _output_options(q, timeout)
    path_options(q)
    q.set_defaults(func=lambda args: _cmd_query(args, paths_of))
    a = sub.add_parser("sparql", help="run an ad-hoc read-only SPARQL query on the built graph", epilog=OUTPUT_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("query", nargs="?", help="the query text; @FILE reads a file, - reads standard input")
    a.add_argument("-f", "--file", help="read the query from this file ('-': standard input)")
    _output_options(a, timeout)
    path_options(a)
    a.set_defaults(func=lambda args: _cmd_sparql(args, paths_of))
