package sori.chat;

/**
 * The one name namespace every transport shares: which user holds a folded name ({@link Names#fold}).
 * A local map here; a cluster keeps it in Redis with a lease per node.
 */
public interface Directory {

    /** Takes {@code key} for {@code user}; false when someone else holds it. */
    boolean claim(String key, User user);

    /** Frees {@code key} if {@code user} holds it. */
    void release(String key, User user);

    /** Who holds {@code key}, or null. */
    User find(String key);

    /** How many names are held. */
    int size();
}
