-- 0002_drift_counts: live drift counts per model version, time window, feature (or the score) and bin.
-- A report for a time range sums these rows, so its cost depends on windows × features × bins,
-- never on traffic. Bin >= 0 is a profile bin (missing last); negative bins hold data-quality
-- counts: -1 values outside the reference range, -2 non-numeric values, -3 rows of unseen categories.
-- Flushes add to a row (upsert), so counts from many processes add up.

CREATE TABLE drift_counts (
    model          TEXT NOT NULL,
    version        INTEGER NOT NULL,
    window_start   BIGINT NOT NULL,
    window_seconds INTEGER NOT NULL CHECK (window_seconds > 0),
    subject        TEXT NOT NULL CHECK (subject IN ('feature', 'score')),
    feature        TEXT NOT NULL,
    bin            INTEGER NOT NULL CHECK (bin >= -3),
    count          BIGINT NOT NULL CHECK (count >= 0),
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (model, version, window_start, subject, feature, bin),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
);
-- The primary key serves the report's filter: one version, a range of windows.
