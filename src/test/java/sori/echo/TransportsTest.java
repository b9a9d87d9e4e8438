package sori.echo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import sori.client.Client;
import sori.client.ClientConfig;
import sori.client.Target;
import sori.net.Transport;

/** The same echo over each transport that loads here: epoll and io_uring must behave as NIO does. */
class TransportsTest {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void shouldEchoTcpUdpAndServeClientOn(Transport transport) throws Exception {
        Assumptions.assumeTrue(Transport.isAvailable(transport), () -> transport + " does not load here");
        EventLoopGroup group = transport.newGroup(1, new DefaultThreadFactory("test-" + transport, true));
        EchoConfig tcp = new EchoConfig(
                "127.0.0.1", 0, false, false, false, EchoConfig.DEFAULT_IDLE_FLUSH, transport);
        try (EchoServer server = new EchoServer(tcp, group); EchoServer udp = new EchoServer(tcp.withUdp(true), group)) {
            InetSocketAddress a = server.start();
            try (Socket s = EchoTestSupport.connect(a)) {
                s.getOutputStream().write("소리\nend\n".getBytes(UTF_8));
                assertThat(new String(EchoTestSupport.readToEof(s), UTF_8)).isEqualTo("소리\nend\n");
            }

            InetSocketAddress u = udp.start();
            try (DatagramSocket d = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
                d.setSoTimeout(EchoTestSupport.TIMEOUT_MS);
                byte[] msg = "udp 소리".getBytes(UTF_8);
                d.send(new DatagramPacket(msg, msg.length, u));
                byte[] buf = new byte[256];
                DatagramPacket reply = new DatagramPacket(buf, buf.length);
                d.receive(reply);
                assertThat(Arrays.copyOf(buf, reply.getLength())).isEqualTo(msg);
            }

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ClientConfig client = new ClientConfig(new Target("127.0.0.1", a.getPort()), transport, null,
                    new ByteArrayInputStream("from the client".getBytes(UTF_8)), out,
                    ClientConfig.DEFAULT_CONNECT_TIMEOUT);
            // Returns once the server has echoed and closed after our EOF.
            CompletableFuture.runAsync(new Client(client, group)::run, task -> Thread.ofPlatform().daemon().start(task))
                    .get(15, TimeUnit.SECONDS);
            assertThat(out.toString(UTF_8)).isEqualTo("from the client");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
