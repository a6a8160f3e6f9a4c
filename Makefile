# Two commands for a fresh clone: `make book` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := book
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(shell git ls-files 'chapters/*.md' 'exercises/*.md' 'solutions/*.md' 2>/dev/null | xargs -r grep -l 'format_name: myst')
JB_FLAGS := --warningiserror --nitpick --keep-going --builder html

.PHONY: book test lint lab sync bench screenshots clean lock venv pdf dist

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

venv: $(STAMP)

## make book: create .venv if needed and build the HTML book into _build/html
book: $(STAMP)
	$(BIN)/jupyter-book build . $(JB_FLAGS)

## make test: lint, unit and property tests, notebook pairing, nbval, build guards, browser
test: book pdf dist
	$(BIN)/ruff check .
	$(BIN)/ruff format --check mlpbook tests tools
	$(BIN)/pytest --nbval --nbval-current-env tests chapters exercises solutions

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check mlpbook tests tools

## make lab: JupyterLab with jupytext, opening the .md pages as notebooks
lab: $(STAMP)
	$(BIN)/python -m tools.devtools lab-settings $(VENV)
	$(BIN)/jupyter lab

## make sync: re-execute every notebook page and rewrite its paired .ipynb
sync: $(STAMP)
	for md in $(NOTEBOOKS); do \
	  echo "sync $$md"; \
	  $(BIN)/jupytext --set-formats ipynb,md:myst --execute "$$md" || exit 1; \
	done

## make pdf: the whole book as one PDF, _build/pdf/book.pdf (xelatex; TeX Live packages in README)
pdf: $(STAMP)
	@command -v xelatex >/dev/null && command -v rsvg-convert >/dev/null || { echo "make pdf needs TeX Live and rsvg-convert: see README.md (PDF)" >&2; exit 1; }
	$(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going --builder pdflatex
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
	rm -rf /tmp/mlpbook-lock && $(PYTHON) -m venv /tmp/mlpbook-lock
	/tmp/mlpbook-lock/bin/pip install --quiet -e '.[book,test]'
	( head -2 requirements.lock; /tmp/mlpbook-lock/bin/pip freeze --exclude-editable ) > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf _build .pytest_cache .ruff_cache .hypothesis
