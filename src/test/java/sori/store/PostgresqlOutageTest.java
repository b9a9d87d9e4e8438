package sori.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import sori.chat.Event;

/**
 * PostgreSQL stops under a stream of appends and comes back: everything appended is then readable, in
 * order, once, and the failure was logged once per interval, not per event. A server of its own, since it
 * is stopped.
 */
class PostgresqlOutageTest {

    @TempDir
    Path dir;

    private PostgresServer pg;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger storeLog = (Logger) LoggerFactory.getLogger(JdbcEventStore.class);

    @BeforeEach
    void start() {
        pg = PostgresServer.start();
        logs.start();
        storeLog.addAppender(logs);
    }

    @AfterEach
    void stop() {
        storeLog.detachAppender(logs);
        pg.close();
    }

    @Test
    void shouldWriteEverythingOnceAndInOrderAfterTheDatabaseComesBack() throws Exception {
        String url = pg.newDatabase();
        long seq = 0;
        try (Store s = Stores.open(new StoreOptions(url, dir, Durability.BATCH, Duration.ZERO, 0))) {
            for (int i = 0; i < 1000; i++) {
                s.append(new Event.Said("dev", ++seq, seq, "mina", "before " + seq), null);
            }
            assertThat(EventStoreContract.every(s, "dev")).hasSize(1000);

            pg.stop();
            long outageEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < outageEnds) {
                s.append(new Event.Said("dev", ++seq, seq, "mina", "during " + seq), null);
                if (seq % 50 == 0) {
                    s.appendPrivate(new Event.Private("mina", "jun", seq, "psst " + seq));
                }
                Thread.sleep(1); // a steady stream, not a burst: the writer keeps failing while it runs
            }
            assertThat(((sori.chat.Readiness) s).ready()).as("/readyz says the store is away").isFalse();
            pg.startServer();
            for (int i = 0; i < 1000; i++) {
                s.append(new Event.Said("dev", ++seq, seq, "mina", "after " + seq), null);
            }

            List<Event.RoomEvent> all = EventStoreContract.every(s, "dev");
            assertThat(EventStoreContract.seqs(all)).hasSize((int) seq).doesNotHaveDuplicates().isSorted();
            assertThat(all.getLast().seq()).isEqualTo(seq);
            assertThat(EventStoreContract.get(s.readPrivate(sori.chat.Names.fold("jun"), sori.chat.Names.fold("mina"), Long.MAX_VALUE, 100_000)))
                    .hasSize(countPrivates(seq));
            assertThat(s.rooms().getFirst().lastSeq()).isEqualTo(seq);
            assertThat(((sori.chat.Readiness) s).ready()).as("ready again once a commit went in").isTrue();
        }
        List<String> errors = logs.list.stream().filter(e -> e.getLevel() == Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage).toList();
        // 5 s of failures, one line per 10 s interval: the first failure and, at most, one more.
        assertThat(errors).hasSizeBetween(1, 2);
        assertThat(errors.getFirst()).startsWith("cannot write to store " + url + " (");
        assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().contains("is writable again"));
    }

    /** Privates were sent on each multiple of 50 during the outage: those between seq 1001 and the last "during". */
    private static int countPrivates(long lastSeq) {
        int n = 0;
        for (long s = 1001; s <= lastSeq - 1000; s++) {
            if (s % 50 == 0) {
                n++;
            }
        }
        return n;
    }
}
