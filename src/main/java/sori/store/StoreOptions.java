package sori.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Which store to open and how (see {@link Stores#open}).
 *
 * @param store         {@code memory}, {@code sqlite} (the file {@value #SQLITE_FILE} in {@code dataDir}),
 *                      {@code postgresql://USER:PASS@HOST:PORT/DB} or a {@code jdbc:postgresql:} URL
 * @param dataDir       where the SQLite file and the lock live
 * @param durability    when a group of events is committed
 * @param retention     how long room events and private messages are kept; zero keeps them forever
 * @param memoryHistory events kept per room (and messages per conversation) by the memory store
 */
public record StoreOptions(String store, Path dataDir, Durability durability, Duration retention, int memoryHistory) {

    public static final String MEMORY = "memory";
    public static final String SQLITE = "sqlite";
    public static final String SQLITE_FILE = "sori.db";
    public static final String DEFAULT_STORE = SQLITE;
    public static final Path DEFAULT_DATA_DIR = Path.of("sori-data");

    public StoreOptions {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(retention, "retention");
        if (!(store.equals(MEMORY) || store.equals(SQLITE) || store.startsWith("postgresql://")
                || store.startsWith("jdbc:postgresql:"))) {
            throw new IllegalArgumentException("--store is memory, sqlite, postgresql://USER:PASS@HOST:PORT/DB "
                    + "or a jdbc:postgresql: URL, not '" + redacted(store) + "'");
        }
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must be 0 (forever) or more, not " + retention);
        }
        if (memoryHistory < 0) {
            throw new IllegalArgumentException("memory history must be 0 or more, not " + memoryHistory);
        }
    }

    /** SQLite in {@code dataDir}, batched, kept forever. */
    public static StoreOptions sqlite(Path dataDir) {
        return new StoreOptions(SQLITE, dataDir, Durability.BATCH, Duration.ZERO, 0);
    }

    /** In memory only, keeping the last {@code history} events of each room. */
    public static StoreOptions memory(int history) {
        return new StoreOptions(MEMORY, DEFAULT_DATA_DIR, Durability.BATCH, Duration.ZERO, history);
    }

    public StoreOptions withDurability(Durability d) {
        return new StoreOptions(store, dataDir, d, retention, memoryHistory);
    }

    public StoreOptions withRetention(Duration r) {
        return new StoreOptions(store, dataDir, durability, r, memoryHistory);
    }

    public boolean postgresql() {
        return store.startsWith("postgresql://") || store.startsWith("jdbc:postgresql:");
    }

    /** What to call the store in messages and logs: never with a password. */
    public String describe() {
        return switch (store) {
            case MEMORY -> "memory";
            case SQLITE -> dataDir.resolve(SQLITE_FILE).toString();
            default -> redacted(store);
        };
    }

    /** A retention as typed: {@code 0}, or a whole number and a unit: {@code 90d}, {@code 12h}, {@code 30m}, {@code 45s}. */
    public static Duration parseRetention(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (t.length() >= 2) {
            char unit = t.charAt(t.length() - 1);
            String digits = t.substring(0, t.length() - 1);
            if (digits.chars().allMatch(Character::isDigit) && digits.length() <= 9) {
                long n = Long.parseLong(digits);
                switch (unit) {
                    case 'd': return Duration.ofDays(n);
                    case 'h': return Duration.ofHours(n);
                    case 'm': return Duration.ofMinutes(n);
                    case 's': return Duration.ofSeconds(n);
                    default: break;
                }
            }
        }
        throw new IllegalArgumentException("a retention is 0 or a number and d, h, m or s (90d, 12h, 30m), not '" + s + "'");
    }

    /** Never shows a password. */
    @Override
    public String toString() {
        return "StoreOptions[store=" + redacted(store) + ", dataDir=" + dataDir + ", durability=" + durability
                + ", retention=" + retention + ", memoryHistory=" + memoryHistory + "]";
    }

    /** {@code url} with any password replaced by {@code ***}. */
    static String redacted(String url) {
        String s = url.replaceAll("(?i)(password=)[^&;]*", "$1***");
        return s.replaceAll("^(\\w[\\w:+.-]*://[^:/@]*):[^@/]*@", "$1:***@");
    }
}
