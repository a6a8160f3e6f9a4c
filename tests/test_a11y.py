"""Accessible pages: each formula's MathML for screen readers, and an axe-core audit.

The math is typeset when the book is built (tools/mathrender.py): each formula is
MathJax's CommonHTML, whose glyph boxes are hidden from assistive technology, plus the
same formula as MathML ("assistive MathML"), which screen readers read. Every page is
audited by axe-core (bundled with axe-playwright-python, so offline) in the light and
the dark theme, with every dropdown open so that the solutions' code and outputs are
checked too. No serious or critical violation is allowed; colour contrast is among
the rules run.

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


def test_no_typesetter_is_loaded(context: object, html: Path) -> None:
    page, report = B.open_page(context, "chapters/derivatives", html)
    B.check_math(page, report)
    B.settle(page)
    scripts = page.evaluate("() => Array.from(document.scripts, s => s.src).filter(Boolean)")
    page.close()
    assert not report.failures(), report.failures()
    assert not [u for u in report.requests if "mathjax" in u.lower() and u.endswith(".js")]
    assert not any("tex-chtml" in u or "katex" in u for u in scripts), scripts


def test_screen_readers_get_each_formula_as_mathml(context: object, html: Path) -> None:
    page, report = B.open_page(context, "chapters/mlp", html)
    B.check_math(page, report)
    first = page.evaluate(
        """() => {
          const c = document.querySelector('.math mjx-container');
          const m = c.querySelector('mjx-assistive-mml > math');
          return {hidden: c.querySelector('mjx-math').getAttribute('aria-hidden'),
                  tags: Array.from(m.querySelectorAll('*'), n => n.localName),
                  text: m.textContent,
                  bold: Array.from(m.querySelectorAll('mi[mathvariant=bold]'),
                                   n => n.textContent)};
        }"""
    )
    counts = page.evaluate(
        """() => [document.querySelectorAll('.math').length,
                  document.querySelectorAll('.math mjx-assistive-mml > math').length]"""
    )
    page.close()
    assert not report.failures(), report.failures()
    # the first formula of Chapter 1 is o = x^T w + b
    assert first["hidden"] == "true"
    assert first["text"] == "o=x⊤w+b", first
    assert first["bold"] == ["x", "w"], first
    assert "msup" in first["tags"] and "mo" in first["tags"], first
    assert counts[0] > 50 and counts[0] == counts[1], counts


def open_every_dropdown(page: object) -> None:
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    titles = page.locator("div.dropdown > .admonition-title, div.toggle-hidden + button")
    for i in range(titles.count()):
        titles.nth(i).click()
    page.wait_for_timeout(300)


#: The syntax highlighting of the code cells is thousands of one-token spans (4,046 on
#: the numerics chapter), and axe's contrast rule measures each one: half of the
#: audit's time. A token's colours are set by its class and by the kind of block it
#: stands in, so the first span of each (block, class, cell part) is kept and every
#: later one is unwrapped into plain text, which keeps the block's own colour and is
#: still audited. Every colour pair on the page is still checked at least once.
ONE_TOKEN_OF_EACH_KIND = """() => {
  const seen = new Set();
  for (const span of Array.from(document.querySelectorAll('pre span'))) {
    if (span.children.length) continue;
    const pre = span.closest('pre');
    const part = span.closest('.cell_output') ? 'output' : 'input';
    const key = [pre.parentElement.className, span.className, part].join('|');
    if (seen.has(key)) span.replaceWith(span.textContent);
    else seen.add(key);
  }
}"""


def blocking_violations(page: object) -> tuple[list[str], set[str]]:
    """``impact:rule-id (selector …)`` of every serious or critical violation, and the
    ids of every rule axe ran."""
    from axe_playwright_python.sync_playwright import Axe

    # MathJax's output (thousands of nodes: aria-hidden glyph boxes drawn in the
    # surrounding text's colour, and hidden MathML) makes axe several times slower;
    # the MathML test above covers what assistive technology gets from a formula. An
    # excluded node is still walked by axe's whole-page passes, so each formula's
    # inside is emptied first (its container stays, with its attributes, in place).
    page.evaluate("() => document.querySelectorAll('mjx-container')"
                  ".forEach(c => c.replaceChildren())")  # fmt: skip
    page.evaluate(ONE_TOKEN_OF_EACH_KIND)
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


@pytest.mark.parametrize("doc", DOCS)
def test_axe_finds_no_serious_violation(context: object, html: Path, doc: str):
    # one page load for both themes: audited light, switched to dark, audited again
    page, report = B.open_page(context, doc, html)
    B.check_math(page, report)
    open_every_dropdown(page)
    found = {}
    for mode in ("light", "dark"):
        if mode == "dark":
            B.set_dark(page)
            page.wait_for_timeout(300)
        found[mode], ran = blocking_violations(page)
        assert "color-contrast" in ran
    page.close()
    assert found == {"light": [], "dark": []}, f"{doc}: {found}"


def violations_after(context: object, html: Path, doc: str, script: str) -> list[str]:
    """The blocking violations on ``doc`` after running ``script`` on it."""
    page, _ = B.open_page(context, doc, html)
    page.evaluate(script)
    found, _ = blocking_violations(page)
    page.close()
    return found


def test_axe_catches_low_contrast(context: object, html: Path) -> None:
    found = violations_after(
        context, html, "chapters/mlp",
        "() => { const p = document.querySelector('main p'); "
        "p.style.color = '#bbbbbb'; p.style.background = '#ffffff'; }",
    )  # fmt: skip
    assert any("color-contrast" in f for f in found), found


def test_axe_still_sees_a_low_contrast_token_class(context: object, html: Path) -> None:
    """With one span of each token kind kept (ONE_TOKEN_OF_EACH_KIND), a token colour
    that fails the contrast rule is still found."""
    found = violations_after(
        context, html, "chapters/mlp",
        "() => document.head.insertAdjacentHTML('beforeend', "
        "'<style>.highlight, .highlight pre { background: #ffffff !important; } "
        ".highlight .n { color: #e8e8e8 !important; }</style>')",
    )  # fmt: skip
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
    found = violations_after(
        context, html, "exercises/mlp",
        "() => document.querySelectorAll('div.exercise a').forEach(a => "
        "{ a.style.color = '#176de8'; })",
    )  # fmt: skip
    assert any("color-contrast" in f and "ex-" in f for f in found), found


def test_contrast_fixes_are_in_the_source_and_on_every_page(html: Path) -> None:
    """tools/sphinxext.py named a stylesheet of contrast fixes, _static/a11y.css, that
    was never in the repository: a copy outside version control can make the audit pass
    on one machine only. The file is part of the source and every page links it."""
    assert (B.ROOT / "_static" / "a11y.css").is_file()
    for doc in DOCS:
        text = B.page_path(doc, html).read_text(encoding="utf8")
        assert "_static/a11y.css" in text, doc
