package sori.cluster;

/**
 * The Redis keys of nodes and names ({@code docs/cluster-design.md}, "Redis keys"), spelled in one place.
 * A node's own sets share the hash tag {@code {node:ID}}, a name its own {@code {n:N}}: in a Redis Cluster a
 * name and a node's set live in different slots, so no script touches both.
 */
final class NodeKeys {

    /** Every node id that registered and is not yet reaped. */
    static final String NODES = "sori:nodes";

    private NodeKeys() {}

    /** The node's lease: present while the node renews it. */
    static String lease(String nodeId) {
        return "sori:node:" + nodeId;
    }

    /** The node id holding folded name {@code fold}. */
    static String name(String fold) {
        return "sori:{n:" + fold + "}";
    }

    /** The names node {@code nodeId} holds, for the reaper. */
    static String names(String nodeId) {
        return "sori:{node:" + nodeId + "}:names";
    }

    /** The rooms where node {@code nodeId} has members, for the reaper. */
    static String rooms(String nodeId) {
        return "sori:{node:" + nodeId + "}:rooms";
    }

    /** The sharded channel where other nodes send private messages for node {@code nodeId}'s people. */
    static String inbox(String nodeId) {
        return "sori:{node:" + nodeId + "}:inbox";
    }

    /** Which live node reaps dead node {@code nodeId}. */
    static String reap(String nodeId) {
        return "sori:reap:" + nodeId;
    }
}
