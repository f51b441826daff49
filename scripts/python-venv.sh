#!/usr/bin/env bash
# Create (idempotently) the Python virtual environment used to generate and cross-check
# XGBoost fixtures, and print the path of its python interpreter on stdout.
#
# Usage: scripts/python-venv.sh          # xgboost + numpy, venv at ${MLOPS_PY_VENV:-/tmp/mlops-venv}
#        scripts/python-venv.sh mlflow   # mlflow + xgboost + pandas at /tmp/mlops-mlflow-venv
#        scripts/python-venv.sh drift    # Evidently 0.7 + pandas<3 + numpy at /tmp/mlops-drift-venv
#                                          (Evidently 0.7 needs the pandas pin to import)
# Needs: python3 with the venv module, and network access to PyPI on first run.
set -euo pipefail

case "${1:-xgboost}" in
    xgboost)
        VENV="${MLOPS_PY_VENV:-/tmp/mlops-venv}"
        PACKAGES=(xgboost-cpu numpy)
        IMPORTS="xgboost, numpy" ;;
    mlflow)
        VENV="${MLOPS_MLFLOW_VENV:-/tmp/mlops-mlflow-venv}"
        PACKAGES=("mlflow>=3,<4" xgboost-cpu pandas)
        IMPORTS="mlflow, xgboost, pandas" ;;
    drift)
        VENV="${MLOPS_DRIFT_VENV:-/tmp/mlops-drift-venv}"
        PACKAGES=("evidently==0.7.*" "pandas<3" numpy)
        IMPORTS="evidently, pandas, numpy" ;;
    *) echo "usage: $0 [xgboost|mlflow|drift]" >&2; exit 2 ;;
esac

die() {
    echo "python-venv: $*" >&2
    exit 1
}

PY="$VENV/bin/python"

# Fast path: the venv exists and already has everything.
if [[ -x "$PY" ]] && "$PY" -c "import $IMPORTS" >/dev/null 2>&1; then
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

"$PY" -c "import $IMPORTS" >&2 \
    || die "$IMPORTS do not import in $VENV after installation"

echo "$PY"
