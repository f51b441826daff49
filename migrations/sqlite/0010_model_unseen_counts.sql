-- 0010_model_unseen_counts: drift counts gain quality slot -4, the rows of a categorical feature
-- whose category the serving model has no code for (new to the model), kept apart from -3, the
-- rows the profile does not keep (its "other" bin). SQLite cannot change a CHECK constraint in
-- place, so the table is rebuilt with the same columns and its rows copied.

CREATE TABLE drift_counts_new (
    model          TEXT NOT NULL,
    version        INTEGER NOT NULL,
    window_start   BIGINT NOT NULL,
    window_seconds INTEGER NOT NULL CHECK (window_seconds > 0),
    subject        TEXT NOT NULL CHECK (subject IN ('feature', 'score')),
    feature        TEXT NOT NULL,
    bin            INTEGER NOT NULL CHECK (bin >= -4),
    count          BIGINT NOT NULL CHECK (count >= 0),
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (model, version, window_start, subject, feature, bin),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
);
INSERT INTO drift_counts_new (model, version, window_start, window_seconds, subject, feature, bin, count, updated_at)
SELECT model, version, window_start, window_seconds, subject, feature, bin, count, updated_at FROM drift_counts;
DROP TABLE drift_counts;
ALTER TABLE drift_counts_new RENAME TO drift_counts;
