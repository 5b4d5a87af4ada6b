"""The patients' timeline: one swimmer plot per article, written by `kg viz` (so `make run`) beside
the network page, drawn from the graph, deterministic, escaped once, and readable in Chromium.

Expected values are typed from the article (../shared/seed/000_89104d11b1d1f565.txt, Table I and
text), never read from data/. Set ADKG_SCREENSHOTS=1 to also refresh docs/img/timeline.png (the
README's picture) from the browser test; without it nothing is written into the checkout.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from kg.link.adapters.safexml import Element, parse_bytes
from kg.view.swimmer import render_svg
from kg.view.timeline import timeline_links, timeline_name, timelines_for, write_timelines
from kg.view.timeline_data import ArticleTimeline, Course, Event, PatientTimeline, Value

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SVG = "timeline-shahriari-2023-jaki-rescue.svg"
NS = "{http://www.w3.org/2000/svg}"
PATIENT_IRI = "https://w3id.org/adkg/id/article/shahriari-2023-jaki-rescue/patient/"
ARTICLE_IRI = "https://w3id.org/adkg/id/doi/10.1016/j.jdcr.2023.01.020"

# Table I, per patient: age, sex; (IGA, % BSA) at baseline; IGA pre-flare; (IGA, % BSA) at the flare
# and 4 weeks after the JAK inhibitor start; months on dupilumab until the flare ("1.5 y" = 18);
# the JAK inhibitor, its dose in mg and frequency; months on it until discontinuation.
TABLE_I = {
    1: (62, "male", (4, 30), 1, (3, 10), (1, 2), 6, "tofacitinib", 5, "daily", 6),
    2: (19, "male", (3, 10), 0, (2, 3), (0, 0), 8, "upadacitinib", 15, "daily", 4),
    3: (22, "male", (4, 40), 1, (4, 15), (1, 4), 6, "tofacitinib", 5, "twice daily", 3),
    4: (48, "female", (3, 20), 1, (3, 6), (1, 1), 7, "upadacitinib", 15, "daily", 2),
    5: (83, "female", (4, 40), 1, (4, 20), (1, 1), 18, "upadacitinib", 15, "daily", 2),
    6: (56, "female", (3, 15), 0, (3, 10), (0, 0), 6, "upadacitinib", 15, "daily", 6),
}
#: The text: "durable disease control after 3 to 4 months on continued dupilumab monotherapy".
FOLLOW_UP = (3, 4)
FOUR_WEEKS = 28 / (365.25 / 12)


def _kg_viz(build_dir: Path, output: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", "viz", "--build", str(build_dir), "-o", str(output)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def viz_run(build_dir, tmp_path_factory) -> Path:
    """`kg viz` (the second step of `make run`) over the session build, its page in a fresh folder."""
    out = tmp_path_factory.mktemp("viz") / "graph.html"
    result = _kg_viz(build_dir, out)
    assert result.returncode == 0, result.stderr
    assert f"Wrote {out.parent / SVG} (the patients' timeline)" in result.stdout
    return out


@pytest.fixture(scope="module")
def svg(viz_run) -> Element:
    return parse_bytes((viz_run.parent / SVG).read_bytes(), SVG)


def _walk(element: Element):
    yield element
    for child in element.children:
        yield from _walk(child)


def _texts(element: Element) -> list[str]:
    return [e.text for e in _walk(element) if e.local == "text"]


def _rows(svg: Element) -> dict[int, Element]:
    return {int(g.attrs["data-patient"]): g for g in _walk(svg) if g.attrs.get("class") == "patient"}


def _axis(svg: Element) -> dict[str, float]:
    """Each month label of the axis -> its x."""
    axis = next(g for g in _walk(svg) if g.attrs.get("class") == "axis")
    return {t.text: float(t.attrs["x"]) for t in axis.children if t.local == "text" and t.text.isdigit()}


def _x(svg: Element, month: float) -> float:
    ticks = _axis(svg)
    last = max(ticks, key=int)
    return ticks["0"] + month * (ticks[last] - ticks["0"]) / int(last)


def test_make_run_writes_one_timeline_per_article_beside_the_page(viz_run, svg):
    assert sorted(p.name for p in viz_run.parent.iterdir()) == ["graph.html", SVG]
    assert svg.tag == NS + "svg" and svg.attrs["viewBox"].startswith("0 0 ")
    assert sorted(_rows(svg)) == [1, 2, 3, 4, 5, 6]
    assert [g.attrs["id"] for g in _rows(svg).values()] == [f"patient-{n}" for n in range(1, 7)]


def test_each_row_has_the_patient_the_drugs_and_the_doses_of_table_i(svg):
    for number, row in _rows(svg).items():
        age, sex, *_, months_to_flare, drug, dose, frequency, jak_months = TABLE_I[number]
        texts = _texts(row)
        assert texts[:3] == [f"Patient {number}", f"{age} y, {sex}", f"flare after {months_to_flare} mo"]
        rescue = next(g for g in _walk(row) if g.attrs.get("class") == "course rescue")
        assert (rescue.attrs["data-drug"], rescue.attrs["data-dose"], rescue.attrs["data-unit"],
                rescue.attrs["data-frequency"], rescue.attrs["data-months"]) == (
                    drug, str(dose), "mg", frequency, str(jak_months))
        assert f"{drug} {dose} mg {frequency} for {jak_months} mo" in _texts(rescue)
        base = next(g for g in _walk(row) if g.attrs.get("class") == "course base")
        assert base.attrs["data-regimen"] == "dupilumab 300 mg every other week"
        assert base.attrs["data-months-until-flare"] == str(months_to_flare)
        assert [t for t in texts if t in ("none", "not stated")] == ["none"]  # adverse events, as stated


def _marks(row: Element) -> dict[str, Element]:
    return {g.attrs["data-time-point"]: g for g in _walk(row) if g.attrs.get("class") == "mark"}


def test_iga_and_bsa_are_written_at_each_time_point(svg):
    for number, row in _rows(svg).items():
        _, _, baseline, preflare, flare, week4, *_ = TABLE_I[number]
        marks = _marks(row)
        assert list(marks) == ["Baseline", "PreFlare", "Flare", "PostJAKiWeek4"]
        for point, (iga, bsa) in (("Baseline", baseline), ("Flare", flare), ("PostJAKiWeek4", week4)):
            assert (marks[point].attrs["data-iga"], marks[point].attrs["data-bsa"]) == (str(iga), str(bsa))
            shown = " · ".join(_texts(marks[point]))
            assert shown == f"IGA {iga} · BSA {bsa}%", (number, point, shown)
        assert marks["PreFlare"].attrs["data-iga"] == str(preflare) and "data-bsa" not in marks["PreFlare"].attrs
        assert _texts(marks["PreFlare"]) == [f"IGA {preflare}", "BSA n/r"]  # the table gives no pre-flare BSA


def test_time_points_sit_at_their_months_on_the_axis(svg):
    for number, row in _rows(svg).items():
        *_, months_to_flare, _, _, _, jak_months = TABLE_I[number]
        marks = _marks(row)
        months = {point: float(g.attrs["data-month"]) for point, g in marks.items()}
        assert months["Baseline"] == 0 and months["Flare"] == months_to_flare
        assert months["PostJAKiWeek4"] == pytest.approx(months_to_flare + FOUR_WEEKS, abs=0.005)
        assert 0 < months["PreFlare"] < months_to_flare  # no time stated: somewhere between
        assert {p: g.attrs["data-exact"] for p, g in marks.items()} == {
            "Baseline": "true", "PreFlare": "false", "Flare": "true", "PostJAKiWeek4": "true"}
        flare = next(e for e in marks["Flare"].children if e.local == "polygon")
        apex_x = float(flare.attrs["points"].split()[0].split(",")[0])
        assert apex_x == pytest.approx(_x(svg, months_to_flare), abs=0.11)
        rescue = next(g for g in _walk(row) if g.attrs.get("class") == "course rescue")
        bar = next(e for e in rescue.children if e.local == "rect" and e.attrs.get("rx"))
        start, stop = months_to_flare, months_to_flare + jak_months  # drawn from the flare
        assert float(bar.attrs["x"]) == pytest.approx(_x(svg, start), abs=0.11)
        assert float(bar.attrs["x"]) + float(bar.attrs["width"]) == pytest.approx(_x(svg, stop), abs=0.21)
        assert rescue.attrs["data-stopped"] == "true"
        base = next(g for g in _walk(row) if g.attrs.get("class") == "course base")
        follow_up = next(e for e in base.children if e.local == "rect" and e.attrs.get("stroke-dasharray"))
        assert float(follow_up.attrs["x"]) == pytest.approx(_x(svg, stop + FOLLOW_UP[0]), abs=0.11)
        end = float(follow_up.attrs["x"]) + float(follow_up.attrs["width"])
        assert end == pytest.approx(_x(svg, stop + FOLLOW_UP[1]), abs=0.21)
        assert "dupilumab alone 3-4 mo" in _texts(base)


def test_the_legend_says_how_untimed_points_are_placed_and_that_there_were_no_adverse_events(svg):
    legend = " ".join(_texts(next(g for g in _walk(svg) if g.attrs.get("class") == "legend")))
    for words in ("dupilumab 300 mg every other week (after a 600 mg loading dose)",
                  "rescue course (tofacitinib or upadacitinib), drawn from the flare",
                  "pre-flare: no time stated, between the start and the flare (drawn midway)",
                  "baseline: before dupilumab began (drawn at month 0)",
                  "follow-up on dupilumab alone: 3-4 months after the stop",
                  "Adverse events: none, as the article states:",
                  "no adverse event, intolerable side effect or laboratory abnormality "
                  "(concomitant dupilumab and JAK inhibitor therapy)",
                  "no relapse (after discontinuation of the JAK inhibitor)"):
        assert words in legend, words
    axis = _axis(svg)
    assert min(int(m) for m in axis) == 0 and max(int(m) for m in axis) >= 18 + 2 + 4


def test_two_runs_write_the_same_bytes(viz_run, build_dir, tmp_path):
    again = tmp_path / "again" / "graph.html"
    assert _kg_viz(build_dir, again).returncode == 0
    assert (again.parent / SVG).read_bytes() == (viz_run.parent / SVG).read_bytes()
    text = (again.parent / SVG).read_text(encoding="utf-8")
    assert not re.search(r"\d{4}-\d\d-\d\dT", text)  # no timestamp
    coordinates = [v for e in _walk(parse_bytes(text.encode(), SVG)) for k, v in e.attrs.items()
                   if k in {"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r"}]
    assert len(coordinates) > 300 and all(re.fullmatch(r"-?\d+\.\d", v) for v in coordinates)  # one format


def test_a_focused_page_writes_only_its_articles_timeline_and_links_its_nodes(store, tmp_path):
    articles = timelines_for(store, only={PATIENT_IRI + "5"})
    assert [a.article_id for a in articles] == ["shahriari-2023-jaki-rescue"]
    assert timelines_for(store, only={"https://w3id.org/adkg/id/drug/dupilumab"}) == []
    links = timeline_links(articles)
    assert links[ARTICLE_IRI]["href"] == SVG
    assert links[PATIENT_IRI + "5"]["href"] == SVG + "#patient-5"
    assert write_timelines(articles, tmp_path / "out") == [tmp_path / "out" / SVG]


HOSTILE = '</text></svg><script>alert(1)</script> & "quotes" \'x\' \u202eevil'


def _hostile() -> ArticleTimeline:
    base = Course("urn:c1", HOSTILE, "MaintenanceTherapy", Decimal(300), None, "every <other> week", Decimal(600),
                  Decimal(6), None, True)
    rescue = Course("urn:c2", "x&y", "RescueTherapy", Decimal(5), "http://purl.obolibrary.org/obo/UO_0000022",
                    '"daily"', None, None, Decimal(2), False)
    patient = PatientTimeline("urn:p1", 1, 30, HOSTILE, (base, rescue),
                              (Event(9, "TreatmentStopEvent", None, "urn:c2", None, None, None),),
                              (Value("Flare", "IGA", Decimal(3)),), (("AdverseEvent", HOSTILE, HOSTILE),))
    return ArticleTimeline("x", "urn:a", HOSTILE, HOSTILE, HOSTILE, (patient,))


def test_text_from_the_graph_is_escaped_exactly_once():
    text = render_svg(_hostile())
    assert "<script" not in text and "&amp;lt;" not in text and "&amp;amp;" not in text
    root = parse_bytes(text.encode(), "hostile.svg")
    texts = _texts(root)
    assert HOSTILE in texts and "Patient 1" in texts and "30 y, " + HOSTILE in texts
    assert "x&y 5 mg \"daily\" for 2 mo" in texts
    assert next(g for g in _walk(root) if g.attrs.get("class") == "course base").attrs["data-drug"] == HOSTILE


def test_an_early_flare_moves_the_pre_flare_values_below_the_bar():
    def article(flare_months: int) -> ArticleTimeline:
        base = Course("urn:c1", "dupilumab", "MaintenanceTherapy", Decimal(300), None, None, None,
                      Decimal(flare_months), None, True)
        values = (Value("Baseline", "IGA", Decimal(4)), Value("Baseline", "BSAInvolvement", Decimal(30)),
                  Value("PreFlare", "IGA", Decimal(1)), Value("Flare", "IGA", Decimal(3)))
        return ArticleTimeline("x", "urn:a", "10.1/x", "t", "c",
                               (PatientTimeline("urn:p1", 1, None, None, (base,), (), values, ()),))

    def preflare_ys(flare_months: int) -> list[str]:
        root = parse_bytes(render_svg(article(flare_months)).encode(), "x.svg")
        mark = next(g for g in _walk(root) if g.attrs.get("data-time-point") == "PreFlare")
        return [t.attrs["y"] for t in _walk(mark) if t.local == "text"]

    assert len(preflare_ys(12)) == 2  # IGA and "BSA n/r" above the bar, one per line
    assert len(preflare_ys(2)) == 1  # no room between baseline and flare: one line below the bar
    assert float(preflare_ys(2)[0]) > float(preflare_ys(12)[1])


def test_an_article_id_that_is_not_a_path_segment_gets_no_file(tmp_path):
    for bad in ("../escape", "a/b", "", ".hidden", "a\\b", "x" * 200):
        assert timeline_name(bad) is None, bad
    article = ArticleTimeline("../escape", "urn:a", "10.1/x", "t", "c", ())
    assert write_timelines([article], tmp_path) == [] and list(tmp_path.iterdir()) == []


def test_the_page_links_article_and_patient_nodes_to_the_timeline(viz_run):
    html = viz_run.read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="adkg-graph">(.*?)</script>', html, re.S).group(1)
    import json

    payload = json.loads(data)
    by_id = {n["id"]: n for n in payload["nodes"]}
    linked = {by_id[i]["label"]: link["href"] for i, link in payload["timelines"].items()}
    assert linked["Patient 5 (Shahriari 2023)"] == SVG + "#patient-5"
    assert sum(1 for href in linked.values() if href == SVG) == 1  # the article
    assert len(linked) == 7


needs_browser = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                   reason="Debian's chromium is missing: `make test` installs it")


def _launch(playwright, width: int, height: int):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
        "--disable-background-networking", "--disable-component-update"])
    context = browser.new_context(viewport={"width": width, "height": height})
    requests: list[str] = []
    context.route("**/*", lambda r: (requests.append(r.request.url),
                                     r.continue_() if r.request.url.startswith("file:") else r.abort()))
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return browser, page, requests, errors


@needs_browser
def test_the_page_shows_the_link_and_the_timeline_renders_in_chromium(viz_run, svg, tmp_path):
    from playwright.sync_api import sync_playwright

    width, height = int(svg.attrs["width"]), int(svg.attrs["height"])
    with sync_playwright() as playwright:
        browser, tab, requests, errors = _launch(playwright, 1400, 900)
        try:
            tab.goto(viz_run.as_uri())
            tab.wait_for_selector("body[data-ready=true]", timeout=20000)
            tab.fill("#search", "Patient 5 (")
            tab.locator("#results li").first.click()
            link = tab.locator("#timeline-link a")
            assert link.get_attribute("href") == SVG + "#patient-5"
            assert link.text_content() == "Patient 5 on the patients' timeline (SVG)"
            tab.fill("#search", "tofacitinib")
            tab.locator("#results li", has_text=re.compile(r"^tofacitinib$")).click()
            assert tab.locator("#timeline-link").is_hidden()
            assert requests == [viz_run.as_uri()] and errors == []  # the SVG is only fetched on a click
        finally:
            browser.close()
        browser, tab, requests, errors = _launch(playwright, width, height)
        try:
            target = (viz_run.parent / SVG).as_uri() + "#patient-5"
            tab.goto(target)
            tab.wait_for_load_state("load")
            assert tab.evaluate("document.documentElement.localName") == "svg"
            drawn = tab.evaluate("""Array.from(document.querySelectorAll('g.patient')).map(
                g => { const b = g.getBBox(); return [g.id, Math.round(b.width), Math.round(b.height)]; })""")
            assert [d[0] for d in drawn] == [f"patient-{n}" for n in range(1, 7)]
            assert all(w > 900 and h > 80 for _, w, h in drawn)
            label = tab.evaluate("""(() => { const t = Array.from(document.querySelectorAll('#patient-3 text'))
                .find(t => t.textContent.startsWith('tofacitinib')); return t.getComputedTextLength(); })()""")
            assert label > 150  # the font was found and the words take their room
            band = tab.evaluate("getComputedStyle(document.querySelector('#patient-5 > rect.band')).fill")
            assert band == "rgb(255, 212, 59)"  # the targeted patient's row is highlighted
            shot = tmp_path / "timeline.png"
            tab.screenshot(path=str(shot))
            assert shot.stat().st_size > 50_000
            if os.environ.get("ADKG_SCREENSHOTS") == "1":
                shutil.copyfile(shot, ROOT / "docs" / "img" / "timeline.png")
            assert requests == [target.split("#")[0]] or requests == [target]
            assert errors == []
        finally:
            browser.close()
