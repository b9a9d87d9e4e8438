package sori.line;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import sori.testing.FuzzBudget;
import sori.testing.Leaks;

/**
 * The framer fed arbitrary bytes in arbitrary chunks (huge ones, lone CR and LF, invalid UTF-8), with the
 * leak detector at paranoid: nothing escapes, no line passes the limit, no buffer is left unreleased,
 * and the lines are the same however the bytes were cut.
 */
@AddLifecycleHook(FuzzBudget.class)
class LineFramerFuzzProperties {

    private static final Leaks leaks = Leaks.watch();

    @AfterContainer
    static void noLeakReported() {
        leaks.closeExpectingNone();
    }

    @Provide
    static Arbitrary<List<byte[]>> chunks() {
        Arbitrary<Byte> tricky = Arbitraries.of((byte) '\n', (byte) '\r', (byte) 'a', (byte) 0xff, (byte) 0xc3,
                (byte) 0xa9, (byte) 0xed, (byte) 0xa0, (byte) 0x80, (byte) 0xf0, (byte) 0x9f, (byte) 0, (byte) ' ');
        Arbitrary<Byte> any = Arbitraries.frequencyOf(Tuple.of(4, tricky), Tuple.of(1, Arbitraries.bytes()));
        Arbitrary<byte[]> small = any.array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> huge = Arbitraries.integers().between(300, 100_000).flatMap(n ->
                Arbitraries.of((byte) 'x', (byte) '\r', (byte) 0xe1).map(fill -> {
                    byte[] b = new byte[n];
                    Arrays.fill(b, fill);
                    return b;
                }));
        return Arbitraries.frequencyOf(Tuple.of(12, small), Tuple.of(1, huge)).list().ofMaxSize(16);
    }

    @Property(tries = 1000)
    void shouldSplitAnyBytesTheSameWayWhateverTheChunksWithinTheLimitAndLeakNothing(
            @ForAll("chunks") List<byte[]> chunks, @ForAll @IntRange(min = 1, max = 300) int limit) throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(false, false, new LineFramer(limit, 0));
        ch.config().setAllocator(leaks.allocator());
        ch.register();
        List<Object> out = new ArrayList<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] c : chunks) {
            all.writeBytes(c);
            ByteBuf b = leaks.allocator().buffer(c.length).writeBytes(c);
            ch.writeInbound(b);
            drain(ch, out);
        }
        ch.finish();
        drain(ch, out);
        ch.finishAndReleaseAll();
        for (Object o : out) {
            if (o instanceof String s) {
                assertThat(s.length()).isLessThanOrEqualTo(limit);
                assertThat(s).doesNotContain("\n");
            } else {
                assertThat(o).isSameAs(LineFramer.TOO_LONG);
            }
        }
        assertThat(out).isEqualTo(model(all.toByteArray(), limit));
        assertThat(leaks.unreleased()).isEmpty();
    }

    @Property(tries = 500)
    void shouldTurnPausesIntoLinesWithoutEverPassingTheLimit(
            @ForAll("chunks") List<byte[]> chunks, @ForAll @IntRange(min = 1, max = 300) int limit) throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(false, false, new LineFramer(limit, 100));
        ch.config().setAllocator(leaks.allocator());
        ch.register();
        ch.freezeTime();
        List<Object> out = new ArrayList<>();
        int i = 0;
        for (byte[] c : chunks) {
            ch.writeInbound(leaks.allocator().buffer(c.length).writeBytes(c));
            ch.advanceTimeBy(i++ % 3 == 0 ? 150 : 10, TimeUnit.MILLISECONDS);
            ch.runScheduledPendingTasks();
            drain(ch, out);
        }
        ch.finish();
        drain(ch, out);
        ch.finishAndReleaseAll();
        for (Object o : out) {
            if (o instanceof String s) {
                assertThat(s.length()).isLessThanOrEqualTo(limit);
                assertThat(s).doesNotContain("\n");
            }
        }
        assertThat(leaks.unreleased()).isEmpty();
    }

    private static void drain(EmbeddedChannel ch, List<Object> out) {
        Object o;
        while ((o = ch.readInbound()) != null) {
            out.add(o);
        }
    }

    /** The lines of {@code bytes} as a framer that saw them all at once would give them, closed at the end. */
    static List<Object> model(byte[] bytes, int limit) {
        List<Object> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            boolean end = i == bytes.length;
            if (!end && bytes[i] != '\n') {
                continue;
            }
            int len = i - start;
            if (end && len == 0) {
                break;
            }
            if (len > 0 && bytes[start + len - 1] == '\r') {
                len--;
            }
            lines.add(len > limit ? LineFramer.TOO_LONG : new String(bytes, start, len, StandardCharsets.UTF_8));
            start = i + 1;
        }
        return lines;
    }
}
