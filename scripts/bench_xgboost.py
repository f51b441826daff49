"""The Python XGBoost side of scripts/bench-gbdt.sh (runs in the bench venv, never in the product).

Trains with the same parameters on the same CSV files and prints one JSON object:
train seconds (DMatrix build + training), test AUC and log loss, batch-predict rows/s,
single-row predict microseconds, and peak RSS.
"""
import json
import resource
import sys
import time

import numpy as np
import pandas as pd
import xgboost as xgb


def auc(scores, labels):
    order = np.argsort(scores, kind="mergesort")
    s = scores[order]
    y = labels[order]
    ranks = np.empty(len(s))
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        ranks[i:j] = (i + 1 + j) / 2
        i = j
    pos = y.sum()
    neg = len(y) - pos
    return float((ranks[y == 1].sum() - pos * (pos + 1) / 2) / (pos * neg))


def main(train_csv, test_csv, rounds, out_model, train_only=False):
    train = pd.read_csv(train_csv)
    test = pd.read_csv(test_csv)
    y_train = train.pop("label").to_numpy(np.float32)
    y_test = test.pop("label").to_numpy(np.float32)
    x_train = train.to_numpy(np.float32)
    x_test = test.to_numpy(np.float32)
    params = {"objective": "binary:logistic", "tree_method": "hist", "max_depth": 6, "eta": 0.1,
              "max_bin": 256, "nthread": 2, "seed": 0}
    started = time.perf_counter()
    dtrain = xgb.QuantileDMatrix(x_train, label=y_train, max_bin=256, nthread=2)
    booster = xgb.train(params, dtrain, num_boost_round=rounds)
    train_seconds = time.perf_counter() - started
    booster.save_model(out_model)
    if train_only:
        print(json.dumps({"train_seconds": train_seconds}))
        return
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        p = booster.inplace_predict(x_test)
        best = min(best, time.perf_counter() - t)
    p = p.astype(np.float64)
    clipped = np.clip(p, 1e-15, 1 - 1e-15)
    logloss = float(-np.mean(y_test * np.log(clipped) + (1 - y_test) * np.log(1 - clipped)))
    trials = 2000
    t = time.perf_counter()
    for r in range(trials):
        booster.inplace_predict(x_test[r:r + 1])
    single_us = (time.perf_counter() - t) / trials * 1e6
    print(json.dumps({
        "train_seconds": train_seconds, "auc": auc(p, y_test), "logloss": logloss,
        "batch_rows_per_s": len(x_test) / best, "single_row_us": single_us,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "version": xgb.__version__,
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], train_only="--train-only" in sys.argv[5:])
