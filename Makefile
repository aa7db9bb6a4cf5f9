# gov_reports: `make run` builds the warehouse from seeds/, `make test` runs every test.
# Only Python 3.11 and pip are needed: the first target creates .venv from the lock file.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INPUT ?= seeds
WAREHOUSE ?= warehouse/gov_reports.duckdb
STRICT ?= 0
WAIT ?= 0
FORCE ?= 0
BATCH_SIZE ?= 50
PYTEST_ARGS ?=

export AIRFLOW_HOME := $(CURDIR)/.airflow
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__UNIT_TEST_MODE := False
export AIRFLOW__OPENLINEAGE__DISABLED := True
export DO_NOT_TRACK := 1
export GX_ANALYTICS_ENABLED := False
export GOV_REPORTS_HOME := $(CURDIR)
export PYTHONPATH := $(CURDIR)

.PHONY: all setup run test unit integration lint docs score rollback clean lock export panel browser services distributed screenshots airflow-ui bench \
	bi bi-setup bi-export lock-bi

all: run

UV_VERSION := 0.13.9
UV := $(BIN)/uv pip install --python $(BIN)/python --quiet

# what running needs (requirements.lock), installed by uv; the project itself (the `gov-reports` command)
$(BIN)/.installed: requirements.lock pyproject.toml
	@echo "setting up $(VENV): uv $(UV_VERSION), then the runtime lock (requirements.lock)…"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(UV) -r requirements.lock
	$(UV) --no-deps -e .
	@echo "$(VENV) ready ($$(du -sh $(VENV) | cut -f1))"
	touch $@

# what testing and development add (requirements-dev.lock: pytest, ruff, playwright, reportlab …)
$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.lock
	@echo "adding the development tools (requirements-dev.lock)…"
	$(UV) -r requirements-dev.lock
	touch $@

setup: $(BIN)/.installed

$(AIRFLOW_HOME)/airflow.db: $(BIN)/.installed
	mkdir -p $(AIRFLOW_HOME)
	$(BIN)/airflow db migrate > $(AIRFLOW_HOME)/db-migrate.log 2>&1 || (cat $(AIRFLOW_HOME)/db-migrate.log; exit 1)

run: $(AIRFLOW_HOME)/airflow.db
	$(BIN)/gov-reports run --input "$(INPUT)" --warehouse "$(WAREHOUSE)" --batch-size $(BATCH_SIZE) \
		$(if $(filter 1 true yes,$(STRICT)),--strict,) $(if $(filter 1 true yes,$(WAIT)),--wait,) $(if $(filter 1 true yes,$(FORCE)),--force,) \
		$(if $(MAX_REJECTED_SHARE),--max-rejected-share $(MAX_REJECTED_SHARE),)

test: $(AIRFLOW_HOME)/airflow.db $(BIN)/.installed-dev lint browser services
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# the distributed run alone (tests/integration/test_distributed.py): PostgreSQL, Redis and Airflow with two Celery
# workers as local processes, configured as docker-compose.yml configures its containers (deploy/)
distributed: $(AIRFLOW_HOME)/airflow.db $(BIN)/.installed-dev services
	$(BIN)/python -m pytest -m distributed $(PYTEST_ARGS)

unit: $(BIN)/.installed-dev
	$(BIN)/python -m pytest -m "not integration" $(PYTEST_ARGS)

lint: $(BIN)/.installed-dev
	$(BIN)/ruff check .

# extraction quality of a warehouse against hand-labelled gold: the seeds' (tests/gold) by default;
# GOLD=tests/corpus_gold scores a warehouse of tests/corpus per report
GOLD ?= tests/gold
score: $(BIN)/.installed
	$(BIN)/gov-reports score --gold "$(GOLD)" --warehouse "$(WAREHOUSE)"

SITE = $(basename $(WAREHOUSE)).site
docs: $(BIN)/.installed
	@test -f $(SITE)/docs/index.html || (echo "no docs yet at $(SITE): run 'make run' first"; exit 1)
	@echo "serving the dbt docs on http://127.0.0.1:8080/docs/ and the overview page on http://127.0.0.1:8080/overview/ (Ctrl-C stops)"
	$(BIN)/python -m http.server 8080 --bind 127.0.0.1 --directory $(SITE)

# Airflow's web UI on the embedded database, with the DAG gov_reports and the runs of `make run`
# (login admin; the password is printed at start and kept in .airflow/simple_auth_manager_passwords.json.generated)
AIRFLOW_UI_PORT ?= 8080
airflow-ui: $(AIRFLOW_HOME)/airflow.db
	@echo "Airflow UI on http://127.0.0.1:$(AIRFLOW_UI_PORT) (Ctrl-C stops)"
	PATH="$(CURDIR)/$(BIN):$$PATH" AIRFLOW__API__PORT=$(AIRFLOW_UI_PORT) AIRFLOW__API__HOST=127.0.0.1 \
		$(BIN)/airflow standalone

# the target panel of the published warehouse for economists: CSV (UTF-8 with BOM), Stata .dta, Parquet
PANEL_OUT ?= $(dir $(WAREHOUSE))panel
panel: $(BIN)/.installed
	$(BIN)/gov-reports panel --warehouse "$(WAREHOUSE)" --out "$(PANEL_OUT)"

# the marts of the published warehouse as Parquet files (warehouse/parquet/<mart>.parquet)
export: $(BIN)/.installed
	$(BIN)/gov-reports export --warehouse "$(WAREHOUSE)"

# headless Chromium and a Chinese font from Debian's packages for the browser test (never a downloaded
# browser); installed when missing (needs root, as in CI)
browser:
	@(command -v chromium >/dev/null 2>&1 && dpkg -s fonts-wqy-microhei >/dev/null 2>&1) || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium chromium-driver fonts-wqy-microhei >/dev/null)

# PostgreSQL 15 and Redis 7 from Debian's packages for the distributed test, installed when missing (needs root,
# as in CI); the test starts its own servers on free loopback ports and stops them, never the system's services
services:
	@(test -x /usr/lib/postgresql/15/bin/postgres && command -v redis-server >/dev/null 2>&1 && \
		command -v unshare >/dev/null 2>&1) || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			postgresql-15 redis-server util-linux >/dev/null)

# refresh docs/screenshots/ from the browser tests (a full DAG run on seeds/; Superset on its warehouse)
screenshots: $(AIRFLOW_HOME)/airflow.db $(BIN)/.installed-dev browser
	GOV_REPORTS_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest tests/integration/test_warehouse_browser.py \
		tests/integration/test_bi_superset.py

# Apache Superset on the published warehouse, read-only, with the dashboards of bi/superset/assets/ (YAML, imported
# at every start): http://127.0.0.1:$(BI_PORT)/, login admin / admin. Superset lives in an environment of its own
# (.venv-bi from requirements-bi.lock, never in the runtime lock); its metadata and key in $(BI_HOME)/.
VENV_BI := .venv-bi
BI_PORT ?= 8088
BI_HOME ?= .superset
$(VENV_BI)/.installed: requirements-bi.lock $(BIN)/.installed
	@echo "setting up $(VENV_BI): Apache Superset and duckdb-engine (requirements-bi.lock)…"
	rm -rf $(VENV_BI) && $(PYTHON) -m venv $(VENV_BI)
	$(BIN)/uv pip install --python $(VENV_BI)/bin/python --quiet -r requirements-bi.lock
	@echo "$(VENV_BI) ready ($$(du -sh $(VENV_BI) | cut -f1))"
	touch $@

bi-setup: $(VENV_BI)/.installed

bi: $(VENV_BI)/.installed
	$(VENV_BI)/bin/python bi/superset/start.py --warehouse "$(WAREHOUSE)" --home "$(BI_HOME)" --port $(BI_PORT)

# the dashboards as edited in Superset's UI back into bi/superset/assets/ (then review the diff and commit it)
bi-export: $(VENV_BI)/.installed
	$(VENV_BI)/bin/python bi/superset/start.py --home "$(BI_HOME)" --export

# refresh requirements-bi.lock from bi/superset/requirements-bi.in under Superset's own pins (needs the package index)
lock-bi: $(BIN)/.installed
	(echo "# the BI environment (.venv-bi, make bi): make lock-bi compiles it from bi/superset/requirements-bi.in"; \
		$(BIN)/uv pip compile --quiet --python-version 3.11 --no-header bi/superset/requirements-bi.in \
			-c bi/superset/superset-pins.txt) > requirements-bi.lock

rollback: $(BIN)/.installed
	$(BIN)/gov-reports rollback --warehouse "$(WAREHOUSE)"

# benchmarks (bench/): extraction throughput, end-to-end runs of the DAG on BENCH_SIZES reports generated from the
# real reports of tests/corpus, one report added, DAG import; writes results.json, RESULTS.md and results.svg to
# BENCH_OUT. BASELINE=<git ref> also runs that commit's own pipeline on the same corpus, alternated with this one's,
# for the largest size and the added report, and reports old and new medians and their ratio.
BENCH_SIZES ?= 5,100,1000
BENCH_RUNS ?= 3
BENCH_LARGE_RUNS ?= $(BENCH_RUNS)
BENCH_WORK ?= /tmp/gov-reports-bench
BENCH_OUT ?= bench
BASELINE ?=
bench: $(AIRFLOW_HOME)/airflow.db $(BIN)/.installed-dev
	$(BIN)/python -m bench.run_all --sizes $(BENCH_SIZES) --runs $(BENCH_RUNS) --large-runs $(BENCH_LARGE_RUNS) --work "$(BENCH_WORK)" \
		--batch-size $(BATCH_SIZE) --out "$(BENCH_OUT)" $(if $(BASELINE),--baseline "$(BASELINE)",)

# refresh the locks from pyproject.toml (needs the package index): the runtime lock from the dependencies, the
# development lock from what [dev] adds on top of them
lock:
	rm -rf /tmp/gov-reports-lock && $(PYTHON) -m venv /tmp/gov-reports-lock
	/tmp/gov-reports-lock/bin/pip install --quiet --upgrade pip
	/tmp/gov-reports-lock/bin/pip install --quiet .
	/tmp/gov-reports-lock/bin/pip freeze --exclude gov-reports > requirements.lock
	/tmp/gov-reports-lock/bin/pip install --quiet ".[dev]"
	(echo "# development and test tools on top of requirements.lock (make test installs both)"; \
		/tmp/gov-reports-lock/bin/pip freeze --exclude gov-reports | grep -vxFf requirements.lock) > requirements-dev.lock

clean:
	rm -rf $(AIRFLOW_HOME) $(BI_HOME) dbt_project/target dbt_project/logs warehouse .pytest_cache .cache *.egg-info
