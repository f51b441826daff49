#!/usr/bin/env bash
# Create (idempotently) the Python virtual environment used to generate and cross-check
# XGBoost fixtures, and print the path of its python interpreter on stdout.
#
# Usage: scripts/python-venv.sh          # xgboost-cpu 3.2.0 + pandas + numpy (all pinned), venv at
#                                          ${MLOPS_PY_VENV:-/tmp/mlops-venv}, for scripts/xgboost-fixtures.py
#                                          and scripts/xgboost-categorical-fixtures.py
#        scripts/python-venv.sh mlflow   # mlflow + xgboost + pandas at /tmp/mlops-mlflow-venv
#        scripts/python-venv.sh drift    # Evidently 0.7 + pandas<3 + numpy at /tmp/mlops-drift-venv
#                                          (Evidently 0.7 needs the pandas pin to import)
#        scripts/python-venv.sh bench    # xgboost-cpu 3.2.0 + lightgbm 4.7.0 + pandas + scikit-learn + numpy
#                                          (all pinned) at ${MLOPS_BENCH_VENV:-/tmp/mlops-bench-venv},
#                                          for scripts/bench-gbdt-cat.sh
#        scripts/python-venv.sh s3       # moto[server] 5.2.1 (pinned, with boto3) at ${MLOPS_S3_VENV:-/tmp/mlops-s3-venv},
#                                          for scripts/with-moto.sh
#        scripts/python-venv.sh dask     # xgboost-cpu 3.2.0 + dask[distributed,dataframe] + pyarrow + s3fs + pandas (all pinned)
#                                          at ${MLOPS_DASK_VENV:-/tmp/mlops-dask-venv}: the interpreter of pipeline train
#                                          steps with `engine: dask` (MLOPS_DASK_PYTHON) and of the test cluster
#        scripts/python-venv.sh webhooks # standardwebhooks 1.3.0 (pinned) at ${MLOPS_WEBHOOKS_VENV:-/tmp/mlops-webhooks-venv}:
#                                          the reference verifier of scripts/webhook-receiver.py (tests, demo)
#        scripts/python-venv.sh inference # tritonclient[http] 2.73.0 + requests + numpy (pinned) at ${MLOPS_INFERENCE_VENV:-/tmp/mlops-inference-venv}:
#                                          the v2 inference clients of scripts/test-inference-clients.py
#        scripts/python-venv.sh browser  # selenium (pinned) at ${MLOPS_BROWSER_VENV:-/tmp/mlops-browser-venv},
#                                          for scripts/dashboard-forms.sh (Chromium and chromedriver come from Debian)
# Needs: python3 with the venv module, and network access to PyPI on first run.
set -euo pipefail

case "${1:-xgboost}" in
    xgboost)
        XGBOOST_VERSION=3.2.0
        VENV="${MLOPS_PY_VENV:-/tmp/mlops-venv}"
        PACKAGES=("xgboost-cpu==$XGBOOST_VERSION" pandas==3.1.1 numpy==2.4.6)
        IMPORTS="xgboost, pandas, numpy"
        # The fixtures record what this exact XGBoost writes and predicts (the categorical JSON
        # layout and its 3.2.0 quirks are version-specific), so the pin is exact: a venv holding
        # another xgboost is brought to it. pandas and numpy are the releases pip resolved here.
        CHECK="import xgboost, pandas, numpy; assert xgboost.__version__ == '$XGBOOST_VERSION', xgboost.__version__" ;;
    mlflow)
        VENV="${MLOPS_MLFLOW_VENV:-/tmp/mlops-mlflow-venv}"
        PACKAGES=("mlflow>=3,<4" xgboost-cpu pandas)
        IMPORTS="mlflow, xgboost, pandas" ;;
    drift)
        VENV="${MLOPS_DRIFT_VENV:-/tmp/mlops-drift-venv}"
        PACKAGES=("evidently==0.7.*" "pandas<3" numpy)
        IMPORTS="evidently, pandas, numpy" ;;
    bench)
        XGBOOST_VERSION=3.2.0
        LIGHTGBM_VERSION=4.7.0
        VENV="${MLOPS_BENCH_VENV:-/tmp/mlops-bench-venv}"
        PACKAGES=("xgboost-cpu==$XGBOOST_VERSION" "lightgbm==$LIGHTGBM_VERSION" pandas==3.1.1 scikit-learn==1.9.1 numpy==2.4.6)
        IMPORTS="xgboost, lightgbm, pandas, sklearn, numpy"
        # The peers of scripts/bench-gbdt-cat.sh. Exact pins so that figures from different runs
        # compare: xgboost as in the fixtures venv, lightgbm the newest release pip resolves here,
        # pandas, scikit-learn and numpy the releases pip resolved with them.
        CHECK="import xgboost, lightgbm, pandas, sklearn, numpy; assert xgboost.__version__ == '$XGBOOST_VERSION', xgboost.__version__; assert lightgbm.__version__ == '$LIGHTGBM_VERSION', lightgbm.__version__" ;;
    webhooks)
        VENV="${MLOPS_WEBHOOKS_VENV:-/tmp/mlops-webhooks-venv}"
        PACKAGES=(standardwebhooks==1.3.0)
        IMPORTS="standardwebhooks"
        # The reference Standard Webhooks verifier: scripts/webhook-receiver.py checks every
        # delivery with it in the tests (MLOPS_WEBHOOKS_PYTHON) and the demo.
        CHECK="from standardwebhooks.webhooks import Webhook" ;;
    inference)
        VENV="${MLOPS_INFERENCE_VENV:-/tmp/mlops-inference-venv}"
        PACKAGES=("tritonclient[http]==2.73.0" requests==2.34.2 numpy==2.4.6)
        IMPORTS="tritonclient.http, requests, numpy"
        # The real clients of the Open Inference Protocol v2: scripts/test-inference-clients.py
        # runs them against mlops serve (MLOPS_INFERENCE_PYTHON in make test).
        CHECK="import tritonclient.http, requests, numpy" ;;
    dask)
        XGBOOST_VERSION=3.2.0
        DASK_VERSION=2026.11.0
        VENV="${MLOPS_DASK_VENV:-/tmp/mlops-dask-venv}"
        PACKAGES=("xgboost-cpu==$XGBOOST_VERSION" "dask[distributed,dataframe]==$DASK_VERSION" "distributed==$DASK_VERSION"
                  pyarrow==26.0.1 s3fs==2026.9.0 pandas==3.1.1 numpy==2.4.6)
        IMPORTS="xgboost, dask, distributed, pyarrow, s3fs, pandas"
        # What scripts/dask_train.py needs: XGBoost's distributed training, Dask's dataframes,
        # pyarrow for Parquet, s3fs for s3:// data. The scheduler and every worker of a cluster
        # need the same versions; the releases pip resolved here, pinned exactly.
        CHECK="import xgboost, dask, distributed, pyarrow, s3fs, pandas; assert xgboost.__version__ == '$XGBOOST_VERSION', xgboost.__version__; assert dask.__version__ == '$DASK_VERSION', dask.__version__" ;;
    browser)
        SELENIUM_VERSION=4.51.0
        VENV="${MLOPS_BROWSER_VENV:-/tmp/mlops-browser-venv}"
        PACKAGES=("selenium==$SELENIUM_VERSION")
        IMPORTS="selenium"
        # The newest release pip resolves here (4.52 and later want a certifi newer than the index
        # here has). The pin is exact: a venv holding another selenium is brought to it.
        CHECK="import selenium; assert selenium.__version__ == '$SELENIUM_VERSION', selenium.__version__" ;;
    s3)
        MOTO_VERSION=5.2.1
        VENV="${MLOPS_S3_VENV:-/tmp/mlops-s3-venv}"
        PACKAGES=("moto[server]==$MOTO_VERSION")
        IMPORTS="moto"
        # moto_server: the S3 implementation the tests run against (scripts/with-moto.sh). The pin
        # is exact: its quirks are documented for this release (../shared/notes/protocols.md).
        CHECK="import moto, boto3; assert moto.__version__ == '$MOTO_VERSION', moto.__version__" ;;
    *) echo "usage: $0 [xgboost|mlflow|drift|bench|dask|browser|s3]" >&2; exit 2 ;;
esac
CHECK="${CHECK:-import $IMPORTS}"

die() {
    echo "python-venv: $*" >&2
    exit 1
}

PY="$VENV/bin/python"

# Fast path: the venv exists and already has everything.
if [[ -x "$PY" ]] && "$PY" -c "$CHECK" >/dev/null 2>&1; then
    echo "$PY"
    exit 0
fi

command -v python3 >/dev/null 2>&1 || die "python3 not found; install Python 3.10+ first"

if [[ ! -x "$PY" ]]; then
    python3 -m venv "$VENV" >&2 \
        || die "could not create a virtual environment at $VENV (is python3-venv installed?)"
fi

"$PY" -m pip install --quiet --disable-pip-version-check "${PACKAGES[@]}" >&2 \
    || die "pip install ${PACKAGES[*]} into $VENV failed (see the pip output above)"

"$PY" -c "$CHECK" >&2 \
    || die "$IMPORTS do not import in $VENV after installation"

echo "$PY"
