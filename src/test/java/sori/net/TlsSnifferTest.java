package sori.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sori.net.TlsSniffer.Verdict;

/** The first-bytes decision, fed in awkward pieces, and what the handlers after the sniffer get to see. */
class TlsSnifferTest {

    @TempDir
    static Path dir;

    private static TlsContexts tls;

    @BeforeAll
    static void certificate() {
        tls = TlsContexts.load(TlsOptions.selfSigned(dir));
    }

    private static ByteBuf hex(String h) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(h.replace(" ", "")));
    }

    private static Verdict classify(String h) {
        ByteBuf b = hex(h);
        try {
            return TlsSniffer.classify(b);
        } finally {
            b.release();
        }
    }

    @Test
    void shouldTellTlsFromTextFromTheFewestBytes() {
        assertThat(classify("")).isEqualTo(Verdict.UNSURE);
        assertThat(classify("68 69 0a")).as("hi\\n").isEqualTo(Verdict.PLAIN);
        assertThat(classify("16")).isEqualTo(Verdict.UNSURE);
        assertThat(classify("16 61")).as("Ctrl-V then text").isEqualTo(Verdict.PLAIN);
        assertThat(classify("16 03 01 00")).isEqualTo(Verdict.UNSURE);
        assertThat(classify("16 03 01 00 c8 01")).as("a ClientHello's header").isEqualTo(Verdict.TLS);
        assertThat(classify("16 03 03 02 00 01 00 01 fc")).isEqualTo(Verdict.TLS);
    }

    @Test
    void shouldCallBrokenHellosGarbage() {
        assertThat(classify("16 03 01 41 41 41")).as("not a ClientHello").isEqualTo(Verdict.GARBAGE);
        assertThat(classify("16 03 01 00 00 01")).as("empty record").isEqualTo(Verdict.GARBAGE);
        assertThat(classify("16 03 01 ff ff 01")).as("longer than a record may be").isEqualTo(Verdict.GARBAGE);
        assertThat(classify("16 03 09 00 c8 01")).as("no such version").isEqualTo(Verdict.GARBAGE);
    }

    @Test
    void shouldGreetASilentClientOfASpeakFirstProtocolAfterTheShortWait() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(tls.newSniffer(true), r);
        assertThat(r.seen).isEmpty(); // channelActive held back
        ch.advanceTimeBy(TlsOptions.GREETING_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(r.seen).containsExactly("active");
        assertThat(ch.pipeline().get(TlsSniffer.class)).isNull();
        ch.writeInbound(Unpooled.copiedBuffer("mina\n", UTF_8));
        assertThat(r.seen).containsExactly("active", "read mina\n");
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldPassPlainTextOnAtTheFirstByteAndReplayIt() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(tls.newSniffer(false), r);
        ch.writeInbound(Unpooled.copiedBuffer("h", UTF_8));
        ch.writeInbound(Unpooled.copiedBuffer("ello", UTF_8));
        assertThat(r.seen).containsExactly("active", "read h", "read ello");
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldPutTlsInPlaceForAHelloInPiecesAndHoldActiveUntilTheHandshake() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(tls.newSniffer(true), r);
        ch.writeInbound(hex("16"));
        ch.writeInbound(hex("03"));
        ch.writeInbound(hex("01 00"));
        assertThat(ch.pipeline().get(SslHandler.class)).isNull();
        ch.writeInbound(hex("c8 01 00 00"));
        assertThat(ch.pipeline().get(SslHandler.class)).isNotNull();
        assertThat(ch.pipeline().get(TlsSniffer.class)).isNull();
        ch.advanceTimeBy(1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(r.seen).isEmpty(); // no prompt in plain text to a TLS client
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldDropAPartialHelloAtTheHandshakeTimeout() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(tls.newSniffer(true), r);
        ch.writeInbound(hex("16 03"));
        ch.advanceTimeBy(TlsOptions.GREETING_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).as("a started hello is not greeted").isTrue();
        ch.advanceTimeBy(TlsOptions.HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(r.seen).containsExactly("inactive");
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldDropGarbageAtOnce() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(tls.newSniffer(false), r);
        ch.writeInbound(hex("16 03 01 41 41 41 41"));
        assertThat(ch.isOpen()).isFalse();
        assertThat(r.seen).containsExactly("inactive");
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldRefusePlainTextWithOneLineWhenTlsOnly() {
        TlsContexts only = TlsContexts.load(TlsOptions.selfSigned(dir).withTlsOnly(true));
        Recorder r = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(only.newSniffer(true), r);
        ch.advanceTimeBy(TlsOptions.GREETING_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).as("TLS-only greets nobody in plain text").isTrue();
        ch.writeInbound(Unpooled.copiedBuffer("mina\n", UTF_8));
        ByteBuf said = ch.readOutbound();
        assertThat(said.toString(UTF_8)).isEqualTo(TlsSniffer.REFUSAL);
        said.release();
        assertThat(ch.isOpen()).isFalse();
        assertThat(r.seen).containsExactly("inactive");
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldLetASilentClientOfAListenFirstProtocolSpeakLater() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(tls.newSniffer(false), r);
        ch.advanceTimeBy(TlsOptions.GREETING_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(r.seen).isEmpty();
        ch.advanceTimeBy(TlsOptions.HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        assertThat(r.seen).containsExactly("active"); // taken for plain text; it may speak later
        ch.finishAndReleaseAll();
    }

    /** Writes down what reaches it (read-complete aside: SslHandler passes those on during a handshake). */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<String> seen = new ArrayList<>();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            seen.add("active");
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            seen.add("inactive");
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            seen.add("read " + b.toString(UTF_8));
            b.release();
        }

    }
}
