package sori.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bridge on an embedded channel, as if the WebSocket handshake were done: frames in, frames out. */
class WsBridgeTest {

    private static EmbeddedChannel channel(LineClientHandlerTest.Recording h) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast(new WsBridge(h), h);
        return ch;
    }

    private static void event(EmbeddedChannel ch, String json) {
        ch.writeInbound(new TextWebSocketFrame(json));
    }

    private static String sent(EmbeddedChannel ch) {
        StringBuilder b = new StringBuilder();
        Object out;
        while ((out = ch.readOutbound()) != null) {
            TextWebSocketFrame f = (TextWebSocketFrame) out;
            b.append(f.text()).append('\n');
            f.release();
        }
        return b.toString();
    }

    private static EmbeddedChannel welcomed(LineClientHandlerTest.Recording h) {
        EmbeddedChannel ch = channel(h);
        event(ch, "{\"type\":\"prompt\"}");
        sent(ch);
        event(ch, "{\"type\":\"welcome\",\"name\":\"b1-0\",\"room\":\"lobby\",\"members\":[\"b1-0\"],\"count\":1}");
        return ch;
    }

    @Test
    void shouldAnswerThePromptWithTheNameAndRegisterOnWelcome() {
        LineClientHandlerTest.Recording h = new LineClientHandlerTest.Recording("b1-0");
        EmbeddedChannel ch = channel(h);

        event(ch, "{\"type\":\"prompt\"}");
        assertThat(sent(ch)).isEqualTo("{\"type\":\"name\",\"name\":\"b1-0\"}\n");
        assertThat(h.registration()).isNotDone();

        event(ch, "{\"type\":\"welcome\",\"name\":\"b1-0\",\"room\":\"lobby\",\"members\":[\"b1-0\"],\"count\":1}");
        assertThat(h.registration()).isCompleted();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void shouldHandOverTheTextOfSaidEventsOnlyAndReleaseEveryFrame() {
        LineClientHandlerTest.Recording h = new LineClientHandlerTest.Recording("b1-0");
        EmbeddedChannel ch = welcomed(h);
        TextWebSocketFrame said = new TextWebSocketFrame("{\"type\":\"said\",\"room\":\"lobby\",\"seq\":3,\"time\":1,"
                + "\"name\":\"b1-1\",\"text\":\"~b1:1:0:99:xx\"}");
        TextWebSocketFrame joined = new TextWebSocketFrame("{\"type\":\"joined\",\"room\":\"lobby\",\"seq\":4,"
                + "\"time\":1,\"name\":\"b1-2\"}");
        BinaryWebSocketFrame binary = new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2}));

        ch.writeInbound(said, joined, binary);
        event(ch, "{\"type\":\"replayed\",\"event\":{\"type\":\"said\",\"text\":\"~b1:1:0:1:\"}}");

        assertThat(h.lines).containsExactly("~b1:1:0:99:xx");
        assertThat(said.refCnt()).isZero();
        assertThat(joined.refCnt()).isZero();
        assertThat(binary.refCnt()).isZero();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void shouldSendEachWrittenLineAsASayRequestInTheWelcomeRoom() {
        LineClientHandlerTest.Recording h = new LineClientHandlerTest.Recording("b1-0");
        EmbeddedChannel ch = welcomed(h);
        ByteBuf line = Unpooled.buffer();
        Marker.write(line, 7, 0, 5, 123, 40);

        ch.writeOutbound(line, Unpooled.copiedBuffer("say \"hi\"\n", StandardCharsets.UTF_8));

        String marker = "~b7:0:5:123:" + "x".repeat(40 - 1 - "~b7:0:5:123:".length());
        assertThat(sent(ch)).isEqualTo("{\"type\":\"say\",\"room\":\"lobby\",\"text\":\"" + marker + "\"}\n"
                + "{\"type\":\"say\",\"room\":\"lobby\",\"text\":\"say \\\"hi\\\"\"}\n");
        assertThat(line.refCnt()).isZero();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void shouldFailRegistrationWhenTheServerRefusesTheName() {
        LineClientHandlerTest.Recording h = new LineClientHandlerTest.Recording("taken");
        EmbeddedChannel ch = channel(h);
        event(ch, "{\"type\":\"prompt\"}");
        sent(ch);

        event(ch, "{\"type\":\"error\",\"code\":\"name.taken\",\"text\":\"error: the name taken is taken\"}");

        assertThat(h.registration()).isCompletedExceptionally();
        assertThat(h.registration().exceptionNow()).hasMessageContaining("the name taken is taken");
        assertThat(ch.isActive()).isFalse();
        ch.finishAndReleaseAll();
    }
}
