#!/usr/bin/env bash
# Side-by-side drift benchmark, in one run (ratios, because these machines are noisy):
#   ours end to end    `mlops drift compare` from the two CSV files (median of RUNS)
#   ours in memory     the computation alone on columns already read (`mlops drift bench`)
#   numpy              the same convention in plain numpy (searchsorted), in memory
#   Evidently 0.7      DataDriftPreset(method="psi") reading the same CSVs with pandas
# and the live counter's rate. ROWS (default 1000000) reference and current rows × FEATURES (20).
# The peers live in a venv under /tmp (scripts/python-venv.sh drift); never a product dependency.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
FEATURES=${FEATURES:-20}
RUNS=${RUNS:-3}
work=${BENCH_DIR:-/tmp/mlops-bench}
mkdir -p "$work"

py=$(bash scripts/python-venv.sh drift)
swift build -c release --product mlops >&2
mlops=.build/release/mlops

ref="$work/drift-ref-$ROWS-$FEATURES.csv"
cur="$work/drift-cur-$ROWS-$FEATURES.csv"
[[ -s "$ref" ]] || "$mlops" data synth --rows "$ROWS" --features "$FEATURES" --seed 11 --out "$ref" >&2
[[ -s "$cur" ]] || "$mlops" data synth --rows "$ROWS" --features "$FEATURES" --seed 12 --drift 0.5 --out "$cur" >&2
cat "$ref" "$cur" > /dev/null  # warm the page cache for every contender alike

echo "bench-drift: ours end to end ($RUNS runs)" >&2
: > "$work/drift-ours-e2e.txt"
for _ in $(seq "$RUNS"); do
  start=$(date +%s.%N)
  "$mlops" drift compare --reference "$ref" --current "$cur" --json > "$work/drift-ours.json"
  end=$(date +%s.%N)
  echo "$start $end" | awk '{ printf "%.4f\n", $2 - $1 }' >> "$work/drift-ours-e2e.txt"
done
echo "bench-drift: ours in memory" >&2
"$mlops" drift bench --reference "$ref" --current "$cur" --repeat 5 > "$work/drift-ours-bench.json"
echo "bench-drift: numpy" >&2
"$py" scripts/bench_drift.py numpy "$ref" "$cur" "$work/drift-ours.json" > "$work/drift-numpy.json"
echo "bench-drift: Evidently (about a minute)" >&2
"$py" scripts/bench_drift.py evidently "$ref" "$cur" > "$work/drift-evidently.json"

"$py" - "$work" "$ref" "$cur" <<'PY'
import json, os, statistics, sys
work, ref, cur = sys.argv[1:4]
e2e = [float(x) for x in open(f"{work}/drift-ours-e2e.txt").read().split()]
ours = json.load(open(f"{work}/drift-ours-bench.json"))
npy = json.load(open(f"{work}/drift-numpy.json"))
ev = json.load(open(f"{work}/drift-evidently.json"))
ours_e2e = statistics.median(e2e)
mb = (os.path.getsize(ref) + os.path.getsize(cur)) / 1e6
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown")
print(f"machine: {cpu}, {os.cpu_count()} cores; {ours['rows']:,} + {ours['rows']:,} rows × {ours['features']} features, {mb:.0f} MB of CSV")
print(f"peers: numpy {npy['numpy']}, Evidently {ev['evidently']} (pandas {ev['pandas']})")
print(f"{'measure':<44}{'seconds':>10}{'ratio':>12}")
print(f"{'ours end to end (drift compare, median)':<44}{ours_e2e:>10.3f}{'':>12}")
print(f"{'Evidently end to end (read + PSI preset)':<44}{ev['end_to_end_seconds']:>10.3f}{ev['end_to_end_seconds'] / ours_e2e:>11.1f}x")
print(f"{'ours in memory (profile + count + measures)':<44}{ours['in_memory_seconds']:>10.3f}{'':>12}")
print(f"{'numpy in memory (same convention)':<44}{npy['in_memory_seconds']:>10.3f}{npy['in_memory_seconds'] / ours['in_memory_seconds']:>11.1f}x")
print(f"ours end-to-end runs: {', '.join(f'{x:.3f}' for x in e2e)} s; ours reading both files: {ours['read_seconds']:.3f} s")
print(f"largest |PSI or KL difference| ours vs numpy: {npy['max_abs_diff_psi_kl']:.3g}")
print(f"live counting: {ours['live_values_per_second_one_thread'] / 1e6:.1f} M values/s on one thread, "
      f"{ours['live_values_per_second_all_threads'] / 1e6:.1f} M values/s on {ours['threads']} threads")
PY
