package sori.chat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moderation state for the whole chat: a {@link RoomPolicy} per room, server-wide bans and who the
 * server's administrators are. Everything is read from {@link Moderation} once, at start, and answered
 * from memory after (a join or a line checks it on the event loop); every change is written through on one
 * thread of its own, in the order made, so the store never sits on an event loop and never reorders.
 */
final class Policies implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Policies.class);
    /** How long {@link #close} waits for queued writes. */
    private static final long CLOSE_MILLIS = 5_000;

    private final Moderation store;
    private final Set<String> admins;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, RoomPolicy> rooms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Moderation.Ban> serverBans = new ConcurrentHashMap<>();
    /** People holding a role for a visit somewhere: only their disconnects need to visit the rooms. */
    private final Set<Person> visitors = ConcurrentHashMap.newKeySet();
    /** One thread, so changes reach the store in the order made; it ends when idle (a Hub in a test never closed). */
    private final ThreadPoolExecutor writer = writer();

    /** @param admins the accounts (names as given; folded here) that administer the server */
    Policies(Moderation store, Collection<String> admins, LongSupplier clock) {
        this.store = store;
        this.admins = admins.stream().map(a -> Names.fold(Names.normalize(a))).collect(Collectors.toUnmodifiableSet());
        this.clock = clock;
        Moderation.Snapshot s = store.load();
        s.rooms().forEach(r -> of(r.room()).load(r));
        s.roles().forEach(r -> of(r.room()).load(r));
        s.mutes().forEach(m -> of(m.room()).load(m));
        for (Moderation.Ban b : s.bans()) {
            if (Moderation.SERVER.equals(b.scope())) {
                serverBans.put(b.mask(), b);
            } else {
                of(b.scope()).load(b);
            }
        }
    }

    /** Where moderation is kept; it may block on a database. */
    Moderation kept() {
        return store;
    }

    /** The policy of the room {@code key}, or null while nobody has moderated it (nothing to check). */
    RoomPolicy find(String key) {
        return rooms.get(key);
    }

    /** The policy of the room {@code key}, made empty when it has none yet. */
    RoomPolicy of(String key) {
        return rooms.computeIfAbsent(key, RoomPolicy::new);
    }

    /**
     * True when {@code u} is signed in to an account named with {@code --admin}, or proved one's password
     * with {@code /oper}; a guest by its name never is.
     */
    boolean admin(User u) {
        return admin(u.person());
    }

    boolean admin(Person p) {
        return p != null && (adminAccount(p.account()) || adminAccount(p.operator()));
    }

    /** True when {@code account} (a folded name, or null for a guest) administers the server. */
    boolean adminAccount(String account) {
        return account != null && admins.contains(account);
    }

    long now() {
        return clock.getAsLong();
    }

    /** The server ban covering {@code name} (null: not chosen yet) from {@code host}, or null. */
    Moderation.Ban serverBan(String name, String host) {
        long now = now();
        Moderation.Ban found = null;
        for (Moderation.Ban b : serverBans.values()) {
            if (b.expires() != 0 && b.expires() <= now) {
                if (serverBans.remove(b.mask(), b)) {
                    write(m -> m.deleteBan(Moderation.SERVER, b.mask()));
                }
                continue;
            }
            Mask mask = Mask.parse(b.mask());
            if (found == null && mask != null && (name != null || mask.addressOnly()) && mask.matches(name, host)) {
                found = b;
            }
        }
        return found;
    }

    void serverBan(Moderation.Ban b) {
        serverBans.put(b.mask(), b);
        write(m -> m.saveBan(b));
    }

    boolean serverUnban(String mask) {
        if (serverBans.remove(mask) == null) {
            return false;
        }
        write(m -> m.deleteBan(Moderation.SERVER, mask));
        return true;
    }

    /** The ban covering {@code u} in {@code room}, or null; the store forgets expired ones. */
    Moderation.Ban banOf(RoomPolicy room, String name, String host) {
        List<Moderation.Ban> expired = new ArrayList<>(0);
        Moderation.Ban b = room.banOf(name, host, now(), expired);
        expired.forEach(e -> write(m -> m.deleteBan(e.scope(), e.mask())));
        return b;
    }

    /** The mute on {@code target} in {@code room} still running, or null. */
    Moderation.Mute muteOf(RoomPolicy room, String target) {
        List<Moderation.Mute> expired = new ArrayList<>(0);
        Moderation.Mute mute = room.muteOf(target, now(), expired);
        expired.forEach(e -> write(m -> m.deleteMute(e.room(), e.target())));
        return mute;
    }

    /** Writes {@code room}'s settings as they are now. */
    void saveSettings(RoomPolicy room) {
        Moderation.RoomSettings s = room.settings();
        write(m -> m.saveRoom(s));
    }

    /** Queues a change for the store, after every change queued before it. */
    void write(Consumer<Moderation> change) {
        try {
            writer.execute(() -> {
                try {
                    change.accept(store);
                } catch (RuntimeException e) {
                    log.warn("cannot keep a moderation change: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("moderation change after close, not kept");
        }
    }

    private static ThreadPoolExecutor writer() {
        ThreadPoolExecutor w = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> Thread.ofPlatform().daemon().name("sori-moderation").unstarted(r));
        w.allowCoreThreadTimeOut(true);
        return w;
    }

    /** The account {@code key} was deleted: its roles and foundings go, here and in the store. */
    void forgetAccount(String key) {
        for (RoomPolicy p : rooms.values()) {
            p.forget(key);
        }
        write(m -> m.forgetAccount(key));
    }

    /** {@code u} was given a role for a visit: remember to take it back when it leaves. */
    void visiting(Person u) {
        visitors.add(u);
    }

    /** {@code u} left the room {@code key}: its roles for that visit end. */
    void left(Person u, String key) {
        if (visitors.contains(u)) {
            RoomPolicy p = rooms.get(key);
            if (p != null) {
                p.gone(u);
            }
        }
    }

    /** A person's last connection ended: its roles for a visit end with it, wherever they were. */
    void gone(Person u) {
        if (visitors.remove(u)) {
            for (RoomPolicy p : rooms.values()) {
                p.gone(u);
            }
        }
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(CLOSE_MILLIS, TimeUnit.MILLISECONDS)) {
                log.warn("moderation changes still queued after {} ms; some may be lost", CLOSE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
