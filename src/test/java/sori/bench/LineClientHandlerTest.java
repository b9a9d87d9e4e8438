package sori.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineClientHandlerTest {

    /** Collects the lines it is handed, as strings (fine in a test). */
    static final class Recording extends LineClientHandler {
        final List<String> lines = new ArrayList<>();

        Recording(String name) {
            super(new Meter(), name);
        }

        @Override
        protected void onLine(ChannelHandlerContext ctx, ByteBuf buf, int start, int length) {
            lines.add(buf.toString(start, length, StandardCharsets.UTF_8));
        }
    }

    private static void feed(EmbeddedChannel ch, String... chunks) {
        for (String c : chunks) {
            ch.writeInbound(Unpooled.copiedBuffer(c, StandardCharsets.UTF_8));
        }
    }

    private static String sent(EmbeddedChannel ch) {
        StringBuilder b = new StringBuilder();
        ByteBuf out;
        while ((out = ch.readOutbound()) != null) {
            b.append(out.toString(StandardCharsets.UTF_8));
            out.release();
        }
        return b.toString();
    }

    @Test
    void shouldAnswerAPromptSplitAcrossReadsAndRegisterOnWelcome() {
        Recording h = new Recording("b1-0");
        EmbeddedChannel ch = new EmbeddedChannel(h);
        feed(ch, "sori chat\nEnter your na", "me");
        assertThat(sent(ch)).isEmpty();
        feed(ch, ": ");
        assertThat(sent(ch)).isEqualTo("b1-0\n");
        feed(ch, "* Welcome, b1-0!\n* b1-0 joined\n[a] he", "llo\r\n");
        assertThat(h.registration()).isCompleted();
        assertThat(h.lines).containsExactly("* b1-0 joined", "[a] hello");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void shouldFailRegistrationWhenTheServerRefusesTheName() {
        Recording h = new Recording("taken");
        EmbeddedChannel ch = new EmbeddedChannel(h);
        feed(ch, "Enter your name: ");
        assertThat(sent(ch)).isEqualTo("taken\n");
        feed(ch, "error: name taken\nEnter your name: ");
        assertThat(h.registration()).isCompletedExceptionally();
        assertThat(ch.isActive()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldSkipAnOverLongLineAndKeepTheNext() {
        Recording h = new Recording(null);
        EmbeddedChannel ch = new EmbeddedChannel(h);
        assertThat(h.registration()).isCompleted();
        feed(ch, "x".repeat(LineClientHandler.MAX_LINE + 10), "yyy\nshort\n");
        assertThat(h.lines).containsExactly("short");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void shouldHandOverManyLinesFromOneRead() {
        Recording h = new Recording(null);
        EmbeddedChannel ch = new EmbeddedChannel(h);
        feed(ch, "a\nb\n\nc\nd");
        assertThat(h.lines).containsExactly("a", "b", "", "c");
        feed(ch, "\n");
        assertThat(h.lines).containsExactly("a", "b", "", "c", "d");
        ch.finishAndReleaseAll();
    }
}
