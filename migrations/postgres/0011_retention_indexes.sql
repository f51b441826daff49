-- 0011_retention_indexes: the pruner (mlops maintenance prune, the daily maintenance job) deletes
-- by time across all models; each table it bounds gets an index on the column it cuts by.

CREATE INDEX predictions_created_idx ON predictions (created_at);
CREATE INDEX feedback_received_idx ON feedback (received_at);
CREATE INDEX jobs_finished_idx ON jobs (finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX drift_counts_window_idx ON drift_counts (window_start);
CREATE INDEX pipeline_logs_at_idx ON pipeline_logs (at);
