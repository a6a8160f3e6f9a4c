"""Build tooling of the book, kept out of the ``mlpbook`` package readers import.
Every module (``tests/test_package.py`` keeps this list current); each script is
started one way, ``python -m tools.NAME``:

* :mod:`tools.commands` — the one home of the Jupyter Book flags and the pytest
  command line that the Makefile and the scripts share;
* :mod:`tools.sphinxext` — the Sphinx extension (page weight, notebook downloads,
  the book's stylesheets);
* :mod:`tools.mathrender` — math typeset at build time: MathJax run in Node
  (``tools/mathjax_render.cjs``) writes each formula's HTML and MathML into the page;
* :mod:`tools.explorers` — the interactive explorers: the ``explorer`` directive and
  the formulas printed to JavaScript from the SymPy expressions;
* :mod:`tools.unusedcss` — the theme stylesheet without the rules that can match
  nothing in the book (used by :mod:`tools.sphinxext`);
* :mod:`tools.latex` — the PDF's structure matches the HTML book (used by
  :mod:`tools.sphinxext`);
* :mod:`tools.notebooks` — the first cell of a downloaded notebook;
* :mod:`tools.sync` — ``make sync``: execute pages and write their ``.ipynb``;
* :mod:`tools.pairing` — every ``.md`` page and its ``.ipynb`` hold the same cells
  (``make book`` checks it first: the book is built from the ``.ipynb``);
* :mod:`tools.portability` — ``make portability``: nbval under other CPU profiles;
* :mod:`tools.dist` — ``make dist``: the PDF, the notebooks bundle, the offline site;
* :mod:`tools.bench` — ``make bench``: build, test and speed figures;
* :mod:`tools.devtools` — developer commands behind the Makefile (``make lab``).

``tools/system-deps.sh`` (not a module) installs the Debian packages ``make test``
needs, as root, and is the first thing ``make test`` runs.
"""
