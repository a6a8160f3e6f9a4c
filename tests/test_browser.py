"""The built book in a real browser: offline, math, figures, links, dark mode, search.

``make test`` builds the book first; run alone, these tests build it if it is
missing. Chromium must be installed (see ``tests.browser.find_chromium``): without it
the first test that needs it fails with one message saying what to do, and
``tests/conftest.py`` deselects the others (they would only repeat it); none is skipped.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import browser as B
from tools import commands
from tools.notebooks import with_requirements_cell

pytestmark = pytest.mark.browser
DOCS = B.toc_pages()


@pytest.fixture(scope="session")
def html() -> Path:
    if not (B.HTML / "index.html").exists():
        subprocess.run(
            [Path(sys.executable).parent / "jupyter-book", "build", str(B.ROOT),
             *commands.JB_FLAGS],
            check=True,
        )  # fmt: skip
    return B.HTML


# Module scope: the browser closes when this module's tests end, so that the next
# module can start its own (Playwright's sync API refuses a second one while the first
# is open: "using Playwright Sync API inside the asyncio loop").
@pytest.fixture(scope="module")
def context() -> Iterator[object]:
    # Without Chromium, tests/conftest.py keeps only the first test that needs it, so
    # this one message is the whole report (not one error per page).
    try:
        B.find_chromium()
    except B.ChromiumMissing as error:
        missing = str(error)
    else:
        missing = ""
    if missing:
        pytest.fail(missing, pytrace=False)
    with B.browser() as b:
        ctx = B.new_context(b, viewport={"width": 1280, "height": 900})
        yield ctx
        ctx.close()


#: One load per page for the checks that only read it: requests, console, math,
#: images, links, widths and the files transferred (test_page, the figure counts, the
#: width test and the page weight share it).
_LOADED: dict[tuple[str, Path], tuple[B.PageReport, B.PageReport, int, dict[Path, int]]] = {}


def _load(
    context: object, doc: str, html: Path
) -> tuple[B.PageReport, B.PageReport, int, dict[Path, int]]:
    """(report of the load, math, images and links; report of the widths; images;
    every file the page requested once the network is quiet, with its size)."""
    if (doc, html) not in _LOADED:
        page, report = B.open_page(context, doc, html)
        B.check_math(page, report)
        B.settle(page)
        n_images = B.check_images(page, report)
        B.check_links(page, report, {})
        widths = B.PageReport(doc)
        B.check_widths(page, widths)
        page.close()
        _LOADED[doc, html] = (report, widths, n_images, B.requested_files(report))
    return _LOADED[doc, html]


def full_report(context: object, doc: str, html: Path) -> tuple[B.PageReport, int]:
    report, _, n_images, _ = _load(context, doc, html)
    return report, n_images


@pytest.mark.parametrize("doc", DOCS)
def test_page(context: object, html: Path, doc: str) -> None:
    report, _ = full_report(context, doc, html)
    assert not report.failures(), f"{doc}: " + "; ".join(report.failures())
    assert any(u.endswith(f"{doc}.html") for u in report.requests)


def test_chapter_one_shows_all_figures(context: object, html: Path) -> None:
    _, n_images = full_report(context, "chapters/mlp", html)
    assert n_images == 8  # 2 network diagrams + 6 activation plots


@pytest.mark.parametrize("doc", [d for d in DOCS if d.startswith("chapters/")])
def test_figures_legible_in_dark_mode(context: object, html: Path, doc: str) -> None:
    page, _ = B.open_page(context, doc, html)
    B.set_dark(page)
    page.wait_for_timeout(300)
    backgrounds = B.figure_background(page)
    page.close()
    assert backgrounds
    for src, light in backgrounds:
        assert light > 0.6, f"{doc}: figure {src} is mostly dark ({light:.0%} light) in dark mode"


def test_search_finds_sigmoid_offline(context: object, html: Path) -> None:
    page = context.new_page()
    page.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
    page.goto((html / "search.html").as_uri() + "?q=sigmoid")
    page.wait_for_selector("#search-results ul.search li", timeout=B.PAGE_TIMEOUT_MS)
    hits = page.eval_on_selector_all(
        "#search-results ul.search li a", "links => links.map(a => a.href)"
    )
    page.close()
    assert any(h.split("#")[0].endswith("chapters/mlp.html") for h in hits), hits


def test_thebe_config_is_gone(html: Path) -> None:
    for doc in DOCS:
        text = B.page_path(doc, html).read_text(encoding="utf8")
        assert "THEBE_JS_URL" not in text, doc
        assert not re.search(r'(src|href)="https?://[^"]+\.(js|css|woff2?)', text), doc


# ---- the checks fail when the book is broken (on temporary copies of the build) ----


@pytest.fixture
def broken_copy(html: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "html"
    shutil.copytree(html, copy)
    return copy


def test_detects_a_cdn_script(context: object, broken_copy: Path) -> None:
    page = broken_copy / "chapters" / "mlp.html"
    cdn = "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js"
    text = page.read_text(encoding="utf8")
    page.write_text(text.replace("</head>", f'<script src="{cdn}"></script></head>', 1))
    report, _ = full_report(context, "chapters/mlp", broken_copy)
    assert f"request to {cdn}" in report.failures()


def test_detects_an_unclosed_formula(context: object, broken_copy: Path) -> None:
    page = broken_copy / "chapters" / "mlp.html"
    text = page.read_text(encoding="utf8")
    marker = "Two linear pieces and one comparison"
    assert marker in text
    page.write_text(text.replace(marker, "For $x two linear pieces and one comparison", 1))
    report, _ = full_report(context, "chapters/mlp", broken_copy)
    assert any("raw TeX visible" in f and "$x" in f for f in report.failures())


def test_detects_a_deleted_figure(context: object, broken_copy: Path) -> None:
    page = broken_copy / "chapters" / "mlp.html"
    first = re.search(r'<img alt="[^"]*" src="\.\./(_images/[^"]+\.svg)"', page.read_text())
    assert first
    (broken_copy / first.group(1)).unlink()
    report, _ = full_report(context, "chapters/mlp", broken_copy)
    assert any("image did not load" in f for f in report.failures())


def test_solution_dropdowns_open_and_show_code_and_output(context: object, html: Path) -> None:
    page, _ = B.open_page(context, "solutions/mlp", html)
    solutions = page.locator("div.solution.dropdown")
    assert solutions.count() == 7
    for i in range(solutions.count()):
        sol = solutions.nth(i)
        name = sol.get_attribute("id")
        output = sol.locator(".cell_output").first
        assert not output.is_visible(), f"{name}: output visible before opening"
        sol.locator(".admonition-title").first.click()
        output.wait_for(state="visible", timeout=B.PAGE_TIMEOUT_MS)
        assert sol.locator(".cell_input").first.is_visible(), f"{name}: code hidden"
    page.close()


def test_exercise_page_links_every_solution(context: object, html: Path) -> None:
    page, _ = B.open_page(context, "exercises/mlp", html)
    exercises = page.locator("div.exercise").count()
    links = page.eval_on_selector_all("main a[href*='solutions/mlp.html#sol-']", "a => a.length")
    page.close()
    assert exercises == 7 and links == 7


# ---- page weight, icons and the download menu ----


def test_every_page_weighs_under_the_limit(context: object, html: Path) -> None:
    files = {doc: _load(context, doc, html)[3] for doc in DOCS}
    files["search"] = B.page_files(context, "search", html)
    weights = {doc: sum(found.values()) for doc, found in files.items()}
    heaviest = max(weights, key=weights.__getitem__)
    assert weights[heaviest] < B.PAGE_WEIGHT_LIMIT, (
        f"{heaviest} transfers {weights[heaviest] / 1e6:.2f} MB "
        f"(limit {B.PAGE_WEIGHT_LIMIT / 1e6:.1f} MB); run `make bench` for every page"
    )
    for doc, found in files.items():
        name, size = B.largest_script(found)
        assert size <= B.SCRIPT_LIMIT, f"{doc} loads {name}, {size / 1e3:.0f} KB"
        index = sum(size for path, size in found.items() if path.name == B.SEARCH_INDEX)
        assert index <= B.SEARCH_INDEX_LIMIT, f"{doc}: search index {index / 1e3:.0f} KB"
        assert (index > 0) == (doc == "search"), f"{doc}: search index loaded: {index > 0}"


def test_icons_come_from_the_web_font_not_the_script(context: object, html: Path) -> None:
    page, report = B.open_page(context, "chapters/mlp", html)
    page.evaluate("() => document.fonts.ready")
    font_ok = page.evaluate("() => document.fonts.check('900 16px \"Font Awesome 6 Free\"')")
    glyph = page.evaluate(
        """() => {
            const i = document.querySelector('.dropdown-download-buttons i.fa-download');
            return [getComputedStyle(i, '::before').content, i.getBoundingClientRect().width];
        }"""
    )
    page.close()
    assert not [u for u in report.requests if "fontawesome.js" in u]
    assert font_ok, "the Font Awesome web font did not load"
    assert glyph[0] not in ("none", "normal", '""') and glyph[1] > 0, glyph


@pytest.mark.parametrize("doc", [d for d in DOCS if (B.ROOT / f"{d}.ipynb").exists()])
def test_download_menu_offers_the_paired_notebook(context: object, html: Path, doc: str) -> None:
    page, _ = B.open_page(context, doc, html)
    page.locator(".dropdown-download-buttons button.dropdown-toggle").click()
    menu = page.locator(".dropdown-download-buttons .dropdown-menu a")
    menu.first.wait_for(state="visible", timeout=B.PAGE_TIMEOUT_MS)
    labels = {a.inner_text().strip(): a.get_attribute("href") for a in menu.all()}
    page.close()
    assert set(labels) == {".ipynb", ".md"}, labels
    served = (B.page_path(doc, html).parent / labels[".ipynb"]).resolve()
    # the committed notebook, with a first cell saying what it needs (tools.notebooks)
    committed = json.loads((B.ROOT / f"{doc}.ipynb").read_text(encoding="utf8"))
    assert json.loads(served.read_text(encoding="utf8")) == with_requirements_cell(committed)
    source = (B.page_path(doc, html).parent / labels[".md"]).resolve()
    assert source.read_bytes() == (B.ROOT / f"{doc}.md").read_bytes(), source


def test_plain_pages_offer_no_notebook(context: object, html: Path) -> None:
    page, _ = B.open_page(context, "exercises/mlp", html)
    hrefs = page.eval_on_selector_all(
        ".dropdown-download-buttons .dropdown-menu a", "links => links.map(a => a.href)"
    )
    page.close()
    assert hrefs and not [h for h in hrefs if h.endswith(".ipynb")], hrefs


@pytest.mark.parametrize("doc", [d for d in DOCS if d.startswith("chapters/")])
def test_every_chapter_shows_all_its_figures(context: object, html: Path, doc: str) -> None:
    expected = (B.ROOT / f"{doc}.md").read_text(encoding="utf8").count("\n  figure:\n")
    _, n_images = full_report(context, doc, html)
    assert expected > 0 and n_images == expected, f"{doc}: {n_images} images, {expected} figures"


# ---- a reader's pass (issue 13): link texts, widths at 1280 px, screenshot themes ----


@pytest.mark.parametrize("doc", DOCS)
def test_no_cross_reference_is_generic_or_empty(html: Path, doc: str) -> None:
    bad = B.generic_references(B.page_path(doc, html).read_text(encoding="utf8"))
    assert not bad, f"{doc}: links that name nothing: {bad}"


def test_generic_link_text_is_detected_on_a_broken_copy(broken_copy: Path) -> None:
    page = broken_copy / "exercises" / "mlp.html"
    text = page.read_text(encoding="utf8")
    link = re.search(r'(<a class="reference internal" href="[^"]*#sol-linear-depth">)(.*?)(</a>)',
                     text, re.S)  # fmt: skip
    assert link, "the exercises page links its first solution"
    broken = text.replace(link.group(0), link.group(1) + "<span>Solution to</span>" + link.group(3))
    page.write_text(broken, encoding="utf8")
    href = re.search(r'href="([^"]*)"', link.group(1)).group(1)
    assert B.generic_references(broken) == [f"'Solution to' → {href}"]


@pytest.mark.parametrize("doc", DOCS)
def test_no_equation_or_table_wider_than_the_column(context: object, html: Path, doc: str) -> None:
    _, widths, _, _ = _load(context, doc, html)
    assert not widths.problems, f"{doc}: " + "; ".join(widths.problems)


def test_wide_equation_and_table_are_detected_on_a_broken_copy(
    context: object, broken_copy: Path
) -> None:
    page_file = broken_copy / "chapters" / "mlp.html"
    text = page_file.read_text(encoding="utf8")
    wide_math = r"\[" + " + ".join(f"x_{{{i}}}" for i in range(120)) + r"\]"
    wide_table = "<table><tr>" + "<td>0.123456789</td>" * 40 + "</tr></table>"
    marker = '<section id="hidden-layers">'
    assert marker in text
    from tools.mathrender import FONTS, typeset  # typeset as the build does

    (typeset_math,), _ = typeset([[wide_math]], FONTS)
    extra = f'<div class="math notranslate nohighlight">{typeset_math[0]}</div>{wide_table}'
    page_file.write_text(text.replace(marker, marker + extra, 1), encoding="utf8")
    page, report = B.open_page(context, "chapters/mlp", broken_copy)
    B.check_math(page, report)
    B.check_widths(page, report)
    page.close()
    kinds = " ".join(report.problems)
    assert "equation wider than the column" in kinds and "table wider than the column" in kinds


def test_light_screenshots_are_light_after_a_dark_page(context: object, html: Path) -> None:
    colours = {}
    for doc, mode in [
        ("intro", "dark"),
        ("chapters/mlp", "light"),
        ("chapters/derivatives", "dark"),
    ]:
        page = B.open_in_mode(context, doc, mode, html)
        rgb = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        colours[(doc, mode)] = [int(v) for v in re.findall(r"\d+", rgb)[:3]]
        page.close()
    assert sum(colours[("chapters/mlp", "light")]) > 600, colours
    assert (
        sum(colours[("intro", "dark")]) < 150
        and sum(colours[("chapters/derivatives", "dark")]) < 150
    )
