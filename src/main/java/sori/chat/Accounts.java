package sori.chat;

import java.util.List;
import java.util.Optional;

/**
 * Where accounts are kept: memory ({@link MemoryAccounts}) or the SQL store ({@code sori.store}). Every
 * method may block on a database: the Hub calls them only from {@link Logins}' own threads, never from an
 * event loop. Keys are folded names ({@link Names#fold}); a hash is Argon2id in PHC form ({@link Passwords}).
 */
public interface Accounts {

    /**
     * One account. Its {@link #toString} leaves the hash out, so a log line cannot carry it.
     *
     * @param language what {@code /lang} chose ({@code en}, {@code ko}), or null: the server's
     */
    record Account(String key, String name, String hash, long created, String language) {
        /** An account that has not chosen a language. */
        public Account(String key, String name, String hash, long created) {
            this(key, name, hash, created, null);
        }

        @Override
        public String toString() {
            return "Account[" + name + "]";
        }
    }

    /** The account under {@code key}, if any. */
    Optional<Account> find(String key);

    /** Adds {@code account}; false when its key is taken. */
    boolean create(Account account);

    /** Replaces the hash of the account under {@code key}; false when there is none. */
    boolean setHash(String key, String hash);

    /** Keeps {@code language} ({@code en}, {@code ko}, or null) for the account under {@code key}; false when there is none. */
    boolean setLanguage(String key, String language);

    /** Removes the account under {@code key}; false when there is none. */
    boolean delete(String key);

    /** Every account, by key. */
    List<Account> list();
}
