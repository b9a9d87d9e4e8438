package sori.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The bridge on an embedded channel, the server's side played by hand: a server with echo-message (as sori)
 * and one without (as ngircd), lines split across reads.
 */
class IrcBridgeTest {

    private static EmbeddedChannel channel(LineClientHandlerTest.Recording h) {
        IrcBridge bridge = new IrcBridge(h);
        return new EmbeddedChannel(bridge, bridge.new Out(), h);
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

    private static void register(EmbeddedChannel ch, String capLs) {
        feed(ch, capLs);
        feed(ch, ":srv 001 b1-0 :Welcome\r\n:srv 005 b1-0 NETWORK=x :are supported\r\n");
        assertThat(sent(ch)).endsWith("JOIN #lobby\r\n");
        feed(ch, ":b1-0!~b@host JOIN #lobby\r\n:srv 353 b1-0 = #lobby :b1-0\r\n:srv 366 b1-0 #lobby :End of ");
        feed(ch, "/NAMES list\r\n");
    }

    @Test
    void shouldRequestEchoMessageWhenOfferedAndSendPlainPrivmsgs() {
        LineClientHandlerTest.Recording h = new LineClientHandlerTest.Recording("b1-0");
        EmbeddedChannel ch = channel(h);
        assertThat(sent(ch)).isEqualTo("CAP LS 302\r\nNICK b1-0\r\nUSER b1-0 0 * :sori bench\r\n");

        feed(ch, ":srv CAP * LS * :multi-prefix sasl=PLAIN\r\n");
        assertThat(sent(ch)).isEmpty();
        feed(ch, ":srv CAP * LS :echo-message server-time\r\n");
        assertThat(sent(ch)).isEqualTo("CAP REQ :echo-message\r\n");
        feed(ch, ":srv CAP * ACK :echo-message\r\n");
        assertThat(sent(ch)).isEqualTo("CAP END\r\n");
        assertThat(h.registration()).isNotDone();
        register(ch, "");

        assertThat(h.registration()).isCompleted();
        ch.writeAndFlush(Unpooled.copiedBuffer("~b1:0:0:5:x\n", StandardCharsets.US_ASCII));
        assertThat(sent(ch)).isEqualTo("PRIVMSG #lobby :~b1:0:0:5:x\r\n");
        feed(ch, "@time=2026-01-01T00:00:00Z :b1-0!~b@h PRIVMSG #lobby :~b1:0:0:5:x\r\n:srv PONG srv :~b1:0:0:6:\r\n",
                ":b1-1!~b@h NOTICE #lobby :~b1:1:0:7:\r\n:b1-1!~b@h PRIV", "MSG #lobby :~b1:1:0:8:\n");
        assertThat(h.lines).containsExactly("~b1:0:0:5:x", "~b1:1:0:8:");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void shouldReadTheCommonChannelLineInPlaceAndEveryOtherShapeThroughTheFullParse() {
        LineClientHandlerTest.Recording h = new LineClientHandlerTest.Recording("b1-0");
        EmbeddedChannel ch = channel(h);
        feed(ch, ":srv CAP * LS :echo-message\r\n", ":srv CAP * ACK echo-message\r\n");
        register(ch, "");
        sent(ch);
        // The in-place shape, an empty text, another target, a longer command, no colon before the text
        // (so no trailing parameter: nothing delivered), a tag, and a source-less line.
        feed(ch, ":a!~u@h PRIVMSG #lobby :one\r\n",
                ":a!~u@h PRIVMSG #lobby :\r\n",
                ":a!~u@h PRIVMSG #lobby2 :two\r\n",
                ":a!~u@h PRIVMSGS #lobby :no\r\n",
                ":a!~u@h PRIVMSG #lobby three\r\n",
                "@x=y :a!~u@h PRIVMSG #lobby :four\r\n",
                "PRIVMSG #lobby :five\n");
        assertThat(h.lines).containsExactly("one", "", "two", "four", "five");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void shouldTakeAOneWordCapListSentWithoutAColon() {
        LineClientHandlerTest.Recording h = new LineClientHandlerTest.Recording("b1-0");
        EmbeddedChannel ch = channel(h);
        sent(ch);
        feed(ch, ":srv CAP * LS echo-message\r\n");
        assertThat(sent(ch)).isEqualTo("CAP REQ :echo-message\r\n");
        feed(ch, ":srv CAP * ACK echo-message\r\n");
        assertThat(sent(ch)).isEqualTo("CAP END\r\n");
        register(ch, "");

        ch.writeAndFlush(Unpooled.copiedBuffer("~b1:0:0:5:x\n", StandardCharsets.US_ASCII));
        assertThat(sent(ch)).as("echo-message is on: no PING follows").isEqualTo("PRIVMSG #lobby :~b1:0:0:5:x\r\n");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void shouldFollowEachMessageWithAPingAndTakeThePongAsTheEchoWithoutEchoMessage() {
        LineClientHandlerTest.Recording h = new LineClientHandlerTest.Recording("b1-0");
        EmbeddedChannel ch = channel(h);
        sent(ch);
        feed(ch, ":srv CAP * LS :multi-prefix\r\n");
        assertThat(sent(ch)).isEqualTo("CAP END\r\n");
        register(ch, "");

        ch.writeAndFlush(Unpooled.copiedBuffer("~b1:0:0:5:x\n", StandardCharsets.US_ASCII));
        assertThat(sent(ch)).isEqualTo("PRIVMSG #lobby :~b1:0:0:5:x\r\nPING :~b1:0:0:5:x\r\n");
        feed(ch, ":srv PONG srv :~b1:0:0:5:x\r\nPING :srv\r\n");
        assertThat(h.lines).containsExactly("~b1:0:0:5:x");
        assertThat(sent(ch)).isEqualTo("PONG :srv\r\n");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void shouldRefuseTheRegistrationWhenTheNickIsTaken() {
        LineClientHandlerTest.Recording h = new LineClientHandlerTest.Recording("b1-0");
        EmbeddedChannel ch = channel(h);
        feed(ch, ":srv CAP * LS :\r\n:srv 433 * b1-0 :Nickname already in use\r\n");

        assertThat(h.registration()).isCompletedExceptionally();
        assertThat(h.registration().exceptionNow()).hasMessageContaining("433");
        ch.finishAndReleaseAll();
    }
}
