"""Drop the theme stylesheet's rules that can match nothing in the built book.

pydata-sphinx-theme ships one stylesheet of 312 KB (Bootstrap's components and
utilities among them) that every page loads; most of its rules name a class that no
page of this book has and no script adds. A selector needs every class it names, so a
selector naming such a class matches no element, whatever the page's state, its
theme (light or dark) or the window's width: it can go. What stays:

* every selector whose classes all occur on some page (``class="…"``) or as a word in
  some script under the output folder (the theme's scripts add classes such as
  ``show`` by name);
* every selector with parentheses (``:not(.x)``, ``:is(.x, .y)``), which this simple
  reading does not judge, and every rule without a selector list (``@font-face``,
  ``@keyframes``); ``@media``, ``@supports`` and ``@layer`` blocks are read inside.

:func:`drop_unused_rules` runs at the end of the HTML build (:mod:`tools.sphinxext`).
"""

from __future__ import annotations

import re
from pathlib import Path

#: A class in a selector (escaped characters are not used by the theme's classes).
CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
#: A word of a script: a class a script adds by name is one of these.
WORD = re.compile(r"[A-Za-z_][\w-]*")
#: At-rules whose block holds ordinary rules, read recursively.
GROUPING = ("@media", "@supports", "@layer", "@container")


def classes_in_use(outdir: Path) -> set[str]:
    """The classes of every page's elements, and every word of every script."""
    alive: set[str] = set()
    for page in outdir.rglob("*.html"):
        for value in re.findall(r'class="([^"]*)"', page.read_text(encoding="utf-8")):
            alive.update(value.split())
    for script in outdir.rglob("*.js"):
        alive.update(WORD.findall(script.read_text(encoding="utf-8", errors="replace")))
    return alive


def _split_selectors(selectors: str) -> list[str]:
    """The selectors of a list, split at the commas outside parentheses."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(selectors):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(selectors[start:i])
            start = i + 1
    parts.append(selectors[start:])
    return parts


def _closing_brace(css: str, opening: int) -> int:
    depth = 0
    for i in range(opening, len(css)):
        if css[i] == "{":
            depth += 1
        elif css[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError(f"unbalanced braces in the stylesheet after offset {opening}")


def purge(css: str, alive: set[str]) -> str:
    """``css`` without the selectors that name a class outside ``alive`` (module
    docstring); a rule left without selectors goes, and so does an emptied block."""
    out, i = [], 0
    while True:
        opening = css.find("{", i)
        if opening < 0:
            out.append(css[i:])
            return "".join(out)
        closing = _closing_brace(css, opening)
        head, body = css[i:opening], css[opening + 1 : closing]
        name = head.strip()
        if name.startswith(GROUPING):
            inner = purge(body, alive)
            if inner.strip():
                out.append(f"{head}{{{inner}}}")
        elif name.startswith("@"):
            out.append(css[i : closing + 1])
        else:
            kept = [
                s
                for s in _split_selectors(head)
                if "(" in s or all(c in alive for c in CLASS.findall(s))
            ]
            if kept:
                out.append(",".join(kept) + "{" + body + "}")
        i = closing + 1


def drop_unused_rules(outdir: Path, stylesheet: Path) -> tuple[int, int]:
    """Purge ``outdir/_static/stylesheet`` in place; return its sizes before and after
    in bytes (equal when the file is missing)."""
    path = outdir / "_static" / stylesheet
    if not path.is_file():
        return 0, 0
    before = path.read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", before, flags=re.S)
    after = purge(css, classes_in_use(outdir))
    path.write_text(after, encoding="utf-8")
    return len(before.encode()), len(after.encode())
