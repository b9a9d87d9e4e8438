-- Shared by SQLite and PostgreSQL. A room's row outlives its members, so its numbers never start again.
CREATE TABLE rooms (
    key      TEXT PRIMARY KEY,          -- the folded name (sori.chat.Names.fold)
    name     TEXT NOT NULL,             -- as first written
    created  BIGINT NOT NULL,           -- ms since the epoch: time of the room's first event
    topic    TEXT,
    last_seq BIGINT NOT NULL
);

-- One row per room event, in any kind: the fields beyond room, seq and time are the actor's name and a
-- JSON object (sori.store.EventCodec), so new kinds need no new column. (room_key, seq) is unique: a
-- re-delivered event is inserted with ON CONFLICT DO NOTHING.
CREATE TABLE room_events (
    room_key TEXT NOT NULL,
    seq      BIGINT NOT NULL,
    time     BIGINT NOT NULL,
    type     TEXT NOT NULL,
    name     TEXT,
    data     TEXT NOT NULL,
    PRIMARY KEY (room_key, seq)
);

-- No index on time: it would cost every insert a second B-tree. Retention deletes room by room along the
-- primary key, since a room's times grow with its seq (sori.store.JdbcEventStore#deleteOlder).
