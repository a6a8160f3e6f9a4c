"""Drive the system Chromium over the built book: page checks, screenshots, weight.

Used by ``tests/test_browser.py`` and by ``make screenshots`` / ``make bench``
(``python -m tests.browser find|screenshots|weight``). Chromium is the system's (found by
:func:`find_chromium`: ``$CHROMIUM``, else ``chromium``, ``chromium-browser`` or
``google-chrome`` on ``PATH``), driven by Playwright without ``playwright install``.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
#: Looked up on ``PATH`` in this order when the ``CHROMIUM`` variable is not set.
CHROMIUM_NAMES: tuple[str, ...] = ("chromium", "chromium-browser", "google-chrome")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: How long a page may take to load or settle. Generous: `make test` runs the CPU
#: profiles on the other core at the same time (these are waits, not timing
#: assertions; a broken page still fails, only later).
PAGE_TIMEOUT_MS = 120_000
#: The heaviest page (HTML + every file it requests) must stay below this (issue 25's
#: target; issue 8's limit was 2 MB). The heaviest, derivatives, was 1.89 MB before
#: the theme's search index, its unused icon rules and glyphs and sphinx-design's
#: stylesheet left the pages (tools/sphinxext.py); `make bench` prints every page.
PAGE_WEIGHT_LIMIT = 1_500_000
#: No script that a page loads may be larger than this (issue 25: the math is typeset
#: at build time, so no page needs MathJax's 1.2 MB).
SCRIPT_LIMIT = 100_000
#: Sphinx's search index: data that grows with the book, not code (105 KB with ten
#: chapters). Only ``search.html`` loads it, with ``defer``, which neither blocks the
#: parser nor the first paint (the other pages load no search script at all, see
#: tools/sphinxext.py); it is held to a limit of its own.
SEARCH_INDEX = "searchindex.js"
SEARCH_INDEX_LIMIT = 200_000


class ChromiumMissing(RuntimeError):
    """Raised when no Chromium is found (see :func:`find_chromium`)."""


def find_chromium() -> Path:
    """The Chromium to drive: the ``CHROMIUM`` environment variable (a path, or a
    name looked up on ``PATH``) if set, else the first of :data:`CHROMIUM_NAMES` on
    ``PATH``. Raises :class:`ChromiumMissing` with what to do when there is none."""
    override = os.environ.get("CHROMIUM", "").strip()
    if override:
        found = shutil.which(override)
        if found is None:
            raise ChromiumMissing(
                f"CHROMIUM={override!r} is not an executable file: "
                "point it at a Chromium or Chrome binary, or unset it to search PATH"
            )
        return Path(found)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found is not None:
            return Path(found)
    raise ChromiumMissing(
        f"no Chromium found: none of {', '.join(CHROMIUM_NAMES)} is on PATH and CHROMIUM "
        "is not set. Install one (Debian: `apt-get install -y chromium`; make test does "
        "this as root, tools/system-deps.sh) or set CHROMIUM=/path/to/chrome"
    )


def toc_pages(root: Path = ROOT) -> list[str]:
    """Every document of ``_toc.yml``, in order (``intro``, ``chapters/mlp``, …)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf8"))
    pages = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                pages.append(entry["file"])
            for key in ("chapters", "sections", "parts"):
                walk(entry.get(key, []))

    walk(toc.get("parts", []) + toc.get("chapters", []))
    return pages


def page_path(doc: str, html: Path = HTML) -> Path:
    """The built HTML file of a toc document (the root becomes index.html's target)."""
    return html / f"{doc}.html"


@contextmanager
def browser() -> Iterator[object]:
    """A headless Chromium (the system one) that may reach nothing but file://."""
    executable = find_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(executable), args=FLAGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class PageReport:
    """What loading one page showed."""

    doc: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def failures(self) -> list[str]:
        out = [f"request to {u}" for u in self.requests if not u.startswith("file://")]
        out += [f"console error: {m}" for m in self.console_errors]
        out += [f"page error: {m}" for m in self.page_errors]
        return out + self.problems


_MATH_JS = """
() => {
  const nodes = Array.from(document.querySelectorAll('.math'));
  const unrendered = nodes.filter(n => !n.querySelector('mjx-container'))
                          .map(n => n.textContent.slice(0, 60));
  const containers = Array.from(document.querySelectorAll('.math mjx-container'));
  const withoutMathml = containers.filter(c =>
      !c.querySelector('mjx-assistive-mml > math') ||
      c.querySelector('mjx-math').getAttribute('aria-hidden') !== 'true')
    .map(c => c.textContent.slice(0, 60));
  const clone = document.querySelector('main').cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, mjx-container, .math')
       .forEach(n => n.remove());
  const fonts = Array.from(document.fonts).filter(f => f.family.startsWith('MJXTEX'));
  return {typesetter: Boolean(window.MathJax) ||
            Array.from(document.scripts).some(s => /mathjax|katex/i.test(s.src)),
          nodes: nodes.length, containers: containers.length, unrendered, withoutMathml,
          fontsFailed: fonts.filter(f => f.status === 'error').map(f => f.family),
          text: clone.innerText};
}
"""

_IMAGES_JS = """
() => Array.from(document.querySelectorAll('main img')).map(img => ({
  src: img.getAttribute('src'), alt: img.getAttribute('alt') || '',
  width: img.naturalWidth, complete: img.complete}))
"""

RAW_TEX = re.compile(r"\$\$|\\\(|\\\)|\\\[|\\\]|(?<![\w])\$[^\s$][^$]*\$|\$\S")


def open_page(context: object, doc: str, html: Path = HTML) -> tuple[object, PageReport]:
    """Load ``doc`` and record every request, console error and page error."""
    report = PageReport(doc)
    page = context.new_page()
    page.on("request", lambda r: report.requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and report.console_errors.append(m.text))
    page.on("pageerror", lambda e: report.page_errors.append(str(e)))
    page.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
    page.goto(page_path(doc, html).as_uri(), wait_until="load")
    return page, report


def check_math(page: object, report: PageReport) -> None:
    """The math was typeset when the book was built (tools/mathrender.py): every math
    node holds MathJax's CommonHTML with its MathML for screen readers, no TeX
    typesetter is loaded, the math fonts load, and no raw TeX is visible."""
    page.evaluate("() => document.fonts.ready.then(() => true)")
    result = page.evaluate(_MATH_JS)
    if result["typesetter"]:
        report.problems.append("the page loads a TeX typesetter")
    if result["unrendered"]:
        report.problems.append(f"math not rendered: {result['unrendered'][:3]}")
    if result["containers"] != result["nodes"]:
        report.problems.append(
            f"{result['containers']} mjx-container for {result['nodes']} math nodes"
        )
    if result["withoutMathml"]:
        report.problems.append(f"formula without MathML: {result['withoutMathml'][:3]}")
    if result["fontsFailed"]:
        report.problems.append(f"math fonts did not load: {result['fontsFailed'][:3]}")
    raw = RAW_TEX.search(result["text"])
    if raw:
        start = max(raw.start() - 30, 0)
        report.problems.append(f"raw TeX visible: {result['text'][start : raw.end() + 30]!r}")


def check_images(page: object, report: PageReport) -> int:
    """Every image in the article loaded and has alt text; returns how many."""
    images = page.evaluate(_IMAGES_JS)
    for img in images:
        if not img["complete"] or img["width"] == 0:
            report.problems.append(f"image did not load: {img['src']}")
        if not img["alt"].strip():
            report.problems.append(f"image without alt text: {img['src']}")
    return len(images)


def _ids(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        text = path.read_text(encoding="utf8", errors="replace")
        cache[path] = set(re.findall(r'\bid="([^"]+)"', text))
    return cache[path]


#: The files ``make dist`` copies into the site's ``downloads/`` folder.
DOWNLOADS = ("book.pdf", "mlpbook-notebooks.zip")


def check_links(page: object, report: PageReport, cache: dict[Path, set[str]]) -> None:
    """Every link to a page or anchor of the book resolves. The links to the PDF and
    the notebooks bundle in ``downloads/`` are left to ``tests/test_dist.py``: ``make
    dist`` puts those files there, and ``make test`` runs it beside these tests."""
    hrefs = page.evaluate("() => Array.from(document.querySelectorAll('a[href]'), a => a.href)")
    for href in sorted(set(hrefs)):
        url = urlparse(href)
        if url.scheme != "file":
            continue
        target = Path(unquote(url.path))
        if target.parent.name == "downloads" and target.name in DOWNLOADS:
            continue
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            report.problems.append(f"broken link: {href}")
        elif url.fragment and target.suffix == ".html":
            if unquote(url.fragment) not in _ids(target, cache):
                report.problems.append(f"broken anchor: {href}")


#: Link texts that name nothing: a cross-reference must say where it leads.
GENERIC_LINK_TEXT = re.compile(
    r"^(|solution|solution to|solution to exercise|exercise|here|this|link|figure|"
    r"section|see|click here|page)\s*[.:]?$",
    re.IGNORECASE,
)


def generic_references(html_text: str) -> list[str]:
    """Internal cross-references in a page's article whose text is empty or generic
    (e.g. a sphinx-exercise link that reads only "Solution to")."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html_text, "html.parser")
    article = soup.select_one("article.bd-article") or soup
    bad = []
    for a in article.select("a.reference.internal"):
        if a.find_parent(class_="prev-next-area") or a.find_parent(class_="toctree-wrapper"):
            continue
        text = " ".join(a.get_text(" ").split())
        if a.find("img") is None and GENERIC_LINK_TEXT.match(text):
            bad.append(f"{text!r} → {a.get('href')}")
    return bad


_WIDTH_JS = """
() => {
  const article = document.querySelector('article.bd-article');
  const right = article.getBoundingClientRect().right;
  const style = getComputedStyle(article);
  const edge = right - parseFloat(style.paddingRight) + 1;
  const out = [];
  document.querySelectorAll('mjx-container[display="true"], article table').forEach(el => {
    const inner = el.tagName === 'TABLE' ? el : (el.querySelector('mjx-math') || el);
    const box = inner.getBoundingClientRect();
    const clipped = el.scrollWidth > el.clientWidth + 1;
    if (box.right > edge || clipped) {
      out.push({kind: el.tagName === 'TABLE' ? 'table' : 'equation',
                text: (el.textContent || '').slice(0, 60), width: Math.round(box.width),
                column: Math.round(edge - article.getBoundingClientRect().left)});
    }
  });
  return out;
}
"""


def check_widths(page: object, report: PageReport) -> None:
    """No display equation and no table is wider than the text column."""
    for item in page.evaluate(_WIDTH_JS):
        report.problems.append(
            f"{item['kind']} wider than the column ({item['width']} px > "
            f"{item['column']} px): {item['text']!r}"
        )


def set_dark(page: object) -> None:
    """Switch to the dark theme with the theme's own button (light → dark → auto)."""
    for _ in range(3):
        if page.evaluate("() => document.documentElement.dataset.theme") == "dark":
            return
        page.locator("button.theme-switch-button").first.click()
    raise AssertionError("the theme switch never reached dark mode")


def figure_background(page: object) -> list[tuple[str, float]]:
    """(src, share of light pixels) for each article image as drawn on screen: a
    figure is legible on the dark page when most of it is light (its background is
    opaque), with dark lines and text on it."""
    from PIL import Image

    out = []
    for img in page.locator("main img").all():
        img.scroll_into_view_if_needed()
        page.wait_for_timeout(50)
        png = Image.open(io.BytesIO(img.screenshot(animations="disabled"))).convert("L")
        histogram = png.histogram()
        light = sum(histogram[128:]) / max(sum(histogram), 1)
        out.append((img.get_attribute("src"), light))
    return out


def new_context(b: object, **kwargs: object) -> object:
    """A browser context whose waits all use :data:`PAGE_TIMEOUT_MS`."""
    context = b.new_context(**kwargs)
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    context.set_default_navigation_timeout(PAGE_TIMEOUT_MS)
    return context


def settle(page: object, timeout_ms: int = 30_000) -> None:
    """Wait until the page has made no request for 500 ms ("networkidle"), for at most
    ``timeout_ms``; on a machine busy with other test processes the page may not go
    quiet in time, and the requests recorded so far are then what is checked."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_load_state("networkidle", timeout=timeout_ms)
    except PlaywrightTimeout:
        pass


def page_files(context: object, doc: str, html: Path = HTML) -> dict[Path, int]:
    """Every file the page ``doc`` requested (its HTML included), with its size."""
    page, report = open_page(context, doc, html)
    check_math(page, report)
    settle(page)
    page.close()
    return requested_files(report)


def requested_files(report: PageReport) -> dict[Path, int]:
    """The local files among the requests of ``report``, with their sizes."""
    files = {}
    for url in set(report.requests):
        parsed = urlparse(url)
        if parsed.scheme == "file":
            path = Path(unquote(parsed.path))
            if path.is_file():
                files[path] = path.stat().st_size
    return files


def page_weight(context: object, doc: str, html: Path = HTML) -> int:
    """Bytes of the HTML and every file it actually requested."""
    return sum(page_files(context, doc, html).values())


def largest_script(files: dict[Path, int]) -> tuple[str, int]:
    """Name and size of the largest script among a page's files (``("", 0)`` if none),
    Sphinx's search index (:data:`SEARCH_INDEX`, data with a limit of its own) aside."""
    scripts = [
        (size, path.name)
        for path, size in files.items()
        if path.suffix == ".js" and path.name != SEARCH_INDEX
    ]
    size, name = max(scripts, default=(0, ""))
    return name, size


def open_in_mode(context: object, doc: str, mode: str, html: Path = HTML) -> object:
    """Open ``doc`` in the ``"light"`` or ``"dark"`` theme, whatever an earlier page
    chose. The theme keeps the reader's choice in localStorage (key ``mode``), which
    outlives a page; it is set before the theme's script reads it."""
    if mode not in ("light", "dark"):
        raise ValueError(f"mode must be 'light' or 'dark', got {mode!r}")
    page = context.new_page()
    page.add_init_script(
        f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
    )
    page.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
    page.goto(page_path(doc, html).as_uri(), wait_until="load")
    check_math(page, PageReport(doc))
    theme = page.evaluate("() => document.documentElement.dataset.theme")
    if theme != mode:
        raise AssertionError(f"{doc}: asked for the {mode} theme, the page shows {theme!r}")
    page.wait_for_timeout(200)
    return page


def _shoot(out: Path, shots: list[tuple[str, str, str | None]]) -> list[Path]:
    """For each (doc, file stem, explorer name or None) and each theme, open the doc
    at 1280 px and save ``out/STEM-THEME.png``: the explorer element if one is named,
    else the full page."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with browser() as b:
        context = new_context(b, viewport={"width": 1280, "height": 900})
        for doc, stem, explorer in shots:
            for mode in ("light", "dark"):
                page = open_in_mode(context, doc, mode)
                path = out / f"{stem}-{mode}.png"
                if explorer is None:
                    page.screenshot(path=str(path), full_page=True)
                else:
                    element = page.locator(f'[data-explorer="{explorer}"]')
                    element.scroll_into_view_if_needed()
                    element.screenshot(path=str(path), animations="disabled")
                written.append(path)
                page.close()
    return written


def screenshots(out: Path = ROOT / "_build" / "screenshots") -> list[Path]:
    """Full-page screenshots of every toc page, light and dark."""
    return _shoot(out, [(doc, doc.replace("/", "-"), None) for doc in toc_pages()])


#: Moves every visible range input of one explorer between its ends, ``repeat`` times,
#: and returns the mean wall time of one input event's handler (the synchronous
#: redraw) and of the handler followed by a forced style and layout of the page (what
#: the browser must do before it paints). Headless Chromium schedules its frames on a
#: timer, not a display, so the time to the next animation frame would measure that
#: timer; one frame at 60 Hz is 16.7 ms. The registry explorer is measured on Swish.
_REDRAW_JS = """async ([name, repeat]) => {
  const root = document.querySelector(`[data-explorer="${name}"]`);
  const pick = root.querySelector('select[name="activation"]');
  if (pick && name === "activation") {
    pick.value = "swish";
    pick.dispatchEvent(new Event("change", {bubbles: true}));
  }
  const inputs = Array.from(root.querySelectorAll('input[type="range"]'))
    .filter((i) => i.offsetParent !== null);
  let handler = 0, layout = 0, events = 0;
  for (let r = 0; r < repeat; r++) {
    for (const input of inputs) {
      const t0 = performance.now();
      input.value = r % 2 ? input.min : input.max;
      input.dispatchEvent(new Event("input", {bubbles: true}));
      const t1 = performance.now();
      void document.body.offsetHeight;
      root.querySelector("svg").getBoundingClientRect();
      const t2 = performance.now();
      handler += t1 - t0;
      layout += t2 - t0;
      events += 1;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  return {handler: handler / events, layout: layout / events, events};
}"""

#: Each explorer and its page (tools/explorers.py).
EXPLORER_PAGES: dict[str, str] = {
    "swish": "chapters/derivatives",
    "prelu": "chapters/derivatives",
    "softmax": "chapters/derivatives",
    "activation": "chapters/activations",
    "depth": "chapters/initialization",
}


def redraw_times(repeat: int = 20) -> dict[str, dict[str, float]]:
    """Mean redraw time of every explorer (see :data:`_REDRAW_JS`), in ms."""
    out = {}
    with browser() as b:
        context = new_context(b, viewport={"width": 1280, "height": 900})
        for name, doc in EXPLORER_PAGES.items():
            page, _ = open_page(context, doc)
            selector = f'[data-explorer="{name}"]'
            page.wait_for_function(f"() => !document.querySelector('{selector}').hidden")
            page.locator(selector).scroll_into_view_if_needed()
            out[name] = page.evaluate(_REDRAW_JS, [name, repeat])
            page.close()
    return out


def explorer_screenshots(out: Path = ROOT / "_build" / "screenshots") -> list[Path]:
    """A screenshot of every explorer, light and dark, at 1280 px."""
    shots = [(doc, f"explorer-{name}", name) for name, doc in EXPLORER_PAGES.items()]
    return _shoot(out, shots)


def main(argv: list[str]) -> int:
    try:
        return _main(argv)
    except ChromiumMissing as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def _defers_index(doc: str, html: Path = HTML) -> bool:
    """Whether the page's ``<script>`` of the search index carries ``defer``."""
    text = page_path(doc, html).read_text(encoding="utf-8")
    return bool(re.search(rf'<script defer src="[^"]*{re.escape(SEARCH_INDEX)}', text))


def _main(argv: list[str]) -> int:
    if argv[:1] == ["find"]:
        print(find_chromium())
        return 0
    if argv[:1] == ["screenshots"]:
        for path in screenshots() + explorer_screenshots():
            print(path.relative_to(ROOT))
        return 0
    if argv[:1] == ["weight"]:
        with browser() as b:
            context = new_context(b)
            files = {doc: page_files(context, doc) for doc in [*toc_pages(), "search"]}
        print(f"{'page':28s} {'weight':>9s}   largest script")
        for doc, found in files.items():
            name, size = largest_script(found)
            print(f"{doc:28s} {sum(found.values()) / 1e6:6.2f} MB   {name} {size / 1e3:.0f} KB")
        weights = {doc: sum(f.values()) for doc, f in files.items()}
        heaviest = max(weights, key=weights.__getitem__)
        scripts = {doc: largest_script(f) for doc, f in files.items()}
        biggest = max(scripts, key=lambda doc: scripts[doc][1])
        index = {
            doc: sum(s for p, s in f.items() if p.name == SEARCH_INDEX) for doc, f in files.items()
        }
        with_index = sorted(doc for doc, size in index.items() if size)

        def verdict(ok: bool) -> str:
            return "met" if ok else "NOT MET"

        print("targets (issue 25):")
        print(
            f"  heaviest page ≤ {PAGE_WEIGHT_LIMIT / 1e6:.1f} MB: {heaviest} "
            f"{weights[heaviest] / 1e6:.2f} MB: {verdict(weights[heaviest] <= PAGE_WEIGHT_LIMIT)}"
        )
        print(
            f"  no script over {SCRIPT_LIMIT / 1e3:.0f} KB on first paint: largest "
            f"{scripts[biggest][0]} {scripts[biggest][1] / 1e3:.0f} KB ({biggest}): "
            f"{verdict(scripts[biggest][1] <= SCRIPT_LIMIT)}"
        )
        deferred = [doc for doc in with_index if _defers_index(doc)]
        print(
            f"  search index {max(index.values()) / 1e3:.0f} KB, loaded by "
            f"{', '.join(with_index) or 'no page'} (with defer, not blocking the first paint: "
            f"{', '.join(deferred) or 'none'}); limit {SEARCH_INDEX_LIMIT / 1e3:.0f} KB: "
            f"{verdict(max(index.values()) <= SEARCH_INDEX_LIMIT)}"
        )
        return 0
    if argv[:1] == ["redraw"]:
        for name, t in redraw_times().items():
            print(
                f"{name:12s} handler {t['handler']:6.2f} ms   with style and layout "
                f"{t['layout']:6.2f} ms   ({t['events']} input events)"
            )
        return 0
    if argv[:1] == ["explorers"]:
        for path in explorer_screenshots():
            print(path.relative_to(ROOT))
        return 0
    print(
        "usage: python -m tests.browser find|screenshots|explorers|weight|redraw",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
