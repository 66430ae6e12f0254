# Two commands for a new user: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test test-fast install clean bench

$(STAMP): pyproject.toml
	@echo "Setting up $(VENV) (once; about a minute): a virtual environment for reviewbench..."
	$(PYTHON) -m venv $(VENV)
	@echo "Installing pip and setuptools..."
	$(PY) -m pip install --quiet --upgrade pip "setuptools>=70.1"   # builds wheels by itself (tests/test_install.py)
	@echo "Installing reviewbench and its dependencies (pandas, Jupyter, pandoc...): the longest step..."
	$(PY) -m pip install --quiet -e '.[test]'
	@echo "Registering the notebooks' Jupyter kernel..."
	$(PY) -m ipykernel install --prefix $(VENV) --name reviewbench --display-name "reviewbench" >/dev/null
	touch $(STAMP)
	@echo "$(VENV) is ready."

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/reviewbench demo

# One pytest-xdist worker per core. A test file stays on one worker, so its module fixtures are built
# once; files holding kernel or slow tests are handed out first (tests/conftest.py orders them, and
# --no-loadscope-reorder stops xdist putting the files with the most tests first instead).
XDIST := -n auto --dist loadfile --no-loadscope-reorder

# The tests write and delete thousands of small files (pytest keeps the last three runs' folders):
# in memory (/dev/shm) when it has 4 GiB free, which saves seconds of disk work on every run;
# elsewhere the system's temporary folder. TMPDIR set by the caller wins.
TEST_TMPDIR := $(or $(TMPDIR),$(shell $(PYTHON) -c "import os, shutil; d = '/dev/shm'; print(d if os.path.isdir(d) and os.access(d, os.W_OK) and shutil.disk_usage(d).free > 4 << 30 else '')"))
# Compiled modules and pytest's rewritten test modules are kept between runs (__pycache__/, ignored by
# git) even where the environment turns that off (PYTHONDONTWRITEBYTECODE): otherwise every worker
# compiles every module again, about 7 s of each run's collection.
TEST_ENV := PYTHONDONTWRITEBYTECODE= $(if $(TEST_TMPDIR),TMPDIR=$(TEST_TMPDIR))

# TESTS: some test files only (make test TESTS="tests/test_cli.py tests/test_render.py"); default, all of tests/.
# Given on make's command line only: a TESTS in the environment is not read, so it never shortens a run unseen.
TESTS :=

test: $(STAMP)
	$(PY) -m ruff check .
	$(TEST_ENV) $(PY) -m pytest -q $(XDIST) $(TESTS)

# While working (about 40 s on two cores): no Jupyter kernel, nothing over ~0.3 s and no real program opening
# an output (the kernel, slow and client markers); the tests are short, so they are handed out one by one
# (--dist load) rather than a file at a time.
test-fast: $(STAMP)
	$(PY) -m ruff check .
	$(TEST_ENV) $(PY) -m pytest -q -n auto --dist load -m "not kernel and not slow and not client"

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) examples/child-t/build
