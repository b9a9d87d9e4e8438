package sori.chat;

import java.util.Optional;

/**
 * Where web sign-ins that outlive a connection are kept: memory ({@link MemorySessionTokens}) or the SQL
 * store ({@code sori.store}). Only a token's SHA-256 is ever given here, never the token itself, so a
 * copy of the store cannot be used to sign in. Every method may block on a database: called only from
 * {@link Logins}' threads. Account keys are folded names ({@link Names#fold}).
 */
public interface SessionTokens {

    /**
     * One session: {@code hash} is the token's SHA-256 in hex, {@code created} and {@code expires} are ms
     * since the epoch. {@link #toString} leaves the hash out.
     */
    record Token(String hash, String account, long created, long expires) {
        @Override
        public String toString() {
            return "Token[" + account + ", expires " + expires + "]";
        }
    }

    /** Keeps {@code token}; a hash already there is replaced (256 random bits: it does not happen). */
    void add(Token token);

    /** The session whose token hashes to {@code hash}, expired or not. */
    Optional<Token> find(String hash);

    /** Forgets one session; false when there was none. */
    boolean delete(String hash);

    /** Forgets every session of {@code account}; answers how many there were. */
    int deleteAccount(String account);

    /** Forgets every session that expired before {@code now}; answers how many. */
    int sweep(long now);

    /** Sessions of {@code account} still kept (expired ones too, until a sweep). */
    int count(String account);
}
