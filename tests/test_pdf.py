"""The whole-book PDF (``make pdf``): complete, resolved, embedded fonts, within margins.

``make test`` builds the PDF first; run alone, these tests build it if it is
missing. They need TeX Live and poppler-utils (README, "PDF").
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import jupytext
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "_build" / "pdf" / "book.pdf"
LOG = ROOT / "_build" / "latex" / "book.log"
#: The widest line LaTeX may set past the margin.
OVERFULL_LIMIT_PT = 20.0


def _docs() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [c["file"] for part in toc["parts"] for c in part["chapters"]]


def _letters(text: str) -> str:
    """Lower-case letters only: line breaks, hyphenation, ligatures and math glyphs
    of pdftotext's output do not matter."""
    text = text.replace("ﬁ", "fi").replace("ﬂ", "fl").replace("ﬀ", "ff")
    return re.sub(r"[^a-z]", "", text.lower())


def title(doc: str) -> str:
    """The first ``#`` heading of a page."""
    for line in (ROOT / f"{doc}.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise AssertionError(f"{doc}.md has no title")


def captions(doc: str) -> list[str]:
    """Figure captions of a page's code cells (``mystnb: figure: caption:``)."""
    notebook = jupytext.read(ROOT / f"{doc}.md")
    out = []
    for cell in notebook.cells:
        figure = cell.metadata.get("mystnb", {}).get("figure", {})
        if "caption" in figure:
            out.append(figure["caption"])
    return out


def text_fragments(caption: str) -> list[str]:
    """The prose of a caption between its ``$math$`` pieces (math is checked by
    LaTeX itself; its glyphs come out of pdftotext in no fixed order) and its roles
    (``{numref}`fig-x``` becomes "Fig. 3.2" in the PDF)."""
    pieces = re.split(r"\$[^$]*\$|\{\w+\}`[^`]*`", caption)
    return [part for part in pieces if len(_letters(part)) >= 4]


def overfull_boxes(log: str) -> list[tuple[float, str]]:
    """(width in pt, log line) of every overfull ``\\hbox`` in a LaTeX log."""
    return [
        (float(m.group(1)), m.group(0))
        for m in re.finditer(r"Overfull \\hbox \(([\d.]+)pt too wide\)[^\n]*", log)
    ]


def unembedded_fonts(pdffonts_output: str) -> list[str]:
    """Names of fonts whose ``emb`` column is not ``yes`` in ``pdffonts`` output."""
    lines = pdffonts_output.splitlines()
    header = lines[0]
    emb = header.index("emb")
    return [line.split()[0] for line in lines[2:] if line[emb : emb + 3] != "yes"]


@pytest.fixture(scope="module")
def pdf() -> Path:
    if not PDF.exists():
        subprocess.run(["make", "pdf"], cwd=ROOT, check=True)
    return PDF


@pytest.fixture(scope="module")
def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_tools_are_installed():
    for tool in ("pdftotext", "pdffonts", "xelatex", "rsvg-convert"):
        assert shutil.which(tool), f"{tool} missing: see README.md (PDF) for the packages"


@pytest.mark.parametrize("doc", _docs())
def test_every_page_title_is_in_the_pdf(pdf_text: str, doc: str):
    assert _letters(title(doc)) in _letters(pdf_text), title(doc)


@pytest.mark.parametrize("doc", [d for d in _docs() if (ROOT / f"{d}.ipynb").exists()])
def test_every_figure_caption_is_in_the_pdf(pdf_text: str, doc: str):
    found = captions(doc)
    assert found or doc.startswith("solutions/"), f"{doc}: no captions found"
    text = _letters(pdf_text)
    for caption in found:
        for fragment in text_fragments(caption):
            assert _letters(fragment) in text, f"{doc}: caption {caption!r}"


def test_chapters_are_numbered_as_in_the_html(pdf_text: str):
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    numbered = [c["file"] for p in toc["parts"] if p.get("numbered") for c in p["chapters"]]
    preface = re.search(r"^\f?PREFACE$", pdf_text, re.MULTILINE)  # the chapter heading
    assert preface, "no Preface chapter"
    contents = pdf_text[: preface.start()]
    for number, doc in enumerate(numbered, start=1):
        # its line in the table of contents (after a page break, the line starts with \f)
        entry = rf"^\f?{number} {re.escape(title(doc))}$"
        assert re.search(entry, contents, re.MULTILINE), f"{doc} is not chapter {number}"
        assert re.search(rf"^{number}\.1 ", pdf_text, re.MULTILINE), f"no section {number}.1"
    unnumbered = [c["file"] for p in toc["parts"] if not p.get("numbered") for c in p["chapters"]]
    for doc in unnumbered:
        entries = re.findall(rf"^\f?{re.escape(title(doc))}(?: +\d+)?$", contents, re.MULTILINE)
        assert len(entries) == 1, f"{doc}: {len(entries)} unnumbered entries in the contents"


def test_no_unresolved_reference(pdf_text: str):
    assert "??" not in pdf_text
    assert "[?]" not in pdf_text  # an unresolved citation


def test_figures_are_vector_graphics_not_text_reprs(pdf_text: str):
    assert "<Figure size" not in pdf_text


def test_every_font_is_embedded(pdf: Path):
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    assert len(out.stdout.splitlines()) > 2, out.stdout
    assert unembedded_fonts(out.stdout) == []


def test_no_line_runs_far_past_the_margin(pdf: Path):
    boxes = overfull_boxes(LOG.read_text(encoding="utf-8", errors="replace"))
    wide = [line for width, line in boxes if width > OVERFULL_LIMIT_PT]
    assert wide == [], wide


# ---- the checks above catch what they look for ----


def test_overfull_parser_reads_widths():
    log = "x\nOverfull \\hbox (25.5pt too wide) in paragraph at lines 3--4\nUnderfull \\hbox\n"
    assert overfull_boxes(log) == [
        (25.5, "Overfull \\hbox (25.5pt too wide) in paragraph at lines 3--4")
    ]


def test_font_parser_flags_an_unembedded_font():
    out = (
        "name                                 type              encoding         emb sub uni\n"
        "------------------------------------ ----------------- ---------------- --- --- ---\n"
        "ABCDEF+FreeSerif                     CID Type 0C       Identity-H       yes yes yes\n"
        "Helvetica                            Type 1            WinAnsi          no  no  no \n"
    )
    assert unembedded_fonts(out) == ["Helvetica"]


def test_caption_fragments_skip_math():
    assert text_fragments("ReLU on $[-8, 8)$.") == ["ReLU on "]
    assert text_fragments("Derivative of ReLU; 0 at $x = 0$ by the left-hand convention.") == [
        "Derivative of ReLU; 0 at ",
        " by the left-hand convention.",
    ]
