package sori.irc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import sori.chat.ChatCommand;
import sori.chat.Event;
import sori.chat.Hub;
import sori.chat.User;

/**
 * The commands about operators and other users: OPER ({@code /oper}: an {@code --admin} account's password,
 * checked off the loop by the accounts), KILL ({@code /kill}), WALLOPS, INVITE ({@code /invite} where the
 * chat has a say: an invite-only channel, or an inviter who is an operator), AWAY and SETNAME with their
 * notifications to the channels' members that asked for them (away-notify, setname).
 */
final class IrcOps {

    private final IrcHandler handler;
    private final Hub hub;
    private final IrcSession session;
    private final IrcCodec codec;

    IrcOps(IrcHandler handler, Hub hub, IrcSession session, IrcCodec codec) {
        this.handler = handler;
        this.hub = hub;
        this.session = session;
        this.codec = codec;
    }

    /** OPER NAME PASSWORD: 381 and {@code MODE +o} (as the chat's notice), 491 or 464 from the Hub. */
    void oper(IrcMessage m) {
        if (m.params().size() < 2) {
            handler.reply(codec.numeric("461", session.target(), "OPER", "Not enough parameters"));
            return;
        }
        // The password is checked off the loop: what the client sends next waits for the answer.
        boolean paused = session.pauseReading();
        hub.run(session.user(), ChatCommand.OPER, List.of(m.param(0), m.param(1)));
        if (paused) {
            hub.settled(session.user(), session::resumeReading);
        }
    }

    /** KILL NICK [reason]: the Hub refuses a non-administrator (481). */
    void kill(IrcMessage m) {
        if (m.params().isEmpty() || m.param(0).isEmpty()) {
            handler.reply(codec.numeric("461", session.target(), "KILL", "Not enough parameters"));
            return;
        }
        String reason = m.param(1);
        hub.run(session.user(), ChatCommand.KILL, reason == null || reason.isBlank() ? List.of(m.param(0))
                : List.of(m.param(0), reason));
    }

    /** WALLOPS text: an administrator's word to every IRC client with {@code +w}, and back to itself. */
    void wallops(IrcMessage m) {
        String t = session.target();
        if (m.params().isEmpty() || m.param(0).isEmpty()) {
            handler.reply(codec.numeric("461", t, "WALLOPS", "Not enough parameters"));
            return;
        }
        if (!hub.isAdmin(session.user())) {
            handler.reply(codec.numeric("481", t, "Permission Denied- You're not an IRC operator"));
            return;
        }
        IrcMessage line = IrcMessage.of(IrcCodec.mask(t), "WALLOPS", IrcCodec.clip(m.param(0), IrcCodec.TOPIC_BYTES));
        for (User u : hub.everyone()) {
            if (u.session() instanceof IrcSession other && (other.wallops || other == session)
                    && other.mailbox() instanceof IrcMailbox box) {
                box.reply(other, line);
            }
        }
    }

    /**
     * INVITE NICK #CHANNEL. An invite-only channel, or an inviter who is one of its operators, goes through the
     * chat's {@code /invite} (kept for one join past +i, +k and +l; a non-operator gets 482), which answers
     * with 341 and the invitee's INVITE. Otherwise any member may tell someone where to go: 341 here, and
     * INVITE (on another transport, a private {@code /join} hint) to the invitee.
     */
    void invite(IrcMessage m) {
        String t = session.target();
        if (m.params().size() < 2) {
            handler.reply(codec.numeric("461", t, "INVITE", "Not enough parameters"));
            return;
        }
        String nick = m.param(0);
        String ch = m.param(1);
        User target = hub.find(nick);
        if (target == null || target.name() == null) {
            handler.reply(codec.numeric("401", t, nick, "No such nick/channel"));
            return;
        }
        String room = handler.memberRoom(ch);
        if (room == null) {
            handler.notMember(ch);
            return;
        }
        if (target.rooms().contains(room)) {
            handler.reply(codec.numeric("443", t, target.name(), IrcCodec.channel(room), "is already on channel"));
            return;
        }
        Event.Who w = hub.roomInfo(room);
        String modes = hub.roomModes(room);
        boolean inviteOnly = modes != null && modes.split(" ")[0].indexOf('i') >= 0;
        User u = session.user();
        if (inviteOnly || w != null && w.ops().contains(u.name())) {
            hub.run(u, ChatCommand.JOIN, List.of(room)); // already in: the room /invite acts on
            hub.run(u, ChatCommand.INVITE, List.of(target.name()));
            return;
        }
        handler.reply(codec.numeric("341", t, target.name(), IrcCodec.channel(room)));
        boolean told = false;
        for (User c : hub.connectionsOf(target.name())) {
            if (c.session() instanceof IrcSession other && other.mailbox() instanceof IrcMailbox box) {
                box.reply(other, other.invite(u.name(), room));
                told = true;
            }
        }
        if (!told) {
            hub.run(u, ChatCommand.MSG, List.of(target.name(), "/join " + room));
        }
    }

    /** AWAY [text]: 305/306, and an AWAY line to the members of our channels that asked for away-notify. */
    void away(IrcMessage m) {
        String text = m.param(0);
        String t = session.target();
        if (text == null || text.isEmpty()) {
            session.away = null;
            handler.reply(codec.numeric("305", t, "You are no longer marked as being away"));
            tellPeers("away-notify", IrcMessage.of(IrcCodec.mask(t), "AWAY"));
        } else {
            session.away = IrcCodec.clip(text, IrcCodec.TOPIC_BYTES);
            handler.reply(codec.numeric("306", t, "You have been marked as being away"));
            tellPeers("away-notify", IrcMessage.of(IrcCodec.mask(t), "AWAY", session.away));
        }
    }

    /** We joined {@code room}: if we are away, its members with away-notify hear it after our JOIN. */
    void joined(String room) {
        String away = session.away;
        if (away != null) {
            tellPeers("away-notify", IrcMessage.of(IrcCodec.mask(session.target()), "AWAY", away), List.of(room));
        }
    }

    /** SETNAME :realname (the setname capability): the new name to us and to members that asked for it. */
    void setname(IrcMessage m) {
        String name = m.param(0);
        if (name == null || name.isEmpty()) {
            handler.reply(codec.numeric("461", session.target(), "SETNAME", "Not enough parameters"));
            return;
        }
        if (IrcMessage.utf8Length(name) > REALNAME_BYTES) {
            handler.reply(IrcMessage.of(codec.server(), "FAIL", "SETNAME", "INVALID_REALNAME", "Realname is too long"));
            return;
        }
        session.realname = name;
        IrcMessage line = IrcMessage.of(IrcCodec.mask(session.target()), "SETNAME", name);
        handler.reply(line);
        tellPeers("setname", line);
    }

    /** Longest real name SETNAME takes. */
    static final int REALNAME_BYTES = 200;

    /** Sends {@code line} once to every IRC connection with {@code cap} that shares a channel with us. */
    private void tellPeers(String cap, IrcMessage line) {
        tellPeers(cap, line, new ArrayList<>(session.user().rooms()));
    }

    private void tellPeers(String cap, IrcMessage line, List<String> rooms) {
        Set<IrcSession> told = Collections.newSetFromMap(new IdentityHashMap<>());
        told.add(session);
        for (String room : rooms) {
            Event.Who w = hub.roomInfo(room);
            if (w == null) {
                continue;
            }
            for (String member : w.members()) {
                for (User c : hub.connectionsOf(member)) {
                    if (c.session() instanceof IrcSession other && other.has(cap) && told.add(other)
                            && other.mailbox() instanceof IrcMailbox box) {
                        box.reply(other, line);
                    }
                }
            }
        }
    }
}
