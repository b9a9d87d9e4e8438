package sori.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import sori.chat.SessionTokens;

/**
 * Session tokens in the SQL store's {@code session_tokens} table (migration V7, the same on SQLite and
 * PostgreSQL): hashes only. Each call takes a pooled connection and commits on its own; callers run it off
 * the event loops. A failure is a {@link StoreException} whose message never holds a hash.
 */
final class JdbcSessionTokens implements SessionTokens {

    private final DataSource data;

    JdbcSessionTokens(DataSource data) {
        this.data = data;
    }

    @Override
    public void add(Token t) {
        update("add", "INSERT INTO session_tokens (hash, account, created, expires) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (hash) DO UPDATE SET account = excluded.account, created = excluded.created, "
                + "expires = excluded.expires", t.hash(), t.account(), t.created(), t.expires());
    }

    @Override
    public Optional<Token> find(String hash) {
        return run("read", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT hash, account, created, expires FROM session_tokens WHERE hash = ?")) {
                s.setString(1, hash);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(new Token(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4)))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean delete(String hash) {
        return update("delete", "DELETE FROM session_tokens WHERE hash = ?", hash) > 0;
    }

    @Override
    public int deleteAccount(String account) {
        return update("delete", "DELETE FROM session_tokens WHERE account = ?", account);
    }

    @Override
    public int sweep(long now) {
        return update("sweep", "DELETE FROM session_tokens WHERE expires < ?", now);
    }

    @Override
    public int count(String account) {
        return run("count", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM session_tokens WHERE account = ?")) {
                s.setString(1, account);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            }
        });
    }

    private int update(String what, String sql, Object... args) {
        return run(what, c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    s.setObject(i + 1, args[i]);
                }
                return s.executeUpdate();
            }
        });
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T run(String what, Work<T> work) {
        try (Connection c = data.getConnection()) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            return work.run(c);
        } catch (SQLException e) {
            // The driver's message names the statement's shape, not its values: no hash reaches it.
            throw new StoreException("cannot " + what + " session tokens: " + JdbcEventStore.oneLine(e), e);
        }
    }
}
