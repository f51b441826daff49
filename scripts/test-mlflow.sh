#!/usr/bin/env bash
# The real `mlflow` Python client against `mlops serve` on loopback: Tests/mlflow/mlflow_client_test.py
# (tracking, artifacts through the proxy, the registry, logged models, errors, paging) on a fresh
# SQLite home and, when MLOPS_TEST_DATABASE_URL is set (make test), on PostgreSQL in a schema of
# its own; and, when MLOPS_TEST_S3_ENDPOINT is set (scripts/with-moto.sh, as make test runs it),
# once more with the artifact root in a moto bucket (MLOPS_ARTIFACT_ROOT=s3://…), checking that
# what the client logged became keys under <prefix>/mlflow/. MLflow lives in a venv under /tmp (scripts/python-venv.sh mlflow), never a product
# dependency. MLOPS_BIN overrides the binary (default .build/debug/mlops).
set -euo pipefail
cd "$(dirname "$0")/.."
mlops=${MLOPS_BIN:-$(pwd)/.build/debug/mlops}
[[ -x "$mlops" ]] || { echo "test-mlflow: $mlops is not built (swift build first)" >&2; exit 1; }
python=$(bash scripts/python-venv.sh mlflow)
work=$(mktemp -d /tmp/mlops-mlflow-test.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

conformance() {  # backend label; MLOPS_DATABASE_URL set or not
  local label=$1 home="$work/$1"
  mkdir -p "$home"
  # Access control is on: the client uses an admin token (it deletes too), as MLflow's own
  # client sends it (MLFLOW_TRACKING_TOKEN → Authorization: Bearer).
  local token
  token=$(MLOPS_HOME="$home" "$mlops" auth token create --name "conformance-$label" --role admin 2>/dev/null)
  MLOPS_HOME="$home" "$mlops" serve --port 0 > "$home/serve.out" 2> "$home/serve.err" &
  local pid=$! port=""
  for _ in $(seq 300); do
    port=$(sed -n 's|.*listening on http://[^:]*:\([0-9]*\).*|\1|p' "$home/serve.out" | head -1)
    [[ -n "$port" ]] && break
    kill -0 "$pid" 2>/dev/null || { cat "$home/serve.err" >&2; echo "test-mlflow ($label): the server exited" >&2; return 1; }
    sleep 0.1
  done
  [[ -n "$port" ]] || { echo "test-mlflow ($label): the server did not listen" >&2; return 1; }
  echo "test-mlflow: $label, mlops serve on 127.0.0.1:$port" >&2
  local status=0 refused
  refused=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/api/2.0/mlflow/registered-models/create" -d '{"name": "no-token"}')
  if [[ "$refused" != 401 ]]; then echo "test-mlflow ($label): a write without a token answered $refused, not 401" >&2; status=1; fi
  MLFLOW_TRACKING_TOKEN="$token" MLOPS_CONFORMANCE_ACTOR="conformance-$label" MLOPS_CONFORMANCE_EXTRA=1 MLFLOW_TRACKING_URI="http://127.0.0.1:$port" "$python" Tests/mlflow/mlflow_client_test.py \
    > "$home/client.out" 2>&1 || status=1
  grep -E '^(ok|FAIL|skip|#) ' "$home/client.out" || true
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  if [[ $status -ne 0 ]]; then
    echo "test-mlflow ($label): the client checks failed; full output and server log follow" >&2
    tail -50 "$home/client.out" >&2; tail -30 "$home/serve.err" >&2
  fi
  return $status
}

conformance sqlite
if [[ -n "${MLOPS_TEST_DATABASE_URL:-}" ]]; then
  bindir=$(cat "${MLOPS_TEST_PG_DIR:-/nonexistent}/bindir" 2>/dev/null || echo /usr/bin)
  schema="mlflow_$(date +%s)_$$"
  "$bindir/psql" -q "$MLOPS_TEST_DATABASE_URL" -c "CREATE SCHEMA $schema" >/dev/null
  sep='?'; [[ "$MLOPS_TEST_DATABASE_URL" == *\?* ]] && sep='&'
  MLOPS_DATABASE_URL="${MLOPS_TEST_DATABASE_URL}${sep}options=-csearch_path%3D$schema" conformance postgres
fi
if [[ -n "${MLOPS_TEST_S3_ENDPOINT:-}" ]]; then
  bucket="mlflow-$(date +%s)-$$"
  curl -sf -X PUT "$MLOPS_TEST_S3_ENDPOINT/$bucket" > /dev/null
  export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_ENDPOINT_URL="$MLOPS_TEST_S3_ENDPOINT"
  MLOPS_ARTIFACT_ROOT="s3://$bucket/platform" conformance s3
  keys=$(curl -sf "$MLOPS_TEST_S3_ENDPOINT/$bucket?list-type=2&prefix=platform/mlflow/" | grep -o '<Key>[^<]*</Key>' | wc -l)
  archives=$(curl -sf "$MLOPS_TEST_S3_ENDPOINT/$bucket?list-type=2&prefix=platform/sha256/" | grep -o '<Key>[^<]*</Key>' | wc -l)
  echo "test-mlflow: s3, $keys logged files under s3://$bucket/platform/mlflow/, $archives archives under platform/sha256/" >&2
  if (( keys == 0 || archives == 0 )); then
    echo "test-mlflow (s3): expected the logged files and the registered archives in the bucket" >&2
    exit 1
  fi
fi
