package sori.line;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import org.slf4j.LoggerFactory;
import sori.chat.ChatConfig;
import sori.chat.Hub;
import sori.net.Guards;
import sori.net.Limits;
import sori.server.ServerConfig;
import sori.store.MemoryEventStore;
import sori.testing.FuzzBudget;
import sori.testing.Leaks;

/**
 * The whole plain-text pipeline (admission, framer, flood control, name deadline, handler, mailbox)
 * in an {@link EmbeddedChannel}, fed arbitrary bytes and pauses while a second connection watches:
 * no exception escapes or reaches the handler, no buffer leaks, and the Hub is empty once both left.
 */
@AddLifecycleHook(FuzzBudget.class)
class LinePipelineFuzzProperties {

    private static final Leaks leaks = Leaks.watch();
    private static final ListAppender<ILoggingEvent> problems = new ListAppender<>();

    static {
        problems.start();
        ((Logger) LoggerFactory.getLogger(LineHandler.class)).addAppender(problems);
    }

    @AfterContainer
    static void noLeakReported() {
        try {
            assertThat(leaks.reports()).isEmpty();
        } finally {
            leaks.close();
            ((Logger) LoggerFactory.getLogger(LineHandler.class)).detachAppender(problems);
        }
    }

    /** A chunk of bytes to send, or (empty array with a length in the tuple) a pause in milliseconds. */
    @Provide
    static Arbitrary<List<Tuple.Tuple2<byte[], Integer>>> steps() {
        Arbitrary<String> line = Arbitraries.of("mina\n", "watch\n", "/join x\n", "/part\n", "/nick 민아\n",
                "/msg watch hi\n", "/me waves\n", "/topic t\n", "/history 5\n", "/who\n", "/rooms\n", "/help\n",
                "hello\n", "end\n", "/quit bye\n", "\r\n", "\n", "/\n", "//x\n", "\u0000\u001b[2J\n");
        Arbitrary<byte[]> text = line.list().ofMaxSize(30).map(ls -> String.join("", ls).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> big = Arbitraries.integers().between(8000, 40_000).map(n -> {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) (i % 97 == 96 ? '\n' : 'a' + i % 26);
            }
            return b;
        });
        Arbitrary<Tuple.Tuple2<byte[], Integer>> send = Arbitraries.frequencyOf(
                Tuple.of(6, text), Tuple.of(3, raw), Tuple.of(1, big)).map(b -> Tuple.of(b, 0));
        Arbitrary<Tuple.Tuple2<byte[], Integer>> pause = Arbitraries.integers().between(1, 70_000)
                .map(ms -> Tuple.of(new byte[0], ms));
        return Arbitraries.frequencyOf(Tuple.of(4, send), Tuple.of(1, pause)).list().ofMaxSize(25);
    }

    @Property(tries = 300)
    void shouldSurviveAnyBytesWithoutExceptionsOrLeaks(@ForAll("steps") List<Tuple.Tuple2<byte[], Integer>> steps)
            throws Exception {
        AtomicLong clock = new AtomicLong();
        Hub hub = new Hub(ChatConfig.defaults(), new MemoryEventStore(50), clock::incrementAndGet);
        LineInitializer init = new LineInitializer(hub, ServerConfig.IDLE_FLUSH_MILLIS, ServerConfig.OUTBOUND_LIMIT,
                new Guards(Limits.defaults()), null);
        EmbeddedChannel watcher = open(init);
        EmbeddedChannel fuzzed = open(init);
        send(watcher, "watch\n".getBytes(StandardCharsets.UTF_8));
        int problemsBefore = problems.list.size();
        for (Tuple.Tuple2<byte[], Integer> step : steps) {
            if (step.get2() > 0) {
                for (EmbeddedChannel ch : List.of(fuzzed, watcher)) {
                    ch.advanceTimeBy(step.get2(), TimeUnit.MILLISECONDS);
                }
            } else {
                send(fuzzed, step.get1());
            }
            settle(fuzzed, watcher);
        }
        fuzzed.close();
        watcher.close();
        settle(fuzzed, watcher);
        fuzzed.finishAndReleaseAll();
        watcher.finishAndReleaseAll();
        assertThat(problems.list.subList(problemsBefore, problems.list.size()))
                .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
        assertThat(hub.connections()).isZero();
        assertThat(hub.users()).isZero();
        assertThat(leaks.unreleased()).isEmpty();
    }

    private static EmbeddedChannel open(LineInitializer init) throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(false, false, init);
        ch.config().setAllocator(leaks.allocator());
        ch.register();
        ch.freezeTime();
        return ch;
    }

    private static void send(EmbeddedChannel ch, byte[] bytes) {
        if (ch.isOpen()) {
            ch.writeInbound(leaks.allocator().buffer(bytes.length).writeBytes(bytes));
        }
    }

    /** Runs what is due on both loops until quiet, and throws away what was written (after a sanity look). */
    private static void settle(EmbeddedChannel... channels) {
        for (int round = 0; round < 10; round++) {
            for (EmbeddedChannel ch : channels) {
                ch.runPendingTasks();
                ch.runScheduledPendingTasks();
                ch.checkException();
            }
        }
        for (EmbeddedChannel ch : channels) {
            Object o;
            while ((o = ch.readOutbound()) != null) {
                assertThat(o).isInstanceOf(ByteBuf.class);
                ((ByteBuf) o).release();
            }
        }
    }
}
