#!/usr/bin/env bash
# Fuzzes a running `mlops serve` against its OpenAPI document with schemathesis (PyPI), as issue 19
# asks: every check (`--checks all`: no 5xx, responses and status codes as documented, auth
# honoured, schema-valid bodies accepted and invalid ones refused, 405 for undeclared methods),
# the examples, coverage, fuzzing and stateful phases (the document's links chain the registry,
# predictions, feedback, rollouts and webhooks), a bounded number of examples per operation and a
# fixed seed, so a run does the same work each time, under a hard time cap (`timeout`: a run that
# hits it fails). Run it against a server with access control on and pass an admin token, so every
# operation is reached and the auth checks have something to check. The document's examples name
# a model `ctr` with five numeric features f0…f4 and versions 1 (champion) and 2: a store holding
# that model lets the examples (and the links from their answers) reach past the 404s.
#
# Not fuzzed: POST /api/v1/notifications/{id}/test, which sends a request to the subscription's
# URL — a fuzzer would make the server call whatever host it generated.
#
# Operations whose bodies or parameters depend on a served model, or on rules between fields
# that JSON Schema cannot state, may answer a schema-valid request with 400 (the config below
# says which and why); every other check still applies to them.
#
# Usage: scripts/schemathesis.sh URL DOCUMENT TOKEN [SCHEMATHESIS-RUN-ARGS...]
#   e.g. scripts/schemathesis.sh http://127.0.0.1:8080 Sources/PredictionServer/OpenAPI/openapi.json "$token"
# Environment: MLOPS_SCHEMATHESIS_PYTHON  the interpreter with schemathesis installed
#                (default /tmp/mlops-schemathesis-venv/bin/python; this script creates no venv)
#              MLOPS_SCHEMATHESIS_EXAMPLES  examples per operation and phase (default 50)
#              MLOPS_SCHEMATHESIS_MAX_TIME  the hard cap in seconds (default 90; exit 124 when hit)
#              MLOPS_SCHEMATHESIS_SEED      the seed (default 19)
# Exits with schemathesis's status (0 when no check failed), or 124 when the cap was hit.
set -euo pipefail

if [[ $# -lt 3 ]]; then
    echo "usage: scripts/schemathesis.sh URL DOCUMENT TOKEN [SCHEMATHESIS-RUN-ARGS...]" >&2
    exit 2
fi
url=$1
document=$2
token=$3
shift 3
python=${MLOPS_SCHEMATHESIS_PYTHON:-/tmp/mlops-schemathesis-venv/bin/python}
examples=${MLOPS_SCHEMATHESIS_EXAMPLES:-50}
max_time=${MLOPS_SCHEMATHESIS_MAX_TIME:-90}
seed=${MLOPS_SCHEMATHESIS_SEED:-19}

[[ -x "$python" ]] || { echo "schemathesis.sh: no interpreter at $python (set MLOPS_SCHEMATHESIS_PYTHON)" >&2; exit 2; }
[[ -f "$document" ]] || { echo "schemathesis.sh: no document at $document" >&2; exit 2; }
document=$(cd "$(dirname "$document")" && pwd)/$(basename "$document")
[[ "$token" =~ ^[A-Za-z0-9_.~+/=-]+$ ]] || { echo "schemathesis.sh: the token has characters a bearer token cannot have" >&2; exit 2; }
"$python" -c 'import schemathesis' 2>/dev/null || { echo "schemathesis.sh: $python cannot import schemathesis" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/mlops-schemathesis.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Schema-valid requests these operations may refuse with 400, and why:
# - predict, v2Infer, v2InferVersion: the features (names, count, which are categorical) are the
#   served model's, not the document's;
# - startRollout: steps must be strictly increasing;
# - getDrift: `moderate` must not exceed `significant` (or the model's tags);
# - getPerformance: `since` must be before `until`.
# The token goes in the config file, not on a command line.
cat > "$work/schemathesis.toml" <<EOF
headers = { Authorization = "Bearer $token" }

[[operations]]
include-operation-id = ["predict", "v2Infer", "v2InferVersion", "startRollout", "getDrift", "getPerformance"]
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404", "409"]
EOF

cd "$work"
timeout --kill-after=10 "$max_time" "$python" -m schemathesis.cli --config-file "$work/schemathesis.toml" run "$document" \
    --url "$url" \
    --checks all \
    --phases examples,coverage,fuzzing,stateful \
    --max-examples "$examples" \
    --seed "$seed" \
    --exclude-operation-id testNotification \
    --generation-database none \
    --request-timeout 10 \
    --no-color \
    "$@" || status=$?
[[ ${status:-0} -ne 124 ]] || echo "schemathesis.sh: the run took more than ${max_time}s" >&2
exit "${status:-0}"
