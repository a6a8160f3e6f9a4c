# Two commands for a fresh clone: `make book` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := book
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The Jupyter Book flags and the pytest command line have one home, tools/commands.py,
# which the scripts import; make asks it (after the venv exists, when a recipe runs).
JB_FLAGS = $(shell $(BIN)/python -m tools.commands jb-flags)
PYTEST_ARGS_UNBUILT = $(shell $(BIN)/python -m tools.commands pytest-args-unbuilt)
PYTEST_ARGS_BUILT = $(shell $(BIN)/python -m tools.commands pytest-args-built)

.PHONY: book test test-stream2 portability lint lab sync bench screenshots clean distclean lock venv help FORCE pdf dist system-deps

# Python >= 3.11 is required (requirements.lock pins versions that need it). The check
# runs before a venv is made, so an older Python fails with this message instead of
# "No matching distribution found for ...". It is Python 2 safe on purpose.
PYTHON_OK = import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)
# What identifies an interpreter: its version and the installation it belongs to.
PYTHON_ID = import sys; print(sys.version.split()[0], sys.base_prefix)
# An existing .venv is recreated when its Python is missing, broken or older than
# 3.11, or when PYTHON=... (command line or environment) names another interpreter.
VENV_STALE := $(shell \
  if [ -e $(VENV) ]; then \
    if ! $(BIN)/python -c '$(PYTHON_OK)' >/dev/null 2>&1; then echo yes; \
    elif [ "$(filter command environment,$(firstword $(origin PYTHON)))" ] && \
         [ "$$($(BIN)/python -c '$(PYTHON_ID)' 2>&1)" != "$$($(PYTHON) -c '$(PYTHON_ID)' 2>&1)" ]; \
    then echo yes; fi; \
  fi)

# Recipe lines that stop with a clear message unless $(PYTHON) is 3.11 or newer.
define check_python
@$(PYTHON) -c '$(PYTHON_OK)' >/dev/null 2>&1 || { \
  echo "error: Python >= 3.11 is required; PYTHON=$(PYTHON) is" \
       "$$($(PYTHON) --version 2>&1 | grep -o 'Python [0-9.]*' || echo 'not a working Python')." >&2; \
  echo "       Run with a newer one, e.g. 'make PYTHON=python3.11'." >&2; \
  exit 1; }
endef

FORCE:

$(STAMP): requirements.lock pyproject.toml $(if $(VENV_STALE),FORCE)
	$(check_python)
	@if [ -n "$(VENV_STALE)" ]; then \
	  echo "$(VENV) was made by another or an unusable Python: recreating it with $(PYTHON)"; \
	  rm -rf $(VENV); fi
	@test -x $(BIN)/python || { echo "creating $(VENV) with $$($(PYTHON) --version 2>&1)"; $(PYTHON) -m venv $(VENV); }
	@# Compiled to bytecode after the install, on every core (pip compiles one file at a
	@# time: about 40 of its 90 seconds). Compiling up front is still needed: where
	@# PYTHONDONTWRITEBYTECODE is set, as on our CI, a module imported from source is
	@# compiled again in every process. A file that does not compile (test data of
	@# some packages) is skipped, as pip skips it.
	@n=$$(grep -c '==' requirements.lock); \
	echo "installing $$n pinned packages from requirements.lock into $(VENV) (about a minute)"; \
	set -o pipefail; \
	$(BIN)/python -m pip install --disable-pip-version-check --no-compile -r requirements.lock \
	| awk '/^Collecting /{ printf "  [%d] %s\n", ++i, $$2; fflush() } \
	  /^Processing /{ k = split($$2, p, "/"); split(p[k], w, "-"); printf "  [%d] %s==%s\n", ++i, w[1], w[2]; fflush() } \
	  /^Installing collected packages/{ print "  unpacking and installing (the longest step) ..."; fflush() } \
	  /^Successfully installed/{ print "  done"; fflush() }'
	$(BIN)/python -m compileall -q -j 0 $(VENV)/lib > /dev/null 2>&1 || true
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@# ipykernel >= 7.3 logs "Kernel is running over TCP without encryption" at every start;
	@# the kernel's own log level (read from the venv's etc/ipython) keeps only its errors.
	mkdir -p $(VENV)/etc/ipython
	echo '{"IPKernelApp": {"log_level": "ERROR"}}' > $(VENV)/etc/ipython/ipython_kernel_config.json
	touch $@

# The build typesets the math with MathJax in Node (tools/mathrender.py): the npm
# packages pinned by package-lock.json go into node_modules/. Readers need no Node.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "make book needs Node.js and npm, which typeset the math at build time (Debian: apt-get install -y nodejs npm)" >&2; exit 1; }
	npm ci --no-audit --no-fund
	touch $@

## make book: create .venv if needed and build the HTML book into _build/html (from the committed notebooks' outputs)
# The notebook pages are built from their .ipynb, whose outputs nbval checks (make
# test); tools.pairing first stops the build if a .md was edited without syncing.
book: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m tools.pairing
	$(BIN)/jupyter-book build . $(JB_FLAGS) --builder html

## make test: system packages (as root), lint, unit and property tests, notebook pairing, nbval (also under other CPU profiles), build guards, browser, PDF, downloads
# system-deps comes first: without the Debian packages it stops before the venv is made.
test: system-deps $(STAMP) $(NODE_STAMP)
	@# Two streams for two cores. The second (test-stream2) starts at once, in a session
	@# of its own so that a failing build stops it: the CPU profiles (nbval and the
	@# accuracy tests, which need no build), then, once the HTML book is built, the PDF,
	@# the downloads and their tests. The first lints, builds the HTML book and runs the
	@# rest of the suite on the machine as it is.
	@mkdir -p _build; rm -f _build/.html-built; set -o pipefail; \
	setsid $(MAKE) --no-print-directory test-stream2 > _build/stream2.log 2>&1 & second=$$!; \
	{ $(MAKE) --no-print-directory lint book && touch _build/.html-built; } \
	  || { kill -- -$$second 2>/dev/null; exit 1; }; \
	$(BIN)/pytest $(PYTEST_ARGS_UNBUILT) 2>&1 | tee _build/pytest.log; main=$$?; \
	wait $$second; other=$$?; \
	echo; cat _build/portability.log; echo; \
	echo "PDF and downloads (log: _build/stream2.log):"; tail -n 1 _build/pytest-built.log 2>/dev/null || echo "  not run"; \
	echo "main suite (the machine as it is):"; tail -n 1 _build/pytest.log; \
	exit $$(( main || other ))

# make test's second stream (see test): no target of its own for a reader.
test-stream2: $(STAMP)
	@set -o pipefail; \
	$(BIN)/python -m tools.portability --jobs 1 > _build/portability.log 2>&1; ported=$$?; \
	while [ ! -e _build/.html-built ]; do sleep 1; done; \
	$(MAKE) --no-print-directory pdf && $(BIN)/python -m tools.dist \
	  && $(BIN)/pytest $(PYTEST_ARGS_BUILT) 2>&1 | tee _build/pytest-built.log; built=$$?; \
	exit $$(( ported || built ))

## make portability: nbval and the accuracy tests under other CPU profiles (no AVX-512; SSE only, 1 BLAS thread)
portability: $(STAMP)
	$(BIN)/python -m tools.portability

## make system-deps: the Debian packages make test needs (Chromium, TeX Live, Node): installs what is missing as root, else prints the apt-get line and stops
system-deps:
	bash tools/system-deps.sh

## make lint: ruff check and ruff format --check only
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check mlpbook tests tools

## make lab: JupyterLab with jupytext, opening the .md pages as notebooks (extra flags in LAB_ARGS)
lab: $(STAMP)
	$(BIN)/python -m tools.devtools lab-settings $(VENV)
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

## make sync: re-execute every notebook page (or PAGE=chapters/x.md) and rewrite its paired .ipynb
sync: $(STAMP)
	$(BIN)/python -m tools.sync $(if $(REMEASURE),--remeasure) $(PAGE)

## make pdf: the whole book as one PDF, _build/pdf/book.pdf (xelatex; TeX Live packages in README)
pdf: $(STAMP)
	@command -v xelatex >/dev/null && command -v rsvg-convert >/dev/null || { echo "make pdf needs TeX Live and rsvg-convert: see README.md (PDF)" >&2; exit 1; }
	$(BIN)/python -m tools.pairing
	$(BIN)/jupyter-book build . $(JB_FLAGS) --builder pdflatex
	mkdir -p _build/pdf && cp _build/latex/book.pdf _build/pdf/book.pdf

## make dist: _build/dist/ with the PDF, the notebooks bundle and the offline HTML site zipped
dist: book pdf
	$(BIN)/python -m tools.dist

## make bench: build times, notebook execution time, test time, numeric speed, page weight
bench: book
	$(BIN)/python -m tools.bench

## make screenshots: light and dark screenshots of every page into _build/screenshots
screenshots: book
	$(BIN)/python -m tests.browser screenshots

## make lock: re-resolve the ranges of pyproject.toml into requirements.lock
lock:
	$(check_python)
	rm -rf /tmp/mlpbook-lock && $(PYTHON) -m venv /tmp/mlpbook-lock
	/tmp/mlpbook-lock/bin/pip install --quiet -e '.[book,test]'
	( head -2 requirements.lock; /tmp/mlpbook-lock/bin/pip freeze --exclude-editable ) > requirements.lock.new
	mv requirements.lock.new requirements.lock

## make venv: create .venv (Python >= 3.11, pinned versions) without building anything
venv: $(STAMP)

## make help: list the targets with what they do
help:
	@awk '/^## make /{ sub(/^## make /, ""); i = index($$0, ":"); \
	  printf "  make %-12s %s\n", substr($$0, 1, i - 1), substr($$0, i + 2) }' $(firstword $(MAKEFILE_LIST))
	@echo "  Variables: PYTHON=python3.11 (the Python that creates .venv, default python3),"
	@echo "             LAB_ARGS=\"--no-browser --port 8899\" (extra flags for jupyter lab),"
	@echo "             PAGE=chapters/mlp.md, REMEASURE=1 (for make sync)"

## make clean: remove the build and the test caches (keeps .venv)
clean:
	rm -rf _build .pytest_cache .ruff_cache .hypothesis build

## make distclean: clean, and remove .venv too: the next make starts over from scratch
distclean: clean
	rm -rf $(VENV) *.egg-info node_modules
