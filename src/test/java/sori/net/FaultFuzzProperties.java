package sori.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import sori.chat.ChatConfig;
import sori.chat.Hub;
import sori.line.LineInitializer;
import sori.server.ServerConfig;
import sori.store.MemoryEventStore;
import sori.testing.FuzzBudget;
import sori.testing.Leaks;
import sori.web.WebConfig;
import sori.web.WebInitializer;

/**
 * The invariant of {@link ChannelSession}, tried the hard way: every pipeline the server builds (plain
 * text; HTTP upgraded to WebSocket, with and without permessage-deflate, and behind the TLS sniffer that
 * lets https share the port), a failure injected at any
 * stage (a handler placed before the chosen one that throws from a read, from {@code channelInactive},
 * from a user event, from a write, or from its own removal), at any moment (before the upgrade or name,
 * after it), then the connection ends. However it ends, the Hub is empty afterwards: no user, no
 * connection, no room, and no buffer leaked. A fault in the read path must end the connection by
 * itself. Tries: the short budget below in CI, {@code -Dsori.fuzz.tries=N} by hand.
 */
@AddLifecycleHook(FuzzBudget.class)
class FaultFuzzProperties {

    private static final Leaks leaks = Leaks.watch();

    @AfterContainer
    static void noLeakReported() {
        leaks.closeExpectingNone();
    }

    enum Pipeline { LINE, WEB, WEB_DEFLATE, WEB_TLS_SNIFFED }

    /** https beside http: the web pipeline behind the TLS sniffer, which the plain bytes below pass. */
    private static TlsContexts tls;
    private static Path tlsDir;

    private static synchronized TlsContexts tls() throws IOException {
        if (tls == null) {
            tlsDir = Files.createTempDirectory("sori-fault-tls");
            tls = TlsContexts.load(TlsOptions.selfSigned(tlsDir));
        }
        return tls;
    }

    @AfterContainer
    static synchronized void removeTlsFiles() throws IOException {
        if (tlsDir != null) {
            try (var files = Files.walk(tlsDir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    enum Fault { READ, INACTIVE, USER_EVENT, WRITE, REMOVED }

    enum Moment { ON_CONNECT, AFTER_NAME }

    @Property(tries = 300)
    void shouldLeaveTheHubEmptyWhateverFailsWherever(@ForAll Pipeline pipeline, @ForAll @IntRange(max = 40) int stage,
            @ForAll Fault fault, @ForAll Moment moment) throws Exception {
        Hub hub = new Hub(ChatConfig.defaults(), new MemoryEventStore(20), System::currentTimeMillis);
        Guards guards = new Guards(Limits.defaults());
        ChannelInitializer<?> init = switch (pipeline) {
            case LINE -> new LineInitializer(hub, ServerConfig.IDLE_FLUSH_MILLIS, ServerConfig.OUTBOUND_LIMIT, guards,
                    null);
            case WEB, WEB_DEFLATE, WEB_TLS_SNIFFED -> new WebInitializer(hub, WebConfig.defaults(0)
                    .withCompression(pipeline == Pipeline.WEB_DEFLATE), ServerConfig.OUTBOUND_LIMIT,
                    new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), guards,
                    pipeline == Pipeline.WEB_TLS_SNIFFED ? tls() : null);
        };
        EmbeddedChannel ch = new EmbeddedChannel(false, false, init);
        ch.config().setAllocator(leaks.allocator());
        ch.register();
        boolean web = pipeline != Pipeline.LINE;
        if (moment == Moment.AFTER_NAME) {
            if (web) {
                send(ch, upgrade(pipeline == Pipeline.WEB_DEFLATE));
            }
            send(ch, input(web, "f" + stage));
        }
        settle(ch);
        int usersBefore = hub.users();
        assertThat(usersBefore).as("named before the fault").isEqualTo(moment == Moment.AFTER_NAME ? 1 : 0);

        List<String> names = new ArrayList<>(ch.pipeline().names());
        names.removeIf(n -> n.startsWith("DefaultChannelPipeline$TailContext"));
        if (ch.isOpen() && !names.isEmpty()) {
            ch.pipeline().addBefore(names.get(stage % names.size()), "fault", new Faulty(fault));
        }
        // The trigger: more input (a read, a write in answer), then the peer leaves.
        send(ch, web && moment == Moment.ON_CONNECT ? upgrade(false) : input(web, "/who"));
        ch.pipeline().fireUserEventTriggered("poke");
        settle(ch);
        if (fault == Fault.READ && ch.pipeline().get("fault") != null && usersBefore > 0) {
            assertThat(ch.isOpen()).as("a failed read ends the connection").isFalse();
        }
        ch.close();
        settle(ch);

        assertThat(hub.users()).isZero();
        assertThat(hub.connections()).isZero();
        assertThat(hub.roomNames()).isEmpty();
        ch.finishAndReleaseAll();
        assertThat(leaks.unreleased()).isEmpty();
    }

    /** Throws where told, once; everything else passes through. */
    private static final class Faulty extends ChannelDuplexHandler {
        private final Fault fault;
        private boolean fired;

        Faulty(Fault fault) {
            this.fault = fault;
        }

        private boolean now(Fault f) {
            if (fault == f && !fired) {
                fired = true;
                return true;
            }
            return false;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (now(Fault.READ)) {
                ReferenceCountUtil.release(msg);
                throw new IllegalStateException("injected: read");
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (now(Fault.INACTIVE)) {
                throw new IllegalStateException("injected: inactive"); // and the event stops here
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (now(Fault.USER_EVENT)) {
                ReferenceCountUtil.release(evt);
                throw new IllegalStateException("injected: user event");
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (now(Fault.WRITE)) {
                ReferenceCountUtil.release(msg);
                throw new IllegalStateException("injected: write");
            }
            ctx.write(msg, promise);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            if (now(Fault.REMOVED)) {
                throw new IllegalStateException("injected: removed");
            }
        }
    }

    private static byte[] upgrade(boolean deflate) {
        return ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (deflate ? "Sec-WebSocket-Extensions: permessage-deflate\r\n" : "") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A name or command as the protocol carries it: a line, or a masked text frame of JSON. */
    private static byte[] input(boolean web, String text) {
        if (!web) {
            return (text + "\n").getBytes(StandardCharsets.UTF_8);
        }
        String json = text.startsWith("/") ? "{\"type\":\"command\",\"line\":\"" + text + "\"}"
                : "{\"type\":\"name\",\"name\":\"" + text + "\"}";
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x81);
        f.write(0x80 | payload.length); // short JSON: under 126 bytes
        byte[] key = {1, 2, 3, 4};
        f.writeBytes(key);
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ key[i % 4]);
        }
        return f.toByteArray();
    }

    private static void send(EmbeddedChannel ch, byte[] bytes) {
        if (ch.isOpen()) {
            ch.writeInbound(leaks.allocator().buffer(bytes.length).writeBytes(bytes));
        }
    }

    /** Runs what is due until quiet, and throws away what was written and what reached the tail. */
    private static void settle(EmbeddedChannel ch) {
        for (int round = 0; round < 10; round++) {
            ch.runPendingTasks();
            try {
                ch.checkException();
            } catch (Throwable reachedTail) {
                // an injected fault that passed every handler: logged by Netty, not our question here
            }
        }
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ReferenceCountUtil.release(o);
        }
        Object in;
        while ((in = ch.readInbound()) != null) {
            ReferenceCountUtil.release(in);
        }
    }
}
