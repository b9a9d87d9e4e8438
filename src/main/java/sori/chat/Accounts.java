package sori.chat;

import java.util.List;
import java.util.Optional;

/**
 * Where accounts are kept: memory ({@link MemoryAccounts}) or the SQL store ({@code sori.store}). Every
 * method may block on a database: the Hub calls them only from {@link Logins}' own threads, never from an
 * event loop. Keys are folded names ({@link Names#fold}); a hash is Argon2id in PHC form ({@link Passwords}).
 */
public interface Accounts {

    /** One account. Its {@link #toString} leaves the hash out, so a log line cannot carry it. */
    record Account(String key, String name, String hash, long created) {
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

    /** Removes the account under {@code key}; false when there is none. */
    boolean delete(String key);

    /** Every account, by key. */
    List<Account> list();
}
