-- 0004_rollouts: canary rollouts of a challenger version against the champion. The plan and the
-- state (step, weight, per-arm statistics, running p-value) are JSON documents any replica can
-- pick up; replicas add their statistics and decide under the rollout's row lock. Events are
-- append-only, each with its numbers.

CREATE TABLE rollouts (
    id          TEXT PRIMARY KEY,
    model       TEXT NOT NULL REFERENCES models (name),
    champion    INTEGER NOT NULL,
    challenger  INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('running', 'paused', 'promoted', 'rolled_back', 'aborted')),
    plan        TEXT NOT NULL,
    state       TEXT NOT NULL,
    revision    INTEGER NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    FOREIGN KEY (model, champion) REFERENCES model_versions (model, version),
    FOREIGN KEY (model, challenger) REFERENCES model_versions (model, version)
);
-- At most one unfinished rollout per model.
CREATE UNIQUE INDEX rollouts_active_idx ON rollouts (model) WHERE status IN ('running', 'paused');
-- A model's rollouts, newest first.
CREATE INDEX rollouts_model_idx ON rollouts (model, created_at);

CREATE TABLE rollout_events (
    id          BIGSERIAL PRIMARY KEY,
    rollout_id  TEXT NOT NULL REFERENCES rollouts (id),
    model       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    from_weight DOUBLE PRECISION,
    to_weight   DOUBLE PRECISION,
    actor       TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '{}',
    at          BIGINT NOT NULL
);
-- A rollout's decision log, in order.
CREATE INDEX rollout_events_rollout_idx ON rollout_events (rollout_id, id);
