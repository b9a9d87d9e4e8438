-- Shared by SQLite and PostgreSQL. One row per account; the password only as an Argon2id hash in PHC form
-- ($argon2id$v=19$m=..,t=..,p=..$salt$hash, see docs/security.md), never the password itself.
CREATE TABLE accounts (
    key     TEXT PRIMARY KEY,   -- the folded name (sori.chat.Names.fold)
    name    TEXT NOT NULL,      -- as registered
    hash    TEXT NOT NULL,
    created BIGINT NOT NULL     -- ms since the epoch
);
