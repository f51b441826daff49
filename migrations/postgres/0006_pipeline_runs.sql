-- 0006_pipeline_runs: runs of retraining pipelines. A run keeps the pipeline as it was when it
-- started (spec, JSON), so editing the file never changes a run in flight; each step is a job
-- (job_id) and records its state, attempts, timings, outputs (JSON) and error; log lines are
-- kept per step and attempt. Times are Unix milliseconds.

CREATE TABLE pipeline_runs (
    id           TEXT PRIMARY KEY,
    pipeline     TEXT NOT NULL,
    model        TEXT NOT NULL,
    trigger      TEXT NOT NULL CHECK (trigger IN ('schedule', 'drift', 'manual')),
    slot         BIGINT,
    state        TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'cancelled')),
    spec         TEXT NOT NULL,
    step_count   INTEGER NOT NULL,
    current_step INTEGER NOT NULL,
    error        TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    finished_at  BIGINT
);
-- A pipeline's runs, newest first.
CREATE INDEX pipeline_runs_pipeline_idx ON pipeline_runs (pipeline, created_at);
-- At most one run of a pipeline at a time.
CREATE UNIQUE INDEX pipeline_runs_active_idx ON pipeline_runs (pipeline) WHERE state = 'running';
-- Runs by state (the dashboard, the scheduler's reconciliation).
CREATE INDEX pipeline_runs_state_idx ON pipeline_runs (state, updated_at);

CREATE TABLE pipeline_steps (
    run_id      TEXT NOT NULL REFERENCES pipeline_runs (id),
    step_index  INTEGER NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'running', 'succeeded', 'failed', 'cancelled')),
    job_id      BIGINT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    outputs     TEXT NOT NULL DEFAULT '{}',
    error       TEXT,
    started_at  BIGINT,
    finished_at BIGINT,
    PRIMARY KEY (run_id, step_index)
);

CREATE TABLE pipeline_logs (
    id          BIGSERIAL PRIMARY KEY,
    run_id      TEXT NOT NULL,
    step_index  INTEGER NOT NULL,
    attempt     INTEGER NOT NULL,
    at          BIGINT NOT NULL,
    line        TEXT NOT NULL
);
-- A run's log, step by step, in order.
CREATE INDEX pipeline_logs_run_idx ON pipeline_logs (run_id, step_index, id);
