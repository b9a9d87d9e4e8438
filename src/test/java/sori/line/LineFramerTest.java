package sori.line;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The framer fed raw bytes in awkward pieces, with the leak detector watching (paranoid in tests). */
class LineFramerTest {

    private static List<Object> feed(EmbeddedChannel ch, byte[]... chunks) {
        for (byte[] c : chunks) {
            ch.writeInbound(Unpooled.wrappedBuffer(c));
        }
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            out.add(o);
        }
        return out;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldSplitOnLfAndCrLfWhateverTheChunking() {
        String text = "one\r\ntwo\n\nthree 셋\n";
        byte[] all = b(text);
        EmbeddedChannel whole = new EmbeddedChannel(new LineFramer(100, 0));
        assertThat(feed(whole, all)).containsExactly("one", "two", "", "three 셋");
        EmbeddedChannel bytes = new EmbeddedChannel(new LineFramer(100, 0));
        List<Object> got = new ArrayList<>();
        for (byte x : all) {
            got.addAll(feed(bytes, new byte[] {x}));
        }
        assertThat(got).containsExactly("one", "two", "", "three 셋");
        assertThat(whole.finishAndReleaseAll()).isFalse();
        assertThat(bytes.finishAndReleaseAll()).isFalse();
    }

    @Test
    void shouldReportAnOverlongLineOnceAndCarryOn() {
        EmbeddedChannel ch = new EmbeddedChannel(new LineFramer(10, 0));
        assertThat(feed(ch, b("0123456789X"), b("more and more"), b(" and more\nok\n")))
                .containsExactly(LineFramer.TOO_LONG, "ok");
        assertThat(feed(ch, b("0123456789ab\nfine\n"))).containsExactly(LineFramer.TOO_LONG, "fine");
        assertThat(feed(ch, b("0123456789\r\n"))).containsExactly("0123456789");
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldNotHoldMoreThanTheLimitWhileDiscarding() {
        LineFramer framer = new LineFramer(1024, 0);
        EmbeddedChannel ch = new EmbeddedChannel(framer);
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 100; i++) {
            feed(ch, chunk);
        }
        ByteBuf held = framerBuffer(ch);
        assertThat(held == null ? 0 : held.readableBytes()).isLessThanOrEqualTo(1024);
        assertThat(feed(ch, b("\nafter\n"))).containsExactly("after");
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldReplaceInvalidUtf8() {
        EmbeddedChannel ch = new EmbeddedChannel(new LineFramer(100, 0));
        assertThat(feed(ch, new byte[] {'a', (byte) 0xc3, '\n', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '\n'}))
                .allSatisfy(o -> assertThat((String) o).contains("\uFFFD"));
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldPassOnAPartialLineWhenThePeerCloses() {
        EmbeddedChannel ch = new EmbeddedChannel(new LineFramer(100, 0));
        assertThat(feed(ch, b("complete\npartial"))).containsExactly("complete");
        ch.finish();
        assertThat(ch.<Object>readInbound()).isEqualTo("partial");
        ch.finishAndReleaseAll();
    }

    private static ByteBuf framerBuffer(EmbeddedChannel ch) {
        // What the decoder holds is visible through its pipeline context as unread inbound bytes.
        LineFramer f = ch.pipeline().get(LineFramer.class);
        return f == null ? null : f.heldForTest();
    }

    @Test
    void shouldTakeAPauseAsALineEndOnlyForAPeerThatNeverSentANewline() {
        EmbeddedChannel ch = new EmbeddedChannel(new LineFramer(100, 1));
        ch.writeInbound(Unpooled.wrappedBuffer(b("mina"))); // the seed's client: a name, no newline
        pastIdleFlush(ch);
        assertThat((Object) ch.readInbound()).isEqualTo("mina");

        ch.writeInbound(Unpooled.wrappedBuffer(b("hello\nhal")));
        assertThat((Object) ch.readInbound()).isEqualTo("hello");
        pastIdleFlush(ch); // "hal" is a line still in transit now, not a line
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(b("f\n")));
        assertThat((Object) ch.readInbound()).isEqualTo("half");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    /** Lets the 1 ms idle flush come due, then runs it. */
    private static void pastIdleFlush(EmbeddedChannel ch) {
        long from = System.nanoTime();
        sori.testing.Await.until("the idle flush to come due", () -> {
            ch.runScheduledPendingTasks();
            return System.nanoTime() - from > java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(5);
        }, java.time.Duration.ofSeconds(5));
        ch.runScheduledPendingTasks();
    }
}
