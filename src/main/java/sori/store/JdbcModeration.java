package sori.store;

import javax.sql.DataSource;
import sori.chat.Moderation;

/**
 * Moderation in the SQL store's tables (migration V6, the same on SQLite and PostgreSQL). Each call takes a
 * pooled connection and commits on its own; the chat calls it from its one moderation thread, never from an
 * event loop. Writes are upserts, so replaying one is harmless.
 */
final class JdbcModeration implements Moderation {

    private final Sql sql;

    JdbcModeration(DataSource data) {
        this.sql = new Sql(data, "moderation");
    }

    @Override
    public Snapshot load() {
        return sql.run("read", c -> new Snapshot(
                Sql.rows(c, "SELECT room_key, founder, modes, secret, member_limit FROM room_settings ORDER BY room_key",
                        r -> new RoomSettings(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getInt(5))),
                Sql.rows(c, "SELECT room_key, account, role FROM room_roles ORDER BY room_key, account",
                        r -> new Role(r.getString(1), r.getString(2), r.getString(3))),
                Sql.rows(c, "SELECT scope, mask, expires, reason, set_by, created FROM bans ORDER BY scope, mask",
                        r -> new Ban(r.getString(1), r.getString(2), r.getLong(3), r.getString(4), r.getString(5),
                                r.getLong(6))),
                Sql.rows(c, "SELECT room_key, target, expires FROM mutes ORDER BY room_key, target",
                        r -> new Mute(r.getString(1), r.getString(2), r.getLong(3)))));
    }

    @Override
    public java.util.List<RoomSettings> rooms(java.util.Collection<String> keys) {
        java.util.List<String> all = java.util.List.copyOf(keys);
        java.util.List<RoomSettings> out = new java.util.ArrayList<>();
        for (int from = 0; from < all.size(); from += Sql.IN_SLICE) {
            java.util.List<String> slice = all.subList(from, Math.min(all.size(), from + Sql.IN_SLICE));
            out.addAll(sql.run("read", c -> Sql.rows(c, "SELECT room_key, founder, modes, secret, member_limit "
                            + "FROM room_settings WHERE room_key IN (" + Sql.marks(slice.size()) + ")",
                    r -> new RoomSettings(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getInt(5)),
                    slice.toArray())));
        }
        return out;
    }

    @Override
    public void saveRoom(RoomSettings s) {
        update("INSERT INTO room_settings (room_key, founder, modes, secret, member_limit) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (room_key) DO UPDATE SET founder = excluded.founder, modes = excluded.modes, "
                + "secret = excluded.secret, member_limit = excluded.member_limit",
                s.room(), s.founder(), s.modes(), s.key(), s.limit());
    }

    @Override
    public void saveRole(String room, String account, String role) {
        if (role == null) {
            update("DELETE FROM room_roles WHERE room_key = ? AND account = ?", room, account);
        } else {
            update("INSERT INTO room_roles (room_key, account, role) VALUES (?, ?, ?) "
                    + "ON CONFLICT (room_key, account) DO UPDATE SET role = excluded.role", room, account, role);
        }
    }

    @Override
    public void saveBan(Ban b) {
        update("INSERT INTO bans (scope, mask, expires, reason, set_by, created) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (scope, mask) DO UPDATE SET expires = excluded.expires, reason = excluded.reason, "
                + "set_by = excluded.set_by, created = excluded.created",
                b.scope(), b.mask(), b.expires(), b.reason(), b.by(), b.created());
    }

    @Override
    public void deleteBan(String scope, String mask) {
        update("DELETE FROM bans WHERE scope = ? AND mask = ?", scope, mask);
    }

    @Override
    public void saveMute(Mute m) {
        update("INSERT INTO mutes (room_key, target, expires) VALUES (?, ?, ?) "
                + "ON CONFLICT (room_key, target) DO UPDATE SET expires = excluded.expires",
                m.room(), m.target(), m.expires());
    }

    @Override
    public void deleteMute(String room, String target) {
        update("DELETE FROM mutes WHERE room_key = ? AND target = ?", room, target);
    }

    private void update(String statement, Object... args) {
        sql.update("write", statement, args);
    }
}
