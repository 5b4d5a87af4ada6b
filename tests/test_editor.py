"""The web SPARQL editor `kg serve` shows at `/`: the project's prefixes declared, the helpers offered
as examples, nothing fetched from the network, and (in Chromium) an example picked and run."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from test_page import CHROMIUM, needs_browser
from test_serve import Served

ROOT = Path(__file__).resolve().parent.parent
HELPERS = sorted(p.stem for p in (ROOT / "kg" / "dataset" / "queries").glob("*.rq"))
#: Prefixes a SPARQL user of this graph writes every day, with their namespaces (W3C, SPAR, Biolink).
KNOWN_PREFIXES = {
    "adkg": "https://w3id.org/adkg/ontology#",
    "sosa": "http://www.w3.org/ns/sosa/",
    "fabio": "http://purl.org/spar/fabio/",
    "cito": "http://purl.org/spar/cito/",
    "prism": "http://prismstandard.org/namespaces/basic/2.0/",
    "biolink": "https://w3id.org/biolink/vocab/",
    "prov": "http://www.w3.org/ns/prov#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}
#: The article's Table I: patients 2, 4, 5 and 6 took upadacitinib, 15 mg daily.
UPADACITINIB_PATIENTS = ["2", "4", "5", "6"]
#: The rows of the results table on screen (each tab keeps its own, hidden when another is shown).
ROWS = "[...document.querySelectorAll('.yasr_results table tbody tr')].filter(row => row.offsetParent !== null)"


@pytest.fixture(scope="module")
def served(build_dir, tmp_path_factory):
    build = tmp_path_factory.mktemp("editor") / "build"
    shutil.copytree(build_dir, build)
    server = Served(build, "--port", "0")
    yield server
    server.finish()
    assert "Traceback" not in server.err


@pytest.fixture(scope="module")
def page(served) -> str:
    status, kind, body = served.request("GET", "/")
    assert status == 200 and kind == "text/html; charset=utf-8"
    return body.decode("utf-8")


def _config(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="adkg-editor-config">(.*?)</script>', page, re.S)
    assert block is not None
    return json.loads(block.group(1))


def test_a_new_tab_declares_the_projects_prefixes(page):
    from kg.core.prefixes import PREFIX_IRIS

    start = _config(page)["start"]
    declared = dict(re.findall(r"^PREFIX (\w+):\s*<([^>]+)>$", start, re.M))
    assert declared == PREFIX_IRIS
    assert KNOWN_PREFIXES.items() <= declared.items()
    assert re.search(r"^SELECT .* WHERE \{", start, re.M)
    completions = _config(page)["prefixes"]  # what PREFIX + Ctrl-Space offers, from the page itself
    assert {f"{name}: <{iri}>" for name, iri in KNOWN_PREFIXES.items()} <= set(completions)


def test_every_helper_is_an_example(page):
    options = re.findall(r'<option value="([^"]+)">([^<]*)</option>', page)
    assert [value for value, _ in options] == HELPERS
    examples = _config(page)["examples"]
    assert sorted(examples) == HELPERS
    for value, text in options:
        assert html.unescape(text) == f"{value}: {examples[value]['question']}"
        assert examples[value]["question"] and "SELECT" in examples[value]["query"]
    timeline = examples["patient-timeline"]["query"]
    assert timeline.startswith("# question: One patient's course in order")
    assert re.search(r"WHERE \{\n  VALUES \(\?patient\) \{ \(3\) \}\n", timeline)
    provenance = examples["value-provenance"]["query"]
    assert 'VALUES (?patient ?measure ?time_point) { (3 "BSA" "flare") }' in provenance
    assert "VALUES (?doi)" not in provenance  # optional parameters stay unbound: every article


def test_the_page_is_offline_and_escaped_once(served, page):
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    for asset in re.findall(r"""(?:src|href)="\./([^"]+)\"""", page):
        if asset != "graph.html":
            status, _, body = served.request("GET", "/" + asset)
            assert status == 200 and body, asset
    config = page.split('id="adkg-editor-config">', 1)[1].split("</script>", 1)[0]
    assert "<" not in config and "&lt;" not in config and "\\u003c" in config  # JSON escapes, no HTML entities
    assert page.count("<script") == 3 and page.count("</script>") == 3
    assert served.request("POST", "/", b"x", {"Content-Type": "text/plain"})[0] == 405


def test_each_example_runs_at_the_endpoint(served, page):
    examples = _config(page)["examples"]
    answered = {}
    for name, example in examples.items():
        status, _, body = served.request("POST", "/query", example["query"].encode("utf-8"),
                                         {"Content-Type": "application/sparql-query",
                                          "Accept": "application/sparql-results+json"})
        assert status == 200, (name, body[:300])
        answered[name] = json.loads(body)["results"]["bindings"]
    patients = [row["patient"]["value"] for row in answered["patients-by-drug"]]
    assert patients == UPADACITINIB_PATIENTS
    assert [row["printed"]["value"] for row in answered["value-provenance"]] == ["15%"]  # Table I, patient 3


@needs_browser
def test_the_editor_in_chromium_runs_an_example_offline(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
            "--disable-background-networking", "--disable-component-update"])
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            requests: list[str] = []

            def route(r):
                requests.append(r.request.url)
                return r.continue_() if r.request.url.startswith(served.base + "/") else r.abort()

            context.route("**/*", route)
            tab = context.new_page()
            errors: list[str] = []
            tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            tab.on("pageerror", lambda e: errors.append(str(e)))
            tab.goto(served.base + "/")
            tab.wait_for_selector("body[data-ready=true]", timeout=20000)
            first = tab.evaluate("window.adkgEditor.yasgui.getTab().getQuery()")
            assert "PREFIX adkg:" in first and "PREFIX sosa:" in first
            # The default query runs: six patients.
            tab.evaluate("window.adkgEditor.yasgui.getTab().query()")
            tab.wait_for_function(f"{ROWS}.length === 6", timeout=20000)
            # Pick an example: it opens in its own tab, with its parameter bound, and runs.
            tab.select_option("#examples", "patients-by-drug")
            assert tab.text_content("#question").startswith("Which patients received a given JAK inhibitor")
            assert tab.evaluate("window.adkgEditor.yasgui.getTab().getName()") == "patients-by-drug"
            query = tab.evaluate("window.adkgEditor.yasgui.getTab().getQuery()")
            assert 'VALUES (?drug) { ("upadacitinib") }' in query
            tab.locator(".yasqe_queryButton:visible").click()
            tab.wait_for_function(f"{ROWS}.length === 4", timeout=20000)
            cells = tab.evaluate(f"{ROWS}.map(row => row.cells[2].textContent.trim())")
            assert cells == [f'"{n}"^^xsd:integer' for n in UPADACITINIB_PATIENTS]  # YASR shows the datatype
            # Prefix completion comes from the page, not from prefix.cc.
            offered = tab.evaluate("Yasqe.Autocompleters.prefixes.get()")
            assert "adkg: <https://w3id.org/adkg/ontology#>" in offered
            (ROOT / "build").mkdir(exist_ok=True)
            tab.screenshot(path=str(ROOT / "build" / "editor.png"))
            assert requests and all(url.startswith(served.base + "/") for url in requests), requests
            assert errors == [], errors
        finally:
            browser.close()
