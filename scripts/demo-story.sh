#!/usr/bin/env bash
# The platform's loop, end to end, on the embedded SQLite store in $MLOPS_HOME (scripts/demo.sh
# sets it), on click logs shaped like Avazu's (raw hashed site, app and device ids, no hand
# encoding): week-1 data → the weekly pipeline trains the first champion → a week of drifted
# traffic through the server's router → the drift monitor flags it → the scheduler fires
# ctr-retrain → the challenger is trained, evaluated, registered and canaried 5 → 20 → 100 % on
# live traffic with feedback → promoted; then a rollback, the history, the webhooks a receiver got
# for all of it, and one HTML report.
# Time is virtual where it can be: the first scheduler pass is evaluated "as of" a week ago
# (--now), and the demo's copy of pipelines/ctr-retrain.yaml holds each canary step 2 s and
# 300 labelled predictions instead of 30 minutes and 5,000.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
mlops="$root/.build/debug/mlops"
demo=${MLOPS_HOME:?MLOPS_HOME must be set (scripts/demo.sh sets it)}
step() { printf '\n\033[1m$ mlops %s\033[0m\n' "$*"; "$mlops" "$@"; }
say() { printf '\n\033[36m# %s\033[0m\n' "$*"; }

mkdir -p "$demo/pipelines" "$demo/data"
# The demo's copy reads Avazu-shaped logs: label 'click', the row id left out of training.
sed -e 's/hold: 30m/hold: 2s/' -e 's/min_samples: 5000/min_samples: 300/' -e 's/num_round: 100/num_round: 40/' \
  -e 's/files: \["data\/ctr-latest.csv"\] }/files: ["data\/ctr-latest.csv"], label: click }/' \
  -e 's/train: { algorithm: gbdt, /train: { algorithm: gbdt, exclude: [id], /' \
  pipelines/ctr-retrain.yaml > "$demo/pipelines/ctr-retrain.yaml"
grep -q 'label: click' "$demo/pipelines/ctr-retrain.yaml" && grep -q 'exclude: \[id\]' "$demo/pipelines/ctr-retrain.yaml" \
  || { echo "demo: could not adapt pipelines/ctr-retrain.yaml to click logs" >&2; exit 1; }
export MLOPS_PIPELINES_DIR=$demo/pipelines
cd "$demo"

say "Webhooks: a small receiver on loopback prints every event the platform sends it"
# The reference Standard Webhooks verifier checks each signature when its venv exists
# (scripts/python-venv.sh webhooks; make test creates it); plain python3 prints without checking.
webhook_python=python3
[[ -x /tmp/mlops-webhooks-venv/bin/python ]] && webhook_python=/tmp/mlops-webhooks-venv/bin/python
secret=whsec_$(head -c 32 /dev/urandom | base64)
verify=()
"$webhook_python" -c 'import standardwebhooks' 2>/dev/null && verify=(--secret "$secret")
rm -f "$demo/webhook.port"
"$webhook_python" "$root/scripts/webhook-receiver.py" --port 0 --port-file "$demo/webhook.port" "${verify[@]}" > "$demo/webhook.out" 2>&1 &
receiver=$!
trap 'kill $receiver 2>/dev/null || true' EXIT
for _ in $(seq 100); do [[ -s "$demo/webhook.port" ]] && break; sleep 0.1; done
step notify add --url "http://127.0.0.1:$(cat "$demo/webhook.port")/hooks/mlops" --events 'rollout.*,version.promoted,version.rolled_back,pipeline.*' \
  --secret "$secret"

say "Week 1: click logs with raw ids (Avazu's shape), and the weekly retraining pipeline"
step data synth --shape avazu --rows 20000 --seed 1 --out data/week1.csv
step data synth --shape avazu --rows 50000 --seed 4 --drift 0.8 --out data/week2.csv
step data synth --shape avazu --rows 30000 --seed 5 --drift 0.8 --out data/week2-traffic.csv
cp data/week1.csv data/ctr-latest.csv
step pipelines list
week_ago=$(date -u -d '7 days ago' +%Y-%m-%dT%H:%M:%SZ)
say "The scheduler, as of a week ago ($week_ago): the weekly slot is due"
step scheduler run --once --now "$week_ago"
step worker run --until-idle --concurrency 1
step pipelines runs
step registry show ctr@champion

say "Week 2: predictions through the server, on traffic that has drifted"
"$mlops" serve --port 0 --poll 0.2 --decide-every 1s --drift-flush 1s > "$demo/serve.out" 2> "$demo/serve.log" &
server=$!
trap 'kill -TERM $server 2>/dev/null || true; kill $receiver 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$demo/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$demo/serve.out")
echo "mlops serve: $url"
python3 "$root/scripts/demo_traffic.py" --url "$url" --data data/week2-traffic.csv --label click --exclude id --rows 5000
sleep 2  # the server writes its live drift counts every second
step drift report ctr --since 1h

say "The scheduler now: the champion's live traffic drifted significantly, so ctr-retrain fires"
cp data/week2.csv data/ctr-latest.csv
step scheduler run --once
step worker run --until-idle --concurrency 1
run=$("$mlops" pipelines runs --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
step pipelines show "$run" --no-log
step rollout status ctr

say "The canary on live traffic with click feedback: 5 % → 20 % → 100 %, decided at 95 % confidence"
python3 "$root/scripts/demo_traffic.py" --url "$url" --data data/week2-traffic.csv --label click --exclude id --rows 60000 \
  --until-rollout-ends
sleep 1
step rollout status ctr
kill -TERM $server; wait $server 2>/dev/null || true
trap 'kill $receiver 2>/dev/null || true' EXIT

say "How each model did on that traffic: clicks joined to predictions, hour by hour"
step performance fold --lag 0s
step performance report ctr --since 1h

say "A person at the CLI rolls back, and the history shows every change"
step registry history ctr
# The canary decides on live statistics: on a slow machine it can roll back on its own (the
# status above says why); then there is nothing for a person to roll back.
champion=$("$mlops" registry show ctr@champion --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')
if [[ "$champion" == 2 ]]; then
  step registry rollback ctr --reason "demo: back to the week-1 model"
  step registry history ctr
else
  say "The canary rolled version 2 back itself (see its status above): version $champion stays champion"
fi
say "What the webhook receiver got: the rollout's steps, the promotion and the rollback, each signed"
step worker run --until-idle --concurrency 1
step notify deliveries --limit 12
cat "$demo/webhook.out"
kill $receiver 2>/dev/null || true
trap - EXIT
step drift report ctr/1 --since 1h --html "$demo/report.html" --with-rollout
printf '\ndemo: the story in one page: %s\n' "$demo/report.html"
