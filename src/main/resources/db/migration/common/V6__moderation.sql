-- Shared by SQLite and PostgreSQL: room moderation (sori.chat.Moderation). Keys are folded names
-- (sori.chat.Names.fold). A room here needs no row in rooms: it may be moderated before its first event.

-- One row per room that has a founder (the account's name as registered) or a mode. modes: IRC
-- channel-mode letters (i k l m s t), sorted; secret: the +k key (null without); member_limit: +l (0 without).
CREATE TABLE room_settings (
    room_key     TEXT PRIMARY KEY,
    founder      TEXT,
    modes        TEXT NOT NULL,
    secret       TEXT,
    member_limit INTEGER NOT NULL
);

-- Roles of accounts in rooms: 'op' or 'voice' (the founder is in room_settings). Guests never get a row.
CREATE TABLE room_roles (
    room_key TEXT NOT NULL,
    account  TEXT NOT NULL,
    role     TEXT NOT NULL,
    PRIMARY KEY (room_key, account)
);

-- Bans: scope is a room key, or '*' for the server. mask: a folded name, a name glob or an address glob
-- (sori.chat.Mask). expires: ms since the epoch, 0 never.
CREATE TABLE bans (
    scope   TEXT NOT NULL,
    mask    TEXT NOT NULL,
    expires BIGINT NOT NULL,
    reason  TEXT,
    set_by  TEXT NOT NULL,
    created BIGINT NOT NULL,
    PRIMARY KEY (scope, mask)
);

-- Mutes: target is a folded name; expires as for bans.
CREATE TABLE mutes (
    room_key TEXT NOT NULL,
    target   TEXT NOT NULL,
    expires  BIGINT NOT NULL,
    PRIMARY KEY (room_key, target)
);
