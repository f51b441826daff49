-- 0003_predictions: what the prediction server answered (batched writes) and the outcomes fed
-- back for it. Feedback is its own insert-only table, so an outcome may arrive before its
-- prediction is flushed; the two join on (request_id, row_index).

CREATE TABLE predictions (
    request_id  TEXT NOT NULL,
    row_index   INTEGER NOT NULL,
    arm         TEXT NOT NULL CHECK (arm IN ('champion', 'challenger', 'shadow')),
    model       TEXT NOT NULL,
    version     INTEGER NOT NULL,
    unit_id     TEXT,
    score       DOUBLE PRECISION NOT NULL,
    latency_us  BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (request_id, row_index, arm)
);
-- A model's recent predictions (rollout statistics, dashboards).
CREATE INDEX predictions_model_idx ON predictions (model, version, created_at);

CREATE TABLE feedback (
    request_id  TEXT NOT NULL,
    row_index   INTEGER NOT NULL,
    label       DOUBLE PRECISION NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (request_id, row_index)
);
