-- 0013_notifications: a pipeline trigger on performance (pipeline_runs.trigger may now be
-- 'performance'), baselines set by hand, the event outbox and webhook subscriptions, deliveries
-- and their attempts.

-- SQLite cannot alter a CHECK constraint: pipeline_runs is rebuilt. pipeline_steps refers to it,
-- so foreign keys are deferred to the commit (foreign_keys cannot be switched off inside the
-- migration's transaction): dropping the old table leaves its steps without a parent until the
-- same rows are inserted into the new one, and the commit checks that every step has its run.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE pipeline_runs_copy AS
    SELECT id, pipeline, model, trigger, slot, state, spec, step_count, current_step, error, created_at, updated_at, finished_at
    FROM pipeline_runs;
DROP TABLE pipeline_runs;
CREATE TABLE pipeline_runs (
    id           TEXT PRIMARY KEY,
    pipeline     TEXT NOT NULL,
    model        TEXT NOT NULL,
    trigger      TEXT NOT NULL CHECK (trigger IN ('schedule', 'drift', 'performance', 'manual')),
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
INSERT INTO pipeline_runs (id, pipeline, model, trigger, slot, state, spec, step_count, current_step, error, created_at, updated_at, finished_at)
    SELECT id, pipeline, model, trigger, slot, state, spec, step_count, current_step, error, created_at, updated_at, finished_at
    FROM pipeline_runs_copy;
DROP TABLE pipeline_runs_copy;
-- The indexes of 0006, dropped with the old table.
CREATE INDEX pipeline_runs_pipeline_idx ON pipeline_runs (pipeline, created_at);
CREATE UNIQUE INDEX pipeline_runs_active_idx ON pipeline_runs (pipeline) WHERE state = 'running';
CREATE INDEX pipeline_runs_state_idx ON pipeline_runs (state, updated_at);

-- Holdout baselines a person set for a version that has none (imported, or registered through
-- MLflow without metrics), or replaced: from its own live traffic or a given value. The
-- performance report and the alarm prefer these over the registration metrics.
CREATE TABLE performance_baselines (
    model      TEXT NOT NULL,
    version    INTEGER NOT NULL,
    log_loss   DOUBLE PRECISION,
    auc        DOUBLE PRECISION,
    -- Where it came from, in words ("live 2026-11-30T00:00:00Z – 2026-12-07T00:00:00Z, 91234 labelled rows").
    source     TEXT NOT NULL,
    set_by     TEXT NOT NULL,
    set_at     BIGINT NOT NULL,
    PRIMARY KEY (model, version)
);

-- The event outbox: each row is written in the same transaction as the state change it reports
-- (a promotion, a rollback, a pipeline's end…), so an event exists exactly when its change does.
-- `body` is the JSON delivered ({"type", "timestamp", "data"}). Events computed by schedulers
-- (drift, performance) carry a dedupe key: the second scheduler to find one inserts nothing.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    type        TEXT NOT NULL,
    dedupe_key  TEXT UNIQUE,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
-- Retention and the newest-first listing.
CREATE INDEX events_created_idx ON events (created_at);

-- Webhook subscriptions: where events go, which ones (comma-separated patterns: `*`,
-- `rollout.*`, `pipeline.failed`), in which format, and the signing secret (`whsec_…`, kept to
-- sign with; shown once when generated, never listed or logged).
CREATE TABLE notification_subscriptions (
    id          TEXT PRIMARY KEY,
    url         TEXT NOT NULL,
    events      TEXT NOT NULL,
    format      TEXT NOT NULL CHECK (format IN ('json', 'slack')),
    secret      TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

-- One delivery per event and subscription (its id is the receiver's idempotency key, sent as
-- `webhook-id` on every attempt), created with the event; a job (`notify.deliver`) carries it.
-- `state` is pending until a 2xx (delivered) or the last attempt failed (dead).
CREATE TABLE notification_deliveries (
    id              TEXT PRIMARY KEY,
    event_id        BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    subscription_id TEXT NOT NULL,
    job_id          BIGINT,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_status     INTEGER,
    last_error      TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    delivered_at    BIGINT,
    UNIQUE (event_id, subscription_id)
);
-- A subscription's deliveries, newest first (`notify deliveries --subscription`, the dashboard).
CREATE INDEX notification_deliveries_subscription_idx ON notification_deliveries (subscription_id, created_at);
-- Every delivery, newest first.
CREATE INDEX notification_deliveries_created_idx ON notification_deliveries (created_at);

-- Each attempt of a delivery: when, how long, the receiver's status or the error.
CREATE TABLE notification_attempts (
    delivery_id TEXT NOT NULL REFERENCES notification_deliveries (id) ON DELETE CASCADE,
    attempt     INTEGER NOT NULL,
    started_at  BIGINT NOT NULL,
    duration_ms BIGINT NOT NULL,
    status      INTEGER,
    error       TEXT,
    PRIMARY KEY (delivery_id, attempt)
);
