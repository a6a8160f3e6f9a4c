"""mlpbook: the helper library of the course book *Multilayer Perceptrons, derived*.

Every module, by layer: a module imports only from layers below its own
(``tests/test_package.py`` checks this list against the files and their imports).

Layer 0, argument checks:

* :mod:`mlpbook._validate` — one function per kind of argument (numbers, arrays,
  seeds, generators, layer lists, expressions); TypeError for the wrong kind,
  ValueError for a bad value.

Layer 1, mathematics:

* :mod:`mlpbook.symbolic` — every activation as a SymPy expression, derivatives by
  ``sympy.diff``, LaTeX, and a high-precision mpmath reference.

Layer 2, kernels:

* :mod:`mlpbook.activations` — stable NumPy implementations and the ``REGISTRY``
  (read from ``activations.toml``).

Layer 3, models and data:

* :mod:`mlpbook.mlp` — the MLP: parameters, the single forward pass, softmax
  cross-entropy and its backward pass, minibatch SGD.
* :mod:`mlpbook.data` — scikit-learn's bundled digits (no download) and toy problems.

Layer 4, Chapter 1's experiments on the MLP:

* :mod:`mlpbook.networks` — linear collapse, tanh↔sigmoid conversion, batch
  normalization, input-gradient norms, dead units, layer statistics.

Layer 5, analysis (numbers and records, no presentation):

* :mod:`mlpbook.numerics` — naive forms, ULP measurement, the grading grid.
* :mod:`mlpbook.finite_differences` — central differences against the library's
  derivatives and backpropagated gradients.
* :mod:`mlpbook.properties` — range, smoothness, symmetry of every activation,
  computed by SymPy (Chapter 3's table).
* :mod:`mlpbook.signal_propagation` — statistics of deep networks at initialization
  (activation spread and gradient norms layer by layer, Chapter 7).

Layer 6, presentation:

* :mod:`mlpbook.display` — LaTeX from the expressions, portable number formatting,
  the book's tables.
* :mod:`mlpbook.plotting` — ``plot`` and ``draw_network``, deterministic SVG.
* :mod:`mlpbook.pagecode` — ``assert_identical``: the one tie between the code a page
  teaches and the library's copy of it.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
