#!/usr/bin/env bash
# make test's OpenAPI fuzzing: for each store (SQLite, and PostgreSQL in a schema of its own when
# MLOPS_TEST_DATABASE_URL names a server, as scripts/with-postgres.sh sets it), builds a throwaway MLOPS_HOME holding what the
# document's examples name — model `ctr` (five numeric features f0…f4; version 1 trees, the
# champion; version 2 logistic regression) and the categorical model `clicks` — creates an admin
# token, starts `mlops serve` with access control on, and runs scripts/schemathesis.sh against it
# (every check, bounded examples, a hard time cap). Fails when a check fails on either store or the
# server dies.
#
# Usage: scripts/test-schemathesis.sh [MLOPS_BINARY]   (default .build/debug/mlops)
# Environment: MLOPS_SCHEMATHESIS_PYTHON (default: scripts/python-venv.sh schemathesis)
set -euo pipefail
cd "$(dirname "$0")/.."
mlops=$(cd "$(dirname "${1:-.build/debug/mlops}")" && pwd)/$(basename "${1:-.build/debug/mlops}")
export MLOPS_SCHEMATHESIS_PYTHON=${MLOPS_SCHEMATHESIS_PYTHON:-$(bash scripts/python-venv.sh schemathesis)}
document=$PWD/docs/openapi.json
work=$(mktemp -d "${TMPDIR:-/tmp}/mlops-fuzz.XXXXXX")
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

fixture() {  # HOME: the models the document's examples name; prints the admin token
    local home=$1
    mkdir -p "$home"
    "$mlops" data synth --rows 3000 --features 5 --seed 1 --out "$home/train.csv" >/dev/null
    "$mlops" data synth --rows 1000 --features 5 --seed 2 --out "$home/valid.csv" >/dev/null
    "$mlops" registry create ctr >/dev/null
    "$mlops" train --data "$home/train.csv" --valid "$home/valid.csv" --param num_round=10 --out "$home/ctr-gbdt" --register ctr >/dev/null
    "$mlops" train --data "$home/train.csv" --valid "$home/valid.csv" --algo logreg --out "$home/ctr-logreg" --register ctr >/dev/null
    "$mlops" registry promote ctr 1 --reason fixture >/dev/null
    "$mlops" data synth --rows 3000 --seed 1 --shape avazu --out "$home/avazu.csv" >/dev/null
    "$mlops" registry create clicks >/dev/null
    "$mlops" train --data "$home/avazu.csv" --label click --exclude id --param num_round=5 --out "$home/clicks" --register clicks >/dev/null
    "$mlops" registry promote clicks 1 >/dev/null
    "$mlops" auth token create --name fuzz --role admin 2>/dev/null | tail -1
}

fuzz() {  # NAME [DATABASE_URL]
    local name=$1 home=$work/$1
    if [[ -n "${2:-}" ]]; then export MLOPS_DATABASE_URL=$2; else unset MLOPS_DATABASE_URL; fi
    unset MLOPS_ARTIFACT_ROOT
    export MLOPS_HOME=$home MLOPS_ACTOR=fuzz
    local token
    token=$(fixture "$home")
    "$mlops" serve --port 0 > "$home/serve.out" 2> "$home/serve.err" < /dev/null &
    local pid=$!
    pids+=("$pid")
    local url=
    for _ in $(seq 200); do
        url=$(sed -n 's/^mlops serve: listening on \(http:[^ ]*\)$/\1/p' "$home/serve.out")
        [[ -n "$url" ]] && break
        sleep 0.1
    done
    [[ -n "$url" ]] || { echo "test-schemathesis: mlops serve did not start ($name)" >&2; cat "$home/serve.err" >&2; return 1; }
    echo "test-schemathesis: fuzzing $url ($name)"
    local status=0
    bash scripts/schemathesis.sh "$url" "$document" "$token" || status=$?
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "test-schemathesis: mlops serve died during the run ($name):" >&2
        tail -20 "$home/serve.err" >&2
        return 1
    fi
    return "$status"
}

fuzz sqlite
if [[ -n "${MLOPS_TEST_DATABASE_URL:-}" ]]; then
    schema=fuzz_$$
    psql -q "$MLOPS_TEST_DATABASE_URL" -c "CREATE SCHEMA $schema" >/dev/null
    separator='?'; [[ "$MLOPS_TEST_DATABASE_URL" == *\?* ]] && separator='&'
    fuzz postgres "${MLOPS_TEST_DATABASE_URL}${separator}options=-csearch_path%3D$schema"
fi
