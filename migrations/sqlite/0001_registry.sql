-- 0001_registry: registered models, their versions, aliases, and the append-only registry history.
-- Times are Unix milliseconds (BIGINT) on both backends; tags, params and metrics are JSON objects.

CREATE TABLE models (
    name         TEXT PRIMARY KEY,
    description  TEXT NOT NULL DEFAULT '',
    tags         TEXT NOT NULL DEFAULT '{}',
    next_version INTEGER NOT NULL DEFAULT 1,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE TABLE model_versions (
    model            TEXT NOT NULL REFERENCES models (name),
    version          INTEGER NOT NULL,
    sha256           TEXT NOT NULL,
    size_bytes       BIGINT NOT NULL,
    flavor           TEXT NOT NULL,
    params           TEXT NOT NULL DEFAULT '{}',
    metrics          TEXT NOT NULL DEFAULT '{}',
    tags             TEXT NOT NULL DEFAULT '{}',
    source           TEXT,
    pipeline_run     TEXT,
    data_fingerprint TEXT,
    parent_version   INTEGER,
    status           TEXT NOT NULL DEFAULT 'ready' CHECK (status IN ('ready', 'archived')),
    created_by       TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    PRIMARY KEY (model, version)
);
-- Content-addressed artifacts: which versions share an archive.
CREATE INDEX model_versions_sha256_idx ON model_versions (sha256);

CREATE TABLE model_aliases (
    model      TEXT NOT NULL,
    alias      TEXT NOT NULL,
    version    INTEGER NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (model, alias),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
);
-- "Which aliases point at this version" (show, archive).
CREATE INDEX model_aliases_version_idx ON model_aliases (model, version);

CREATE TABLE registry_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    model        TEXT NOT NULL,
    kind         TEXT NOT NULL,
    version      INTEGER,
    from_version INTEGER,
    alias        TEXT,
    actor        TEXT NOT NULL,
    reason       TEXT,
    at           BIGINT NOT NULL
);
-- History of one model, in order.
CREATE INDEX registry_events_model_idx ON registry_events (model, id);

-- The history is append-only: refuse updates and deletes.
CREATE TRIGGER registry_events_no_update BEFORE UPDATE ON registry_events
BEGIN
    SELECT RAISE(ABORT, 'registry_events is append-only');
END;
CREATE TRIGGER registry_events_no_delete BEFORE DELETE ON registry_events
BEGIN
    SELECT RAISE(ABORT, 'registry_events is append-only');
END;
