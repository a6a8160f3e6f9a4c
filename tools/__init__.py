"""Build tooling of the book, kept out of the ``mlpbook`` package readers import.

* :mod:`tools.sphinxext` — the Sphinx extension (offline MathJax, page weight,
  notebook downloads);
* :mod:`tools.bench` — ``make bench``;
* :mod:`tools.devtools` — developer commands behind the Makefile.
"""
