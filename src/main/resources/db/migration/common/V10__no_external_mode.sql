-- Shared by SQLite and PostgreSQL. +n became a mode a room keeps (before, it was always on and never kept):
-- every room kept so far had it, so its letter joins their modes. Letters are read in any order.
UPDATE room_settings SET modes = modes || 'n' WHERE modes NOT LIKE '%n%';
