# The two commands: `make demo` and `make test`. Both install missing system packages first.
SWIFT ?= swift
SWIFT_FLAGS ?=

.PHONY: all setup build format test test-sqlite demo clean migrations embedded-python bench-gbdt bench-gbdt-cat bench-retention bench-drift bench-serve bench-mlflow bench-dashboard chaos cluster screenshots

all: build

setup:
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build $(SWIFT_FLAGS)

# Every test, against SQLite and a throwaway PostgreSQL started (and removed) for the run, with a
# throwaway S3 (moto_server, scripts/with-moto.sh) beside them for the object-storage tests; then the
# real mlflow client against mlops serve on both (scripts/test-mlflow.sh); then schemathesis fuzzing
# mlops serve against docs/openapi.json on both (scripts/test-schemathesis.sh); then every dashboard page
# in headless Chromium, checked not blank; then every dashboard form (sign in, promote, roll back,
# rollout controls, run, retry, sign out) used in headless Chromium through Selenium, each change
# checked in the store (scripts/dashboard-forms.sh). The browser checks are skipped when Chromium,
# chromedriver or Selenium cannot be installed.
test: setup
	bash scripts/check-package-imports.sh
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Package.swift
	@bash scripts/python-venv.sh >/dev/null || echo "make test: no Python xgboost venv; the cross-checks with Python xgboost will be skipped"
	$(SWIFT) build --build-tests $(SWIFT_FLAGS)
	bash scripts/python-venv.sh dask >/dev/null
	bash scripts/python-venv.sh webhooks >/dev/null
	bash scripts/python-venv.sh inference >/dev/null
	bash scripts/python-venv.sh schemathesis >/dev/null
	bash scripts/python-venv.sh mlserver >/dev/null
	MLOPS_MLSERVER_PYTHON=$$(bash scripts/python-venv.sh mlserver) MLOPS_INFERENCE_PYTHON=$$(bash scripts/python-venv.sh inference) MLOPS_WEBHOOKS_PYTHON=$$(bash scripts/python-venv.sh webhooks) MLOPS_DASK_PYTHON=$$(bash scripts/python-venv.sh dask) bash scripts/with-postgres.sh run -- bash scripts/with-moto.sh bash -c '$(SWIFT) test --skip-build $(SWIFT_FLAGS) && bash scripts/test-mlflow.sh && bash scripts/test-schemathesis.sh'
	bash scripts/dashboard-screenshots.sh --check
	bash scripts/dashboard-forms.sh --check

# Reformat every Swift file with the project's .swift-format (make test lints with it).
format:
	$(SWIFT) format format --in-place --recursive --parallel Sources Tests Package.swift

# The same suite on SQLite only (no PostgreSQL server needed).
test-sqlite: setup
	$(SWIFT) test $(SWIFT_FLAGS)

# End to end on the embedded SQLite default: register, promote, roll back, show the history.
demo: build
	bash scripts/demo.sh

# Our trees against Python XGBoost on 1M × 40 synthetic CTR rows (a benchmark, not a test).
bench-gbdt: setup
	bash scripts/bench-gbdt.sh

# Our trees on categorical click data (1M avazu-shaped rows) against XGBoost (native categoricals and
# category codes) and LightGBM, plus a hashed logistic regression for later (a benchmark, not a test).
bench-gbdt-cat: setup
	bash scripts/bench-gbdt-cat.sh

# Disk per logged prediction and the cost of pruning a large prediction log, SQLite and PostgreSQL
# (ROWS=20000000 by default; a benchmark, not a test).
bench-retention: setup
	bash scripts/bench-retention.sh

# Drift: ours end to end and in memory against numpy and Evidently on 2 × 1M × 20 CSV (a benchmark, not a test).
bench-drift: setup
	bash scripts/bench-drift.sh

# Serving: wrk against mlops serve and mlflow models serve, same model, one run (a benchmark, not a test).
bench-serve: setup
	bash scripts/bench-serve.sh

# MLflow's alias lookup (get_model_version_by_alias) on mlops serve and a real mlflow server, one run (a benchmark, not a test).
bench-mlflow: setup
	bash scripts/bench-mlflow.sh

# The dashboard's server time per page with 50 models and 10,000 history events (a benchmark, not a test).
bench-dashboard: setup
	bash scripts/bench-dashboard.sh

# docs/images/dashboard-*.png: every dashboard page on the demo's store, in headless Chromium.
screenshots: build
	bash scripts/dashboard-screenshots.sh

# Several processes on one PostgreSQL and one S3 bucket (moto): two replicas, two schedulers, two workers.
cluster: build
	bash scripts/cluster-demo.sh

# Job queue reliability on a throwaway PostgreSQL: workers killed mid-job, concurrent schedulers, throughput.
chaos: setup
	bash scripts/chaos.sh

# Regenerate the migrations embedded in the binary after editing migrations/.
migrations:
	bash scripts/embed-migrations.sh

# Regenerate the Dask training entry point embedded in the binary after editing scripts/dask_train.py.
embedded-python:
	bash scripts/embed-python.sh

clean:
	rm -rf .build demo-out
