"""The targets of issue 11, each marked met, missed or not measured from a scale benchmark's
results (the dict bench/scale_bench.py saves as scale.json), with what bounds a missed one
where the measurements show it.

A target "at every N" is judged at every size of the full run (1, 100, 1,000, 10,000) and every
size of this run; one "at 10,000" only there. A helper case with no rows (the real article's DOI
exists only at N = 1) is never counted as met: it is listed as having no rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable

__all__ = ["evaluate", "ok", "baseline_cold", "TARGET_N", "FULL_SIZES"]

TARGET_N = 10_000
FULL_SIZES = (1, 100, 1000, 10_000)
ARTICLE_MS, COLD_RATIO, CORPUS_RATIO, CORPUS_S = 10.0, 1.3, 1.5, 1.0
ADD_S, TRIPLES_PER_S, RSS_BYTES, PAGE_S, LINEAR = 5.0, 100_000, 2 * 10**9, 1.0, 1.2

# A judgement at one size: (True met / False missed / None not measured, what was measured).
Verdict = tuple[bool | None, str]


def ok(record: dict | None) -> bool:
    return bool(record) and record.get("status") == "ok"


def params_text(params: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in params.items()) or "no parameters"


def case_label(case: dict) -> str:
    return f"{case['helper']} ({params_text(case['params'])})"


def short_label(case: dict) -> str:
    """An article-scoped case by its helper and which DOI it asks for; others as case_label."""
    doi = case["params"].get("doi")
    if case["scope"] != "article" or not doi:
        return case_label(case)
    return f"{case['helper']} ({'synthetic' if 'synthetic' in doi else 'real'} DOI)"


def size_reason(results: dict, n: int) -> str | None:
    """Why nothing was measured at ``n``, or None if its build was."""
    size = next((s for s in results["sizes"] if s["n"] == n), None)
    if size is None:
        return "not in this run"
    if not ok(size.get("build")):
        return size.get("reason") or (size.get("build") or {}).get("reason") or "not measured"
    return None


def combine(target: str, results: dict, judge: Callable[[dict], Verdict], sizes: tuple[int, ...]) -> dict:
    """The target judged at each of ``sizes``: missed if missed anywhere, else not measured if
    not measured somewhere, else met; one line per size, in order of N."""
    lines, verdicts = [], []
    for n in sizes:
        size = next((s for s in results["sizes"] if s["n"] == n), None)
        reason = size_reason(results, n)
        verdict, text = (None, reason) if reason else judge(size)
        verdicts.append(verdict)
        mark = {True: "met", False: "**missed**", None: "not measured"}[verdict]
        lines.append(f"N={n:,} {mark}: {text}")
    status = "missed" if False in verdicts else "not measured" if None in verdicts else "met"
    return {"target": target, "status": status, "lines": lines}


def article_cases(size: dict) -> list[dict]:
    return [c for c in size.get("cases", []) if c["scope"] == "article"]


def _unmeasured_cases(cases: list[dict]) -> list[str]:
    out = []
    for case in cases:
        if not ok(case):
            out.append(f"{short_label(case)} {case.get('status')}: {case.get('reason', '')}")
        elif not case["rows"]:
            out.append(f"{short_label(case)} has no rows (not counted)")
    return out


def judge_article_p50(size: dict) -> Verdict:
    cases = [c for c in article_cases(size) if ok(c) and c["rows"]]
    slow = [c for c in cases if c["helper_ms"]["p50_ms"] > ARTICLE_MS]
    stopped = [c for c in article_cases(size) if c.get("status") == "stopped"]
    notes = "; ".join(_unmeasured_cases(article_cases(size)))
    if slow or stopped:
        parts = [f"{short_label(c)} {c['helper_ms']['p50_ms']:.1f} ms (reference {c['reference_ms']['p50_ms']:.1f} ms)"
                 for c in slow] + [f"{short_label(c)} stopped: {c['reason']}" for c in stopped]
        return False, "; ".join(parts)
    if not cases:
        return None, f"no article-scoped case with rows ({notes})"
    worst = max(cases, key=lambda c: c["helper_ms"]["p50_ms"])
    return True, f"worst p50 {worst['helper_ms']['p50_ms']:.2f} ms, {short_label(worst)}" + (
        f" [{notes}]" if notes else "")


def baseline_cold(results: dict, case: dict) -> tuple[float | None, str]:
    """The cold call at N = 1 to compare ``case`` with: the same call if it had rows there, else
    the same helper's article-scoped call that had rows (the real article's DOI)."""
    first = next((s for s in results["sizes"] if s["n"] == 1), None)
    if first is None:
        return None, "no N = 1 in this run"
    candidates = [c for c in article_cases(first) if c["helper"] == case["helper"] and ok(c) and c["rows"]
                  and ok(c.get("cold"))]
    same = [c for c in candidates if c["params"] == case["params"]]
    chosen = (same or candidates or [None])[0]
    if chosen is None:
        return None, "no cold call with rows at N = 1"
    return chosen["cold"]["median_s"], "same call" if same else f"{short_label(chosen)} at N=1"


def judge_cold(results: dict) -> Callable[[dict], Verdict]:
    def judge(size: dict) -> Verdict:
        if size["n"] == 1:
            return True, "the baseline itself"
        parts, missed = [], False
        for case in article_cases(size):
            if not (ok(case) and case["rows"] and ok(case.get("cold"))):
                continue
            base, how = baseline_cold(results, case)
            if base is None:
                continue
            ratio = case["cold"]["median_s"] / base
            missed |= ratio > COLD_RATIO
            warm = case["helper_ms"]["p50_ms"]
            parts.append(f"{short_label(case)} {case['cold']['median_s']:.2f} s vs {base:.2f} s ({how}): {ratio:.2f}x"
                         + (f", of which the warm query is {warm:.1f} ms" if ratio > COLD_RATIO else ""))
        if not parts:
            return None, "no cold call with rows to compare"
        return (not missed), "; ".join(parts)
    return judge


def judge_corpus_ratio(size: dict) -> Verdict:
    cases = [c for c in size.get("cases", []) if c["scope"] == "corpus"]
    measured = [c for c in cases if ok(c) and c.get("ratio") is not None]
    over = [c for c in measured if c["ratio"] > CORPUS_RATIO]
    other = [f"{case_label(c)} {c.get('status')}: {c.get('reason', '')}" for c in cases if not ok(c)]
    if over:
        return False, "; ".join(f"{case_label(c)} {c['ratio']:.2f}x ({c['helper_ms']['p50_ms']:.1f} vs "
                                f"{c['reference_ms']['p50_ms']:.1f} ms)" for c in over)
    if not measured:
        return None, "; ".join(other) or "no corpus-wide case measured"
    worst = max(measured, key=lambda c: c["ratio"])
    return True, f"worst {worst['ratio']:.2f}x, {case_label(worst)}" + (f" [{'; '.join(other)}]" if other else "")


def judge_corpus_seconds(size: dict) -> Verdict:
    cases = [c for c in size.get("cases", []) if c["scope"] == "corpus"]
    measured = [c for c in cases if ok(c)]
    slow = [c for c in measured if c["helper_ms"]["p50_ms"] > CORPUS_S * 1000]
    stopped = [c for c in cases if c.get("status") == "stopped"]
    if slow or stopped:
        return False, "; ".join([f"{case_label(c)} {c['helper_ms']['p50_ms'] / 1000:.2f} s (reference "
                                 f"{c['reference_ms']['p50_ms'] / 1000:.2f} s)" for c in slow]
                                + [f"{case_label(c)} stopped: {c['reason']}" for c in stopped])
    if not measured:
        return None, "no corpus-wide case measured"
    worst = max(measured, key=lambda c: c["helper_ms"]["p50_ms"])
    return True, f"slowest {worst['helper_ms']['p50_ms'] / 1000:.3f} s, {case_label(worst)}"


def fixed_cost(n: int, seconds: float, target: float) -> str:
    """The same step at the smallest size, and whether that alone passes the target."""
    if seconds > target:
        return f"; the same step took {seconds:.2f} s at N={n:,} already: a cost of the command, not of N"
    return f"; the same step took {seconds:.2f} s at N={n:,}: the rest grows with N"


def judge_add(results: dict) -> Callable[[dict], Verdict]:
    def judge(size: dict) -> Verdict:
        add = size.get("incremental", {}).get("add")
        if not add:
            return None, "not run"
        if not ok(add):
            return (False if add["status"] == "stopped" else None), f"{add['status']}: {add.get('reason', '')}"
        text = f"{add['wall_s']:.2f} s wall, {add['cpu_s']:.2f} s CPU; kg build said: {add['said']}"
        smallest = next((s for s in results["sizes"] if ok(s.get("incremental", {}).get("add"))), None)
        if add["wall_s"] > ADD_S and smallest is not None and smallest["n"] != size["n"]:
            text += fixed_cost(smallest["n"], smallest["incremental"]["add"]["wall_s"], ADD_S)
        return add["wall_s"] <= ADD_S, text
    return judge


def judge_throughput(size: dict) -> Verdict:
    build = size["build"]
    rate, share = build["triples_per_wall_s"], build["cpu_s"] / max(build["wall_s"], 1e-9)
    return rate >= TRIPLES_PER_S, (f"{rate:,} triples/s wall ({build['triples']:,} triples in {build['wall_s']:.1f} s; "
                                   f"{build['triples_per_cpu_s']:,}/CPU s; CPU {share:.0%} of wall)")


def judge_rss(size: dict) -> Verdict:
    processes = {"full build": size["build"], **{f"{k} one": v for k, v in size.get("incremental", {}).items()}}
    peaks = {k: v["peak_rss_bytes"] for k, v in processes.items() if v.get("peak_rss_bytes")}
    name = max(peaks, key=peaks.__getitem__)
    return peaks[name] <= RSS_BYTES, f"largest {peaks[name] / 1e9:.2f} GB ({name})"


def judge_page(results: dict) -> Callable[[dict], Verdict]:
    def judge(size: dict) -> Verdict:
        viz = size.get("viz")
        if not viz:
            return None, "not run"
        if not ok(viz):
            return (False if viz["status"] == "stopped" else None), f"{viz['status']}: {viz.get('reason', '')}"
        text = f"{viz['wall_s']:.2f} s wall, {viz['cpu_s']:.2f} s CPU"
        first = next((s for s in results["sizes"] if s["n"] == 1 and ok(s.get("viz"))), None)
        if viz["wall_s"] > PAGE_S and first is not None:
            text += fixed_cost(1, first["viz"]["wall_s"], PAGE_S)
        return viz["wall_s"] <= PAGE_S, text
    return judge


def judge_same_rows(size: dict) -> Verdict:
    measured = [c for c in size.get("cases", []) if ok(c)]
    differing = [c for c in measured if not c["same_rows"]]
    if not measured:
        return None, "no case measured"
    if differing:
        return False, "; ".join(f"{case_label(c)}: {c['rows']} rows vs {c['reference_rows']}" for c in differing)
    return True, f"{len(measured)} cases, same rows"


def growth(results: dict) -> dict:
    """The least-squares exponent of full-build wall time against N over the sizes N > 1."""
    points = [(s["n"], s["build"]["wall_s"]) for s in results["sizes"] if s["n"] > 1 and ok(s.get("build"))]
    target = f"full build cost linear in N (fitted exponent <= {LINEAR})"
    if len(points) < 2:
        return {"target": target, "status": "not measured", "lines": ["fewer than two sizes N > 1 built"]}
    xs, ys = [math.log(n) for n, _ in points], [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    lines = [f"exponent {slope:.2f} of wall time over N = {', '.join(f'{n:,}' for n, _ in points)}"]
    unmeasured = [f"N={n:,} not measured: {size_reason(results, n)}" for n in FULL_SIZES
                  if n > 1 and size_reason(results, n)]
    status = "missed" if slope > LINEAR else "not measured" if unmeasured else "met"
    return {"target": target, "status": status, "lines": lines + unmeasured}


def evaluate(results: dict) -> list[dict]:
    """Every target of issue 11 with its status and the measurements behind it."""
    every = tuple(sorted(set(FULL_SIZES) | {s["n"] for s in results["sizes"]}))
    top = (TARGET_N,)
    return [
        combine(f"article-scoped helpers p50 <= {ARTICLE_MS:g} ms at every N", results, judge_article_p50, every),
        combine(f"article-scoped cold CLI call <= {COLD_RATIO}x the same call at N = 1", results,
                judge_cold(results), every),
        combine(f"corpus-wide helpers <= {CORPUS_RATIO}x their reference at every N", results, judge_corpus_ratio,
                every),
        combine(f"corpus-wide helpers <= {CORPUS_S:g} s at N = 10,000", results, judge_corpus_seconds, top),
        combine(f"add one article to the 10,000-article build <= {ADD_S:g} s", results, judge_add(results), top),
        combine(f"full build >= {TRIPLES_PER_S:,} triples/s at N = 10,000", results, judge_throughput, top),
        combine("peak RSS <= 2 GB at every N (full and incremental builds)", results, judge_rss, every),
        growth(results),
        combine("every helper case returns the same rows as its reference", results, judge_same_rows, every),
        combine(f"focused network page <= {PAGE_S:g} s at N = 10,000", results, judge_page(results), top),
    ]
