"""The ``kg`` command line: a thin layer over the pipeline modules.

    kg build [--data data] [--ontology ontology] [--out build]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.errors import KgError

__all__ = ["main"]


def _cmd_build(args: argparse.Namespace) -> int:
    from kg.build import build

    result = build(Path(args.data), Path(args.ontology), Path(args.out))
    summary = result.summary
    print(f"Built {summary['triples']} triples ({summary['instance_triples']} instance triples) "
          f"in {len(summary['graphs'])} named graphs; validation passed.")
    for graph, count in summary["graphs"].items():
        print(f"  {count:>7}  {graph}")
    print("Entities:")
    for name, count in summary["entities"].items():
        print(f"  {count:>7}  {name}")
    print("Wrote:")
    for path in result.paths:
        print(f"  {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="Atopic dermatitis literature knowledge graph.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build", help="load data/, validate, write build/")
    p.add_argument("--data", default="data", help="curated data folder (default: data)")
    p.add_argument("--ontology", default="ontology", help="ontology folder (default: ontology)")
    p.add_argument("--out", default="build", help="output folder (default: build)")
    p.set_defaults(func=_cmd_build)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except KgError as exc:
        print(f"kg {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"kg {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
