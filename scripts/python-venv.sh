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
#        scripts/python-venv.sh schemathesis # schemathesis 4.32.5 (pinned) at ${MLOPS_SCHEMATHESIS_VENV:-/tmp/mlops-schemathesis-venv}:
#                                          the OpenAPI fuzzer of scripts/test-schemathesis.sh
#        scripts/python-venv.sh browser  # selenium (pinned) at ${MLOPS_BROWSER_VENV:-/tmp/mlops-browser-venv},
#                                          for scripts/dashboard-forms.sh (Chromium and chromedriver come from Debian)
#        scripts/python-venv.sh mlserver # Seldon MLServer 1.7.1 + mlserver-xgboost 1.7.1 (--no-deps) + xgboost-cpu 3.2.0
#                                          + scikit-learn + uvloop 0.21 (all pinned) at ${MLOPS_MLSERVER_VENV:-/tmp/mlops-mlserver-venv}:
#                                          the external v2 predictor of the tests and bench-serve (scripts/mlserver-serve.sh)
# Needs: python3 with the venv module, and network access to PyPI on first run.
set -euo pipefail

# Installed after PACKAGES with `pip install --no-deps`: for a package whose declared dependencies
# must not be resolved (set by a case that lists what the package needs in PACKAGES instead).
NODEPS_PACKAGES=()
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
    schemathesis)
        VENV="${MLOPS_SCHEMATHESIS_VENV:-/tmp/mlops-schemathesis-venv}"
        PACKAGES=(schemathesis==4.32.5 hypothesis==6.170.29 jsonschema_rs==0.60.3)
        IMPORTS="schemathesis"
        # The OpenAPI fuzzer of scripts/test-schemathesis.sh (make test), pinned with the
        # hypothesis and jsonschema_rs pip resolved for it, so runs with a fixed seed compare.
        CHECK="import schemathesis" ;;
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
    mlserver)
        MLSERVER_VERSION=1.7.1
        XGBOOST_VERSION=3.2.0
        VENV="${MLOPS_MLSERVER_VENV:-/tmp/mlops-mlserver-venv}"
        UVLOOP_VERSION=0.21.0
        PACKAGES=("mlserver==$MLSERVER_VERSION" "xgboost-cpu==$XGBOOST_VERSION" "uvloop==$UVLOOP_VERSION"
                  scikit-learn==1.9.1 pandas==3.1.1 numpy==2.4.6)
        # mlserver-xgboost requires `xgboost[scikit-learn]`: pip would pull the full `xgboost`
        # distribution (the CUDA build, with nvidia-nccl) beside xgboost-cpu, which provides the
        # same `xgboost` module. So it goes in without its dependencies; what it needs at run time
        # (mlserver, the xgboost module, scikit-learn for xgboost.sklearn) is in PACKAGES.
        NODEPS_PACKAGES=("mlserver-xgboost==$MLSERVER_VERSION")
        IMPORTS="mlserver, mlserver_xgboost, xgboost, sklearn"
        # uvloop stays at 0.21: from 0.22 on, asyncio.get_event_loop() raises in MLServer 1.7.1's
        # inference workers (parallel_workers >= 1) as they start, so no model loads (upstream
        # issue 2286, unfixed in 1.7.1). Exact pins: MLServer's answers (metadata, errors, output
        # encoding) are documented for this release in scripts/mlserver-serve.sh; xgboost as in
        # the fixtures venv; scikit-learn, pandas and numpy the releases pip resolved with them.
        CHECK="import mlserver, mlserver_xgboost, mlserver_xgboost.version, xgboost, sklearn; assert mlserver.__version__ == '$MLSERVER_VERSION', mlserver.__version__; assert mlserver_xgboost.version.__version__ == '$MLSERVER_VERSION', mlserver_xgboost.version.__version__; assert xgboost.__version__ == '$XGBOOST_VERSION', xgboost.__version__; import importlib.metadata as m; assert m.version('uvloop') == '$UVLOOP_VERSION', m.version('uvloop')" ;;
    *) echo "usage: $0 [xgboost|mlflow|drift|bench|dask|webhooks|inference|schemathesis|browser|s3|mlserver]" >&2; exit 2 ;;
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
if (( ${#NODEPS_PACKAGES[@]} )); then
    "$PY" -m pip install --quiet --disable-pip-version-check --no-deps "${NODEPS_PACKAGES[@]}" >&2 \
        || die "pip install --no-deps ${NODEPS_PACKAGES[*]} into $VENV failed (see the pip output above)"
fi

"$PY" -c "$CHECK" >&2 \
    || die "$IMPORTS do not import in $VENV after installation"

echo "$PY"
