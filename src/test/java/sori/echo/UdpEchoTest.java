package sori.echo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sori.net.Transport;

class UdpEchoTest {
    private static EventLoopGroup group;
    private EchoServer server;

    @BeforeAll
    static void startLoops() {
        group = Transport.best().newGroup(1, new DefaultThreadFactory("test-udp", true));
    }

    @AfterAll
    static void stopLoops() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    private static byte[] roundTrip(DatagramSocket socket, InetSocketAddress to, byte[] msg) throws Exception {
        socket.setSoTimeout(EchoTestSupport.TIMEOUT_MS);
        socket.send(new DatagramPacket(msg, msg.length, to));
        byte[] buf = new byte[65_536];
        DatagramPacket reply = new DatagramPacket(buf, buf.length);
        socket.receive(reply);
        return Arrays.copyOf(buf, reply.getLength());
    }

    @Test
    void shouldSendEachDatagramBackToItsSender() throws Exception {
        server = new EchoServer(EchoConfig.tcp(0).withHost("127.0.0.1").withUdp(true), group);
        InetSocketAddress a = server.start();
        try (DatagramSocket alice = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
                DatagramSocket bob = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            assertThat(roundTrip(alice, a, "안녕 alice".getBytes(UTF_8))).isEqualTo("안녕 alice".getBytes(UTF_8));
            assertThat(roundTrip(bob, a, "hi bob".getBytes(UTF_8))).isEqualTo("hi bob".getBytes(UTF_8));
            assertThat(roundTrip(alice, a, "end\n".getBytes(UTF_8))).isEqualTo("end\n".getBytes(UTF_8));
        }
        assertThat(server.terminated()).isNotDone();
    }

    @Test
    void shouldReturnLargeDatagramWhole() throws Exception {
        server = new EchoServer(EchoConfig.tcp(0).withHost("127.0.0.1").withUdp(true), group);
        InetSocketAddress a = server.start();
        byte[] big = new byte[60_000];
        new Random(7).nextBytes(big);
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            assertThat(roundTrip(s, a, big)).isEqualTo(big);
        }
    }

    @Test
    void shouldAnswerIpv4AndIpv6ByDefault() throws Exception {
        server = new EchoServer(EchoConfig.tcp(0).withUdp(true), group);
        InetSocketAddress bound = server.start();
        try (DatagramSocket s = new DatagramSocket()) {
            InetSocketAddress v4 = new InetSocketAddress("127.0.0.1", bound.getPort());
            assertThat(roundTrip(s, v4, "v4".getBytes(UTF_8))).isEqualTo("v4".getBytes(UTF_8));
            if (bound.getAddress() instanceof Inet6Address) {
                InetSocketAddress v6 = new InetSocketAddress("::1", bound.getPort());
                assertThat(roundTrip(s, v6, "v6".getBytes(UTF_8))).isEqualTo("v6".getBytes(UTF_8));
            }
        }
    }

    @Test
    void shouldStopAfterFirstDatagramWithOnce() throws Exception {
        server = new EchoServer(EchoConfig.tcp(0).withHost("127.0.0.1").withUdp(true).withOnce(true), group);
        InetSocketAddress a = server.start();
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            assertThat(roundTrip(s, a, "only one".getBytes(UTF_8))).isEqualTo("only one".getBytes(UTF_8));
        }
        server.terminated().get(10, TimeUnit.SECONDS);
    }
}
