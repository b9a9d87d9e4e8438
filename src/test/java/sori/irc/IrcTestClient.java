package sori.irc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import sori.server.ChatServer;
import sori.testing.LineClient;

/**
 * An IRC client over a real socket for tests: lines without their CR, expectations as regular expressions.
 * Test classes extend it with their own ways of arriving (capabilities, a channel) and readers (batches).
 */
class IrcTestClient implements AutoCloseable {

    final LineClient c;

    IrcTestClient(ChatServer s) throws IOException {
        c = new LineClient(s.ircAddress());
    }

    IrcTestClient send(String line) throws IOException {
        c.sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** The next line matching {@code regex} (whole line), skipping others. */
    String expect(String regex) {
        Pattern p = Pattern.compile(regex);
        return c.expect(l -> p.matcher(strip(l)).matches()).replaceAll("\r$", "");
    }

    /** The next line, whatever it is. */
    String next() {
        return strip(c.next());
    }

    static String strip(String l) {
        return l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
    }

    /** Registered as {@code nick}, with {@code caps} requested first (none when empty). */
    static IrcTestClient registered(ChatServer s, String nick, String... caps) throws IOException {
        IrcTestClient i = new IrcTestClient(s);
        i.send("CAP LS 302");
        if (caps.length > 0) {
            i.send("CAP REQ :" + String.join(" ", caps));
        }
        i.send("NICK " + nick).send("USER " + nick + " 0 * :Real " + nick).send("CAP END");
        i.expect(":irc\\.test 001 " + nick + " .*");
        i.expect(":irc\\.test 376 " + nick + " .*");
        return i;
    }

    @Override
    public void close() throws IOException {
        c.close();
    }
}
