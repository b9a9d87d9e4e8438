package sori.bench;

import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import sori.UserFacingException;

/** The machine's limits on connections: open files for this process, ephemeral ports per source address. */
final class Limits {
    /** Files kept spare for the JVM, jars, epoll and pipes. */
    static final int FD_MARGIN = 256;
    /** Ports used per source address, leaving room for the rest of the machine. */
    static final double PORT_SHARE = 0.9;
    private static final int DEFAULT_PORTS = 60999 - 32768 + 1;

    private Limits() {}

    static long maxOpenFiles() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            return u.getMaxFileDescriptorCount();
        }
        return Long.MAX_VALUE;
    }

    static long openFiles() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            return u.getOpenFileDescriptorCount();
        }
        return 0;
    }

    /** Connections this process may still open. */
    static long usableConnections() {
        long max = maxOpenFiles();
        return max == Long.MAX_VALUE ? max : max - openFiles() - FD_MARGIN;
    }

    /** Fails with a clear message when {@code n} connections cannot fit in this process's open-file limit. */
    static void checkConnections(int n, boolean procsSupported) {
        long usable = usableConnections();
        if (n <= usable) {
            return;
        }
        long procs = (n + Math.max(1, usable) - 1) / Math.max(1, usable);
        String hint = procsSupported
                ? "; use --procs " + procs + " (or more) to spread them over several generator processes"
                : "; use fewer --clients, or the idle scenario with --procs";
        throw new UserFacingException(n + " connections need as many open files, but this process may open at most "
                + maxOpenFiles() + " (ulimit -n; " + (maxOpenFiles() - usable) + " in use or kept spare)" + hint);
    }

    /** Size of the ephemeral port range (/proc/sys/net/ipv4/ip_local_port_range). */
    static int ephemeralPorts() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
        } catch (Exception e) {
            return DEFAULT_PORTS;
        }
    }

    /**
     * Source addresses for {@code total} connections to one server address: null when the ephemeral port
     * range is enough; otherwise 127.0.0.2, 127.0.0.3 ... chosen by a connection's overall index (so child
     * processes agree). Only a loopback server can be reached from those.
     */
    static IntFunction<InetSocketAddress> sourceAddresses(int total, int firstIndex, InetSocketAddress remote) {
        return sourceAddresses(total, firstIndex, remote, (int) (ephemeralPorts() * PORT_SHARE));
    }

    /** As above, with {@code perAddress} connections from each source address. */
    static IntFunction<InetSocketAddress> sourceAddresses(int total, int firstIndex, InetSocketAddress remote,
            int perAddress) {
        if (total <= perAddress) {
            return null;
        }
        if (!(remote.getAddress() instanceof Inet4Address) || !remote.getAddress().isLoopbackAddress()) {
            throw new UserFacingException(total + " connections to one server address need more source ports than"
                    + " the ephemeral range gives (" + ephemeralPorts() + "); extra source addresses are only"
                    + " used for a 127.x server, so split the run over several machines");
        }
        int addresses = (total + perAddress - 1) / perAddress;
        if (addresses > 250) {
            throw new UserFacingException("too many connections for the loopback source addresses");
        }
        return i -> {
            int n = 2 + (firstIndex + i) / perAddress;
            return new InetSocketAddress("127.0.0." + n, 0);
        };
    }
}
