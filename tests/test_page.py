"""The network page: offline, deterministic, safe with hostile data, and working in Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from kg.dataset.store import Paths, open_store
from kg.view.network import network_graph
from kg.view.viz import render_page, write_page

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
needs_browser = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                   reason="Debian's chromium is missing: `make test` installs it")
HOSTILE = [
    '<img src=x onerror="window.__pwned=1">',
    '</script><script>window.__pwned=2</script>',
    '<a href="javascript:window.__pwned=3">click href</a>',
    'quotes " and \' and `back`ticks',
    'right-to-left \u202eevil\u202c and \u05e9\u05dc\u05d5\u05dd',
    'emoji \U0001f9ea\U0001f489 and \u2028 line separator',
]


@pytest.fixture(scope="module")
def page(build_dir, tmp_path_factory) -> tuple[Path, nx.MultiDiGraph]:
    graph = network_graph(open_store(Paths(build=build_dir)))
    path = tmp_path_factory.mktemp("page") / "graph.html"
    write_page(graph, path, "Atopic dermatitis knowledge graph")
    return path, graph


def test_no_external_url_in_src_href_or_css(page):
    text = page[0].read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert not re.search(r"""@import""", text)


def test_make_run_writes_the_page(tmp_path):
    result = subprocess.run([sys.executable, "-m", "kg", "viz", "-o", str(tmp_path / "g.html")],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "nodes" in result.stdout and (tmp_path / "g.html").stat().st_size > 100_000


def test_page_is_deterministic(page):
    graph = page[1]
    assert render_page(graph, "x") == render_page(graph, "x")


def hostile_graph() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for i, text in enumerate(HOSTILE):
        graph.add_node(f"urn:x:{i}", cls="drug", label=text, title=f"{text}\nsecond line {text}")
    graph.add_edge("urn:x:0", "urn:x:1", key=HOSTILE[2], label=HOSTILE[2])
    return graph


def test_hostile_data_is_escaped_in_the_file(tmp_path):
    text = render_page(hostile_graph(), HOSTILE[1])
    assert text.count("</script>") == 3  # the data block, vis-network and the page script: no more
    assert "<img src=x" not in text and "<a href=" not in text
    assert "&lt;/script&gt;&lt;script&gt;" in text  # the heading, escaped once


def _browser():
    from playwright.sync_api import sync_playwright
    return sync_playwright()


def _open(playwright, path: Path):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
        "--disable-background-networking", "--disable-component-update"])
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    requests: list[str] = []

    def route(r):
        requests.append(r.request.url)
        return r.continue_() if r.request.url.startswith("file:") else r.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append("dialog: " + d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=20000)
    return browser, page, requests, errors


@needs_browser
def test_page_in_chromium_offline(page):
    path, graph = page
    with _browser() as playwright:
        browser, tab, requests, errors = _open(playwright, path)
        try:
            assert tab.locator("#network canvas").count() == 1
            assert tab.evaluate("window.adkg.nodeCount") == graph.number_of_nodes()
            assert tab.evaluate("window.adkg.edgeCount") == graph.number_of_edges()
            # Search and select a node by name.
            tab.fill("#search", "tofacitinib")
            names = tab.locator("#results li").all_text_contents()
            assert "tofacitinib" in names
            tab.locator("#results li", has_text=re.compile(r"^tofacitinib$")).click()
            assert tab.evaluate("window.adkg.network.getSelectedNodes().length") == 1
            assert tab.text_content("#details").startswith("tofacitinib\n[Drug]")
            # Filter by class: hide patients.
            tab.locator('#legend input[data-cls="patient"]').click()
            hidden = tab.evaluate("""window.adkg.network.body.data.nodes.get({filter: n => n.cls === 'patient'})
                                     .every(n => n.hidden === true)""")
            assert hidden
            assert tab.text_content("#status").startswith(f"{graph.number_of_nodes() - 6} of {graph.number_of_nodes()}")
            tab.locator('#legend input[data-cls="patient"]').click()
            # Click a node on the canvas: its neighbourhood is highlighted.
            tab.fill("#search", "Patient 3 (")
            tab.locator("#results li").first.click()
            position = tab.evaluate("""(() => { const id = window.adkg.network.getSelectedNodes()[0];
                const p = window.adkg.network.canvasToDOM(window.adkg.network.getPositions([id])[id]);
                return [p.x, p.y]; })()""")
            box = tab.locator("#network").bounding_box()
            tab.mouse.click(box["x"] + position[0], box["y"] + position[1])
            assert tab.text_content("#details").startswith("Patient 3 (Shahriari 2023)")
            (ROOT / "build").mkdir(exist_ok=True)
            tab.screenshot(path=str(ROOT / "build" / "graph.png"))
            assert requests == [path.as_uri()]
            assert errors == []
        finally:
            browser.close()


@needs_browser
def test_hostile_labels_display_as_text_and_run_nothing(tmp_path):
    path = tmp_path / "hostile.html"
    write_page(hostile_graph(), path, HOSTILE[1])
    with _browser() as playwright:
        browser, tab, requests, errors = _open(playwright, path)
        try:
            assert tab.evaluate("window.__pwned === undefined")
            assert tab.title() == HOSTILE[1]
            assert tab.evaluate("window.adkg.nodeCount") == len(HOSTILE)
            for text in HOSTILE:
                tab.fill("#search", text[:12])
                shown = tab.locator("#results li").all_text_contents()
                assert any(s == text or (len(text) > 60 and s.startswith(text[:50])) for s in shown), (text, shown)
            tab.locator("#results li").first.click()
            details = tab.text_content("#details")
            assert "\n" in details and "second line" in details
            # Hover shows the tooltip as text, not HTML.
            tab.fill("#search", "onerror")
            tab.locator("#results li").first.click()
            node = tab.evaluate("window.adkg.network.getSelectedNodes()[0]")
            point = tab.evaluate("(node) => { const net = window.adkg.network;"
                                 " const p = net.canvasToDOM(net.getPositions([node])[node]); return [p.x, p.y]; }",
                                 node)
            box = tab.locator("#network").bounding_box()
            tab.mouse.move(box["x"] + point[0], box["y"] + point[1])
            tab.wait_for_selector(".vis-tooltip", state="visible", timeout=5000)
            assert tab.text_content(".vis-tooltip").startswith(HOSTILE[0])
            assert tab.locator(".vis-tooltip img").count() == 0
            assert tab.evaluate("window.__pwned === undefined")
            assert errors == [] and requests == [path.as_uri()]
        finally:
            browser.close()
