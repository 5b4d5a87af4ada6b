"""The scale benchmark's report: scale.json (raw), scale.md (targets and tables), scale.png (plot).

Everything is drawn from the results dict, so a saved run can be redrawn:

    .venv/bin/python bench/scale_report.py bench/results/scale.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_targets import baseline_cold, case_label, evaluate, ok  # noqa: E402

__all__ = ["write", "markdown", "describe_case", "describe_process", "console_summary", "ok"]


def gb(value: float | None) -> str:
    return "-" if value is None else f"{value / 1e9:.2f} GB"


def secs(value: float | None) -> str:
    return "-" if value is None else f"{value:,.2f}"


def describe_process(what: str, record: dict) -> str:
    if not ok(record):
        return f"{what}: {record.get('status')} ({record.get('reason', '')})"
    extra = f", {record['triples']:,} triples" if "triples" in record else ""
    said = f"; said: {record['said']}" if record.get("said") else ""
    return (f"{what}: {record['wall_s']:.2f} s wall, {record['cpu_s']:.2f} s CPU, "
            f"peak {gb(record['peak_rss_bytes'])}{extra}{said}")


def describe_case(case: dict) -> str:
    if not ok(case):
        return f"{case_label(case)}: {case.get('status')} ({case.get('reason', '')})"
    cold = case.get("cold")
    cold_text = f", cold CLI {cold['median_s']:.2f} s" if ok(cold) else (f", cold {cold['status']}" if cold else "")
    return (f"{case_label(case)}: {case['rows']} rows, same={case['same_rows']}, helper p50 "
            f"{case['helper_ms']['p50_ms']:.2f} ms, reference {case['reference_ms']['p50_ms']:.2f} ms{cold_text}")


def header(results: dict) -> list[str]:
    m = results["machine"]
    lines = ["# Scale benchmark", "",
             f"Written by `bench/scale_bench.py` (`make bench`); run on {results['date']} with "
             f"`{results['command']}`; {results.get('seconds', 0):,.0f} s in all"
             + ("." if results["finished"] else " so far (**the run did not finish**: these are the rows it "
                                                "measured before it stopped)."), "",
             f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_bytes'] / 2**30:.1f} GiB; load average at start "
             f"{m['load_at_start']} (shared with other jobs); {m['system']}; Python {m['python']}, "
             f"pyoxigraph {m['pyoxigraph']}.", "",
             f"Each measured command is a child process whose wall time, CPU time (user+system) and peak RSS "
             f"(`ru_maxrss`) are its own, from `os.wait4` in the wrapper bench/scale_child.py; it is stopped "
             f"past {results['time_limit_s']:g} s or "
             f"{results['memory_limit_bytes'] / 2**30:.1f} GiB resident. A size projected (from the smaller "
             "sizes, never less than linear) to take past the time limit is skipped and says so"
             + (" (`--force` was given: nothing was skipped on a projection)." if results["force"] else
                "; `--force` attempts it anyway."), "", "Corpora:", ""]
    lines += [f"- N={s['n']:,}: {s['corpus']['description']}" for s in results["sizes"] if s.get("corpus")]
    return lines + [""]


def targets_table(results: dict) -> list[str]:
    lines = ["## Targets (issue 11)", "", "| target | status | measured |", "|---|---|---|"]
    for row in evaluate(results):
        status = {"met": "met", "missed": "**missed**", "not measured": "not measured"}[row["status"]]
        lines.append(f"| {row['target']} | {status} | {'<br>'.join(t.replace('|', '/') for t in row['lines'])} |")
    lines += ["", "A missed row names what the measurements show about its cost (the reference query's own time, "
              "the same step at N = 1, the share of CPU in the wall time). \"not measured\" lists each N that has "
              "no measurement and why; an article-scoped case with no rows (the real DOI above N = 1) is never "
              "counted as met.", ""]
    return lines


def builds_table(results: dict) -> list[str]:
    lines = ["## Full builds (`kg build --no-documents`)", "",
             "| N | status | triples | wall s | CPU s | triples / wall s | triples / CPU s | peak RSS |",
             "|---|---|---|---|---|---|---|---|"]
    for size in results["sizes"]:
        b = size.get("build") or {}
        if ok(b):
            lines.append(f"| {size['n']:,} | ok | {b['triples']:,} | {secs(b['wall_s'])} | {secs(b['cpu_s'])} | "
                         f"{b['triples_per_wall_s']:,} | {b['triples_per_cpu_s']:,} | {gb(b['peak_rss_bytes'])} |")
        else:
            why = b.get("reason") or size.get("reason", "")
            lines.append(f"| {size['n']:,} | {b.get('status') or size.get('status')}: {why} | | | | | | |")
    return lines + [""]


def incremental_table(results: dict) -> list[str]:
    lines = ["## Incremental builds (each a `kg build` on the full build of its N, in this order)", "",
             "| N | case | what | wall s | CPU s | peak RSS | kg build said |", "|---|---|---|---|---|---|---|"]
    for size in results["sizes"]:
        for label, r in size.get("incremental", {}).items():
            said = r.get("said", "") if ok(r) else f"{r['status']}: {r.get('reason', '')}"
            lines.append(f"| {size['n']:,} | {label} one | {r['what']} | {secs(r.get('wall_s'))} | "
                         f"{secs(r.get('cpu_s'))} | {gb(r.get('peak_rss_bytes'))} | {said} |")
    return lines + [""]


def case_row(results: dict, case: dict) -> str:
    params = ", ".join(f"{k}={v}" for k, v in case["params"].items()) or "-"
    if not ok(case):
        return f"| {case['helper']} | {params} | {case['scope']} | {case['status']}: {case.get('reason', '')} |" \
               + " |" * 6
    h, r, cold = case["helper_ms"], case["reference_ms"], case.get("cold")
    cold_text, versus = "-", "-"
    if ok(cold):
        cold_text = secs(cold["median_s"])
        base, how = baseline_cold(results, case)
        versus = f"{cold['median_s'] / base:.2f}x" + ("" if how == "same call" else " (vs the real DOI)") \
            if base and case["rows"] else "-"
    elif cold:
        cold_text = f"{cold['status']}: {cold.get('reason', '')}"
    rows = str(case["rows"]) if case["rows"] else "0 (not in this corpus)"
    return (f"| {case['helper']} | {params} | {case['scope']} | {rows} | {'yes' if case['same_rows'] else '**NO**'} "
            f"| {h['p50_ms']:.2f} / {h['p95_ms']:.2f} ({h['runs']}) | {r['p50_ms']:.2f} / {r['p95_ms']:.2f} "
            f"| {case['ratio']} | {cold_text} | {versus} |")


def cases_tables(results: dict) -> list[str]:
    lines = ["## Helpers against their reference queries (bench/helpers_bench.py CASES)", "",
             "Warm p50 / p95 in ms (timed runs in brackets) of the helper through `kg.dataset.query.run` and of its "
             "hand-written reference on raw pyoxigraph over the same store, each case in a fresh process; the cold "
             "CLI call is `kg query NAME --param ...` in a fresh process, median of 3 wall times, and its ratio to "
             "the same call at N = 1 (for a synthetic DOI, which exists only above N = 1: the same helper's call "
             "with the real DOI at N = 1).", ""]
    for size in results["sizes"]:
        if not size.get("cases"):
            continue
        lines += [f"### N = {size['n']:,}", "",
                  "| helper | parameters | scope | rows | same rows | helper p50 / p95 ms | reference p50 / p95 ms "
                  "| ratio | cold CLI s | cold vs N=1 |", "|---|---|---|---|---|---|---|---|---|---|"]
        lines += [case_row(results, case) for case in size["cases"]] + [""]
    return lines


def page_table(results: dict) -> list[str]:
    lines = ["## Focused network page (`kg viz --focus <first article's patient 1> --depth 2`)", "",
             "| N | wall s | CPU s | peak RSS | page bytes | focus |", "|---|---|---|---|---|---|"]
    for size in results["sizes"]:
        v = size.get("viz")
        if v:
            status = secs(v.get("wall_s")) if ok(v) else f"{v['status']}: {v.get('reason', '')}"
            lines.append(f"| {size['n']:,} | {status} | {secs(v.get('cpu_s'))} | {gb(v.get('peak_rss_bytes'))} | "
                         f"{v.get('page_bytes', '-')} | `{v['focus']}` |")
    return lines + [""]


def markdown(results: dict) -> str:
    return "\n".join(header(results) + targets_table(results) + ["![build time and helper p50s against N, "
                     "log-log](scale.png)", ""] + builds_table(results) + incremental_table(results)
                     + cases_tables(results) + page_table(results))


def helper_series(built: list[dict]) -> dict[tuple[str, str], list[tuple[int, float]]]:
    """Each case's p50 (s) against N, keyed by (scope, name): an article-scoped helper's series
    joins its cases with rows (the real DOI at N = 1, the synthetic DOI above)."""
    series: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for size in built:
        for case in size.get("cases", []):
            if ok(case) and case["rows"]:
                key = (case["scope"], case["helper"] if case["scope"] == "article" else case_label(case))
                series.setdefault(key, []).append((size["n"], case["helper_ms"]["p50_ms"] / 1000))
    return series


def plot(results: dict, path: Path) -> None:
    """Log-log: full-build, add-one and focused-page wall times and each helper case's p50 against N."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullFormatter, ScalarFormatter

    figure, axes = plt.subplots(figsize=(9, 6))
    built = [s for s in results["sizes"] if ok(s.get("build"))]
    steps = {"full build": [(s["n"], s["build"]["wall_s"]) for s in built],
             "add one article": [(s["n"], s["incremental"]["add"]["wall_s"]) for s in built
                                 if ok(s.get("incremental", {}).get("add"))],
             "focused page": [(s["n"], s["viz"]["wall_s"]) for s in built if ok(s.get("viz"))]}
    for (label, points), colour in zip(steps.items(), ("tab:blue", "tab:orange", "tab:red"), strict=True):
        if points:
            axes.plot(*zip(*points, strict=True), marker="o", linewidth=2.5, label=label, color=colour)
    colours = {"article": "tab:green", "corpus": "tab:purple"}
    labelled = set()
    for (scope, _), points in sorted(helper_series(built).items()):
        label = None if scope in labelled else f"{scope}-scoped helper p50 (one line per case)"
        labelled.add(scope)
        axes.plot(*zip(*points, strict=True), marker=".", linewidth=0.8, alpha=0.7, color=colours[scope],
                  label=label)
    axes.axhline(0.010, color="grey", linestyle=":", label="10 ms (article-scoped target)")
    axes.set(xscale="log", yscale="log", xlabel="articles (N)", ylabel="seconds",
             title="Wall time of build steps and warm helper p50 against N")
    axes.xaxis.set_major_formatter(ScalarFormatter())
    axes.xaxis.set_minor_formatter(NullFormatter())
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write(results: dict, out: Path, *, plot_too: bool = False) -> None:
    """scale.json and scale.md (written to temporary names, then renamed); scale.png with ``plot_too``."""
    out.mkdir(parents=True, exist_ok=True)
    results = {**results, "targets": evaluate(results)}
    for name, text in (("scale.json", json.dumps(results, indent=1) + "\n"), ("scale.md", markdown(results))):
        temporary = out / f".{name}.tmp"
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(out / name)
    if plot_too and any(ok(s.get("build")) for s in results["sizes"]):
        plot(results, out / "scale.png")


def console_summary(results: dict) -> str:
    return "\n".join(f"{row['status']:>12}  {row['target']}" for row in evaluate(results))


if __name__ == "__main__":
    source = Path(sys.argv[1])
    write(json.loads(source.read_text(encoding="utf-8")), source.parent, plot_too=True)
