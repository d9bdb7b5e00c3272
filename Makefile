# The two commands a user needs: `make` (set up and build everything) and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SYSTEM := $(VENV)/.system-deps
TEST_STAMP  := $(VENV)/.installed-test
TEST_SYSTEM := $(VENV)/.system-deps-test
NODE   := node_modules/.installed
# Reproducible outputs: dates come from the last commit unless the caller sets SOURCE_DATE_EPOCH.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
export SOURCE_DATE_EPOCH

.PHONY: all setup test-setup extract markdown epub pdf bundle review catalogue test bench clean

all: bundle

# What building books needs: the Python packages, Charis SIL, Java for EPUBCheck.
setup: $(STAMP) $(SYSTEM)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(SYSTEM): scripts/system-deps.sh | $(STAMP)
	scripts/system-deps.sh runtime
	touch $@

# What the tests add: pytest and friends, other engines and checkers (groff, LaTeX, chromium, Ace).
test-setup: setup $(TEST_STAMP) $(TEST_SYSTEM) $(NODE)

$(TEST_STAMP): pyproject.toml | $(STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

$(TEST_SYSTEM): scripts/system-deps.sh | $(STAMP)
	scripts/system-deps.sh test
	touch $@

# Ace by DAISY (EPUB accessibility checker) from the npm registry, at the versions of package-lock.json.
# It runs in Debian's chromium: no browser is downloaded (install scripts off, downloads skipped).
$(NODE): package.json package-lock.json | $(TEST_SYSTEM)
	ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# A book's PDF into raw chapters: make extract PDF=book.pdf [SEEDS=seeds] [PAGES=7-250] [FORCE=1]
# (a SEEDS folder that holds files is refused unless FORCE=1 replaces its chapter files)
SEEDS ?= seeds
extract: setup
	@test -n "$(PDF)" || { echo "make extract PDF=book.pdf [SEEDS=seeds] [PAGES=first-last]"; exit 2; }
	$(PY) -m pipeline extract "$(PDF)" -o "$(SEEDS)" $(if $(PAGES),--pages $(PAGES)) $(if $(FORCE),--force)

# Each command rebuilds only what is out of date (normalisation re-runs only when a seed changed).
# BOOK=folder builds another book folder (book.yaml, seeds/: `book-pipeline new folder` makes one).
BOOK ?= .
markdown: setup
	$(PY) -m pipeline markdown "$(BOOK)"

epub: setup
	$(PY) -m pipeline epub "$(BOOK)"

pdf: setup
	$(PY) -m pipeline pdf "$(BOOK)"

bundle: setup
	$(PY) -m pipeline bundle "$(BOOK)"

# The editor's review in the browser (http://127.0.0.1:8000/): make review [PORT=8001] [BROWSER=no]
PORT ?= 8000
review: setup
	$(PY) -m pipeline review "$(BOOK)" --port $(PORT) $(if $(filter no,$(BROWSER)),--no-browser)

# Many books side by side on Dask: make catalogue BOOKS=folder-of-books OUT=out [SCHEDULER=tcp://host:8786]
catalogue: setup
	@test -n "$(BOOKS)" -a -n "$(OUT)" || { echo "make catalogue BOOKS=folder-of-books OUT=out [SCHEDULER=tcp://host:8786]"; exit 2; }
	$(PY) -m pipeline catalogue "$(BOOKS)" -o "$(OUT)" $(if $(SCHEDULER),--scheduler "$(SCHEDULER)")

# On every core (pytest-xdist); a test file's tests stay together. Books the tests only read, other
# engines' PDFs and checkers' verdicts are kept in build/test-store/ between runs (tests/store.py).
test: test-setup
	$(PY) -m pytest -q -n auto --dist loadfile

bench: test-setup
	$(PY) -m pipeline bench ../shared/corpus/pepys-1660-1661/*.txt

clean:
	rm -rf build dist
