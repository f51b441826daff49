#!/usr/bin/env bash
# End-to-end demo on the embedded SQLite default, in $MLOPS_HOME (default demo-out/, recreated
# each time, so it never touches your own registry/; a given MLOPS_HOME must not hold a registry).
# First the platform's loop (scripts/demo-story.sh): the weekly pipeline trains the champion,
# drifted traffic through the server, the drift trigger retrains, the canary promotes, a rollback,
# one HTML report. Then a tour of the registry, drift and rollout commands on a second model.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
mlops="$root/.build/debug/mlops"
[[ -x "$mlops" ]] || { echo "demo: build first (make build)" >&2; exit 1; }

if [[ -n "${MLOPS_HOME:-}" ]]; then
  demo=$(cd "$MLOPS_HOME" 2>/dev/null && pwd || { mkdir -p "$MLOPS_HOME" && cd "$MLOPS_HOME" && pwd; })
  [[ ! -e "$demo/registry" ]] || { echo "demo: $demo/registry exists; point MLOPS_HOME at an empty directory" >&2; exit 1; }
else
  demo="$root/demo-out"
  rm -rf "$demo"
  mkdir -p "$demo"
fi
export MLOPS_HOME="$demo"          # registry/mlops.db and registry/artifacts under it
unset MLOPS_DATABASE_URL MLOPS_ARTIFACT_ROOT
export MLOPS_ACTOR="${MLOPS_ACTOR:-demo}"

step() { printf '\n\033[1m$ mlops %s\033[0m\n' "$*"; "$mlops" "$@"; }

bash scripts/demo-story.sh
printf '\n\033[36m# The tour: registry, drift and rollout commands on a second model, ctr-tour\033[0m\n'

# Synthetic click-through data: one population, independent samples per seed.
step data synth --rows 20000 --features 20 --seed 1 --out "$demo/train.csv"
step data synth --rows 10000 --features 20 --seed 2 --out "$demo/valid.csv"
step data synth --rows 5000 --features 20 --seed 3 --out "$demo/today.csv"
step data synth --rows 5000 --features 20 --seed 4 --drift 0.8 --out "$demo/drifted.csv"

step registry create ctr-tour --description "click-through rate" --tag team=ads
# Version 1: logistic regression; version 2: gradient-boosted trees. Both registered on training.
step train --data "$demo/train.csv" --valid "$demo/valid.csv" --algo logreg --out "$demo/ctr-logreg" --register ctr-tour
step train --data "$demo/train.csv" --valid "$demo/valid.csv" --algo gbdt \
  --param num_round=40 --param eta=0.2 --param max_depth=5 --out "$demo/ctr-gbdt" --register ctr-tour
step registry promote ctr-tour 1 --reason "first production model"
step registry promote ctr-tour 2 --reason "trees beat the linear model offline"
step evaluate --model ctr-tour@champion --data "$demo/valid.csv"
step predict --model ctr-tour@champion --data "$demo/today.csv" --out "$demo/predictions.csv"
head -4 "$demo/predictions.csv"
step registry rollback ctr-tour --reason "online CTR dropped after the switch"
step registry versions ctr-tour
step registry show ctr-tour@champion
step registry verify ctr-tour@champion
step registry export ctr-tour/2 "$demo/ctr-2.tar.zst"
step registry import ctr-staging "$demo/ctr-2.tar.zst"
step registry history ctr-tour
# Drift: two files side by side, then live counts of the champion per hour window.
step drift compare --reference "$demo/train.csv" --current "$demo/drifted.csv" --html "$demo/drift.html"
step drift record ctr-tour@champion --data "$demo/today.csv" --at 3h
step drift record ctr-tour@champion --data "$demo/drifted.csv" --at 20m
step drift report ctr-tour --since 4h --until 2h
step drift report ctr-tour --since 1h --html "$demo/drift-live.html"
# Canary rollouts, simulated on a virtual clock through the real router and decision code.
step simulate rollout --scenario better --runs 20
step simulate rollout --scenario worse --runs 20
step simulate rollout --scenario same --runs 200
# A rollout of the trees against the current champion (servers pick it up; see docs/serving.md).
step rollout start ctr-tour --challenger 2 --hold 30m
step rollout status ctr-tour
step rollout abort ctr-tour --reason "demo over"
step db status
printf '\ndemo: done — the registry lives in %s/registry; the story in one page: %s/report.html; tour drift reports: %s/drift.html, %s/drift-live.html\n' "$demo" "$demo" "$demo" "$demo"
