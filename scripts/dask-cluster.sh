#!/usr/bin/env bash
# A throwaway Dask cluster on loopback, for tests and local trials of `engine: dask` train steps:
# one scheduler and N single-threaded workers, started from the venv of
# `scripts/python-venv.sh dask` (or the one holding $MLOPS_DASK_PYTHON).
#
#   scripts/dask-cluster.sh start DIR [N]    # prints the scheduler address once N workers joined
#   scripts/dask-cluster.sh kill-worker DIR K  # SIGKILL worker K (1-based): a worker lost mid-job
#   scripts/dask-cluster.sh stop DIR         # stops everything started in DIR
# Logs and pids stay in DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
command=${1:?usage: $0 start|kill-worker|stop DIR [N]}
dir=${2:?usage: $0 start|kill-worker|stop DIR [N]}
py=${MLOPS_DASK_PYTHON:-$(bash scripts/python-venv.sh dask)}
bin=$(dirname "$py")

case "$command" in
    start)
        workers=${3:-2}
        mkdir -p "$dir"
        rm -f "$dir/scheduler.json"
        setsid "$bin/dask" scheduler --host 127.0.0.1 --port 0 --dashboard-address :0 \
            --scheduler-file "$dir/scheduler.json" > "$dir/scheduler.log" 2>&1 < /dev/null &
        echo $! > "$dir/scheduler.pid"
        for _ in $(seq 300); do [[ -s "$dir/scheduler.json" ]] && break; sleep 0.1; done
        [[ -s "$dir/scheduler.json" ]] || { cat "$dir/scheduler.log" >&2; echo "dask-cluster: the scheduler did not start" >&2; exit 1; }
        for k in $(seq "$workers"); do
            setsid "$bin/dask" worker --scheduler-file "$dir/scheduler.json" --host 127.0.0.1 --nthreads 1 \
                --no-nanny --dashboard-address :0 --local-directory "$dir/worker-$k" > "$dir/worker-$k.log" 2>&1 < /dev/null &
            echo $! > "$dir/worker-$k.pid"
        done
        "$py" - "$dir/scheduler.json" "$workers" <<'PY' || { tail -n 20 "$dir"/*.log >&2; exit 1; }
import json, sys
from distributed import Client
client = Client(scheduler_file=sys.argv[1], timeout=30)
client.wait_for_workers(int(sys.argv[2]), timeout=60)
print(json.load(open(sys.argv[1]))["address"])
client.close()
PY
        ;;
    kill-worker)
        kill -9 "$(cat "$dir/worker-${3:?which worker}.pid")"
        ;;
    stop)
        for pidfile in "$dir"/worker-*.pid "$dir/scheduler.pid"; do
            [[ -f "$pidfile" ]] || continue
            kill "$(cat "$pidfile")" 2>/dev/null || true
        done
        sleep 0.5
        for pidfile in "$dir"/worker-*.pid "$dir/scheduler.pid"; do
            [[ -f "$pidfile" ]] || continue
            kill -9 "$(cat "$pidfile")" 2>/dev/null || true
            rm -f "$pidfile"
        done
        ;;
    *) echo "usage: $0 start|kill-worker|stop DIR [N]" >&2; exit 2 ;;
esac
