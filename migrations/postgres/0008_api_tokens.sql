-- 0008_api_tokens: API tokens with roles for the HTTP API (reader, deployer, admin). Only a
-- token's SHA-256 is stored; the secret is shown once, at creation. Times are Unix milliseconds.

CREATE TABLE api_tokens (
    name         TEXT PRIMARY KEY,
    role         TEXT NOT NULL CHECK (role IN ('reader', 'deployer', 'admin')),
    token_hash   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    revoked_at   BIGINT,
    last_used_at BIGINT
);
-- Authentication looks a presented token up by its hash.
CREATE UNIQUE INDEX api_tokens_hash_idx ON api_tokens (token_hash);
