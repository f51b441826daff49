#!/usr/bin/env bash
# Side-by-side benchmark of our gradient-boosted trees on CATEGORICAL click data (mlops data synth
# --shape avazu: 9 hashed-id string columns, 12 integer-coded categoricals, numeric `hour`, label
# `click`, a unique `id` left out) against XGBoost with native categoricals, XGBoost on category
# codes and LightGBM with categorical_feature, same files, one run, as ratios (depth 6 / 63 leaves,
# eta 0.1, 256 bins, 2 threads). Hashed logistic regressions side by side too: ours (`--algo
# logreg`, every column but id hashed, 2^20 buckets, lambda 1, 100 iterations) against
# scikit-learn's FeatureHasher + LogisticRegression (2^20, C=1, liblinear, 100 iterations).
#   ROWS (default 1000000) train rows, TEST_ROWS (200000), ROUNDS (100), LOGREG (1; 0 skips both),
#   PEERS (xgb-cat,xgb-codes,lightgbm: the tree peers to run),
#   BENCH_DIR (/tmp/mlops-bench-cat), MLOPS_BIN (default: a fresh release build of mlops).
# The peers live in a venv under /tmp (scripts/python-venv.sh bench); never a product dependency.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
TEST_ROWS=${TEST_ROWS:-200000}
ROUNDS=${ROUNDS:-100}
LOGREG=${LOGREG:-1}
work=${BENCH_DIR:-/tmp/mlops-bench-cat}
mkdir -p "$work"
CATEGORICAL=C1,banner_pos,device_type,device_conn_type,C14,C15,C16,C17,C18,C19,C20,C21

py=$(bash scripts/python-venv.sh bench)
if [[ -n "${MLOPS_BIN:-}" ]]; then
    mlops=$MLOPS_BIN
else
    swift build -c release --product mlops >&2
    mlops=.build/release/mlops
fi

train="$work/train-avazu-$ROWS.csv"
test="$work/test-avazu-$TEST_ROWS.csv"
[[ -s "$train" ]] || "$mlops" data synth --shape avazu --rows "$ROWS" --seed 1 --out "$train" >&2
[[ -s "$test" ]] || "$mlops" data synth --shape avazu --rows "$TEST_ROWS" --seed 2 --out "$test" >&2

echo "bench-gbdt-cat: training ours ($ROWS avazu-shaped rows, $ROUNDS rounds)" >&2
rm -rf "$work/ours" "$work"/ours-*.json "$work/ours.rss" "$work/ours-predict.err"
/usr/bin/time -f '%M' -o "$work/ours.rss" "$mlops" train --data "$train" --label click --exclude id \
  --categorical "$CATEGORICAL" --out "$work/ours" --json \
  --param num_round="$ROUNDS" --param eta=0.1 --param max_depth=6 --param max_bin=256 --param nthread=2 \
  > "$work/ours-train.json"
"$mlops" evaluate --model "$work/ours" --data "$test" --label click --exclude id --json > "$work/ours-eval.json"
# Batch predict rows/s: reported as n/a (with the error) rather than failing the whole benchmark.
"$mlops" model bench --model "$work/ours" --data "$test" > "$work/ours-predict.json" 2> "$work/ours-predict.err" \
  || { echo "bench-gbdt-cat: mlops model bench failed: $(tail -n 3 "$work/ours-predict.err")" >&2; rm -f "$work/ours-predict.json"; }

if [[ "$LOGREG" != 0 ]]; then
    echo "bench-gbdt-cat: training our hashed logistic regression" >&2
    rm -rf "$work/ours-logreg"
    /usr/bin/time -f '%M' -o "$work/ours-logreg.rss" "$mlops" train --data "$train" --label click --exclude id \
      --categorical "$CATEGORICAL,hour" --algo logreg --out "$work/ours-logreg" --json \
      --param hash_bits=20 --param lambda=1 --param max_iter=100 > "$work/ours-logreg-train.json"
    "$mlops" evaluate --model "$work/ours-logreg" --data "$test" --label click --exclude id --json > "$work/ours-logreg-eval.json"
    "$mlops" model bench --model "$work/ours-logreg" --data "$test" > "$work/ours-logreg-predict.json" 2>/dev/null \
      || rm -f "$work/ours-logreg-predict.json"
fi
peers=${PEERS:-xgb-cat,xgb-codes,lightgbm}
[[ "$LOGREG" == 0 ]] || peers+=,logreg
echo "bench-gbdt-cat: training the peers ($peers)" >&2
"$py" scripts/bench_gbdt_cat.py "$train" "$test" "$ROUNDS" --only "$peers" > "$work/peers.json.out"

"$py" - "$work" "$ROWS" "$TEST_ROWS" "$ROUNDS" <<'PY'
import json, os, sys
work, rows, test_rows, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def load(name):
    try:
        return json.load(open(f"{work}/{name}"))
    except (OSError, ValueError):
        return None
train, evaluation, predict = load("ours-train.json"), load("ours-eval.json"), load("ours-predict.json")
ours = {
    "train_seconds": train["train_seconds"], "auc": evaluation["auc"], "logloss": evaluation["logloss"],
    "batch_rows_per_s": predict["batch_rows_per_s"] if predict else None,
    "peak_rss_mb": int(open(f"{work}/ours.rss").read().split()[-1]) / 1024,
}
if not predict:
    ours["batch_predict_error"] = open(f"{work}/ours-predict.err").read().strip()[-500:]
peers = json.loads(open(f"{work}/peers.json.out").read().strip().splitlines()[-1])
tree_peers = ["xgb-cat", "xgb-codes", "lightgbm"]
measures = [("train seconds", "train_seconds", "lower"), ("test AUC", "auc", "higher"),
            ("test log loss", "logloss", "lower"), ("batch predict rows/s", "batch_rows_per_s", "higher"),
            ("peak RSS MB", "peak_rss_mb", "lower")]

def fmt(v, width=13):
    if v is None:
        return f"{'n/a':>{width}}"
    return f"{v:>{width},.0f}" if abs(v) >= 10000 else f"{v:>{width}.4f}"

cpu = "unknown"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip(); break
except OSError:
    pass
versions = {}
for p in peers.values():
    versions.update(p.get("versions", {}))
print(f"machine: {cpu}, {os.cpu_count()} cores; " + ", ".join(f"{k} {v}" for k, v in sorted(versions.items())))
print(f"data: avazu-shaped, {rows} train rows, {test_rows} test rows, {rounds} rounds, depth 6 (lightgbm 63 leaves), eta 0.1, 2 threads")
for name, p in peers.items():
    if "error" in p:
        print(f"{name}: failed ({p['error']})")
header = (f"{'measure':<22}{'mlops':>13}" + "".join(f"{n:>13}" for n in tree_peers)
          + f"{'best peer':>11}{'ours/best':>10}{'ours/xgb-cat':>13}")
print(header)
table = {}
for label, key, better in measures:
    values = {n: peers.get(n, {}).get(key) for n in tree_peers}
    present = {n: v for n, v in values.items() if v is not None}
    best_name = (min if better == "lower" else max)(present, key=present.get) if present else None
    def ratio(theirs):
        return ours[key] / theirs if ours[key] is not None and theirs else None
    vs_best, vs_cat = ratio(present.get(best_name)), ratio(values["xgb-cat"])
    table[key] = {"ours": ours[key], **values, "best_peer": best_name, "ours_over_best": vs_best,
                  "ours_over_xgb_cat": vs_cat}
    print(f"{label:<22}{fmt(ours[key])}" + "".join(fmt(values[n]) for n in tree_peers)
          + f"{best_name or 'n/a':>11}"
          + (f"{vs_best:>10.3f}" if vs_best is not None else f"{'n/a':>10}")
          + (f"{vs_cat:>13.3f}" if vs_cat is not None else f"{'n/a':>13}") + f"  ({better} is better)")
if "logreg" in peers and "error" not in peers["logreg"]:
    lr = peers["logreg"]
    lr_train, lr_eval, lr_predict = load("ours-logreg-train.json"), load("ours-logreg-eval.json"), load("ours-logreg-predict.json")
    ours_lr = None
    if lr_train and lr_eval:
        ours_lr = {"train_seconds": lr_train["train_seconds"], "auc": lr_eval["auc"], "logloss": lr_eval["logloss"],
                   "batch_rows_per_s": lr_predict["batch_rows_per_s"] if lr_predict else None,
                   "peak_rss_mb": int(open(f"{work}/ours-logreg.rss").read().split()[-1]) / 1024}
    table["logreg"] = {"ours": ours_lr, "sklearn": lr}
    print(f"{'logreg (hashed 2^20)':<22}{'mlops':>13}{'scikit-learn':>13}{'ours/sklearn':>13}")
    for label, key, better in measures:
        mine = ours_lr.get(key) if ours_lr else None
        theirs = lr.get(key)
        ratio = f"{mine / theirs:>13.3f}" if mine is not None and theirs else f"{'n/a':>13}"
        print(f"{label:<22}{fmt(mine)}{fmt(theirs)}{ratio}  ({better} is better)")
if ours["batch_rows_per_s"] is None:
    print(f"mlops model bench failed: {ours['batch_predict_error'].splitlines()[-1] if ours['batch_predict_error'] else 'no output'}")
json.dump({"machine": {"cpu": cpu, "cores": os.cpu_count()}, "versions": versions,
           "rows": rows, "test_rows": test_rows, "rounds": rounds,
           "ours": ours, "peers": peers, "table": table},
          open(f"{work}/bench-gbdt-cat.json", "w"), indent=2)
print(f"figures: {work}/bench-gbdt-cat.json")
PY
