-- Shared by SQLite and PostgreSQL. The language an account chose with /lang ('en', 'ko'); NULL until it
-- chooses, when the server's --lang applies.
ALTER TABLE accounts ADD COLUMN language TEXT;
