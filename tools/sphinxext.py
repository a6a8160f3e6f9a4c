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
