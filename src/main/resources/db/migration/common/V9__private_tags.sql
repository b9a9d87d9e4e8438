-- Client-only tags kept in a private conversation (IRC's TAGMSG with +draft/persist): a row like a message's,
-- with empty text and its tags here (sori.store.EventCodec#tags); null for every message, old rows included.
ALTER TABLE private_messages ADD COLUMN tags TEXT;
