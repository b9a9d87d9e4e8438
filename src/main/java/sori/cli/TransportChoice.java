package sori.cli;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import sori.net.Transport;

/** The {@code --transport} option's value made a {@link Transport}: a wrong name is wrong use (exit 2). */
final class TransportChoice {
    private static final Logger log = LoggerFactory.getLogger(TransportChoice.class);

    private TransportChoice() {}

    static Transport of(CommandSpec spec, String name) {
        Transport t;
        try {
            t = Transport.choose(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        String asked = name.toLowerCase(Locale.ROOT);
        Transport wanted = asked.contains("uring") ? Transport.IO_URING : asked.equals("epoll") ? Transport.EPOLL : t;
        if (wanted != t) {
            // Say why, but keep going: a slower transport still echoes and chats.
            log.warn("{} is not available here ({}), using {}", wanted, Transport.fallbackReason(wanted), t);
        }
        return t;
    }
}
