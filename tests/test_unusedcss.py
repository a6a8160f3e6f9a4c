"""The theme stylesheet loses only rules that can match nothing (tools/unusedcss.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.unusedcss import drop_unused_rules, purge

CSS = (
    ".used{color:red}"
    ".gone{color:blue}"
    ".used .gone,.used>p{margin:0}"
    "p:not(.gone){padding:0}"
    "@media (min-width:960px){.gone{top:0}.used.also{left:0}}"
    "@font-face{font-family:x;src:url(x.woff)}"
    "html[data-theme=dark] .used{color:white}"
)


def test_a_selector_naming_an_absent_class_goes_and_the_rest_stays() -> None:
    out = purge(CSS, {"used", "also"})
    assert ".gone{" not in out and ".used .gone" not in out
    for kept in (".used{color:red}", ".used>p{margin:0}", "p:not(.gone){padding:0}",
                 "@media (min-width:960px){.used.also{left:0}}", "@font-face{",
                 "html[data-theme=dark] .used{color:white}"):  # fmt: skip
        assert kept in out, kept


def test_an_emptied_media_block_goes() -> None:
    assert purge("@media print{.gone{top:0}}p{top:0}", set()) == "p{top:0}"


def test_unbalanced_braces_are_an_error() -> None:
    with pytest.raises(ValueError, match="unbalanced"):
        purge(".a{color:red", {"a"})


def test_classes_of_pages_and_words_of_scripts_count(tmp_path: Path) -> None:
    static = tmp_path / "_static"
    static.mkdir()
    (tmp_path / "page.html").write_text('<div class="used other">', encoding="utf-8")
    (static / "app.js").write_text('el.classList.add("shown")', encoding="utf-8")
    (static / "theme.css").write_text(".used{a:b}.shown{a:b}.gone{a:b}/* note */", "utf-8")
    before, after = drop_unused_rules(tmp_path, Path("theme.css"))
    assert (static / "theme.css").read_text(encoding="utf-8") == ".used{a:b}.shown{a:b}"
    assert after < before
