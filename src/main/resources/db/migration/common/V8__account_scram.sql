-- Shared by SQLite and PostgreSQL. SCRAM-SHA-256 credentials beside the Argon2id hash (IRC's SASL, see
-- docs/security.md), in RFC 5803 form: SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey (base64). Never the
-- password nor the salted password. NULL for an account made before this, until its next password sign-in.
ALTER TABLE accounts ADD COLUMN scram TEXT;
