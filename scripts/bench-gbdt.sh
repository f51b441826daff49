#!/usr/bin/env bash
# Side-by-side benchmark of our gradient-boosted trees against Python XGBoost (hist, depth 6,
# eta 0.1, 256 bins, 2 threads) on the same synthetic CTR data, in one run, as ratios.
#   ROWS (default 1000000) train rows, TEST_ROWS (200000), FEATURES (40), ROUNDS (200).
# Python XGBoost lives in a venv under /tmp (scripts/python-venv.sh); it is never a product dependency.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
TEST_ROWS=${TEST_ROWS:-200000}
FEATURES=${FEATURES:-40}
ROUNDS=${ROUNDS:-200}
work=${BENCH_DIR:-/tmp/mlops-bench}
mkdir -p "$work"

py=$(bash scripts/python-venv.sh)
"$py" -c 'import pandas' 2>/dev/null || "$py" -m pip install --quiet --disable-pip-version-check pandas >&2
swift build -c release --product mlops >&2
mlops=.build/release/mlops

train="$work/train-$ROWS-$FEATURES.csv"
test="$work/test-$TEST_ROWS-$FEATURES.csv"
[[ -s "$train" ]] || "$mlops" data synth --rows "$ROWS" --features "$FEATURES" --seed 1 --out "$train" >&2
[[ -s "$test" ]] || "$mlops" data synth --rows "$TEST_ROWS" --features "$FEATURES" --seed 2 --out "$test" >&2

echo "bench-gbdt: training ours ($ROWS × $FEATURES, $ROUNDS rounds)" >&2
rm -rf "$work/ours"
/usr/bin/time -f '%M' -o "$work/ours.rss" "$mlops" train --data "$train" --out "$work/ours" --json \
  --param num_round="$ROUNDS" --param eta=0.1 --param max_depth=6 --param max_bin=256 --param nthread=2 > "$work/ours-train.json"
"$mlops" evaluate --model "$work/ours" --data "$test" --json > "$work/ours-eval.json"
"$mlops" model bench --model "$work/ours" --data "$test" > "$work/ours-predict.json"

echo "bench-gbdt: training Python XGBoost" >&2
"$py" scripts/bench_xgboost.py "$train" "$test" "$ROUNDS" "$work/xgboost.json" > "$work/xgboost.json.out"

"$py" - "$work" <<'PY'
import json, os, platform, sys
work = sys.argv[1]
ours_train = json.load(open(f"{work}/ours-train.json"))
ours_eval = json.load(open(f"{work}/ours-eval.json"))
ours_pred = json.load(open(f"{work}/ours-predict.json"))
ours_rss = int(open(f"{work}/ours.rss").read().split()[-1]) / 1024
x = json.loads(open(f"{work}/xgboost.json.out").read().strip().splitlines()[-1])
rows = [
    ("train seconds", ours_train["train_seconds"], x["train_seconds"], "lower"),
    ("test AUC", ours_eval["auc"], x["auc"], "higher"),
    ("test log loss", ours_eval["logloss"], x["logloss"], "lower"),
    ("batch predict rows/s", ours_pred["batch_rows_per_s"], x["batch_rows_per_s"], "higher"),
    ("single-row predict µs", ours_pred["single_row_us"], x["single_row_us"], "lower"),
    ("peak RSS MB", ours_rss, x["peak_rss_mb"], "lower"),
]
cpu = "unknown"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip(); break
except OSError:
    pass
print(f"machine: {cpu}, {os.cpu_count()} cores; xgboost {x['version']}")
print(f"{'measure':<24}{'mlops':>14}{'xgboost':>14}{'ours/xgboost':>14}")
for name, ours, theirs, better in rows:
    print(f"{name:<24}{ours:>14.4f}{theirs:>14.4f}{ours / theirs:>14.3f}  ({better} is better)")
PY
