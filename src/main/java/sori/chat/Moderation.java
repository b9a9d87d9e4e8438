package sori.chat;

import java.util.List;

/**
 * Where room moderation outlives the process: each room's founder, modes, key and limit, the roles
 * given to accounts, bans (in a room, or server-wide under {@link #SERVER}) and mutes. Memory
 * ({@link MemoryModeration}) or the SQL store ({@code sori.store}). The Hub reads everything once at
 * start ({@link #load}) and keeps it in memory; every change is written through from one thread of its
 * own ({@link Policies}), never from an event loop, so every method here may block on a database.
 * Room and account keys are folded names ({@link Names#fold}).
 */
public interface Moderation {

    /** The longest room key ({@code +k}): one word of at most this many characters. */
    int KEY_LENGTH = 32;

    /** The scope of a server-wide ban: no room key can be {@code *}. */
    String SERVER = "*";

    /**
     * A room's settings. {@code modes} holds the letters set, in IRC's channel-mode letters ({@code imnst}:
     * {@code n} is there unless the room takes messages from outside);
     * {@code key} is null without {@code +k}, {@code limit} 0 without {@code +l}.
     */
    record RoomSettings(String room, String founder, String modes, String key, int limit) {}

    /** {@code role} of the account {@code account} in {@code room}: {@code op} or {@code voice}. */
    record Role(String room, String account, String role) {}

    /**
     * A ban in {@code scope} (a room key, or {@link #SERVER}) of {@code mask} ({@link Mask}), until
     * {@code expires} (ms since the epoch; 0 never), set by {@code by} at {@code created}.
     */
    record Ban(String scope, String mask, long expires, String reason, String by, long created) {}

    /** {@code target} (a folded name) may not speak in {@code room} until {@code expires} (0: until unmuted). */
    record Mute(String room, String target, long expires) {}

    /** Everything kept, as read at start. */
    record Snapshot(List<RoomSettings> rooms, List<Role> roles, List<Ban> bans, List<Mute> mutes) {}

    Snapshot load();

    /**
     * The settings kept for the rooms {@code keys} (folded names); a room without any is left out. For a room
     * list that spans the nodes of a cluster: another node may have changed a room's modes since {@link #load}.
     * May block; this default reads everything, so a store with many rooms overrides it.
     */
    default List<RoomSettings> rooms(java.util.Collection<String> keys) {
        java.util.Set<String> wanted = java.util.Set.copyOf(keys);
        return load().rooms().stream().filter(r -> wanted.contains(r.room())).toList();
    }

    /** Replaces the settings of {@code settings.room()}. */
    void saveRoom(RoomSettings settings);

    /** Gives {@code account} {@code role} in {@code room}; a null role takes it away. */
    void saveRole(String room, String account, String role);

    /** Adds or replaces the ban on {@code ban.mask()} in {@code ban.scope()}. */
    void saveBan(Ban ban);

    void deleteBan(String scope, String mask);

    /** Adds or replaces the mute of {@code mute.target()} in {@code mute.room()}. */
    void saveMute(Mute mute);

    void deleteMute(String room, String target);

    /**
     * Forgets what the account {@code account} (a folded name) holds: its roles, and the founding of its
     * rooms (which keep their modes and have no founder). Called when the account is deleted, so the name
     * registered again by someone else inherits nothing.
     */
    default void forgetAccount(String account) {
        Snapshot s = load();
        for (Role r : s.roles()) {
            if (r.account().equals(account)) {
                saveRole(r.room(), account, null);
            }
        }
        for (RoomSettings r : s.rooms()) {
            if (r.founder() != null && Names.fold(r.founder()).equals(account)) {
                saveRoom(new RoomSettings(r.room(), null, r.modes(), r.key(), r.limit()));
            }
        }
    }
}
