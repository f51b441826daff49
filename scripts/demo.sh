#!/usr/bin/env bash
# End-to-end demo on the embedded SQLite default: create a model, register two versions,
# promote, roll back, verify and show the history. Runs in demo-out/ (recreated each time) so
# it never touches your own registry/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
mlops="$root/.build/debug/mlops"
[[ -x "$mlops" ]] || { echo "demo: build first (make build)" >&2; exit 1; }

demo="$root/demo-out"
rm -rf "$demo"
mkdir -p "$demo"
export MLOPS_HOME="$demo"          # registry/mlops.db and registry/artifacts under it
unset MLOPS_DATABASE_URL MLOPS_ARTIFACT_ROOT
export MLOPS_ACTOR="${MLOPS_ACTOR:-demo}"

step() { printf '\n\033[1m$ mlops %s\033[0m\n' "$*"; "$mlops" "$@"; }

# Two small "trained models" (later issues put real XGBoost-format trees here).
for v in 1 2; do
  mkdir -p "$demo/train-$v"
  printf '{"learner": "demo", "trees": %d}\n' "$((v * 100))" > "$demo/train-$v/model.json"
  printf 'feature,importance\nf0,0.%d\n' "$v" > "$demo/train-$v/importance.csv"
done

step registry create ctr --description "click-through rate" --tag team=ads
step registry register ctr "$demo/train-1" --flavor generic --metric auc=0.712 --metric logloss=0.151 --param eta=0.1
step registry register ctr "$demo/train-2" --flavor generic --metric auc=0.724 --metric logloss=0.148 --param eta=0.05
step registry promote ctr 1 --reason "first production model"
step registry promote ctr 2 --reason "auc +0.012 offline"
step registry show ctr@champion
step registry rollback ctr --reason "online CTR dropped after the switch"
step registry versions ctr
step registry verify ctr@champion
step registry export ctr/2 "$demo/ctr-2.tar.zst"
step registry import ctr-staging "$demo/ctr-2.tar.zst"
step registry history ctr
step db status
printf '\ndemo: done — the registry lives in %s/registry\n' "$demo"
