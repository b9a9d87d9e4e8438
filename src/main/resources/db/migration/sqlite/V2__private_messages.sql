-- conversation: the two folded names, sorted, joined by a space (no name holds one).
CREATE TABLE private_messages (
    id           INTEGER PRIMARY KEY,
    conversation TEXT NOT NULL,
    time         BIGINT NOT NULL,
    sender       TEXT NOT NULL,
    recipient    TEXT NOT NULL,
    text         TEXT NOT NULL
);
CREATE INDEX private_messages_conversation ON private_messages (conversation, time, id);
CREATE INDEX private_messages_time ON private_messages (time);
