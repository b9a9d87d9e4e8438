package sori.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import sori.UserFacingException;

/** Opens the store {@link StoreOptions} names: memory, SQLite in the data directory, or PostgreSQL. */
public final class Stores {

    /** Environment variable holding the PostgreSQL password when the URL has none. */
    public static final String PASSWORD_ENV = "SORI_STORE_PASSWORD";
    /** How long SQLite waits for another connection's lock before it fails. */
    static final int SQLITE_BUSY_TIMEOUT_MILLIS = 5_000;
    /** SQLite's page cache per connection, in KiB: the primary key's pages stay in memory while writing. */
    static final int SQLITE_CACHE_KIB = 32 * 1024;
    private static final long CONNECT_TIMEOUT_MILLIS = 3_000;

    private Stores() {}

    /**
     * The store to serve from: made (or migrated to the current schema) when missing. SQLite takes the data
     * directory's lock for as long as the store is open. Throws {@link UserFacingException} with one line
     * when the directory cannot be written, the file is not a database, another server holds the lock, or
     * PostgreSQL cannot be reached.
     */
    public static Store open(StoreOptions options) {
        return open(options, JdbcEventStore.Tuning.DEFAULT);
    }

    /**
     * The store for reading only ({@code sori export}): never migrates, and takes no lock, so it works beside
     * a running server. The memory store has nothing to read.
     */
    public static Store openReadOnly(StoreOptions options) {
        if (options.store().equals(StoreOptions.MEMORY)) {
            throw new UserFacingException("--store memory keeps nothing after the server stops: nothing to read");
        }
        if (options.postgresql()) {
            return openPostgresql(options, JdbcEventStore.Tuning.DEFAULT, true);
        }
        Path file = options.dataDir().resolve(StoreOptions.SQLITE_FILE);
        if (!Files.isRegularFile(file) || file.toFile().length() == 0) {
            throw new UserFacingException("no store in " + options.dataDir() + " (no " + StoreOptions.SQLITE_FILE
                    + "): is --data-dir right?");
        }
        checkSqliteHeader(file, options.describe());
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
        HikariConfig h = sqlitePool(file, config);
        h.setReadOnly(true); // the pool sets the flag on each connection: it must match the driver's
        return jdbc(options, h, () -> {}, Dialect.SQLITE, true, JdbcEventStore.Tuning.DEFAULT);
    }

    /**
     * The store for {@code sori accounts}: made or migrated like a server's, but without the data directory's
     * lock, so it works beside a running server (SQLite's WAL and busy timeout let both write).
     */
    public static Store openForAdmin(StoreOptions options) {
        if (options.store().equals(StoreOptions.MEMORY)) {
            throw new UserFacingException("--store memory keeps no accounts after the server stops: nothing to manage");
        }
        if (options.postgresql()) {
            return openPostgresql(options, JdbcEventStore.Tuning.DEFAULT, false);
        }
        Path dir = options.dataDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserFacingException("cannot make data dir " + dir + ": " + reason(e));
        }
        checkSqliteHeader(dir.resolve(StoreOptions.SQLITE_FILE), options.describe());
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
        return jdbc(options, sqlitePool(dir.resolve(StoreOptions.SQLITE_FILE), config), () -> {}, Dialect.SQLITE, false,
                JdbcEventStore.Tuning.DEFAULT);
    }

    static Store open(StoreOptions options, JdbcEventStore.Tuning tuning) {
        if (options.store().equals(StoreOptions.MEMORY)) {
            return new MemoryEventStore(options.memoryHistory());
        }
        if (options.postgresql()) {
            return openPostgresql(options, tuning, false);
        }
        return openSqlite(options, tuning);
    }

    private static Store openSqlite(StoreOptions options, JdbcEventStore.Tuning tuning) {
        Path dir = options.dataDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserFacingException("cannot make data dir " + dir + ": " + reason(e));
        }
        DataDirLock lock = DataDirLock.acquire(dir);
        try {
            checkSqliteHeader(dir.resolve(StoreOptions.SQLITE_FILE), options.describe());
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(options.durability() == Durability.SYNC
                    ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
            config.setCacheSize(-SQLITE_CACHE_KIB);
            return jdbc(options, sqlitePool(dir.resolve(StoreOptions.SQLITE_FILE), config), lock, Dialect.SQLITE, false,
                    tuning);
        } catch (RuntimeException e) {
            closeQuietly(lock);
            throw e;
        }
    }

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /** A file that is there and not empty must start as SQLite's do: said in one line before any driver speaks. */
    private static void checkSqliteHeader(Path file, String where) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(SQLITE_HEADER.length);
            if (head.length > 0 && !java.util.Arrays.equals(head, SQLITE_HEADER)) {
                throw notADatabase(where, null);
            }
        } catch (IOException e) {
            throw new UserFacingException("cannot read " + where + ": " + reason(e), e);
        }
    }

    private static UserFacingException notADatabase(String where, Throwable cause) {
        return new UserFacingException(where + " is not a SQLite database or is damaged: "
                + "move it away (or restore a backup) and start again", cause);
    }

    private static HikariConfig sqlitePool(Path file, SQLiteConfig sqlite) {
        HikariConfig h = new HikariConfig();
        h.setPoolName("sori-sqlite");
        h.setJdbcUrl("jdbc:sqlite:" + file);
        h.setDataSourceProperties(sqlite.toProperties());
        return h;
    }

    private static Store openPostgresql(StoreOptions options, JdbcEventStore.Tuning tuning, boolean readOnly) {
        HikariConfig h = new HikariConfig();
        h.setPoolName("sori-postgresql");
        Target t = postgresqlTarget(options.store(), System.getenv(PASSWORD_ENV));
        h.setJdbcUrl(t.jdbcUrl());
        if (t.user() != null) {
            h.setUsername(t.user());
        }
        if (t.password() != null) {
            h.setPassword(t.password());
        }
        // One INSERT of many rows per batch: the writer's groups cost one round trip, not one per event.
        h.addDataSourceProperty("reWriteBatchedInserts", "true");
        h.addDataSourceProperty("ApplicationName", "sori");
        h.addDataSourceProperty("connectTimeout", "3");
        h.setReadOnly(readOnly);
        return jdbc(options, h, () -> {}, Dialect.POSTGRESQL, readOnly, tuning);
    }

    /** A PostgreSQL store as a JDBC URL, user and password (this last never logged). */
    record Target(String jdbcUrl, String user, String password) {}

    static Target postgresqlTarget(String store, String envPassword) {
        if (store.startsWith("jdbc:postgresql:")) {
            boolean hasPassword = store.toLowerCase(Locale.ROOT).contains("password=");
            return new Target(store, null, hasPassword ? null : envPassword);
        }
        URI u;
        try {
            u = new URI(store);
        } catch (URISyntaxException e) {
            throw new UserFacingException("--store " + StoreOptions.redacted(store) + " is not a URL: "
                    + "write postgresql://USER:PASS@HOST:PORT/DB");
        }
        if (u.getHost() == null || u.getPath() == null || u.getPath().length() < 2) {
            throw new UserFacingException("--store " + StoreOptions.redacted(store)
                    + " needs a host and a database: postgresql://USER:PASS@HOST:PORT/DB");
        }
        String user = null;
        String password = envPassword;
        if (u.getRawUserInfo() != null) {
            String[] parts = u.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            if (parts.length == 2) {
                password = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            }
        }
        String url = "jdbc:postgresql://" + u.getHost() + ":" + (u.getPort() < 0 ? 5432 : u.getPort()) + u.getRawPath()
                + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        return new Target(url, user, password);
    }

    private static Store jdbc(StoreOptions options, HikariConfig h, AutoCloseable lock, Dialect dialect, boolean readOnly,
            JdbcEventStore.Tuning tuning) {
        h.setMaximumPoolSize(2 + JdbcEventStore.READ_THREADS); // the writer, the reads, and accounts
        h.setMinimumIdle(1);
        h.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
        String where = options.describe();
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(h);
        } catch (RuntimeException e) {
            throw problem(dialect, where, e);
        }
        try {
            if (!readOnly) {
                Flyway.configure()
                        .dataSource(pool)
                        .locations("classpath:db/migration/common", "classpath:db/migration/" + dialect.migrations)
                        .javaMigrations(new V4__RefoldKeys())
                        .load()
                        .migrate();
            }
            AutoCloseable release = () -> {
                try {
                    pool.close();
                } finally {
                    lock.close();
                }
            };
            return new JdbcEventStore(pool, release, dialect, options.durability(), options.retention(), where, readOnly,
                    tuning);
        } catch (RuntimeException e) {
            pool.close();
            throw problem(dialect, where, e);
        }
    }

    /** A failure to open as one line a user can act on. */
    private static UserFacingException problem(Dialect dialect, String where, RuntimeException e) {
        if (e instanceof UserFacingException u) {
            return u;
        }
        String causes = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException || t.getCause() == null) {
                causes = JdbcEventStore.oneLine(t);
                break;
            }
        }
        String all = allMessages(e);
        if (dialect == Dialect.SQLITE) {
            if (all.contains("SQLITE_NOTADB") || all.contains("SQLITE_CORRUPT")) {
                return notADatabase(where, e);
            }
            if (all.contains("SQLITE_READONLY") || all.contains("SQLITE_CANTOPEN") || all.contains("SQLITE_FULL")
                    || all.contains("SQLITE_IOERR") || all.contains("SQLITE_PERM")) {
                return new UserFacingException("cannot write " + where + ": " + causes, e);
            }
            return new UserFacingException("cannot open store " + where + ": " + causes, e);
        }
        return new UserFacingException("cannot reach PostgreSQL at " + where + ": " + causes, e);
    }

    private static String allMessages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getMessage()).append('\n');
        }
        return b.toString();
    }

    /** Why a file operation failed, in a few words. */
    static String reason(IOException e) {
        return switch (e) {
            case AccessDeniedException a -> "permission denied";
            case NoSuchFileException n -> "no such directory";
            case FileAlreadyExistsException f -> "a file is in the way";
            case FileSystemException f when f.getReason() != null -> f.getReason().toLowerCase(Locale.ROOT);
            default -> JdbcEventStore.oneLine(e);
        };
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already failing
        }
    }
}
