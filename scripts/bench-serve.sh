#!/usr/bin/env bash
# Side by side in one run: wrk against `mlops serve` and against `mlflow models serve` (xgboost
# flavor, --env-manager local) with the same 200-tree depth-6 model, single-row requests, on
# 127.0.0.1 (client and server share the machine's cores); then the Open Inference Protocol v2:
# `mlops serve`'s /v2/models/ctr/infer against Seldon MLServer 1.7.1 with its XGBoost runtime
# (scripts/mlserver-serve.sh: one inference worker, OMP_NUM_THREADS=1) serving the same model
# file, single-row and 100-row requests, with /api/v1 at 100 rows beside them. DURATION (default
# 15s), CONNECTIONS (32), FEATURES (20). MLflow and MLServer live in venvs under /tmp; never
# product dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
FEATURES=${FEATURES:-20}
work=${BENCH_DIR:-/tmp/mlops-bench}/serve
mkdir -p "$work"
command -v wrk >/dev/null || { bash scripts/setup.sh >/dev/null; command -v wrk >/dev/null || apt-get install -y wrk >&2; }
venv=$(dirname "$(dirname "$(bash scripts/python-venv.sh mlflow)")")
swift build -c release --product mlops >&2
mlops=$(pwd)/.build/release/mlops

export MLOPS_HOME="$work/home"
rm -rf "$MLOPS_HOME" && mkdir -p "$MLOPS_HOME"
"$mlops" data synth --rows 200000 --features "$FEATURES" --seed 7 --out "$work/train.csv" >&2
"$mlops" registry create ctr >&2
"$mlops" train --data "$work/train.csv" --out "$work/model" --register ctr \
  --param num_round=200 --param max_depth=6 --param eta=0.1 >&2
"$mlops" registry promote ctr 1 >&2
row=$(sed -n 2p "$work/train.csv" | cut -d, -f1-"$FEATURES" | sed 's/,,/,null,/g; s/^,/null,/; s/,$/,null/')
columns=$(head -1 "$work/train.csv" | cut -d, -f1-"$FEATURES" | sed 's/\([^,]*\)/"\1"/g')

wait_for() {  # url, seconds
  for _ in $(seq $(( $2 * 10 ))); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "bench-serve: $1 did not answer" >&2; return 1
}
run_wrk() {  # name, url, body
  BODY="$3" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s scripts/wrk-post.lua "$2" > "$work/$1.wrk"
}

echo "bench-serve: mlops serve" >&2
"$mlops" serve --port 18080 > "$work/mlops.log" 2>&1 &
pid=$!
wait_for http://127.0.0.1:18080/readyz 60
curl -sf http://127.0.0.1:18080/api/v1/models/ctr/predict -d "{\"rows\": [[$row]]}" >&2; echo >&2
run_wrk mlops http://127.0.0.1:18080/api/v1/models/ctr/predict "{\"rows\": [[$row]]}"
# The same server with the predict fast path off: every request through the framework's router.
kill -TERM "$pid"; wait "$pid" || true
"$mlops" serve --port 18080 --no-predict-fast-path > "$work/mlops-router.log" 2>&1 &
pid=$!
wait_for http://127.0.0.1:18080/readyz 60
run_wrk mlops-router http://127.0.0.1:18080/api/v1/models/ctr/predict "{\"rows\": [[$row]]}"
# The same server answering /healthz (no body, no model, no log): the ceiling this machine's
# HTTP stack and loopback allow, against which the predict route's own cost shows.
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency http://127.0.0.1:18080/healthz > "$work/healthz.wrk"
kill -TERM "$pid"; wait "$pid" || true

# The v2 protocol on the same server, one row and 100 rows, and /api/v1 at 100 rows beside it.
rows100=$(for _ in $(seq 100); do printf '[%s],' "$row"; done); rows100=${rows100%,}
flat100=$(for _ in $(seq 100); do printf '%s,' "$row"; done); flat100=${flat100%,}
v2_one="{\"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [1, $FEATURES], \"data\": [$row]}]}"
v2_hundred="{\"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [100, $FEATURES], \"data\": [$flat100]}]}"
"$mlops" serve --port 18080 > "$work/mlops-v2.log" 2>&1 &
pid=$!
wait_for http://127.0.0.1:18080/readyz 60
curl -sf http://127.0.0.1:18080/v2/models/ctr/infer -H 'Content-Type: application/json' -d "$v2_one" >&2; echo >&2
run_wrk mlops-v2 http://127.0.0.1:18080/v2/models/ctr/infer "$v2_one"
run_wrk mlops-v2-100 http://127.0.0.1:18080/v2/models/ctr/infer "$v2_hundred"
run_wrk mlops-100 http://127.0.0.1:18080/api/v1/models/ctr/predict "{\"rows\": [$rows100]}"
kill -TERM "$pid"; wait "$pid" || true

echo "bench-serve: Seldon MLServer" >&2
MLOPS_MLSERVER_PYTHON=$(bash scripts/python-venv.sh mlserver)
export MLOPS_MLSERVER_PYTHON
"$MLOPS_MLSERVER_PYTHON" -c "import mlserver, xgboost; print(f'mlserver {mlserver.__version__}, xgboost {xgboost.__version__}')" > "$work/mlserver.version"
export BENCH_WORK="$work" BENCH_V2_ONE="$v2_one" BENCH_V2_HUNDRED="$v2_hundred" DURATION CONNECTIONS
bash scripts/mlserver-serve.sh ctr "$work/model/model.json" 18082 "$work/mlserver" bash -c '
  curl -sf "$MLOPS_TEST_MLSERVER_MODEL_URL/infer" -H "Content-Type: application/json" -d "$BENCH_V2_ONE" >&2; echo >&2
  BODY="$BENCH_V2_ONE" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s scripts/wrk-post.lua "$MLOPS_TEST_MLSERVER_MODEL_URL/infer" > "$BENCH_WORK/mlserver.wrk"
  BODY="$BENCH_V2_HUNDRED" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s scripts/wrk-post.lua "$MLOPS_TEST_MLSERVER_MODEL_URL/infer" > "$BENCH_WORK/mlserver-100.wrk"
'

echo "bench-serve: mlflow models serve" >&2
rm -rf "$work/mlflow-model"
"$venv/bin/python" scripts/bench_serve_mlflow.py "$work/model/model.json" "$work/mlflow-model" > "$work/mlflow.version"
(source "$venv/bin/activate" && exec mlflow models serve -m "$work/mlflow-model" -p 18081 -h 127.0.0.1 --env-manager local) > "$work/mlflow.log" 2>&1 &
pid=$!
wait_for http://127.0.0.1:18081/ping 120
mlflow_body="{\"dataframe_split\": {\"columns\": [$columns], \"data\": [[$row]]}}"
curl -sf http://127.0.0.1:18081/invocations -H 'Content-Type: application/json' -d "$mlflow_body" >&2; echo >&2
run_wrk mlflow http://127.0.0.1:18081/invocations "$mlflow_body"
kill -TERM "$pid" 2>/dev/null; pkill -TERM -f "127.0.0.1:18081" 2>/dev/null || true; wait "$pid" 2>/dev/null || true

python3 - "$work" <<'PY'
import os, re, sys
work = sys.argv[1]
def parse(name):
    text = open(f"{work}/{name}.wrk").read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    def pct(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return rps, pct(50), pct(99), int(errors.group(1)) if errors else 0
ours, theirs, ceiling, router = parse("mlops"), parse("mlflow"), parse("healthz"), parse("mlops-router")
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown")
print(f"machine: {cpu}, {os.cpu_count()} cores; 200 trees of depth 6, single-row requests; {open(f'{work}/mlflow.version').read().strip()}")
print(f"{'server':<22}{'req/s':>12}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>10}")
rows = (("mlops serve", ours), ("  without fast path", router), ("mlflow models serve", theirs), ("mlops GET /healthz", ceiling))
for name, (rps, p50, p99, errors) in rows:
    print(f"{name:<22}{rps:>12.0f}{p50:>10.2f}{p99:>10.2f}{errors:>10}")
print(f"ratio of req/s: {ours[0] / theirs[0]:.1f}x mlflow; fast path {ours[0] / router[0]:.2f}x the router; "
      f"predict at {ours[0] / ceiling[0]:.0%} of /healthz")
v2, v2_100, api_100 = parse("mlops-v2"), parse("mlops-v2-100"), parse("mlops-100")
ml, ml_100 = parse("mlserver"), parse("mlserver-100")
print()
print(f"the v2 protocol; {open(f'{work}/mlserver.version').read().strip()} (1 inference worker, OMP_NUM_THREADS=1)")
print(f"{'server':<30}{'req/s':>10}{'rows/s':>12}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>10}")
for name, rows, (rps, p50, p99, errors) in (
    ("mlops /api/v1, 1 row", 1, ours), ("mlops v2 infer, 1 row", 1, v2), ("MLServer v2 infer, 1 row", 1, ml),
    ("mlops /api/v1, 100 rows", 100, api_100), ("mlops v2 infer, 100 rows", 100, v2_100), ("MLServer v2 infer, 100 rows", 100, ml_100),
):
    print(f"{name:<30}{rps:>10.0f}{rps * rows:>12.0f}{p50:>10.2f}{p99:>10.2f}{errors:>10}")
print(f"ratios: v2 {v2[0] / ml[0]:.1f}x MLServer's req/s at 1 row (target >= 20x), {v2_100[0] / ml_100[0]:.1f}x its rows/s at 100 rows "
      f"(target >= 5x); v2 at {v2[0] / ours[0]:.0%} of /api/v1's req/s (target >= 90%)")
PY
