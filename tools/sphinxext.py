"""Sphinx glue for the book: a light page, an .ipynb download, the PDF's structure.

**Math.** Formulas are typeset when the book is built, by :mod:`tools.mathrender`
(MathJax in Node); no page loads MathJax.

**No Font Awesome script.** pydata-sphinx-theme puts ``scripts/fontawesome.js``
(1.49 MB, the whole icon set as JavaScript that swaps ``<i>`` tags for inline SVG) on
every page, although its stylesheet already ships the same icons as a web font and
the classes to use it. The script was 36 % of the heaviest page. At
``build-finished`` the ``<script>`` tag is removed from every page and the file from
``_static``, so a page that still asked for it would fail the browser tests (a
missing file is a console error there).

**No search index on a page without a search box that uses it.** pydata-sphinx-theme
loads Sphinx's search scripts and the whole search index (``searchindex.js``, 105 KB
and growing with the book) in the head of every page, for its search-as-you-type
box; with ``search_as_you_type`` off (the theme's default, and this book's) nothing
on the page reads them: the search box sends the reader to ``search.html``, which
loads them itself. They are removed from every other page, and ``search.html`` loads
the index with ``defer`` (the theme's template blocks its first paint on it).

**Only the icons the book shows.** The theme's stylesheet carries every Font Awesome
icon's rule (1881 of them, 86 KB) and its solid web font every glyph (156 KB); the
book's pages and scripts use about twenty. At ``build-finished``
:func:`slim_fontawesome` keeps the rules of the icon classes that some page or
script names, and writes the solid font with their glyphs only (fontTools, a
dependency of Matplotlib; WOFF, since WOFF2 would need the brotli package).

**Accessibility.** ``_static/a11y.css`` (``html_css_files``) fixes the theme's
colours that fail WCAG contrast; each formula carries its MathML
(:mod:`tools.mathrender`).

**A notebook download.** sphinx-book-theme offers ``.ipynb`` in its download menu
only when launch buttons (Binder, Colab, ...) are configured. The notebook pages are
built from their committed ``.ipynb`` (``_config.yml``: the outputs shown are those
nbval checks). For every such page this extension writes that ``.ipynb`` into
``_sources/``, with a first cell that says what the notebook needs
(:mod:`tools.notebooks`), sets ``ipynb_source`` so the theme adds the menu entry, and
offers the paired MyST ``.md`` as the page's source file.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from tools.latex import shape_latex_tree
from tools.notebooks import write_for_download
from tools.unusedcss import drop_unused_rules

#: The theme's Font Awesome script tag (any relative path, any digest).
FONTAWESOME_TAG = re.compile(
    r'[ \t]*<script defer src="[^"]*_static/scripts/fontawesome\.js(\?[^"]*)?"></script>\n?'
)


def drop_fontawesome_script(outdir: Path) -> int:
    """Remove the Font Awesome ``<script>`` tag from every page below *outdir* and the
    script itself; return the number of pages changed."""
    changed = 0
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        stripped = FONTAWESOME_TAG.sub("", text)
        if stripped != text:
            page.write_text(stripped, encoding="utf-8")
            changed += 1
    for leftover in (outdir / "_static" / "scripts").glob("fontawesome.js*"):
        leftover.unlink()
    return changed


#: The theme's search scripts in a page's head (any relative path, any digest).
SEARCH_TAGS = re.compile(
    r'[ \t]*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js'
    r'|searchindex\.js)(\?[^"]*)?"></script>\n?'
)


def drop_search_scripts(outdir: Path) -> int:
    """Remove the search scripts and index from every page but ``search.html``; return
    the number of pages changed. Only for ``search_as_you_type`` off (see above)."""
    changed = 0
    for page in outdir.rglob("*.html"):
        if page == outdir / "search.html":
            continue
        text = page.read_text(encoding="utf-8")
        stripped = SEARCH_TAGS.sub("", text)
        if stripped != text:
            page.write_text(stripped, encoding="utf-8")
            changed += 1
    return changed


#: The search page's index script, which the theme loads without ``defer``.
SEARCH_INDEX_TAG = re.compile(r'<script src="(searchindex\.js(?:\?[^"]*)?)"></script>')


def defer_search_index(outdir: Path) -> bool:
    """Load the index on ``search.html`` with ``defer``, as Sphinx's own search page
    does: the page paints without waiting for 105 KB of data, and Sphinx's search
    script queues the reader's query until the index has arrived
    (``Search.deferQuery``/``setIndex``). Return whether the page changed."""
    page = outdir / "search.html"
    if not page.is_file():
        return False
    text = page.read_text(encoding="utf-8")
    deferred = SEARCH_INDEX_TAG.sub(r'<script defer src="\1"></script>', text)
    page.write_text(deferred, encoding="utf-8")
    return deferred != text


#: The theme's stylesheet and the solid icon font it names (below ``_static``).
THEME_CSS = Path("styles/pydata-sphinx-theme.css")
SOLID_FONT = Path("vendor/fontawesome/webfonts/fa-solid-900")
#: One icon rule of the stylesheet: ``.fa-a:before,.fa-b:before{content:"\f00d"}``.
ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:before,?)+)\{content:"\\([0-9a-f]+)"\}')
ICON_CLASS = re.compile(r"fa-[a-z0-9-]+")


def used_icon_classes(outdir: Path) -> set[str]:
    """Every ``fa-…`` name in a page or a script of the built book (the stylesheet
    itself aside): what a page shows or a script may add."""
    names: set[str] = set()
    for path in [*outdir.rglob("*.html"), *outdir.rglob("*.js")]:
        names |= set(ICON_CLASS.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return names


def slim_fontawesome(outdir: Path) -> tuple[int, int]:
    """Keep the icon rules of the classes in use and subset the solid font to their
    glyphs; return (rules kept, rules removed). Nothing to do when the stylesheet
    has no icon rules or the font is not there (an earlier build slimmed it)."""
    static = outdir / "_static"
    css_path, woff2 = static / THEME_CSS, (static / SOLID_FONT).with_suffix(".woff2")
    if not css_path.is_file() or not woff2.with_suffix(".ttf").is_file():
        return 0, 0
    used = used_icon_classes(outdir)
    css = css_path.read_text(encoding="utf-8")
    codepoints: set[int] = set()
    kept = removed = 0

    def keep_or_drop(rule: re.Match[str]) -> str:
        nonlocal kept, removed
        names = {c.removeprefix(".").removesuffix(":before") for c in rule[1].split(",") if c}
        if names & used:
            kept += 1
            codepoints.add(int(rule[2], 16))
            return rule[0]
        removed += 1
        return ""

    css = ICON_RULE.sub(keep_or_drop, css)
    name = SOLID_FONT.name
    source = (
        f'src:url(../vendor/fontawesome/webfonts/{name}.woff2) format("woff2"),'
        f'url(../vendor/fontawesome/webfonts/{name}.ttf) format("truetype")'
    )
    if source in css:  # (a theme that names its fonts otherwise keeps them whole)
        woff = woff2.with_suffix(".woff")
        _subset_font(woff2.with_suffix(".ttf"), woff, codepoints)
        css = css.replace(
            source, f'src:url(../vendor/fontawesome/webfonts/{name}.woff) format("woff")'
        )
        for unused in (woff2, woff2.with_suffix(".ttf")):
            unused.unlink(missing_ok=True)
    css_path.write_text(css, encoding="utf-8")
    return kept, removed


def _subset_font(source: Path, target: Path, codepoints: set[int]) -> None:
    """Write the glyphs of ``codepoints`` from the font ``source`` (TrueType: reading
    WOFF2 would need brotli too) as WOFF to ``target``."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


#: A region that scrolls must be reachable by keyboard (WCAG 2.1.1; axe-core:
#: scrollable-region-focusable, serious). pydata-sphinx-theme gives overflowing ``<pre>``
#: a tab stop when the page loads, but code inside a closed solution dropdown does not
#: overflow yet (and carries ``tabindex="-1"``); this gives it one when a click opens
#: the dropdown.
SCROLL_FOCUS_SCRIPT = """document.addEventListener("click", () => setTimeout(() => {
  document.querySelectorAll("pre").forEach((pre) => {
    if (pre.scrollWidth > pre.clientWidth && pre.tabIndex < 0) { pre.tabIndex = 0; }
  });
}, 50));"""

#: docutils marks each bibliography entry ``role="doc-biblioentry"``, a role ARIA has
#: deprecated, inside a ``role="list"``: assistive technology then sees a list without
#: items (axe-core: aria-required-children, critical). They are list items.
BIBLIOENTRY = re.compile(r'(<div class="citation" id="[^"]*") role="doc-biblioentry"')


def fix_citation_roles(outdir: Path) -> int:
    """Give bibliography entries ``role="listitem"``; return the number of pages changed."""
    changed = 0
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = BIBLIOENTRY.sub(r'\1 role="listitem"', text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
            changed += 1
    return changed


def _add_notebook_download(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    notebook = Path(app.srcdir) / f"{pagename}.ipynb"
    if not notebook.is_file() or not context.get("page_source_suffix"):
        return
    write_for_download(notebook, Path(app.outdir) / "_sources" / f"{pagename}.ipynb")
    context["ipynb_source"] = f"{pagename}.ipynb"
    if (Path(app.srcdir) / f"{pagename}.md").is_file():
        # The page is built from the notebook; the source a reader downloads is the
        # MyST Markdown file (written at build-finished, after Sphinx's own copy).
        context["sourcename"] = f"{pagename}.md"
        context["page_source_suffix"] = ".md"


def _refresh_notebook_downloads(app: Sphinx) -> None:
    """Write every page's download copies again: an incremental build writes only the
    pages whose source changed, but ``make sync`` may have rewritten any ``.ipynb``;
    and the ``.md`` of a page built from its notebook (Sphinx copied the notebook
    under that name)."""
    for docname in app.env.found_docs:
        notebook = Path(app.srcdir) / f"{docname}.ipynb"
        served = Path(app.outdir) / "_sources" / f"{docname}.ipynb"
        if notebook.is_file() and served.is_file():
            write_for_download(notebook, served)
            markdown = Path(app.srcdir) / f"{docname}.md"
            if markdown.is_file():
                shutil.copyfile(markdown, served.with_suffix(".md"))


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        _refresh_notebook_downloads(app)
        outdir = Path(app.outdir)
        drop_fontawesome_script(outdir)
        if not app.config.html_theme_options.get("search_as_you_type", False):
            drop_search_scripts(outdir)
            defer_search_index(outdir)
        slim_fontawesome(outdir)
        drop_unused_rules(outdir, THEME_CSS)
        fix_citation_roles(outdir)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the script removal, the notebook download and the PDF's structure
    (:mod:`tools.latex`)."""
    # sphinx-book-theme builds its download menu at priority 501; run before it.
    app.connect("html-page-context", _add_notebook_download, priority=400)
    app.connect("build-finished", _on_build_finished)
    app.add_js_file(None, body=SCROLL_FOCUS_SCRIPT)
    app.connect("doctree-resolved", shape_latex_tree)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
