#!/usr/bin/env bash
# Side by side in one run: wrk against the alias lookup the mlflow client makes for
# `get_model_version_by_alias` (GET /api/2.0/mlflow/registered-models/alias?name=ctr&alias=champion)
# on `mlops serve` and on a real `mlflow server` (sqlite backend, its default workers), both on
# 127.0.0.1 with the same wrk settings. DURATION (default 15s), CONNECTIONS (8). MLflow lives
# in a venv under /tmp (scripts/python-venv.sh mlflow); never a product dependency.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-8}
work=${BENCH_DIR:-/tmp/mlops-bench}/mlflow
command -v wrk >/dev/null || { bash scripts/setup.sh >/dev/null; command -v wrk >/dev/null || apt-get install -y wrk >&2; }
python=$(bash scripts/python-venv.sh mlflow)
swift build -c release --product mlops >&2
mlops=$(pwd)/.build/release/mlops
rm -rf "$work" && mkdir -p "$work/model"
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
path="/api/2.0/mlflow/registered-models/alias?name=ctr&alias=champion"

wait_for() {  # url, seconds
  for _ in $(seq $(( $2 * 10 ))); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "bench-mlflow: $1 did not answer" >&2; return 1
}

echo "bench-mlflow: mlops serve" >&2
export MLOPS_HOME="$work/home"
echo '{}' > "$work/model/model.json"
"$mlops" registry create ctr >&2
"$mlops" registry register ctr "$work/model" >&2
"$mlops" registry register ctr "$work/model" >&2
"$mlops" registry promote ctr 2 >&2
"$mlops" serve --port 18082 > "$work/mlops.log" 2>&1 &
pid=$!
wait_for "http://127.0.0.1:18082/readyz" 60 || true
curl -sf "http://127.0.0.1:18082$path" >&2; echo >&2
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:18082$path" > "$work/mlops.wrk"
kill -TERM "$pid"; wait "$pid" || true

echo "bench-mlflow: mlflow server" >&2
bin=$(dirname "$python")
"$bin/mlflow" server --backend-store-uri "sqlite:///$work/mlflow.db" --artifacts-destination "$work/mlflow-artifacts" \
  --host 127.0.0.1 --port 18083 > "$work/mlflow.log" 2>&1 &
wait_for "http://127.0.0.1:18083/health" 180
MLFLOW_TRACKING_URI=http://127.0.0.1:18083 "$python" - <<'PY' >&2
from mlflow import MlflowClient
c = MlflowClient()
c.create_registered_model("ctr")
run = c.create_run(c.get_experiment_by_name("Default").experiment_id)
for _ in range(2):
    c.create_model_version("ctr", f"runs:/{run.info.run_id}/model", run_id=run.info.run_id)
c.set_registered_model_alias("ctr", "champion", "2")
PY
curl -sf "http://127.0.0.1:18083$path" >&2; echo >&2
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:18083$path" > "$work/mlflow.wrk"
pkill -TERM -f "127.0.0.1 --port 18083" 2>/dev/null || true
"$python" -c 'import mlflow; print("mlflow", mlflow.__version__)' > "$work/mlflow.version"

python3 - "$work" "$CONNECTIONS" <<'PY'
import os, re, sys
work, connections = sys.argv[1], sys.argv[2]
def parse(name):
    text = open(f"{work}/{name}.wrk").read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    def pct(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return rps, pct(50), pct(99), int(errors.group(1)) if errors else 0
ours, theirs = parse("mlops"), parse("mlflow")
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown")
print(f"machine: {cpu}, {os.cpu_count()} cores; GET registered-models/alias, {connections} connections; {open(f'{work}/mlflow.version').read().strip()}")
print(f"{'server':<22}{'req/s':>12}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>10}")
for name, (rps, p50, p99, errors) in (("mlops serve", ours), ("mlflow server", theirs)):
    print(f"{name:<22}{rps:>12.0f}{p50:>10.2f}{p99:>10.2f}{errors:>10}")
print(f"ratio of req/s: {ours[0] / theirs[0]:.1f}x mlflow server")
PY
