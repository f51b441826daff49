#!/usr/bin/env bash
# Create (idempotently) the Python virtual environment used to generate and cross-check
# XGBoost fixtures, and print the path of its python interpreter on stdout.
#
# Usage: scripts/python-venv.sh          # venv at ${MLOPS_PY_VENV:-/tmp/mlops-venv}
# Needs: python3 with the venv module, and network access to PyPI on first run.
set -euo pipefail

VENV="${MLOPS_PY_VENV:-/tmp/mlops-venv}"
PACKAGES=(xgboost-cpu numpy)

die() {
    echo "python-venv: $*" >&2
    exit 1
}

PY="$VENV/bin/python"

# Fast path: the venv exists and already has everything.
if [[ -x "$PY" ]] && "$PY" -c 'import xgboost, numpy' >/dev/null 2>&1; then
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

"$PY" -c 'import xgboost, numpy' >&2 \
    || die "xgboost or numpy does not import in $VENV after installation"

echo "$PY"
