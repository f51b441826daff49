#!/usr/bin/env bash
# `make cluster`: the platform as several processes on one PostgreSQL and one S3 bucket, on
# loopback: two `mlops serve` replicas (each with its own archive cache), two schedulers and two
# workers. It shows, printing each step: a promotion through replica A served by replica B; a
# rollout whose units get the same arm from both replicas and whose statistics hold both
# replicas' traffic; a weekly pipeline slot run once across both schedulers; replica A killed
# with SIGKILL while B goes on serving. Everything runs in a temporary directory and is stopped
# at the end. (`ReplicaCLITests` asserts the same story in `make test`.)
set -euo pipefail
cd "$(dirname "$0")/.."
mlops=$PWD/.build/debug/mlops
[[ -x "$mlops" ]] || { echo "cluster: build first (make build)" >&2; exit 1; }
work=$(mktemp -d /tmp/mlops-cluster.XXXXXX)
chmod 755 "$work" # PostgreSQL runs as an unprivileged user and needs to reach its directory
pids=()
say() { printf '\n\033[1m# %s\033[0m\n' "$*"; }
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    bash scripts/with-postgres.sh stop "$work/pg" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

say "PostgreSQL and an S3 bucket (moto) on loopback"
MLOPS_DATABASE_URL=$(bash scripts/with-postgres.sh start "$work/pg")
export MLOPS_DATABASE_URL
py=$(bash scripts/python-venv.sh s3)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$(dirname "$py")/moto_server" -H 127.0.0.1 -p "$port" > "$work/moto.log" 2>&1 &
pids+=($!)
for _ in $(seq 150); do curl -s -o /dev/null "http://127.0.0.1:$port/moto-api/" && break; sleep 0.1; done
export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_ENDPOINT_URL="http://127.0.0.1:$port"
curl -s -X PUT "$AWS_ENDPOINT_URL/cluster-demo" > /dev/null
export MLOPS_ARTIFACT_ROOT=s3://cluster-demo/registry MLOPS_ACTOR=cluster-demo
echo "database $MLOPS_DATABASE_URL, artifacts $MLOPS_ARTIFACT_ROOT at $AWS_ENDPOINT_URL"

say "Two versions of ctr, v1 champion"
cd "$work"
mkdir -p data pipelines
"$mlops" data synth --rows 3000 --features 5 --seed 3 --out data/week.csv
"$mlops" registry create ctr > /dev/null
"$mlops" train --data data/week.csv --param num_round=5 --out m1 --register ctr | tail -1
"$mlops" train --data data/week.csv --param num_round=9 --out m2 --register ctr | tail -1
"$mlops" registry promote ctr 1 > /dev/null
token=$("$mlops" auth token create --name ops --role admin)

start() { # name, then arguments
    local name=$1
    shift
    MLOPS_HOME="$work/$name" "$mlops" "$@" > "$work/$name.out" 2> "$work/$name.err" &
    pids+=($!)
    echo $! > "$work/$name.pid"
}
serve_port() {
    for _ in $(seq 300); do
        local p
        p=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$work/$1.out" 2>/dev/null | grep -o '[0-9]*$' || true)
        [[ -n "$p" ]] && { echo "$p"; return; }
        sleep 0.1
    done
    echo "cluster: $1 did not start" >&2
    exit 1
}
predict() { curl -s -X POST "http://127.0.0.1:$1/api/v1/models/ctr/predict" -d "{\"unit_id\": \"$2\", \"rows\": [[0.1, 0.2, 0.3, 0.4, 0.5]]}"; }
field() { # a field of a JSON answer, or the whole answer when it lacks the field
    python3 -c "import json, sys
text = sys.stdin.read()
try:
    print(json.loads(text)$1)
except (ValueError, KeyError, TypeError):
    print('unexpected answer: ' + text)"
}

say "Two replicas, each with its own cache"
start serve-a serve --port 0 --poll 0.5 --decide-every 1s
start serve-b serve --port 0 --poll 0.5 --decide-every 1s
a=$(serve_port serve-a)
b=$(serve_port serve-b)
echo "replica A on :$a, replica B on :$b; B answers with version $(predict "$b" u | field '["version"]')"

say "Promote v2 through replica A; replica B follows"
curl -s -X POST -H "Authorization: Bearer $token" "http://127.0.0.1:$a/api/v1/models/ctr/promote" -d '{"version": 2, "reason": "through A"}' > /dev/null
started=$(date +%s.%N)
for _ in $(seq 200); do [[ $(predict "$b" u | field '["version"]') == 2 ]] && break; sleep 0.05; done
python3 -c "import sys, time; print(f'replica B serves v2 after {time.time() - float(sys.argv[1]):.2f} s')" "$started"

say "A rollout started through A: each unit gets the same arm from both replicas"
curl -s -X POST -H "Authorization: Bearer $token" "http://127.0.0.1:$a/api/v1/models/ctr/rollout" \
    -d '{"challenger": 1, "steps": [50, 100], "hold": "1h", "min_samples": 100000}' > /dev/null
sleep 1.5
same=0
for k in $(seq 20); do
    [[ $(predict "$a" "unit-$k" | field '["arm"]') == $(predict "$b" "unit-$k" | field '["arm"]') ]] && same=$((same + 1))
done
echo "$same of 20 units got the same arm from A and B"
for k in $(seq 30); do predict $((k % 2 == 0 ? a : b)) "stats-$k" > /dev/null; done
sleep 2.5
curl -s "http://127.0.0.1:$b/api/v1/models/ctr/rollout" \
    | field '["evidence"]["champion"]["requests"] + 0' | xargs -I{} echo "champion requests counted (both replicas): {}"

say "Two schedulers and two workers: the weekly slot runs once"
cat > pipelines/weekly.yaml <<'YAML'
name: weekly
model: weekly
schedule: "0 3 * * 1"
steps:
  - extract: { files: ["data/week.csv"] }
  - train: { algorithm: gbdt, params: { num_round: 3 } }
  - register: {}
YAML
start scheduler-1 scheduler run --interval 1
start scheduler-2 scheduler run --interval 1
start worker-1 worker run --poll 0.2
start worker-2 worker run --poll 0.2
for _ in $(seq 120); do
    "$mlops" pipelines runs | grep -q succeeded && break
    sleep 0.5
done
sleep 2
"$mlops" pipelines runs

say "SIGKILL replica A: B goes on serving"
for k in $(seq 100); do predict "$a" "kill-$k" > /dev/null; done
kill -9 "$(cat "$work/serve-a.pid")"
wait "$(cat "$work/serve-a.pid")" 2>/dev/null || true
echo "B still answers: $(predict "$b" after)"
echo "A's last 100 predictions in the log: $(psql -tA "$MLOPS_DATABASE_URL" -c "SELECT count(*) FROM predictions WHERE unit_id LIKE 'kill-%'") (the rest was not flushed yet)"
