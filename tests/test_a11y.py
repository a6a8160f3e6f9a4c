"""Accessible pages: MathJax's explorer and speech offline, and an axe-core audit.

Every page is audited by axe-core (bundled with axe-playwright-python, so offline) in
the light and the dark theme, with every dropdown open so that the solutions' code
and outputs are checked too. No serious or critical violation is allowed; colour
contrast is among the rules run.

"Every page" includes the pages Sphinx generates beside the table of contents
(:data:`GENERATED`): the Proof Index was unreadable in the dark theme (1.31:1) and no
test saw it, because the audit covered only the documents of ``_toc.yml``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import browser as B

pytestmark = pytest.mark.browser
#: Pages Sphinx writes that are not in ``_toc.yml``: the general index, the Proof Index
#: of sphinx-proof (linked from every page's sidebar) and the search page.
GENERATED = ("genindex", "prf-prf", "search")
DOCS = B.toc_pages() + list(GENERATED)
BLOCKING = ("serious", "critical")

#: What MathJax's menu loads when the explorer is turned on.
A11Y_FILES = ("a11y/explorer.js", "a11y/sre.js", "a11y/semantic-enrich.js",
              "input/mml.js", "sre/mathmaps/en.js")  # fmt: skip


@pytest.fixture(scope="module")
def html() -> Path:
    if not (B.HTML / "index.html").exists():
        pytest.fail("the book is not built: run `make book`")
    return B.HTML


@pytest.fixture(scope="module")
def context(html: Path) -> Iterator[object]:
    with B.browser() as b:
        ctx = B.new_context(b, viewport={"width": 1280, "height": 900})
        yield ctx
        ctx.close()


def turn_on_explorer(page: object) -> None:
    """Tick Accessibility → Explorer in MathJax's menu (the variable the menu item sets)."""
    page.evaluate(
        "() => MathJax.startup.promise.then(() => "
        "MathJax.startup.document.menu.menu.pool.lookup('explorer').setValue(true))"
    )


def test_a11y_files_load_only_on_demand(context: object, html: Path) -> None:
    page, report = B.open_page(context, "chapters/mlp", html)
    B.check_math(page, report)
    B.settle(page)
    page.close()
    assert not [u for u in report.requests if any(u.endswith(f) for f in A11Y_FILES)]


def test_explorer_speaks_a_formula_offline(context: object, html: Path) -> None:
    page, report = B.open_page(context, "chapters/mlp", html)
    B.check_math(page, report)
    first_tex = page.evaluate(
        "() => Array.from(MathJax.startup.document.math).find(item => item.typesetRoot "
        "=== document.querySelector('.math mjx-container')).math"
    )
    turn_on_explorer(page)
    page.wait_for_function(
        "() => document.querySelector('.math mjx-container[aria-label]')", timeout=B.PAGE_TIMEOUT_MS
    )
    result = page.evaluate(
        """() => ({
            speech: document.querySelector('.math mjx-container').getAttribute('aria-label'),
            math: document.querySelectorAll('.math').length,
            spoken: document.querySelectorAll('.math mjx-container[aria-label]').length})"""
    )
    page.close()
    assert not report.failures(), report.failures()
    for name in A11Y_FILES:
        assert any(u.endswith(name) for u in report.requests), f"{name} was not loaded"
    # the first formula of Chapter 1 is o = x^T w + b
    assert first_tex.replace(" ", "") == r"o=\mathbf{x}^\top\mathbf{w}+b", first_tex
    assert result["speech"].startswith("o equals bold x"), result["speech"]
    assert result["speech"].endswith("bold w plus b"), result["speech"]
    assert result["spoken"] == result["math"], result  # no formula vanished on re-render


def open_every_dropdown(page: object) -> None:
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    titles = page.locator("div.dropdown > .admonition-title, div.toggle-hidden + button")
    for i in range(titles.count()):
        titles.nth(i).click()
    page.wait_for_timeout(300)


def blocking_violations(page: object) -> tuple[list[str], set[str]]:
    """``impact:rule-id (selector …)`` of every serious or critical violation, and the
    ids of every rule axe ran."""
    from axe_playwright_python.sync_playwright import Axe

    # MathJax's output (thousands of nodes: aria-hidden glyph boxes drawn in the
    # surrounding text's colour, and hidden MathML) makes axe several times slower;
    # the explorer test above covers what assistive technology gets from a formula
    context = {"exclude": [["mjx-container"]]}
    result = Axe().run(page, context=context, options={"resultTypes": ["violations"]}).response
    ran = {r["id"] for key in ("violations", "passes", "incomplete", "inapplicable")
           for r in result[key]}  # fmt: skip
    found = [
        f"{v['impact']}:{v['id']} {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]
    return found, ran


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("doc", DOCS)
def test_axe_finds_no_serious_violation(context: object, html: Path, doc: str, mode: str):
    page, report = B.open_page(context, doc, html)
    B.check_math(page, report)
    if mode == "dark":
        B.set_dark(page)
        page.wait_for_timeout(300)
    open_every_dropdown(page)
    found, ran = blocking_violations(page)
    page.close()
    assert "color-contrast" in ran
    assert found == [], f"{doc} ({mode}): {found}"


def test_axe_catches_low_contrast(context: object, html: Path) -> None:
    page, _ = B.open_page(context, "chapters/mlp", html)
    page.evaluate(
        "() => { const p = document.querySelector('main p'); "
        "p.style.color = '#bbbbbb'; p.style.background = '#ffffff'; }"
    )
    found, _ = blocking_violations(page)
    page.close()
    assert any("color-contrast" in f for f in found), found


def test_every_generated_page_is_audited(html: Path) -> None:
    """Every HTML page at the top of the build is a toc document or in GENERATED
    (index.html only redirects to the root document)."""
    audited = {f"{doc}.html" for doc in DOCS}
    top = {p.name for p in html.glob("*.html")} - {"index.html"}
    assert 'http-equiv="Refresh"' in (html / "index.html").read_text(encoding="utf8")
    assert top <= audited, sorted(top - audited)


def test_axe_catches_a_low_contrast_link_in_a_box(context: object, html: Path) -> None:
    """A link in an exercise box in the theme's own #176de8 (4.29:1 on the box's tint,
    the colour _static/a11y.css replaces) is a serious finding."""
    page, _ = B.open_page(context, "exercises/mlp", html)
    page.evaluate(
        "() => document.querySelectorAll('div.exercise a').forEach(a => "
        "{ a.style.color = '#176de8'; })"
    )
    found, _ = blocking_violations(page)
    page.close()
    assert any("color-contrast" in f and "ex-" in f for f in found), found


def test_contrast_fixes_are_in_the_source_and_on_every_page(html: Path) -> None:
    """tools/sphinxext.py named a stylesheet of contrast fixes, _static/a11y.css, that
    was never in the repository: a copy outside version control can make the audit pass
    on one machine only. The file is part of the source and every page links it."""
    assert (B.ROOT / "_static" / "a11y.css").is_file()
    for doc in DOCS:
        text = B.page_path(doc, html).read_text(encoding="utf8")
        assert "_static/a11y.css" in text, doc
