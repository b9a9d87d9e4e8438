package sori.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import sori.chat.Accounts;

/**
 * Accounts in the SQL store's {@code accounts} table (migrations V3, V5 and V8, the same on SQLite and PostgreSQL).
 * Each call takes a pooled connection and commits on its own; callers run it off the event loops. A
 * failure is a {@link StoreException} whose message never holds a hash.
 */
final class JdbcAccounts implements Accounts {

    private static final String COLUMNS = "SELECT key, name, hash, created, language, scram FROM accounts";

    private final Sql sql;

    JdbcAccounts(DataSource data) {
        this.sql = new Sql(data, "accounts");
    }

    @Override
    public Optional<Account> find(String key) {
        return sql.run("read", c -> Sql.rows(c, COLUMNS + " WHERE key = ?", JdbcAccounts::account, key)
                .stream().findFirst());
    }

    @Override
    public boolean create(Account a) {
        return sql.update("create", "INSERT INTO accounts (key, name, hash, created, language, scram) "
                + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING", a.key(), a.name(), a.hash(), a.created(),
                a.language(), a.scram()) > 0;
    }

    @Override
    public boolean setHash(String key, String hash, String scram) {
        return sql.update("update", "UPDATE accounts SET hash = ?, scram = ? WHERE key = ?", hash, scram, key) > 0;
    }

    @Override
    public boolean setScram(String key, String hash, String scram) {
        return sql.update("update", "UPDATE accounts SET scram = ? WHERE key = ? AND hash = ?", scram, key, hash) > 0;
    }

    @Override
    public boolean setLanguage(String key, String language) {
        return sql.update("update", "UPDATE accounts SET language = ? WHERE key = ?", language, key) > 0;
    }

    @Override
    public boolean delete(String key) {
        return sql.update("delete", "DELETE FROM accounts WHERE key = ?", key) > 0;
    }

    @Override
    public List<Account> list() {
        return sql.run("list", c -> Sql.rows(c, COLUMNS + " ORDER BY key", JdbcAccounts::account));
    }

    private static Account account(ResultSet r) throws SQLException {
        return new Account(r.getString(1), r.getString(2), r.getString(3), r.getLong(4), r.getString(5), r.getString(6));
    }
}
