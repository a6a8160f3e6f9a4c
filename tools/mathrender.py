"""Math typeset when the book is built: no page loads a TeX typesetter.

Sphinx writes each formula as TeX inside an element of class ``math`` (``\\(…\\)``
inline, ``\\[…\\]`` displayed, with the equation number in a ``<span class="eqno">``
beside it), and myst-nb does the same for a notebook's LaTeX output
(``<div class="output text_latex math …">``). A browser would load MathJax (1.2 MB
of script) to turn them into CommonHTML. Instead, at ``build-finished``,
:func:`render_book` hands every such element's content to MathJax 3 running in Node
(``tools/mathjax_render.cjs``, the npm package ``mathjax-full`` pinned by
``package.json`` and ``package-lock.json``; ``make book`` runs ``npm ci``) and writes
the CommonHTML back into the page. What the page then carries:

* the same CommonHTML a browser's MathJax would have made (same fonts, same
  spacing; the scale is fixed at :data:`SCALE`, the one the browser's MathJax chose
  for body text in this theme),
* for screen readers, each formula as MathML beside it (MathJax's "assistive
  MathML": an ``<mjx-assistive-mml>`` that is visually hidden, while the visible
  glyphs are ``aria-hidden``),
* one stylesheet for the whole book, ``_static/mathjax-chtml.css`` (the web fonts
  and the glyphs the book uses), linked from every page.

The equation numbers and their anchors are Sphinx's, untouched, so numbering and
cross-references are as before. Readers never need Node; the build does.

Sphinx's own MathJax ``<script>`` is not written at all: the extension registers an
HTML math renderer, :data:`RENDERER`, that writes the same markup as
``sphinx.ext.mathjax`` but installs no script (``_config.yml`` selects it with
``html_math_renderer``). The PDF does not use an HTML math renderer.

An incremental build rewrites only some pages, but the stylesheet must cover all of
them: the TeX of every page is kept in ``mathrender.json`` beside Sphinx's doctrees
(not in the site) and the stylesheet is made from all of it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).with_name("mathjax_render.cjs")
NODE_MODULES = ROOT / "node_modules"
#: The HTML math renderer this module registers (``html_math_renderer`` in _config.yml).
RENDERER = "mlpbook_prerender"
#: The stylesheet, below ``_static``.
STYLESHEET = "mathjax-chtml.css"
#: Where the web fonts go, below ``_static`` (the stylesheet points there).
FONTS = "mathjax/woff-v2"
#: Font size of the formulas relative to the text (MathJax's ``scale``). A browser's
#: MathJax matches the x-height of the surrounding font; with this theme's body text
#: it chose 127.3 % (measured in Chromium), which is fixed here for every formula.
SCALE = 1.273
#: The record of every page's TeX (for the stylesheet of an incremental build).
RECORD = "mathrender.json"

#: An element whose content a browser's MathJax would typeset here: Sphinx's
#: ``span.math``/``div.math`` and myst-nb's ``div.output.text_latex.math``. Their
#: content holds no element of the same tag (an equation number is a ``<span>`` inside
#: a ``<div>``), so the first closing tag ends it.
MATH_ELEMENT = re.compile(
    r'(<(span|div) class="(?:[^"]* )?math(?: [^"]*)?"[^>]*>)(.*?)(</\2>)', re.DOTALL
)
RENDERED = "<mjx-container"


#: What MathJax writes that a static page does not need, removed from every formula:
#: the font size and position each container repeats (one CSS rule, :data:`SLIM_CSS`,
#: sets them), MathJax's own TeX class hints in the MathML, and the MathML namespace
#: (an HTML parser puts ``<math>`` in it anyway). About 10 % of the markup.
SLIM: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf' style="font-size: {SCALE * 100:.1f}%; position: relative;"'), ""),
    (re.compile(r' data-mjx-texclass="[A-Z]+"'), ""),
    (re.compile(r' xmlns="http://www\.w3\.org/1998/Math/MathML"'), ""),
)
SLIM_CSS = (
    f'\nmjx-container[jax="CHTML"] {{ font-size: {SCALE * 100:.1f}%; position: relative; }}\n'
)


def slim(fragment: str) -> str:
    """A typeset fragment without what :data:`SLIM` lists."""
    for pattern, replacement in SLIM:
        fragment = pattern.sub(replacement, fragment)
    return fragment


def _math_render_visitors() -> tuple[tuple[Any, None], tuple[Any, None]]:
    from sphinx.ext import mathjax

    return (mathjax.html_visit_math, None), (mathjax.html_visit_displaymath, None)


def find_math(html: str) -> list[re.Match[str]]:
    """The math elements of a page that still hold TeX."""
    return [m for m in MATH_ELEMENT.finditer(html) if RENDERED not in m.group(3)]


def typeset(pages: list[list[str]], font_url: str) -> tuple[list[list[str]], str]:
    """Typeset the TeX in each fragment (the inner HTML of a math element) with
    MathJax in Node; return the fragments with CommonHTML in place of the TeX, and
    the stylesheet they all need."""
    node = shutil.which("node")
    if node is None:
        raise ExtensionError(
            "Node.js is needed to build the book (it typesets the math); install it "
            "(Debian: apt-get install -y nodejs npm) and run `make book`"
        )
    if not (NODE_MODULES / "mathjax-full").is_dir():
        raise ExtensionError(
            "node_modules/mathjax-full is missing: run `make book` (it runs `npm ci`)"
        )
    request = {
        "fontURL": font_url,
        "chtml": {"matchFontHeight": False, "scale": SCALE},
        "pages": pages,
    }
    done = subprocess.run(
        [node, str(SCRIPT)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise ExtensionError(f"MathJax in Node failed:\n{done.stderr[-3000:]}")
    answer = json.loads(done.stdout)
    return answer["pages"], answer["css"]


def _relative_static(page: Path, outdir: Path) -> str:
    depth = len(page.relative_to(outdir).parts) - 1
    return "../" * depth + "_static/"


def render_book(outdir: Path, record_path: Path) -> dict[str, int]:
    """Typeset every page below ``outdir`` that still holds TeX, write the
    stylesheet and the fonts; return ``{page: formulas typeset}``. ``record_path``
    keeps every page's TeX between builds."""
    record: dict[str, list[str]] = {}
    if record_path.is_file():
        record = json.loads(record_path.read_text(encoding="utf-8"))
    todo: dict[str, tuple[Path, str, list[re.Match[str]]]] = {}
    for page in sorted(outdir.rglob("*.html")):
        if page.relative_to(outdir).parts[0] == "_static":
            continue
        html = page.read_text(encoding="utf-8")
        found = find_math(html)
        name = page.relative_to(outdir).as_posix()
        if found:
            todo[name] = (page, html, found)
            record[name] = [m.group(3) for m in found]
        elif RENDERED not in html:
            record.pop(name, None)
    css_path = outdir / "_static" / STYLESHEET
    if not todo and css_path.is_file():
        return {}
    names = sorted(record)
    rendered, css = typeset([record[n] for n in names], FONTS)
    counts = {}
    for name, fragments in zip(names, rendered, strict=True):
        if name not in todo:
            continue
        page, html, found = todo[name]
        pieces, last = [], 0
        for match, fragment in zip(found, fragments, strict=True):
            pieces += [html[last : match.start(3)], slim(fragment)]
            last = match.end(3)
        pieces.append(html[last:])
        page.write_text("".join(pieces), encoding="utf-8")
        counts[name] = len(found)
    css_path.parent.mkdir(parents=True, exist_ok=True)
    css_path.write_text(css + SLIM_CSS, encoding="utf-8")
    fonts = NODE_MODULES / "mathjax-full" / "es5" / "output" / "chtml" / "fonts" / "woff-v2"
    shutil.copytree(fonts, outdir / "_static" / FONTS, dirs_exist_ok=True)
    record_path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return counts


def _select_renderer(app: Sphinx, config: Any) -> None:
    if getattr(config, "html_math_renderer", None) in (None, "mathjax"):
        config.html_math_renderer = RENDERER


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        render_book(Path(app.outdir), Path(app.doctreedir) / RECORD)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the renderer, the stylesheet and the build-finished step."""
    inline, block = _math_render_visitors()
    app.add_html_math_renderer(RENDERER, inline, block)
    app.connect("config-inited", _select_renderer)
    app.add_css_file(STYLESHEET)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
