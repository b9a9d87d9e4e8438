package sori.cli;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sori.client.Client;
import sori.client.ClientConfig;
import sori.client.Target;
import sori.net.ClientTls;
import sori.net.Transport;

/** {@code sori client}: the seed's send-thread/receive-thread client, for any TCP host. */
@Command(
        name = "client",
        mixinStandardHelpOptions = true,
        description = {
            "Connect to HOST[:PORT] (with --tls, over TLS): send what is typed (or piped) on stdin, print what arrives, at the same time.",
            "At the end of stdin the sending side is closed and the reply is printed until the server closes."
        })
public final class ClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST[:PORT]",
            description = "Where to connect: localhost, chat.example.org:9999, or an IPv6 address as "
                    + "[::1]:9999; the port defaults to " + ClientConfig.DEFAULT_PORT + ".")
    String target;

    @Option(names = "--transport", paramLabel = "auto|epoll|io_uring|nio",
            description = "I/O transport (default: ${DEFAULT-VALUE}: io_uring where it loads, else epoll, else nio).")
    String transport = "auto";

    @Option(names = "--tls", description = "Speak TLS; the server's certificate must be trusted and name HOST.")
    boolean tls;

    @Option(names = "--ca", paramLabel = "FILE",
            description = "Trust the certificates in this PEM file instead of the system's "
                    + "(e.g. a self-signed server's sori-data/cert.pem).")
    Path ca;

    @Option(names = "--insecure", description = "Trust any certificate, for any host (tests only: anyone can listen in).")
    boolean insecure;

    @Override
    public Integer call() {
        Target t;
        try {
            t = Target.parse(target, ClientConfig.DEFAULT_PORT);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Transport tr = TransportChoice.of(spec, transport);
        if (!tls && (insecure || ca != null)) {
            throw new ParameterException(spec.commandLine(), "--ca and --insecure go with --tls");
        }
        if (insecure && ca != null) {
            throw new ParameterException(spec.commandLine(), "choose --insecure or --ca, not both");
        }
        SslContext ssl = tls ? ClientTls.context(ca, insecure) : null;
        // Raw descriptors: no second buffer on stdin, and a closed stdout is an error we see.
        ClientConfig config = new ClientConfig(t, tr, ssl, new FileInputStream(FileDescriptor.in),
                new FileOutputStream(FileDescriptor.out), ClientConfig.DEFAULT_CONNECT_TIMEOUT);
        EventLoopGroup group = tr.newGroup(1, new DefaultThreadFactory("sori-client", true));
        try {
            new Client(config, group).run();
            return 0;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
