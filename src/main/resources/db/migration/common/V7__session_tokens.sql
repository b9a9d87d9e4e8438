-- Shared by SQLite and PostgreSQL. One row per web sign-in (docs/security.md): the token itself is 256
-- random bits held only by the browser's cookie; here is its SHA-256, so a copy of the store signs no one in.
CREATE TABLE session_tokens (
    hash    TEXT PRIMARY KEY,   -- SHA-256 of the token, hex
    account TEXT NOT NULL,      -- accounts.key (a folded name)
    created BIGINT NOT NULL,    -- ms since the epoch
    expires BIGINT NOT NULL     -- ms since the epoch; refused after, deleted by the sweep
);
CREATE INDEX session_tokens_account ON session_tokens (account);
CREATE INDEX session_tokens_expires ON session_tokens (expires);
