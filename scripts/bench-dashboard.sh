#!/usr/bin/env bash
# The web dashboard's server time per page, on a store seeded with MODELS (default 50) models
# m01..mNN of two versions each (version 1 the champion) and EVENTS (10000) registry history
# events, all on m01 (its model page is the worst case). Also a running rollout on m02, live
# drift counts for every champion (20 predict requests of 50 rows each; with DRIFT_HOURS=24 also
# 1,000 rows in each of the 23 hours before, so the 24 h drift badges read a day of windows),
# and five pipeline runs.
# Then a fresh `mlops serve` over that store: per page, the first request's `Server-Timing:
# render;dur=` (cold) and REQUESTS (50) more on one keep-alive connection; prints the machine,
# the seeding times and a Markdown table of min, median, p95, max server time and the client's
# median wall time. Last, after BADGE_WAIT (31) seconds idle (0 skips), `/` once more: it keeps
# each champion's drift badge 30 s, so that look recomputes all of them (shown, not budgeted).
# A benchmark, not a test; the budget is p95 < BUDGET_MS (100) per page.
#
#   scripts/bench-dashboard.sh [--postgres] [--keep]
#
# --postgres runs the same against a throwaway PostgreSQL (scripts/with-postgres.sh) instead of
# the SQLite default; --keep keeps the temporary directory (its path is printed; with --postgres
# only the files: the cluster is deleted). MLOPS_BIN is the binary (default: a release build,
# made here, as the other benchmarks do). Seeding takes about 1.5 minutes on 2 cores,
# most of it the 10,000 promotions (each loads the new champion); DRIFT_HOURS=24 adds about 75 s.
# Exit codes: 0 every page under budget, 1 a page over budget (named) or a failure, 2 usage.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
MODELS=${MODELS:-50}
EVENTS=${EVENTS:-10000}
REQUESTS=${REQUESTS:-50}
BUDGET_MS=${BUDGET_MS:-100}
BADGE_WAIT=${BADGE_WAIT:-31}
DRIFT_HOURS=${DRIFT_HOURS:-1}
if [[ -z "${MLOPS_BIN:-}" ]]; then
  swift build -c release --product mlops >&2    # as the other benchmarks: the binary one would deploy
fi
mlops=${MLOPS_BIN:-$root/.build/release/mlops}
me=bench-dashboard

keep=0 postgres=0
for arg in "$@"; do
  case "$arg" in
    --keep) keep=1 ;;
    --postgres) postgres=1 ;;
    *) echo "usage: $0 [--postgres] [--keep]" >&2; exit 2 ;;
  esac
done
[[ -x "$mlops" ]] || { echo "$me: $mlops is missing; build it first (make build) or set MLOPS_BIN" >&2; exit 1; }
(( MODELS >= 2 && MODELS <= 99 )) || { echo "$me: MODELS must be 2..99" >&2; exit 2; }
if [[ $postgres -eq 1 && -z "${MLOPS_TEST_DATABASE_URL:-}" ]]; then
  exec bash scripts/with-postgres.sh run -- bash "$root/scripts/bench-dashboard.sh" "$@"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-dashboard.XXXXXX")
server=
stop_server() {
  if [[ -n "$server" ]]; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=
  fi
}
cleanup() {
  stop_server
  if [[ $keep -eq 1 ]]; then echo "$me: kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export MLOPS_HOME="$tmp/home" MLOPS_ACTOR=bench MLOPS_PIPELINES_DIR="$tmp/home/pipelines"
unset MLOPS_ARTIFACT_ROOT
if [[ $postgres -eq 1 ]]; then
  export MLOPS_DATABASE_URL=$MLOPS_TEST_DATABASE_URL
  store="PostgreSQL $(psql "$MLOPS_DATABASE_URL" -Atc 'SHOW server_version' 2>/dev/null || true) on this machine"
else
  unset MLOPS_DATABASE_URL
  store="SQLite ($MLOPS_HOME/registry/mlops.db)"
fi
mkdir -p "$MLOPS_HOME/pipelines" "$MLOPS_HOME/data"
timings="$tmp/timings.tsv"
: > "$timings"

now() { date +%s.%N; }
record() { awk -v a="$2" -v b="$(now)" -v l="$1" 'BEGIN { printf "%s\t%.2f\n", l, b - a }' >> "$timings"; }

start_server() {  # extra flags for mlops serve
  "$mlops" serve --port 0 "$@" > "$tmp/serve.out" 2>> "$tmp/serve.log" &
  server=$!
  url=
  for _ in $(seq 300); do
    url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$tmp/serve.out" 2>/dev/null)
    [[ -n "$url" ]] && return 0
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
  done
  tail -n 40 "$tmp/serve.out" "$tmp/serve.log" >&2
  echo "$me: mlops serve did not start" >&2
  exit 1
}

echo "$me: seeding $MODELS models and $EVENTS history events in $tmp ($store)" >&2
t=$(now)
"$mlops" data synth --rows 5000 --features 20 --seed 1 --out "$MLOPS_HOME/data/train.csv" > /dev/null
"$mlops" train --data "$MLOPS_HOME/data/train.csv" --out "$tmp/model-1" --param num_round=10 --param max_depth=4 > /dev/null
"$mlops" train --data "$MLOPS_HOME/data/train.csv" --out "$tmp/model-2" --param num_round=20 --param max_depth=4 > /dev/null
record "synthetic data (5,000 × 20) and two gbdt models trained" "$t"

t=$(now)
for i in $(seq -f %02g 1 "$MODELS"); do
  "$mlops" registry create "m$i" --description "bench model $i" --tag team=bench > /dev/null
  "$mlops" registry register "m$i" "$tmp/model-1" --flavor xgboost --metric auc=0.95 > /dev/null
  "$mlops" registry register "m$i" "$tmp/model-2" --flavor xgboost --metric auc=0.98 > /dev/null
done
record "$MODELS models created, 2 versions each registered ($(( MODELS * 3 )) CLI calls)" "$t"

# Promotions, the history, the rollout and the predictions over HTTP; the drift counts are
# written every second and at shutdown.
start_server --no-auth --drift-flush 1s --decide-every 1s
python3 scripts/bench_dashboard.py seed "$url" --data "$MLOPS_HOME/data/train.csv" --models "$MODELS" \
  --events "$EVENTS" --timings "$timings"
sleep 1.5
stop_server

# DRIFT_HOURS > 1: also the DRIFT_HOURS - 1 hours before, 1,000 rows per champion and hour
# (mlops drift record --at), so the models page's 24 h drift badges read a day of windows.
if (( DRIFT_HOURS > 1 )); then
  t=$(now)
  head -n 1001 "$MLOPS_HOME/data/train.csv" > "$tmp/hour.csv"
  for h in $(seq 1 $(( DRIFT_HOURS - 1 ))); do
    for i in $(seq -f %02g 1 "$MODELS"); do echo "m$i@champion ${h}h"; done
  done | xargs -P "$(nproc)" -n 2 sh -c '"$0" drift record "$2" --at "$3" --data "$1" > /dev/null' "$mlops" "$tmp/hour.csv" \
    || { echo "$me: drift record failed" >&2; exit 1; }
  record "$(( (DRIFT_HOURS - 1) * MODELS )) earlier hourly drift windows (drift record, $(nproc) at a time)" "$t"
fi

# A few pipeline runs for /ui/pipelines: extract → validate → train → evaluate, nothing registered.
cat > "$MLOPS_HOME/pipelines/bench-retrain.yaml" <<EOF
name: bench-retrain
model: m$(printf %02d "$MODELS")
steps:
  - extract: { files: ["data/train.csv"] }
  - validate: { min_rows: 1000, max_missing: 0.2, max_psi: 2.0 }
  - train: { algorithm: gbdt, params: { num_round: 10, max_depth: 4 } }
  - evaluate: { holdout: 0.2, min_auc_gain: -1, max_logloss_increase: 1 }
EOF
t=$(now)
for _ in 1 2 3 4 5; do
  (cd "$MLOPS_HOME" && "$mlops" pipelines run bench-retrain --wait) > "$tmp/pipelines.log" 2>&1 \
    || { cat "$tmp/pipelines.log" >&2; echo "$me: pipeline run failed" >&2; exit 1; }
done
record "5 pipeline runs" "$t"

# The measurement, on a fresh server with the default flags.
start_server
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
build=debug; [[ "$mlops" == */release/* ]] && build=release
python3 scripts/bench_dashboard.py measure "$url" --requests "$REQUESTS" --timings "$timings" --budget "$BUDGET_MS" --badge-wait "$BADGE_WAIT" \
  --machine "${cpu:-unknown CPU}, $(nproc) cores; store: $store; binary: $mlops ($build build)"
