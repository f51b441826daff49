-- 0013_performance: realized performance per model, version, arm and hour of the prediction, in
-- mergeable form (sums, and score histograms by label), so any range is a sum of windows and the
-- prediction log is never rescanned. A periodic fold (PerformanceAggregator) adds what became
-- complete since its watermark: predictions by created_at, prediction–label pairs by the later of
-- the prediction's time and the label's first arrival, so a late label lands in its
-- prediction's window and nothing is counted twice.

CREATE TABLE performance_windows (
    model              TEXT NOT NULL,
    version            INTEGER NOT NULL,
    arm                TEXT NOT NULL,
    window_start       BIGINT NOT NULL,
    rows               BIGINT NOT NULL,
    score_sum          DOUBLE PRECISION NOT NULL,
    entropy_sum        DOUBLE PRECISION NOT NULL,
    labelled           BIGINT NOT NULL,
    clicks             DOUBLE PRECISION NOT NULL,
    labelled_score_sum DOUBLE PRECISION NOT NULL,
    log_loss_sum       DOUBLE PRECISION NOT NULL,
    -- Σ log loss², for the variance the always-valid alarm needs.
    log_loss_squares   DOUBLE PRECISION NOT NULL,
    updated_at         BIGINT NOT NULL,
    PRIMARY KEY (model, version, arm, window_start)
);
-- Retention cuts by the window's start.
CREATE INDEX performance_windows_start_idx ON performance_windows (window_start);

-- Per window and score bin (1,000 bins uniform in logit space): labelled positives and negatives
-- (realized AUC), every scored row and its score sum (the label-free estimate).
CREATE TABLE performance_bins (
    model        TEXT NOT NULL,
    version      INTEGER NOT NULL,
    arm          TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    bin          INTEGER NOT NULL,
    positives    BIGINT NOT NULL,
    negatives    BIGINT NOT NULL,
    scored       BIGINT NOT NULL,
    score_sum    DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (model, version, arm, window_start, bin)
);
CREATE INDEX performance_bins_start_idx ON performance_bins (window_start);

-- How far the fold has gone (Unix ms): everything completed before it is counted.
CREATE TABLE performance_watermark (
    name         TEXT PRIMARY KEY,
    folded_until BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

-- When a row's label first arrived: a corrected label keeps it, so the fold counts each row once.
ALTER TABLE feedback ADD COLUMN first_received_at BIGINT;
UPDATE feedback SET first_received_at = received_at;
CREATE INDEX feedback_first_received_idx ON feedback (first_received_at);
