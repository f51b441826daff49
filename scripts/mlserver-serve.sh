#!/usr/bin/env bash
# Serves one XGBoost model (.json or .ubj) with a real Seldon MLServer 1.7.1 and its XGBoost runtime
# (scripts/python-venv.sh mlserver, installed on first use), on loopback: the external predictor of
# the tests (a v2 upstream for external canary arms) and of bench-serve. Writes MLServer's
# settings.json and NAME/model-settings.json into DIR (created if missing; MLServer serves every
# model-settings.json under it, so give each server its own DIR), starts `mlserver start DIR` with
# its log in DIR/mlserver.log, and waits (MLSERVER_START_TIMEOUT seconds, default 120) until both
# GET /v2/health/ready and GET /v2/models/NAME/ready answer 200: the first alone is not enough, it
# answers 200 when a model failed to load and was dropped. With a COMMAND, runs it with
#   MLOPS_TEST_MLSERVER_URL=http://127.0.0.1:PORT
#   MLOPS_TEST_MLSERVER_MODEL=NAME
#   MLOPS_TEST_MLSERVER_MODEL_URL=http://127.0.0.1:PORT/v2/models/NAME
# exported, stops MLServer when it ends and exits with its status (like scripts/with-moto.sh);
# without one, stays in the foreground until interrupted or until MLServer exits.
#
# Usage: scripts/mlserver-serve.sh NAME MODEL_FILE PORT DIR [COMMAND [ARG ...]]
#        (PORT 0 picks a free port)
#
# Settings, fixed so that runs compare:
# - parallel_workers=${MLSERVER_WORKERS:-1}: MLServer's own default. One inference process beside
#   the HTTP process (uvicorn, one event loop; MLServer has no setting for more HTTP processes),
#   which hands it each request over a multiprocessing queue; 0 predicts inside the HTTP process
#   (about as fast here: 972 req/s single-row) but is not how MLServer is deployed; 2 fell to 132
#   req/s on this 2-core machine, which also runs the client and the server compared with it.
# - OMP_NUM_THREADS=${MLSERVER_OMP_THREADS:-1} for MLServer's processes: XGBoost predicts with an
#   OpenMP team as wide as the machine, whose threads spin between requests and fight the HTTP
#   process for the two cores. Single-row req/s with one worker (wrk -t2 -c16 10 s, 10 features,
#   20 trees) while nothing else ran: 254-378 with the default, 813-1050 with one thread (both
#   about 420-450 while a Swift build ran beside them).
# - debug=false: no access log line per request (debug=true, MLServer's default, logs each one).
# - metrics_endpoint=null: no Prometheus server (its default port 8082 would be taken or clash).
# - gRPC cannot be turned off in MLServer 1.7: it listens on a free port of 127.0.0.1.
# - Adaptive batching off (max_batch_size 0, the default): every request is predicted alone.
# - host 127.0.0.1; .envs and .metrics go in DIR rather than the current directory.
#
# The model's v2 metadata lists only what model-settings.json declares (MLServer reads nothing
# from the model file). The signature written here comes from the model file itself, read with
# the venv's xgboost: MLSERVER_INPUTS=tensor (default) declares one input `input`, FP32 [-1, F],
# the only form the runtime decodes by default; MLSERVER_INPUTS=features declares one FP32 [-1, 1]
# input per feature, named as in the model (f0, f1, ... when it has no names), and sets the model's
# content type to `pd`, so that MLServer builds a DataFrame from per-feature tensors (then sent in
# the model's feature order, with its names; a single [N, F] tensor then needs the request
# parameter "content_type": "np"). Outputs: `predict` FP32 [-1, 1], the transformed prediction
# (for binary:logistic the probability of class 1) of a model saved by the native Booster API,
# which the runtime loads as an XGBRegressor (asking for `predict_proba` is then a 400); a model
# saved by XGBClassifier (its `scikit_learn` attribute says so) is loaded as a classifier:
# `predict` is then the class label, INT64 [-1, 1], and `predict_proba` FP32 [-1, classes] is
# also declared. MLServer 1.7.1 speaks JSON only over REST (requests need Content-Type:
# application/json): the binary tensor data extension is refused (422).
#
# Environment: MLOPS_MLSERVER_PYTHON (the venv's python; default: scripts/python-venv.sh mlserver),
# MLSERVER_WORKERS, MLSERVER_OMP_THREADS, MLSERVER_INPUTS, MLSERVER_START_TIMEOUT.
set -euo pipefail
if (( $# < 4 )); then
    echo "usage: $0 NAME MODEL_FILE PORT DIR [COMMAND [ARG ...]]" >&2
    exit 2
fi
name=$1 model=$2 port=$3 dir=$4
shift 4
die() { echo "mlserver-serve: $*" >&2; exit 1; }
[[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || die "model name '$name' must be letters, digits, '.', '_' or '-'"
[[ -f "$model" ]] || die "no model file at $model"
case "$model" in *.json|*.ubj) ;; *) die "the model file must end in .json or .ubj: $model" ;; esac
[[ "$port" =~ ^[0-9]+$ ]] || die "port must be a number (0 for a free one): $port"
workers=${MLSERVER_WORKERS:-1}
[[ "$workers" =~ ^[0-9]+$ ]] || die "MLSERVER_WORKERS must be a number: $workers"
omp_threads=${MLSERVER_OMP_THREADS:-1}
[[ "$omp_threads" =~ ^[1-9][0-9]*$ ]] || die "MLSERVER_OMP_THREADS must be a positive number: $omp_threads"
inputs=${MLSERVER_INPUTS:-tensor}
[[ "$inputs" == tensor || "$inputs" == features ]] || die "MLSERVER_INPUTS must be tensor or features: $inputs"
timeout=${MLSERVER_START_TIMEOUT:-120}

model=$(realpath "$model")
mkdir -p "$dir"
dir=$(realpath "$dir")
py=${MLOPS_MLSERVER_PYTHON:-$(bash "$(dirname "$0")/python-venv.sh" mlserver)}
mlserver="$(dirname "$py")/mlserver"
[[ -x "$mlserver" ]] || die "no mlserver beside $py (scripts/python-venv.sh mlserver installs it)"

# A free port below Linux's ephemeral range (32768 and up): MLServer binds it seconds after it is
# picked, and a port from that range could meanwhile go to any program binding port 0 (a test
# process starts many servers that way), which would then answer in MLServer's place.
free_port() {
    python3 -c '
import random, socket
for _ in range(200):
    port = random.randint(20000, 32000)
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        s.close()
    print(port)
    break
'
}
(( port != 0 )) || port=$(free_port)
grpc_port=$(free_port)
while [[ "$grpc_port" == "$port" ]]; do grpc_port=$(free_port); done

mkdir -p "$dir/$name"
"$py" - "$dir" "$name" "$model" "$port" "$grpc_port" "$workers" "$inputs" <<'PY' || die "could not read $model with xgboost (see above)"
import json, os, sys
import xgboost
root, name, model, port, grpc_port, workers, inputs = sys.argv[1:]
booster = xgboost.Booster(model_file=model)
n = booster.num_features()
features = booster.feature_names or [f"f{i}" for i in range(n)]
sklearn = json.loads(booster.attr("scikit_learn") or "{}")
classifier = sklearn.get("_estimator_type") == "classifier"
settings = {
    "debug": False,
    "host": "127.0.0.1",
    "http_port": int(port),
    "grpc_port": int(grpc_port),
    "metrics_endpoint": None,
    "parallel_workers": int(workers),
    "environments_dir": os.path.join(root, ".envs"),
    "metrics_dir": os.path.join(root, ".metrics"),
    "load_models_at_startup": True,
}
if inputs == "tensor":
    signature = [{"name": "input", "datatype": "FP32", "shape": [-1, n]}]
    parameters = {}
else:
    signature = [{"name": f, "datatype": "FP32", "shape": [-1, 1]} for f in features]
    parameters = {"content_type": "pd"}
outputs = [{"name": "predict", "datatype": "INT64" if classifier else "FP32", "shape": [-1, 1]}]
if classifier:
    classes = int(json.loads(booster.save_config())["learner"]["learner_model_param"]["num_class"]) or 2
    outputs.append({"name": "predict_proba", "datatype": "FP32", "shape": [-1, classes]})
model_settings = {
    "name": name,
    "implementation": "mlserver_xgboost.XGBoostModel",
    "inputs": signature,
    "outputs": outputs,
    "parameters": {"uri": model, "version": "1", **parameters},
}
with open(os.path.join(root, "settings.json"), "w") as f:
    json.dump(settings, f, indent=2)
with open(os.path.join(root, name, "model-settings.json"), "w") as f:
    json.dump(model_settings, f, indent=2)
PY

log="$dir/mlserver.log"
# Its own session and process group: MLServer's inference workers and multiprocessing's resource
# tracker are its children, and a stop that outlasts the grace period takes the whole group.
(cd "$dir" && OMP_NUM_THREADS="$omp_threads" exec setsid "$mlserver" start "$dir") > "$log" 2>&1 &
pid=$!
stop() {
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

url="http://127.0.0.1:$port"
ready=0
for _ in $(seq $(( timeout * 10 ))); do
    if [[ $(curl -s -o /dev/null -w '%{http_code}' "$url/v2/health/ready") == 200 &&
          $(curl -s -o /dev/null -w '%{http_code}' "$url/v2/models/$name/ready") == 200 ]]; then
        ready=1
        break
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; die "mlserver exited before $name was ready"; }
    sleep 0.1
done
(( ready )) || { cat "$log" >&2; die "$name not ready at $url after ${timeout}s"; }
# The server answering is MLServer, not another program that took the port first.
curl -s "$url/v2" | grep -q '"name":"mlserver"' || die "the server at $url is not MLServer: $(curl -s "$url/v2" | head -c 200)"
echo "mlserver-serve: MLServer serving $name at $url/v2/models/$name (gRPC on 127.0.0.1:$grpc_port, $workers inference worker(s) of $omp_threads thread(s), log $log)" >&2

if (( $# == 0 )); then
    echo "mlserver-serve: in the foreground; Ctrl-C stops it" >&2
    status=0
    wait "$pid" || status=$?
    die "mlserver exited (status $status); see $log"
fi
status=0
MLOPS_TEST_MLSERVER_URL="$url" MLOPS_TEST_MLSERVER_MODEL="$name" MLOPS_TEST_MLSERVER_MODEL_URL="$url/v2/models/$name" \
    "$@" || status=$?
exit "$status"
