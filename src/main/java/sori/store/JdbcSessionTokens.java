package sori.store;

import java.util.Optional;
import javax.sql.DataSource;
import sori.chat.SessionTokens;

/**
 * Session tokens in the SQL store's {@code session_tokens} table (migration V7, the same on SQLite and
 * PostgreSQL): hashes only. Each call takes a pooled connection and commits on its own; callers run it off
 * the event loops. A failure is a {@link StoreException} whose message never holds a hash.
 */
final class JdbcSessionTokens implements SessionTokens {

    private final Sql sql;

    JdbcSessionTokens(DataSource data) {
        this.sql = new Sql(data, "session tokens");
    }

    @Override
    public void add(Token t) {
        sql.update("add", "INSERT INTO session_tokens (hash, account, created, expires) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (hash) DO UPDATE SET account = excluded.account, created = excluded.created, "
                + "expires = excluded.expires", t.hash(), t.account(), t.created(), t.expires());
    }

    @Override
    public Optional<Token> find(String hash) {
        return sql.run("read", c -> Sql.rows(c, "SELECT hash, account, created, expires FROM session_tokens WHERE hash = ?",
                r -> new Token(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4)), hash).stream().findFirst());
    }

    @Override
    public boolean delete(String hash) {
        return sql.update("delete", "DELETE FROM session_tokens WHERE hash = ?", hash) > 0;
    }

    @Override
    public int deleteAccount(String account) {
        return sql.update("delete", "DELETE FROM session_tokens WHERE account = ?", account);
    }

    @Override
    public int sweep(long now) {
        return sql.update("sweep", "DELETE FROM session_tokens WHERE expires < ?", now);
    }

    @Override
    public int count(String account) {
        return sql.run("count", c -> Sql.rows(c, "SELECT COUNT(*) FROM session_tokens WHERE account = ?",
                r -> r.getInt(1), account).getFirst());
    }
}
