package sori.cluster;

import java.util.Objects;

/**
 * What an appended event does to the room's member hash, in the same script as the event: nothing, a join
 * ({@code HSET name node}), a leave, a rename or a kick. A leave is conditional: it happens, and its event is
 * appended, only while the name is still mapped to {@code node}, so when several reapers (or the node itself and
 * a reaper) announce the same leave, exactly one event results. A rename moves the entry from {@code name} to
 * {@code to} only while {@code name} is mapped to {@code node} (the holder renames; anything else is stale), its
 * event appended either way. A kick frees {@code name} whichever node holds it, since any node may announce one.
 */
public record MemberChange(Kind kind, String name, String node, String to) {

    public enum Kind { NONE, JOIN, LEAVE, RENAME, KICK }

    private static final MemberChange NONE = new MemberChange(Kind.NONE, "", "", "");

    public MemberChange {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(name);
        Objects.requireNonNull(node);
        Objects.requireNonNull(to);
        if (kind != Kind.NONE && name.isEmpty()) {
            throw new IllegalArgumentException("a member change names a member");
        }
        if ((kind == Kind.JOIN || kind == Kind.LEAVE || kind == Kind.RENAME) && node.isEmpty()) {
            throw new IllegalArgumentException("a join, leave or rename names a node");
        }
        if ((kind == Kind.RENAME) == to.isEmpty()) {
            throw new IllegalArgumentException("a rename, and only a rename, names the new name");
        }
    }

    public static MemberChange none() {
        return NONE;
    }

    public static MemberChange join(String name, String node) {
        return new MemberChange(Kind.JOIN, name, node, "");
    }

    /** Leaves only if {@code name} is still held by {@code node}. */
    public static MemberChange leave(String name, String node) {
        return new MemberChange(Kind.LEAVE, name, node, "");
    }

    /** Maps {@code to} to {@code node} in place of {@code from}, only if {@code from} is held by {@code node}. */
    public static MemberChange rename(String from, String to, String node) {
        return new MemberChange(Kind.RENAME, from, node, to);
    }

    /** Frees {@code name} whichever node holds it. */
    public static MemberChange kick(String name) {
        return new MemberChange(Kind.KICK, name, "", "");
    }
}
