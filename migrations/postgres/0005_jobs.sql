-- 0005_jobs: the job queue that runs pipeline steps. A job is claimed under a lease that its
-- worker renews; a job whose lease expires (worker killed) is put back and claimed again, its
-- attempt counted at claim so a job that kills its worker cannot loop forever. A unique key
-- makes enqueueing idempotent (a cron slot or a drift trigger fires once across any number of
-- schedulers). Times are Unix milliseconds.

CREATE TABLE jobs (
    id                BIGSERIAL PRIMARY KEY,
    queue             TEXT NOT NULL,
    kind              TEXT NOT NULL,
    payload           TEXT NOT NULL DEFAULT '{}',
    state             TEXT NOT NULL CHECK (state IN ('available', 'running', 'succeeded', 'failed', 'discarded', 'cancelled')),
    priority          INTEGER NOT NULL DEFAULT 0,
    run_at            BIGINT NOT NULL,
    attempts          INTEGER NOT NULL DEFAULT 0,
    max_attempts      INTEGER NOT NULL CHECK (max_attempts >= 1),
    timeout_ms        BIGINT,
    lease_owner       TEXT,
    lease_expires_at  BIGINT,
    last_error        TEXT,
    result            TEXT,
    unique_key        TEXT,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    finished_at       BIGINT
);
-- Idempotent enqueue: one job per key, whatever its state.
CREATE UNIQUE INDEX jobs_unique_key_idx ON jobs (unique_key) WHERE unique_key IS NOT NULL;
-- The claim query: due jobs of a queue, higher priority first, then oldest.
CREATE INDEX jobs_claim_idx ON jobs (queue, priority DESC, run_at, id) WHERE state IN ('available', 'failed');
-- The rescue query: running jobs by lease expiry.
CREATE INDEX jobs_lease_idx ON jobs (lease_expires_at) WHERE state = 'running';
-- Listing by state (jobs list --state, the dashboard).
CREATE INDEX jobs_state_idx ON jobs (state, updated_at);
