"""The PDF's structure matches the HTML book (used by :mod:`tools.sphinxext`).

Sphinx's LaTeX builder inlines every page of the table of contents into one
document tree under the landing page. Left alone, that gives a PDF unlike the
HTML book: the landing page's sections become chapters 1–5 and the chapters start
at 6, the exercise and solution pages are numbered although their part of the
table of contents is not, and references to exercises print "Exercise ??".
:func:`shape_latex_tree`, run on ``doctree-resolved`` for the LaTeX builder only:

* wraps the landing page's text in an unnumbered chapter, "Preface", whose
  sections become sections;
* numbers the chapters of numbered parts from 1 and leaves the other parts
  unnumbered (``secnumdepth`` switched at the start of each page), as in the HTML
  table of contents;
* points references to sphinx-exercise's exercises at the label sphinx-exercise
  writes, with the number the HTML shows.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

#: LaTeX's section numbering depth for numbered parts (chapters and sections).
NUMBERED_DEPTH = 2

PREFACE = "Preface"


def _raw(tex: str) -> nodes.raw:
    return nodes.raw("", tex + "\n", format="latex")


def _secnumdepth(depth: int) -> nodes.raw:
    return _raw(rf"\setcounter{{secnumdepth}}{{{depth}}}")


def _wrap_landing_page(tree: nodes.document) -> None:
    top = next(iter(tree.findall(nodes.section)), None)
    if top is None:
        return
    moved = [
        child
        for child in top.children[1:]  # after the book's title, which LaTeX sets apart
        if not any(True for _ in child.findall(addnodes.start_of_file))
    ]
    if not moved:
        return
    preface = nodes.section(ids=["preface"], names=["preface"])
    preface += nodes.title(PREFACE, PREFACE)
    index = top.index(moved[0])
    for child in moved:
        top.remove(child)
        preface += child
    top.insert(index, preface)
    top.insert(index, _secnumdepth(-1))


def _number_pages(app: Sphinx, tree: nodes.document) -> None:
    numbered = app.env.toc_secnumbers
    for start in tree.findall(addnodes.start_of_file):
        depth = NUMBERED_DEPTH if numbered.get(start["docname"]) else -1
        start.insert(0, _secnumdepth(depth))


def _exercise_references(app: Sphinx, tree: nodes.document) -> None:
    registry = getattr(app.env, "sphinx_exercise_registry", {})
    if not registry:
        return
    from sphinx_exercise.nodes import exercise_latex_number_reference

    for ref in list(tree.findall(addnodes.number_reference)):
        if isinstance(ref, exercise_latex_number_reference):
            continue
        target = ref.get("refid") or ref.get("refuri", "").rpartition("#")[2]
        if target in registry:
            new = exercise_latex_number_reference(refid=target)
            new += nodes.Text(ref.astext())
            ref.replace_self(new)


def shape_latex_tree(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved`` handler: reshape the LaTeX builder's assembled tree."""
    if app.builder.format != "latex" or docname != app.config.root_doc:
        return
    _exercise_references(app, doctree)
    if any(True for _ in doctree.findall(addnodes.start_of_file)):
        _number_pages(app, doctree)
        _wrap_landing_page(doctree)
