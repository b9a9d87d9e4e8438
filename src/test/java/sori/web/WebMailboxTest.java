package sori.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sori.chat.Delivery;
import sori.chat.Event;
import sori.store.MemoryEventStore;
import sori.chat.Hub;
import sori.chat.ChatConfig;
import sori.net.LimitCounters;
import sori.chat.Session;
import sori.chat.Texts;

/** The fan-out path on embedded channels: one encoding per event, one frame per member, order kept, buffers freed. */
class WebMailboxTest {

    private final WebCodec codec = new WebCodec(Texts.forLanguage("en"));

    /** Finished frames written as bytes (a room's run): each must be a final, unmasked text frame. */
    static List<String> rawTextFrames(ByteBuf raw) {
        List<String> out = new ArrayList<>();
        while (raw.isReadable()) {
            assertThat(raw.readUnsignedByte()).isEqualTo((short) 0x81);
            int len = raw.readUnsignedByte();
            assertThat(len & 0x80).as("server frames are not masked").isZero();
            long n = len == 126 ? raw.readUnsignedShort() : len == 127 ? raw.readLong() : len;
            out.add(raw.readCharSequence((int) n, StandardCharsets.UTF_8).toString());
        }
        return out;
    }

    private static List<String> texts(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        Object msg;
        while ((msg = ch.readOutbound()) != null) {
            if (msg instanceof TextWebSocketFrame f) {
                out.add(f.text());
            } else if (msg instanceof ByteBuf raw) {
                out.addAll(rawTextFrames(raw));
            } else {
                out.add(msg.getClass().getSimpleName());
            }
            ReferenceCountUtil.release(msg);
        }
        return out;
    }

    @Test
    void shouldUseEachEventsOneEncodingForEveryMemberInOrder() {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        WebMailbox box = new WebMailbox(a.eventLoop(), codec, ByteBufAllocator.DEFAULT, 1 << 20, new LimitCounters());
        Session[] both = {new WebSession(a, box), new WebSession(b, box)};

        Delivery first = new Delivery(new Event.Said("lobby", 1, 10, "mina", "one"));
        // An event another loop's mailbox already encoded: its bytes are used as they are, not encoded again.
        Delivery second = new Delivery(new Event.Said("lobby", 2, 11, "jun", "two"));
        second.encoded(WebCodec.SLOT, e -> "{\"type\":\"said\",\"seq\":2,\"cached\":true}".getBytes(StandardCharsets.UTF_8));
        box.post(first, both);
        box.post(second, both);
        a.runPendingTasks();

        List<String> seenByA = texts(a);
        assertThat(seenByA).hasSize(2);
        assertThat(seenByA.get(0)).contains("\"seq\":1").contains("\"one\"");
        assertThat(seenByA.get(1)).isEqualTo("{\"type\":\"said\",\"seq\":2,\"cached\":true}");
        assertThat(texts(b)).isEqualTo(seenByA);
        // The first event's JSON now sits in its slot for the other loops' mailboxes.
        assertThat(new String(first.<byte[]>encoded(WebCodec.SLOT, e -> new byte[0]), StandardCharsets.UTF_8))
                .isEqualTo(seenByA.get(0));
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    @Test
    void shouldWriteTheGoodbyeThenACloseFrameAndCloseTheChannel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        WebMailbox box = new WebMailbox(ch.eventLoop(), codec, ByteBufAllocator.DEFAULT, 1 << 20, new LimitCounters());
        WebSession s = new WebSession(ch, box);
        box.post(new Delivery(Event.Goodbye.of("bye")), new Session[] {s});
        box.post(new Delivery(Event.Notice.of("history.none", "too late")), new Session[] {s});
        ch.runPendingTasks();

        List<String> out = texts(ch);
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).contains("\"goodbye\"");
        assertThat(out.get(1)).isEqualTo(CloseWebSocketFrame.class.getSimpleName());
        assertThat(ch.isOpen()).isFalse();
        assertThat(s.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldWriteASessionsOwnMessagesInARowAsOneBufferOfFramesThenTheGoodbyeAlone() {
        EmbeddedChannel ch = new EmbeddedChannel();
        WebMailbox box = new WebMailbox(ch.eventLoop(), codec, ByteBufAllocator.DEFAULT, 1 << 20, new LimitCounters());
        WebSession s = new WebSession(ch, box);
        box.post(new Delivery(new Event.Said("lobby", 1, 10, "mina", "one")), new Session[] {s});
        box.post(new Delivery(Event.Notice.of("history.none", "lobby")), new Session[] {s});
        box.post(new Delivery(Event.Goodbye.of("bye")), new Session[] {s});
        ch.runPendingTasks();

        ByteBuf joined = ch.readOutbound();
        assertThat(rawTextFrames(joined)).satisfiesExactly(
                said -> assertThat(said).contains("\"one\""),
                notice -> assertThat(notice).contains("\"notice\""));
        joined.release();
        assertThat(texts(ch)).satisfiesExactly(
                goodbye -> assertThat(goodbye).contains("\"goodbye\""),
                close -> assertThat(close).isEqualTo(CloseWebSocketFrame.class.getSimpleName()));
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldSkipMembersWhoseSocketIsClosing() {
        EmbeddedChannel open = new EmbeddedChannel();
        EmbeddedChannel closing = new EmbeddedChannel();
        WebMailbox box = new WebMailbox(open.eventLoop(), codec, ByteBufAllocator.DEFAULT, 1 << 20, new LimitCounters());
        WebSession gone = new WebSession(closing, box);
        gone.connect(new Hub(ChatConfig.defaults(), new MemoryEventStore(10), () -> 0L));
        closing.close(); // its channel closed: the session leaves the Hub and writes nothing more
        box.post(new Delivery(Event.Notice.of("history.none", "hi")), new Session[] {new WebSession(open, box), gone});
        open.runPendingTasks();

        assertThat(texts(open)).hasSize(1);
        assertThat(texts(closing)).isEmpty();
        open.finishAndReleaseAll();
        closing.finishAndReleaseAll();
    }
}
