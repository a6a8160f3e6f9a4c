"""Sphinx glue for the book: offline MathJax, a light page, an .ipynb download.

**MathJax from the build.** Jupyter Book 1 loads MathJax 3 from a CDN by default, so
an offline reader sees raw TeX. This extension copies the parts of MathJax the book
needs from the ``sphinx-mathjax-offline`` package (pinned in ``requirements.lock``)
into ``_build/html/_static/mathjax``:

* ``tex-chtml.js``, the TeX input + CommonHTML output bundle (1.16 MB; the ``-full``
  bundle is 1.33 MB and every page would pay for extensions it never uses),
* ``input/tex/extensions/``, the TeX extensions that bundle autoloads on first use of
  a macro such as ``\boldsymbol`` (read from the build, so still offline, and only
  by a page that needs one), and
* ``output/chtml/fonts/woff-v2/``, the web fonts.

That is about 2.2 MB on disk instead of the package's 24 MB. The copy happens in
``build-finished`` rather than through ``html_static_path`` because Jupyter Book adds
every ``*.js`` below a static path as a ``<script>`` tag, which would load MathJax
twice. ``_config.yml`` sets ``mathjax_path: mathjax/tex-chtml.js`` (relative to
``_static``), which makes Sphinx emit the matching ``<script>`` tag.

**No Font Awesome script.** pydata-sphinx-theme puts ``scripts/fontawesome.js``
(1.49 MB, the whole icon set as JavaScript that swaps ``<i>`` tags for inline SVG) on
every page, although its stylesheet already ships the same icons as a web font and
the classes to use it. The script was 36 % of the heaviest page. At
``build-finished`` the ``<script>`` tag is removed from every page and the file from
``_static``, so a page that still asked for it would fail the browser tests (a
missing file is a console error there).

**Accessibility.** The explorer, speech (Speech Rule Engine) and Braille of
MathJax's menu load ``a11y/*``, ``sre/mathmaps/*.json`` and ``input/mml`` on demand;
:data:`MATHJAX_A11Y_PARTS` copies just those (English and Nemeth), so they work
offline and cost nothing until a reader turns them on. ``_static/a11y.css``
(``html_css_files``) fixes the theme's colours that fail WCAG contrast.

**A notebook download.** sphinx-book-theme offers ``.ipynb`` in its download menu
only when launch buttons (Binder, Colab, ...) are configured. For every page with a
paired notebook next to its source, this extension writes that ``.ipynb`` (the
committed one, whose inputs and outputs the tests keep equal to the ``.md``) into
``_sources/``, with a first cell that says what the notebook needs
(:mod:`tools.notebooks`), and sets ``ipynb_source`` so the theme adds the menu entry.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from tools.latex import shape_latex_tree
from tools.notebooks import write_for_download

#: Files and folders below the package's ``static/mathjax`` that the book uses.
MATHJAX_PARTS: tuple[str, ...] = (
    "tex-chtml.js",
    "input/tex/extensions",
    "output/chtml/fonts/woff-v2",
)

#: What MathJax's menu loads when a reader turns on Accessibility → Explorer (or
#: speech, Braille): the a11y components, the Speech Rule Engine with its English
#: and Nemeth rule sets, and the MathML input the enrichment parses. No page asks
#: for them until then, so they add nothing to a page's weight.
MATHJAX_A11Y_PARTS: tuple[str, ...] = (
    "a11y",
    "input/mml.js",
    "input/mml/entities.js",
)

#: The Speech Rule Engine's rule sets the book ships (``sre/mathmaps/<name>.json``):
#: the shared base, English speech, Nemeth Braille.
SPEECH_MAPS: tuple[str, ...] = ("base", "en", "nemeth")

#: SRE fetches its rule sets with XMLHttpRequest, which a browser refuses for a page
#: opened from ``file://``, so speech failed offline. The maps are shipped as scripts
#: instead (:func:`write_speech_maps`) and SRE's ``custom`` loader loads them with a
#: ``<script>`` tag. SRE reads the global ``SREfeature`` when it starts, before it
#: loads its first rule set. MathJax's ``a11y/sre`` replaces that object (to set the
#: maps' path) and sets its own ``custom`` loader, which falls back to XMLHttpRequest;
#: so ``SREfeature`` is an accessor whose objects always hand out this loader.
MATHJAX_CONFIG = """(() => {
  const custom = (locale) => new Promise((resolve, reject) => {
    const maps = (window.mlpbookSpeechMaps = window.mlpbookSpeechMaps || {});
    if (maps[locale]) { resolve(JSON.stringify(maps[locale])); return; }
    const script = document.createElement("script");
    script.src = MathJax.config.loader.paths.mathjax + "/sre/mathmaps/" + locale + ".js";
    script.onload = () => maps[locale] ? resolve(JSON.stringify(maps[locale])) : reject(locale);
    script.onerror = () => reject(locale);
    document.head.appendChild(script);
  });
  const keep = (value) => Object.defineProperty(Object.assign({}, value), "custom",
    {enumerable: true, get: () => custom, set: () => {}});
  let feature = keep({});
  Object.defineProperty(window, "SREfeature", {configurable: true, get: () => feature,
    set: (value) => { feature = keep(value); }});
  // The menu re-renders the page as soon as the explorer's code has loaded; speech is
  // not ready yet, MathJax asks for a retry, and the menu drops it (the formulas vanish).
  // Let MathJax retry.
  window.addEventListener("load", () => window.MathJax && MathJax.startup &&
    MathJax.startup.promise.then(() => {
      const menu = MathJax.startup.document.menu;
      if (!menu) { return; }
      const rerender = menu.rerender;
      menu.rerender = function (...args) {
        return MathJax._.mathjax.mathjax.handleRetriesFor(() => rerender.apply(this, args));
      };
    }));
})();"""

#: The theme's Font Awesome script tag (any relative path, any digest).
FONTAWESOME_TAG = re.compile(
    r'[ \t]*<script defer src="[^"]*_static/scripts/fontawesome\.js(\?[^"]*)?"></script>\n?'
)


def mathjax_source() -> Path:
    """Return the ``static/mathjax`` folder of the installed sphinx-mathjax-offline."""
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or spec.origin is None:
        raise ExtensionError(
            "sphinx-mathjax-offline is not installed; run `make book`, which installs "
            "requirements.lock"
        )
    return Path(spec.origin).parent / "static" / "mathjax"


def copy_mathjax(destination: Path) -> list[Path]:
    """Copy :data:`MATHJAX_PARTS` and :data:`MATHJAX_A11Y_PARTS` into *destination*
    and return the copied paths."""
    source = mathjax_source()
    copied = []
    for part in MATHJAX_PARTS + MATHJAX_A11Y_PARTS:
        src, dst = source / part, destination / part
        if not src.exists():
            raise ExtensionError(f"MathJax file missing from sphinx-mathjax-offline: {src}")
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst)
        copied.append(dst)
    return copied


def write_speech_maps(destination: Path) -> list[Path]:
    """Write each of :data:`SPEECH_MAPS` as ``destination/<name>.js``, a script that
    stores the JSON rule set in ``window.mlpbookSpeechMaps``; return the paths."""
    source = mathjax_source() / "sre" / "mathmaps"
    destination.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SPEECH_MAPS:
        data = (source / f"{name}.json").read_text(encoding="utf-8")
        json.loads(data)  # a JSON object is a JavaScript object literal
        target = destination / f"{name}.js"
        target.write_text(
            "(window.mlpbookSpeechMaps = window.mlpbookSpeechMaps || {})"
            f"[{json.dumps(name)}] = {data};\n",
            encoding="utf-8",
        )
        written.append(target)
    return written


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


def _refresh_notebook_downloads(app: Sphinx) -> None:
    """Write every page's download copy again: an incremental build writes only the
    pages whose source changed, but ``make sync`` may have rewritten any ``.ipynb``."""
    for docname in app.env.found_docs:
        notebook = Path(app.srcdir) / f"{docname}.ipynb"
        served = Path(app.outdir) / "_sources" / f"{docname}.ipynb"
        if notebook.is_file() and served.is_file():
            write_for_download(notebook, served)


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        _refresh_notebook_downloads(app)
        outdir = Path(app.outdir)
        copy_mathjax(outdir / "_static" / "mathjax")
        write_speech_maps(outdir / "_static" / "mathjax" / "sre" / "mathmaps")
        drop_fontawesome_script(outdir)
        fix_citation_roles(outdir)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the MathJax copy, the script removal, the notebook download and the
    PDF's structure (:mod:`tools.latex`)."""
    # sphinx-book-theme builds its download menu at priority 501; run before it.
    app.connect("html-page-context", _add_notebook_download, priority=400)
    app.connect("build-finished", _on_build_finished)
    # before MathJax's own <script> (priority 500), so MathJax reads it when it starts
    app.add_js_file(None, body=MATHJAX_CONFIG, priority=450)
    app.add_js_file(None, body=SCROLL_FOCUS_SCRIPT)
    app.connect("doctree-resolved", shape_latex_tree)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
