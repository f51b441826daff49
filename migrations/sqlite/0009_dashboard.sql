-- 0009_dashboard: what the web dashboard needs. Sign-ins: the browser holds a random session id in an
-- HttpOnly cookie; only its SHA-256 is stored, with the API token it signed in with (revoking the
-- token ends its sessions at once: every look joins api_tokens) and the CSRF token its forms carry.
-- Times are Unix milliseconds.

CREATE TABLE dashboard_sessions (
    session_hash TEXT PRIMARY KEY,
    token_name   TEXT NOT NULL REFERENCES api_tokens (name),
    csrf_token   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
-- Each sign-in sweeps the expired sessions.
CREATE INDEX dashboard_sessions_expires_idx ON dashboard_sessions (expires_at);
-- The models page shows each model's last promotion or rollback.
CREATE INDEX registry_events_kind_idx ON registry_events (kind, model, id);
