package sori.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import sori.chat.ChatConfig;
import sori.chat.Hub;
import sori.net.Guards;
import sori.net.LimitCounters;
import sori.net.Limits;
import sori.store.MemoryEventStore;
import sori.testing.FuzzBudget;
import sori.testing.Leaks;

/**
 * The WebSocket JSON handler fed arbitrary frames after a real handshake event: raw bytes, JSON-ish
 * text built from the protocol's own words, and binary frames. Nothing escapes, every frame and
 * every buffer the mailbox wrote is released, the socket stays open (a bad request is answered, not
 * punished), and the Hub's tables stay consistent.
 */
@AddLifecycleHook(FuzzBudget.class)
class WebHandlerFuzzProperties {

    private static final Leaks leaks = Leaks.watch();

    @AfterContainer
    static void noLeakReported() {
        leaks.closeExpectingNone();
    }

    private static final List<String> WORDS = List.of("{", "}", "[", "]", ":", ",", "\"", "\"type\"", "\"name\"",
            "\"say\"", "\"text\"", "\"room\"", "\"join\"", "\"part\"", "\"msg\"", "\"to\"", "\"me\"", "\"nick\"",
            "\"topic\"", "\"who\"", "\"rooms\"", "\"history\"", "\"since\"", "\"command\"", "\"line\"", "\"quit\"",
            "\"/join dev\"", "\"mina\"", "\"lobby\"", "-1", "9223372036854775807", "1e309", "null", "true",
            "\"\\u0000\"", "\"\\ud800\"", "\"민아\"", " ", "\n");

    @Provide
    static Arbitrary<List<String>> frames() {
        Arbitrary<String> jsonish = Arbitraries.of(WORDS).list().ofMaxSize(40).map(w -> String.join("", w));
        Arbitrary<String> raw = Arbitraries.strings().ofMaxLength(200);
        return Arbitraries.oneOf(jsonish, jsonish, raw).list().ofMaxSize(30);
    }

    @Property(tries = 500)
    void shouldAnswerAnyFrameWithoutThrowingOrLeaking(@ForAll("frames") List<String> texts) {
        Hub hub = new Hub(ChatConfig.defaults(), new MemoryEventStore(20), System::currentTimeMillis);
        EmbeddedChannel ch = new EmbeddedChannel();
        WebCodec codec = new WebCodec(hub.texts());
        WebMailbox box = new WebMailbox(ch.eventLoop(), codec, ByteBufAllocator.DEFAULT, 1 << 20, new LimitCounters());
        ch.pipeline().addLast(new WebHandler(hub, box, codec, new DefaultChannelGroup(GlobalEventExecutor.INSTANCE),
                new Guards(Limits.defaults())));
        ch.pipeline().fireUserEventTriggered(
                new WebSocketServerProtocolHandler.HandshakeComplete("/ws", new DefaultHttpHeaders(), null));
        int i = 0;
        for (String t : texts) {
            Object frame = i++ % 7 == 6
                    ? new BinaryWebSocketFrame(Unpooled.copiedBuffer(t, StandardCharsets.UTF_8))
                    : new TextWebSocketFrame(t);
            ch.writeInbound(frame);
            ch.runPendingTasks();
            drain(ch);
        }
        assertThat(hub.users()).isLessThanOrEqualTo(1);
        assertThat(hub.connections()).isLessThanOrEqualTo(1);
        ch.close();
        ch.runPendingTasks();
        drain(ch);
        assertThat(hub.users()).isZero();
        assertThat(hub.connections()).isZero();
        assertThat(hub.roomNames()).isEmpty();
        ch.finishAndReleaseAll();
    }

    private static void drain(EmbeddedChannel ch) {
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ReferenceCountUtil.release(o);
        }
    }
}
