package sori.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sori.chat.Names;

/**
 * Migration 4 (Flyway reads the version from the class name), on both databases: {@link Names#fold} became NFKC + case folding + the UTS #39 confusable
 * skeleton, so every stored key is computed again from the names kept beside it (a room's and an account's
 * name, a private message's sender and recipient). Two rooms or accounts whose names now fold alike keep the
 * older one's key for the first and leave the other as it was (it stays readable, under its old key).
 */
final class V4__RefoldKeys extends BaseJavaMigration {

    private static final Logger log = LoggerFactory.getLogger(V4__RefoldKeys.class);

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        int rooms = rekey(c, "SELECT key, name FROM rooms ORDER BY created", "rooms",
                List.of("UPDATE rooms SET key = ? WHERE key = ?", "UPDATE room_events SET room_key = ? WHERE room_key = ?"));
        int accounts = rekey(c, "SELECT key, name FROM accounts ORDER BY created", "accounts",
                List.of("UPDATE accounts SET key = ? WHERE key = ?"));
        int conversations = 0;
        List<String[]> pairs = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT DISTINCT conversation, sender, recipient FROM private_messages"); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                pairs.add(new String[] {r.getString(1), r.getString(2), r.getString(3)});
            }
        }
        try (PreparedStatement u = c.prepareStatement(
                "UPDATE private_messages SET conversation = ? WHERE conversation = ? AND sender = ? AND recipient = ?")) {
            for (String[] p : pairs) {
                String key = Conversations.key(Names.fold(p[1]), Names.fold(p[2]));
                if (!key.equals(p[0])) {
                    u.setString(1, key);
                    u.setString(2, p[0]);
                    u.setString(3, p[1]);
                    u.setString(4, p[2]);
                    conversations += u.executeUpdate();
                }
            }
        }
        if (rooms + accounts + conversations > 0) {
            log.info("names now fold with confusables: rekeyed {} rooms, {} accounts, {} private messages", rooms,
                    accounts, conversations);
        }
    }

    private static int rekey(Connection c, String select, String what, List<String> updates) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(select); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                rows.add(new String[] {r.getString(1), r.getString(2)});
            }
        }
        Set<String> taken = new HashSet<>();
        rows.forEach(row -> taken.add(row[0]));
        int changed = 0;
        for (String[] row : rows) {
            String key = Names.fold(row[1]);
            if (key.equals(row[0])) {
                continue;
            }
            if (taken.contains(key)) {
                log.warn("{} '{}' folds like another and keeps its old key", what, row[1]);
                continue;
            }
            for (String sql : updates) {
                try (PreparedStatement u = c.prepareStatement(sql)) {
                    u.setString(1, key);
                    u.setString(2, row[0]);
                    u.executeUpdate();
                }
            }
            taken.remove(row[0]);
            taken.add(key);
            changed++;
        }
        return changed;
    }
}
