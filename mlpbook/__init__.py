"""mlpbook: the helper library of the course book *Multilayer Perceptrons, derived*.

* :mod:`mlpbook.symbolic` — every activation as a SymPy expression, derivatives by
  ``sympy.diff``, LaTeX, and a high-precision mpmath reference.
* :mod:`mlpbook.activations` — stable NumPy implementations and the ``REGISTRY``.
* :mod:`mlpbook.mlp` — the MLP: parameters, the single forward pass, softmax
  cross-entropy and its backward pass, minibatch SGD.
* :mod:`mlpbook.data` — scikit-learn's bundled digits (no download) and toy problems.
* :mod:`mlpbook.numerics` — naive forms, ULP measurement, error tables.
* :mod:`mlpbook.pagecode` — ``assert_identical``: the one tie between the code a page
  teaches and the library's copy of it.
* :mod:`mlpbook.plotting` — ``plot`` and ``draw_network``, deterministic SVG.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
