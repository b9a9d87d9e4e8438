package sori.cli;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sori.echo.EchoConfig;
import sori.echo.EchoServer;
import sori.net.Addresses;
import sori.net.Transport;

/** {@code sori echo}: the seed's echo servers, TCP or UDP, many clients at once. */
@Command(
        name = "echo",
        mixinStandardHelpOptions = true,
        description = {
            "Echo every byte back to the client that sent it.",
            "A client that sends the line 'end' (or a bare 'end' and a pause) is disconnected after its echo."
        })
public final class EchoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDR",
            description = "Address to bind (default: every interface, IPv6 and IPv4).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = EchoConfig.DEFAULT_PORT;

    @Option(names = "--once", description = "Echo the first message of the first client, then exit.")
    boolean once;

    @Option(names = "--exit-when-empty", description = "Exit when the last client leaves (TCP).")
    boolean exitWhenEmpty;

    @Option(names = "--udp", description = "Echo UDP datagrams to their sender instead of TCP.")
    boolean udp;

    @Option(names = "--idle-flush-ms", paramLabel = "MS",
            description = "A pause this long ends a line sent without newline (default: ${DEFAULT-VALUE}).")
    long idleFlushMs = EchoConfig.DEFAULT_IDLE_FLUSH.toMillis();

    @Option(names = "--transport", paramLabel = "auto|epoll|io_uring|nio",
            description = "I/O transport (default: ${DEFAULT-VALUE}: io_uring where it loads, else epoll, else nio).")
    String transport = "auto";

    @Mixin
    TlsMixin tls;

    @Override
    public Integer call() throws InterruptedException {
        Transport t = TransportChoice.of(spec, transport);
        EchoConfig config;
        try {
            config = new EchoConfig(host, port, once, exitWhenEmpty, udp, Duration.ofMillis(idleFlushMs), t,
                    tls.options());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        EventLoopGroup group = t.newGroup(Transport.defaultLoops(), new DefaultThreadFactory("sori-echo"));
        try {
            EchoServer server = new EchoServer(config, group);
            InetSocketAddress bound = server.start();
            PrintWriter err = spec.commandLine().getErr();
            err.println("sori echo on " + Addresses.format(bound) + " (" + (udp ? "udp" : "tcp") + ", " + t + ")");
            err.flush();
            if (server.tls() != null) {
                TlsMixin.announce(err, server.tls());
                TlsMixin.reloadOnHangup(server.tls());
            }
            // Ends on Ctrl-C or SIGTERM, or by itself (--once, --exit-when-empty); either way exit 0.
            CountDownLatch stop = Signals.onInterrupt();
            server.terminated().whenComplete((r, e) -> stop.countDown());
            stop.await();
            server.close();
            return 0;
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }
}
