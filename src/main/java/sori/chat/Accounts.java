package sori.chat;

import java.util.List;
import java.util.Optional;

/**
 * Where accounts are kept: memory ({@link MemoryAccounts}) or the SQL store ({@code sori.store}). Every
 * method may block on a database: the Hub calls them only from {@link Logins}' own threads, never from an
 * event loop. Keys are folded names ({@link Names#fold}); a hash is Argon2id in PHC form ({@link Passwords});
 * beside it an account may keep SCRAM-SHA-256 credentials ({@link Scram.Credentials}, encoded), written with
 * every new password; one made before they existed has none until its next sign-in with a password.
 */
public interface Accounts {

    /**
     * One account. Its {@link #toString} leaves the hash out, so a log line cannot carry it.
     *
     * @param language what {@code /lang} chose ({@code en}, {@code ko}), or null: the server's
     * @param scram    its SCRAM-SHA-256 credentials ({@link Scram.Credentials#encode}), or null: none yet
     */
    record Account(String key, String name, String hash, long created, String language, String scram) {
        /** An account that has not chosen a language. */
        public Account(String key, String name, String hash, long created) {
            this(key, name, hash, created, null, null);
        }

        /** An account without SCRAM credentials. */
        public Account(String key, String name, String hash, long created, String language) {
            this(key, name, hash, created, language, null);
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

    /**
     * A new password for the account under {@code key}: its hash and its SCRAM credentials ({@code scram}, or
     * null for none), both at once, so the old password's credentials never outlive it. False when there is none.
     */
    boolean setHash(String key, String hash, String scram);

    /**
     * Adds {@code scram} credentials to the account under {@code key} if its hash is still {@code hash} (they
     * were derived from the password that matched it); false otherwise.
     */
    boolean setScram(String key, String hash, String scram);

    /** Keeps {@code language} ({@code en}, {@code ko}, or null) for the account under {@code key}; false when there is none. */
    boolean setLanguage(String key, String language);

    /** Removes the account under {@code key}; false when there is none. */
    boolean delete(String key);

    /** Every account, by key. */
    List<Account> list();
}
