#!/usr/bin/env python
"""MLflow client conformance test.

Drives the REAL `mlflow` Python client (MLflow 3.x) against an MLflow-compatible
tracking server and asserts plain MLflow semantics.

    MLFLOW_TRACKING_URI=http://127.0.0.1:PORT python mlflow_client_test.py

The server must serve artifacts through the `mlflow-artifacts` proxy (runs report
`artifact_uri = mlflow-artifacts:/...`); the client needs no storage credentials.

Environment:
  MLFLOW_TRACKING_URI       required, http(s)://host:port of the server under test
  MLOPS_CONFORMANCE_EXTRA=1 the server is `mlops serve`: where its documented semantics differ
                            from MLflow's (docs/mlflow.md), assert ours, and run check_platform_extras
  MLFLOW_CONF_MARK_FILE     debug only: append {"MARK": <check>} JSON lines to this file
                            before each check (to correlate with a logging HTTP proxy trace)
  MLFLOW_HTTP_REQUEST_MAX_RETRIES / MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR / MLFLOW_HTTP_REQUEST_TIMEOUT
                            if unset, this script lowers them (3 / 1 / 30) so that a server that
                            wrongly answers 5xx fails in seconds instead of ~4 minutes.  With
                            these values any retried request takes >= ~6 s, which the error-timing
                            checks detect (threshold ERROR_FAST_SECONDS).

Output: one line per check, `ok  <name>` / `FAIL <name>: why` / `skip <name>: why`,
then a summary line; exit status 1 if any check failed.

Only stdlib + mlflow + xgboost + numpy are used.
"""
import json
import os
import random
import string
import sys
import tempfile
import time
import traceback
import warnings

# Fail fast on a misbehaving server unless the user chose otherwise (see docstring).
os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "3")
os.environ.setdefault("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "1")
os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "30")
os.environ.setdefault("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")  # keep output one line per check

import numpy as np  # noqa: E402
import xgboost as xgb  # noqa: E402

import mlflow  # noqa: E402
from mlflow import MlflowClient  # noqa: E402
from mlflow.exceptions import MlflowException  # noqa: E402

warnings.filterwarnings("ignore")  # stage transitions etc. are deprecated in MLflow 3

ERROR_FAST_SECONDS = 3.0
# Seconds the client waits for a new model version to leave PENDING_REGISTRATION (client default 300).
# A server must answer model-versions/create with status "READY" (or reach it quickly via /get).
AWAIT_VERSION_SECONDS = 15
SUFFIX = "".join(random.choices(string.ascii_lowercase + string.digits, k=8))
PREFIX = f"conf-{SUFFIX}"  # every registered model of this run starts with this
EXTRA = os.environ.get("MLOPS_CONFORMANCE_EXTRA") == "1"
MARK_FILE = os.environ.get("MLFLOW_CONF_MARK_FILE")

S = {}  # state shared between checks (run ids, model names, ...)
RESULTS = {"ok": 0, "fail": 0, "skip": 0}
CREATED_MODEL_VERSIONS = []  # (name, version) of every model version this script created


class Skip(Exception):
    pass


def client():
    return MlflowClient()


def need(*keys):
    """Fail early (with a clear reason) if a prerequisite check did not produce its state."""
    missing = [k for k in keys if k not in S]
    if missing:
        raise AssertionError(f"prerequisite missing (earlier check failed): {missing}")
    return [S[k] for k in keys]


def eq(actual, expected, what):
    if actual != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def read_tree(root):
    """{relative posix path: bytes} for every file under root (or {basename: bytes} for a file)."""
    if os.path.isfile(root):
        with open(root, "rb") as f:
            return {os.path.basename(root): f.read()}
    out = {}
    for dirpath, _, files in os.walk(root):
        for fn in files:
            p = os.path.join(dirpath, fn)
            with open(p, "rb") as f:
                out[os.path.relpath(p, root).replace(os.sep, "/")] = f.read()
    return out


def expect_error(fn, code, what):
    t0 = time.time()
    try:
        fn()
    except MlflowException as e:
        dt = time.time() - t0
        eq(e.error_code, code, f"{what} error_code")
        check(dt < ERROR_FAST_SECONDS, f"{what}: took {dt:.1f}s (client retried? 4xx must not be retried)")
        return e
    raise AssertionError(f"{what}: expected MlflowException({code}), no exception raised")


def run_check(fn):
    name = fn.__name__[len("check_"):]
    if MARK_FILE:
        with open(MARK_FILE, "a") as f:
            f.write(json.dumps({"MARK": name, "t": time.time()}) + "\n")
    try:
        fn()
    except Skip as e:
        RESULTS["skip"] += 1
        print(f"skip {name}: {e}", flush=True)
    except AssertionError as e:
        RESULTS["fail"] += 1
        print(f"FAIL {name}: {e}", flush=True)
    except Exception as e:  # unexpected client/server exception
        RESULTS["fail"] += 1
        tb = traceback.extract_tb(e.__traceback__)
        where = next((f"line {f.lineno}" for f in reversed(tb) if f.filename == __file__), "")
        print(f"FAIL {name}: {type(e).__name__} ({where}): {str(e)[:500]}", flush=True)
    else:
        RESULTS["ok"] += 1
        print(f"ok  {name}", flush=True)


# --------------------------------------------------------------------------------------------
# Tracking
# --------------------------------------------------------------------------------------------

def check_default_experiment():
    exp = client().get_experiment("0")
    eq((exp.experiment_id, exp.name, exp.lifecycle_stage), ("0", "Default", "active"), "experiment 0")


def check_set_experiment():
    name = f"{PREFIX}-exp"
    exp = mlflow.set_experiment(name)
    check(exp.experiment_id, "set_experiment returned no experiment_id")
    eq(exp.name, name, "experiment name")
    eq(exp.lifecycle_stage, "active", "experiment lifecycle_stage")
    again = mlflow.set_experiment(name)  # existing experiment: same id
    eq(again.experiment_id, exp.experiment_id, "set_experiment on existing name -> experiment_id")
    got = client().get_experiment_by_name(name)
    check(got is not None, "get_experiment_by_name returned None")
    eq(got.experiment_id, exp.experiment_id, "get_experiment_by_name experiment_id")
    eq(client().get_experiment(exp.experiment_id).name, name, "get_experiment name")
    check(client().get_experiment_by_name(f"{PREFIX}-no-such-exp") is None,
          "get_experiment_by_name(missing) must return None (server answers 404 RESOURCE_DOES_NOT_EXIST)")
    S["exp_id"] = exp.experiment_id


def check_start_run_and_log():
    (exp_id,) = need("exp_id")
    run_name = f"{PREFIX}-run-a"
    t_before = int(time.time() * 1000)
    run = mlflow.start_run(run_name=run_name)
    S["run_a"] = run.info.run_id
    S["run_a_name"] = run_name
    eq(run.info.experiment_id, exp_id, "run experiment_id")
    eq(run.info.status, "RUNNING", "run status while active")
    eq(run.info.run_name, run_name, "run_name")
    check(abs(run.info.start_time - t_before) < 120_000,
          f"start_time must be epoch milliseconds, got {run.info.start_time} (now {t_before})")
    au = run.info.artifact_uri
    check(au.startswith("mlflow-artifacts:") or "/api/2.0/mlflow-artifacts/artifacts" in au,
          f"artifact_uri must use the mlflow-artifacts proxy, got {au!r}")
    S["run_a_artifact_uri"] = au
    mlflow.log_param("lr", 0.1)
    mlflow.log_params({"depth": 6, "booster": "gbtree", "p": "v"})
    for step, v in enumerate([0.9, 0.7, 0.5, 0.4, 0.35]):
        mlflow.log_metric("loss", v, step=step)
    mlflow.log_metrics({"acc": 0.93, "x": 10.0}, step=4)
    mlflow.set_tag("t", "v")
    mlflow.set_tag("team", f"team-{SUFFIX}")


def _artifact_src():
    if "art_src" not in S:
        d = tempfile.mkdtemp(prefix="mlfconf-src-")
        with open(os.path.join(d, "hello.txt"), "w") as f:
            f.write(f"hello {SUFFIX}\n")
        tree = os.path.join(d, "tree")
        os.makedirs(os.path.join(tree, "sub", "deeper"))
        with open(os.path.join(tree, "top.json"), "w") as f:
            json.dump({"suffix": SUFFIX}, f)
        with open(os.path.join(tree, "sub", "a.txt"), "w") as f:
            f.write("nested a\n")
        with open(os.path.join(tree, "sub", "deeper", "b.bin"), "wb") as f:
            f.write(bytes(range(256)) * 4)
        model = os.path.join(d, "model")
        os.makedirs(model)
        with open(os.path.join(model, "weights.bin"), "wb") as f:
            f.write(os.urandom(2048))
        with open(os.path.join(model, "README.txt"), "w") as f:
            f.write(f"model for {SUFFIX}\n")
        S["art_src"] = d
    return S["art_src"]


def check_log_artifact():
    need("run_a")
    check(mlflow.active_run() is not None, "no active run")
    src = _artifact_src()
    mlflow.log_artifact(os.path.join(src, "hello.txt"))  # -> <root>/hello.txt
    mlflow.log_artifact(os.path.join(src, "hello.txt"), artifact_path="notes")  # -> notes/hello.txt


def check_log_artifacts_dir():
    need("run_a")
    check(mlflow.active_run() is not None, "no active run")
    src = _artifact_src()
    mlflow.log_artifacts(os.path.join(src, "tree"), artifact_path="data")  # data/top.json, data/sub/...
    mlflow.log_artifacts(os.path.join(src, "model"), artifact_path="model")  # used as a model version source


def check_end_run_and_get_run():
    (run_id,) = need("run_a")
    mlflow.end_run()
    r = client().get_run(run_id)
    eq(r.info.status, "FINISHED", "status after end_run")
    check(r.info.end_time and r.info.end_time >= r.info.start_time, f"end_time {r.info.end_time} < start_time")
    eq(r.info.lifecycle_stage, "active", "run lifecycle_stage")
    eq(r.data.params, {"lr": "0.1", "depth": "6", "booster": "gbtree", "p": "v"}, "params")
    eq(r.data.metrics, {"loss": 0.35, "acc": 0.93, "x": 10.0}, "latest metrics")
    eq(r.data.tags.get("mlflow.runName"), S["run_a_name"], "tag mlflow.runName")
    eq(r.data.tags.get("t"), "v", "tag t")
    eq(r.info.run_name, S["run_a_name"], "info.run_name")
    eq(r.info.artifact_uri, S["run_a_artifact_uri"], "artifact_uri stable")


def check_metric_history():
    (run_id,) = need("run_a")
    hist = client().get_metric_history(run_id, "loss")
    eq([m.step for m in hist], [0, 1, 2, 3, 4], "loss history steps (in order)")
    eq([m.value for m in hist], [0.9, 0.7, 0.5, 0.4, 0.35], "loss history values")
    now = time.time() * 1000
    for m in hist:
        eq(m.key, "loss", "metric key")
        check(abs(m.timestamp - now) < 600_000, f"metric timestamp must be epoch ms, got {m.timestamp}")
    eq([(m.step, m.value) for m in client().get_metric_history(run_id, "acc")], [(4, 0.93)], "acc history")
    eq(client().get_metric_history(run_id, "never-logged"), [], "history of unknown metric")


def _second_run():
    """Run B: different params/metrics/tags so that search filters can discriminate."""
    if "run_b" not in S:
        (exp_id,) = need("exp_id")
        with mlflow.start_run(run_name=f"{PREFIX}-run-b", experiment_id=exp_id) as rb:
            mlflow.log_params({"lr": 0.5, "p": "w"})
            mlflow.log_metrics({"x": 3.0, "loss": 0.8})
            mlflow.set_tag("t", "other")
        S["run_b"] = rb.info.run_id
    return S["run_b"]


def check_search_runs_by_experiment():
    exp_id, run_a = need("exp_id", "run_a")
    run_b = _second_run()
    runs = client().search_runs([exp_id])
    eq(sorted(r.info.run_id for r in runs), sorted([run_a, run_b]), "runs in experiment")
    # default order is start_time DESC
    eq([r.info.run_id for r in runs], [run_b, run_a], "default order (start_time DESC)")
    df = mlflow.search_runs(experiment_ids=[exp_id])  # fluent API (pandas)
    eq(sorted(df["run_id"]), sorted([run_a, run_b]), "mlflow.search_runs run_id column")


def check_search_runs_filters():
    exp_id, run_a = need("exp_id", "run_a")
    run_b = _second_run()
    c = client()

    def ids(flt, **kw):
        return sorted(r.info.run_id for r in c.search_runs([exp_id], filter_string=flt, **kw))

    eq(ids("metrics.x > 5"), [run_a], "metrics.x > 5")
    eq(ids("metrics.x > 1"), sorted([run_a, run_b]), "metrics.x > 1")
    eq(ids("params.p = 'v'"), [run_a], "params.p = 'v'")
    eq(ids("tags.t = 'v'"), [run_a], "tags.t = 'v'")
    eq(ids(f"attributes.run_name = '{S['run_a_name']}'"), [run_a], "attributes.run_name")
    eq(ids("metrics.x > 1 AND params.p = 'w'"), [run_b], "AND filter")
    eq(ids("attributes.status = 'FINISHED'"), sorted([run_a, run_b]), "attributes.status")
    eq(ids("metrics.x > 100"), [], "no match")


def check_search_runs_order_by_and_paging():
    exp_id, run_a = need("exp_id", "run_a")
    run_b = _second_run()
    c = client()
    eq([r.info.run_id for r in c.search_runs([exp_id], order_by=["metrics.x DESC"])], [run_a, run_b],
       "order_by metrics.x DESC")
    eq([r.info.run_id for r in c.search_runs([exp_id], order_by=["metrics.x ASC"])], [run_b, run_a],
       "order_by metrics.x ASC")
    eq([r.info.run_id for r in c.search_runs([exp_id], order_by=["params.lr DESC"])], [run_b, run_a],
       "order_by params.lr DESC")
    p1 = c.search_runs([exp_id], max_results=1, order_by=["metrics.x DESC"])
    eq([r.info.run_id for r in p1], [run_a], "page 1")
    check(p1.token, "page 1 must carry next_page_token")
    p2 = c.search_runs([exp_id], max_results=1, order_by=["metrics.x DESC"], page_token=p1.token)
    eq([r.info.run_id for r in p2], [run_b], "page 2")
    if p2.token:  # real MLflow may return a token that leads to an empty page
        p3 = c.search_runs([exp_id], max_results=1, order_by=["metrics.x DESC"], page_token=p2.token)
        eq(list(p3), [], "page 3")
        check(not p3.token, "page 3 must not carry a token")


def check_list_artifacts():
    (run_id,) = need("run_a")
    c = client()
    root = {f.path: f for f in c.list_artifacts(run_id)}
    eq(sorted(root), ["data", "hello.txt", "model", "notes"], "root listing")
    check(root["data"].is_dir and root["notes"].is_dir, "data/ and notes/ must be directories")
    check(not root["hello.txt"].is_dir, "hello.txt must be a file")
    eq(root["hello.txt"].file_size, len(f"hello {SUFFIX}\n"), "hello.txt file_size")
    sub = {f.path: f for f in c.list_artifacts(run_id, "data")}
    eq(sorted(sub), ["data/sub", "data/top.json"], "listing of data/ (paths are relative to run root)")
    check(sub["data/sub"].is_dir, "data/sub must be a dir")
    deeper = {f.path: f for f in c.list_artifacts(run_id, "data/sub/deeper")}
    eq(sorted(deeper), ["data/sub/deeper/b.bin"], "listing of data/sub/deeper")
    eq(deeper["data/sub/deeper/b.bin"].file_size, 1024, "b.bin file_size")
    eq(c.list_artifacts(run_id, "no/such/dir"), [], "listing of a missing dir")


def check_download_artifacts():
    (run_id,) = need("run_a")
    src = _artifact_src()
    out = tempfile.mkdtemp(prefix="mlfconf-dl-")
    p = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path="data", dst_path=out)
    eq(read_tree(p), read_tree(os.path.join(src, "tree")), "downloaded data/ tree")
    p = client().download_artifacts(run_id, "notes/hello.txt", tempfile.mkdtemp())
    eq(read_tree(p), read_tree(os.path.join(src, "hello.txt")), "downloaded notes/hello.txt")
    p = mlflow.artifacts.download_artifacts(artifact_uri=f"runs:/{run_id}/model", dst_path=tempfile.mkdtemp())
    eq(read_tree(p), read_tree(os.path.join(src, "model")), "downloaded runs:/<id>/model")
    whole = read_tree(mlflow.artifacts.download_artifacts(run_id=run_id, dst_path=tempfile.mkdtemp()))
    eq(sorted(whole), sorted(["hello.txt", "notes/hello.txt", "data/top.json", "data/sub/a.txt",
                              "data/sub/deeper/b.bin", "model/weights.bin", "model/README.txt"]),
       "whole-run download file set")


# --------------------------------------------------------------------------------------------
# Model registry
# --------------------------------------------------------------------------------------------

def check_create_registered_model():
    name = f"{PREFIX}-ctr"
    rm = client().create_registered_model(name, tags={"k": "v", "owner": "conf"}, description="conformance model")
    eq(rm.name, name, "name")
    eq(rm.description, "conformance model", "description")
    eq(rm.tags, {"k": "v", "owner": "conf"}, "tags")
    now = time.time() * 1000
    check(abs(rm.creation_timestamp - now) < 600_000, f"creation_timestamp must be epoch ms, got {rm.creation_timestamp}")
    S["rm"] = name


def check_get_registered_model():
    (name,) = need("rm")
    rm = client().get_registered_model(name)
    eq(rm.name, name, "name")
    eq(rm.description, "conformance model", "description")
    eq(rm.tags, {"k": "v", "owner": "conf"}, "tags")
    eq(rm.aliases, {}, "aliases of a fresh model")
    eq(rm.latest_versions, [], "latest_versions of a fresh model")


def _search_fixture():
    """Five extra models `<PREFIX>-s-0..4`; 0, 2, 4 tagged team=<SUFFIX>."""
    if "search_models" not in S:
        c = client()
        names = []
        for i in range(5):
            n = f"{PREFIX}-s-{i}"
            c.create_registered_model(n, tags={"team": SUFFIX} if i % 2 == 0 else {"team": "other"})
            names.append(n)
        S["search_models"] = names
    return S["search_models"]


def check_search_registered_models_filters():
    (name,) = need("rm")
    names = _search_fixture()
    c = client()

    def found(flt, **kw):
        return sorted(m.name for m in c.search_registered_models(filter_string=flt, **kw))

    eq(found(f"name = '{name}'"), [name], "name = exact")
    eq(found(f"name LIKE '{PREFIX}-s-%'"), sorted(names), "name LIKE prefix%")
    eq(found(f"name LIKE '{PREFIX}%'"), sorted(names + [name]), "name LIKE all of this run")
    eq(found(f"name ILIKE '{PREFIX.upper()}-S-%'"), sorted(names), "name ILIKE (case-insensitive)")
    eq(found(f"name LIKE '{PREFIX.upper()}-S-%'"), [], "name LIKE is case-sensitive")
    eq(found(f"tags.team = '{SUFFIX}'"), sorted(names[0::2]), "tags.team = value")
    eq(found(f"name LIKE '{PREFIX}-s-%' AND tags.team = 'other'"), sorted(names[1::2]), "name LIKE AND tag")
    ordered = [m.name for m in c.search_registered_models(filter_string=f"name LIKE '{PREFIX}-s-%'",
                                                          order_by=["name DESC"])]
    eq(ordered, sorted(names, reverse=True), "order_by name DESC")
    eq(found(f"name = '{PREFIX}-nope'"), [], "no match")


def check_search_registered_models_pagination():
    names = _search_fixture()
    c = client()
    seen, pages, token = [], 0, None
    while True:
        page = c.search_registered_models(filter_string=f"name LIKE '{PREFIX}-s-%'", max_results=2,
                                          page_token=token)
        pages += 1
        check(len(page) <= 2, f"page {pages} has {len(page)} > max_results=2 items")
        seen += [m.name for m in page]
        token = page.token
        if not token:
            break
        check(pages < 10, "pagination does not terminate")
    eq(len(seen), len(set(seen)), "no duplicates across pages")
    eq(sorted(seen), sorted(names), "full set across pages")
    check(pages >= 3, f"5 results with max_results=2 need >= 3 pages, got {pages}")


def check_update_registered_model():
    (name,) = need("rm")
    rm = client().update_registered_model(name, description="updated description")
    eq(rm.description, "updated description", "returned description")
    eq(client().get_registered_model(name).description, "updated description", "stored description")


def check_set_registered_model_tag():
    (name,) = need("rm")
    c = client()
    c.set_registered_model_tag(name, "stage", "dev")
    c.set_registered_model_tag(name, "k", "v2")  # overwrite
    eq(c.get_registered_model(name).tags, {"k": "v2", "owner": "conf", "stage": "dev"}, "tags after set")
    c.delete_registered_model_tag(name, "stage")
    eq(c.get_registered_model(name).tags, {"k": "v2", "owner": "conf"}, "tags after delete")


def check_create_model_version():
    name, run_id, au = need("rm", "run_a", "run_a_artifact_uri")
    c = client()
    mv1 = c.create_model_version(name, source=f"runs:/{run_id}/model", run_id=run_id,
                                 tags={"origin": "runs-uri"}, description="v1",
                                 await_creation_for=AWAIT_VERSION_SECONDS)
    CREATED_MODEL_VERSIONS.append((name, mv1.version))
    eq(str(mv1.version), "1", "first version number")
    eq(mv1.name, name, "name")
    eq(mv1.run_id, run_id, "run_id")
    eq(mv1.status, "READY", "status")
    eq(mv1.current_stage, "None", "current_stage of a new version")
    eq(mv1.tags, {"origin": "runs-uri"}, "tags")
    eq(mv1.description, "v1", "description")
    # NB: real MLflow keeps a runs:/ source as given (it is resolved when downloading)
    check(mv1.source in (f"runs:/{run_id}/model", f"{au}/model"), f"source: got {mv1.source!r}")
    mv2 = c.create_model_version(name, source=f"{au}/model", run_id=run_id, await_creation_for=AWAIT_VERSION_SECONDS)
    CREATED_MODEL_VERSIONS.append((name, mv2.version))
    eq(str(mv2.version), "2", "second version number")
    eq(mv2.source, f"{au}/model", "source (artifact uri)")
    eq(mv2.status, "READY", "status")
    S["mv_versions"] = ["1", "2"]
    rm = c.get_registered_model(name)
    eq(sorted(str(v.version) for v in rm.latest_versions), ["2"], "latest_versions (stage None -> newest)")


def check_get_model_version():
    name, run_id = need("rm", "run_a")
    need("mv_versions")
    mv = client().get_model_version(name, "1")
    eq((mv.name, str(mv.version), mv.run_id, mv.status), (name, "1", run_id, "READY"), "name/version/run_id/status")
    eq(mv.tags, {"origin": "runs-uri"}, "tags")
    now = time.time() * 1000
    check(abs(mv.creation_timestamp - now) < 600_000, f"creation_timestamp must be ms, got {mv.creation_timestamp}")
    check(mv.last_updated_timestamp >= mv.creation_timestamp, "last_updated_timestamp < creation_timestamp")


def check_search_model_versions():
    name, run_id = need("rm", "run_a")
    need("mv_versions")
    c = client()
    eq(sorted(str(v.version) for v in c.search_model_versions(f"name='{name}'")), ["1", "2"], "name='...'")
    got = c.search_model_versions(f"run_id = '{run_id}'")
    eq(sorted((v.name, str(v.version)) for v in got if v.name == name), [(name, "1"), (name, "2")],
       "run_id = '...'")
    eq(c.search_model_versions(f"name='{PREFIX}-nope'"), [], "no match")
    by = c.search_model_versions(f"name='{name}'", order_by=["version_number DESC"])
    eq([str(v.version) for v in by], ["2", "1"], "order_by version_number DESC")


def check_update_model_version():
    (name,) = need("rm")
    need("mv_versions")
    mv = client().update_model_version(name, "1", description="first version")
    eq(mv.description, "first version", "returned description")
    eq(client().get_model_version(name, "1").description, "first version", "stored description")


def check_set_model_version_tag():
    (name,) = need("rm")
    need("mv_versions")
    c = client()
    c.set_model_version_tag(name, "1", "validated", "true")
    eq(c.get_model_version(name, "1").tags, {"origin": "runs-uri", "validated": "true"}, "tags after set")
    c.delete_model_version_tag(name, "1", "validated")
    eq(c.get_model_version(name, "1").tags, {"origin": "runs-uri"}, "tags after delete")


def check_aliases():
    (name,) = need("rm")
    need("mv_versions")
    c = client()
    c.set_registered_model_alias(name, "champion", "2")
    c.set_registered_model_alias(name, "challenger", "1")
    mv = c.get_model_version_by_alias(name, "champion")
    eq(str(mv.version), "2", "champion -> version")
    check("champion" in mv.aliases, f"version aliases {mv.aliases}")
    eq(c.get_registered_model(name).aliases, {"champion": "2", "challenger": "1"}, "registered model aliases")
    c.set_registered_model_alias(name, "champion", "1")  # move alias
    eq(str(c.get_model_version_by_alias(name, "champion").version), "1", "moved alias")
    if EXTRA:
        # mlops: promoting a version ends its time as challenger (docs/mlflow.md, "Aliases and stages").
        eq(sorted(c.get_model_version(name, "1").aliases), ["champion"], "v1 aliases (promotion clears challenger)")
        c.set_registered_model_alias(name, "challenger", "1")
    else:
        eq(sorted(c.get_model_version(name, "1").aliases), ["challenger", "champion"], "v1 aliases")
    c.delete_registered_model_alias(name, "challenger")
    # mlops: a promotion keeps the old champion as `previous`, for rollback.
    eq(c.get_registered_model(name).aliases, {"champion": "1", "previous": "2"} if EXTRA else {"champion": "1"}, "aliases after delete")
    # NB real MLflow: unknown alias -> HTTP 400 INVALID_PARAMETER_VALUE (not RESOURCE_DOES_NOT_EXIST)
    expect_error(lambda: c.get_model_version_by_alias(name, "challenger"), "INVALID_PARAMETER_VALUE",
                 "get_model_version_by_alias(deleted alias)")
    # Real MLflow deletes an alias that is not set as a success (a deploy script clearing
    # `challenger` after a promotion already cleared it must go on); an unknown model is an error.
    c.delete_registered_model_alias(name, "challenger")
    c.delete_registered_model_alias(name, "never-set")
    eq(c.get_registered_model(name).aliases, {"champion": "1", "previous": "2"} if EXTRA else {"champion": "1"},
       "aliases after deleting unset ones")
    expect_error(lambda: c.delete_registered_model_alias("no-such-model-xyz", "challenger"), "RESOURCE_DOES_NOT_EXIST",
                 "delete_registered_model_alias(unknown model)")


def check_transition_model_version_stage():
    (name,) = need("rm")
    need("mv_versions")
    c = client()
    if EXTRA:
        # mlops: the champion leaves Production only by a promotion or a rollback.
        expect_error(lambda: c.transition_model_version_stage(name, "1", "Staging"), "INVALID_STATE", "champion -> Staging")
    else:
        eq(c.transition_model_version_stage(name, "1", "Staging").current_stage, "Staging", "v1 -> Staging")
    eq(c.transition_model_version_stage(name, "1", "Production").current_stage, "Production", "v1 -> Production")
    eq(c.get_model_version(name, "1").current_stage, "Production", "stored stage")
    mv2 = c.transition_model_version_stage(name, "2", "Production", archive_existing_versions=True)
    eq(mv2.current_stage, "Production", "v2 -> Production")
    eq(c.get_model_version(name, "1").current_stage, "Archived", "v1 archived by archive_existing_versions")
    eq(sorted((v.current_stage, str(v.version)) for v in c.get_registered_model(name).latest_versions),
       [("Archived", "1"), ("Production", "2")], "latest_versions per stage")
    eq([str(v.version) for v in c.get_latest_versions(name, stages=["Production"])], ["2"], "get_latest_versions")
    if EXTRA:
        # mlops: archiving is final (a version's archive is immutable and may be garbage-collected later).
        expect_error(lambda: c.transition_model_version_stage(name, "1", "None"), "INVALID_STATE", "archived -> None")
    else:
        eq(c.transition_model_version_stage(name, "1", "None").current_stage, "None", "v1 -> None")


def check_model_version_download_uri():
    name, au = need("rm", "run_a_artifact_uri")
    need("mv_versions")
    c = client()
    uri2 = c.get_model_version_download_uri(name, "2")
    if EXTRA:
        # mlops: a version's files are its immutable archive, extracted under registry/<name>/<version>.
        eq(uri2, f"mlflow-artifacts:/registry/{name}/2", "download uri of v2 (the archived copy)")
    else:
        eq(uri2, f"{au}/model", "download uri of v2 (== source)")
        uri1 = c.get_model_version_download_uri(name, "1")
        check(uri1.endswith("/model"), f"download uri of v1: {uri1!r}")
    src = read_tree(os.path.join(_artifact_src(), "model"))
    eq(read_tree(mlflow.artifacts.download_artifacts(artifact_uri=uri2, dst_path=tempfile.mkdtemp())), src,
       "files via download uri")


def check_download_model_version_files():
    (name,) = need("rm")
    need("mv_versions")
    src = read_tree(os.path.join(_artifact_src(), "model"))
    for v in ("1", "2"):
        p = mlflow.artifacts.download_artifacts(artifact_uri=f"models:/{name}/{v}", dst_path=tempfile.mkdtemp())
        eq(read_tree(p), src, f"files of models:/{name}/{v}")
    p = mlflow.artifacts.download_artifacts(artifact_uri=f"models:/{name}@champion", dst_path=tempfile.mkdtemp())
    eq(read_tree(p), src, "files of models:/name@champion")


def check_delete_model_version():
    name, run_id, au = need("rm", "run_a", "run_a_artifact_uri")
    c = client()
    mv3 = c.create_model_version(name, source=f"{au}/model", run_id=run_id, await_creation_for=AWAIT_VERSION_SECONDS)
    CREATED_MODEL_VERSIONS.append((name, mv3.version))
    eq(str(mv3.version), "3", "third version")
    c.delete_model_version(name, "3")
    expect_error(lambda: c.get_model_version(name, "3"), "RESOURCE_DOES_NOT_EXIST", "get deleted version")
    eq(sorted(str(v.version) for v in c.search_model_versions(f"name='{name}'")), ["1", "2"], "versions after delete")
    mv4 = c.create_model_version(name, source=f"{au}/model", run_id=run_id, await_creation_for=AWAIT_VERSION_SECONDS)
    CREATED_MODEL_VERSIONS.append((name, mv4.version))
    eq(str(mv4.version), "4", "version numbers are not reused after delete")


def check_delete_registered_model():
    run_id, au = need("run_a", "run_a_artifact_uri")
    c = client()
    name = f"{PREFIX}-to-delete"
    c.create_registered_model(name)
    mv = c.create_model_version(name, source=f"{au}/model", run_id=run_id, await_creation_for=AWAIT_VERSION_SECONDS)
    CREATED_MODEL_VERSIONS.append((name, mv.version))
    c.delete_registered_model(name)
    expect_error(lambda: c.get_registered_model(name), "RESOURCE_DOES_NOT_EXIST", "get deleted model")
    eq(c.search_model_versions(f"name='{name}'"), [], "versions of a deleted model")
    eq(list(c.search_registered_models(filter_string=f"name = '{name}'")), [], "search finds deleted model")
    c.create_registered_model(name)  # name is free again
    c.delete_registered_model(name)


# --------------------------------------------------------------------------------------------
# MLflow 3 logged models (xgboost flavor)
# --------------------------------------------------------------------------------------------

def _booster():
    if "booster" not in S:
        rng = np.random.default_rng(42)
        X = rng.random((80, 4))
        y = (X[:, 0] + 0.2 * X[:, 1] > 0.6).astype(int)
        S["X"] = X
        S["booster"] = xgb.train({"objective": "binary:logistic", "max_depth": 2}, xgb.DMatrix(X, label=y),
                                 num_boost_round=4)
    return S["booster"]


def check_xgboost_log_model():
    (exp_id,) = need("exp_id")
    booster = _booster()
    name = f"{PREFIX}-xgb"
    with mlflow.start_run(run_name=f"{PREFIX}-train", experiment_id=exp_id) as run:
        mlflow.log_params({"max_depth": 2, "rounds": 4})
        mlflow.log_metric("auc", 0.9, step=0)
        info = mlflow.xgboost.log_model(booster, name="model", registered_model_name=name,
                                        await_registration_for=AWAIT_VERSION_SECONDS)
    S["xgb_name"], S["xgb_run"], S["xgb_info"] = name, run.info.run_id, info
    check(info.model_id and info.model_id.startswith("m-"), f"model_id: {info.model_id!r}")
    eq(info.model_uri, f"models:/{info.model_id}", "model_uri")
    eq(info.run_id, run.info.run_id, "model_info.run_id")
    eq(str(info.registered_model_version), "1", "registered_model_version")
    CREATED_MODEL_VERSIONS.append((name, "1"))
    lm = client().get_logged_model(info.model_id)
    eq(lm.status.to_string() if hasattr(lm.status, "to_string") else str(lm.status), "READY",
       "logged model status after log_model")
    eq(lm.source_run_id, run.info.run_id, "logged model source_run_id")
    eq(lm.experiment_id, exp_id, "logged model experiment_id")
    mv = client().get_model_version(name, "1")
    eq(mv.run_id, run.info.run_id, "v1 run_id")
    eq(mv.status, "READY", "v1 status")
    eq(mv.source, info.model_uri, "v1 source (models:/<model_id>)")
    # NB real MLflow 3.17 does not echo model_id in ModelVersion responses; if present it must match
    check(mv.model_id in (None, "", info.model_id), f"v1 model_id: {mv.model_id!r}")


def check_register_model():
    name, run_id, info = need("xgb_name", "xgb_run", "xgb_info")
    mv = mlflow.register_model(info.model_uri, name, await_registration_for=AWAIT_VERSION_SECONDS)
    CREATED_MODEL_VERSIONS.append((name, str(mv.version)))
    eq(str(mv.version), "2", "register_model version")
    got = client().get_model_version(name, "2")
    eq(got.run_id, run_id, "get_model_version run_id")
    eq(got.source, info.model_uri, "source (models:/<model_id>)")
    check(got.model_id in (None, "", info.model_id), f"model_id: {got.model_id!r}")
    eq(got.status, "READY", "status")
    eq(sorted(str(v.version) for v in client().search_model_versions(f"name='{name}'")), ["1", "2"], "versions")


def check_xgboost_load_model():
    name, = need("xgb_name")
    booster = _booster()
    dm = xgb.DMatrix(S["X"])
    expected = booster.predict(dm)
    for v in ("1", "2"):
        loaded = mlflow.xgboost.load_model(f"models:/{name}/{v}")
        got = loaded.predict(dm)
        check(np.allclose(got, expected, rtol=0, atol=1e-7), f"models:/{name}/{v} predictions differ")
    pf = mlflow.pyfunc.load_model(S["xgb_info"].model_uri)
    check(np.allclose(np.asarray(pf.predict(S["X"])).ravel(), expected, atol=1e-6), "pyfunc models:/m-... predictions")
    # MLflow 3: runs:/<run>/model resolves to the logged model named "model" whose source_run_id is the
    # run (found via POST logged-models/search), although its files live outside the run's artifact dir.
    loaded = mlflow.xgboost.load_model(f"runs:/{S['xgb_run']}/model")
    check(np.allclose(loaded.predict(dm), expected, rtol=0, atol=1e-7), "runs:/<run>/model predictions differ")
    listed = sorted(f.path for f in client().list_artifacts(S["xgb_run"], "model"))
    check("model/MLmodel" in listed, f"list_artifacts(run, 'model') must include the logged model files: {listed}")


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------

def check_error_get_missing_registered_model():
    e = expect_error(lambda: client().get_registered_model(f"{PREFIX}-does-not-exist"), "RESOURCE_DOES_NOT_EXIST",
                     "get_registered_model(missing)")
    check(str(e), "exception message empty")


def check_error_duplicate_registered_model():
    c = client()
    name = f"{PREFIX}-dup"
    c.create_registered_model(name)
    expect_error(lambda: c.create_registered_model(name), "RESOURCE_ALREADY_EXISTS", "create_registered_model twice")


def check_error_unsupported_filter():
    expect_error(lambda: client().search_registered_models(filter_string="name = 'a' OR name = 'b'"),
                 "INVALID_PARAMETER_VALUE", "search_registered_models with OR")
    expect_error(lambda: client().search_model_versions("name = 'a' OR name = 'b'"),
                 "INVALID_PARAMETER_VALUE", "search_model_versions with OR")
    (exp_id,) = need("exp_id")
    expect_error(lambda: client().search_runs([exp_id], filter_string="metrics.x >>> 1"),
                 "INVALID_PARAMETER_VALUE", "search_runs with malformed filter")


def check_error_other_missing_resources():
    c = client()
    expect_error(lambda: c.get_run("0123456789abcdef0123456789abcdef"), "RESOURCE_DOES_NOT_EXIST", "get_run(missing)")
    expect_error(lambda: c.get_experiment("987654321"), "RESOURCE_DOES_NOT_EXIST", "get_experiment(missing)")
    if "rm" in S:
        expect_error(lambda: c.get_model_version(S["rm"], "999"), "RESOURCE_DOES_NOT_EXIST",
                     "get_model_version(missing)")
        # NB real MLflow: unknown alias -> HTTP 400 INVALID_PARAMETER_VALUE
        expect_error(lambda: c.get_model_version_by_alias(S["rm"], "no-such-alias"), "INVALID_PARAMETER_VALUE",
                     "get_model_version_by_alias(missing)")


# --------------------------------------------------------------------------------------------
# Platform-specific extras (MLOPS_CONFORMANCE_EXTRA=1). NOT plain MLflow semantics.
# --------------------------------------------------------------------------------------------

def _platform_get(path):
    import urllib.request
    with urllib.request.urlopen(os.environ["MLFLOW_TRACKING_URI"].rstrip("/") + path, timeout=10) as response:
        return json.loads(response.read())


def _predict_once_served(url, body):
    """POSTs a predict body, retrying while the model is not served yet (a replica serves a new
    champion within its poll interval); the answer, or None after 5 s of 404s."""
    import urllib.request
    for _ in range(50):
        try:
            request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            if error.code != 404:
                raise
            time.sleep(0.1)
    return None


def check_platform_serves_logged_xgboost():
    """mlops: a model logged with mlflow.xgboost.log_model is served by our predict route once
    it is the champion, with the booster's own predictions."""
    if not EXTRA:
        raise Skip("set MLOPS_CONFORMANCE_EXTRA=1 to enable platform-specific checks")
    import urllib.request
    name, _info = need("xgb_name", "xgb_info")
    booster, X = _booster(), S["X"]
    client().set_registered_model_alias(name, "champion", "1")  # a promotion, served at once
    body = json.dumps({"rows": X[:10].tolist()}).encode()
    url = os.environ["MLFLOW_TRACKING_URI"].rstrip("/") + f"/api/v1/models/{name}/predict"
    answer = _predict_once_served(url, body)
    check(answer is not None, "the logged model is served after its promotion")
    expected = booster.predict(xgb.DMatrix(X[:10]))
    got = np.array(answer["predictions"], dtype=np.float64)
    check(np.allclose(got, expected, atol=1e-6), f"our predictions {got[:3]} vs xgboost {expected[:3]}")
    eq(answer["version"], 1, "served version")


def check_platform_serves_logged_categorical_xgboost():
    """mlops: an XGBoost model trained on pandas categories (enable_categorical=True, raw hex ids)
    and logged with mlflow.xgboost.log_model is served from raw strings once it is the champion,
    with the booster's own predictions; an id it never saw is answered."""
    if not EXTRA:
        raise Skip("set MLOPS_CONFORMANCE_EXTRA=1 to enable platform-specific checks")
    import urllib.request
    import pandas as pd
    (exp_id,) = need("exp_id")
    rng = np.random.default_rng(11)
    sites = [f"{int(h):08x}" for h in rng.integers(0, 2 ** 32, 12)]
    n = 600
    site = rng.choice(sites, n)
    x = rng.random(n)
    effect = {s: (i % 3) - 1 for i, s in enumerate(sites)}
    y = ((x + 0.5 * np.array([effect[s] for s in site]) + rng.normal(0, 0.2, n)) > 0.5).astype(int)
    frame = pd.DataFrame({"x": x, "site_id": pd.Categorical(site)})
    booster = xgb.train({"objective": "binary:logistic", "max_depth": 3, "max_cat_to_onehot": 1},
                        xgb.DMatrix(frame, label=y, enable_categorical=True), num_boost_round=6)
    name = f"{PREFIX}-xgb-cat"
    with mlflow.start_run(run_name=f"{PREFIX}-train-cat", experiment_id=exp_id):
        mlflow.xgboost.log_model(booster, name="model", registered_model_name=name,
                                 await_registration_for=AWAIT_VERSION_SECONDS)
    CREATED_MODEL_VERSIONS.append((name, "1"))
    client().set_registered_model_alias(name, "champion", "1")
    instances = [{"x": float(x[i]), "site_id": str(site[i])} for i in range(20)]
    body = json.dumps({"instances": instances + [{"x": 0.5, "site_id": "never-seen"}]}).encode()
    url = os.environ["MLFLOW_TRACKING_URI"].rstrip("/") + f"/api/v1/models/{name}/predict"
    answer = _predict_once_served(url, body)
    check(answer is not None, "the logged categorical model is served after its promotion")
    expected = booster.predict(xgb.DMatrix(frame.iloc[:20], enable_categorical=True))
    got = np.array(answer["predictions"], dtype=np.float64)
    check(np.allclose(got[:20], expected, atol=1e-6), f"our predictions {got[:3]} vs xgboost {expected[:3]}")
    check(np.isfinite(got[20]) and 0 < got[20] < 1, f"an unseen id is answered: {got[20]}")


def check_platform_extras():
    """One registry, two front doors: what the MLflow client made is our registry's."""
    if not EXTRA:
        raise Skip("set MLOPS_CONFORMANCE_EXTRA=1 to enable platform-specific checks")
    (name,) = need("rm")
    # Versions created through MLflow are archived at creation: a digest and a size in our API.
    version = _platform_get(f"/api/v1/models/{name}/versions/2")
    check(len(version.get("sha256", "")) == 64, f"version 2 has a SHA-256 digest: {version}")
    check(version.get("size_bytes", 0) > 0, "version 2 has an archive size")
    check(version.get("run_id") == S.get("run_a"), f"version 2 keeps its source run: {version.get('run_id')}")
    # Promotions made through MLflow are in the same history as the CLI's, with MLflow's actor.
    history = _platform_get(f"/api/v1/models/{name}/history")
    events = history.get("events", history) if isinstance(history, dict) else history
    promoted = [e for e in events if e.get("kind") == "promoted"]
    # ...acting as the token's name (MLOPS_CONFORMANCE_ACTOR), or mlflow-client without access control.
    actor = os.environ.get("MLOPS_CONFORMANCE_ACTOR", "mlflow-client")
    check(promoted and all(e.get("actor") == actor for e in promoted), f"promotions in the history as {actor}: {promoted}")
    # The champion alias set through MLflow is the alias our API (and the canary router) reads.
    model = _platform_get(f"/api/v1/models/{name}")
    aliases = model.get("aliases", {})
    eq(str(aliases.get("champion")), str(client().get_model_version_by_alias(name, "champion").version), "champion alias in both doors")


# --------------------------------------------------------------------------------------------

CHECKS = [
    check_default_experiment,
    check_set_experiment,
    check_start_run_and_log,
    check_log_artifact,
    check_log_artifacts_dir,
    check_end_run_and_get_run,
    check_metric_history,
    check_search_runs_by_experiment,
    check_search_runs_filters,
    check_search_runs_order_by_and_paging,
    check_list_artifacts,
    check_download_artifacts,
    check_create_registered_model,
    check_get_registered_model,
    check_search_registered_models_filters,
    check_search_registered_models_pagination,
    check_update_registered_model,
    check_set_registered_model_tag,
    check_create_model_version,
    check_get_model_version,
    check_search_model_versions,
    check_update_model_version,
    check_set_model_version_tag,
    check_aliases,
    check_transition_model_version_stage,
    check_model_version_download_uri,
    check_download_model_version_files,
    check_delete_model_version,
    check_delete_registered_model,
    check_xgboost_log_model,
    check_register_model,
    check_xgboost_load_model,
    check_error_get_missing_registered_model,
    check_error_duplicate_registered_model,
    check_error_unsupported_filter,
    check_error_other_missing_resources,
    check_platform_serves_logged_xgboost,
    check_platform_serves_logged_categorical_xgboost,
    check_platform_extras,
]


def main():
    uri = os.environ.get("MLFLOW_TRACKING_URI", "")
    if not uri.startswith(("http://", "https://")):
        print("MLFLOW_TRACKING_URI must be set to http(s)://host:port of the server under test", file=sys.stderr)
        return 2
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    print(f"# mlflow {mlflow.__version__}  server {uri}  run suffix {SUFFIX}  extras={'on' if EXTRA else 'off'}",
          flush=True)
    t0 = time.time()
    for fn in CHECKS:
        run_check(fn)
    if mlflow.active_run():
        mlflow.end_run()
    print(f"# summary: {RESULTS['ok']} passed, {RESULTS['fail']} failed, {RESULTS['skip']} skipped "
          f"({len(CHECKS)} checks, {time.time() - t0:.1f}s)", flush=True)
    return 1 if RESULTS["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
