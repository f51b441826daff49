"""Peers for `make bench-drift` (never a product dependency; runs in a venv under /tmp).

  bench_drift.py numpy REF CUR OURS_JSON   the drift convention in plain numpy (searchsorted),
                                           timed in memory; compared with our drift compare JSON
  bench_drift.py evidently REF CUR         Evidently's DataDriftPreset(method="psi"), end to end
Each prints one JSON line.
"""
import json
import math
import statistics
import sys
import time

import numpy as np
import pandas as pd

EPS = 1e-4
BINS = 10


def edges_of(x):
    finite = x[np.isfinite(x)]
    if finite.size == 0:
        return np.empty(0)
    qs = np.quantile(finite, [k / BINS for k in range(1, BINS)])  # method "linear"
    kept = []
    for q in qs:
        if not kept or kept[-1] < q:
            kept.append(q)
    return np.asarray(kept)


def counts_of(x, edges):
    finite = np.isfinite(x)
    bins = np.searchsorted(edges, x[finite], side="right")
    counts = np.bincount(bins, minlength=edges.size + 1).tolist()
    counts.append(int(x.size - finite.sum()))
    return counts


def proportions(counts):
    n = sum(counts)
    return [c / n if c else EPS for c in counts]


def measures(ref_counts, cur_counts):
    e, a = proportions(ref_counts), proportions(cur_counts)
    psi = kl = 0.0
    for ai, ei in zip(a, e):  # in bin order, as the convention says
        psi += (ai - ei) * math.log(ai / ei)
        kl += ai * math.log(ai / ei)
    return psi, kl


def numpy_drift(ref, cur):
    out = {}
    for name in ref.columns:
        r = ref[name].to_numpy(dtype=np.float64)
        c = cur[name].to_numpy(dtype=np.float64)
        edges = edges_of(r)
        out[name] = measures(counts_of(r, edges), counts_of(c, edges))
    return out


def load(path):
    frame = pd.read_csv(path, dtype=np.float64, float_precision="round_trip")
    return frame.drop(columns=[c for c in ("label",) if c in frame.columns])


def run_numpy(ref_path, cur_path, ours_path):
    start = time.perf_counter()
    ref, cur = load(ref_path), load(cur_path)
    read_seconds = time.perf_counter() - start
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        result = numpy_drift(ref, cur)
        runs.append(time.perf_counter() - start)
    ours = {f["name"]: (f["psi"], f["kl"]) for f in json.load(open(ours_path))["features"]}
    missing = sorted(set(result) ^ set(ours))
    if missing:
        raise SystemExit(f"features differ between numpy and ours: {missing}")
    diff = max(max(abs(result[n][0] - ours[n][0]), abs(result[n][1] - ours[n][1])) for n in result)
    print(json.dumps({"read_seconds": read_seconds, "in_memory_seconds": statistics.median(runs),
                      "in_memory_runs": runs, "max_abs_diff_psi_kl": diff,
                      "max_psi": max(v[0] for v in result.values()), "numpy": np.__version__}))


def run_evidently(ref_path, cur_path):
    import evidently
    from evidently import Report
    from evidently.presets import DataDriftPreset

    start = time.perf_counter()
    ref, cur = load(ref_path), load(cur_path)
    snapshot = Report([DataDriftPreset(method="psi")]).run(cur, ref)
    snapshot.dict()
    seconds = time.perf_counter() - start
    print(json.dumps({"end_to_end_seconds": seconds, "evidently": evidently.__version__, "pandas": pd.__version__}))


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "numpy":
        run_numpy(*sys.argv[2:5])
    elif mode == "evidently":
        run_evidently(*sys.argv[2:4])
    else:
        raise SystemExit(__doc__)
