#!/usr/bin/env python3
"""Regenerate the golden XGBoost fixtures for UBJSONTests.

Each model is saved twice by XGBoost itself: NAME.ubj (UBJSON, the format
under test) and NAME.json (XGBoost's own JSON, the expected result).

    python3 -m venv venv && venv/bin/pip install xgboost-cpu numpy pandas
    venv/bin/python Tests/UBJSONTests/Fixtures/make_fixtures.py

Deterministic (fixed seeds, nthread=1); keep the total well under 200 KB.
"""
import os
import struct

import numpy as np
import xgboost as xgb

HERE = os.path.dirname(os.path.abspath(__file__))


def save(booster, name):
    booster.save_model(os.path.join(HERE, name + ".ubj"))
    booster.save_model(os.path.join(HERE, name + ".json"))


def train(params, dtrain, rounds):
    base = {"objective": "binary:logistic", "nthread": 1, "seed": 0}
    base.update(params)
    return xgb.train(base, dtrain, rounds)


def dense_binary(rng):
    """3 trees, depth 3, no missing values, no feature names."""
    X = rng.normal(size=(200, 5))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    return train({"max_depth": 3}, xgb.DMatrix(X, label=y), 3)


def missing_binary(rng):
    """8 trees, depth 5, ~25% missing values (exercises default_left)."""
    X = rng.normal(size=(300, 6))
    y = (X[:, 0] - X[:, 2] + 0.3 * rng.normal(size=300) > 0).astype(int)
    X[rng.random(X.shape) < 0.25] = np.nan
    return train({"max_depth": 5}, xgb.DMatrix(X, label=y, missing=np.nan), 8)


def named_features(rng):
    """20 trees, depth 6, feature names with UTF-8 and JSON escapes, feature types."""
    X = rng.normal(size=(150, 4))
    X[:, 2] = np.round(X[:, 2] * 3)
    y = (X[:, 0] * X[:, 1] + X[:, 3] > 0).astype(int)
    names = ["höhe", "名前 (name)", 'quote"back\\slash', "tab\tcol"]
    types = ["float", "q", "int", "float"]
    d = xgb.DMatrix(X, label=y, feature_names=names, feature_types=types)
    return train({"max_depth": 6, "eta": 0.3, "min_child_weight": 2}, d, 20)


def categorical(rng):
    """Native categorical split (int8 '[$i#' arrays), 4 trees, depth 3."""
    import pandas as pd

    n = 200
    df = pd.DataFrame({
        "num": rng.normal(size=n),
        "cat": pd.Categorical(rng.choice(["red", "green", "blue", "gray"], size=n)),
    })
    y = ((df["cat"].isin(["red", "blue"])) ^ (df["num"] > 0.5)).astype(int)
    d = xgb.DMatrix(df, label=y, enable_categorical=True)
    return train({"max_depth": 3, "tree_method": "hist"}, d, 4)


def nonfinite_values(booster):
    """The dense model with NaN, +Inf and -Inf patched into the first tree's
    float32 `split_conditions` and `base_weights`, loaded by XGBoost and saved
    again, so the .json shows how XGBoost itself writes non-finite floats."""
    raw = bytearray(booster.save_raw("ubj"))
    for key in (b"split_conditions", b"base_weights"):
        header = key + b"[$d#L"
        at = raw.index(header) + len(header) + 8  # skip the int64 count
        raw[at:at + 12] = struct.pack(">fff", float("nan"), float("inf"), float("-inf"))
    patched = xgb.Booster()
    patched.load_model(raw)
    return patched


def main():
    rng = np.random.default_rng(20240601)
    dense = dense_binary(rng)
    save(dense, "dense_binary")
    save(missing_binary(rng), "missing_binary")
    save(named_features(rng), "named_features")
    save(categorical(rng), "categorical")
    save(nonfinite_values(dense), "nonfinite_values")
    with open(os.path.join(HERE, "XGBOOST_VERSION"), "w") as f:
        f.write(xgb.__version__ + "\n")


if __name__ == "__main__":
    main()
