package sori.cluster;

import java.util.Objects;

/**
 * What an appended event does to the room's member hash, in the same script as the event: nothing, a join
 * ({@code HSET name node}) or a leave. A leave is conditional: it happens, and its event is appended, only while
 * the name is still mapped to {@code node}, so when several reapers (or the node itself and a reaper) announce
 * the same leave, exactly one event results.
 */
public record MemberChange(Kind kind, String name, String node) {

    public enum Kind { NONE, JOIN, LEAVE }

    private static final MemberChange NONE = new MemberChange(Kind.NONE, "", "");

    public MemberChange {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(name);
        Objects.requireNonNull(node);
        if (kind != Kind.NONE && (name.isEmpty() || node.isEmpty())) {
            throw new IllegalArgumentException("a join or leave names a member and a node");
        }
    }

    public static MemberChange none() {
        return NONE;
    }

    public static MemberChange join(String name, String node) {
        return new MemberChange(Kind.JOIN, name, node);
    }

    /** Leaves only if {@code name} is still held by {@code node}. */
    public static MemberChange leave(String name, String node) {
        return new MemberChange(Kind.LEAVE, name, node);
    }
}
