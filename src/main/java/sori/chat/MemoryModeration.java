package sori.chat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Moderation for {@code --store memory} and tests: gone when the process ends. */
public final class MemoryModeration implements Moderation {

    private final Map<String, RoomSettings> rooms = new ConcurrentHashMap<>();
    private final Map<List<String>, Role> roles = new ConcurrentHashMap<>();
    private final Map<List<String>, Ban> bans = new ConcurrentHashMap<>();
    private final Map<List<String>, Mute> mutes = new ConcurrentHashMap<>();

    @Override
    public Snapshot load() {
        return new Snapshot(List.copyOf(rooms.values()), List.copyOf(roles.values()), List.copyOf(bans.values()),
                List.copyOf(mutes.values()));
    }

    @Override
    public void saveRoom(RoomSettings settings) {
        rooms.put(settings.room(), settings);
    }

    @Override
    public void saveRole(String room, String account, String role) {
        if (role == null) {
            roles.remove(List.of(room, account));
        } else {
            roles.put(List.of(room, account), new Role(room, account, role));
        }
    }

    @Override
    public void saveBan(Ban ban) {
        bans.put(List.of(ban.scope(), ban.mask()), ban);
    }

    @Override
    public void deleteBan(String scope, String mask) {
        bans.remove(List.of(scope, mask));
    }

    @Override
    public void saveMute(Mute mute) {
        mutes.put(List.of(mute.room(), mute.target()), mute);
    }

    @Override
    public void deleteMute(String room, String target) {
        mutes.remove(List.of(room, target));
    }
}
