package sori.line;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sori.chat.Delivery;
import sori.chat.Event;
import sori.chat.Session;
import sori.chat.Texts;
import sori.net.LimitCounters;

/**
 * A session's own deliveries in a row (a welcome, a reply, a replay) leave as one buffer: one write,
 * one outbound entry, and io_uring's per-connection record of a write stays one entry long.
 */
class SessionRunTest {

    private final EmbeddedChannel ch = new EmbeddedChannel();
    private final LineMailbox mailbox = new LineMailbox(ch.eventLoop(), new LineCodec(Texts.forLanguage("en")),
            UnpooledByteBufAllocator.DEFAULT, 1 << 20, new LimitCounters());
    private final LineSession session = new LineSession(ch, mailbox);

    SessionRunTest() {
        session.viewRoom = "lobby";
    }

    /** Each write the channel got, as text. */
    private List<String> writes() {
        ch.runPendingTasks();
        List<String> out = new ArrayList<>();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            out.add(((ByteBuf) o).toString(StandardCharsets.UTF_8));
            ((ByteBuf) o).release();
        }
        return out;
    }

    private static Delivery said(long seq, String name, String text) {
        return new Delivery(new Event.Said("lobby", seq, 10 + seq, name, text));
    }

    @Test
    void shouldWritePostsInARowToOneSessionAsOneBufferInOrder() {
        // Separate arrays, as the Hub posts them: what joins them is the session, not the array.
        mailbox.post(said(1, "mina", "one"), new Session[] {session});
        mailbox.post(said(2, "jun", "two"), new Session[] {session});
        mailbox.post(new Delivery(new Event.Switched("lounge", false)), new Session[] {session});
        mailbox.post(said(3, "mina", "three"), new Session[] {session});

        List<String> writes = writes();

        assertThat(writes).hasSize(1);
        assertThat(writes.get(0)).containsSubsequence("one", "two", "three");
        // The switch in the middle still applies to what follows it: lobby is no longer the view.
        assertThat(writes.get(0).lines().filter(l -> l.contains("three")).findFirst().orElseThrow())
                .contains("lobby");
        assertThat(writes.get(0).lines().filter(l -> l.contains("one")).findFirst().orElseThrow())
                .doesNotContain("lobby");
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldSendAGoodbyeLastAndAloneAndNothingAfterIt() {
        Session[] to = {session};
        mailbox.post(said(1, "mina", "one"), to);
        mailbox.post(said(2, "jun", "two"), to);
        mailbox.post(new Delivery(Event.Goodbye.of(Event.Goodbye.RESTART)), to);
        mailbox.post(said(3, "mina", "late"), to);

        List<String> writes = writes();

        assertThat(writes).hasSize(2);
        assertThat(writes.get(0)).containsSubsequence("one", "two").doesNotContain("late");
        assertThat(writes.get(1)).isNotBlank().doesNotContain("late").doesNotContain("one");
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }
}
