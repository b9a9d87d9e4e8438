package sori.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;

/**
 * Accepted connections carry keepalive with the short timers, so the kernel drops a vanished peer
 * within {@link KeepAlive#DEAD_AFTER_SECONDS}. (A truly silent peer cannot be made on loopback without
 * privileges; the chat's reaction to the resulting "connection timed out" is tested in sori.line.)
 */
class KeepAliveTest {

    /** Accepts one loopback connection with {@code t} and runs {@code check} on its config while it is open. */
    private static void accepted(Transport t, Consumer<ChannelConfig> check) throws Exception {
        EventLoopGroup group = t.newGroup(1, new DefaultThreadFactory("keepalive-test", true));
        try {
            CompletableFuture<ChannelConfig> config = new CompletableFuture<>();
            ServerBootstrap b = new ServerBootstrap().group(group).channel(t.serverChannel())
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            config.complete(ch.config());
                        }
                    });
            KeepAlive.apply(b, t);
            Channel server = b.bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            try (Socket s = new Socket("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort())) {
                ChannelConfig c = config.get(20, TimeUnit.SECONDS);
                assertThat(c.getOption(ChannelOption.SO_KEEPALIVE)).isTrue();
                check.accept(c);
            } finally {
                server.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldFindADeadPeerWithinTwoMinutes() {
        assertThat(KeepAlive.DEAD_AFTER_SECONDS).isLessThanOrEqualTo(120);
    }

    @Test
    void shouldSetShortTimersOnEpollConnections() throws Exception {
        if (!Transport.isAvailable(Transport.EPOLL)) {
            return; // nothing to check where epoll does not load
        }
        accepted(Transport.EPOLL, c -> {
            assertThat(c.getOption(EpollChannelOption.TCP_KEEPIDLE)).isEqualTo(KeepAlive.IDLE_SECONDS);
            assertThat(c.getOption(EpollChannelOption.TCP_KEEPINTVL)).isEqualTo(KeepAlive.INTERVAL_SECONDS);
            assertThat(c.getOption(EpollChannelOption.TCP_KEEPCNT)).isEqualTo(KeepAlive.COUNT);
            assertThat(c.getOption(EpollChannelOption.TCP_USER_TIMEOUT))
                    .isEqualTo(KeepAlive.DEAD_AFTER_SECONDS * 1000);
        });
    }

    @Test
    void shouldSetShortTimersOnIoUringConnections() throws Exception {
        if (!Transport.isAvailable(Transport.IO_URING)) {
            return; // nothing to check where io_uring does not load
        }
        accepted(Transport.IO_URING, c -> {
            assertThat(c.getOption(IoUringChannelOption.TCP_KEEPIDLE)).isEqualTo(KeepAlive.IDLE_SECONDS);
            assertThat(c.getOption(IoUringChannelOption.TCP_KEEPINTVL)).isEqualTo(KeepAlive.INTERVAL_SECONDS);
            assertThat(c.getOption(IoUringChannelOption.TCP_KEEPCNT)).isEqualTo(KeepAlive.COUNT);
            assertThat(c.getOption(IoUringChannelOption.TCP_USER_TIMEOUT))
                    .isEqualTo(KeepAlive.DEAD_AFTER_SECONDS * 1000);
        });
    }

    @Test
    void shouldSetShortTimersOnNioConnectionsWhereTheJdkCan() throws Exception {
        accepted(Transport.NIO, c -> {
            Integer idle = c.getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE));
            if (idle != null) {
                assertThat(idle).isEqualTo(KeepAlive.IDLE_SECONDS);
                assertThat(c.getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL)))
                        .isEqualTo(KeepAlive.INTERVAL_SECONDS);
                assertThat(c.getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT)))
                        .isEqualTo(KeepAlive.COUNT);
            }
        });
    }
}
