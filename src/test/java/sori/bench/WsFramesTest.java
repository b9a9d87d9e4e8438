package sori.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-place frame reader on an embedded channel: raw server bytes in, texts to the handler, the rest on. */
class WsFramesTest {

    private static final String SAID = "{\"type\":\"said\",\"room\":\"lobby\",\"seq\":%d,\"time\":1,\"name\":\"b1-1\","
            + "\"text\":\"%s\"}";

    /** Frame objects that reach the stage after the reader (the protocol handler's place in a real pipeline). */
    private final List<String> passed = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();

    private EmbeddedChannel channel(LineClientHandlerTest.Recording h) {
        WsBridge bridge = new WsBridge(h);
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast(new WsFrames(bridge), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                WebSocketFrame f = (WebSocketFrame) msg;
                passed.add(f.getClass().getSimpleName() + (f.isFinalFragment() ? "" : " (more)") + ":"
                        + f.content().toString(StandardCharsets.UTF_8));
                ctx.fireChannelRead(msg);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                errors.add(cause);
            }
        }, bridge, h);
        return ch;
    }

    /** An unmasked frame as a server sends it. */
    private static byte[] frame(int first, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first);
        int n = payload.length;
        if (n < 126) {
            out.write(n);
        } else if (n < 65536) {
            out.write(126);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) n >> shift));
            }
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] text(String json) {
        return frame(0x81, json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** {@code bytes} in reads of {@code step} bytes (the last one shorter). */
    private static void feed(EmbeddedChannel ch, byte[] bytes, int step) {
        for (int at = 0; at < bytes.length; at += step) {
            ch.writeInbound(Unpooled.copiedBuffer(bytes, at, Math.min(step, bytes.length - at)));
        }
    }

    private static EmbeddedChannel welcomed(WsFramesTest t, LineClientHandlerTest.Recording h) {
        EmbeddedChannel ch = t.channel(h);
        feed(ch, concat(text("{\"type\":\"prompt\"}"), text("{\"type\":\"welcome\",\"room\":\"lobby\"}")), 64);
        Object name;
        while ((name = ch.readOutbound()) != null) {
            ReferenceCountUtil.release(name);
        }
        assertThat(h.registration()).isCompleted();
        return ch;
    }

    @Test
    void shouldHandEveryTextOverInOrderWhateverTheReadsCutThroughHeadersAndPayloads() {
        String big = "y".repeat(300); // a two-byte length
        byte[] stream = concat(text(SAID.formatted(1, "a")), text(SAID.formatted(2, big)),
                text("{\"type\":\"joined\",\"room\":\"lobby\",\"seq\":3,\"time\":1,\"name\":\"c\"}"),
                text(SAID.formatted(4, "b")));
        for (int step = 1; step <= stream.length; step += step < 8 ? 1 : 37) {
            LineClientHandlerTest.Recording h = new LineClientHandlerTest.Recording("b1-0");
            EmbeddedChannel ch = welcomed(this, h);
            feed(ch, stream, step);
            assertThat(h.lines).as("reads of %d bytes", step).containsExactly("a", big, "b");
            assertThat(ch.finishAndReleaseAll()).isFalse();
        }
        assertThat(passed).isEmpty();
        assertThat(errors).isEmpty();
    }

    @Test
    void shouldPassPingsAndFragmentsOnAsFrameObjectsInTheirPlaceInTheStream() {
        LineClientHandlerTest.Recording h = new LineClientHandlerTest.Recording("b1-0");
        EmbeddedChannel ch = welcomed(this, h);

        byte[] ping = frame(0x89, "are you there".getBytes(StandardCharsets.US_ASCII));
        byte[] fragment = frame(0x01, "{\"type\":".getBytes(StandardCharsets.US_ASCII)); // FIN clear: more to come
        feed(ch, concat(text(SAID.formatted(1, "first")), ping, fragment, text(SAID.formatted(2, "after"))), 1000);

        assertThat(passed).containsExactly("PingWebSocketFrame:are you there", "TextWebSocketFrame (more):{\"type\":");
        assertThat(h.lines).containsExactly("first", "after");
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldRefuseAMaskedFrameAndOneLongerThanTheBound() {
        LineClientHandlerTest.Recording h = new LineClientHandlerTest.Recording("b1-0");
        EmbeddedChannel ch = welcomed(this, h);
        byte[] masked = text(SAID.formatted(1, "x"));
        masked[1] |= (byte) 0x80;
        feed(ch, masked, 1000);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).hasMessageContaining("masked");
        ch.finishAndReleaseAll();

        errors.clear();
        EmbeddedChannel other = welcomed(this, new LineClientHandlerTest.Recording("b1-0"));
        // Only the header: the bound is checked before the payload is waited for.
        byte[] header = {(byte) 0x81, 127, 0, 0, 0, 0, 0, 1, 0, 1};
        feed(other, header, 1000);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).hasMessageContaining("65537 bytes");
        other.finishAndReleaseAll();
    }

    @Test
    void shouldTakeThePlaceOfNettysDecoderOnThePromptAndReadEverythingAfterIt() {
        LineClientHandlerTest.Recording h = new LineClientHandlerTest.Recording("b1-0");
        EmbeddedChannel ch = new EmbeddedChannel();
        // A client's decoder: the server's frames are not masked.
        ch.pipeline().addLast("ws-decoder", new WebSocket08FrameDecoder(false, false, WsBridge.MAX_FRAME));
        ch.pipeline().addLast(new WsBridge(h), h);

        feed(ch, text("{\"type\":\"prompt\"}"), 1000);
        assertThat(ch.pipeline().get(WebSocket08FrameDecoder.class)).isNull();
        assertThat(ch.pipeline().get(WsFrames.class)).isNotNull();
        TextWebSocketFrame name = ch.readOutbound();
        assertThat(name.text()).isEqualTo("{\"type\":\"name\",\"name\":\"b1-0\"}");
        name.release();

        feed(ch, concat(text("{\"type\":\"welcome\",\"room\":\"lobby\"}"), text(SAID.formatted(1, "hello"))), 7);
        assertThat(h.registration()).isCompleted();
        assertThat(h.lines).containsExactly("hello");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }
}
