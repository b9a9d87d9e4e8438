package sori.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import sori.chat.Accounts;

/**
 * Accounts in the SQL store's {@code accounts} table (migrations V3 and V5, the same on SQLite and PostgreSQL).
 * Each call takes a pooled connection and commits on its own; callers run it off the event loops. A
 * failure is a {@link StoreException} whose message never holds a hash.
 */
final class JdbcAccounts implements Accounts {

    private final DataSource data;

    JdbcAccounts(DataSource data) {
        this.data = data;
    }

    @Override
    public Optional<Account> find(String key) {
        return run("read", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT key, name, hash, created, language FROM accounts WHERE key = ?")) {
                s.setString(1, key);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(account(r)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean create(Account a) {
        return update("create", "INSERT INTO accounts (key, name, hash, created, language) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (key) DO NOTHING", a.key(), a.name(), a.hash(), a.created(), a.language());
    }

    @Override
    public boolean setHash(String key, String hash) {
        return update("update", "UPDATE accounts SET hash = ? WHERE key = ?", hash, key);
    }

    @Override
    public boolean setLanguage(String key, String language) {
        return update("update", "UPDATE accounts SET language = ? WHERE key = ?", language, key);
    }

    @Override
    public boolean delete(String key) {
        return update("delete", "DELETE FROM accounts WHERE key = ?", key);
    }

    @Override
    public List<Account> list() {
        return run("list", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT key, name, hash, created, language FROM accounts ORDER BY key");
                    ResultSet r = s.executeQuery()) {
                List<Account> all = new ArrayList<>();
                while (r.next()) {
                    all.add(account(r));
                }
                return all;
            }
        });
    }

    private static Account account(ResultSet r) throws SQLException {
        return new Account(r.getString(1), r.getString(2), r.getString(3), r.getLong(4), r.getString(5));
    }

    private boolean update(String what, String sql, Object... args) {
        return run(what, c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    if (args[i] == null) {
                        s.setNull(i + 1, Types.VARCHAR); // only the language may be null, and it is text
                    } else {
                        s.setObject(i + 1, args[i]);
                    }
                }
                return s.executeUpdate() > 0;
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
            throw new StoreException("cannot " + what + " accounts: " + JdbcEventStore.oneLine(e), e);
        }
    }
}
