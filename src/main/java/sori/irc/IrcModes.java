package sori.irc;

import java.util.ArrayList;
import java.util.List;
import sori.chat.ChatCommand;
import sori.chat.Event;
import sori.chat.Hub;
import sori.chat.Moderation;
import sori.chat.User;

/**
 * MODE, for channels and for the client itself. A channel's modes are the chat's moderation: {@code +o +v}
 * are {@code /op /voice} (and their {@code -}), {@code +b} is {@code /ban} with IRC's masks turned into the
 * chat's and back, {@code +imnst} one {@code /mode} for the letters of each sign, {@code +k +l} a
 * {@code /mode} each. The Hub refuses whoever may not (482) and announces what changed as a room event,
 * which every member sees as {@code MODE}. What IRC checks before the chat can (a nick that is not there,
 * a missing parameter) is answered here. User modes are this connection's: {@code +i}, {@code +w}, and
 * {@code +o} after OPER.
 */
final class IrcModes {

    private final IrcHandler handler;
    private final Hub hub;
    private final IrcSession session;
    private final IrcCodec codec;

    IrcModes(IrcHandler handler, Hub hub, IrcSession session, IrcCodec codec) {
        this.handler = handler;
        this.hub = hub;
        this.session = session;
        this.codec = codec;
    }

    void mode(IrcMessage m) {
        String target = m.param(0);
        String t = session.target();
        if (target.startsWith("#")) {
            channel(m, target);
            return;
        }
        User other = hub.find(target);
        if (other == null) {
            handler.reply(codec.numeric("401", t, target, "No such nick/channel"));
        } else if (other.person() != session.user().person()) {
            handler.reply(codec.numeric("502", t, "Can't change mode for other users"));
        } else if (m.params().size() < 2) {
            handler.reply(codec.numeric("221", t, session.userModes()));
        } else {
            user(m.param(1));
        }
    }

    private void user(String change) {
        String t = session.target();
        boolean plus = true;
        StringBuilder applied = new StringBuilder();
        char sign = 0;
        boolean unknown = false;
        for (char c : change.toCharArray()) {
            if (c == '+' || c == '-') {
                plus = c == '+';
                continue;
            }
            boolean changed = false;
            switch (c) {
                case 'i' -> {
                    changed = session.invisible != plus;
                    session.invisible = plus;
                }
                case 'w' -> {
                    changed = session.wallops != plus;
                    session.wallops = plus;
                }
                case 'o' -> { } // +o comes only with OPER, and lasts until the connection ends
                default -> unknown = true;
            }
            if (changed) {
                char s = plus ? '+' : '-';
                if (s != sign) {
                    applied.append(s);
                    sign = s;
                }
                applied.append(c);
            }
        }
        if (unknown) {
            handler.reply(codec.numeric("501", t, "Unknown MODE flag"));
        }
        if (!applied.isEmpty()) {
            handler.reply(IrcMessage.of(IrcCodec.mask(t), "MODE", t, applied.toString()));
        }
    }

    private void channel(IrcMessage m, String target) {
        String t = session.target();
        Event.Who w = hub.roomInfo(target);
        if (w == null) {
            handler.reply(codec.numeric("403", t, target, "No such channel"));
            return;
        }
        String ch = IrcCodec.channel(w.room());
        if (m.params().size() < 2) {
            List<String> p = new ArrayList<>(List.of(ch));
            String[] modes = hub.roomModes(w.room()).split(" ");
            p.add(modes[0]);
            if (modes[0].indexOf('k') >= 0) {
                p.add("*"); // the key is never shown
            }
            p.addAll(List.of(modes).subList(1, modes.length));
            List<IrcMessage> out = new ArrayList<>();
            out.add(codec.numeric("324", t, p.toArray(String[]::new)));
            long created = hub.roomCreated(w.room());
            if (created > 0) {
                out.add(codec.numeric("329", t, ch, String.valueOf(created / 1000)));
            }
            handler.reply(out);
            return;
        }
        if (m.params().size() == 2 && m.param(1).matches("[+-]?b")) {
            banList(ch, w.room());
            return;
        }
        String room = handler.memberRoom(target);
        if (room == null) {
            handler.notMember(target);
            return;
        }
        change(room, m.param(1), m.params().subList(2, m.params().size()));
    }

    private void banList(String ch, String room) {
        String t = session.target();
        List<IrcMessage> out = new ArrayList<>();
        for (Moderation.Ban b : hub.bans(room)) {
            out.add(codec.numeric("367", t, ch, IrcCodec.banMask(b.mask()), b.by() == null ? codec.server() : b.by(),
                    String.valueOf(b.created() / 1000)));
        }
        out.add(codec.numeric("368", t, ch, "End of channel ban list"));
        handler.reply(out);
    }

    /** One MODE change line as the chat's commands, in the room they act on. */
    private void change(String room, String change, List<String> args) {
        User u = session.user();
        String t = session.target();
        String ch = IrcCodec.channel(room);
        hub.run(u, ChatCommand.JOIN, List.of(room)); // already in: the room the commands act on
        // Letters without a parameter in a row, of one sign, go as one /mode: IRC shows them as one MODE line.
        StringBuilder flags = new StringBuilder();
        boolean plus = true;
        int next = 0;
        for (char c : change.toCharArray()) {
            if (c == '+' || c == '-') {
                plus = c == '+';
                continue;
            }
            if ("imnst".indexOf(c) >= 0) {
                if (!flags.isEmpty() && flags.charAt(0) != (plus ? '+' : '-')) {
                    flags(u, flags);
                }
                if (flags.isEmpty()) {
                    flags.append(plus ? '+' : '-');
                }
                flags.append(c);
                continue;
            }
            flags(u, flags);
            boolean takes = c == 'o' || c == 'v' || c == 'b' || c == 'k' || c == 'l' && plus;
            String arg = takes && next < args.size() ? args.get(next++) : null;
            switch (c) {
                case 'o', 'v' -> {
                    if (arg == null) {
                        handler.reply(codec.numeric("461", t, "MODE", "Not enough parameters"));
                        continue;
                    }
                    User target = hub.find(arg);
                    if (target == null || target.name() == null) {
                        handler.reply(codec.numeric("401", t, arg, "No such nick/channel"));
                    } else if (!target.rooms().contains(room)) {
                        handler.reply(codec.numeric("441", t, target.name(), ch, "They aren't on that channel"));
                    } else {
                        ChatCommand cmd = c == 'o' ? (plus ? ChatCommand.OP : ChatCommand.DEOP)
                                : (plus ? ChatCommand.VOICE : ChatCommand.DEVOICE);
                        hub.run(u, cmd, List.of(target.name()));
                    }
                }
                case 'b' -> {
                    if (arg == null) {
                        banList(ch, room);
                    } else {
                        hub.run(u, plus ? ChatCommand.BAN : ChatCommand.UNBAN, List.of(chatMask(arg)));
                    }
                }
                case 'k' -> {
                    if (plus && (arg == null || arg.isBlank() || arg.indexOf(' ') >= 0 || arg.length() > Moderation.KEY_LENGTH)) {
                        handler.reply(codec.numeric("696", t, ch, "k", "*", "Invalid key: one word of at most "
                                + Moderation.KEY_LENGTH + " characters"));
                    } else {
                        hub.run(u, ChatCommand.MODE, plus ? List.of("+k", arg) : List.of("-k"));
                    }
                }
                case 'l' -> {
                    if (plus && (arg == null || !arg.matches("\\d{1,9}") || Integer.parseInt(arg) == 0)) {
                        handler.reply(codec.numeric("696", t, ch, "l", arg == null || !arg.matches("[!-~]+") ? "*" : arg,
                                "Invalid limit"));
                    } else {
                        hub.run(u, ChatCommand.MODE, plus ? List.of("+l", arg) : List.of("-l"));
                    }
                }
                default -> handler.reply(codec.numeric("472", t, String.valueOf(c), "is unknown mode char to me"));
            }
        }
        flags(u, flags);
    }

    /** Runs the letters gathered in {@code flags} ({@code +imt}) as one /mode, and empties it. */
    private void flags(User u, StringBuilder flags) {
        if (flags.length() > 1) {
            hub.run(u, ChatCommand.MODE, List.of(flags.toString()));
        }
        flags.setLength(0);
    }

    /** An IRC ban mask as the chat's: {@code nick!*@*} is {@code nick}, {@code *!*@host} is {@code @host}. */
    static String chatMask(String mask) {
        int bang = mask.indexOf('!');
        if (bang < 0) {
            return mask;
        }
        String nick = mask.substring(0, bang);
        int at = mask.indexOf('@', bang);
        String host = at < 0 ? "*" : mask.substring(at + 1);
        return nick.equals("*") && !host.equals("*") ? "@" + host : nick;
    }
}
