package sori.store;

import java.util.concurrent.CompletableFuture;
import sori.chat.Accounts;
import sori.chat.EventStore;
import sori.chat.Moderation;
import sori.chat.SessionTokens;

/** An {@link EventStore} as {@link Stores#open} makes it: with the retention sweep it runs by itself. */
public interface Store extends EventStore {

    /**
     * Deletes room events and private messages older than {@code cutoffMillis} (ms since the epoch), after
     * everything queued before the call is written; rooms and their last sequence numbers stay. Answers the
     * number of rows deleted. Runs periodically by itself when a retention is set.
     */
    CompletableFuture<Long> sweep(long cutoffMillis);

    /** The accounts kept beside the rooms (blocking calls: run them off the event loops). */
    Accounts accounts();

    /** Room moderation kept beside the rooms: roles, modes, bans, mutes (blocking calls: run them off the event loops). */
    Moderation moderation();
    /** The web's session tokens, hashed, beside the accounts (blocking calls too). */
    SessionTokens sessionTokens();

    /** What the store is, for start-up lines and errors: never with a password. */
    String describe();
}
