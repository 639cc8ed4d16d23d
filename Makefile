# GNU make. Everything runs inside a local virtualenv (.venv) that is created
# and populated on demand; it is refreshed whenever pyproject.toml changes.

PYTHON ?= python3
VENV = .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed

# Extra arguments: make lab LAB_ARGS='--port 9999', make test PYTEST_ARGS='-k env', make bench BENCH_ARGS=--quick
LAB_ARGS ?=
PYTEST_ARGS ?=
BENCH_ARGS ?=

# notebooks/ may be absent in a fresh clone (git does not track empty dirs);
# pytest errors out on a missing path, so only pass it when it exists.
TEST_PATHS = tests infoshare_model $(wildcard notebooks)
NOTEBOOKS = $(sort $(wildcard notebooks/*.ipynb))

.PHONY: install lab test notebooks bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e '.[notebooks,test]'
	touch $@

lab: $(STAMP)
	mkdir -p notebooks
	$(BIN)/jupyter lab --notebook-dir=notebooks $(LAB_ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest --doctest-modules \
	    --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
	    $(PYTEST_ARGS) $(TEST_PATHS)

notebooks: $(STAMP)
	@set -e; for nb in $(NOTEBOOKS); do \
	    echo "executing $$nb"; \
	    $(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.record_timing=False "$$nb"; \
	done; \
	[ -n "$(NOTEBOOKS)" ] || echo "no notebooks/*.ipynb to execute"

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -not -path './.git/*' -exec rm -rf {} +
