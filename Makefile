# LTC Matchmaker — the two commands a newcomer needs are `make demo` and `make test`.
# The virtualenv lives outside the clone, keyed by the dependency pins, so every clone on this
# machine (and CI) reuses it; torch's large wheels come from pip's cache after the first install.
SHELL := /bin/bash
PYTHON ?= python3
CACHE_DIR ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/ltc-matchmaker
LOCK_HASH := $(shell sha256sum requirements.lock | cut -c1-16)
VENV ?= $(CACHE_DIR)/venv-$(LOCK_HASH)
PY := PYTHONPATH=$(CURDIR) $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: browser screenshots bench-web demo test unit lint schemas contracts broker bench bench-onboarding bench-100k bench-recovery bench-feedback eval-consortium clean-venv venv

# No file prerequisites on purpose: the path already carries the hash of the pins, and a fresh clone's
# newer file times must not trigger a reinstall.
$(VENV)/.complete:
	@mkdir -p $(CACHE_DIR)
	@rm -rf $(VENV) && $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

venv: $(VENV)/.complete ## create (or reuse) the cached virtualenv
	@echo "virtualenv: $(VENV)"

demo: $(VENV)/.complete browser ## end-to-end demo: broker, worker, demo data, explained suggestions
	$(PY) -m streams.cli demo $(DEMO_ARGS)

# Headless Chromium and its driver from Debian's packages (the browser test and the screenshots drive it);
# nothing downloads a browser build. Idempotent: installs only what is missing (as root, or through sudo).
browser: ## Debian's chromium + chromium-driver, if missing
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then exit 0; fi; \
	sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	echo "installing Debian's chromium and chromium-driver"; \
	$$sudo apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || \
	  { $$sudo apt-get update -q >/dev/null && $$sudo apt-get install -y -q chromium chromium-driver >/dev/null; }

screenshots: $(VENV)/.complete browser ## docs/screenshots/*.png of every page (broker, worker, web, Chromium)
	$(PY) -m tools.with_broker -- $(VENV)/bin/python -m tools.screenshots

bench-web: $(VENV)/.complete ## opportunity page render time and memory with 10,000 members (docs/BENCHMARKS.md)
	$(PY) -m tools.with_broker -- $(VENV)/bin/python -m tools.bench.web

test: $(VENV)/.complete browser ## the whole suite, integration tests against a real Kafka broker
	$(PY) -m tools.with_broker -- $(VENV)/bin/python -m pytest $(PYTEST_ARGS)

unit: $(VENV)/.complete ## unit tests only (no broker)
	$(PY) -m pytest -m "not integration" $(PYTEST_ARGS)

lint: $(VENV)/.complete
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && $(VENV)/bin/mypy models matcher streams tools web

schemas: $(VENV)/.complete ## regenerate models/schemas/*.json after changing the contracts
	$(PY) -m models.schema_export

contracts: $(VENV)/.complete ## check every contract against its last release (additive changes only)
	$(PY) -m models.compatibility

bench: $(VENV)/.complete ## throughput, latency, index scale, then a whole worker at 100k (docs/BENCHMARKS.md)
	$(PY) -m tools.with_broker -- $(VENV)/bin/python -m streams.cli bench --json-out docs/bench-results.json $(BENCH_ARGS)
	$(MAKE) bench-100k

bench-onboarding: $(VENV)/.complete ## 1,500 CORDIS members to a fresh worker: indexed rate vs the models alone
	$(PY) -m tools.with_broker -- $(VENV)/bin/python -m tools.bench.onboarding

bench-100k: $(VENV)/.complete ## a whole worker at 100,000 members: ready time, RSS, texts re-embedded, top-k p99
	$(PY) -m tools.with_broker -- $(VENV)/bin/python -m tools.bench.worker100k --json-out docs/bench-100k.json

bench-recovery: $(VENV)/.complete ## restart recovery time for 10,000 members (docs/RELIABILITY.md)
	$(PY) -m tools.with_broker -- $(VENV)/bin/python -m tools.bench.recovery --members 10000

bench-feedback: $(VENV)/.complete ## simulated-feedback curve of the re-ranker (docs/QUALITY.md)
	$(PY) -m tools.evaluation.feedback_bench --seeds 3

eval-consortium: $(VENV)/.complete ## consortium builder vs real CORDIS consortia (docs/QUALITY.md)
	$(PY) -m tools.evaluation.consortium_eval

broker: $(VENV)/.complete ## a Kafka broker in the foreground (Ctrl-C stops it)
	$(PY) -m streams.cli broker

clean-venv:
	rm -rf $(VENV)
