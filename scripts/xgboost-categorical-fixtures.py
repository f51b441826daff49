#!/usr/bin/env python3
"""Generate the XGBoost 3.2 categorical-split fixtures used by Tests/TreeModelTests.

Run with the interpreter printed by scripts/python-venv.sh (xgboost-cpu 3.2.0 + pandas + numpy):

    "$(scripts/python-venv.sh)" scripts/xgboost-categorical-fixtures.py
        # -> Tests/TreeModelTests/Fixtures/categorical (then reloads and checks everything it wrote)

Every fixture is deterministic (fixed seeds, one thread, tree_method hist). The models are
trained from pandas DataFrames whose categorical columns have dtype 'category'
(`enable_categorical=True`), except `nodict`, trained from a numpy array with feature_types 'c'
(so the model has no category dictionary). For each model `<name>`:

- `<name>.json` and `<name>.ubj`: the same booster saved by `Booster.save_model` with each extension;
- `<name>.csv`: header `<feature names...>,margin,prediction`. Numeric cells are '%.9g' (round-trips
  float32) or `NaN` for missing; categorical cells hold the raw category string as trained (an
  empty cell is a missing category; for `intcats` the integer category as text; for `nodict` the
  integer code itself). `margin` is XGBoost's `output_margin=True`, `prediction` its prediction.

The CSVs mix ordinary rows, rows with missing categories, rows with missing numbers and rows
whose category string was never seen in training ("unseen"). XGBoost 3.2.0 is no reference for
unseen strings in a DataFrame: one that sorts after every training name raises, any other is
silently re-coded to the next larger training name (fixed in 3.3.0). XGBoost's own rule for codes
outside a split's set is "go left" (the not-in-set side), so the expected values of unseen rows
are XGBoost's predictions on a numeric matrix (feature_types 'c') whose categorical cell holds
the code K = number of training categories, one past the dictionary, which no split set can
contain. This script checks that: K is in no set of that feature, a Python traversal that
sends it left reproduces `pred_leaf`, and a far larger invalid code gives the same leaves. Rows
with known categories are predicted from the DataFrame (XGBoost re-codes the strings), and the
numeric-code path must give bit-identical results on them.

Category strings are ASCII without commas, quotes or spaces, so the CSVs need no quoting. Keep
them ASCII: XGBoost 3.2.0 writes `cats.enc[*].offsets` in code points rather than bytes, so a
non-ASCII name is truncated in the saved model (fixed in 3.4.0).

`index.json` lists each fixture: name, objective, feature names, which features are categorical
(with their training categories in code order), the CSV's unseen rows and a short description.
"""
import argparse
import hashlib
import json
import os
import struct
import sys

import numpy as np
import pandas as pd
import xgboost as xgb

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(ROOT, "Tests", "TreeModelTests", "Fixtures", "categorical")
BASE_PARAMS = {"nthread": 1, "seed": 7, "tree_method": "hist"}


class Fixture:
    """One model: its training frame, its test rows and how it was trained.

    `cats` maps each categorical feature to its training categories in code order (pandas'
    `cat.categories`), or to None for `nodict`, whose cells are codes already. Test columns hold
    float32 arrays for numeric features and Python lists (str / int / None = missing) for
    categorical ones.
    """

    def __init__(self, name, description, params, rounds, names, cats, train_x, train_y, test,
                 from_numpy=False):
        self.name = name
        self.description = description
        self.params = dict(BASE_PARAMS, **params)
        self.rounds = rounds
        self.names = names
        self.cats = cats
        self.train_x = train_x
        self.train_y = train_y
        self.test = test
        self.from_numpy = from_numpy

    @property
    def rows(self):
        return len(self.test[self.names[0]])

    def is_cat(self, name):
        return name in self.cats

    def seen_codes(self, name):
        """For nodict: the codes that occur in the training column."""
        column = self.train_x[:, self.names.index(name)]
        return set(int(v) for v in column[~np.isnan(column)])

    def unseen_mask(self):
        mask = np.zeros(self.rows, dtype=bool)
        for name, categories in self.cats.items():
            known = self.seen_codes(name) if categories is None else set(categories)
            for i, value in enumerate(self.test[name]):
                if value is not None and value not in known:
                    mask[i] = True
        return mask


# ---------------------------------------------------------------------------------------------
# Data

def numeric(rng, rows, scale=2.0, missing=0.0):
    """Float32 values with 3 decimals (ties happen), NaN holes at the given rate."""
    x = np.round(rng.randn(rows) * scale, 3).astype(np.float32)
    if missing > 0:
        x[rng.rand(rows) < missing] = np.nan
    return x


def pick(rng, categories, rows, weights=None, missing=0.0):
    """Category names drawn with the given popularity, None for missing."""
    p = None if weights is None else np.asarray(weights, dtype=np.float64) / np.sum(weights)
    idx = rng.choice(len(categories), size=rows, p=p)
    out = [categories[i] for i in idx]
    if missing > 0:
        holes = rng.rand(rows) < missing
        out = [None if h else v for v, h in zip(out, holes)]
    return out


def effects(rng, categories, scale=1.0):
    return {c: float(rng.randn() * scale) for c in categories}


def hashed_id(text):
    return hashlib.md5(text.encode()).hexdigest()[:8]


def frame(names, cats, columns):
    """A DataFrame with float32 numerics and 'category' columns over the training categories."""
    data = {}
    for name in names:
        if name in cats:
            data[name] = pd.Categorical(columns[name], categories=cats[name])
        else:
            data[name] = pd.Series(np.asarray(columns[name], dtype=np.float32))
    return pd.DataFrame(data)


def binary(rng, signal, noise=1.0):
    return (signal + rng.randn(len(signal)) * noise > 0).astype(np.float32)


def test_rows(base, names, cats, unseen, rng, numeric_names):
    """Ordinary rows plus rows with missing categories, missing numbers and unseen categories.

    `base` holds the ordinary rows (column -> values); `unseen` maps a categorical feature to the
    unseen names to use. Returns the columns of all rows, ordinary rows first.
    """
    n = len(base[names[0]])
    cols = {name: list(base[name]) for name in names}

    def add(row):
        for name in names:
            cols[name].append(row[name])

    def row_at(i):
        return {name: base[name][i] for name in names}

    k = 0
    # Missing categories: each categorical feature alone, then all of them.
    for name in cats:
        for _ in range(4):
            row = row_at(k % n)
            row[name] = None
            add(row)
            k += 1
    for _ in range(3):
        row = row_at(k % n)
        for name in cats:
            row[name] = None
        add(row)
        k += 1
    # Missing numbers.
    for name in numeric_names:
        for _ in range(3):
            row = row_at(k % n)
            row[name] = np.nan
            add(row)
            k += 1
    # Unseen categories, alone, with a missing number, with another feature missing.
    for name, values in unseen.items():
        for j, value in enumerate(values):
            row = row_at(k % n)
            row[name] = value
            if j % 3 == 1 and numeric_names:
                row[numeric_names[j % len(numeric_names)]] = np.nan
            if j % 3 == 2:
                for other in cats:
                    if other != name:
                        row[other] = None
            add(row)
            k += 1
    # Everything missing.
    add({name: (None if name in cats else np.nan) for name in names})
    for name in names:
        if name not in cats:
            cols[name] = np.asarray(cols[name], dtype=np.float32)
    return cols


def near_misses(known):
    """Unseen names that stress exact matching: prefix, extension, case, before-all, after-all."""
    first = sorted(known)[0]
    last = sorted(known)[-1]
    out = [first[:-1], first + "0", last.upper() if last.upper() != last else last + "x",
           "!" + first, "~" + last]
    return [v for v in out if v not in known]


# ---------------------------------------------------------------------------------------------
# Models

def onehot():
    rng = np.random.RandomState(101)
    cats = {"channel": ["web", "app", "store"]}  # code order is not sorted order
    names = ["amount", "channel"]
    eff = {"web": -1.2, "app": 0.2, "store": 1.6}

    def draw(rows):
        c = pick(rng, cats["channel"], rows, weights=[5, 3, 2], missing=0.05)
        a = numeric(rng, rows, missing=0.05)
        return {"amount": a, "channel": c}

    tr = draw(800)
    signal = np.array([eff.get(c, 0.3) for c in tr["channel"]]) + 0.6 * np.nan_to_num(tr["amount"])
    y = binary(rng, signal)
    base = draw(60)
    base["channel"] = [c if c is not None else "app" for c in base["channel"]]
    base["amount"] = np.nan_to_num(base["amount"], nan=0.5)
    unseen = {"channel": ["kiosk", "phone", "aaa", "zzz", "Web", "ap", "apps", "STORE"]}
    test = test_rows(base, names, cats, unseen, rng, ["amount"])
    return Fixture("onehot", "3 categories with max_cat_to_onehot 8: one-hot splits (sets of one "
                   "code); code order web,app,store differs from sorted order",
                   {"objective": "binary:logistic", "max_depth": 3, "eta": 0.3,
                    "max_cat_to_onehot": 8}, 8, names, cats, frame(names, cats, tr), y, test)


def partition():
    rng = np.random.RandomState(202)
    ids = []
    i = 0
    while len(ids) < 200:
        h = hashed_id("item-%d" % i)
        if h not in ids:
            ids.append(h)
        i += 1
    ids[3], ids[8] = "1e345678", "0000e001"  # popular ids that a number parser would accept
    # Dictionary in popularity order (pandas keeps the given order), not sorted.
    cats = {"item": ids}
    popularity = 1.0 / np.arange(1, 201) ** 1.1  # Zipf-like: the tail is rarely seen
    popularity[-5:] = 0.0  # in the dictionary, never in a training row (codes 195-199)
    eff = effects(rng, ids, 1.5)
    names = ["item", "price", "age_days"]

    def draw(rows, weights):
        return {"item": pick(rng, ids, rows, weights=weights, missing=0.02),
                "price": np.abs(numeric(rng, rows, scale=30.0, missing=0.05)),
                "age_days": np.round(rng.rand(rows) * 365.0).astype(np.float32)}

    tr = draw(6000, popularity)
    signal = np.array([eff[c] if c is not None else 0.0 for c in tr["item"]]) \
        - 0.02 * (np.nan_to_num(tr["price"], nan=30.0) - 30.0) + 0.002 * (tr["age_days"] - 180)
    y = binary(rng, signal)
    seen = set(c for c in tr["item"] if c is not None)
    base = draw(110, np.sqrt(popularity))  # flatter, so many distinct ids are tested
    base["item"] = [c if c is not None else ids[0] for c in base["item"]]
    base["price"] = np.nan_to_num(base["price"], nan=12.5)
    never = [c for c in ids if c not in seen]
    # In the dictionary but never in a training row: a known string (pandas path is valid).
    for j, c in enumerate(never[:4]):
        base["item"][j * 7 + 3] = c
    unseen = [hashed_id("unseen-%d" % j) for j in range(4)] + near_misses(ids) \
        + ["00000000", "ffffffff"]
    unseen = [u for u in dict.fromkeys(unseen) if u not in ids]
    test = test_rows(base, names, cats, {"item": unseen}, rng, ["price", "age_days"])
    return Fixture("partition", "200 hashed 8-hex-digit ids with Zipf-like popularity (dictionary "
                   "in popularity order; %d ids never occur in training); partition splits with "
                   "the default max_cat_threshold" % len(never),
                   {"objective": "binary:logistic", "max_depth": 6, "eta": 0.3}, 10, names, cats,
                   frame(names, cats, tr), y, test)


def mixed():
    rng = np.random.RandomState(303)
    cats = {"region": ["north", "south", "east", "west", "central", "islands"],
            "device": ["ios", "android", "desktop"],
            "plan": ["p%02d" % i for i in (7, 3, 11, 1, 9, 5, 12, 2, 8, 4, 10, 6)]}
    names = ["age", "region", "income", "device", "score", "plan"]
    eff = {name: effects(rng, values) for name, values in cats.items()}

    def draw(rows):
        return {"age": np.abs(numeric(rng, rows, scale=15.0, missing=0.12)) + 18,
                "region": pick(rng, cats["region"], rows, missing=0.06),
                "income": numeric(rng, rows, scale=3.0, missing=0.15),
                "device": pick(rng, cats["device"], rows, weights=[4, 5, 2], missing=0.04),
                "score": numeric(rng, rows, missing=0.1),
                "plan": pick(rng, cats["plan"], rows, missing=0.08)}

    tr = draw(2000)
    signal = sum(np.array([eff[n].get(c, 0.0) if c is not None else 0.4 for c in tr[n]])
                 for n in cats)
    signal += 0.4 * np.nan_to_num(tr["income"]) - 0.03 * (np.nan_to_num(tr["age"], nan=40) - 40)
    signal += 0.5 * np.sin(np.nan_to_num(tr["score"]) * 2)
    y = binary(rng, signal)
    base = draw(70)  # ordinary rows keep their natural holes
    unseen = {"region": ["nowhere", "North", "zz"], "device": ["tv", "ANDROID"],
              "plan": ["p13", "p00", "p1"]}
    test = test_rows(base, names, cats, unseen, rng, ["age", "income", "score"])
    return Fixture("mixed", "numeric features with NaN holes and 3 categorical features (3, 6 and "
                   "12 categories: one-hot and partition splits), missing categories in training",
                   {"objective": "binary:logistic", "max_depth": 4, "eta": 0.2}, 20, names, cats,
                   frame(names, cats, tr), y, test)


def regression():
    rng = np.random.RandomState(404)
    cats = {"city": ["oslo", "lima", "cairo", "quito", "perth", "dakar", "hanoi", "turin", "bern",
                     "accra"]}
    names = ["rooms", "city"]
    price = {c: 100.0 + 40.0 * rng.randn() for c in cats["city"]}

    def draw(rows):
        return {"rooms": np.round(rng.rand(rows) * 6 + 1).astype(np.float32),
                "city": pick(rng, cats["city"], rows, missing=0.03)}

    tr = draw(1000)
    y = np.array([price.get(c, 100.0) if c is not None else 90.0 for c in tr["city"]]) \
        * (0.5 + 0.15 * tr["rooms"]) + rng.randn(1000) * 5.0
    base = draw(60)
    base["city"] = [c if c is not None else "bern" for c in base["city"]]
    unseen = {"city": ["rome", "Oslo", "aachen", "zurich", "lim", "limaa"]}
    test = test_rows(base, names, cats, unseen, rng, ["rooms"])
    return Fixture("regression", "reg:squarederror over 10 cities (partition splits), depth 2, "
                   "base_score from the label mean",
                   {"objective": "reg:squarederror", "max_depth": 2, "eta": 0.3}, 12, names, cats,
                   frame(names, cats, tr), y.astype(np.float32), test)


def intcats():
    rng = np.random.RandomState(505)
    cats = {"code": [11, 3, 1000, 7, 42]}  # integer categories, code order not sorted
    names = ["x", "code"]
    eff = {11: 1.0, 3: -1.2, 1000: 0.2, 7: 0.8, 42: -0.4}

    def draw(rows):
        return {"x": numeric(rng, rows, missing=0.05),
                "code": pick(rng, cats["code"], rows, missing=0.05)}

    tr = draw(800)
    signal = np.array([eff[c] if c is not None else 0.0 for c in tr["code"]]) \
        + 0.5 * np.nan_to_num(tr["x"])
    y = binary(rng, signal, noise=0.7)
    base = draw(60)
    base["code"] = [c if c is not None else 7 for c in base["code"]]
    base["x"] = np.nan_to_num(base["x"], nan=-0.25)
    unseen = {"code": [5, 2000, 0, 1, 100, 4, 999, 10001]}
    test = test_rows(base, names, cats, unseen, rng, ["x"])
    return Fixture("intcats", "pandas categories that are integers (11,3,1000,7,42 in code order): "
                   "cats.enc holds {type, values}; CSV cells are the integers as text",
                   {"objective": "binary:logistic", "max_depth": 3, "eta": 0.3}, 8, names, cats,
                   frame(names, cats, tr), y, test)


def nodict():
    rng = np.random.RandomState(606)
    names = ["f0", "f1", "f2", "f3"]  # no feature names in the model: XGBoost's defaults
    cats = {"f1": None, "f3": None}
    eff1 = rng.randn(9)
    codes1 = [0, 1, 2, 3, 4, 6, 7, 8]  # code 5 never occurs in training (a bin all the same)

    def draw(rows):
        return {"f0": numeric(rng, rows, missing=0.05),
                "f1": pick(rng, codes1, rows, missing=0.04),
                "f2": numeric(rng, rows, missing=0.05),
                "f3": pick(rng, [0, 1, 2], rows, missing=0.04)}

    tr = draw(1200)
    signal = np.array([eff1[c] if c is not None else 0.0 for c in tr["f1"]]) \
        + np.array([[-0.8, 0.0, 0.9][c] if c is not None else 0.0 for c in tr["f3"]]) \
        + 0.5 * np.nan_to_num(tr["f0"]) - 0.3 * np.nan_to_num(tr["f2"])
    y = binary(rng, signal)
    x = np.column_stack([np.asarray([np.nan if v is None else v for v in tr[n]], dtype=np.float32)
                         for n in names])
    base = draw(60)
    base["f1"] = [c if c is not None else 2 for c in base["f1"]]
    unseen = {"f1": [5, 9, 10, 40, 1000], "f3": [3, 7]}
    test = test_rows(base, names, cats, unseen, rng, ["f0", "f2"])
    return Fixture("nodict", "trained from a numpy array with feature_types q,c,q,c and no feature "
                   "names: no category dictionary, CSV category cells are the integer codes "
                   "(f1 code 5 never occurs in training but lies inside the bin range)",
                   {"objective": "binary:logistic", "max_depth": 4, "eta": 0.3}, 8, names, cats,
                   x, y, test, from_numpy=True)


def deep():
    rng = np.random.RandomState(707)
    stores = ["s%03d" % v for v in rng.permutation(np.arange(100, 130))]
    cats = {"store": stores, "weekday": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}
    names = ["store", "temp", "weekday", "promo"]
    eff = {name: effects(rng, values) for name, values in cats.items()}

    def draw(rows):
        return {"store": pick(rng, stores, rows, missing=0.03),
                "temp": numeric(rng, rows, scale=8.0, missing=0.05) + 15,
                "weekday": pick(rng, cats["weekday"], rows, missing=0.03),
                "promo": np.round(rng.rand(rows)).astype(np.float32)}

    tr = draw(3000)
    signal = sum(np.array([eff[n].get(c, 0.0) if c is not None else 0.0 for c in tr[n]])
                 for n in cats)
    signal += 0.7 * tr["promo"] * np.array([eff["weekday"].get(c, 0.0) if c else 0.0
                                            for c in tr["weekday"]])
    signal += 0.05 * (np.nan_to_num(tr["temp"], nan=15.0) - 15.0) - 0.6
    y = binary(rng, signal, noise=0.8)
    base = draw(80)
    unseen = {"store": ["s099", "s130", "s1000", "S105", "s10"], "weekday": ["holiday", "Mon"]}
    test = test_rows(base, names, cats, unseen, rng, ["temp", "promo"])
    return Fixture("deep", "depth 8 with 2 categorical features (30 stores, 7 weekdays) and "
                   "base_score 0.3 (not the default)",
                   {"objective": "binary:logistic", "max_depth": 8, "eta": 0.3, "base_score": 0.3,
                    "min_child_weight": 0.5}, 5, names, cats, frame(names, cats, tr), y, test)


FIXTURES = [onehot, partition, mixed, regression, intcats, nodict, deep]


# ---------------------------------------------------------------------------------------------
# Training, prediction, files

def train(fx):
    if fx.from_numpy:
        types = ["c" if fx.is_cat(n) else "q" for n in fx.names]
        data = xgb.DMatrix(fx.train_x, label=fx.train_y, missing=np.nan, feature_types=types,
                           enable_categorical=True)
    else:
        data = xgb.DMatrix(fx.train_x, label=fx.train_y, enable_categorical=True)
    return xgb.train(fx.params, data, num_boost_round=fx.rounds)


def code_matrix(fx, invalid=None):
    """Float32 matrix of the test rows with categories as training codes; NaN = missing.

    Unseen names become K = the number of training categories (or `invalid` if given); for
    nodict the cells are the codes as written (a code above every training code becomes
    `invalid` if given; a never-seen code inside the range has a bin and may be in a set).
    """
    columns = []
    for name in fx.names:
        values = fx.test[name]
        if not fx.is_cat(name):
            columns.append(np.asarray(values, dtype=np.float32))
            continue
        categories = fx.cats[name]
        seen = fx.seen_codes(name) if categories is None else None
        column = []
        for v in values:
            if v is None:
                column.append(np.nan)
            elif categories is None:
                column.append(float(v) if invalid is None or v <= max(seen) else float(invalid))
            elif v in categories:
                column.append(float(categories.index(v)))
            else:
                column.append(float(len(categories) if invalid is None else invalid))
        columns.append(np.asarray(column, dtype=np.float32))
    return np.column_stack(columns)


def code_dmatrix(fx, booster, invalid=None):
    types = ["c" if fx.is_cat(n) else "q" for n in fx.names]
    return xgb.DMatrix(code_matrix(fx, invalid), missing=np.nan,
                       feature_names=fx.names if booster.feature_names else None,
                       feature_types=types, enable_categorical=True)


def frame_dmatrix(fx, mask):
    """The known-category rows selected by `mask` as a DataFrame with the training dtypes."""
    columns = {}
    for name in fx.names:
        values = fx.test[name]
        columns[name] = [v for v, keep in zip(values, mask) if keep] if fx.is_cat(name) \
            else np.asarray(values)[mask]
    return xgb.DMatrix(frame(fx.names, fx.cats, columns), enable_categorical=True)


def expected(fx, booster):
    """Margins and predictions: DataFrame path for known rows, code path for unseen ones."""
    unseen = fx.unseen_mask()
    by_code = code_dmatrix(fx, booster)
    margin = booster.predict(by_code, output_margin=True)
    prediction = booster.predict(by_code)
    if not fx.from_numpy:
        known = ~unseen
        frame_data = frame_dmatrix(fx, known)
        frame_margin = booster.predict(frame_data, output_margin=True)
        frame_prediction = booster.predict(frame_data)
        # Consistency: on known categories the two paths must agree bit for bit.
        assert np.array_equal(frame_margin, margin[known]), fx.name
        assert np.array_equal(frame_prediction, prediction[known]), fx.name
        margin[known] = frame_margin
        prediction[known] = frame_prediction
    return margin, prediction


def fmt(value):
    v = float(value)
    if np.isnan(v):
        return "NaN"
    return "%.9g" % v


def write_csv(path, fx, margins, predictions):
    with open(path, "w") as out:
        out.write(",".join(fx.names + ["margin", "prediction"]) + "\n")
        for i in range(fx.rows):
            cells = []
            for name in fx.names:
                value = fx.test[name][i]
                if fx.is_cat(name):
                    cell = "" if value is None else str(value)
                    assert cell.isascii() and not any(ch in cell for ch in ',"\' \t'), cell
                    cells.append(cell)
                else:
                    cells.append(fmt(value))
            out.write(",".join(cells + [fmt(margins[i]), fmt(predictions[i])]) + "\n")


def generate(out):
    os.makedirs(out, exist_ok=True)
    index = []
    for make in FIXTURES:
        fx = make()
        booster = train(fx)
        json_path = os.path.join(out, fx.name + ".json")
        booster.save_model(json_path)
        booster.save_model(os.path.join(out, fx.name + ".ubj"))
        # Predict from the reloaded JSON so the CSV reflects exactly what the file holds.
        loaded = xgb.Booster(model_file=json_path)
        margins, predictions = expected(fx, loaded)
        write_csv(os.path.join(out, fx.name + ".csv"), fx, margins, predictions)
        unseen = fx.unseen_mask()
        index.append({
            "name": fx.name,
            "objective": fx.params["objective"],
            "feature_names": fx.names,
            "model_feature_names": booster.feature_names is not None,
            "categorical": [fx.is_cat(n) for n in fx.names],
            "categories": {n: c for n, c in fx.cats.items() if c is not None},
            "rows": fx.rows,
            "unseen_rows": [int(i) for i in np.nonzero(unseen)[0]],
            "description": fx.description,
        })
        verify(out, fx, booster, margins)
    with open(os.path.join(out, "index.json"), "w") as handle:
        json.dump({"xgboost": xgb.__version__,
                   "generator": "scripts/xgboost-categorical-fixtures.py",
                   "notes": "Categorical CSV cells are raw category strings (empty = missing; "
                            "nodict: integer codes). A model's code for a string is its position "
                            "in `categories`. Expected values of unseen_rows come from predicting "
                            "with code K = len(categories), which every split sends to the "
                            "not-in-set (left) child. nodict has no dictionary: XGBoost predicted "
                            "its codes as written, and its unseen_rows hold codes never seen in "
                            "training (f1 code 5 lies inside the trained range and is in some "
                            "sets).",
                   "fixtures": index}, handle, indent=1)
        handle.write("\n")
    print_ubj_facts(out, "onehot")
    print_ubj_facts(out, "intcats")
    print_ubj_facts(out, "nodict")


# ---------------------------------------------------------------------------------------------
# Verification

def walk_leaves(model, x):
    """Leaf ids per row and tree, by the rules: categorical code in set -> right, else left
    (codes are whole numbers here); numeric value < condition -> left; NaN -> default_left."""
    trees = model["learner"]["gradient_booster"]["model"]["trees"]
    out = np.zeros((x.shape[0], len(trees)), dtype=np.int64)
    for t, tree in enumerate(trees):
        sets = {}
        for k, node in enumerate(tree["categories_nodes"]):
            start = tree["categories_segments"][k]
            sets[node] = set(tree["categories"][start:start + tree["categories_sizes"][k]])
        for r in range(x.shape[0]):
            node = 0
            while tree["left_children"][node] != -1:
                v = x[r, tree["split_indices"][node]]
                if np.isnan(v):
                    left = bool(tree["default_left"][node])
                elif tree["split_type"][node] == 1:
                    left = int(v) not in sets[node]
                else:
                    left = v < np.float32(tree["split_conditions"][node])
                node = tree["left_children"][node] if left else tree["right_children"][node]
            out[r, t] = node
    return out


def verify(out, fx, booster, margins):
    with open(os.path.join(out, fx.name + ".json")) as handle:
        model = json.load(handle)
    trees = model["learner"]["gradient_booster"]["model"]["trees"]
    for ext in ("json", "ubj"):
        loaded = xgb.Booster(model_file=os.path.join(out, fx.name + "." + ext))
        a = code_dmatrix(fx, booster)
        assert np.array_equal(loaded.predict(a, output_margin=True),
                              booster.predict(a, output_margin=True)), (fx.name, ext)
        assert np.array_equal(loaded.predict(a), booster.predict(a)), (fx.name, ext)
        if not fx.from_numpy:
            f = frame_dmatrix(fx, ~fx.unseen_mask())
            assert np.array_equal(loaded.predict(f, output_margin=True),
                                  booster.predict(f, output_margin=True)), (fx.name, ext)
        assert np.array_equal(expected(fx, loaded)[0], margins), (fx.name, ext)

    # Unseen names (code K) land in no set and go left everywhere: compare XGBoost's leaves with
    # a traversal by the documented rules, and with a far larger invalid code.
    x = code_matrix(fx)
    leaves = booster.predict(code_dmatrix(fx, booster), pred_leaf=True).astype(np.int64)
    leaves = leaves.reshape(x.shape[0], -1)
    assert np.array_equal(leaves, walk_leaves(model, x)), fx.name
    far = booster.predict(code_dmatrix(fx, booster, invalid=1_000_000), pred_leaf=True)
    assert np.array_equal(leaves, far.reshape(x.shape[0], -1).astype(np.int64)), fx.name
    unseen = fx.unseen_mask()
    for name, categories in fx.cats.items():
        feature = fx.names.index(name)
        k = len(categories) if categories is not None else None
        for tree in trees:
            for j, node in enumerate(tree["categories_nodes"]):
                if tree["split_indices"][node] != feature:
                    continue
                s = tree["categories"][tree["categories_segments"][j]:][:tree["categories_sizes"][j]]
                assert k is None or k not in s, (fx.name, name)
                if categories is not None:
                    assert max(s) < k, (fx.name, name, s)

    # Summary: per categorical feature, its split nodes, set sizes and which search made them
    # (one-hot when the training bins, max code + 1, are fewer than max_cat_to_onehot).
    n_cat = sum(len(t["categories_nodes"]) for t in trees)
    cond = set(t["split_conditions"][n] for t in trees for n in t["categories_nodes"])
    onehot_limit = fx.params.get("max_cat_to_onehot", 4)
    parts = []
    for name in fx.cats:
        feature = fx.names.index(name)
        column = fx.train_x[:, feature] if fx.from_numpy else fx.train_x[name].cat.codes.values
        bins = int(np.nanmax(column)) + 1
        sizes = [t["categories_sizes"][j] for t in trees
                 for j, n in enumerate(t["categories_nodes"]) if t["split_indices"][n] == feature]
        parts.append("%s: %d nodes, %s, set sizes %s" % (
            name, len(sizes), "one-hot" if bins < onehot_limit else "partition",
            "%d-%d" % (min(sizes), max(sizes)) if sizes else "-"))
    print("%-10s trees=%d cat-nodes=%d rows=%d unseen=%d json=%.0fKB ubj=%.0fKB "
          "cat split_conditions=%s; %s" % (
              fx.name, len(trees), n_cat, fx.rows, int(unseen.sum()),
              os.path.getsize(os.path.join(out, fx.name + ".json")) / 1024,
              os.path.getsize(os.path.join(out, fx.name + ".ubj")) / 1024, sorted(cond),
              "; ".join(parts)))


class UArray(list):
    """A decoded UBJSON array that remembers its element type marker(s)."""
    marker = None


def read_ubj(data):
    """Minimal UBJSON (draft 12, as XGBoost writes it) decoder that keeps array type markers."""
    pos = 0
    sizes = {"i": ("b", 1), "U": ("B", 1), "I": (">h", 2), "l": (">i", 4), "L": (">q", 8),
             "d": (">f", 4), "D": (">d", 8)}

    def scalar(marker):
        nonlocal pos
        if marker in sizes:
            fmt_, n = sizes[marker]
            value = struct.unpack_from(fmt_, data, pos)[0]
            pos += n
            return value
        if marker == "S":
            n = scalar(next_marker())
            value = data[pos:pos + n].decode()
            pos += n
            return value
        if marker == "C":
            pos += 1
            return chr(data[pos - 1])
        if marker in "TF":
            return marker == "T"
        if marker == "Z":
            return None
        if marker == "[":
            return array()
        if marker == "{":
            return obj()
        raise ValueError("marker %r at %d" % (marker, pos))

    def next_marker():
        nonlocal pos
        pos += 1
        return chr(data[pos - 1])

    def header():
        nonlocal pos
        kind, count = None, None
        if chr(data[pos]) == "$":
            pos += 1
            kind = next_marker()
        if chr(data[pos]) == "#":
            pos += 1
            count = scalar(next_marker())
        return kind, count

    def array():
        nonlocal pos
        kind, count = header()
        out = UArray()
        if count is not None:
            markers = set()
            for _ in range(count):
                m = kind if kind else next_marker()
                markers.add(m)
                out.append(scalar(m))
            out.marker = kind or "counted:" + "".join(sorted(markers))
            return out
        markers = set()
        while chr(data[pos]) != "]":
            m = next_marker()
            markers.add(m)
            out.append(scalar(m))
        pos += 1
        out.marker = "untyped:" + "".join(sorted(markers))
        return out

    def key():
        n = scalar(next_marker())
        nonlocal pos
        value = data[pos:pos + n].decode()
        pos += n
        return value

    def obj():
        nonlocal pos
        kind, count = header()
        out = {}
        if count is not None:
            for _ in range(count):
                k = key()
                out[k] = scalar(kind if kind else next_marker())
            return out
        while chr(data[pos]) != "}":
            k = key()
            out[k] = scalar(next_marker())
        pos += 1
        return out

    return scalar(next_marker())


def describe(value):
    if isinstance(value, UArray):
        text = "[%s x%d]" % (value.marker, len(value))
        if value and isinstance(value[0], (dict, UArray)):
            text += " first non-empty " + describe(next((v for v in value if v and any(
                len(x) if isinstance(x, list) else 1 for x in v.values())), value[0]))
        return text
    if isinstance(value, dict):
        return "{" + ", ".join("%s: %s" % (k, describe(v)) for k, v in value.items()) + "}"
    return repr(value)


def print_ubj_facts(out, name):
    with open(os.path.join(out, name + ".ubj"), "rb") as handle:
        model = read_ubj(handle.read())
    learner = model["learner"]
    booster = learner["gradient_booster"]["model"]
    print("%s.ubj: learner keys %s; gradient_booster.model keys %s" % (
        name, sorted(learner), sorted(booster)))
    print("  feature_types %s" % describe(learner["feature_types"]))
    print("  cats %s" % describe(booster.get("cats")))
    tree = booster["trees"][0]
    print("  tree[0] %s" % ", ".join("%s %s" % (k, describe(tree[k])) for k in (
        "split_type", "categories", "categories_nodes", "categories_segments", "categories_sizes",
        "split_conditions", "split_indices", "default_left", "left_children")))
    conds = [tree["split_conditions"][n] for n in tree["categories_nodes"]]
    print("  categorical split_conditions (float32): %s" % sorted(set(conds)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=DEFAULT_OUT, help="fixture directory (default: %(default)s)")
    args = parser.parse_args()
    assert xgb.__version__ == "3.2.0", "these fixtures record XGBoost 3.2.0; run scripts/python-venv.sh"
    generate(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
