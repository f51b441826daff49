-- 0007_tracking: experiment tracking behind the MLflow REST API — experiments, runs with params,
-- tags and metric histories, MLflow 3's logged models — and what the registry needs to be
-- MLflow's registry too: version descriptions, the run and logged model a version came from.
-- Times are Unix milliseconds. Experiment 0 ("Default") always exists, as MLflow clients expect.

CREATE TABLE experiments (
    experiment_id     INTEGER PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE,
    artifact_location TEXT NOT NULL,
    lifecycle_stage   TEXT NOT NULL DEFAULT 'active' CHECK (lifecycle_stage IN ('active', 'deleted')),
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, created_at, updated_at)
VALUES (0, 'Default', 'mlflow-artifacts:/0', 'active', 0, 0);

CREATE TABLE experiment_tags (
    experiment_id BIGINT NOT NULL REFERENCES experiments (experiment_id),
    key           TEXT NOT NULL,
    value         TEXT NOT NULL,
    PRIMARY KEY (experiment_id, key)
);

CREATE TABLE runs (
    run_id          TEXT PRIMARY KEY,
    experiment_id   BIGINT NOT NULL REFERENCES experiments (experiment_id),
    run_name        TEXT NOT NULL,
    user_id         TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED')),
    start_time      BIGINT NOT NULL,
    end_time        BIGINT,
    lifecycle_stage TEXT NOT NULL DEFAULT 'active' CHECK (lifecycle_stage IN ('active', 'deleted')),
    artifact_uri    TEXT NOT NULL
);
-- An experiment's runs, newest first (search_runs).
CREATE INDEX runs_experiment_idx ON runs (experiment_id, start_time);

CREATE TABLE run_params (
    run_id TEXT NOT NULL REFERENCES runs (run_id),
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
);

CREATE TABLE run_tags (
    run_id TEXT NOT NULL REFERENCES runs (run_id),
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
);

-- Every logged point; value NULL stands for NaN (SQLite cannot store it).
CREATE TABLE run_metrics (
    run_id    TEXT NOT NULL REFERENCES runs (run_id),
    key       TEXT NOT NULL,
    value     REAL,
    timestamp BIGINT NOT NULL,
    step      BIGINT NOT NULL
);
-- One metric's history in order (get_metric_history).
CREATE INDEX run_metrics_history_idx ON run_metrics (run_id, key, step, timestamp);

-- The latest point per metric (highest step, then latest timestamp), kept on every write.
CREATE TABLE run_latest_metrics (
    run_id    TEXT NOT NULL REFERENCES runs (run_id),
    key       TEXT NOT NULL,
    value     REAL,
    timestamp BIGINT NOT NULL,
    step      BIGINT NOT NULL,
    PRIMARY KEY (run_id, key)
);

CREATE TABLE logged_models (
    model_id          TEXT PRIMARY KEY,
    experiment_id     BIGINT NOT NULL REFERENCES experiments (experiment_id),
    name              TEXT NOT NULL,
    source_run_id     TEXT,
    status            TEXT NOT NULL CHECK (status IN ('PENDING', 'READY', 'FAILED')),
    model_type        TEXT,
    artifact_location TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
-- An experiment's logged models (search_logged_models).
CREATE INDEX logged_models_experiment_idx ON logged_models (experiment_id, created_at);
-- A run's logged models (its outputs in get_run).
CREATE INDEX logged_models_run_idx ON logged_models (source_run_id);

CREATE TABLE logged_model_params (
    model_id TEXT NOT NULL REFERENCES logged_models (model_id),
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (model_id, key)
);

CREATE TABLE logged_model_tags (
    model_id TEXT NOT NULL REFERENCES logged_models (model_id),
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (model_id, key)
);

ALTER TABLE model_versions ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE model_versions ADD COLUMN run_id TEXT;
ALTER TABLE model_versions ADD COLUMN logged_model_id TEXT;
ALTER TABLE model_versions ADD COLUMN updated_at BIGINT;
-- Versions made from a run (search_model_versions "run_id = …").
CREATE INDEX model_versions_run_idx ON model_versions (run_id);
