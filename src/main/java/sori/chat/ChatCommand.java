package sori.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The chat commands, declared once with what the dispatcher checks before a handler runs: how many
 * arguments, whether the last one takes the rest of the line, and whether it works before a name is
 * chosen. Every transport reaches these through {@link Hub#input}; adding a command is one entry here
 * and one {@link Commands} method.
 */
public enum ChatCommand {
    HELP("help", "", 0, 0, false, true, (c, u, a) -> c.help(u)),
    WHO("who", "[room]", 0, 1, false, false, (c, u, a) -> c.who(u, a.isEmpty() ? null : a.get(0))),
    ROOMS("rooms", "", 0, 0, false, false, (c, u, a) -> c.rooms(u)),
    JOIN("join", "<room> [key]", 1, 2, false, false, (c, u, a) -> c.join(u, a.get(0), a.size() > 1 ? a.get(1) : null)),
    PART("part", "[room]", 0, 1, false, false, (c, u, a) -> c.part(u, a.isEmpty() ? null : a.get(0))),
    MSG("msg", "<name> <text>", 2, 2, true, false, (c, u, a) -> c.privateMessage(u, a.get(0), a.get(1))),
    ME("me", "<text>", 1, 1, true, false, (c, u, a) -> c.act(u, a.get(0))),
    NICK("nick", "<name>", 1, 1, false, false, (c, u, a) -> c.rename(u, a.get(0))),
    TOPIC("topic", "[text]", 0, 1, true, false, (c, u, a) -> c.topic(u, a.isEmpty() ? null : a.get(0))),
    HISTORY("history", "[n] | /history before <seq> [n]", 0, 3, false, false, (c, u, a) -> c.history(u, a)),
    REGISTER("register", "<password>", 1, 1, true, false, (c, u, a) -> c.accounts().register(u, a.get(0))),
    LOGIN("login", "<name> <password>", 2, 2, true, true, (c, u, a) -> c.accounts().login(u, a.get(0), a.get(1))),
    LOGOUT("logout", "| /logout all", 0, 1, false, false, (c, u, a) -> c.accounts().logout(u, a.isEmpty() ? null : a.get(0))),
    PASSWORD("password", "<old> <new>", 2, 2, true, false, (c, u, a) -> c.accounts().password(u, a.get(0), a.get(1))),
    UNREGISTER("unregister", "<password>", 1, 1, true, false, (c, u, a) -> c.accounts().unregister(u, a.get(0))),
    LANG("lang", "[en|ko]", 0, 1, false, true, (c, u, a) -> c.language(u, a.isEmpty() ? null : a.get(0))),
    CLAIM("claim", "", 0, 0, false, false, (c, u, a) -> c.moderation().claim(u)),
    OP("op", "<name>", 1, 1, false, false, (c, u, a) -> c.moderation().op(u, a.get(0), true)),
    DEOP("deop", "<name>", 1, 1, false, false, (c, u, a) -> c.moderation().op(u, a.get(0), false)),
    VOICE("voice", "<name>", 1, 1, false, false, (c, u, a) -> c.moderation().voice(u, a.get(0), true)),
    DEVOICE("devoice", "<name>", 1, 1, false, false, (c, u, a) -> c.moderation().voice(u, a.get(0), false)),
    KICK("kick", "<name> [reason]", 1, 2, true, false, (c, u, a) -> c.moderation().kick(u, a.get(0), opt(a, 1))),
    BAN("ban", "<mask> [duration] [reason]", 1, 2, true, false, (c, u, a) -> c.moderation().ban(u, a.get(0), opt(a, 1))),
    UNBAN("unban", "<mask>", 1, 1, false, false, (c, u, a) -> c.moderation().unban(u, a.get(0))),
    MUTE("mute", "<name> [duration]", 1, 2, false, false, (c, u, a) -> c.moderation().mute(u, a.get(0), opt(a, 1))),
    UNMUTE("unmute", "<name>", 1, 1, false, false, (c, u, a) -> c.moderation().unmute(u, a.get(0))),
    INVITE("invite", "<name>", 1, 1, false, false, (c, u, a) -> c.moderation().invite(u, a.get(0))),
    MODE("mode", "[mode] [value]", 0, 2, false, false, (c, u, a) -> c.moderation().mode(u, opt(a, 0), opt(a, 1))),
    KILL("kill", "<name> [reason]", 1, 2, true, false, (c, u, a) -> c.moderation().kill(u, a.get(0), opt(a, 1))),
    SBAN("sban", "<mask> [duration]", 1, 2, false, false, (c, u, a) -> c.moderation().serverBan(u, a.get(0), opt(a, 1))),
    OPER("oper", "<name> <password>", 2, 2, true, false, (c, u, a) -> c.accounts().oper(u, a.get(0), a.get(1))),
    UNSBAN("unsban", "<mask>", 1, 1, false, false, (c, u, a) -> c.moderation().serverUnban(u, a.get(0))),
    QUIT("quit", "[reason]", 0, 1, true, true, (c, u, a) -> c.quit(u, a.isEmpty() ? null : a.get(0)));

    /** What a command does, given already-checked arguments. */
    @FunctionalInterface
    interface Handler {
        void run(Commands commands, User user, List<String> args);
    }

    private static final Map<String, ChatCommand> BY_NAME =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(c -> c.word, Function.identity()));

    private final String word;
    private final String params;
    private final int minArgs;
    private final int maxArgs;
    private final boolean lastTakesRest;
    private final boolean beforeName;
    private final Handler handler;

    ChatCommand(String word, String params, int minArgs, int maxArgs, boolean lastTakesRest, boolean beforeName,
            Handler handler) {
        this.word = word;
        this.params = params;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.lastTakesRest = lastTakesRest;
        this.beforeName = beforeName;
        this.handler = handler;
    }

    /** The command called {@code word} (without the slash, any case), or null. */
    public static ChatCommand find(String word) {
        return BY_NAME.get(word.toLowerCase(Locale.ROOT));
    }

    public String word() {
        return word;
    }

    /** How to type it: {@code /msg <name> <text>}. */
    public String usage() {
        return params.isEmpty() ? "/" + word : "/" + word + " " + params;
    }

    /** The {@link Texts} key of its one-line description. */
    public String descriptionKey() {
        return "cmd." + word;
    }

    public boolean usableBeforeName() {
        return beforeName;
    }

    /** True when {@code count} arguments are within this command's bounds. */
    boolean takes(int count) {
        return count >= minArgs && count <= maxArgs;
    }

    void run(Commands commands, User user, List<String> args) {
        handler.run(commands, user, args);
    }

    /**
     * Splits the text after the command word into arguments, or returns null when their number is
     * wrong for this command. Words are separated by spaces; with {@code lastTakesRest} the last
     * argument keeps the rest of the line as typed.
     */
    List<String> parse(String rest) {
        List<String> args = new ArrayList<>(maxArgs);
        String s = rest.strip();
        while (!s.isEmpty() && args.size() < maxArgs) {
            boolean last = args.size() == maxArgs - 1;
            int space = indexOfSpace(s);
            if (space < 0 || (last && lastTakesRest)) {
                args.add(s);
                s = "";
            } else {
                args.add(s.substring(0, space));
                s = s.substring(space + 1).strip();
            }
        }
        if (!s.isEmpty() || args.size() < minArgs) {
            return null;
        }
        return args;
    }

    /** The argument at {@code i}, or null when fewer were given. */
    private static String opt(List<String> args, int i) {
        return args.size() > i ? args.get(i) : null;
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
