package sori.cli;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
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
import sori.net.Transport;

/** {@code sori client}: the seed's send-thread/receive-thread client, for any TCP host. */
@Command(
        name = "client",
        mixinStandardHelpOptions = true,
        description = {
            "Connect to HOST[:PORT]: send what is typed (or piped) on stdin, print what arrives, at the same time.",
            "At the end of stdin the sending side is closed and the reply is printed until the server closes."
        })
public final class ClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST[:PORT]",
            description = "Where to connect; the port defaults to " + ClientConfig.DEFAULT_PORT
                    + ". IPv6 as [::1]:9999.")
    String target;

    @Option(names = "--transport", paramLabel = "auto|epoll|io_uring|nio",
            description = "I/O transport (default: ${DEFAULT-VALUE}: epoll where it loads, else nio).")
    String transport = "auto";

    @Override
    public Integer call() {
        Target t;
        try {
            t = Target.parse(target, ClientConfig.DEFAULT_PORT);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Transport tr = TransportChoice.of(spec, transport);
        // Raw descriptors: no second buffer on stdin, and a closed stdout is an error we see.
        ClientConfig config = new ClientConfig(t, tr, null, new FileInputStream(FileDescriptor.in),
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
