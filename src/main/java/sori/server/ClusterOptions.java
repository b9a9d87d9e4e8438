package sori.server;

import java.time.Duration;
import java.util.Objects;
import sori.cluster.NodeLease;
import sori.cluster.RedisUrl;

/**
 * Cluster mode, as {@code --cluster}, {@code --node-name} and {@code --node-lease} give it (see {@code docs/cluster.md}).
 *
 * @param redis    the standalone Redis or the Redis Cluster seeds the nodes share
 * @param nodeName this node's name, stable across its restarts (a restart reaps its previous incarnation at
 *                 once); null for the default, this host's name and the chat port
 * @param lease    how long this node counts as alive after its last renewal: a node killed with
 *                 {@code kill -9} has its users' names freed within this
 */
public record ClusterOptions(RedisUrl redis, String nodeName, Duration lease) {

    /** {@code --node-lease}'s default. */
    public static final Duration LEASE = NodeLease.DEFAULT_LEASE;
    /** Shorter, and a renewal (every lease/3) would be due before a slow one had its command timeout to answer. */
    public static final Duration MIN_LEASE = Duration.ofSeconds(1);
    /** Longer, and a dead node's users would keep their names for longer than anyone waits. */
    public static final Duration MAX_LEASE = Duration.ofMinutes(10);

    public ClusterOptions {
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(lease, "lease");
        if (nodeName != null) {
            try {
                NodeLease.nodeId(nodeName, 0);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--node-name may hold letters, digits and . _ : - (at most 100), "
                        + "not '" + nodeName + "'");
            }
        }
        if (lease.compareTo(MIN_LEASE) < 0 || lease.compareTo(MAX_LEASE) > 0) {
            throw new IllegalArgumentException("--node-lease must be 1s to 10m, not " + lease.toMillis() + "ms");
        }
    }

    /** The node name to use on chat port {@code chatPort}: the one given, else {@code host:port}. */
    public String nodeName(int chatPort) {
        return nodeName != null ? nodeName : NodeLease.defaultName(chatPort);
    }
}
