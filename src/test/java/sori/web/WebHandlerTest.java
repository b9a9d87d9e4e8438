package sori.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sori.chat.ChatConfig;
import sori.chat.Hub;
import sori.net.LimitCounters;
import sori.net.Guards;
import sori.net.Limits;
import sori.store.MemoryEventStore;

/** The handler on an embedded channel: the session starts at the handshake, and silence is pinged, then closed. */
class WebHandlerTest {

    private final Hub hub = new Hub(ChatConfig.defaults(), new MemoryEventStore(10), () -> 1000L);

    /** The handler after {@code before} (handlers nearer the wire), past its handshake. */
    private EmbeddedChannel upgraded(ChannelHandler... before) {
        EmbeddedChannel ch = new EmbeddedChannel();
        WebMailbox box = new WebMailbox(ch.eventLoop(), new WebCodec(hub.texts()), ByteBufAllocator.DEFAULT, 1 << 20, new LimitCounters());
        ch.pipeline().addLast(before);
        ch.pipeline().addLast(new WebHandler(hub, box, new WebCodec(hub.texts()),
                new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), new Guards(Limits.defaults())));
        ch.pipeline().fireUserEventTriggered(
                new WebSocketServerProtocolHandler.HandshakeComplete("/ws", new DefaultHttpHeaders(), null));
        ch.runPendingTasks();
        return ch;
    }

    private static List<Object> outbound(EmbeddedChannel ch) {
        ch.runPendingTasks();
        List<Object> out = new ArrayList<>();
        Object msg;
        while ((msg = ch.readOutbound()) != null) {
            if (msg instanceof TextWebSocketFrame f) {
                out.add(f.text());
            } else if (msg instanceof ByteBuf raw) {
                out.addAll(WebMailboxTest.rawTextFrames(raw)); // a session's messages in a row, as finished frames
            } else {
                out.add(msg.getClass());
            }
            ReferenceCountUtil.release(msg);
        }
        return out;
    }

    @Test
    void shouldConnectToTheHubOnlyOnceTheHandshakeIsComplete() {
        EmbeddedChannel ch = upgraded();
        assertThat(hub.connections()).isEqualTo(1);
        assertThat(outbound(ch)).containsExactly("{\"type\":\"prompt\"}");
        ch.close();
        assertThat(hub.connections()).isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldPingASilentSocketAndCloseItWhenThePingGoesUnanswered() {
        EmbeddedChannel ch = upgraded();
        outbound(ch);
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        assertThat(outbound(ch)).containsExactly(PingWebSocketFrame.class);
        assertThat(ch.isOpen()).isTrue();
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertThat(outbound(ch)).first().asString().contains("\"type\":\"goodbye\"");
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(hub.connections()).isZero();
        ch.finishAndReleaseAll();
    }

    /**
     * Finished frames go in at the frame encoder, past Netty's protocol handler, which would drop what
     * follows a close frame: once the client's close is seen, the session itself writes nothing more.
     */
    @Test
    void shouldWriteNothingAfterTheClientsCloseFrame() {
        EmbeddedChannel ch = upgraded(new WebSocket13FrameEncoder(false), new FrameGuard(new LimitCounters(), 0));
        ch.writeInbound(new TextWebSocketFrame("{\"type\":\"name\",\"name\":\"mina\"}"));
        assertThat(outbound(ch).toString()).contains("\"type\":\"welcome\"");
        EmbeddedChannel other = upgraded();
        other.writeInbound(new TextWebSocketFrame("{\"type\":\"name\",\"name\":\"jun\"}"));
        other.writeInbound(new TextWebSocketFrame("{\"type\":\"say\",\"text\":\"before\"}"));
        assertThat(outbound(ch).toString()).contains("\"text\":\"before\"");

        ch.writeInbound(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
        other.writeInbound(new TextWebSocketFrame("{\"type\":\"say\",\"text\":\"after\"}"));
        assertThat(outbound(other).toString()).contains("\"text\":\"after\"");
        assertThat(outbound(ch)).isEmpty();
        ch.finishAndReleaseAll();
        other.finishAndReleaseAll();
    }

    @Test
    void shouldAnswerAnUnreadableFrameWithAnErrorAndKeepTheSocket() {
        EmbeddedChannel ch = upgraded();
        outbound(ch);
        ch.writeInbound(new TextWebSocketFrame("{\"type\":"));
        assertThat(outbound(ch)).singleElement().asString().contains("\"code\":\"bad_request\"");
        ch.writeInbound(new TextWebSocketFrame("{\"type\":\"name\",\"name\":\"mina\"}"));
        assertThat(outbound(ch).toString()).contains("\"type\":\"welcome\"");
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }
}
