package sori.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * One table family's calls on a pooled connection, as the account, moderation and session-token seams and the
 * event store's reads make them: each borrows a connection, commits on its own, and turns a failure into a
 * {@link StoreException} of one line, "cannot WHAT THINGS: why". The line is the driver's, which names the
 * statement's shape and never its values: no password hash or token hash reaches it.
 */
final class Sql {

    /** Work done on one borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** One row of a result read into a value. */
    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    private final DataSource data;
    private final String things;

    /** {@code things} names what failures are about, as in "cannot read {@code things}: ...". */
    Sql(DataSource data, String things) {
        this.data = data;
        this.things = things;
    }

    /** Runs {@code work} on a connection in autocommit; a failure says it could not {@code what} the things. */
    <T> T run(String what, Work<T> work) {
        try (Connection c = data.getConnection()) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + " " + things + ": " + JdbcEventStore.oneLine(e), e);
        }
    }

    /** Runs one statement with {@code args} in order and answers the rows it changed. A null is a text null. */
    int update(String what, String sql, Object... args) {
        return run(what, c -> {
            try (PreparedStatement s = prepare(c, sql, args)) {
                return s.executeUpdate();
            }
        });
    }

    /** The most values one {@code IN (...)} list holds; longer lists are read in slices of this many. */
    static final int IN_SLICE = 500;

    /** {@code n} parameter marks for an {@code IN (...)} list: {@code ?, ?, ?}. */
    static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    /** Every row {@code sql} answers for {@code args}, in its order. */
    static <T> List<T> rows(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, args); ResultSet r = s.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (r.next()) {
                out.add(row.read(r));
            }
            return out;
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        try {
            for (int i = 0; i < args.length; i++) {
                if (args[i] == null) {
                    s.setNull(i + 1, Types.VARCHAR); // the nullable columns of these tables are all text
                } else {
                    s.setObject(i + 1, args[i]);
                }
            }
            return s;
        } catch (SQLException | RuntimeException e) {
            s.close();
            throw e;
        }
    }
}
