"""Trains gradient-boosted trees on an existing Dask cluster with XGBoost's own distributed
training (xgboost.dask), for a pipeline `train` step with `engine: dask`.

The mlops binary embeds this file (scripts/embed-python.sh), writes it into the run directory and
starts it with the interpreter in $MLOPS_DASK_PYTHON (a venv made by `scripts/python-venv.sh
dask`). It prints one JSON object per line on stdout, which the step reads as progress:

  {"event": "connected", "workers": 2}
  {"event": "data", "rows": 100000, "partitions": 4, "features": [...], "categorical": [...]}
  {"event": "training", "rounds": 200}
  {"event": "round", "round": 0, "train_logloss": 0.61}      (one per round, after training)
  {"event": "done", "model": "<out>/model.json", "seconds": 12.3}
  {"event": "error", "kind": "worker_lost" | "data" | "cancelled" | "scheduler", "message": "..."}

Cancellation: SIGTERM (the step's timeout or the run's cancellation) sets a Dask Event named
after the run; a training callback reads it after every round on every worker, the workers agree
through an allreduce, and training stops at the same round everywhere. A lost worker makes the
collective time out after --collective-timeout seconds instead of hanging.
"""

import argparse
import glob
import json
import os
import signal
import sys
import time


def emit(**fields):
    print(json.dumps(fields), flush=True)


def fail(kind, message, code=1):
    emit(event="error", kind=kind, message=message)
    sys.exit(code)


def parse_arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scheduler", required=True)
    parser.add_argument("--data", required=True, help="a path glob every worker can read, or s3://; CSV or Parquet")
    parser.add_argument("--label", required=True)
    parser.add_argument("--params", default="{}", help="JSON object of XGBoost parameters (num_round included)")
    parser.add_argument("--categorical", default="", help="comma list of integer-coded columns read as categories")
    parser.add_argument("--exclude", default="", help="comma list of columns left out")
    parser.add_argument("--out", required=True, help="directory for model.json and sample.csv")
    parser.add_argument("--sample-rows", type=int, default=100_000)
    parser.add_argument("--cancel-event", default="")
    parser.add_argument("--collective-timeout", type=int, default=120)
    parser.add_argument("--tracker-host", default="")
    parser.add_argument("--connect-timeout", type=int, default=30)
    return parser.parse_args()


def comma_list(text):
    return [name.strip() for name in text.split(",") if name.strip()]


def read_frame(dd, data):
    is_parquet = data.endswith(".parquet") or data.endswith(".pq")
    if not data.startswith("s3://") and not glob.glob(data):
        fail("data", f"no file matches {data}")
    if is_parquet:
        return dd.read_parquet(data)
    # Ids stay text: every column is read as a string first and numbers are parsed below, so a
    # hex id such as 1e10 is never read as a float.
    return dd.read_csv(data, dtype=str, keep_default_na=True, blocksize="64MB")


def prepare(dd, frame, label, categorical, exclude):
    columns = list(frame.columns)
    for name in [label] + categorical + exclude:
        if name not in columns:
            fail("data", f"column '{name}' is not in the data (columns: {', '.join(columns)})")
    features = [c for c in columns if c != label and c not in exclude]
    if not features:
        fail("data", "no feature columns are left")
    y = dd.to_numeric(frame[label], errors="coerce")
    text = []
    numeric = {}
    for name in features:
        if name in categorical:
            text.append(name)
            continue
        converted = dd.to_numeric(frame[name], errors="coerce")
        numeric[name] = converted
    # A column is numeric when every non-missing cell parses as a number (as mlops's reader decides).
    checks = {name: (numeric[name].isna() & ~frame[name].isna()).sum() for name in numeric}
    import dask

    bad = dask.compute(checks)[0]
    for name, count in bad.items():
        if count > 0:
            text.append(name)
            del numeric[name]
    parts = {}
    for name in features:
        if name in numeric:
            parts[name] = numeric[name].astype("float32")
        else:
            # An integer written as 3.0 is the category "3", as mlops reads it (Parquet may hold
            # the column as numbers: their text, missing cells kept missing).
            column = frame[name].astype("string").str.replace(r"^(-?\d+)\.0+$", r"\1", regex=True)
            parts[name] = column.astype("category")
    X = dd.concat([parts[name].to_frame(name) for name in features], axis=1)
    categorical_features = [name for name in features if name not in numeric]
    if categorical_features:
        X = X.categorize(columns=categorical_features)
    return X, y, features, categorical_features


class CancelCheck:
    """A training callback that stops every worker at the same round once the run is cancelled."""

    def __init__(self, event_name):
        self.event_name = event_name

    def make(self):
        import numpy as np
        import xgboost
        from distributed import Event, get_client

        name = self.event_name

        class Check(xgboost.callback.TrainingCallback):
            # Each worker asks the scheduler at most once a second; the allreduce every round
            # makes all of them stop at the same round.
            def __init__(self):
                self.flag = 0.0
                self.asked = 0.0

            def after_iteration(self, model, epoch, evals_log):
                now = time.monotonic()
                if now - self.asked >= 1.0:
                    self.asked = now
                    try:
                        self.flag = 1.0 if Event(name, client=get_client()).is_set() else 0.0
                    except Exception:
                        pass
                agreed = xgboost.collective.allreduce(np.array([self.flag]), xgboost.collective.Op.MAX)
                return bool(agreed[0] > 0)

        return Check()


def main():
    arguments = parse_arguments()
    started = time.time()
    try:
        import dask.dataframe as dd
        import xgboost
        from distributed import Client, Event
        from xgboost import dask as dxgb
    except ImportError as error:
        fail("environment", f"{error}: make the venv with scripts/python-venv.sh dask and set MLOPS_DASK_PYTHON")

    try:
        client = Client(arguments.scheduler, timeout=arguments.connect_timeout)
    except Exception as error:
        fail("scheduler", f"cannot reach the Dask scheduler at {arguments.scheduler}: {error}")
    workers = client.scheduler_info()["workers"]
    if not workers:
        fail("scheduler", f"the Dask scheduler at {arguments.scheduler} has no workers")
    emit(event="connected", workers=len(workers))

    cancel = Event(arguments.cancel_event, client=client) if arguments.cancel_event else None
    cancelled = {"flag": False}

    def on_term(signum, frame):
        cancelled["flag"] = True
        if cancel is not None:
            try:
                cancel.set()
            except Exception:
                pass

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)

    params = json.loads(arguments.params)
    num_round = int(params.pop("num_round", params.pop("n_estimators", 100)))
    params.pop("nthread", None)
    params.setdefault("objective", "binary:logistic")
    params.setdefault("tree_method", "hist")

    try:
        frame = read_frame(dd, arguments.data)
        X, y, features, categorical = prepare(
            dd, frame, arguments.label, comma_list(arguments.categorical), comma_list(arguments.exclude)
        )
        X, y = client.persist([X, y])
        rows = int(y.shape[0].compute()) if hasattr(y.shape[0], "compute") else len(y)
        if y.isna().any().compute():
            fail("data", f"the label column '{arguments.label}' has empty or non-numeric cells")
    except SystemExit:
        raise
    except Exception as error:
        fail("data", f"reading {arguments.data}: {type(error).__name__}: {error}")
    emit(event="data", rows=rows, partitions=X.npartitions, features=features, categorical=categorical)

    # A sample of the rows, for the model's drift profile and data fingerprint on the mlops side.
    fraction = min(1.0, arguments.sample_rows / max(1, rows))
    sample = X.assign(**{arguments.label: y}).sample(frac=fraction, random_state=0).compute()
    os.makedirs(arguments.out, exist_ok=True)
    sample.to_csv(os.path.join(arguments.out, "sample.csv"), index=False)

    coll = xgboost.collective.Config(
        timeout=arguments.collective_timeout,
        tracker_host_ip=arguments.tracker_host or None,
    )
    callbacks = [CancelCheck(arguments.cancel_event).make()] if arguments.cancel_event else None
    try:
        matrix = dxgb.DaskQuantileDMatrix(client, X, y, enable_categorical=bool(categorical))
        emit(event="training", rounds=num_round)
        output = dxgb.train(
            client,
            params,
            matrix,
            num_boost_round=num_round,
            evals=[(matrix, "train")],
            callbacks=callbacks,
            coll_cfg=coll,
        )
    except Exception as error:
        if cancelled["flag"]:
            fail("cancelled", "training was cancelled", code=143)
        text = f"{type(error).__name__}: {error}".split("Stack trace:")[0].strip()
        # A peer that vanished shows as a failed collective (allreduce, allgather, a socket or
        # poll error), a timed-out one, or Dask's own worker bookkeeping.
        signs = ("KilledWorker", "timed out", "Timeout", "CommClosed", "allreduce", "allgather", "Socket", "Poll error", "lost")
        fail("worker_lost" if any(sign in text for sign in signs) else "training", text)
    if cancelled["flag"]:
        fail("cancelled", "training was cancelled", code=143)
    booster = output["booster"]
    history = output["history"].get("train", {})
    for metric, values in history.items():
        for round_index, value in enumerate(values):
            emit(event="round", round=round_index, metric=metric, value=float(value))
    path = os.path.join(arguments.out, "model.json")
    booster.feature_names = features
    booster.save_model(path)
    emit(event="done", model=path, rounds=booster.num_boosted_rounds(), seconds=time.time() - started)
    client.close()


if __name__ == "__main__":
    main()
