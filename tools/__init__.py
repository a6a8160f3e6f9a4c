"""Build tooling of the book, kept out of the ``mlpbook`` package readers import.
Every module (``tests/test_package.py`` keeps this list current); each script is
started one way, ``python -m tools.NAME``:

* :mod:`tools.commands` — the one home of the Jupyter Book flags and the pytest
  command line that the Makefile and the scripts share;
* :mod:`tools.sphinxext` — the Sphinx extension (offline MathJax, page weight,
  notebook downloads);
* :mod:`tools.latex` — the PDF's structure matches the HTML book (used by
  :mod:`tools.sphinxext`);
* :mod:`tools.notebooks` — the first cell of a downloaded notebook;
* :mod:`tools.sync` — ``make sync``: execute pages and write their ``.ipynb``;
* :mod:`tools.portability` — ``make portability``: nbval under other CPU profiles;
* :mod:`tools.dist` — ``make dist``: the PDF, the notebooks bundle, the offline site;
* :mod:`tools.bench` — ``make bench``: build, test and speed figures;
* :mod:`tools.devtools` — developer commands behind the Makefile (``make lab``).

``tools/system-deps.sh`` (not a module) installs the Debian packages ``make test``
needs, as root, and is the first thing ``make test`` runs.
"""
