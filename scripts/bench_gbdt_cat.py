"""The Python side of scripts/bench-gbdt-cat.sh (runs in the bench venv, never in the product).

Peers of our trees on categorical click data (mlops data synth --shape avazu), same CSV files:
  xgb-cat    XGBoost hist with enable_categorical=True (its default max_cat_to_onehot / max_cat_threshold)
  xgb-codes  XGBoost hist on the pandas category codes as plain numbers (no categorical support)
  lightgbm   LightGBM with categorical_feature = the categorical columns, num_leaves 63, max_depth -1
  logreg     scikit-learn FeatureHasher (2^20, "col=value", alternate_sign=False) + LogisticRegression
All trees: depth 6 (LightGBM: 63 leaves), eta 0.1, 256 bins (LightGBM: its default 255), 2 threads.

    bench_gbdt_cat.py TRAIN.csv TEST.csv ROUNDS [--only a,b,...]

runs each peer in its own child process (so peak RSS is per peer) and prints one JSON object
{peer: figures} as its last line. `--one NAME TRAIN TEST ROUNDS` runs a single peer in this process.

Timed ("train_seconds"): matrix construction (QuantileDMatrix / lgb.Dataset / hashing) plus
training, from pandas frames whose categorical columns are already dtype 'category' (the test
frame carries the TRAIN categories; unseen values are missing). Not timed: CSV reading.
Peak RSS is the child's ru_maxrss right after training (so it includes the pandas frames and
the interpreter; "baseline_rss_mb" is the figure after imports, before any data).
Batch predict: the whole test matrix, best of 3.
"""
import importlib
import json
import os
import resource
import subprocess
import sys
import time
import warnings

import numpy as np
import pandas as pd

LABEL = "click"
EXCLUDE = ["id"]
NUMERIC = ["hour"]
# Integer-coded categoricals (ours reads them with --categorical); every other column but the
# label, the id and `hour` is an 8-hex-digit hashed id, also categorical.
INT_CATEGORICAL = ["C1", "banner_pos", "device_type", "device_conn_type",
                   "C14", "C15", "C16", "C17", "C18", "C19", "C20", "C21"]
PEERS = ["xgb-cat", "xgb-codes", "lightgbm", "logreg"]


def auc(scores, labels):
    order = np.argsort(scores, kind="mergesort")
    s = scores[order]
    y = labels[order]
    # Average ranks over ties, vectorised.
    _, first, counts = np.unique(s, return_index=True, return_counts=True)
    ranks = np.repeat(first + (counts + 1) / 2, counts)
    pos = y.sum()
    neg = len(y) - pos
    return float((ranks[y == 1].sum() - pos * (pos + 1) / 2) / (pos * neg))


def logloss(p, y):
    p = np.clip(p.astype(np.float64), 1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(train_csv, test_csv):
    """Both CSVs as frames: categoricals parsed straight into 'category' (integer-coded ones get
    integer categories, so their codes keep the numeric order), test on the train categories."""
    header = pd.read_csv(train_csv, nrows=0).columns
    columns = [c for c in header if c not in EXCLUDE]
    categorical = [c for c in columns if c not in NUMERIC and c != LABEL]
    dtypes = {c: "category" for c in categorical}
    dtypes.update({c: np.float64 for c in NUMERIC})
    dtypes[LABEL] = np.float32
    frames = []
    for path in (train_csv, test_csv):
        df = pd.read_csv(path, usecols=columns, dtype=dtypes)
        for c in INT_CATEGORICAL:
            if c in df:
                numbers = pd.to_numeric(df[c].cat.categories)
                df[c] = df[c].cat.rename_categories(numbers).cat.reorder_categories(np.sort(numbers))
        frames.append(df)
    train, test = frames
    for c in categorical:
        test[c] = test[c].cat.set_categories(train[c].cat.categories)
    y_train = train.pop(LABEL).to_numpy(np.float32)
    y_test = test.pop(LABEL).to_numpy(np.float32)
    return train, y_train, test, y_test, categorical


def best_of_3(predict):
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        p = predict()
        best = min(best, time.perf_counter() - t)
    return np.asarray(p), best


def xgb_params():
    return {"objective": "binary:logistic", "tree_method": "hist", "max_depth": 6, "eta": 0.1,
            "max_bin": 256, "nthread": 2, "seed": 0}


def run_xgb_cat(train, y_train, test, y_test, categorical, rounds):
    import xgboost as xgb
    started = time.perf_counter()
    dtrain = xgb.QuantileDMatrix(train, label=y_train, enable_categorical=True, max_bin=256, nthread=2)
    booster = xgb.train(xgb_params(), dtrain, num_boost_round=rounds)
    seconds = time.perf_counter() - started
    rss = peak_rss_mb()
    del dtrain
    p, best = best_of_3(lambda: booster.inplace_predict(test))
    return seconds, rss, p, best, {"xgboost": xgb.__version__}


def codes_matrix(df, categorical):
    out = np.empty((len(df), df.shape[1]), dtype=np.float32)
    for j, c in enumerate(df.columns):
        if c in categorical:
            codes = df[c].cat.codes.to_numpy().astype(np.float32)
            codes[codes < 0] = np.nan
            out[:, j] = codes
        else:
            out[:, j] = df[c].to_numpy(np.float32)
    return out


def run_xgb_codes(train, y_train, test, y_test, categorical, rounds):
    import xgboost as xgb
    started = time.perf_counter()
    x_train = codes_matrix(train, categorical)
    dtrain = xgb.QuantileDMatrix(x_train, label=y_train, max_bin=256, nthread=2)
    booster = xgb.train(xgb_params(), dtrain, num_boost_round=rounds)
    seconds = time.perf_counter() - started
    rss = peak_rss_mb()
    del dtrain, x_train
    # The codes of the test frame are already in the train categories' numbering.
    x_test = codes_matrix(test, categorical)
    p, best = best_of_3(lambda: booster.inplace_predict(x_test))
    return seconds, rss, p, best, {"xgboost": xgb.__version__}


def run_lightgbm(train, y_train, test, y_test, categorical, rounds):
    import lightgbm as lgb
    params = {"objective": "binary", "num_leaves": 63, "learning_rate": 0.1, "max_depth": -1,
              "num_threads": 2, "seed": 0, "verbose": -1}
    started = time.perf_counter()
    dtrain = lgb.Dataset(train, label=y_train, categorical_feature=categorical, params=params)
    booster = lgb.train(params, dtrain, num_boost_round=rounds)
    seconds = time.perf_counter() - started
    rss = peak_rss_mb()
    del dtrain
    p, best = best_of_3(lambda: booster.predict(test, num_threads=2))
    return seconds, rss, p, best, {"lightgbm": lgb.__version__}


def hashed_rows(df, categorical):
    """One list of "col=value" strings per row, for FeatureHasher(input_type='string'); a missing
    value (a test value unseen in train) is "col=", which, like the unseen value, has no weight."""
    cols = [(c + "=" + df[c].astype("string").fillna("")).to_numpy(dtype=object) for c in categorical]
    return zip(*cols)


def run_logreg(train, y_train, test, y_test, categorical, rounds):
    """Hashed one-hot logistic regression (the comparison for `mlops train --algo logreg` later)."""
    import sklearn
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.feature_extraction import FeatureHasher
    from sklearn.linear_model import LogisticRegression
    hasher = FeatureHasher(n_features=2 ** 20, input_type="string", alternate_sign=False)
    started = time.perf_counter()
    x_train = hasher.transform(hashed_rows(train, categorical))
    model = LogisticRegression(solver="liblinear", C=1.0, max_iter=100)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x_train, y_train)
    seconds = time.perf_counter() - started
    rss = peak_rss_mb()
    del x_train
    # Hashing is this model's matrix construction, so it is inside the timed prediction.
    p, best = best_of_3(lambda: model.predict_proba(hasher.transform(hashed_rows(test, categorical)))[:, 1])
    return seconds, rss, p, best, {"scikit-learn": sklearn.__version__}


RUNNERS = {"xgb-cat": run_xgb_cat, "xgb-codes": run_xgb_codes, "lightgbm": run_lightgbm, "logreg": run_logreg}


LIBRARIES = {"xgb-cat": "xgboost", "xgb-codes": "xgboost", "lightgbm": "lightgbm", "logreg": "sklearn.linear_model"}


def one(name, train_csv, test_csv, rounds):
    importlib.import_module(LIBRARIES[name])
    baseline_rss = peak_rss_mb()  # the interpreter, pandas and the library, before any data
    t = time.perf_counter()
    train, y_train, test, y_test, categorical = load(train_csv, test_csv)
    load_seconds = time.perf_counter() - t
    seconds, rss, p, best, versions = RUNNERS[name](train, y_train, test, y_test, categorical, rounds)
    p = np.asarray(p, dtype=np.float64)
    return {"train_seconds": seconds, "auc": auc(p, y_test), "logloss": logloss(p, y_test),
            "batch_rows_per_s": len(y_test) / best, "peak_rss_mb": rss, "baseline_rss_mb": baseline_rss, "load_seconds": load_seconds,
            "versions": versions}


def main(argv):
    if argv[:1] == ["--one"]:
        print(json.dumps(one(argv[1], argv[2], argv[3], int(argv[4]))))
        return
    train_csv, test_csv, rounds = argv[0], argv[1], int(argv[2])
    only = PEERS
    if "--only" in argv:
        only = [p for p in argv[argv.index("--only") + 1].split(",") if p]
    results = {}
    for name in only:
        print(f"bench_gbdt_cat: {name}", file=sys.stderr, flush=True)
        out = subprocess.run([sys.executable, os.path.abspath(__file__), "--one", name, train_csv, test_csv, str(rounds)],
                             stdout=subprocess.PIPE, text=True)
        if out.returncode != 0:
            results[name] = {"error": f"exit {out.returncode}"}
            continue
        results[name] = json.loads(out.stdout.strip().splitlines()[-1])
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1:])
