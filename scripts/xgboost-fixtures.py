#!/usr/bin/env python3
"""Generate the XGBoost fixtures used by Tests/TreeModelTests.

Run with the interpreter printed by scripts/python-venv.sh (xgboost + numpy):

    "$(scripts/python-venv.sh)" scripts/xgboost-fixtures.py            # -> Tests/TreeModelTests/Fixtures
    "$(scripts/python-venv.sh)" scripts/xgboost-fixtures.py --bench /tmp/treebench   # large model, not committed

Every fixture is deterministic (fixed seeds, one thread). For each model we can predict,
`<name>.json` is the model as `Booster.save_model` writes it and `<name>.csv` holds the input
rows (`NaN` = missing), XGBoost's margin (`output_margin=True`) and its prediction, with every
float written as '%.9g' (round-trips float32), and `<name>.importance.json` holds
`get_score()` for every importance type. The other models are for refusal tests.
"""
import argparse
import json
import os
import sys

import numpy as np
import xgboost as xgb

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(ROOT, "Tests", "TreeModelTests", "Fixtures")


def make_data(seed, rows, features, missing_rate, regression=False, decimals=3):
    """Float32 features rounded to a few decimals (so split ties occur), NaN holes, labels."""
    rng = np.random.RandomState(seed)
    x = np.round(rng.randn(rows, features) * 2.0, decimals).astype(np.float32)
    weights = rng.randn(features)
    signal = x.astype(np.float64) @ weights + 0.8 * np.sin(x[:, 0] * 1.5) * x[:, 1 % features]
    if missing_rate > 0:
        holes = rng.rand(rows, features) < missing_rate
        holes[:, (features + 1) // 2:] = False  # only the first half of the columns has holes
        x[holes] = np.nan
    if regression:
        y = signal + rng.randn(rows) * 0.5 + 10.0
    else:
        y = (signal + rng.randn(rows) * 1.0 > 0.7).astype(np.float64)
    return x, y.astype(np.float32)


def special_rows(features):
    """Rows that exercise the edges: all missing, huge values, zeros."""
    rows = [
        [np.nan] * features,
        [0.0] * features,
        [3.0e38] * features,
        [-3.0e38] * features,
        [np.nan if f % 2 else 1.0 for f in range(features)],
    ]
    return np.array(rows, dtype=np.float32)


def fmt(value):
    v = float(value)
    if np.isnan(v):
        return "NaN"
    return "%.9g" % v


def write_csv(path, names, x, margins, predictions):
    with open(path, "w") as out:
        out.write(",".join(list(names) + ["margin", "prediction"]) + "\n")
        for row, m, p in zip(x, margins, predictions):
            out.write(",".join([fmt(v) for v in row] + [fmt(m), fmt(p)]) + "\n")


def save_with_predictions(out, name, booster, x, names):
    booster.save_model(os.path.join(out, name + ".json"))
    # Reload from the file so the CSV reflects exactly what the JSON holds.
    loaded = xgb.Booster(model_file=os.path.join(out, name + ".json"))
    data = xgb.DMatrix(x, missing=np.nan, feature_names=names if booster.feature_names else None)
    margins = loaded.predict(data, output_margin=True)
    predictions = loaded.predict(data)
    write_csv(os.path.join(out, name + ".csv"), names, x, margins, predictions)
    # Feature importance as get_score reports it (float32 values; repr keeps them exact).
    kinds = ["weight", "gain", "cover", "total_gain", "total_cover"]
    scores = {kind: loaded.get_score(importance_type=kind) for kind in kinds}
    with open(os.path.join(out, name + ".importance.json"), "w") as handle:
        json.dump(scores, handle, sort_keys=True, indent=1)
        handle.write("\n")


def train(params, x, y, rounds, names=None, types=None, categorical=False):
    base = {"nthread": 1, "seed": 7}
    if params.get("booster") != "gblinear":
        base["tree_method"] = "hist"
    base.update(params)
    data = xgb.DMatrix(x, label=y, missing=np.nan, feature_names=names, feature_types=types,
                       enable_categorical=categorical)
    return xgb.train(base, data, num_boost_round=rounds)


def fixtures(out):
    os.makedirs(out, exist_ok=True)
    features = 6
    default_names = ["f%d" % i for i in range(features)]

    # 1. binary:logistic with missing values, 20 trees of depth 4.
    x, y = make_data(1, 500, features, 0.15)
    booster = train({"objective": "binary:logistic", "max_depth": 4, "eta": 0.3}, x, y, 20)
    save_with_predictions(out, "binary_missing", booster, np.vstack([x, special_rows(features)]),
                          default_names)

    # 2. reg:squarederror, 10 trees.
    x, y = make_data(2, 400, features, 0.1, regression=True)
    booster = train({"objective": "reg:squarederror", "max_depth": 4, "eta": 0.3}, x, y, 10)
    save_with_predictions(out, "regression", booster, np.vstack([x, special_rows(features)]),
                          default_names)

    # 3. Feature names, lossguide growth (node ids not in level order), depth 5.
    names = ["age", "income", "clicks_7d", "ctr prior", "device_id", "hour"]
    x, y = make_data(3, 400, features, 0.1)
    booster = train({"objective": "binary:logistic", "grow_policy": "lossguide", "max_leaves": 12,
                     "max_depth": 0, "eta": 0.2}, x, y, 8, names=names)
    save_with_predictions(out, "named_lossguide", booster, np.vstack([x, special_rows(features)]),
                          names)

    # 4. Explicit base_score (boost_from_average becomes 0).
    x, y = make_data(4, 300, features, 0.1)
    booster = train({"objective": "binary:logistic", "base_score": 0.39, "max_depth": 3}, x, y, 6)
    save_with_predictions(out, "base_score", booster, np.vstack([x, special_rows(features)]),
                          default_names)

    # Refusal fixtures: models mlops does not support. Tiny: few rounds, shallow trees.
    x, y = make_data(5, 200, 3, 0.0)
    xc = x.copy()
    xc[:, 0] = np.abs(np.round(xc[:, 0])) % 5
    yc = ((xc[:, 0] == 1) | (xc[:, 0] == 3)).astype(np.float32)
    train({"objective": "binary:logistic", "max_depth": 2, "max_cat_to_onehot": 1}, xc, yc, 2,
          types=["c", "q", "q"], categorical=True).save_model(os.path.join(out, "categorical.json"))
    ym = (np.abs(np.round(x[:, 0])) % 3).astype(np.float32)
    train({"objective": "multi:softprob", "num_class": 3, "max_depth": 2}, x, ym, 2) \
        .save_model(os.path.join(out, "multiclass.json"))
    train({"booster": "gblinear", "objective": "reg:squarederror"}, x, y, 2) \
        .save_model(os.path.join(out, "gblinear.json"))
    train({"booster": "dart", "objective": "binary:logistic", "max_depth": 2}, x, y, 2) \
        .save_model(os.path.join(out, "dart.json"))
    y2 = np.stack([y, 1 - y], axis=1)
    train({"objective": "reg:squarederror", "multi_strategy": "multi_output_tree", "max_depth": 2},
          x, y2, 2).save_model(os.path.join(out, "multi_target.json"))


def bench(out):
    """A 200-tree depth-6 model over 40 features (about 5 MB of JSON) for timing; not committed."""
    os.makedirs(out, exist_ok=True)
    features = 40
    x, y = make_data(11, 100_000, features, 0.05, decimals=4)
    booster = train({"objective": "binary:logistic", "max_depth": 6, "eta": 0.1, "nthread": 2},
                    x, y, 200)
    test, _ = make_data(12, 20_000, features, 0.05, decimals=4)
    save_with_predictions(out, "bench200", booster, test, ["f%d" % i for i in range(features)])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=DEFAULT_OUT, help="fixture directory (default: %(default)s)")
    parser.add_argument("--bench", metavar="DIR", help="write only the large benchmark model into DIR")
    args = parser.parse_args()
    if args.bench:
        bench(args.bench)
    else:
        fixtures(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
