-- 0012_day_partitions: `predictions` and `feedback` become partitioned by UTC day on their time
-- column (created_at, received_at: Unix ms), so retention drops a day's partition instead of
-- deleting its rows one by one. The time column joins each primary key (PostgreSQL requires the
-- partition key in every unique constraint); feedback keeps an index on (request_id, row_index)
-- for the join and for replacing a row's label. A DEFAULT partition takes rows of days that have
-- no partition yet; mlops_day_partition moves them out when their day's partition is created.
-- The existing rows are copied into the new tables (one partition per day that has rows, plus
-- today and the next seven days) inside the migration's transaction, so nothing is lost.

-- Creates the partition of `parent` (predictions or feedback) for UTC day `day_number` (days
-- since 1970-01-01) if it is missing, moving that day's rows out of the DEFAULT partition
-- first. Returns whether it created one. DDL takes no bind parameters, so the bounds are
-- formatted from the integer argument; the table name is checked against the two known ones.
CREATE FUNCTION mlops_day_partition(parent TEXT, day_number BIGINT) RETURNS BOOLEAN
LANGUAGE plpgsql AS $$
DECLARE
    key TEXT := CASE parent WHEN 'predictions' THEN 'created_at' WHEN 'feedback' THEN 'received_at' END;
    name TEXT := parent || '_p' || to_char(to_timestamp(day_number * 86400) AT TIME ZONE 'UTC', 'YYYYMMDD');
    low BIGINT := day_number * 86400000;
    high BIGINT := (day_number + 1) * 86400000;
BEGIN
    IF key IS NULL THEN
        RAISE EXCEPTION 'mlops_day_partition: % is not a day-partitioned table', parent;
    END IF;
    -- One creator at a time per table (maintenance jobs on several workers, or a migration).
    PERFORM pg_advisory_xact_lock(724351, hashtext(parent));
    IF to_regclass(name) IS NOT NULL THEN
        RETURN FALSE;
    END IF;
    EXECUTE format('LOCK TABLE %I IN EXCLUSIVE MODE', parent || '_default');
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name, parent);
    -- `*` on purpose: the new table is LIKE its parent, so the columns match by position, and a
    -- list written here would drop every column later migrations add (0013 adds one to feedback).
    EXECUTE format(
        'WITH moved AS (DELETE FROM %I WHERE %I >= $1 AND %I < $2 RETURNING *) INSERT INTO %I SELECT * FROM moved',
        parent || '_default', key, key, name) USING low, high;
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)', parent, name, low, high);
    RETURN TRUE;
END
$$;

-- The day partitions of `parent` that end at or before `before_ms` (Unix ms), oldest first, with
-- their row counts; unless `dry`, each is dropped. Partitions are recognised by the name
-- mlops_day_partition gives them; the DEFAULT partition is never dropped.
CREATE FUNCTION mlops_drop_day_partitions(parent TEXT, before_ms BIGINT, dry BOOLEAN)
RETURNS TABLE (partition_name TEXT, row_count BIGINT)
LANGUAGE plpgsql AS $$
DECLARE
    child TEXT;
BEGIN
    IF parent NOT IN ('predictions', 'feedback') THEN
        RAISE EXCEPTION 'mlops_drop_day_partitions: % is not a day-partitioned table', parent;
    END IF;
    PERFORM pg_advisory_xact_lock(724351, hashtext(parent));
    FOR child IN
        SELECT c.relname::TEXT FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = to_regclass(parent) AND c.relname ~ ('^' || parent || '_p[0-9]{8}$')
          AND ((to_date(right(c.relname, 8), 'YYYYMMDD') - DATE '1970-01-01') + 1)::BIGINT * 86400000 <= before_ms
        ORDER BY c.relname
    LOOP
        partition_name := child;
        EXECUTE format('SELECT count(*) FROM %I', child) INTO row_count;
        IF NOT dry THEN
            EXECUTE format('DROP TABLE %I', child);
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;

ALTER TABLE predictions RENAME TO predictions_unpartitioned;
ALTER TABLE predictions_unpartitioned RENAME CONSTRAINT predictions_pkey TO predictions_unpartitioned_pkey;
ALTER INDEX predictions_model_idx RENAME TO predictions_unpartitioned_model_idx;
ALTER INDEX predictions_created_idx RENAME TO predictions_unpartitioned_created_idx;

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
    PRIMARY KEY (request_id, row_index, arm, created_at)
) PARTITION BY RANGE (created_at);
CREATE TABLE predictions_default PARTITION OF predictions DEFAULT;
-- A model's recent predictions (rollout statistics, dashboards).
CREATE INDEX predictions_model_idx ON predictions (model, version, created_at);
-- Row-by-row pruning of the DEFAULT partition and of days a rollout still holds.
CREATE INDEX predictions_created_idx ON predictions (created_at);

ALTER TABLE feedback RENAME TO feedback_unpartitioned;
ALTER TABLE feedback_unpartitioned RENAME CONSTRAINT feedback_pkey TO feedback_unpartitioned_pkey;
ALTER INDEX feedback_received_idx RENAME TO feedback_unpartitioned_received_idx;

CREATE TABLE feedback (
    request_id  TEXT NOT NULL,
    row_index   INTEGER NOT NULL,
    label       DOUBLE PRECISION NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (request_id, row_index, received_at)
) PARTITION BY RANGE (received_at);
CREATE TABLE feedback_default PARTITION OF feedback DEFAULT;
-- The join to predictions, and replacing a row's label.
CREATE INDEX feedback_request_idx ON feedback (request_id, row_index);
CREATE INDEX feedback_received_idx ON feedback (received_at);

SELECT mlops_day_partition('predictions', day)
FROM (
    SELECT DISTINCT created_at / 86400000 AS day FROM predictions_unpartitioned
    UNION
    SELECT extract(epoch FROM now())::BIGINT / 86400 + ahead FROM generate_series(0, 7) AS ahead
) AS days
ORDER BY day;
SELECT mlops_day_partition('feedback', day)
FROM (
    SELECT DISTINCT received_at / 86400000 AS day FROM feedback_unpartitioned
    UNION
    SELECT extract(epoch FROM now())::BIGINT / 86400 + ahead FROM generate_series(0, 7) AS ahead
) AS days
ORDER BY day;

INSERT INTO predictions (request_id, row_index, arm, model, version, unit_id, score, latency_us, created_at)
SELECT request_id, row_index, arm, model, version, unit_id, score, latency_us, created_at FROM predictions_unpartitioned;
INSERT INTO feedback (request_id, row_index, label, received_at)
SELECT request_id, row_index, label, received_at FROM feedback_unpartitioned;

DROP TABLE predictions_unpartitioned;
DROP TABLE feedback_unpartitioned;
